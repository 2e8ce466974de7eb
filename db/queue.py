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
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, NamedTuple, ParamSpec, TypeVar

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

from db.clock import utcnow
from db.database import Database
from db.estimate import estimate_wait
from db.errors import (
    AuthError,
    CounterOccupied,
    CounterPaused,
    InvalidState,
    NotFound,
    ServiceUnavailable,
    TicketTaken,
    WriteConflict,
)
from db import statements as sql
from db.models import Counter, CounterService, DaySequence, Officer, Service, Ticket, TicketEvent
from db.passwords import verify_password
from db.records import (
    CallRecord,
    CallResult,
    CounterState,
    IssuedTicket,
    OfficerInfo,
    ServiceQueue,
    Snapshot,
    TicketInfo,
)
from db.settings import DEFAULTS
from db.sitetime import business_day, next_opening, opening_state, zone

NOTIFY_CHANNEL = "antrian"

WAITING = sql.WAITING
OPEN_STATES = ("called", "serving")


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


# A session or a bare connection: both run statements with ``execute``.
Executor = Session | Connection


def read_settings(s: Executor) -> dict[str, object]:
    """All site settings: the stored values over the declared defaults."""
    values = dict(DEFAULTS)
    values.update({key: value for key, value in s.execute(sql.ALL_SETTINGS)})
    return values


def site_now(s: Executor, settings: dict[str, object] | None = None) -> tuple[datetime, object, dict[str, object]]:
    """Now (UTC), the site's business day, and the site settings."""
    st = settings if settings is not None else read_settings(s)
    now = utcnow()
    return now, business_day(now, str(st["timezone"]), str(st["day_reset"])), st


def _services(s: Session) -> dict[int, Service]:
    return {svc.id: svc for svc in s.scalars(select(Service))}


_TICKET_FIELDS = (
    "id", "label", "day", "seq", "status", "priority", "issued_at", "queue_time", "called_at",
    "started_at", "finished_at", "recall_count", "source", "transferred_from_id",
)


def _ticket_info(ticket: Mapping[str, Any], svc: Any, counter_number: int | None, officer: str | None) -> TicketInfo:
    """A ticket's columns (a row's mapping or a dict), its service, counter and officer, as the screens see it."""
    return TicketInfo(
        service_code=svc.code, service_name_id=svc.name_id, service_name_en=svc.name_en,
        counter_number=counter_number, officer=officer, **{f: ticket[f] for f in _TICKET_FIELDS},
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
    day: object,
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
    c: Connection,
    kind: str,
    now: datetime,
    day: object,
    ticket: Any,
    counter: Any,
    service_code: str,
    detail: dict[str, object] | None = None,
) -> None:
    """:func:`_record` for the hot paths: ``ticket`` and ``counter`` are rows, not ORM objects."""
    event_id = c.execute(sql.INSERT_EVENT, _event_values(kind, now, day, ticket, counter, detail)).scalar_one()
    if c.dialect.name == "postgresql":
        _announce(c, event_id, kind, ticket.label, service_code, counter.number if counter is not None else None)


def _event_values(kind: str, now: datetime, day: object, ticket: Any, counter: Any, detail: dict[str, object] | None) -> dict[str, object]:
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


def _announce(s: Executor, event_id: int, kind: str, label: str | None, service_code: str | None, counter_number: int | None) -> None:
    """``pg_notify`` inside the transaction: listeners hear of the event once it commits."""
    payload = {"id": event_id, "kind": kind, "label": label, "service": service_code, "counter": counter_number}
    s.execute(sql.NOTIFY, {"channel": NOTIFY_CHANNEL, "payload": json.dumps(payload)})


