"""The supervisor's actions on the floor: each one write transaction, role-checked, audited.

Every action takes the acting :class:`db.roles.Actor` and, inside its own transaction,
first checks it (:func:`db.roles.require`: a supervisor or administrator with a live
console session), then refuses with a sentence fit to show (an
:class:`db.errors.AntrianError`) when it does not apply, then changes what it must,
writes the ticket event (``db.queue``'s helpers, so screens and reports see it like a
counter's) or announces a data change, and appends one audit entry with before → after.
All of it commits together or not at all.

Rows that several people change at once are locked first (the ticket, the counter, the
service's row of the day): on PostgreSQL a second supervisor waits for the first and
then sees the first one's change, so the audit log's ``before`` is always what was there.
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from db import audit, roles, validation
from db import statements as sql
from db.database import Database
from db.errors import EditConflict, InvalidState, NotFound, ServiceUnavailable
from db.feed import announce_data_changed
from db.models import AuditEntry, Counter, Officer, Service, ServiceDay, Ticket
from db.queue import (
    _cancel,
    _info,
    _lock_counter,
    _pause,
    _record,
    _requeue,
    _require_officer,
    _resume,
    _transfer_target,
    retried,
    site_now,
)
from db.records import TicketInfo, TicketStatus
from db.roles import Actor
from db.settings import coerce, store

#: What a supervisor may bring back into the queue.
REACTIVATABLE = (TicketStatus.NO_SHOW, TicketStatus.CANCELLED)
#: How many tickets a search returns at most.
FIND_LIMIT = 50
CANCEL_REASON_MAX = 200

# "A-7", "a7", "A007", "A 7", "7": an optional service code, then the number.
_NUMBER = re.compile(r"^\s*([A-Za-z]{0,3})\s*-?\s*(\d{1,6})\s*$")


def _by(actor: Actor) -> dict[str, object]:
    """What a ticket event records of the supervisor who acted."""
    return {"by": actor.username}


def _status(value: str) -> str:
    return value.replace("_", "-")


def _ticket_state(t: Ticket) -> dict[str, object]:
    """A ticket as the audit log keeps it (before → after)."""
    return {"label": t.label, "status": str(t.status), "priority": bool(t.priority)}


def _lock_ticket(s: Session, ticket_id: int, day: date) -> Ticket:
    """Today's ticket ``ticket_id``, locked; refused if unknown or of another day."""
    t = s.scalar(select(Ticket).where(Ticket.id == ticket_id).with_for_update())
    if t is None:
        raise NotFound(f"ticket {ticket_id} does not exist")
    if t.day != day:
        raise InvalidState(f"{t.label} is not one of today's tickets")
    return t


def _lock_waiting(s: Session, ticket_id: int, day: date, doing: str) -> Ticket:
    """Today's waiting ticket ``ticket_id``, locked; refused ("cannot ``doing`` A-001: it is …,
    not waiting") if it is not waiting."""
    t = _lock_ticket(s, ticket_id, day)
    if t.status != TicketStatus.WAITING:
        raise InvalidState(f"cannot {doing} {t.label}: it is {_status(t.status)}, not waiting")
    return t


# -- tickets ----------------------------------------------------------------------------------


def find_tickets(db: Database, actor: Actor, text: str) -> list[TicketInfo]:
    """Today's tickets whose number is ``text``: ``"A-7"``, ``"a7"``, ``"A007"`` (that
    service's number 7) or ``"7"`` (number 7 of every service), oldest first.

    A number a counter sent on to another service is found in both (the closed one and
    the one waiting). Text that is no ticket number finds nothing.
    """
    match = _NUMBER.match(text or "")
    with db.read() as s:
        roles.require(s, actor)
        if match is None:
            return []
        _, day, _ = site_now(s)
        code, number = match.group(1).upper(), int(match.group(2))
        wanted = Ticket.label == f"{code}-{number:03d}" if code else Ticket.seq == number
        query = select(Ticket).where(Ticket.day == day, wanted).order_by(Ticket.id).limit(FIND_LIMIT)
        services = {v.id: v for v in s.scalars(select(Service))}
        return [_info(s, t, services) for t in s.scalars(query)]


