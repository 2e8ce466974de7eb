"""Queue operations: plain functions, each one short transaction, each returning dataclasses.

Concurrency rules (see DESIGN.md):
- SQLite: every write runs in ``BEGIN IMMEDIATE`` (``Database.write``), so writers are
  serialized and a select-then-update cannot hand one ticket to two counters.
- PostgreSQL: the next ticket is claimed with ``FOR UPDATE SKIP LOCKED``; numbers come
  from an upsert on the per-service day row, which row-locks it.
Every change is written to ``ticket_events``; on PostgreSQL it is also sent with
``pg_notify`` inside the same transaction, so listeners hear of it only once committed.
"""

from __future__ import annotations

import functools
import json
import logging
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple, ParamSpec, TypeVar

from sqlalchemy import Connection, Row, select
from sqlalchemy.orm import Session

from db import access, validation
from db import statements as sql
from db.clock import installed_clock, utcnow
from db.database import Database
from db.driver import DriverConnection
from db.errors import (
    CounterOccupied,
    CounterPaused,
    InvalidState,
    LockedOut,
    NotFound,
    NotPermitted,
    NotSignedIn,
    ServiceUnavailable,
    TicketTaken,
    VisitNotStarted,
    WriteConflict,
)
from db.estimate import CounterLoad, OfficeLoad, Queue, ServiceLoad, estimate_wait, estimate_waits
from db.feed import CHANNEL
from db.models import Counter, Officer, Service, Ticket, TicketEvent
from db.records import (
    OPEN_STATES,
    CallRecord,
    CallResult,
    CounterState,
    IssuedTicket,
    OfficerInfo,
    ServiceQueue,
    Snapshot,
    TicketInfo,
    TicketStatus,
)
from db.settings import SiteSettings, from_rows
from db.sitetime import WEEKDAYS, business_day, next_opening, opening_state, parse_hhmm

log = logging.getLogger("antrian.db.queue")

WAITING = sql.WAITING


# -- shared helpers ---------------------------------------------------------------------------

P = ParamSpec("P")
R = TypeVar("R")
CONFLICT_ATTEMPTS = 3


def retried(op: Callable[P, R]) -> Callable[P, R]:
    """Run a write operation again (whole) when PostgreSQL aborts it as a deadlock victim.

    Two transactions that lock a counter and its ticket in opposite orders (a cancel at
    the kiosk while the counter calls next) can deadlock; PostgreSQL aborts one, and that
    one is simply done again. SQLite serializes writers and never gets here.
    """

    @functools.wraps(op)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        for attempt in range(CONFLICT_ATTEMPTS):
            try:
                return op(*args, **kwargs)
            except WriteConflict:
                if attempt == CONFLICT_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    return wrapper


# A session, a bare connection or the driver's (``db.driver``): all run statements with ``execute``.
Executor = Session | Connection | DriverConnection


def read_settings(s: Executor) -> SiteSettings:
    """All site settings: the stored values that pass their rule over the declared defaults."""
    return _settings_of(tuple((key, value) for key, value in s.execute(sql.ALL_SETTINGS)))


# The settings rows last read (key, stored JSON text) and the settings they gave: decoding
# and checking every value again took about a fifth of a ticket's time inside the write
# lock, and the rows change a few times a year.
_last_settings: tuple[tuple[tuple[str, str | None], ...], SiteSettings] | None = None


def _settings_of(rows: tuple[tuple[str, str | None], ...]) -> SiteSettings:
    """:func:`db.settings.from_rows` of ``rows`` (``statements.ALL_SETTINGS``: key order,
    values as JSON text), remembered for the same rows."""
    global _last_settings
    last = _last_settings
    if last is not None and last[0] == rows:
        return last[1]
    st = from_rows([(key, None if stored is None else json.loads(stored)) for key, stored in rows])
    _last_settings = (rows, st)
    return st


def site_settings(db: Database) -> SiteSettings:
    """:func:`read_settings` in one short read of its own (a screen that needs nothing else)."""
    with db.read() as s:
        return read_settings(s)


def _dialect_of(s: Executor) -> str:
    return s.get_bind().dialect.name if isinstance(s, Session) else s.dialect.name


def site_now(s: Executor, settings: SiteSettings | None = None) -> tuple[datetime, date, SiteSettings]:
    """Now (UTC) by the office clock, the site's business day from it, and the site settings.

    On PostgreSQL "now" is the server's, read inside the caller's transaction (folded
    into the settings query): every PC stamps with one clock, so a kiosk whose clock
    runs slow cannot put its visitors ahead of earlier ones. On SQLite (one file on one
    PC) it is the process clock. An installed test clock (``db.clock.set_clock``)
    replaces both; see :mod:`db.clock`.
    """
    if _dialect_of(s) == "postgresql" and installed_clock() is None:
        if settings is None:
            rows = s.execute(sql.SETTINGS_AND_NOW).all()
            st = _settings_of(tuple((key, value) for _, key, value in rows if key is not None))
            server_now = rows[0][0]
        else:
            st, server_now = settings, s.execute(sql.SERVER_NOW).scalar_one()
        now = server_now.astimezone(UTC)
    else:
        st = settings if settings is not None else read_settings(s)
        now = utcnow()
    return now, business_day(now, st.timezone, st.day_reset), st


def _services(s: Session) -> dict[int, Service]:
    return {svc.id: svc for svc in s.scalars(select(Service))}


_TICKET_FIELDS = sql.TICKET_FIELDS


def _ticket_info(ticket: Mapping[Any, Any], svc: Any, counter_number: int | None, officer: str | None) -> TicketInfo:
    """A ticket's columns (a row's mapping or a dict), its service, counter and officer, as the screens see it."""
    fields = {f: ticket[f] for f in _TICKET_FIELDS}
    fields["status"] = TicketStatus(fields["status"])
    return TicketInfo(
        service_code=svc.code, service_name_id=svc.name_id, service_name_en=svc.name_en,
        counter_number=counter_number, officer=officer, **fields,
    )


def _info(s: Session, t: Ticket, services: dict[int, Service] | None = None) -> TicketInfo:
    svc = services[t.service_id] if services else s.get(Service, t.service_id)
    assert svc is not None
    counter_number = s.scalar(select(Counter.number).where(Counter.id == t.counter_id)) if t.counter_id else None
    officer = s.scalar(select(Officer.display_name).where(Officer.id == t.officer_id)) if t.officer_id else None
    return _ticket_info({f: getattr(t, f) for f in _TICKET_FIELDS}, svc, counter_number, officer)


def _record(
    s: Session,
    kind: str,
    now: datetime,
    day: date,
    *,
    ticket: Ticket | None = None,
    counter: Counter | None = None,
    detail: dict[str, object] | None = None,
) -> None:
    """Append one event and, on PostgreSQL, announce it to listeners on commit."""
    event = TicketEvent(**_event_values(kind, now, day, ticket, counter, detail))
    s.add(event)
    s.flush()
    if s.get_bind().dialect.name == "postgresql":
        # Only listeners need the service code; SQLite's feed reads it with the event.
        code = s.scalar(select(Service.code).where(Service.id == ticket.service_id)) if ticket is not None else None
        _announce(s, event.id, kind, event.label, code, counter.number if counter else None)