@contextmanager
def _todays_write(db: Database) -> Iterator[tuple[Connection, datetime, date, dict[str, object]]]:
    """A hot path's write transaction: ``(connection, now, business day, settings)``.

    Tickets left from an earlier business day are expired first, once per day and
    process. The day is remembered only once the transaction has committed: if the
    action fails and rolls back, the expiry is undone too and must run again.
    """
    with db.write_connection() as c:
        now, day, st = site_now(c)
        expiring = getattr(db, "_expired_through", None) != day
        if expiring:
            with Session(bind=c) as s:  # joins this transaction; never commits it
                _expire_stale(s, now, day)
                s.flush()
        yield c, now, day, st
    if expiring:
        db._expired_through = day  # type: ignore[attr-defined]


def _expire_stale(s: Session, now: datetime, day: object) -> None:
    """Close tickets still waiting (or called, never started) from an earlier business day."""
    # Both look-ups stay on small sets: the waiting index, and the counters' current tickets.
    at_counters = select(Counter.current_ticket_id).where(Counter.current_ticket_id.is_not(None))
    stale = [
        *s.scalars(select(Ticket).where(WAITING, Ticket.day < day).with_for_update(skip_locked=True)),
        *s.scalars(
            select(Ticket)
            .where(Ticket.id.in_(at_counters), Ticket.status == "called", Ticket.day < day)
            .with_for_update(skip_locked=True)
        ),
    ]
    for t in stale:
        t.status = "expired"
        t.finished_at = now
        _record(s, "expired", now, day, ticket=t)
    if stale:
        stale_ids = [t.id for t in stale]
        for c in s.scalars(select(Counter).where(Counter.current_ticket_id.in_(stale_ids))):
            c.current_ticket_id = None


def _lock_counter(s: Session, number: int) -> Counter:
    counter = s.scalar(select(Counter).where(Counter.number == number).with_for_update())
    _check_counter(counter, number)
    assert counter is not None
    return counter


def _check_counter(counter: Any, number: int) -> None:
    """A counter row (ORM or plain) must exist and be active."""
    if counter is None:
        raise NotFound(f"counter {number} does not exist")
    if not counter.active:
        raise InvalidState(f"counter {number} is not active")


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


def _close_current(s: Session, counter: Counter, now: datetime, day: object) -> Ticket | None:
    """Finish the visit at the counter, if any (calling next ends the current visit)."""
    t = _current(s, counter)
    counter.current_ticket_id = None
    if t is None or t.status not in OPEN_STATES:
        return None
    t.status = "done"
    t.started_at = t.started_at or t.called_at
    t.finished_at = now
    _record(s, "finished", now, day, ticket=t, counter=counter)
    return t


def _call(s: Session, counter: Counter, t: Ticket, now: datetime, day: object) -> None:
    t.status = "called"
    t.called_at = now
    t.counter_id = counter.id
    t.officer_id = counter.officer_id
    counter.current_ticket_id = t.id
    _record(s, "called", now, day, ticket=t, counter=counter)


def _waiting_query(counter: Counter, day: object):  # type: ignore[no-untyped-def]
    """Waiting tickets for the counter's services, in the order they will be called."""
    order = sql.call_order(
        counter.call_rule == "service_order", Ticket.priority, CounterService.position, Ticket.queue_time, Ticket.id
    )
    return (
        select(Ticket)
        .join(CounterService, (CounterService.service_id == Ticket.service_id) & (CounterService.counter_id == counter.id))
        .where(WAITING, Ticket.day == day)
        .order_by(*order)
    )


def _average_service_min(s: Executor, service: Any, day: object, window: int) -> float:
    """The service's average visit today (its last ``window`` visits), else its target time."""
    dialect = s.dialect.name if isinstance(s, Connection) else s.get_bind().dialect.name
    seconds = s.execute(sql.AVERAGE_SERVICE_S[dialect], {"service_id": service.id, "day": day, "window": window}).scalar()
    if seconds is None:
        return float(service.target_service_min)
    # Whole milliseconds: SQLite's julianday arithmetic is exact only to about 0.1 ms, and
    # an estimate must not flip a minute on that.
    return round(float(seconds), 3) / 60


