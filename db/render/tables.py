"""A report as titled tables of typed cells: what the PDF, XLSX and CSV writers (and a
console preview) all show. Cells hold real values (int, float minutes, a share 0–1, a
date, text, or None for "no value"); the column's kind says how to show them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from db.render.ikmtables import ikm_tables
from db.render.texts import WEEKDAY_SHORT, text
from db.reports import Report
from db.reports.figures import (
    ArrivalsReport,
    BookingRow,
    BookingsReport,
    BookingStatusRow,
    ComplianceReport,
    ComplianceRow,
    RecallRow,
    RecallsReport,
    StaffReport,
    StaffRow,
    Stats,
    Summary,
    TimesReport,
    TimesRow,
    VolumeReport,
    VolumeRow,
)
from db.survey.ikm import IkmResult

#: Column kinds: text, int (a count), min (minutes, one decimal shown), pct (a share 0–1), date,
#: dec (a Decimal already rounded to two places: an IKM or an NRR), code (a short text such as
#: ``U1``: as narrow as its cells in a PDF, where a text column takes a share of the width).
KINDS = ("text", "int", "min", "pct", "date", "dec", "code")


@dataclass(frozen=True)
class Column:
    """One column: its header and what kind of value its cells hold."""

    header: str
    kind: str = "int"


@dataclass
class Table:
    """One titled table; the last ``totals`` rows are totals (shown bold)."""

    key: str
    title: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    totals: int = 0


class _Names:
    """Names of services, counters and officers in one language."""

    def __init__(self, report: Report, language: str) -> None:
        self.r = report
        self.lang = language

    def service(self, sid: int | None) -> str:
        if sid is None:
            return text("all_services", self.lang)
        svc = self.r.services.get(sid)
        return f"{svc.code} – {svc.name(self.lang)}" if svc else text("unknown", self.lang)

    def counter(self, cid: int) -> str:
        number, name = self.r.counters.get(cid, (0, text("unknown", self.lang)))
        return name or str(number)

    def officer(self, oid: int) -> str:
        return self.r.officers.get(oid, ("", text("unknown", self.lang)))[1]


def _cols(language: str, *spec: tuple[str, str]) -> list[Column]:
    return [Column(text(key, language), kind) for key, kind in spec]


def volume_tables(v: VolumeReport, n: _Names, lang: str, per_day: bool = True) -> list[Table]:
    """The volume report: per service, kinds and sources, per day."""
    status = [("issued", "int"), ("transferred_in", "int"), ("served", "int"), ("no_show", "int"),
              ("cancelled", "int"), ("transferred_out", "int"), ("expired", "int"), ("open", "int")]
    kinds = [("issued", "int"), ("priority", "int"), ("ordinary", "int"), ("kiosk", "int"),
             ("counter_source", "int"), ("booking", "int")]

    def counts(r: VolumeRow) -> list[Any]:
        return [r.issued, r.transferred_in, r.served, r.no_show, r.cancelled, r.transferred_out, r.expired, r.open]

    def sources(r: VolumeRow) -> list[Any]:
        return [r.issued, r.priority, r.ordinary, r.kiosk, r.counter, r.booking]

    rows = [*v.by_service, v.total]
    tables = [
        Table("volume_service", text("t_volume_service", lang),
              _cols(lang, ("service", "text"), *status, ("no_show_rate", "pct")),
              [[n.service(r.service_id), *counts(r), r.no_show_rate] for r in rows], totals=1),
        Table("volume_kind", text("t_volume_kind", lang), _cols(lang, ("service", "text"), *kinds),
              [[n.service(r.service_id), *sources(r)] for r in rows], totals=1),
    ]
    if per_day:
        tables.append(Table("volume_day", text("t_volume_day", lang),
                            _cols(lang, ("day", "date"), ("service", "text"), *status, *kinds[1:]),
                            [[r.day, n.service(r.service_id), *counts(r), *sources(r)[1:]] for r in v.rows]))
    return tables


def bookings_tables(b: BookingsReport, n: _Names, lang: str) -> list[Table]:
    """Booked vs walk-in visitors per service, with their average and median waits."""
    def figures(r: BookingRow) -> list[Any]:
        return [r.visitors, r.booked, r.walk_in, r.booked_share, r.booked_wait.mean, r.booked_wait.median,
                r.walk_in_wait.mean, r.walk_in_wait.median]

    return [Table("bookings", text("t_bookings", lang),
                  _cols(lang, ("service", "text"), ("visitors", "int"), ("booking", "int"), ("walk_in", "int"),
                        ("booked_share", "pct"), ("booked_wait_mean", "min"), ("booked_wait_median", "min"),
                        ("walk_in_wait_mean", "min"), ("walk_in_wait_median", "min")),
                  [[n.service(r.service_id), *figures(r)] for r in [*b.rows, b.total]], totals=1),
            *booking_status_tables(b, n, lang)]


def booking_status_tables(b: BookingsReport, n: _Names, lang: str) -> list[Table]:
    """What became of the period's bookings per service (none under a counter or officer filter)."""
    if b.statuses is None or b.status_total is None:
        return []

    def figures(r: BookingStatusRow) -> list[Any]:
        return [r.total, r.checked_in, r.late, r.no_show, r.cancelled, r.booked, r.no_show_rate]

    return [Table("booking_status", text("t_booking_status", lang),
                  _cols(lang, ("service", "text"), ("bookings", "int"), ("b_checked_in", "int"), ("b_late", "int"),
                        ("b_no_show", "int"), ("cancelled", "int"), ("b_booked", "int"), ("b_no_show_rate", "pct")),
                  [[n.service(r.service_id), *figures(r)] for r in [*b.statuses, b.status_total]], totals=1)]


