"""The supervisor's actions: each one and its refusal, today's overrides as the kiosk sees
them, roles enforced in the core, and two supervisors changing one service at once."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, text

from db import audit, queue, roles, supervise
from db.clock import FakeClock
from db.database import Database
from db.errors import (
    EditConflict,
    InvalidState,
    NotFound,
    NotPermitted,
    NotSignedIn,
    ServiceUnavailable,
)
from db.models import Service, ServiceDay
from db.records import TicketStatus
from db.roles import Actor
from db.settings import SiteSettings, coerce, from_rows
from db.validation import InvalidValue
from tests.db.dbtools import counter_row, events, officer_id, set_service, tickets, vacate, wib

MONDAY = wib(2026, 3, 2).date()


@pytest.fixture
def sup(db: Database) -> Actor:
    """The sample site's supervisor, signed in to the console."""
    return roles.sign_in(db, "supervisor", "supervisor123")


def _service(db: Database, code: str) -> Any:
    return {q.code: q for q in queue.queue_snapshot(db).services}[code]


def _audit(db: Database, action: str) -> list[tuple[str, str, object, object]]:
    return [(e.username, e.target, e.before, e.after) for e in audit.entries(db, action=action)]


def _detail(db: Database, kind: str) -> list[str | None]:
    return [e["detail"] for e in events(db, kind=kind)]


# -- 2. today's overrides as the queue, the kiosk and the display see them ------------------------


def test_closing_now_refuses_tickets_and_opening_now_beats_the_hours(db: Database, fake_clock: FakeClock,
                                                                     sup: Actor) -> None:
    set_service(db, "A", hours={"mon": ["08:00", "15:00"], "tue": ["08:00", "15:00"]})
    set_service(db, "D", hours={"sat": ["08:00", "12:00"]})  # closed on Mondays
    supervise.set_service_open(db, sup, "A", False)
    with pytest.raises(ServiceUnavailable, match="CAPA Desk is closed now") as info:
        queue.issue_ticket(db, "A")
    assert info.value.reason == "closed"
    a = _service(db, "A")
    assert (a.unavailable_reason, a.opens_at) == ("closed", None)
    assert a.opens_next == wib(2026, 3, 3, 8, 0)  # tomorrow by its hours, not later today
    with pytest.raises(ServiceUnavailable) as info:
        queue.issue_ticket(db, "D")
    assert info.value.reason == "closed"
    supervise.set_service_open(db, sup, "D", True)
    assert queue.issue_ticket(db, "D").ticket.label == "D-001"
    assert _service(db, "D").unavailable_reason is None
    supervise.set_service_open(db, sup, "A", None)  # back to its hours: open at 09:00
    assert queue.issue_ticket(db, "A").ticket.label == "A-001"
    assert _audit(db, "service_open_today") == [
        ("supervisor", "A", {"open": False}, {"open": None}),
        ("supervisor", "D", {"open": None}, {"open": True}),
        ("supervisor", "A", {"open": None}, {"open": False}),
    ]
    # Refusals: no change, unknown, inactive; nothing more is recorded.
    with pytest.raises(InvalidState, match="Floor Plan Discussion is already open for today"):
        supervise.set_service_open(db, sup, "D", True)
    with pytest.raises(InvalidState, match="CAPA Desk follows its hours"):
        supervise.set_service_open(db, sup, "A", None)
    with pytest.raises(NotFound, match="service 'Z' does not exist"):
        supervise.set_service_open(db, sup, "Z", False)
    set_service(db, "F", active=False)
    with pytest.raises(ServiceUnavailable, match="Certificate Collection is not available"):
        supervise.set_service_open(db, sup, "F", True)
    assert len(_audit(db, "service_open_today")) == 3
    # The override holds for its business day only: on Tuesday D follows its hours again.
    fake_clock.advance(days=1)
    with pytest.raises(ServiceUnavailable):
        queue.issue_ticket(db, "D")