def _unavailable(svc: Any, local_now: datetime, issued: int) -> tuple[str | None, str | None]:
    if not svc.active:
        return "inactive", None
    is_open, opens_at = opening_state(svc.hours or {}, local_now)
    if not is_open:
        return "closed", opens_at
    if svc.daily_quota is not None and issued >= svc.daily_quota:
        return "quota", None
    return None, None


_REFUSALS = {
    "inactive": "{name} is not available",
    "closed": "{name} is closed now",
    "quota": "{name} has reached today's quota of {quota} tickets",
}


# -- visitors -------------------------------------------------------------------------------


@retried
def issue_ticket(db: Database, service_code: str, *, priority: bool = False, source: str = "kiosk") -> IssuedTicket:
    """Issue the next number of a service, or raise :class:`ServiceUnavailable` with the reason."""
    with _todays_write(db) as (c, now, day, st):
        svc = c.execute(sql.SERVICE_BY_CODE, {"code": service_code}).first()
        if svc is None:
            raise NotFound(f"service '{service_code}' does not exist")
        local_now = now.astimezone(zone(str(st["timezone"])))
        reason, _ = _unavailable(svc, local_now, 0)
        if reason:
            raise ServiceUnavailable(_REFUSALS[reason].format(name=svc.name_en, quota=svc.daily_quota), reason)
        # Takes the next number of the day; the sequence row stays locked until commit.
        seq = int(c.execute(sql.NEXT_NUMBER[c.dialect.name], {"service_id": svc.id, "day": day}).scalar_one())
        if svc.daily_quota is not None and seq > svc.daily_quota:
            raise ServiceUnavailable(_REFUSALS["quota"].format(name=svc.name_en, quota=svc.daily_quota), "quota")
        ticket = _Row(
            service_id=svc.id, day=day, seq=seq, label=f"{svc.code}-{seq:03d}", status="waiting",
            priority=priority, issued_at=now, queue_time=now, called_at=None, started_at=None,
            finished_at=None, counter_id=None, officer_id=None, recall_count=0, source=source,
            transferred_from_id=None,
        )
        ticket["id"] = c.execute(sql.INSERT_TICKET, ticket).scalar_one()
        _note(c, "issued", now, day, ticket, None, svc.code, {"priority": True} if priority else None)
        ahead = {"day": day, "service_id": svc.id, "ticket_id": ticket.id}
        people_ahead, open_counters = c.execute(sql.AHEAD_AND_OPEN_COUNTERS[priority], ahead).one()
        avg = _average_service_min(c, svc, day, int(st["average_window"]))  # type: ignore[call-overload]
        return IssuedTicket(
            ticket=_ticket_info(ticket, svc, None, None),
            people_ahead=people_ahead,
            wait=estimate_wait(people_ahead, avg, open_counters),
            site_name=str(st["site_name"]),
            footer=str(st["ticket_footer"]),
        )


class _Row(dict):  # type: ignore[type-arg]
    """A ticket's columns as a dict that also reads like a row (``t.label``)."""

    __getattr__ = dict.__getitem__


class _ServiceNames(NamedTuple):
    code: str
    name_id: str
    name_en: str


def _service_of(ticket: Mapping[str, Any]) -> _ServiceNames:
    """The service columns a ticket row was read with (``statements.LOCK_TICKET``, ``NEXT_WAITING``)."""
    return _ServiceNames(ticket["service_code"], ticket["service_name_id"], ticket["service_name_en"])