def _stats(s: Stats) -> list[Any]:
    return [s.count, s.mean, s.median, s.p90, s.max]


def times_tables(t: TimesReport, n: _Names, lang: str) -> list[Table]:
    """Waiting and service times per service."""
    stats = [("visits", "int"), ("mean", "min"), ("median", "min"), ("p90", "min"), ("max", "min")]
    rows: list[TimesRow] = [*t.rows, t.total]

    def target(r: TimesRow, attr: str) -> int | None:
        return getattr(n.r.services[r.service_id], attr) if r.service_id is not None else None

    return [
        Table("wait", text("t_wait", lang), _cols(lang, ("service", "text"), *stats, ("target_wait", "int")),
              [[n.service(r.service_id), *_stats(r.waiting), target(r, "target_wait_min")] for r in rows], totals=1),
        Table("service", text("t_service", lang), _cols(lang, ("service", "text"), *stats, ("target_service", "int")),
              [[n.service(r.service_id), *_stats(r.service), target(r, "target_service_min")] for r in rows],
              totals=1),
    ]


def compliance_tables(c: ComplianceReport, n: _Names, lang: str, cells: bool = True) -> list[Table]:
    """Compliance per service, per day and per service per day."""
    share = [("measured", "int"), ("met", "int"), ("share", "pct")]

    def figures(r: ComplianceRow) -> list[Any]:
        return [r.measured, r.met, r.share]

    tables = [
        Table("compliance_service", text("t_compliance_service", lang),
              _cols(lang, ("service", "text"), ("target_wait", "int"), *share),
              [[n.service(r.service_id), r.target_wait_min, *figures(r)] for r in [*c.by_service, c.total]], totals=1),
        Table("compliance_day", text("t_compliance_day", lang), _cols(lang, ("day", "date"), *share),
              [[r.day, *figures(r)] for r in c.by_day]),
    ]
    if cells:
        tables.append(Table("compliance_cells", text("t_compliance_cells", lang),
                            _cols(lang, ("day", "date"), ("service", "text"), *share),
                            [[r.day, n.service(r.service_id), *figures(r)] for r in c.rows]))
    return tables


def arrivals_tables(a: ArrivalsReport, lang: str) -> list[Table]:
    """Arrivals: hours (rows) × weekdays (columns), with totals."""
    by_hour = a.by_hour
    hours = [h for h in range(24) if by_hour[h]]
    cols = [Column(text("hour", lang), "text"), *(Column(w) for w in WEEKDAY_SHORT[lang]), Column(text("total", lang))]
    rows: list[list[Any]] = [[f"{h:02d}.00–{h + 1:02d}.00" if lang == "id" else f"{h:02d}:00–{h + 1:02d}:00",
                              *(a.counts[w][h] for w in range(7)), by_hour[h]] for h in hours]
    rows.append([text("total", lang), *a.by_weekday, sum(by_hour)])
    return [Table("arrivals", text("t_arrivals", lang), cols, rows, totals=1)]