def test_todays_quota_replaces_the_daily_quota(db: Database, fake_clock: FakeClock, sup: Actor) -> None:
    queue.issue_ticket(db, "A")
    queue.issue_ticket(db, "A")
    with pytest.raises(InvalidState, match="CAPA Desk has issued 2 tickets today"):
        supervise.set_today_quota(db, sup, "A", 1)
    supervise.set_today_quota(db, sup, "A", 3)
    assert (_service(db, "A").daily_quota, _service(db, "A").unavailable_reason) == (3, None)
    queue.issue_ticket(db, "A")
    with pytest.raises(ServiceUnavailable, match="reached today's quota of 3 tickets") as info:
        queue.issue_ticket(db, "A")
    assert info.value.reason == "quota"
    a = _service(db, "A")
    assert (a.issued_today, a.daily_quota, a.unavailable_reason) == (3, 3, "quota")
    with pytest.raises(InvalidState, match="today's quota of CAPA Desk is already 3"):
        supervise.set_today_quota(db, sup, "A", 3)
    with pytest.raises(InvalidValue, match="daily quota"):
        supervise.set_today_quota(db, sup, "A", 0)
    supervise.set_today_quota(db, sup, "A", None)  # its own 60 again
    assert queue.issue_ticket(db, "A").ticket.label == "A-004"
    with pytest.raises(InvalidState, match=r"already its own \(60\)"):
        supervise.set_today_quota(db, sup, "A", None)
    assert _audit(db, "service_quota_today") == [
        ("supervisor", "A", {"quota": 3}, {"quota": None}), ("supervisor", "A", {"quota": None}, {"quota": 3})]
    fake_clock.advance(days=1)
    assert _service(db, "A").daily_quota == 60


def test_the_notice_shows_on_its_day_only(db: Database, fake_clock: FakeClock, sup: Actor) -> None:
    supervise.set_notice(db, sup, " Layanan E-Sertifikasi tutup hari ini ", "E-Certification is closed today")
    st = queue.queue_snapshot(db).settings
    assert (st.notice("id", MONDAY), st.notice("en", MONDAY)) == (
        "Layanan E-Sertifikasi tutup hari ini", "E-Certification is closed today")
    assert st.notice("id", MONDAY + timedelta(days=1)) == ""
    with pytest.raises(InvalidState, match="already so"):
        supervise.set_notice(db, sup, "Layanan E-Sertifikasi tutup hari ini", "E-Certification is closed today")
    with pytest.raises(InvalidValue, match="at most 300"):
        supervise.set_notice(db, sup, "x" * 301)
    with pytest.raises(InvalidValue, match="control"):
        supervise.set_notice(db, sup, "a\x07b")
    supervise.set_notice(db, sup, "")
    assert queue.queue_snapshot(db).settings.notice("id", MONDAY) == ""
    with pytest.raises(InvalidState, match="no notice to clear"):
        supervise.set_notice(db, sup, "")
    supervise.set_notice(db, sup, "Loket 3 tutup pukul 12.00 WIB")
    fake_clock.advance(days=1)
    st = queue.queue_snapshot(db).settings
    assert (st.notice("id", MONDAY), st.notice("id", MONDAY + timedelta(days=1))) == ("Loket 3 tutup pukul 12.00 WIB", "")
    assert _audit(db, "notice_set")[0] == (
        "supervisor", "notice", {"id": "", "en": ""}, {"id": "Loket 3 tutup pukul 12.00 WIB", "en": ""})
    # The English notice falls back to the Indonesian one.
    assert SiteSettings(notice_id="Tutup", notice_day="2026-03-02").notice("en", MONDAY) == "Tutup"
    # Its day is an ISO date or nothing (db.settings.RULES); a broken stored one reads as none.
    assert coerce("notice_day", "") == "" and coerce("notice_day", "2026-03-02") == "2026-03-02"
    for bad in ("2026-3-2", "02-03-2026", "tomorrow", 20260302):
        with pytest.raises(ValueError, match="notice_day"):
            coerce("notice_day", bad)
    assert from_rows([("notice_id", "Tutup"), ("notice_day", "2026-13-01")]).notice("id", MONDAY) == ""


# -- 3. tickets ------------------------------------------------------------------------------------