@retried
def cancel(db: Database, ticket_id: int, reason: str | None = None) -> TicketInfo:
    """Cancel a waiting or called ticket (the visitor left)."""
    with db.write() as s:
        now, day, _ = site_now(s)
        # Lock the counter holding the ticket before the ticket itself: every counter action
        # locks counter then ticket, and the opposite order deadlocks with them on PostgreSQL.
        counter = s.scalar(select(Counter).where(Counter.current_ticket_id == ticket_id).with_for_update())
        t = s.scalar(select(Ticket).where(Ticket.id == ticket_id).with_for_update())
        if t is None:
            raise NotFound(f"ticket {ticket_id} does not exist")
        if t.status not in ("waiting", "called"):
            raise InvalidState(f"cannot cancel {t.label}: it is {t.status.replace('_', '-')}")
        t.status = "cancelled"
        t.finished_at = now
        if counter is None:  # called by a counter between the two look-ups
            counter = s.scalar(select(Counter).where(Counter.current_ticket_id == t.id))
        if counter is not None:
            counter.current_ticket_id = None
        _record(s, "cancelled", now, day, ticket=t, detail={"reason": reason} if reason else None)
        return _info(s, t)


# -- counters -------------------------------------------------------------------------------


@retried
def call_next(db: Database, counter_number: int) -> CallResult:
    """Finish the counter's current visit and call the next waiting ticket (None if nobody waits)."""
    with _todays_write(db) as (c, now, day, _):
        counter = c.execute(sql.LOCK_COUNTER, {"number": counter_number}).first()
        _check_counter(counter, counter_number)
        if counter.paused:
            raise CounterPaused(f"counter {counter_number} is paused; resume it to call visitors")
        finished = finished_officer = None
        if counter.current_ticket_id is not None:
            current = c.execute(sql.LOCK_TICKET, {"ticket_id": counter.current_ticket_id}).first()
            if current is not None and current.status in OPEN_STATES:
                c.execute(sql.FINISH_TICKET, {"ticket_id": current.id, "now": now})
                finished = _Row(current._mapping, status="done", started_at=current.started_at or current.called_at, finished_at=now)
                _note(c, "finished", now, day, finished, counter, finished.service_code)
                finished_officer = (
                    counter.officer_name if finished.officer_id == counter.officer_id
                    else c.execute(select(Officer.display_name).where(Officer.id == finished.officer_id)).scalar()
                )
        by_service_order = counter.call_rule == "service_order"
        queue_of = {"counter_id": counter.id, "day": day}
        waiting = None
        if c.dialect.name == "postgresql":
            waiting = c.execute(sql.NEXT_WAITING_HEADS[by_service_order], queue_of).first()
        if waiting is None:
            waiting = c.execute(sql.NEXT_WAITING[by_service_order], queue_of).first()
        called = None
        if waiting is not None:
            c.execute(sql.CALL_TICKET, {"ticket_id": waiting.id, "now": now, "to_counter": counter.id, "by_officer": counter.officer_id})
            called = _Row(waiting._mapping, status="called", called_at=now, counter_id=counter.id, officer_id=counter.officer_id)
            _note(c, "called", now, day, called, counter, called.service_code)
        if counter.current_ticket_id is not None or called is not None:
            c.execute(sql.SET_CURRENT_TICKET, {"counter_id": counter.id, "current": called.id if called else None})
        return CallResult(
            counter_number=counter_number,
            ticket=_ticket_info(called, _service_of(called), counter_number, counter.officer_name) if called else None,
            finished=_ticket_info(finished, _service_of(finished), counter_number, finished_officer) if finished else None,
        )


@retried
def call_ticket(db: Database, counter_number: int, ticket_id: int) -> CallResult:
    """Call a chosen waiting ticket to the counter, ending the current visit first."""
    with db.write() as s:
        now, day, _ = site_now(s)
        counter = _lock_counter(s, counter_number)
        if counter.paused:
            raise CounterPaused(f"counter {counter_number} is paused; resume it to call visitors")
        t = s.scalar(select(Ticket).where(Ticket.id == ticket_id).with_for_update())
        if t is None:
            raise NotFound(f"ticket {ticket_id} does not exist")
        if t.status != "waiting":
            if t.counter_id is not None and t.status in OPEN_STATES + ("done", "no_show", "transferred"):
                taker = s.scalar(select(Counter.number).where(Counter.id == t.counter_id))
                raise TicketTaken(f"{t.label} was just taken by counter {taker}")
            raise TicketTaken(f"{t.label} is no longer waiting ({t.status.replace('_', '-')})")
        finished = _close_current(s, counter, now, day)
        _call(s, counter, t, now, day)
        services = _services(s)
        return CallResult(counter_number, _info(s, t, services), _info(s, finished, services) if finished else None)