@retried
def reactivate(db: Database, actor: Actor, ticket_id: int) -> TicketInfo:
    """Bring a no-show or cancelled ticket of today back into its queue at its original
    place (its queue time): it waits again and the next call of its service may take it."""
    with db.write() as s:
        roles.require(s, actor)
        now, day, _ = site_now(s)
        t = _lock_ticket(s, ticket_id, day)
        if t.status not in REACTIVATABLE:
            raise InvalidState(f"cannot reactivate {t.label}: it is {_status(t.status)}, not a no-show or cancelled")
        svc = s.get(Service, t.service_id)
        assert svc is not None
        if not svc.active:
            raise ServiceUnavailable(f"cannot reactivate {t.label}: {svc.name_en} is not available", "inactive")
        before = _ticket_state(t)
        t.status = TicketStatus.WAITING
        t.called_at = t.started_at = t.finished_at = None
        t.counter_id = t.officer_id = None
        _record(s, "reactivated", now, day, ticket=t, detail={"from": before["status"], **_by(actor)})
        audit.record(s, actor, "ticket_reactivated", t.label, before, _ticket_state(t))
        return _info(s, t)


@retried
def move(db: Database, actor: Actor, ticket_id: int, service_code: str) -> TicketInfo:
    """Move a waiting ticket of today to another (active) service: it keeps its place (queue
    time) and priority and gets the new service's next number (so it counts as issued
    there today, even past its quota: the visitor is already inside); the new ticket is
    returned.

    Done as a counter's transfer is (``queue._requeue``): the old ticket is closed as
    transferred and a new one waits, both with their events.
    """
    with db.write() as s:
        roles.require(s, actor)
        now, day, _ = site_now(s)
        t = _lock_waiting(s, ticket_id, day, "move")
        target = _transfer_target(s, t, service_code)
        old_code = s.scalar(select(Service.code).where(Service.id == t.service_id))
        moved = _requeue(s, t, target, now, day, None, renumber=True, detail=_by(actor))
        audit.record(s, actor, "ticket_moved", t.label, {"label": t.label, "service": old_code},
                     {"label": moved.label, "service": target.code})
        return _info(s, moved)


@retried
def cancel(db: Database, actor: Actor, ticket_id: int, reason: str = "") -> TicketInfo:
    """Cancel an open ticket (waiting, or called to a counter) of today; ``reason`` is kept
    in its event. A visit being served is finished at its counter, not cancelled."""
    reason = validation.text("the reason", reason, CANCEL_REASON_MAX).strip()
    with db.write() as s:
        roles.require(s, actor)
        now, day, _ = site_now(s)
        # queue._cancel locks the counter holding the ticket before the ticket (the counters' order).
        t, was = _cancel(s, ticket_id, now, day, reason or None, _by(actor), today_only=True)
        before = {**_ticket_state(t), "status": str(was)}
        audit.record(s, actor, "ticket_cancelled", t.label, before, {**_ticket_state(t), "reason": reason})
        return _info(s, t)


@retried
def set_priority(db: Database, actor: Actor, ticket_id: int, priority: bool) -> TicketInfo:
    """Make a waiting ticket of today a priority one (elderly, disabled, pregnant), or an
    ordinary one again: counters call priority tickets first."""
    with db.write() as s:
        roles.require(s, actor)
        now, day, _ = site_now(s)
        t = _lock_waiting(s, ticket_id, day, "change the priority of")
        if bool(t.priority) == priority:
            raise InvalidState(f"{t.label} is {'already' if priority else 'not'} a priority ticket")
        before = _ticket_state(t)
        t.priority = priority
        _record(s, "priority", now, day, ticket=t, detail={"priority": priority, **_by(actor)})
        audit.record(s, actor, "ticket_priority", t.label, before, _ticket_state(t))
        return _info(s, t)