def test_find_a_ticket_by_its_number(db: Database, fake_clock: FakeClock, sup: Actor) -> None:
    for _ in range(8):
        queue.issue_ticket(db, "A")
    queue.issue_ticket(db, "B")
    for text_ in ("A-7", "a7", "A007", " a - 007 ", "A-0007"):
        assert [t.label for t in supervise.find_tickets(db, sup, text_)] == ["A-007"], text_
    assert [t.label for t in supervise.find_tickets(db, sup, "7")] == ["A-007"]
    assert [t.label for t in supervise.find_tickets(db, sup, "1")] == ["A-001", "B-001"]
    for nothing in ("B7", "A-9", "xyz", "", "A-", "7A"):
        assert supervise.find_tickets(db, sup, nothing) == [], nothing
    fake_clock.advance(days=1)  # today's tickets only
    assert supervise.find_tickets(db, roles.sign_in(db, "supervisor", "supervisor123"), "A-7") == []


def test_reactivate_puts_a_no_show_back_at_its_original_place(db: Database, fake_clock: FakeClock,
                                                              sup: Actor) -> None:
    first = queue.issue_ticket(db, "A").ticket
    fake_clock.advance(minutes=5)
    second = queue.issue_ticket(db, "A").ticket
    queue.call_next(db, 1)
    queue.mark_no_show(db, 1)
    fake_clock.advance(minutes=5)
    back = supervise.reactivate(db, sup, first.id)
    assert (back.status, back.queue_time, back.counter_number, back.called_at, back.finished_at) == (
        TicketStatus.WAITING, first.queue_time, None, None, None)
    assert queue.call_next(db, 1).ticket.label == "A-001"  # ahead of A-002 again
    queue.finish(db, 1)
    assert _detail(db, "reactivated") == ['{"from": "no_show", "by": "supervisor"}']
    assert _audit(db, "ticket_reactivated") == [
        ("supervisor", "A-001", {"label": "A-001", "status": "no_show", "priority": False},
         {"label": "A-001", "status": "waiting", "priority": False})]
    queue.cancel(db, second.id)
    assert supervise.reactivate(db, sup, second.id).status == TicketStatus.WAITING
    with pytest.raises(InvalidState, match="cannot reactivate A-002: it is waiting, not a no-show or cancelled"):
        supervise.reactivate(db, sup, second.id)
    with pytest.raises(InvalidState, match="cannot reactivate A-001: it is done"):
        supervise.reactivate(db, sup, first.id)
    with pytest.raises(NotFound, match="ticket 999 does not exist"):
        supervise.reactivate(db, sup, 999)
    queue.cancel(db, second.id)
    set_service(db, "A", active=False)
    with pytest.raises(ServiceUnavailable, match="CAPA Desk is not available"):
        supervise.reactivate(db, sup, second.id)
    set_service(db, "A", active=True)
    fake_clock.advance(days=1)
    with pytest.raises(InvalidState, match="A-002 is not one of today's tickets"):
        supervise.reactivate(db, roles.sign_in(db, "supervisor", "supervisor123"), second.id)


def test_move_a_waiting_ticket_to_another_service(db: Database, fake_clock: FakeClock, sup: Actor) -> None:
    early = queue.issue_ticket(db, "A", priority=True).ticket
    fake_clock.advance(minutes=5)
    queue.issue_ticket(db, "B")
    fake_clock.advance(minutes=5)
    moved = supervise.move(db, sup, early.id, "B")
    assert (moved.label, moved.service_code, moved.queue_time, moved.priority, moved.status,
            moved.transferred_from_id) == ("B-002", "B", early.queue_time, True, TicketStatus.WAITING, early.id)
    assert {t["id"]: t["status"] for t in tickets(db)}[early.id] == TicketStatus.TRANSFERRED
    assert queue.call_next(db, 2).ticket.label == "B-002"  # its place (and priority) kept
    assert [e["kind"] for e in events(db) if e["ticket_id"] in (early.id, moved.id)] == [
        "issued", "transferred", "requeued", "called"]
    assert _detail(db, "requeued") == [
        f'{{"from_ticket": {early.id}, "label": "B-002", "from_label": "A-001", "by": "supervisor"}}']
    assert _audit(db, "ticket_moved") == [
        ("supervisor", "A-001", {"label": "A-001", "service": "A"}, {"label": "B-002", "service": "B"})]
    # Refusals: not waiting, the same service, an unknown or inactive one.
    with pytest.raises(InvalidState, match="cannot move B-002: it is called, not waiting"):
        supervise.move(db, sup, moved.id, "C")
    waiting = queue.issue_ticket(db, "C").ticket
    with pytest.raises(InvalidState, match="C-001 is already in Shared Facility"):
        supervise.move(db, sup, waiting.id, "C")
    with pytest.raises(NotFound, match="service 'Z' does not exist"):
        supervise.move(db, sup, waiting.id, "Z")
    set_service(db, "D", active=False)
    with pytest.raises(ServiceUnavailable, match="Floor Plan Discussion is not available"):
        supervise.move(db, sup, waiting.id, "D")
    assert len(_audit(db, "ticket_moved")) == 1