@retried
def recall(db: Database, counter_number: int) -> TicketInfo:
    """Call the counter's current (called, not yet served) ticket again."""
    with db.write() as s:
        now, day, _ = site_now(s)
        counter = _lock_counter(s, counter_number)
        t = _require_current(s, counter, ("called",), "recall")
        t.recall_count += 1
        t.called_at = now
        _record(s, "recalled", now, day, ticket=t, counter=counter, detail={"count": t.recall_count})
        return _info(s, t)


@retried
def start_service(db: Database, counter_number: int) -> TicketInfo:
    """The called visitor arrived: start serving them."""
    with db.write() as s:
        now, day, _ = site_now(s)
        counter = _lock_counter(s, counter_number)
        t = _require_current(s, counter, ("called",), "start serving")
        t.status = "serving"
        t.started_at = now
        _record(s, "started", now, day, ticket=t, counter=counter)
        return _info(s, t)


@retried
def finish(db: Database, counter_number: int) -> TicketInfo:
    """Finish the current visit."""
    with db.write() as s:
        now, day, _ = site_now(s)
        counter = _lock_counter(s, counter_number)
        _require_current(s, counter, OPEN_STATES, "finish")
        t = _close_current(s, counter, now, day)
        assert t is not None
        return _info(s, t)


@retried
def mark_no_show(db: Database, counter_number: int) -> TicketInfo:
    """The called visitor did not come."""
    with db.write() as s:
        now, day, _ = site_now(s)
        counter = _lock_counter(s, counter_number)
        t = _require_current(s, counter, ("called",), "mark as no-show")
        t.status = "no_show"
        t.finished_at = now
        counter.current_ticket_id = None
        _record(s, "no_show", now, day, ticket=t, counter=counter)
        return _info(s, t)


@retried
def transfer(db: Database, counter_number: int, service_code: str) -> TicketInfo:
    """Send the current visitor to another service; they keep their number and their place.

    The current ticket is closed as ``transferred`` and a new waiting ticket with the same
    label joins the target service's queue at the original issue time.
    """
    with db.write() as s:
        now, day, _ = site_now(s)
        counter = _lock_counter(s, counter_number)
        t = _require_current(s, counter, OPEN_STATES, "transfer")
        target = s.scalar(select(Service).where(Service.code == service_code))
        if target is None:
            raise NotFound(f"service '{service_code}' does not exist")
        if not target.active:
            raise ServiceUnavailable(f"{target.name_en} is not available", "inactive")
        if target.id == t.service_id:
            raise InvalidState(f"{t.label} is already in {target.name_en}")
        t.status = "transferred"
        t.finished_at = now
        t.started_at = t.started_at or t.called_at
        counter.current_ticket_id = None
        # Today's queue (not the original ticket's day): a visit still open when the business
        # day turned would otherwise wait in yesterday's queue, where nobody ever calls it.
        moved = Ticket(
            service_id=target.id, day=day, seq=t.seq, label=t.label, status="waiting",
            priority=t.priority, issued_at=now, queue_time=t.queue_time, source=t.source,
            recall_count=0, transferred_from_id=t.id,
        )
        s.add(moved)
        s.flush()
        _record(s, "transferred", now, day, ticket=t, counter=counter, detail={"to": target.code, "ticket": moved.id})
        _record(s, "requeued", now, day, ticket=moved, detail={"from_ticket": t.id})
        return _info(s, moved)


