"""The reports' figures as plain dataclasses, computed from a :class:`~db.reports.data.Dataset`.

Each ``*_of(dataset)`` function is pure; ``db.reports`` wraps each one with the read.
Minutes are floats (not rounded: the renderers round for show).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from db.reports import definitions as d
from db.reports.data import Dataset
from db.reports.definitions import Visit
from db.reports.idle import idle_time

if TYPE_CHECKING:
    from db.survey.ikm import IkmResult

K = TypeVar("K")


@dataclass(frozen=True)
class Stats:
    """Count, mean, median, 90th percentile and maximum of some minutes (None when count is 0)."""

    count: int
    mean: float | None
    median: float | None
    p90: float | None
    max: float | None

    @classmethod
    def of(cls, values: list[float]) -> Stats:
        """The statistics of ``values``."""
        return cls(len(values), d.mean(values), d.median(values), d.percentile(values, 90),
                   max(values) if values else None)


@dataclass(frozen=True)
class VolumeRow:
    """Tickets of one service (``service_id`` None: all) on one business day (``day`` None: the period)."""

    day: date | None
    service_id: int | None
    issued: int  # new numbers (kiosk, counter, booking)
    transferred_in: int
    served: int
    no_show: int
    cancelled: int
    transferred_out: int
    expired: int
    open: int  # still waiting or at a counter
    priority: int  # of the issued
    ordinary: int
    kiosk: int
    counter: int
    booking: int

    @property
    def no_show_rate(self) -> float | None:
        """no-shows ÷ (served + no-shows)."""
        return d.no_show_rate(self.served, self.no_show)


@dataclass(frozen=True)
class VolumeReport:
    """Volume per service and day, per service over the period, and the grand total."""

    rows: list[VolumeRow]
    by_service: list[VolumeRow]
    total: VolumeRow


@dataclass(frozen=True)
class TimesRow:
    """Waiting and service time of one service (None: all services)."""

    service_id: int | None
    waiting: Stats
    service: Stats


@dataclass(frozen=True)
class TimesReport:
    """Waiting and service times per service, and over all."""

    rows: list[TimesRow]
    total: TimesRow


@dataclass(frozen=True)
class ComplianceRow:
    """Visits measured against the standard and those that met it (day/service None: all)."""

    day: date | None
    service_id: int | None
    measured: int
    met: int
    target_wait_min: int | None

    @property
    def share(self) -> float | None:
        """met ÷ measured."""
        return d.share(self.met, self.measured)


@dataclass(frozen=True)
class ComplianceReport:
    """Compliance per service per day, per service, per day (all services) and in total."""

    rows: list[ComplianceRow]
    by_service: list[ComplianceRow]
    by_day: list[ComplianceRow]
    total: ComplianceRow


@dataclass(frozen=True)
class ArrivalsReport:
    """New tickets by local hour of issue and weekday of the business day (0 = Monday)."""

    counts: list[list[int]]  # [weekday][hour]
    days_per_weekday: list[int]  # how many of each weekday the period holds

    @property
    def by_hour(self) -> list[int]:
        """Arrivals per hour of the day, all weekdays."""
        return [sum(row[h] for row in self.counts) for h in range(24)]

    @property
    def by_weekday(self) -> list[int]:
        """Arrivals per weekday, all hours."""
        return [sum(row) for row in self.counts]

    @property
    def peak(self) -> tuple[int, int, int] | None:
        """``(weekday, hour, arrivals)`` of the busiest hour, None without arrivals."""
        best = max(((w, h, c) for w, row in enumerate(self.counts) for h, c in enumerate(row)), key=lambda x: x[2])
        return best if best[2] else None


@dataclass(frozen=True)
class StaffRow:
    """One officer's or counter's visits, no-shows, average service time and idle minutes."""

    id: int
    visits: int  # served (done)
    no_shows: int
    service: Stats
    idle_min: float

    @property
    def no_show_rate(self) -> float | None:
        """no-shows ÷ (visits + no-shows)."""
        return d.no_show_rate(self.visits, self.no_shows)


@dataclass(frozen=True)
class StaffReport:
    """Per officer and per counter."""

    officers: list[StaffRow]
    counters: list[StaffRow]


@dataclass(frozen=True)
class RecallRow:
    """Recalls and transfers of one service (None: all)."""

    service_id: int | None
    recalled_visits: int  # visits called more than once
    recalls: int  # calls after the first
    transferred_out: int
    transferred_in: int


@dataclass(frozen=True)
class RecallsReport:
    """Recalls and transfers per service, and the transfers from one service to another."""

    rows: list[RecallRow]
    total: RecallRow
    flows: list[tuple[int, int | None, int]]  # (from service, to service, visits)


@dataclass(frozen=True)
class BookingRow:
    """Booked and walk-in visitors of one service (None: all services) and their waits.

    A visitor counts once: a transfer's new ticket is not a new visitor, and the wait is
    that of the visitor's first ticket, counted from its queue time (a booked visitor's
    booked time, see :func:`db.reports.definitions.waiting_min`). A visitor who came after
    the booking's window got an ordinary ticket and counts as a walk-in.
    """

    service_id: int | None
    booked: int  # new tickets from a booking checked in within its window (source "booking")
    walk_in: int  # the other new tickets (kiosk, counter)
    booked_wait: Stats
    walk_in_wait: Stats

    @property
    def visitors(self) -> int:
        """Booked and walk-in visitors together."""
        return self.booked + self.walk_in

    @property
    def booked_share(self) -> float | None:
        """booked ÷ visitors."""
        return d.share(self.booked, self.visitors)


@dataclass(frozen=True)
class BookingStatusRow:
    """What became of one service's bookings in the period (``service_id`` None: all services),
    by ``bookings.status``."""

    service_id: int | None
    checked_in: int  # came within the check-in window: a booked ticket
    late: int  # came after it: an ordinary ticket
    no_show: int  # never came within the day's window
    cancelled: int
    booked: int  # not come yet (their window is still ahead or open)

    @property
    def total(self) -> int:
        """Every booking of the period."""
        return self.checked_in + self.late + self.no_show + self.cancelled + self.booked

    @property
    def no_show_rate(self) -> float | None:
        """no-shows ÷ (checked in + late + no-shows): of the bookings whose day was kept or missed."""
        return d.share(self.no_show, self.checked_in + self.late + self.no_show)


@dataclass(frozen=True)
class BookingsReport:
    """Booked vs walk-in visitors per service, and over all; and what became of the period's
    bookings (``statuses``/``status_total`` None under a counter or officer filter)."""

    rows: list[BookingRow]
    total: BookingRow
    statuses: list[BookingStatusRow] | None = None
    status_total: BookingStatusRow | None = None


@dataclass(frozen=True)
class Summary:
    """The monthly (or yearly) summary for the head of the unit: every report at once."""

    volume: VolumeReport
    times: TimesReport
    compliance: ComplianceReport
    arrivals: ArrivalsReport
    staff: StaffReport
    recalls: RecallsReport
    bookings: BookingsReport
    ikm: IkmResult | None = None  # the period's IKM (db.survey.ikm), when it was read


# -- computing ------------------------------------------------------------------------------


def _group(visits: Iterable[Visit], key: Callable[[Visit], K]) -> dict[K, list[Visit]]:
    groups: dict[K, list[Visit]] = defaultdict(list)
    for v in visits:
        groups[key(v)].append(v)
    return groups


def _volume_row(day: date | None, service_id: int | None, visits: list[Visit]) -> VolumeRow:
    new = [v for v in visits if not v.transferred_in]
    status: dict[str, int] = defaultdict(int)
    for v in visits:
        status[v.status] += 1
    source: dict[str, int] = defaultdict(int)
    for v in new:
        source[v.source] += 1
    priority = sum(1 for v in new if v.priority)
    return VolumeRow(
        day, service_id, issued=len(new), transferred_in=len(visits) - len(new), served=status[d.DONE],
        no_show=status[d.NO_SHOW], cancelled=status[d.CANCELLED], transferred_out=status[d.TRANSFERRED],
        expired=status[d.EXPIRED], open=status["waiting"] + status["called"] + status["serving"],
        priority=priority, ordinary=len(new) - priority, kiosk=source["kiosk"], counter=source["counter"],
        booking=source["booking"],
    )


def _service_order(ds: Dataset) -> list[int]:
    """Services in the site's order: every service with visits, or the filtered one."""
    used = {v.service_id for v in ds.visits}
    if ds.service_id is not None:
        used.add(ds.service_id)
    return [sid for sid in ds.services if sid in used]