def test_cancel_an_open_ticket(db: Database, fake_clock: FakeClock, sup: Actor) -> None:
    waiting = queue.issue_ticket(db, "B").ticket
    called = queue.issue_ticket(db, "A").ticket
    queue.call_ticket(db, 1, called.id)
    assert supervise.cancel(db, sup, waiting.id, "went home").status == TicketStatus.CANCELLED
    assert supervise.cancel(db, sup, called.id).status == TicketStatus.CANCELLED
    assert counter_row(db, 1)["current_ticket_id"] is None  # the counter is free again
    assert _detail(db, "cancelled") == ['{"reason": "went home", "by": "supervisor"}', '{"by": "supervisor"}']
    assert [(t, b["status"], a["status"], a["reason"]) for _, t, b, a in _audit(db, "ticket_cancelled")] == [
        ("A-001", "called", "cancelled", ""), ("B-001", "waiting", "cancelled", "went home")]
    serving = queue.issue_ticket(db, "A").ticket
    queue.call_next(db, 1)
    queue.start_service(db, 1)
    with pytest.raises(InvalidState, match="cannot cancel A-002: it is serving"):
        supervise.cancel(db, sup, serving.id)
    with pytest.raises(InvalidState, match="cannot cancel B-001: it is cancelled"):
        supervise.cancel(db, sup, waiting.id)
    with pytest.raises(InvalidValue, match="reason"):
        supervise.cancel(db, sup, serving.id, "x" * 201)
    fake_clock.advance(days=1)
    with pytest.raises(InvalidState, match="not one of today's tickets"):
        supervise.cancel(db, roles.sign_in(db, "supervisor", "supervisor123"), serving.id)


def test_make_a_ticket_priority(db: Database, fake_clock: FakeClock, sup: Actor) -> None:
    queue.issue_ticket(db, "A")
    later = queue.issue_ticket(db, "A").ticket
    assert supervise.set_priority(db, sup, later.id, True).priority is True
    assert queue.call_next(db, 1).ticket.label == "A-002"  # called first now
    with pytest.raises(InvalidState, match="cannot change the priority of A-002: it is called"):
        supervise.set_priority(db, sup, later.id, False)
    first = tickets(db)[0]["id"]
    with pytest.raises(InvalidState, match="A-001 is not a priority ticket"):
        supervise.set_priority(db, sup, first, False)
    supervise.set_priority(db, sup, first, True)
    with pytest.raises(InvalidState, match="A-001 is already a priority ticket"):
        supervise.set_priority(db, sup, first, True)
    supervise.set_priority(db, sup, first, False)
    assert _detail(db, "priority") == ['{"priority": true, "by": "supervisor"}'] * 2 + [
        '{"priority": false, "by": "supervisor"}']
    assert [(t, b["priority"], a["priority"]) for _, t, b, a in _audit(db, "ticket_priority")] == [
        ("A-001", True, False), ("A-001", False, True), ("A-002", False, True)]


# -- 3. counters -----------------------------------------------------------------------------------