@retried
def pause_counter(db: Database, counter_number: int, reason: str = "") -> None:
    """Pause a counter: it calls nobody until resumed (the current visit may go on)."""
    with db.write() as s:
        now, day, _ = site_now(s)
        counter = _lock_counter(s, counter_number)
        if counter.paused:
            raise InvalidState(f"counter {counter_number} is already paused")
        counter.paused = True
        counter.pause_reason = reason.strip() or None
        _record(s, "paused", now, day, counter=counter, detail={"reason": reason} if reason else None)


@retried
def resume_counter(db: Database, counter_number: int) -> None:
    """Resume a paused counter."""
    with db.write() as s:
        now, day, _ = site_now(s)
        counter = _lock_counter(s, counter_number)
        if not counter.paused:
            raise InvalidState(f"counter {counter_number} is not paused")
        counter.paused = False
        counter.pause_reason = None
        _record(s, "resumed", now, day, counter=counter)


@retried
def sign_in(db: Database, counter_number: int, username: str, password: str, *, take_over: bool = False) -> OfficerInfo:
    """Check an officer's password and seat them at a counter.

    Raises :class:`CounterOccupied` when another officer is signed in there and
    ``take_over`` is not set.
    """
    with db.write() as s:
        now, day, _ = site_now(s)
        officer = s.scalar(select(Officer).where(Officer.username == username.strip()))
        if officer is None or not officer.active or not verify_password(password, officer.password_hash):
            raise AuthError("wrong username or password")
        counter = _lock_counter(s, counter_number)
        if counter.officer_id not in (None, officer.id) and not take_over:
            other = s.get(Officer, counter.officer_id)
            name = other.display_name if other else "another officer"
            raise CounterOccupied(f"{name} is signed in at counter {counter_number}", name)
        counter.officer_id = officer.id
        _record(s, "signed_in", now, day, counter=counter, detail={"officer": officer.username})
        return OfficerInfo(officer.id, officer.username, officer.display_name, officer.role, officer.active)


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
    """:func:`queue_snapshot` inside the caller's read transaction."""
    now, day, st = site_now(s)
    services = sorted(_services(s).values(), key=lambda v: (v.sort_order, v.code))
    by_id = {v.id: v for v in services}
    waiting = dict(
        s.execute(
            select(Ticket.service_id, func.count()).where(WAITING, Ticket.day == day).group_by(Ticket.service_id)
        ).all()
    )
    issued = dict(s.execute(select(DaySequence.service_id, DaySequence.last_seq).where(DaySequence.day == day)).all())
    officers = dict(s.execute(select(Officer.id, Officer.display_name)).all())
    counters = s.scalars(select(Counter).order_by(Counter.number)).all()
    served_by: dict[int, list[int]] = {}
    counter_states = []
    for c in counters:
        codes = tuple(by_id[cs.service_id].code for cs in c.services)
        if c.active and not c.paused and c.officer_id is not None:
            for cs in c.services:
                served_by.setdefault(cs.service_id, []).append(c.number)
        cur = s.get(Ticket, c.current_ticket_id) if c.current_ticket_id else None
        counter_states.append(
            CounterState(
                number=c.number, name=c.name, active=c.active, paused=c.paused,
                pause_reason=c.pause_reason, officer=officers.get(c.officer_id) if c.officer_id else None,
                service_codes=codes, current=_info(s, cur, by_id) if cur else None,
            )
        )
    local_now = now.astimezone(zone(str(st["timezone"])))
    window = int(st["average_window"])  # type: ignore[call-overload]
    heads = _next_labels(s, day)
    queues = []
    for v in services:
        reason, opens_at = _unavailable(v, local_now, issued.get(v.id, 0))
        n = waiting.get(v.id, 0)
        avg = _average_service_min(s, v, day, window) if n else float(v.target_service_min)
        queues.append(
            ServiceQueue(
                code=v.code, name_id=v.name_id, name_en=v.name_en, description_id=v.description_id,
                description_en=v.description_en, colour=v.colour, active=v.active, waiting=n,
                wait=estimate_wait(n, avg, len(served_by.get(v.id, []))),
                issued_today=issued.get(v.id, 0), daily_quota=v.daily_quota,
                target_wait_min=v.target_wait_min, target_service_min=v.target_service_min,
                unavailable_reason=reason, opens_at=opens_at, next_labels=heads.get(v.id, ()),
                opens_next=next_opening(v.hours or {}, local_now) if reason == "closed" else None,
            )
        )
    limit = last_calls if last_calls is not None else int(st["recent_calls"])  # type: ignore[call-overload]
    numbers = {c.id: (c.number, c.name) for c in counters}
    calls = s.execute(
        select(TicketEvent.id, TicketEvent.label, TicketEvent.service_id, TicketEvent.counter_id, TicketEvent.kind, TicketEvent.at)
        .where(TicketEvent.day == day, TicketEvent.kind.in_(("called", "recalled")))
        .order_by(TicketEvent.id.desc())
        .limit(limit)
    ).all()
    recent = tuple(
        CallRecord(
            event_id=i, label=label or "", service_code=by_id[sid].code if sid in by_id else "",
            counter_number=numbers.get(cid, (0, ""))[0], counter_name=numbers.get(cid, (0, ""))[1],
            kind=kind, at=at,
        )
        for i, label, sid, cid, kind, at in calls
    )
    last_event = s.scalar(select(func.max(TicketEvent.id))) or 0
    return Snapshot(
        day=day, taken_at=now, site_name=str(st["site_name"]), counters=tuple(counter_states),
        recent_calls=recent, services=tuple(queues), last_event_id=last_event, settings=st,
    )