def _note(
    c: DriverConnection,
    kind: str,
    now: datetime,
    day: date,
    ticket: _TicketRow,
    counter: Row[Any] | None,
    service_code: str,
    detail: dict[str, object] | None = None,
) -> None:
    """:func:`_record` for the hot paths: ``ticket`` and ``counter`` are rows, not ORM objects."""
    event_id = c.execute(sql.INSERT_EVENT, _event_values(kind, now, day, ticket, counter, detail)).scalar_one()
    if c.dialect.name == "postgresql":
        _announce(c, event_id, kind, ticket.label, service_code, counter.number if counter is not None else None)


def _event_values(
    kind: str, now: datetime, day: date, ticket: Ticket | _TicketRow | None, counter: Counter | Row[Any] | None,
    detail: dict[str, object] | None,
) -> dict[str, object]:
    """One event's columns: the counter's officer if a counter acted, else the ticket's."""
    return {
        "ticket_id": ticket.id if ticket is not None else None,
        "kind": kind,
        "at": now,
        "day": day,
        "service_id": ticket.service_id if ticket is not None else None,
        "counter_id": counter.id if counter is not None else (ticket.counter_id if ticket is not None else None),
        "officer_id": counter.officer_id if counter is not None else (ticket.officer_id if ticket is not None else None),
        "label": ticket.label if ticket is not None else None,
        "detail": json.dumps(detail) if detail else None,
    }


def _announce(s: Executor, event_id: int, kind: str, label: str | None, service_code: str | None,
              counter_number: int | None) -> None:
    """``pg_notify`` inside the transaction: listeners hear of the event once it commits."""
    payload = {"id": event_id, "kind": kind, "label": label, "service": service_code, "counter": counter_number}
    s.execute(sql.NOTIFY, {"channel": CHANNEL, "payload": json.dumps(payload)})


# Per open database, the business day this process expired earlier days' tickets through.
_expired_through: weakref.WeakKeyDictionary[Database, date] = weakref.WeakKeyDictionary()


@contextmanager
def _todays_write(db: Database) -> Iterator[tuple[DriverConnection, datetime, date, SiteSettings]]:
    """A hot path's write transaction: ``(connection, now, business day, settings)``.

    The connection runs the prebuilt statements on the driver's cursor (``db.driver``):
    the write lock is held for SQL, not for SQLAlchemy's Python. Tickets left from an
    earlier business day are expired first, once per day and process. The day is
    remembered only once the transaction has committed: if the action fails and rolls
    back, the expiry is undone too and must run again.
    """
    with db.write_connection() as conn:
        c = DriverConnection(conn)
        try:
            now, day, st = site_now(c)
            expiring = _expired_through.get(db) != day
            if expiring:
                with Session(bind=conn) as s:  # joins this transaction; never commits it
                    _expire_stale(s, now, day)
                    s.flush()
            yield c, now, day, st
        finally:
            c.close()
    if expiring:
        _expired_through[db] = day


def _expire_stale(s: Session, now: datetime, day: date) -> None:
    """Close tickets still waiting (or called, never started) from an earlier business day."""
    # Both look-ups stay on small sets: the waiting index, and the counters' current tickets.
    at_counters = select(Counter.current_ticket_id).where(Counter.current_ticket_id.is_not(None))
    stale = [
        *s.scalars(select(Ticket).where(WAITING, Ticket.day < day).with_for_update(skip_locked=True)),
        *s.scalars(
            select(Ticket)
            .where(Ticket.id.in_(at_counters), Ticket.status == TicketStatus.CALLED, Ticket.day < day)
            .with_for_update(skip_locked=True)
        ),
    ]
    for t in stale:
        t.status = TicketStatus.EXPIRED
        t.finished_at = now
        _record(s, "expired", now, day, ticket=t)
    if stale:
        stale_ids = [t.id for t in stale]
        for c in s.scalars(select(Counter).where(Counter.current_ticket_id.in_(stale_ids))):
            c.current_ticket_id = None


def _lock_counter(s: Session, number: int) -> Counter:
    return _check_counter(s.scalar(select(Counter).where(Counter.number == number).with_for_update()), number)


_Counter = TypeVar("_Counter", Counter, Row[Any])


def _check_counter(counter: _Counter | None, number: int) -> _Counter:
    """A counter row (ORM or plain) must exist and be active; it is returned."""
    if counter is None:
        raise NotFound(f"counter {number} does not exist")
    if not counter.active:
        raise InvalidState(f"counter {number} is not active")
    return counter


def _require_officer(counter: Counter | Row[Any], officer_id: int | None = None) -> None:
    """Counter operations need an officer signed in at that counter (ORM or plain row);
    with ``officer_id`` (the counter app passes its officer's), that very officer."""
    if officer_id is not None and counter.officer_id != officer_id:
        raise NotPermitted(f"you are not signed in at counter {counter.number}; sign in there first")
    if counter.officer_id is None:
        raise NotSignedIn(f"nobody is signed in at counter {counter.number}; sign in first")


def _current(s: Session, counter: Counter) -> Ticket | None:
    if counter.current_ticket_id is None:
        return None
    return s.scalar(select(Ticket).where(Ticket.id == counter.current_ticket_id).with_for_update())


def _require_current(s: Session, counter: Counter, states: Sequence[str], action: str) -> Ticket:
    t = _current(s, counter)
    if t is None:
        raise InvalidState(f"counter {counter.number} has no visitor to {action}")
    if t.status not in states:
        raise InvalidState(f"cannot {action} {t.label}: it is {t.status.replace('_', '-')}")
    return t


# How a visit a counter took ended (calling it again is "taken", not "no longer waiting").
CLOSED_AT_COUNTER = (TicketStatus.DONE, TicketStatus.NO_SHOW, TicketStatus.TRANSFERRED)

# How calling next may close a visit that was called but never started.
CLOSE_AS = (TicketStatus.DONE, TicketStatus.NO_SHOW)


def _closing(label: str, status: str, close_as: str | None) -> TicketStatus:
    """How calling closes the counter's open visit: ``"done"`` or ``"no_show"``.

    A visit being served ends as done (one key for the common case). A visit only
    called was never served: without ``close_as`` the call is refused
    (:class:`VisitNotStarted`), so nobody is counted served unless someone chose so.
    """
    if status == TicketStatus.SERVING:
        if close_as == TicketStatus.NO_SHOW:
            raise InvalidState(f"cannot mark as no-show {label}: it is serving")
        return TicketStatus.DONE
    if close_as is None:
        raise VisitNotStarted(
            f"{label} was called but not served yet: close it as done or as a no-show first", label
        )
    return TicketStatus(close_as)