def volume_of(ds: Dataset) -> VolumeReport:
    """Volume per service and day (issued, served, no-show, cancelled, transferred, by kind and source)."""
    order = {sid: i for i, sid in enumerate(ds.services)}
    cells = _group(ds.visits, lambda v: (v.day, v.service_id))
    rows = [_volume_row(day, sid, vs) for (day, sid), vs in sorted(cells.items(), key=lambda kv: (kv[0][0], order[kv[0][1]]))]
    per_service = _group(ds.visits, lambda v: v.service_id)
    by_service = [_volume_row(None, sid, per_service.get(sid, [])) for sid in _service_order(ds)]
    return VolumeReport(rows, by_service, _volume_row(None, None, ds.visits))


def _times_row(service_id: int | None, visits: list[Visit]) -> TimesRow:
    waits = [w for v in visits if (w := d.waiting_min(v)) is not None]
    services = [m for v in visits if (m := d.service_min(v)) is not None]
    return TimesRow(service_id, Stats.of(waits), Stats.of(services))


def times_of(ds: Dataset) -> TimesReport:
    """Waiting and service times per service: average, median, 90th percentile, maximum."""
    per_service = _group(ds.visits, lambda v: v.service_id)
    return TimesReport([_times_row(sid, per_service.get(sid, [])) for sid in _service_order(ds)],
                       _times_row(None, ds.visits))