#: How many of the next numbers per service the snapshot lists (the board shows them).
NEXT_LABELS = 3


def _next_labels(s: Session, day: date, count: int = NEXT_LABELS) -> dict[int, tuple[str, ...]]:
    """Service id → the labels of its first ``count`` waiting tickets, in call order
    (priority first, then queue time), read in one query."""
    rank = func.row_number().over(
        partition_by=Ticket.service_id, order_by=(Ticket.priority.desc(), Ticket.queue_time, Ticket.id)
    ).label("rank")
    ranked = select(Ticket.service_id, Ticket.label, rank).where(WAITING, Ticket.day == day).subquery()
    rows = s.execute(
        select(ranked.c.service_id, ranked.c.label).where(ranked.c.rank <= count)
        .order_by(ranked.c.service_id, ranked.c.rank)
    ).all()
    heads: dict[int, list[str]] = {}
    for service_id, label in rows:
        heads.setdefault(service_id, []).append(label)
    return {k: tuple(v) for k, v in heads.items()}


def waiting_tickets(db: Database, counter_number: int, limit: int = 200) -> list[TicketInfo]:
    """The tickets a counter could call, in the order ``call_next`` would call them."""
    with db.read() as s:
        _, day, _ = site_now(s)
        return read_waiting(s, counter_number, day, limit)


def read_waiting(s: Session, counter_number: int, day: object, limit: int = 200) -> list[TicketInfo]:
    """:func:`waiting_tickets` of business day ``day``, inside the caller's read transaction."""
    counter = s.scalar(select(Counter).where(Counter.number == counter_number))
    if counter is None:
        raise NotFound(f"counter {counter_number} does not exist")
    services = _services(s)
    return [_info(s, t, services) for t in s.scalars(_waiting_query(counter, day).limit(limit))]


def ticket(db: Database, ticket_id: int) -> TicketInfo:
    """One ticket by id."""
    with db.read() as s:
        t = s.get(Ticket, ticket_id)
        if t is None:
            raise NotFound(f"ticket {ticket_id} does not exist")
        return _info(s, t)
