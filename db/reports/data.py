"""Reading what the reports need, in one read transaction (never the write lock)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Select, String, case, func, select, text, type_coerce
from sqlalchemy.orm import Session

from db.database import Database
from db.models import Booking, Counter, Officer, Service, Ticket, TicketEvent
from db.queue import site_now
from db.reports.definitions import Visit
from db.reports.period import LOOKBACK_DAYS, Filters, Period, ReportError
from db.settings import SiteSettings

if TYPE_CHECKING:
    from db.survey.ikm import IkmResult

#: The events that tell a counter's state (db.reports.idle reads them; a recall or a start
#: changes nothing the call did not).
COUNTER_EVENTS = ("signed_in", "signed_out", "paused", "resumed", "called", "finished", "no_show", "transferred",
                  "cancelled", "expired")
_NEVER = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True)
class ServiceRow:
    """A service as the reports name it."""

    id: int
    code: str
    name_id: str
    name_en: str
    colour: str
    target_wait_min: int
    target_service_min: int

    def name(self, language: str) -> str:
        """The service's name in ``language``."""
        return self.name_en if language == "en" else self.name_id


@dataclass(frozen=True)
class CounterEvent:
    """One event that changes a counter's state."""

    at: datetime
    id: int
    kind: str
    counter_id: int
    officer_id: int | None
    ticket_id: int | None


@dataclass(frozen=True)
class Dataset:
    """Everything one report (or the monthly summary) is computed from."""

    period: Period
    filters: Filters
    settings: SiteSettings
    now: datetime  # when it was read (UTC)
    services: dict[int, ServiceRow]
    counters: dict[int, tuple[int, str]]  # id -> (number, name)
    officers: dict[int, tuple[str, str]]  # id -> (username, display name)
    visits: list[Visit]
    counter_events: list[CounterEvent]  # oldest first, from LOOKBACK_DAYS before the period
    service_id: int | None = None
    counter_id: int | None = None
    officer_id: int | None = None
    ikm: IkmResult | None = None  # the period's IKM, when read with ``survey=True``
    # The period's bookings per service and status (``bookings.status``); None under a counter or
    # officer filter (a booking belongs to no counter until its visitor is called).
    bookings: dict[int, dict[str, int]] | None = None


def load(db: Database, period: Period, filters: Filters | None = None, survey: bool = False) -> Dataset:
    """Read the period's visits and counter events (one read transaction); with ``survey``
    also the period's IKM (``db.survey.ikm``)."""
    filters = filters or Filters()
    with db.read() as s:
        if db.dialect == "postgresql":
            # The per-ticket look-ups make the visits' plan look dear, and PostgreSQL then
            # spends longer compiling it (JIT) than running it.
            s.execute(text("SET LOCAL jit = off"))
        now, _, settings = site_now(s)
        return read(s, period, filters, now, settings, survey)


def read(s: Session, period: Period, filters: Filters, now: datetime, settings: SiteSettings,
         survey: bool = False) -> Dataset:
    """:func:`load` inside the caller's read session."""
    services = {r.id: ServiceRow(r.id, r.code, r.name_id, r.name_en, r.colour, r.target_wait_min, r.target_service_min)
                for r in s.execute(select(Service).order_by(Service.sort_order, Service.code)).scalars()}
    counters = {c.id: (c.number, c.name) for c in s.execute(select(Counter).order_by(Counter.number)).scalars()}
    officers = {o.id: (o.username, o.display_name) for o in s.execute(select(Officer).order_by(Officer.username)).scalars()}
    sid = cid = oid = None
    if filters.service is not None:
        sid = next((i for i, v in services.items() if v.code == filters.service.upper()), None)
        if sid is None:
            raise ReportError(f"there is no service '{filters.service}' (known: {', '.join(v.code for v in services.values())})")
    if filters.counter is not None:
        cid = next((i for i, (n, _) in counters.items() if n == filters.counter), None)
        if cid is None:
            raise ReportError(f"there is no counter {filters.counter}")
    if filters.officer is not None:
        oid = next((i for i, (u, _) in officers.items() if u == filters.officer), None)
        if oid is None:
            raise ReportError(f"there is no officer '{filters.officer}'")
    visits = _visits(s, period, sid, cid, oid)
    events = _counter_events(s, period, cid)
    booked = _bookings(s, period, sid) if cid is None and oid is None else None
    ikm = None
    if survey:
        from db.survey.ikmread import read_results  # imports db.reports: not at the top

        ikm = read_results(s, period, services, sid, cid, oid)
    return Dataset(period, filters, settings, now, services, counters, officers, visits, events, sid, cid, oid, ikm,
                   booked)


def _bookings(s: Session, period: Period, sid: int | None) -> dict[int, dict[str, int]]:
    """The period's bookings counted per service and status (by ``day``: ``ix_booking_day_service``)."""
    q = (select(Booking.service_id, Booking.status, func.count())
         .where(Booking.day >= period.first, Booking.day <= period.last)
         .group_by(Booking.service_id, Booking.status))
    if sid is not None:
        q = q.where(Booking.service_id == sid)
    out: dict[int, dict[str, int]] = {}
    for service_id, status, n in s.execute(q):
        out.setdefault(service_id, {})[status] = int(n)
    return out