def _check_close_as(close_as: str | None) -> None:
    if close_as is not None and close_as not in CLOSE_AS:
        raise ValueError(f"close_as must be one of {CLOSE_AS}, not {close_as!r}")


def _close_for_call(s: Session, counter: Counter, now: datetime, day: date, close_as: str | None) -> Ticket | None:
    """Close the counter's open visit before calling another one (see :func:`_closing`)."""
    t = _current(s, counter)
    if t is not None and t.status in OPEN_STATES and _closing(t.label, t.status, close_as) == TicketStatus.NO_SHOW:
        _no_show(s, counter, t, now, day)
        return t
    return _close_current(s, counter, now, day)


def _no_show(s: Session, counter: Counter, t: Ticket, now: datetime, day: date) -> None:
    """Close a called ticket as a no-show (:func:`mark_no_show`, or calling next with ``close_as``)."""
    t.status = TicketStatus.NO_SHOW
    t.finished_at = now
    counter.current_ticket_id = None
    _record(s, "no_show", now, day, ticket=t, counter=counter)


def _close_current(s: Session, counter: Counter, now: datetime, day: date) -> Ticket | None:
    """Finish the visit at the counter, if any, as done."""
    t = _current(s, counter)
    counter.current_ticket_id = None
    if t is None or t.status not in OPEN_STATES:
        return None
    t.status = TicketStatus.DONE
    t.started_at = t.started_at or t.called_at
    t.finished_at = now
    _record(s, "finished", now, day, ticket=t, counter=counter)
    return t


def _call(s: Session, counter: Counter, t: Ticket, now: datetime, day: date) -> None:
    t.status = TicketStatus.CALLED
    t.called_at = now
    t.counter_id = counter.id
    t.officer_id = counter.officer_id
    counter.current_ticket_id = t.id
    _record(s, "called", now, day, ticket=t, counter=counter)


class _OfficeRows(NamedTuple):
    """The wait estimator's inputs as read: ``OBSERVED_CALLS``', ``TODAY_QUEUES``' and the counters' rows."""

    observed: Sequence[Any]
    queues: Sequence[Any]
    counters: Sequence[Any]


def _office_rows(c: Executor, now: datetime, day: date, st: SiteSettings, ahead_of: TicketInfo | _TicketRow | None = None,
                 counter_rows: Sequence[Any] | None = None) -> _OfficeRows:
    """Read the wait estimator's inputs with three prebuilt statements (SQL only: the rows are
    turned into an :class:`OfficeLoad` by :func:`_office_from`).

    With ``ahead_of`` (a ticket's slip) only the tickets called before it count as
    waiting (``statements.QUEUES_AHEAD``); ``counter_rows`` are ``statements.COUNTER_LOAD``'s
    rows if the caller has read them already (else the lighter ``COUNTER_LOAD_FOR_ESTIMATE`` is read).
    """
    window = st.average_window
    observed = c.execute(sql.OBSERVED_CALLS[_dialect_of(c)], {"day": day, "window": max(window, 1)}).all()
    since = now - timedelta(minutes=ARRIVAL_WINDOW_MIN)
    if ahead_of is None:
        queues = c.execute(sql.TODAY_QUEUES, {"day": day, "since": since}).all()
    else:
        queues = c.execute(sql.QUEUES_AHEAD, {"day": day, "since": since, "ticket_id": ahead_of.id,
                                              "queue_time": ahead_of.queue_time, "priority": ahead_of.priority}).all()
    counters = counter_rows if counter_rows is not None else c.execute(sql.COUNTER_LOAD_FOR_ESTIMATE).all()
    return _OfficeRows(observed, queues, counters)


def _office_from(rows: _OfficeRows, services: Sequence[Any], now: datetime, st: SiteSettings) -> OfficeLoad:
    """The :class:`OfficeLoad` of the rows :func:`_office_rows` read; ``services`` are the service rows."""
    # Whole milliseconds: SQLite's julianday arithmetic is exact only to about 0.1 ms, and
    # an estimate must not differ between the databases on that.
    observed = {sid: (round(float(secs), 3) / 60, int(n)) for sid, secs, n in rows.observed if secs is not None}
    queues: dict[tuple[int, bool], Queue] = {}
    rates: dict[tuple[int, bool], float] = {}
    for sid, prio, n, oldest, newest, recent in rows.queues:
        key = (sid, bool(prio))
        if n:
            # A queue time ahead of now (another PC's clock) counts as just now.
            queues[key] = Queue(int(n), max(_minutes(now - oldest), 0.0), max(_minutes(now - newest), 0.0))
        rates[key] = int(recent) / ARRIVAL_WINDOW_MIN
    local_now = now.astimezone(st.zone)
    loads = {}
    for v in services:
        obs_min, obs_n = observed.get(v.id, (None, 0))
        loads[v.id] = ServiceLoad(
            target_min=float(v.target_service_min), observed_min=obs_min, observed_n=obs_n,
            waiting=queues.get((v.id, False), Queue()), waiting_priority=queues.get((v.id, True), Queue()),
            arrivals_per_min=rates.get((v.id, False), 0.0), priority_arrivals_per_min=rates.get((v.id, True), 0.0),
            closes_in_min=_closes_in_min(v, local_now),
        )
    counters: dict[int, dict[str, Any]] = {}
    for r in rows.counters:
        entry = counters.setdefault(r.id, {
            "services": [], "by_service_order": r.call_rule == "service_order", "active": bool(r.active),
            "signed_in": r.officer_id is not None, "paused": bool(r.paused), "busy_service": None, "busy_for_min": 0.0,
        })
        if r.service_id is not None and r.service_id in loads:
            entry["services"].append(r.service_id)
        if r.t_service_id is not None and r.t_status in OPEN_STATES and r.t_called_at is not None:
            entry["busy_service"] = r.t_service_id
            entry["busy_for_min"] = max(_minutes(now - r.t_called_at), 0.0)
    return OfficeLoad(
        services=loads,
        counters=tuple(CounterLoad(**{**e, "services": tuple(e["services"])}) for e in counters.values()),
    )


def _office_load(
    c: Executor,
    services: Sequence[Any],
    now: datetime,
    day: date,
    st: SiteSettings,
    counter_rows: Sequence[Any] | None = None,
) -> OfficeLoad:
    """The wait estimator's inputs (``db.estimate``): :func:`_office_rows` then :func:`_office_from`."""
    return _office_from(_office_rows(c, now, day, st, counter_rows=counter_rows), services, now, st)


# New tickets per minute are counted over the last hour, however recently the day began:
# a rush at the door at opening (twenty tickets in five minutes) is not a rate that goes
# on for hours. Over 20 minutes, such a rush starved every service a shared counter lists
# last and promised "3–12 jam"; over the hour bench/estimate.py's figures were no worse
# (check seeds 101-102: within 88.6 % -> 88.9 %, later 9.6 % -> 9.3 %).
ARRIVAL_WINDOW_MIN = 60.0


def _minutes(delta: timedelta) -> float:
    return delta.total_seconds() / 60