# -- counters ---------------------------------------------------------------------------------


def _counter_state(c: Counter) -> dict[str, object]:
    return {"paused": bool(c.paused), "reason": c.pause_reason}


@retried
def pause_counter(db: Database, actor: Actor, number: int, reason: str) -> None:
    """Pause a counter with an officer signed in (refused while a visitor is called or served
    there, as the officer's own pause is): it calls nobody until resumed."""
    validation.pause_reason(reason)
    with db.write() as s:
        roles.require(s, actor)
        now, day, _ = site_now(s)
        counter = _lock_counter(s, number)
        _require_officer(counter)
        before = _counter_state(counter)
        _pause(s, counter, reason, now, day, _by(actor))
        audit.record(s, actor, "counter_paused", str(number), before, _counter_state(counter))


@retried
def resume_counter(db: Database, actor: Actor, number: int) -> None:
    """Resume a paused counter that has an officer signed in."""
    with db.write() as s:
        roles.require(s, actor)
        now, day, _ = site_now(s)
        counter = _lock_counter(s, number)
        _require_officer(counter)
        before = _counter_state(counter)
        _resume(s, counter, now, day, _by(actor))
        audit.record(s, actor, "counter_resumed", str(number), before, _counter_state(counter))


@retried
def sign_officer_out(db: Database, actor: Actor, number: int) -> None:
    """Sign out the officer at a counter (one who left without signing out). A visit open
    there stays at the counter for whoever signs in next."""
    with db.write() as s:
        roles.require(s, actor)
        now, day, _ = site_now(s)
        counter = _lock_counter(s, number)
        _require_officer(counter)
        who = s.get(Officer, counter.officer_id)
        name = who.username if who is not None else ""
        _record(s, "signed_out", now, day, counter=counter, detail=_by(actor))
        counter.officer_id = None
        audit.record(s, actor, "officer_signed_out", str(number), {"officer": name}, {"officer": None})


# -- services today ---------------------------------------------------------------------------


def _lock_service_day(s: Session, code: str, day: date) -> tuple[Service, ServiceDay]:
    """The service ``code`` and its row for business day ``day``, created if missing and
    locked: a second supervisor changing the same service waits, then sees this change."""
    svc = s.scalar(select(Service).where(Service.code == code))
    if svc is None:
        raise NotFound(f"service '{code}' does not exist")
    insert = postgresql.insert if s.get_bind().dialect.name == "postgresql" else sqlite.insert
    s.execute(insert(ServiceDay).values(service_id=svc.id, day=day).on_conflict_do_nothing())
    row = s.scalar(
        select(ServiceDay).where(ServiceDay.service_id == svc.id, ServiceDay.day == day)
        .with_for_update().execution_options(populate_existing=True)
    )
    assert row is not None
    return svc, row


def _open_word(value: bool | None) -> str:
    return "its hours" if value is None else ("open" if value else "closed")


class _Unset:
    """No ``expected`` value given: the action does not check what the caller last saw."""


UNSET = _Unset()


def _check_expected(s: Session, what: str, code: str, action: str, current: object, expected: object) -> None:
    """Refuse with :class:`EditConflict` (naming who, from the audit log) when the value is no
    longer what the caller saw (``expected``): another supervisor changed it in between."""
    if isinstance(expected, _Unset) or current == expected:
        return
    by = s.scalar(select(AuditEntry.username).where(AuditEntry.action == action, AuditEntry.target == code)
                  .order_by(AuditEntry.id.desc()).limit(1))
    who = by or "someone else"
    raise EditConflict(f"{who} changed {what} a moment ago; look again and decide", by)