def _compliance_row(ds: Dataset, day: date | None, service_id: int | None, visits: list[Visit]) -> ComplianceRow:
    measured = met = 0
    for v in visits:
        verdict = d.meets_standard(v, ds.services[v.service_id].target_wait_min)
        if verdict is not None:
            measured += 1
            met += verdict
    target = ds.services[service_id].target_wait_min if service_id is not None else None
    return ComplianceRow(day, service_id, measured, met, target)


def compliance_of(ds: Dataset) -> ComplianceReport:
    """Share of visits that met the service standard, per service per day (and totals)."""
    order = {sid: i for i, sid in enumerate(ds.services)}
    cells = _group(ds.visits, lambda v: (v.day, v.service_id))
    rows = [_compliance_row(ds, day, sid, vs)
            for (day, sid), vs in sorted(cells.items(), key=lambda kv: (kv[0][0], order[kv[0][1]]))]
    per_service = _group(ds.visits, lambda v: v.service_id)
    per_day = _group(ds.visits, lambda v: v.day)
    return ComplianceReport(
        rows,
        [_compliance_row(ds, None, sid, per_service.get(sid, [])) for sid in _service_order(ds)],
        [_compliance_row(ds, day, None, per_day.get(day, [])) for day in ds.period.days if day in per_day],
        _compliance_row(ds, None, None, ds.visits),
    )


def arrivals_of(ds: Dataset) -> ArrivalsReport:
    """New tickets by hour of day (site time) and weekday of the business day."""
    zone = ds.settings.zone
    counts = [[0] * 24 for _ in range(7)]
    for v in ds.visits:
        if not v.transferred_in:
            counts[v.day.weekday()][v.issued_at.astimezone(zone).hour] += 1
    per_weekday = [0] * 7
    for day in ds.period.days:
        per_weekday[day.weekday()] += 1
    return ArrivalsReport(counts, per_weekday)


def _staff_row(key: int, visits: list[Visit], idle: float) -> StaffRow:
    done = [m for v in visits if (m := d.service_min(v)) is not None]
    return StaffRow(key, sum(1 for v in visits if v.status == d.DONE), sum(1 for v in visits if v.status == d.NO_SHOW),
                    Stats.of(done), idle)