def _closes_in_min(svc: Any, local_now: datetime) -> float | None:
    """Minutes until the service stops issuing tickets today (0 when closed now; None: no hours)."""
    hours = svc.hours or {}
    override = svc.open_override
    if override is not None:  # the supervisor's "open/close now" holds for the rest of the day
        return None if override else 0.0
    if not hours:
        return None
    is_open, _ = opening_state(hours, local_now)
    if not is_open:
        return 0.0
    span = hours.get(WEEKDAYS[local_now.weekday()])
    assert span  # open, so today has hours
    end = parse_hhmm(span[1])
    end_at = local_now.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    return max(_minutes(end_at - local_now), 0.0)


def ticket_label(service_code: str, seq: int) -> str:
    """The number a visitor reads: ``A-007``."""
    return f"{service_code}-{seq:03d}"


def service_open(svc: Any, local_now: datetime) -> tuple[bool, str | None]:
    """Whether a service row (read with today's override, ``statements.SERVICES_TODAY`` or
    ``ALL_SERVICES``) takes tickets at ``local_now``, and today's opening time if later.

    Inactive: never. Opened or closed now by the supervisor (``open_override``): so for
    the rest of the business day, whatever its hours. Otherwise its hours decide.
    """
    if not svc.active:
        return False, None
    if svc.open_override is not None:
        return bool(svc.open_override), None
    return opening_state(svc.hours or {}, local_now)


def effective_quota(svc: Any) -> int | None:
    """Today's quota of a service row read with today's override: the override, else its own."""
    return svc.quota_override if svc.quota_override is not None else svc.daily_quota


def _unavailable(svc: Any, local_now: datetime, issued: int) -> tuple[str | None, str | None]:
    if not svc.active:
        return "inactive", None
    is_open, opens_at = service_open(svc, local_now)
    if not is_open:
        return "closed", opens_at
    quota = effective_quota(svc)
    if quota is not None and issued >= quota:
        return "quota", None
    return None, None


def _opens_next(svc: Any, local_now: datetime) -> datetime | None:
    """A closed service's next opening: by its hours, from tomorrow when the supervisor
    closed it for today."""
    if svc.open_override is False:
        tomorrow = datetime.combine(local_now.date() + timedelta(days=1), datetime.min.time(), tzinfo=local_now.tzinfo)
        return next_opening(svc.hours or {}, tomorrow)
    return next_opening(svc.hours or {}, local_now)


_REFUSALS = {
    "inactive": "{name} is not available",
    "closed": "{name} is closed now",
    "quota": "{name} has reached today's quota of {quota} tickets",
}


# -- visitors -------------------------------------------------------------------------------


@retried
def issue_ticket(db: Database, service_code: str, *, priority: bool = False, source: str = "kiosk") -> IssuedTicket:
    """Issue the next number of a service, or raise :class:`ServiceUnavailable` with the reason.

    The write transaction runs only the statements that take the number. The people
    ahead and the wait estimate are read after the commit on SQLite (:meth:`PendingSlip.read`),
    inside the transaction on PostgreSQL (:meth:`PendingSlip.read_within`; see :func:`issue_within`).
    """
    with _todays_write(db) as (c, now, day, st):
        svc = c.execute(sql.SERVICE_TODAY, {"day": day, "code": service_code}).first()  # with today's override
        if svc is None:
            raise NotFound(f"service '{service_code}' does not exist")
        quota = effective_quota(svc)
        reason, _ = _unavailable(svc, now.astimezone(st.zone), 0)
        if reason:
            raise ServiceUnavailable(_REFUSALS[reason].format(name=svc.name_en, quota=quota), reason)
        pending = issue_within(c, now, day, st, None, svc, priority=priority, source=source, quota=quota)
    return pending.read(db)


def issue_within(
    c: DriverConnection, now: datetime, day: date, st: SiteSettings, all_services: Sequence[Any] | None, svc: Any, *,
    priority: bool = False, source: str = "kiosk", quota: int | None = None, queue_time: datetime | None = None,
) -> PendingSlip:
    """Issue the next number of ``svc`` inside the caller's write transaction (``_todays_write``).

    ``svc`` is a ``statements.SERVICE_TODAY`` or ``ALL_SERVICES`` row; ``all_services`` are
    ``ALL_SERVICES``' rows if the caller has read them (else the slip reads them after the
    commit). The caller has checked the service takes tickets. Over ``quota`` (today's) it is refused.
    ``queue_time`` is the ticket's place in the queue (a booking's booked time); by
    default the moment of issue. Shared by :func:`issue_ticket` and the booking check-in
    (``db.booking``), so a checked-in booking and its ticket commit together. The caller
    reads the slip with :meth:`PendingSlip.read` once the transaction has committed.
    """
    # Takes the next number of the day; the sequence row stays locked until commit.
    seq = int(c.execute(sql.NEXT_NUMBER[c.dialect.name], {"service_id": svc.id, "day": day}).scalar_one())
    if quota is not None and seq > quota:
        raise ServiceUnavailable(_REFUSALS["quota"].format(name=svc.name_en, quota=quota), "quota")
    columns: dict[str, Any] = dict(
        service_id=svc.id, day=day, seq=seq, label=ticket_label(svc.code, seq), status=TicketStatus.WAITING,
        priority=priority, issued_at=now, queue_time=queue_time or now, called_at=None, started_at=None,
        finished_at=None, counter_id=None, officer_id=None, recall_count=0, source=source,
        transferred_from_id=None,
    )
    ticket_id = c.execute(sql.INSERT_TICKET, columns).scalar_one()
    ticket = _TicketRow(id=ticket_id, service_code=svc.code, service_name_id=svc.name_id,
                        service_name_en=svc.name_en, **columns)
    _note(c, "issued", now, day, ticket, None, svc.code, {"priority": True} if priority else None)
    pending = PendingSlip(ticket, svc.id, all_services, now, day, st)
    # PostgreSQL has no database-wide write lock (the number's row holds back only this
    # service's issuers), and a second transaction costs it a checkout and round trips:
    # there the slip's rows are read here. SQLite reads them after the commit.
    return pending.read_within(c) if c.dialect.name == "postgresql" else pending