def test_pause_and_resume_a_counter(db: Database, fake_clock: FakeClock, sup: Actor) -> None:
    supervise.pause_counter(db, sup, 1, "Rapat")
    assert (counter_row(db, 1)["paused"], counter_row(db, 1)["pause_reason"]) == (True, "Rapat")
    with pytest.raises(InvalidState, match="counter 1 is already paused"):
        supervise.pause_counter(db, sup, 1, "Rapat")
    supervise.resume_counter(db, sup, 1)
    assert counter_row(db, 1)["paused"] is False
    with pytest.raises(InvalidState, match="counter 1 is not paused"):
        supervise.resume_counter(db, sup, 1)
    assert _detail(db, "paused") == ['{"reason": "Rapat", "by": "supervisor"}']
    assert _detail(db, "resumed") == ['{"by": "supervisor"}']
    assert _audit(db, "counter_paused") == [("supervisor", "1", {"paused": False, "reason": None},
                                             {"paused": True, "reason": "Rapat"})]
    assert _audit(db, "counter_resumed") == [("supervisor", "1", {"paused": True, "reason": "Rapat"},
                                              {"paused": False, "reason": None})]
    queue.issue_ticket(db, "A")
    queue.call_next(db, 1)
    with pytest.raises(InvalidState, match="close A-001 first"):
        supervise.pause_counter(db, sup, 1, "")
    vacate(db, 2)
    with pytest.raises(NotSignedIn, match="nobody is signed in at counter 2"):
        supervise.pause_counter(db, sup, 2, "")
    with pytest.raises(NotFound, match="counter 9 does not exist"):
        supervise.resume_counter(db, sup, 9)
    with pytest.raises(InvalidValue, match="pause reason"):
        supervise.pause_counter(db, sup, 3, "x" * 201)


def test_sign_an_officer_out(db: Database, fake_clock: FakeClock, sup: Actor) -> None:
    queue.issue_ticket(db, "A")
    queue.call_next(db, 1)
    supervise.sign_officer_out(db, sup, 1)
    row = counter_row(db, 1)
    assert (row["officer_id"], row["current_ticket_id"] is not None) == (None, True)  # the visit stays for the next
    assert _detail(db, "signed_out") == ['{"by": "supervisor"}']
    assert _audit(db, "officer_signed_out") == [("supervisor", "1", {"officer": "siti"}, {"officer": None})]
    with pytest.raises(NotSignedIn):
        supervise.sign_officer_out(db, sup, 1)
    queue.sign_in(db, 1, "budi", "budi123")
    assert queue.finish(db, 1).label == "A-001"


# -- roles -----------------------------------------------------------------------------------------


def _every_action(db: Database, actor: Actor | None, ticket_id: int) -> list[tuple[str, Any]]:
    return [
        ("find", lambda: supervise.find_tickets(db, actor, "A-1")),  # type: ignore[arg-type]
        ("reactivate", lambda: supervise.reactivate(db, actor, ticket_id)),  # type: ignore[arg-type]
        ("move", lambda: supervise.move(db, actor, ticket_id, "B")),  # type: ignore[arg-type]
        ("cancel", lambda: supervise.cancel(db, actor, ticket_id)),  # type: ignore[arg-type]
        ("priority", lambda: supervise.set_priority(db, actor, ticket_id, True)),  # type: ignore[arg-type]
        ("pause", lambda: supervise.pause_counter(db, actor, 2, "")),  # type: ignore[arg-type]
        ("resume", lambda: supervise.resume_counter(db, actor, 2)),  # type: ignore[arg-type]
        ("sign out", lambda: supervise.sign_officer_out(db, actor, 2)),  # type: ignore[arg-type]
        ("open", lambda: supervise.set_service_open(db, actor, "A", False)),  # type: ignore[arg-type]
        ("quota", lambda: supervise.set_today_quota(db, actor, "A", 5)),  # type: ignore[arg-type]
        ("notice", lambda: supervise.set_notice(db, actor, "Tutup")),  # type: ignore[arg-type]
    ]