@retried
def set_service_open(db: Database, actor: Actor, code: str, open_now: bool | None, *,
                     expected: bool | None | _Unset = UNSET) -> None:
    """Open (``True``) or close (``False``) a service for the rest of today whatever its
    hours, or (``None``) let its hours decide again. Refused when it already is so (a
    second supervisor sees the first one's change instead of repeating it), and with
    :class:`EditConflict` when ``expected`` (the override the caller saw on the floor) is
    no longer so: the last write never silently undoes another supervisor's."""
    with db.write() as s:
        roles.require(s, actor)
        _, day, _ = site_now(s)
        _set_service_open(s, actor, code, open_now, day, expected)


def _set_service_open(s: Session, actor: Actor, code: str, open_now: bool | None, day: date,
                      expected: bool | None | _Unset = UNSET) -> None:
    """:func:`set_service_open` inside the caller's write transaction (after the role check)."""
    svc, row = _lock_service_day(s, code, day)
    if not svc.active:
        raise ServiceUnavailable(f"{svc.name_en} is not available", "inactive")
    _check_expected(s, f"whether {svc.name_en} is open today", code, "service_open_today", row.open_override, expected)
    if row.open_override == open_now:
        state = "follows its hours" if open_now is None else f"is already {_open_word(open_now)} for today"
        raise InvalidState(f"{svc.name_en} {state}")
    before = {"open": row.open_override}
    row.open_override = open_now
    announce_data_changed(s)
    audit.record(s, actor, "service_open_today", code, before, {"open": open_now})


@retried
def set_today_quota(db: Database, actor: Actor, code: str, quota: int | None, *,
                    expected: int | None | _Unset = UNSET) -> None:
    """Today's quota of a service (``None``: its own daily quota again). A quota below the
    tickets already issued today is refused; so is a change when ``expected`` (today's
    override the caller saw) is no longer so (:class:`EditConflict`)."""
    if quota is not None:
        quota = validation.daily_quota(quota)
    with db.write() as s:
        roles.require(s, actor)
        _, day, _ = site_now(s)
        svc, row = _lock_service_day(s, code, day)
        _check_expected(s, f"today's quota of {svc.name_en}", code, "service_quota_today", row.quota_override, expected)
        if row.quota_override == quota:
            raise InvalidState(f"today's quota of {svc.name_en} is already {_quota_word(quota, svc)}")
        issued = s.scalar(select(sql.DAY_SEQUENCES.c.last_seq).where(
            sql.DAY_SEQUENCES.c.service_id == svc.id, sql.DAY_SEQUENCES.c.day == day)) or 0
        if quota is not None and quota < issued:
            raise InvalidState(f"{svc.name_en} has issued {issued} tickets today: the quota cannot be lower")
        before = {"quota": row.quota_override}
        row.quota_override = quota
        announce_data_changed(s)
        audit.record(s, actor, "service_quota_today", code, before, {"quota": quota})


def _quota_word(quota: int | None, svc: Service) -> str:
    if quota is not None:
        return str(quota)
    return f"its own ({svc.daily_quota})" if svc.daily_quota is not None else "its own (none)"


# -- the notice -------------------------------------------------------------------------------


def set_notice(db: Database, actor: Actor, text_id: str, text_en: str = "") -> None:
    """The message the kiosk (a banner) and the display (before its ticker) show today
    only; ``text_id`` "" clears it. Checked by the settings' rules (``notice_id``, ``notice_en``)."""
    text_id = coerce("notice_id", text_id.strip() if isinstance(text_id, str) else text_id)
    text_en = coerce("notice_en", text_en.strip() if isinstance(text_en, str) else text_en)
    with db.write() as s:
        roles.require(s, actor)
        _, day, st = site_now(s)
        shown = st.notice("id", day)
        before = {"id": shown, "en": st.notice_en if shown else ""}
        after = {"id": text_id, "en": text_en if text_id else ""}
        if before == after:
            raise InvalidState("the notice is already so" if text_id else "there is no notice to clear")
        store(s, "notice_id", after["id"])
        store(s, "notice_en", after["en"])
        store(s, "notice_day", day.isoformat() if text_id else "")
        announce_data_changed(s)
        audit.record(s, actor, "notice_set", "notice", before, after)