class PendingSlip(NamedTuple):
    """A waiting ticket whose slip is still to be made: the people ahead and the wait.

    Made inside a write transaction (:func:`issue_within`, or a booking's ticket found
    again); :meth:`read` reads what the slip needs once that transaction has committed,
    so SQLite's write lock is never held for it (unless :meth:`read_within` read it in
    the transaction already), and makes the slip.
    """

    ticket: TicketInfo | _TicketRow
    service_id: int
    all_services: Sequence[Any] | None  # statements.ALL_SERVICES' rows if read in the transaction
    now: datetime  # the moment of issue (or of the reprint)
    day: date
    st: SiteSettings
    office_rows: _OfficeRows | None = None  # the estimate's inputs, once read

    def read_within(self, c: DriverConnection) -> PendingSlip:
        """This slip with its rows read on ``c``: every service and the estimate's inputs,
        where only the tickets called before this one count as ahead (``statements.QUEUES_AHEAD``)."""
        services = self.all_services
        if services is None:
            services = c.execute(sql.ALL_SERVICES, {"day": self.day}).all()
        rows = _office_rows(c, self.now, self.day, self.st, ahead_of=self.ticket)
        return self._replace(all_services=services, office_rows=rows)

    def read(self, db: Database) -> IssuedTicket:
        """The slip: its rows from a short read after the commit (unless read already), then the
        people ahead (each priority ticket counts for an ordinary one) and the wait estimate."""
        done = self
        if done.office_rows is None:
            with db.read_connection() as conn:
                c = DriverConnection(conn)
                try:
                    done = self.read_within(c)
                finally:
                    c.close()
        assert done.office_rows is not None and done.all_services is not None
        info = self.ticket if isinstance(self.ticket, TicketInfo) else self.ticket.info(None, None)
        office = _office_from(done.office_rows, done.all_services, self.now, self.st)
        own = office.services[self.service_id]
        return IssuedTicket(
            ticket=info,
            people_ahead=own.waiting_priority.count + (0 if info.priority else own.waiting.count),
            wait=estimate_wait(office, self.service_id, priority=info.priority),
            site_name=self.st.site_name,
            footer=self.st.ticket_footer,
        )


class _TicketRow(NamedTuple):
    """A ticket's columns with its service's code and names, on the hot paths.

    Read with ``statements.LOCK_TICKET`` or ``NEXT_WAITING`` (see :meth:`of`), or just
    inserted by :func:`issue_ticket`; changed with ``_replace`` as the statement run
    changed the stored row.
    """

    id: int
    service_id: int
    day: date
    seq: int
    label: str
    status: str
    priority: bool
    issued_at: datetime
    queue_time: datetime
    called_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    counter_id: int | None
    officer_id: int | None
    recall_count: int
    source: str
    transferred_from_id: int | None
    service_code: str
    service_name_id: str
    service_name_en: str

    @classmethod
    def of(cls, row: Row[Any], **changes: Any) -> _TicketRow:
        """The ticket in ``row`` (a ticket row read with its service), with ``changes`` made."""
        m = row._asdict()
        return cls(**{f: changes[f] if f in changes else m[f] for f in cls._fields})

    def info(self, counter_number: int | None, officer: str | None) -> TicketInfo:
        """The ticket as the screens see it, at ``counter_number`` with ``officer``."""
        columns = self._asdict()
        return _ticket_info(columns, _service_of(columns), counter_number, officer)


class _ServiceNames(NamedTuple):
    code: str
    name_id: str
    name_en: str


def _service_of(ticket: Mapping[Any, Any]) -> _ServiceNames:
    """The service columns a ticket row was read with (``statements.LOCK_TICKET``, ``NEXT_WAITING``)."""
    return _ServiceNames(ticket["service_code"], ticket["service_name_id"], ticket["service_name_en"])


@retried
def cancel(db: Database, ticket_id: int, reason: str | None = None) -> TicketInfo:
    """Cancel a waiting or called ticket (the visitor left)."""
    with db.write() as s:
        now, day, _ = site_now(s)
        return _info(s, _cancel(s, ticket_id, now, day, reason)[0])


def _cancel(s: Session, ticket_id: int, now: datetime, day: date, reason: str | None,
            detail: dict[str, object] | None = None, *, today_only: bool = False) -> tuple[Ticket, str]:
    """:func:`cancel` inside the caller's write transaction (``detail`` added to the event;
    ``today_only`` refuses a ticket of another business day): the ticket and its status before."""
    # Lock the counter holding the ticket before the ticket itself: every counter action
    # locks counter then ticket, and the opposite order deadlocks with them on PostgreSQL.
    counter = s.scalar(select(Counter).where(Counter.current_ticket_id == ticket_id).with_for_update())
    t = s.scalar(select(Ticket).where(Ticket.id == ticket_id).with_for_update())
    if t is None:
        raise NotFound(f"ticket {ticket_id} does not exist")
    if today_only and t.day != day:
        raise InvalidState(f"{t.label} is not one of today's tickets")
    if t.status not in (TicketStatus.WAITING, TicketStatus.CALLED):
        raise InvalidState(f"cannot cancel {t.label}: it is {t.status.replace('_', '-')}")
    was = t.status
    t.status = TicketStatus.CANCELLED
    t.finished_at = now
    if counter is None:  # called by a counter between the two look-ups
        counter = s.scalar(select(Counter).where(Counter.current_ticket_id == t.id))
    if counter is not None:
        counter.current_ticket_id = None
    _record(s, "cancelled", now, day, ticket=t, detail={**({"reason": reason} if reason else {}), **(detail or {})} or None)
    return t, was


# -- counters -------------------------------------------------------------------------------


@retried
def call_next(db: Database, counter_number: int, *, close_as: str | None = None, officer_id: int | None = None) -> CallResult:
    """Close the counter's current visit and call the next waiting ticket (None if nobody waits).

    A visit being served is closed as done. A visit only called (never started) is
    closed as ``close_as`` (``"done"`` or ``"no_show"``, recorded as :func:`finish` or
    :func:`mark_no_show` would); without it the call is refused with
    :class:`VisitNotStarted`. ``close_as`` is harmless when nobody is at the counter.
    """
    _check_close_as(close_as)
    with _todays_write(db) as (c, now, day, _):
        counter = _check_counter(c.execute(sql.LOCK_COUNTER, {"number": counter_number}).first(), counter_number)
        _require_officer(counter, officer_id)
        if counter.paused:
            raise CounterPaused(f"counter {counter_number} is paused; resume it to call visitors")
        finished: _TicketRow | None = None
        finished_officer = None
        if counter.current_ticket_id is not None:
            current = c.execute(sql.LOCK_TICKET, {"ticket_id": counter.current_ticket_id}).first()
            if current is not None and current.status in OPEN_STATES:
                if _closing(current.label, current.status, close_as) == TicketStatus.NO_SHOW:
                    c.execute(sql.NO_SHOW_TICKET, {"ticket_id": current.id, "now": now})
                    finished = _TicketRow.of(current, status=TicketStatus.NO_SHOW, finished_at=now)
                    _note(c, "no_show", now, day, finished, counter, current.service_code)
                else:
                    c.execute(sql.FINISH_TICKET, {"ticket_id": current.id, "now": now})
                    finished = _TicketRow.of(current, status=TicketStatus.DONE,
                                             started_at=current.started_at or current.called_at, finished_at=now)
                    _note(c, "finished", now, day, finished, counter, finished.service_code)
                finished_officer = (
                    counter.officer_name if finished.officer_id == counter.officer_id
                    else c.execute(sql.OFFICER_NAME, {"officer_id": finished.officer_id}).scalar()
                )
        by_service_order = counter.call_rule == "service_order"
        queue_of = {"counter_id": counter.id, "day": day}
        on_postgresql = c.dialect.name == "postgresql"
        heads = sql.NEXT_WAITING_HEADS if on_postgresql else sql.NEXT_WAITING_FIRSTS
        waiting = c.execute(heads[by_service_order], queue_of).first()
        if waiting is None and on_postgresql:  # empty, or every head held by another caller
            waiting = c.execute(sql.NEXT_WAITING[by_service_order], queue_of).first()
        called: _TicketRow | None = None
        if waiting is not None:
            c.execute(sql.CALL_TICKET, {"ticket_id": waiting.id, "now": now, "to_counter": counter.id,
                                        "by_officer": counter.officer_id})
            called = _TicketRow.of(waiting, status=TicketStatus.CALLED, called_at=now, counter_id=counter.id,
                                   officer_id=counter.officer_id)
            _note(c, "called", now, day, called, counter, called.service_code)
        if counter.current_ticket_id is not None or called is not None:
            c.execute(sql.SET_CURRENT_TICKET, {"counter_id": counter.id, "current": called.id if called else None})
    # The screens' form of the rows, after the commit: nothing of it needs the write lock.
    return CallResult(
        counter_number=counter_number,
        ticket=called.info(counter_number, counter.officer_name) if called else None,
        finished=finished.info(counter_number, finished_officer) if finished else None,
    )