def test_an_officer_can_do_none_of_it(db: Database, fake_clock: FakeClock, sup: Actor) -> None:
    with pytest.raises(NotPermitted, match="Siti Rahmawati is not a supervisor or administrator"):
        roles.sign_in(db, "siti", "siti123")
    ticket_id = queue.issue_ticket(db, "A").ticket.id
    siti = officer_id(db, "siti")
    forged = [
        Actor(siti, "siti", "Siti Rahmawati", "supervisor", sup.session_id, sup.token),  # the supervisor's session
        Actor(siti, "siti", "Siti Rahmawati", "admin", 1, "made-up"),
        None,
    ]
    before = (tickets(db), counter_row(db, 2), len(audit.entries(db)), len(events(db)))
    for actor in forged:
        for _name, action in _every_action(db, actor, ticket_id):
            with pytest.raises(NotPermitted):  # every one of them, ``name`` in the traceback
                action()
    roles.sign_out(db, sup)
    for _name, action in _every_action(db, sup, ticket_id):
        with pytest.raises(NotPermitted, match="session has ended"):
            action()
    assert (tickets(db), counter_row(db, 2), len(audit.entries(db)) - 1, len(events(db))) == before


def test_an_administrator_may_supervise_too(db: Database, fake_clock: FakeClock) -> None:
    adm = roles.sign_in(db, "admin", "admin123")
    ticket_id = queue.issue_ticket(db, "A").ticket.id
    supervise.set_priority(db, adm, ticket_id, True)
    supervise.pause_counter(db, adm, 2, "Salat")
    assert [(e.username, e.action) for e in audit.entries(db) if e.username != "setup"][:2] == [
        ("admin", "counter_paused"), ("admin", "ticket_priority")]


# -- 4. an officer acts only at the counter where they are signed in --------------------------------


def test_counter_operations_with_an_officer_refuse_anyone_else(db: Database, fake_clock: FakeClock) -> None:
    siti, budi = officer_id(db, "siti"), officer_id(db, "budi")
    ticket = queue.issue_ticket(db, "A").ticket
    queue.issue_ticket(db, "A")
    refused = [
        lambda: queue.call_next(db, 1, officer_id=budi),
        lambda: queue.call_ticket(db, 1, ticket.id, officer_id=budi),
        lambda: queue.recall(db, 1, officer_id=budi),
        lambda: queue.start_service(db, 1, officer_id=budi),
        lambda: queue.finish(db, 1, officer_id=budi),
        lambda: queue.mark_no_show(db, 1, officer_id=budi),
        lambda: queue.transfer(db, 1, "B", officer_id=budi),
        lambda: queue.pause_counter(db, 1, "", officer_id=budi),
        lambda: queue.resume_counter(db, 1, officer_id=budi),
    ]
    before = len(events(db))
    for op in refused:
        with pytest.raises(NotPermitted, match="you are not signed in at counter 1"):
            op()
    assert len(events(db)) == before
    # Siti, at her own counter, does all of it.
    assert queue.call_next(db, 1, officer_id=siti).ticket.label == "A-001"  # type: ignore[union-attr]
    queue.recall(db, 1, officer_id=siti)
    queue.start_service(db, 1, officer_id=siti)
    queue.transfer(db, 1, "B", officer_id=siti)
    queue.call_ticket(db, 1, tickets(db)[1]["id"], officer_id=siti)
    queue.mark_no_show(db, 1, officer_id=siti)
    queue.call_next(db, 1, officer_id=siti)
    queue.finish(db, 1, officer_id=siti)
    queue.pause_counter(db, 1, "Salat", officer_id=siti)
    queue.resume_counter(db, 1, officer_id=siti)
    # Signed out (by a supervisor, or moved away): her window's next action is refused.
    vacate(db, 1)
    with pytest.raises(NotPermitted):
        queue.call_next(db, 1, officer_id=siti)
    with pytest.raises(NotSignedIn):
        queue.call_next(db, 1)


# -- two supervisors at once (PostgreSQL row locks) -------------------------------------------------