def staff_of(ds: Dataset) -> StaffReport:
    """Per officer and per counter: visits served, no-shows, service time, idle time."""
    st = ds.settings
    idle = idle_time(ds.counter_events, ds.period.start_utc(st.zone, st.day_reset),
                     min(ds.period.end_utc(st.zone, st.day_reset), ds.now), ds.officer_id)
    by_officer = _group((v for v in ds.visits if v.officer_id is not None), lambda v: v.officer_id)
    by_counter = _group((v for v in ds.visits if v.counter_id is not None), lambda v: v.counter_id)
    officers = [oid for oid in ds.officers if oid in by_officer or idle.by_officer.get(oid)]
    counters = [cid for cid in ds.counters if cid in by_counter or idle.by_counter.get(cid)]
    return StaffReport(
        [_staff_row(oid, by_officer.get(oid, []), idle.by_officer.get(oid, 0.0)) for oid in officers],
        [_staff_row(cid, by_counter.get(cid, []), idle.by_counter.get(cid, 0.0)) for cid in counters],
    )


def _recall_row(service_id: int | None, visits: list[Visit]) -> RecallRow:
    return RecallRow(service_id, sum(1 for v in visits if v.recall_count), sum(v.recall_count for v in visits),
                     sum(1 for v in visits if v.status == d.TRANSFERRED), sum(1 for v in visits if v.transferred_in))


def recalls_of(ds: Dataset) -> RecallsReport:
    """Recalls and transfers per service, and the transfer flows between services."""
    per_service = _group(ds.visits, lambda v: v.service_id)
    flows: dict[tuple[int, int | None], int] = defaultdict(int)
    for v in ds.visits:
        if v.status == d.TRANSFERRED:
            flows[(v.service_id, v.transferred_to)] += 1
    order = {sid: i for i, sid in enumerate(ds.services)}
    return RecallsReport(
        [_recall_row(sid, per_service.get(sid, [])) for sid in _service_order(ds)],
        _recall_row(None, ds.visits),
        [(a, b, n) for (a, b), n in sorted(flows.items(), key=lambda kv: (order[kv[0][0]], order.get(kv[0][1] or 0, -1)))],
    )


def _booking_row(service_id: int | None, visits: list[Visit]) -> BookingRow:
    booked = [v for v in visits if not v.transferred_in and v.source == d.BOOKING]
    walk_in = [v for v in visits if not v.transferred_in and v.source != d.BOOKING]

    def waits(vs: list[Visit]) -> Stats:
        return Stats.of([w for v in vs if (w := d.waiting_min(v)) is not None])

    return BookingRow(service_id, len(booked), len(walk_in), waits(booked), waits(walk_in))


def _status_row(service_id: int | None, counts: dict[str, int]) -> BookingStatusRow:
    return BookingStatusRow(service_id, counts.get("checked_in", 0), counts.get("late", 0), counts.get("no_show", 0),
                            counts.get("cancelled", 0), counts.get("booked", 0))


def bookings_of(ds: Dataset) -> BookingsReport:
    """Booked vs walk-in visitors per service, with their waits (a booked one's from the booked
    time), and the period's bookings by what became of them."""
    per_service = _group(ds.visits, lambda v: v.service_id)
    rows = [_booking_row(sid, per_service.get(sid, [])) for sid in _service_order(ds)]
    if ds.bookings is None:
        return BookingsReport(rows, _booking_row(None, ds.visits))
    every: dict[str, int] = defaultdict(int)
    for counts in ds.bookings.values():
        for status, n in counts.items():
            every[status] += n
    statuses = [_status_row(sid, ds.bookings[sid]) for sid in ds.services if sid in ds.bookings]
    return BookingsReport(rows, _booking_row(None, ds.visits), statuses, _status_row(None, every))


def summary_of(ds: Dataset) -> Summary:
    """Every report over one dataset."""
    return Summary(volume_of(ds), times_of(ds), compliance_of(ds), arrivals_of(ds), staff_of(ds), recalls_of(ds),
                   bookings_of(ds), ds.ikm)