@retried
def call_ticket(db: Database, counter_number: int, ticket_id: int, *, close_as: str | None = None,
                officer_id: int | None = None) -> CallResult:
    """Call a chosen waiting ticket to the counter, closing the current visit first
    (as :func:`call_next` does, with the same ``close_as`` rule)."""
    _check_close_as(close_as)
    with db.write() as s:
        now, day, _ = site_now(s)
        counter = _lock_counter(s, counter_number)
        _require_officer(counter, officer_id)
        if counter.paused:
            raise CounterPaused(f"counter {counter_number} is paused; resume it to call visitors")
        t = s.scalar(select(Ticket).where(Ticket.id == ticket_id).with_for_update())
        if t is None:
            raise NotFound(f"ticket {ticket_id} does not exist")
        if t.status != TicketStatus.WAITING:
            if t.counter_id is not None and t.status in (*OPEN_STATES, *CLOSED_AT_COUNTER):
                taker = s.scalar(select(Counter.number).where(Counter.id == t.counter_id))
                raise TicketTaken(f"{t.label} was just taken by counter {taker}")
            raise TicketTaken(f"{t.label} is no longer waiting ({t.status.replace('_', '-')})")
        finished = _close_for_call(s, counter, now, day, close_as)
        _call(s, counter, t, now, day)
        services = _services(s)
        return CallResult(counter_number, _info(s, t, services), _info(s, finished, services) if finished else None)


@retried
def recall(db: Database, counter_number: int, *, officer_id: int | None = None) -> TicketInfo:
    """Call the counter's current (called, not yet served) ticket again."""
    with db.write() as s:
        now, day, _ = site_now(s)
        counter = _lock_counter(s, counter_number)
        _require_officer(counter, officer_id)
        t = _require_current(s, counter, (TicketStatus.CALLED,), "recall")
        t.recall_count += 1
        t.called_at = now
        _record(s, "recalled", now, day, ticket=t, counter=counter, detail={"count": t.recall_count})
        return _info(s, t)


@retried
def start_service(db: Database, counter_number: int, *, officer_id: int | None = None) -> TicketInfo:
    """The called visitor arrived: start serving them."""
    with db.write() as s:
        now, day, _ = site_now(s)
        counter = _lock_counter(s, counter_number)
        _require_officer(counter, officer_id)
        t = _require_current(s, counter, (TicketStatus.CALLED,), "start serving")
        t.status = TicketStatus.SERVING
        t.started_at = now
        _record(s, "started", now, day, ticket=t, counter=counter)
        return _info(s, t)


@retried
def finish(db: Database, counter_number: int, *, officer_id: int | None = None) -> TicketInfo:
    """Finish the current visit."""
    with db.write() as s:
        now, day, _ = site_now(s)
        counter = _lock_counter(s, counter_number)
        _require_officer(counter, officer_id)
        _require_current(s, counter, OPEN_STATES, "finish")
        t = _close_current(s, counter, now, day)
        assert t is not None
        return _info(s, t)


@retried
def mark_no_show(db: Database, counter_number: int, *, officer_id: int | None = None) -> TicketInfo:
    """The called visitor did not come."""
    with db.write() as s:
        now, day, _ = site_now(s)
        counter = _lock_counter(s, counter_number)
        _require_officer(counter, officer_id)
        t = _require_current(s, counter, (TicketStatus.CALLED,), "mark as no-show")
        _no_show(s, counter, t, now, day)
        return _info(s, t)


@retried
def transfer(db: Database, counter_number: int, service_code: str, *, officer_id: int | None = None) -> TicketInfo:
    """Send the current visitor to another service; they keep their number and their place.

    The current ticket is closed as ``transferred`` and a new waiting ticket with the same
    label joins the target service's queue at the original issue time. A visit from an
    earlier business day (still open when the day turned) gets today's next number of the
    target service instead: its old number may already belong to someone else today. The
    old label stays in the history (the events' detail, ``transferred_from``).
    """
    with db.write() as s:
        now, day, _ = site_now(s)
        counter = _lock_counter(s, counter_number)
        _require_officer(counter, officer_id)
        t = _require_current(s, counter, OPEN_STATES, "transfer")
        target = _transfer_target(s, t, service_code)
        t.started_at = t.started_at or t.called_at
        counter.current_ticket_id = None
        # Today's queue (not the original ticket's day): a visit still open when the business
        # day turned would otherwise wait in yesterday's queue, where nobody ever calls it.
        moved = _requeue(s, t, target, now, day, counter, renumber=t.day != day)
        return _info(s, moved)


def _transfer_target(s: Session, t: Ticket, service_code: str) -> Service:
    """The service a ticket is sent to: it must exist, be active and be another one."""
    target = s.scalar(select(Service).where(Service.code == service_code))
    if target is None:
        raise NotFound(f"service '{service_code}' does not exist")
    if not target.active:
        raise ServiceUnavailable(f"{target.name_en} is not available", "inactive")
    if target.id == t.service_id:
        raise InvalidState(f"{t.label} is already in {target.name_en}")
    return target


def _requeue(s: Session, t: Ticket, target: Service, now: datetime, day: date, counter: Counter | None, *,
             renumber: bool, detail: dict[str, object] | None = None) -> Ticket:
    """Close ``t`` as transferred and queue a new waiting ticket for it in ``target``, today,
    at its original queue time; ``renumber`` gives it ``target``'s next number of today
    (else it keeps its label). Both events are written (``detail`` added to each)."""
    t.status = TicketStatus.TRANSFERRED
    t.finished_at = now
    seq, label = t.seq, t.label
    if renumber:
        seq = int(s.execute(sql.NEXT_NUMBER[s.get_bind().dialect.name], {"service_id": target.id, "day": day}).scalar_one())
        label = ticket_label(target.code, seq)
    moved = Ticket(
        service_id=target.id, day=day, seq=seq, label=label, status=TicketStatus.WAITING,
        priority=t.priority, issued_at=now, queue_time=t.queue_time, source=t.source,
        recall_count=0, transferred_from_id=t.id,
    )
    s.add(moved)
    s.flush()
    extra = {**({"label": label, "from_label": t.label} if label != t.label else {}), **(detail or {})}
    _record(s, "transferred", now, day, ticket=t, counter=counter,
            detail={"to": target.code, "ticket": moved.id, **extra})
    _record(s, "requeued", now, day, ticket=moved, detail={"from_ticket": t.id, **extra})
    return moved