def staff_tables(s: StaffReport, n: _Names, lang: str) -> list[Table]:
    """Per officer and per counter."""
    spec = [("served", "int"), ("no_show", "int"), ("no_show_rate", "pct"), ("avg_service", "min"), ("idle", "min")]

    def figures(r: StaffRow) -> list[Any]:
        return [r.visits, r.no_shows, r.no_show_rate, r.service.mean, r.idle_min]

    return [
        Table("officers", text("t_officers", lang), _cols(lang, ("officer", "text"), *spec),
              [[n.officer(r.id), *figures(r)] for r in s.officers]),
        Table("counters", text("t_counters", lang), _cols(lang, ("counter", "text"), *spec),
              [[n.counter(r.id), *figures(r)] for r in s.counters]),
    ]


def recalls_tables(r: RecallsReport, n: _Names, lang: str) -> list[Table]:
    """Recalls and transfers per service, and the flows between services."""
    def figures(row: RecallRow) -> list[Any]:
        return [row.recalled_visits, row.recalls, row.transferred_out, row.transferred_in]

    return [
        Table("recalls", text("t_recalls", lang),
              _cols(lang, ("service", "text"), ("recalled_visits", "int"), ("n_recalls", "int"),
                    ("transferred_out", "int"), ("transferred_in", "int")),
              [[n.service(row.service_id), *figures(row)] for row in [*r.rows, r.total]], totals=1),
        Table("flows", text("t_flows", lang), _cols(lang, ("from_service", "text"), ("to_service", "text"), ("visits", "int")),
              [[n.service(a), n.service(b) if b is not None else text("unknown", lang), count] for a, b, count in r.flows]),
    ]


def tables(report: Report, language: str = "id", *, compact: bool = False) -> list[Table]:
    """``report`` as tables in ``language``; ``compact`` (the summary PDF) leaves out the
    per-day detail tables that the XLSX keeps."""
    n = _Names(report, language)
    f = report.figures
    if isinstance(f, Summary):
        return [
            *volume_tables(f.volume, n, language, per_day=not compact),
            *bookings_tables(f.bookings, n, language),
            *times_tables(f.times, n, language),
            *compliance_tables(f.compliance, n, language, cells=not compact),
            *arrivals_tables(f.arrivals, language),
            *staff_tables(f.staff, n, language),
            *recalls_tables(f.recalls, n, language),
            *(ikm_tables(f.ikm, n.service, language) if f.ikm is not None and f.ikm.respondents else []),
        ]
    if isinstance(f, IkmResult):
        return ikm_tables(f, n.service, language)
    if isinstance(f, VolumeReport):
        return volume_tables(f, n, language)
    if isinstance(f, TimesReport):
        return times_tables(f, n, language)
    if isinstance(f, ComplianceReport):
        return compliance_tables(f, n, language)
    if isinstance(f, ArrivalsReport):
        return arrivals_tables(f, language)
    if isinstance(f, StaffReport):
        return staff_tables(f, n, language)
    if isinstance(f, RecallsReport):
        return recalls_tables(f, n, language)
    raise TypeError(f"not a report: {type(f).__name__}")


def title(report: Report, language: str = "id") -> str:
    """The report's title: its kind, or for the summary whether it covers a month or a year."""
    if report.kind == "summary" and report.period.kind in ("month", "year"):
        return text(f"summary_{report.period.kind}", language)
    return text(report.kind, language)


def definitions(report: Report, language: str = "id") -> str:
    """The definitions the report's figures follow: the service standard's, the IKM's, or both."""
    f = report.figures
    if isinstance(f, IkmResult):
        return text("def_ikm", language)
    if isinstance(f, Summary) and f.ikm is not None and f.ikm.respondents:
        return text("def_text", language) + " " + text("def_ikm", language)
    return text("def_text", language)


def filter_text(report: Report, language: str = "id") -> str:
    """The filters as a heading line (``layanan A, loket 2``), empty when none."""
    return ", ".join(f"{text('f_' + k, language)} {v}" for k, v in report.filters.describe())