def _raw(column: Any) -> Any:
    """A timestamp or date column read as the driver returns it (text on SQLite), converted by
    :func:`_utc` / :func:`_date`: over 20,000 visits the type's own conversion costs a third of the read."""
    return type_coerce(column, String)


def _utc(value: Any) -> datetime | None:
    """A stored UTC timestamp (text on SQLite, naive datetime on PostgreSQL) as an aware datetime."""
    if value is None:
        return None
    if isinstance(value, str):  # with the offset in the text: a fifth of the cost of .replace()
        return datetime.fromisoformat(value + "+00:00")
    return cast(datetime, value).replace(tzinfo=UTC)


def _date(value: Any) -> date:
    """A stored date (text on SQLite) as a date."""
    return date.fromisoformat(value) if isinstance(value, str) else cast(date, value)


def visits_query(period: Period, sid: int | None = None, cid: int | None = None, oid: int | None = None) -> Select[Any]:
    """The period's tickets (found by ``day``: the index ``ix_ticket_day_service_status``) with
    their first call and, if transferred, the ``transferred`` event's detail (it names the target).

    The first call is the ticket's ``called_at`` unless it was recalled (a recall moves
    ``called_at``); then it is the ``called`` event's time. Both events are looked up by
    ``ix_event_ticket`` only for the few tickets that need them: a join would let
    PostgreSQL hash the whole event log."""
    t = Ticket.__table__.c
    e = TicketEvent.__table__.alias("e")
    first_call = (select(func.min(e.c.at)).where(e.c.ticket_id == t.id, e.c.kind == "called")
                  .correlate(Ticket.__table__).scalar_subquery())
    moved = (select(func.max(e.c.detail)).where(e.c.ticket_id == t.id, e.c.kind == "transferred")
             .correlate(Ticket.__table__).scalar_subquery())
    q = (
        select(t.id, t.service_id, _raw(t.day), t.status, t.priority, t.source, t.transferred_from_id,
               _raw(t.queue_time), _raw(t.issued_at),
               _raw(case((t.recall_count > 0, first_call), else_=t.called_at)),
               _raw(t.started_at), _raw(t.finished_at), t.counter_id, t.officer_id, t.recall_count,
               case((t.status == "transferred", moved), else_=None))
        .where(t.day >= period.first, t.day <= period.last)
    )
    return cast("Select[Any]", narrowed(q, t, sid, cid, oid))


def narrowed(q: Any, c: Any, sid: int | None, cid: int | None, oid: int | None) -> Any:
    """``q`` kept to one service, counter and officer where given: the reports' filters, one rule
    for every table with ``service_id``, ``counter_id`` and ``officer_id`` columns (``c``)."""
    for column, value in ((c.service_id, sid), (c.counter_id, cid), (c.officer_id, oid)):
        if value is not None:
            q = q.where(column == value)
    return q


def _visits(s: Session, period: Period, sid: int | None, cid: int | None, oid: int | None) -> list[Visit]:
    """The period's visits (:func:`visits_query`)."""
    codes = {code: i for i, code in s.execute(select(Service.id, Service.code))}
    visits: list[Visit] = []
    for r in s.connection().execute(visits_query(period, sid, cid, oid)).all():
        (tid, service_id, day, status, priority, source, from_id, queue_time, issued_at, first_call, started,
         finished, counter_id, officer_id, recalls, detail) = r
        entry = _utc(queue_time)
        assert entry is not None
        visits.append(Visit(tid, service_id, _date(day), status, bool(priority), source, from_id is not None, entry,
                            _utc(issued_at) or entry, _utc(first_call), _utc(started), _utc(finished), counter_id,
                            officer_id, recalls, _target(detail, codes)))
    return visits


def _target(detail: str | None, codes: dict[str, int]) -> int | None:
    """The target service of a ``transferred`` event's detail (``{"to": "B", ...}``)."""
    if not detail:
        return None
    data: Any = json.loads(detail)
    return codes.get(str(data.get("to"))) if isinstance(data, dict) else None


def counter_events_query(period: Period, cid: int | None = None) -> Select[Any]:
    """Counter-state events from LOOKBACK_DAYS before the period to its end, oldest first
    (found by ``day`` and ``kind``: the index ``ix_event_day_kind``)."""
    e = TicketEvent.__table__.c
    q = (
        select(_raw(e.at), e.id, e.kind, e.counter_id, e.officer_id, e.ticket_id)
        .where(e.day >= period.first - timedelta(days=LOOKBACK_DAYS), e.day <= period.last,
               e.kind.in_(COUNTER_EVENTS), e.counter_id.is_not(None))
        .order_by(e.at, e.id)
    )
    if cid is not None:
        q = q.where(e.counter_id == cid)
    return cast("Select[Any]", q)


def _counter_events(s: Session, period: Period, cid: int | None) -> list[CounterEvent]:
    """The counter-state events of :func:`counter_events_query`."""
    return [CounterEvent(_utc(at) or _NEVER, i, kind, counter, officer, ticket)
            for at, i, kind, counter, officer, ticket in s.connection().execute(counter_events_query(period, cid)).all()
            if counter is not None]