@retried
def pause_counter(db: Database, counter_number: int, reason: str = "", *, officer_id: int | None = None) -> None:
    """Pause a counter: it calls nobody until resumed.

    Refused (:class:`InvalidState` naming the ticket) while a visitor is called or being
    served: the visit is closed first, so a pause never leaves a visitor waiting at a
    counter nobody serves.
    """
    validation.pause_reason(reason)  # checked before the write (db.validation)
    with db.write() as s:
        now, day, _ = site_now(s)
        counter = _lock_counter(s, counter_number)
        _require_officer(counter, officer_id)
        _pause(s, counter, reason, now, day)


def _pause(s: Session, counter: Counter, reason: str, now: datetime, day: date,
           detail: dict[str, object] | None = None) -> None:
    """Pause the locked ``counter`` (see :func:`pause_counter`); ``detail`` is added to the event."""
    if counter.paused:
        raise InvalidState(f"counter {counter.number} is already paused")
    current = _current(s, counter)
    if current is not None and current.status in OPEN_STATES:
        raise InvalidState(f"close {current.label} first: counter {counter.number} cannot pause while it is {current.status}")
    counter.paused = True
    counter.pause_reason = reason.strip() or None
    _record(s, "paused", now, day, counter=counter,
            detail={**({"reason": reason} if reason else {}), **(detail or {})} or None)


@retried
def resume_counter(db: Database, counter_number: int, *, officer_id: int | None = None) -> None:
    """Resume a paused counter."""
    with db.write() as s:
        now, day, _ = site_now(s)
        counter = _lock_counter(s, counter_number)
        _require_officer(counter, officer_id)
        _resume(s, counter, now, day)


def _resume(s: Session, counter: Counter, now: datetime, day: date, detail: dict[str, object] | None = None) -> None:
    """Resume the locked, paused ``counter`` (see :func:`resume_counter`)."""
    if not counter.paused:
        raise InvalidState(f"counter {counter.number} is not paused")
    counter.paused = False
    counter.pause_reason = None
    _record(s, "resumed", now, day, counter=counter, detail=detail)


def sign_in(db: Database, counter_number: int, username: str, password: str, *, take_over: bool = False) -> OfficerInfo:
    """Check an officer's password and seat them at a counter.

    Raises :class:`AuthError` for a wrong password, an unknown or inactive officer (all
    three cost the same time: an unknown username is checked against a dummy hash), and
    :class:`db.errors.LockedOut` for the wrong one that locks the username and for every
    attempt while it is locked (``db.access``).
    Raises :class:`CounterOccupied` when another officer is signed in there and
    ``take_over`` is not set. An officer seated at another counter moves: they are signed
    out there (an officer is where they sign in; refusing would strand them whenever
    the other PC is off). A hash made with a lower scrypt cost is upgraded now.
    """
    name = username.strip()
    subject = access.officer_subject(name)
    stored, locks = _sign_in_attempt(db, counter_number, name, subject)
    upgraded = access.check_password(password, stored, subject, locks)
    assert stored is not None  # else check_password raised
    info, occupied = _seat(db, counter_number, name, subject, stored, upgraded, take_over)
    if occupied is not None:
        raise occupied
    assert info is not None  # _seat returns one of the two
    return info


@retried
def _sign_in_attempt(db: Database, counter_number: int, name: str, subject: str) -> tuple[str | None, LockedOut | None]:
    """Count the attempt (refused while locked out): the officer's hash (None if unknown or
    inactive) and the error to raise if this attempt is wrong and so locked the username."""
    with db.write() as s:
        _check_counter(s.scalar(select(Counter).where(Counter.number == counter_number)), counter_number)
        locks = access.begin_attempt(s, subject)
        return access.officer_hash(s, name), locks


@retried
def _seat(
    db: Database, counter_number: int, name: str, subject: str, stored: str, upgraded: str | None, take_over: bool
) -> tuple[OfficerInfo | None, CounterOccupied | None]:
    """The password was right: clear the failures, upgrade the hash, take the counter.

    A counter held by someone else comes back as the error to raise, after the commit:
    the failures are cleared either way.
    """
    with db.write() as s:
        now, day, _ = site_now(s)
        officer = access.confirm_officer(s, name, subject, stored, upgraded)
        if upgraded is not None:
            log.info("password hash of %s upgraded", officer.username, extra={"event": "password_rehashed"})
        counter = _lock_counter(s, counter_number)
        if counter.officer_id not in (None, officer.id) and not take_over:
            other = s.get(Officer, counter.officer_id)
            who = other.display_name if other else "another officer"
            return None, CounterOccupied(f"{who} is signed in at counter {counter_number}", who)
        for old in s.scalars(
            select(Counter).where(Counter.officer_id == officer.id, Counter.id != counter.id).with_for_update()
        ):
            _record(s, "signed_out", now, day, counter=old, detail={"moved_to": counter_number})
            old.officer_id = None
        if counter.officer_id not in (None, officer.id):
            _record(s, "signed_out", now, day, counter=counter, detail={"taken_over_by": officer.username})
        s.flush()  # the old seats are free before this one is taken (uq_counter_officer)
        counter.officer_id = officer.id
        _record(s, "signed_in", now, day, counter=counter, detail={"officer": officer.username})
        info = OfficerInfo(officer.id, officer.username, officer.display_name, officer.role, officer.active)
    return info, None


@retried
def sign_out(db: Database, counter_number: int, officer_id: int | None = None) -> None:
    """Leave the counter: nobody is signed in there afterwards.

    With ``officer_id`` only that officer is signed out: a window closing just after
    another officer took the counter over must not sign the newcomer out.
    """
    with db.write() as s:
        now, day, _ = site_now(s)
        counter = _lock_counter(s, counter_number)
        if officer_id is not None and counter.officer_id != officer_id:
            return
        if counter.officer_id is not None:
            _record(s, "signed_out", now, day, counter=counter)
        counter.officer_id = None


# -- reading ----------------------------------------------------------------------------------


def queue_snapshot(db: Database, last_calls: int | None = None) -> Snapshot:
    """Everything the screens show, read in one short read transaction."""
    with db.read() as s:
        return read_snapshot(s, last_calls)