def _wait_for_lock_waiter(db: Database) -> None:
    """Until another connection waits for a lock (a hang guard, not a speed check)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with db.engine.connect() as c:
            waiting = c.execute(text(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )).scalar_one()
        if waiting:
            return
        time.sleep(0.01)
    raise AssertionError("the second supervisor never waited for the first one's lock")


@pytest.mark.parametrize(("second_wants", "second_saw"), [(None, supervise.UNSET), (False, supervise.UNSET), (True, None)],
                         ids=["undo", "same", "stale"])
def test_two_supervisors_change_one_service_at_once(db: Database, second_wants: bool | None, second_saw: Any) -> None:
    if db.dialect != "postgresql":
        pytest.skip("SQLite serializes writers: the second one starts after the first committed")
    first = roles.sign_in(db, "supervisor", "supervisor123")
    second = roles.sign_in(db, "admin", "admin123")
    outcome: list[BaseException | None] = []

    def the_second() -> None:
        try:
            supervise.set_service_open(db, second, "A", second_wants, expected=second_saw)
            outcome.append(None)
        except BaseException as e:  # handed to the test thread
            outcome.append(e)

    worker = threading.Thread(target=the_second)
    with db.write() as s:  # the first one, held open in mid-action while the second one starts
        roles.require(s, first)
        _, day, _ = queue.site_now(s)
        supervise._set_service_open(s, first, "A", False, day)
        worker.start()
        _wait_for_lock_waiter(db)
    worker.join()
    entries = _audit(db, "service_open_today")
    if second_wants is None:
        assert outcome == [None]
        # The second one saw the first one's change: its "before" is the first one's "after".
        assert entries == [("admin", "A", {"open": False}, {"open": None}),
                           ("supervisor", "A", {"open": None}, {"open": False})]
    elif second_wants is False:
        assert isinstance(outcome[0], InvalidState) and "already closed for today" in str(outcome[0])
        assert entries == [("supervisor", "A", {"open": None}, {"open": False})]
    else:  # it saw "by its hours" before the first one closed it: told, not overwritten
        assert isinstance(outcome[0], EditConflict) and outcome[0].by == "supervisor"
        assert str(outcome[0]) == "supervisor changed whether CAPA Desk is open today a moment ago; look again and decide"
        assert entries == [("supervisor", "A", {"open": None}, {"open": False})]


def test_a_change_made_since_the_caller_looked_is_a_conflict(db: Database, fake_clock: FakeClock, sup: Actor) -> None:
    adm = roles.sign_in(db, "admin", "admin123")
    supervise.set_service_open(db, sup, "A", False, expected=None)  # as seen: by its hours
    with pytest.raises(EditConflict, match="supervisor changed whether CAPA Desk is open today") as info:
        supervise.set_service_open(db, adm, "A", True, expected=None)  # the admin's floor was older
    assert info.value.by == "supervisor"
    supervise.set_service_open(db, adm, "A", True, expected=False)  # looked again
    supervise.set_today_quota(db, sup, "B", 10, expected=None)
    with pytest.raises(EditConflict, match="today's quota of Pre-certification Desk") as info:
        supervise.set_today_quota(db, adm, "B", 20, expected=None)
    assert info.value.by == "supervisor"
    with db.write() as s:  # a row changed outside the console: nobody to name
        c_id = s.scalar(select(Service.id).where(Service.code == "C"))
        s.add(ServiceDay(service_id=c_id, day=MONDAY, quota_override=12))
    with pytest.raises(EditConflict, match="^someone else changed") as info:
        supervise.set_today_quota(db, adm, "C", 20, expected=None)
    assert info.value.by is None
    assert [(e.username, e.target) for e in audit.entries(db) if e.action.startswith("service_")] == [
        ("supervisor", "B"), ("admin", "A"), ("supervisor", "A")]


def test_actions_run_as_one_transaction(db: Database, fake_clock: FakeClock, sup: Actor) -> None:
    """An action refused half-way leaves nothing behind: no ticket change, event or audit entry."""
    t = queue.issue_ticket(db, "A").ticket
    set_service(db, "B", active=False)
    before = (tickets(db), len(events(db)), len(audit.entries(db)))
    with pytest.raises(ServiceUnavailable):
        supervise.move(db, sup, t.id, "B")
    assert (tickets(db), len(events(db)), len(audit.entries(db))) == before