def read_snapshot(s: Session, last_calls: int | None = None) -> Snapshot:
    """:func:`queue_snapshot` inside the caller's read transaction.

    A few prebuilt statements whatever the number of counters and tickets (the counter
    window reads this on every change): services with today's numbers, the counters with
    their visits, the wait estimate's inputs, the recent calls and the last event. They
    run on the driver's cursor (``db.driver``), in the session's transaction: the session's
    own execution cost the snapshot a fifth of its time.
    """
    with driver_reads(s) as c:
        return _read_snapshot(c, last_calls)


@contextmanager
def driver_reads(s: Session) -> Iterator[DriverConnection]:
    """``s``'s connection running prebuilt statements on the driver's cursor, in ``s``'s own
    transaction (one moment on PostgreSQL, as the session's reads): for reads a screen
    makes on every change, where the session's execution costs more than the SQL."""
    c = DriverConnection(s.connection())
    try:
        yield c
    finally:
        c.close()


def _read_snapshot(c: DriverConnection, last_calls: int | None) -> Snapshot:
    now, day, st = site_now(c)
    services = c.execute(sql.SERVICES_TODAY, {"day": day}).all()
    codes = {v.id: v.code for v in services}
    counter_rows = c.execute(sql.COUNTER_LOAD).all()
    office = _office_load(c, services, now, day, st, counter_rows)
    counters, numbers = _counter_states(counter_rows, codes)
    queues = _service_queues(services, office, now.astimezone(st.zone), _next_labels(c, day))
    limit = last_calls if last_calls is not None else st.recent_calls
    recent = _recent_calls(c, day, limit, codes, numbers) if limit else ()
    last_event = c.execute(sql.LAST_EVENT_ID).scalar() or 0
    return Snapshot(
        day=day, taken_at=now, site_name=st.site_name, counters=counters,
        recent_calls=recent, services=queues, last_event_id=last_event, settings=st,
    )


def _counter_states(
    counter_rows: Sequence[Any], codes: dict[int, str]
) -> tuple[tuple[CounterState, ...], dict[int, tuple[int, str]]]:
    """Each counter as the screens see it, from ``statements.COUNTER_LOAD``'s rows, and
    counter id → (number, name)."""
    states = []
    numbers: dict[int, tuple[int, str]] = {}
    for rows in _by_counter(counter_rows):
        c = rows[0]
        numbers[c.id] = (c.number, c.name)
        current = None
        if c.t_id is not None:
            m = c._asdict()
            ticket = {f: m["t_" + f] for f in sql.TICKET_FIELDS}
            names = _ServiceNames(m["t_service_code"], m["t_service_name_id"], m["t_service_name_en"])
            current = _ticket_info(ticket, names, m["t_counter_number"], m["t_officer"])
        states.append(
            CounterState(
                number=c.number, name=c.name, active=c.active, paused=c.paused,
                pause_reason=c.pause_reason, officer=c.officer_name if c.officer_id else None,
                service_codes=tuple(codes[r.service_id] for r in rows if r.service_id is not None),
                current=current,
            )
        )
    return tuple(states), numbers


def _service_queues(services: Sequence[Any], office: OfficeLoad, local_now: datetime,
                    heads: dict[int, tuple[str, ...]]) -> tuple[ServiceQueue, ...]:
    """Each service's queue: how many wait, the estimate, and whether a ticket can be taken."""
    queues = []
    waits = estimate_waits(office)
    for v in services:
        issued = v.issued_today or 0
        reason, opens_at = _unavailable(v, local_now, issued)
        load = office.services[v.id]
        queues.append(
            ServiceQueue(
                code=v.code, name_id=v.name_id, name_en=v.name_en, description_id=v.description_id,
                description_en=v.description_en, colour=v.colour, active=v.active,
                waiting=load.waiting.count + load.waiting_priority.count,
                wait=waits[v.id],
                issued_today=issued, daily_quota=effective_quota(v),
                target_wait_min=v.target_wait_min, target_service_min=v.target_service_min,
                unavailable_reason=reason, opens_at=opens_at, next_labels=heads.get(v.id, ()),
                opens_next=_opens_next(v, local_now) if reason == "closed" else None,
            )
        )
    return tuple(queues)


def _recent_calls(s: Executor, day: date, limit: int, codes: dict[int, str],
                  numbers: dict[int, tuple[int, str]]) -> tuple[CallRecord, ...]:
    """The day's last ``limit`` calls and recalls, newest first."""
    rows = s.execute(sql.RECENT_CALLS, {"day": day, "limit": limit}).all()
    calls = []
    for i, label, sid, cid, kind, at in rows:
        number, name = numbers.get(cid, (0, "")) if cid is not None else (0, "")
        code = codes.get(sid, "") if sid is not None else ""
        calls.append(CallRecord(event_id=i, label=label or "", service_code=code, counter_number=number,
                                counter_name=name, kind=kind, at=at))
    return tuple(calls)


def _by_counter(rows: Sequence[Any]) -> list[list[Any]]:
    """``statements.COUNTER_LOAD``'s rows grouped per counter (they come sorted by counter)."""
    groups: list[list[Any]] = []
    for r in rows:
        if groups and groups[-1][0].id == r.id:
            groups[-1].append(r)
        else:
            groups.append([r])
    return groups


#: How many of the next numbers per service the snapshot lists (the board shows them).
NEXT_LABELS = 3


def _next_labels(s: Executor, day: date, count: int = NEXT_LABELS) -> dict[int, tuple[str, ...]]:
    """Service id → the labels of its first ``count`` waiting tickets, in call order
    (priority first, then queue time), read in one query."""
    rows = s.execute(sql.HEADS_IN_CALL_ORDER, {"day": day, "count": count}).all()
    heads: dict[int, list[str]] = {}
    for service_id, label in rows:
        heads.setdefault(service_id, []).append(label)
    return {k: tuple(v) for k, v in heads.items()}


def waiting_tickets(db: Database, counter_number: int, limit: int = 200) -> list[TicketInfo]:
    """The tickets a counter could call, in the order ``call_next`` would call them."""
    with db.read() as s:
        _, day, _ = site_now(s)
        return read_waiting(s, counter_number, day, limit)


def read_waiting(s: Session, counter_number: int, day: date, limit: int = 200) -> list[TicketInfo]:
    """:func:`waiting_tickets` of business day ``day``, inside the caller's read transaction."""
    with driver_reads(s) as c:
        counter = c.execute(sql.COUNTER_BY_NUMBER, {"number": counter_number}).first()
        if counter is None:
            raise NotFound(f"counter {counter_number} does not exist")
        params = {"counter_id": counter.id, "day": day, "limit": limit}
        rows = c.execute(sql.WAITING_LIST[counter.call_rule == "service_order"], params).all()
    tickets = []
    for r in rows:
        m = r._asdict()
        tickets.append(_ticket_info(m, _service_of(m), r.counter_number, r.officer))
    return tickets


def ticket(db: Database, ticket_id: int) -> TicketInfo:
    """One ticket by id."""
    with db.read() as s:
        t = s.get(Ticket, ticket_id)
        if t is None:
            raise NotFound(f"ticket {ticket_id} does not exist")
        return _info(s, t)
