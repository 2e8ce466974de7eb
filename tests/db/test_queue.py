"""Every queue operation and rule of db/queue.py, on SQLite and PostgreSQL.

The site is the bundled sample with opening hours cleared:
counter 1 serves A, B (service order); counter 2 serves C, D, B (service order);
counter 3 serves E, F, A (longest wait). The fake clock starts on Monday 2 March 2026,
09:00 in Jakarta.
"""

from __future__ import annotations

import json
from datetime import UTC, date, timedelta

import pytest
from sqlalchemy import text

from db import queue
from db.clock import FakeClock
from db.database import Database
from db.errors import (
    AuthError,
    CounterOccupied,
    CounterPaused,
    InvalidState,
    NotFound,
    ServiceUnavailable,
    TicketTaken,
    VisitNotStarted,
)
from db.statements import HEADS_PER_QUEUE
from tests.db.dbtools import (
    counter_id,
    counter_row,
    events,
    kinds,
    officer_id,
    set_counter,
    set_service,
    set_setting,
    tickets,
    vacate,
    wib,
)

MONDAY = date(2026, 3, 2)


def label_of(result: queue.CallResult) -> str | None:
    return result.ticket.label if result.ticket else None


# -- issuing ------------------------------------------------------------------------------------


def test_issue_numbers_per_service(db: Database, fake_clock: FakeClock) -> None:
    labels = [queue.issue_ticket(db, code).ticket.label for code in ("A", "A", "B", "A", "B")]
    assert labels == ["A-001", "A-002", "B-001", "A-003", "B-002"]
    for _n in range(4, 12):
        queue.issue_ticket(db, "A")
    assert queue.issue_ticket(db, "A").ticket.label == "A-012"


def test_issued_ticket_contents(db: Database, fake_clock: FakeClock) -> None:
    vacate(db, 2)  # counter 2 alone serves C
    issued = queue.issue_ticket(db, "C", source="booking")
    t = issued.ticket
    assert (t.label, t.service_code, t.seq, t.status, t.priority, t.source) == ("C-001", "C", 1, "waiting", False, "booking")
    assert t.service_name_id == "Permohonan Fasilitas Bersama (Fasber)"
    assert t.service_name_en == "Shared Facility Application (Fasber)"
    assert t.day == MONDAY
    assert t.issued_at == t.queue_time == fake_clock.current
    assert t.counter_number is None and t.called_at is None
    assert issued.site_name == "Direktorat Pengawasan Produksi Obat"
    assert issued.footer.startswith("Layanan ini tidak dipungut biaya")
    assert issued.people_ahead == 0
    assert not issued.wait.staffed and not issued.wait.is_now  # nobody signed in: no counter calls yet
    row = tickets(db)[0]
    assert (row["id"], row["label"], row["status"], row["day"]) == (t.id, "C-001", "waiting", MONDAY)
    [event] = events(db)[-1:]  # after the sign-out
    assert (event["kind"], event["ticket_id"], event["label"], event["day"], event["at"]) == (
        "issued", t.id, "C-001", MONDAY, fake_clock.current)
    assert event["service_id"] == row["service_id"]


def test_people_ahead(db: Database, fake_clock: FakeClock) -> None:
    assert [queue.issue_ticket(db, "A").people_ahead for _ in range(3)] == [0, 1, 2]
    assert queue.issue_ticket(db, "B").people_ahead == 0  # other services do not count
    p = queue.issue_ticket(db, "A", priority=True)
    assert p.ticket.priority and p.people_ahead == 0  # only priority visitors are ahead of a priority one
    assert queue.issue_ticket(db, "A", priority=True).people_ahead == 1
    assert queue.issue_ticket(db, "A").people_ahead == 5
    assert events(db, p.ticket.id)[0]["detail"] == json.dumps({"priority": True})


def test_unknown_service(db: Database, fake_clock: FakeClock) -> None:
    with pytest.raises(NotFound, match="service 'Z' does not exist"):
        queue.issue_ticket(db, "Z")
    assert tickets(db) == [] and events(db) == []


WEEK_HOURS = {d: ["08:00", "15:00"] for d in ("mon", "tue", "wed", "thu")} | {"fri": ["08:00", "14:30"]}


@pytest.mark.parametrize(
    ("when", "is_open", "opens_at"),
    [
        (wib(2026, 3, 2, 7, 59), False, "08:00"),  # Monday, before opening
        (wib(2026, 3, 2, 8, 0), True, None),
        (wib(2026, 3, 2, 14, 59), True, None),
        (wib(2026, 3, 2, 15, 0), False, None),  # closed for the rest of the day
        (wib(2026, 3, 6, 14, 45), False, None),  # Friday closes at 14:30
        (wib(2026, 3, 7, 10, 0), False, None),  # Saturday: not listed, closed
    ],
)
def test_opening_hours(db: Database, fake_clock: FakeClock, when, is_open: bool, opens_at) -> None:  # type: ignore[no-untyped-def]
    set_service(db, "A", hours=WEEK_HOURS)
    fake_clock.current = when
    snap = {q.code: q for q in queue.queue_snapshot(db).services}
    assert snap["A"].unavailable_reason == (None if is_open else "closed")
    assert snap["A"].opens_at == opens_at
    assert snap["B"].unavailable_reason is None  # hours cleared: always open
    if is_open:
        assert queue.issue_ticket(db, "A").ticket.label == "A-001"
    else:
        with pytest.raises(ServiceUnavailable, match="CAPA Desk is closed now") as info:
            queue.issue_ticket(db, "A")
        assert info.value.reason == "closed"
        assert tickets(db) == [] and events(db) == []


def test_quota(db: Database, fake_clock: FakeClock) -> None:
    set_service(db, "A", daily_quota=2)
    queue.issue_ticket(db, "A")
    queue.issue_ticket(db, "A")
    with pytest.raises(ServiceUnavailable, match="reached today's quota of 2 tickets") as info:
        queue.issue_ticket(db, "A")
    assert info.value.reason == "quota"
    assert [t["label"] for t in tickets(db)] == ["A-001", "A-002"]
    assert kinds(db) == ["issued", "issued"]
    a = {q.code: q for q in queue.queue_snapshot(db).services}["A"]
    assert (a.issued_today, a.daily_quota, a.unavailable_reason) == (2, 2, "quota")
    # the refused attempt used up no number: raising the quota gives the next one
    set_service(db, "A", daily_quota=3)
    assert queue.issue_ticket(db, "A").ticket.label == "A-003"
    # served tickets still count against the quota
    queue.call_next(db, 1)
    with pytest.raises(ServiceUnavailable):
        queue.issue_ticket(db, "A")


def test_inactive_service(db: Database, fake_clock: FakeClock) -> None:
    set_service(db, "D", active=False)
    with pytest.raises(ServiceUnavailable, match="Floor Plan Discussion is not available") as info:
        queue.issue_ticket(db, "D")
    assert info.value.reason == "inactive"
    d = {q.code: q for q in queue.queue_snapshot(db).services}["D"]
    assert (d.active, d.unavailable_reason) == (False, "inactive")
    assert tickets(db) == []


# -- calling --------------------------------------------------------------------------------------


def test_call_next_fifo_and_records(db: Database, fake_clock: FakeClock) -> None:
    first = queue.issue_ticket(db, "A").ticket
    fake_clock.advance(minutes=1)
    queue.issue_ticket(db, "A")
    fake_clock.advance(minutes=4)
    result = queue.call_next(db, 1)
    assert result.counter_number == 1 and result.finished is None
    t = result.ticket
    assert t is not None
    assert (t.id, t.label, t.status, t.counter_number, t.called_at) == (first.id, "A-001", "called", 1, fake_clock.current)
    assert counter_row(db, 1)["current_ticket_id"] == first.id
    called = events(db, first.id)[-1]
    assert (called["kind"], called["counter_id"], called["at"]) == ("called", counter_id(db, 1), fake_clock.current)


def test_nobody_waiting(db: Database, fake_clock: FakeClock) -> None:
    assert queue.call_next(db, 1) == queue.CallResult(1, None, None)
    queue.issue_ticket(db, "C")  # counter 1 does not serve C
    assert queue.call_next(db, 1).ticket is None
    assert kinds(db) == ["issued"]
    assert queue.call_next(db, 2).ticket is not None


def test_priority_goes_first(db: Database, fake_clock: FakeClock) -> None:
    queue.issue_ticket(db, "A")
    fake_clock.advance(minutes=1)
    queue.issue_ticket(db, "A")
    fake_clock.advance(minutes=1)
    queue.issue_ticket(db, "B", priority=True)  # counter 1 lists B after A, but priority wins
    fake_clock.advance(minutes=1)
    queue.issue_ticket(db, "A", priority=True)
    # priority first; among priority visitors the counter's rule (service order) still applies
    order = [label_of(queue.call_next(db, 1, close_as="done")) for _ in range(5)]
    assert order == ["A-003", "B-001", "A-001", "A-002", None]
    set_counter(db, 1, call_rule="longest_wait")
    fake_clock.advance(minutes=1)
    queue.issue_ticket(db, "B", priority=True)
    fake_clock.advance(minutes=1)
    queue.issue_ticket(db, "A", priority=True)
    fake_clock.advance(minutes=1)
    queue.issue_ticket(db, "A")
    order = [label_of(queue.call_next(db, 1, close_as="done")) for _ in range(4)]
    assert order == ["B-002", "A-004", "A-005", None]


def test_service_order_rule(db: Database, fake_clock: FakeClock) -> None:
    queue.issue_ticket(db, "B")  # B has waited longer, but counter 1 serves A first
    fake_clock.advance(minutes=10)
    queue.issue_ticket(db, "A")
    fake_clock.advance(minutes=1)
    queue.issue_ticket(db, "A")
    assert [label_of(queue.call_next(db, 1, close_as="done")) for _ in range(3)] == ["A-001", "A-002", "B-001"]


def test_longest_wait_rule(db: Database, fake_clock: FakeClock) -> None:
    queue.issue_ticket(db, "A")  # counter 3 serves E, F, A by longest wait
    fake_clock.advance(minutes=1)
    queue.issue_ticket(db, "E")
    fake_clock.advance(minutes=1)
    queue.issue_ticket(db, "F")
    fake_clock.advance(minutes=1)
    queue.issue_ticket(db, "A")
    assert [label_of(queue.call_next(db, 3, close_as="done")) for _ in range(4)] == ["A-001", "E-001", "F-001", "A-002"]


def test_call_rule_is_per_counter(db: Database, fake_clock: FakeClock) -> None:
    set_counter(db, 1, call_rule="longest_wait")
    set_counter(db, 3, call_rule="service_order")
    queue.issue_ticket(db, "B")
    fake_clock.advance(minutes=1)
    queue.issue_ticket(db, "A")
    fake_clock.advance(minutes=1)
    queue.issue_ticket(db, "E")
    fake_clock.advance(minutes=1)
    queue.issue_ticket(db, "A")
    assert label_of(queue.call_next(db, 1)) == "B-001"  # longest wait now
    assert label_of(queue.call_next(db, 3)) == "E-001"  # E is first in its list
    assert [t.label for t in queue.waiting_tickets(db, 3)] == ["A-001", "A-002"]


def test_call_next_finishes_the_current_visit(db: Database, fake_clock: FakeClock) -> None:
    a1 = queue.issue_ticket(db, "A").ticket
    a2 = queue.issue_ticket(db, "A").ticket
    queue.call_next(db, 1)
    fake_clock.advance(minutes=2)
    queue.start_service(db, 1)
    fake_clock.advance(minutes=7)
    result = queue.call_next(db, 1)
    assert result.finished is not None and result.ticket is not None
    assert (result.finished.id, result.finished.status) == (a1.id, "done")
    assert result.finished.finished_at == fake_clock.current
    assert result.ticket.id == a2.id
    assert kinds(db, a1.id) == ["issued", "called", "started", "finished"]
    # the last visit is finished even when nobody is left to call (A-002 was only called:
    # closing it as done must be said)
    result = queue.call_next(db, 1, close_as="done")
    assert result.ticket is None and result.finished is not None and result.finished.id == a2.id
    assert result.finished.started_at == result.finished.called_at  # called, never started
    assert counter_row(db, 1)["current_ticket_id"] is None
    assert [t["status"] for t in tickets(db)] == ["done", "done"]


def _no_show_facts(db: Database, ticket_id: int) -> tuple[object, ...]:
    """What a no-show leaves behind: the ticket's status and times, its last event."""
    row = next(t for t in tickets(db) if t["id"] == ticket_id)
    last = events(db, ticket_id)[-1]
    return (row["status"], row["started_at"], row["finished_at"] is not None, last["kind"], last["counter_id"],
            last["officer_id"], row["counter_id"])


@pytest.mark.parametrize("call", ["next", "chosen"])
def test_calling_refuses_to_close_a_visit_only_called(db: Database, fake_clock: FakeClock, call: str) -> None:
    """Issue 10: a visitor called and never started is not counted served by calling again;
    the caller must say how that visit ends (``close_as``)."""
    queue.sign_in(db, 1, "siti", "siti123")
    a1, a2, a3 = (queue.issue_ticket(db, "A").ticket for _ in range(3))

    def again(close_as: str | None = None, chosen: int = a3.id) -> queue.CallResult:
        if call == "next":
            return queue.call_next(db, 1, close_as=close_as)
        return queue.call_ticket(db, 1, chosen, close_as=close_as)

    queue.call_next(db, 1)  # A-001 called
    fake_clock.advance(minutes=1)
    before = (tickets(db), kinds(db), counter_row(db, 1))
    with pytest.raises(VisitNotStarted, match="A-001 was called but not served yet") as refused:
        again()
    assert isinstance(refused.value, InvalidState) and refused.value.label == "A-001"
    assert (tickets(db), kinds(db), counter_row(db, 1)) == before  # nothing changed
    with pytest.raises(ValueError, match="close_as"):
        again("no-show")

    # closed as a no-show: exactly what mark_no_show records
    result = again("no_show", chosen=a2.id)
    assert result.finished is not None and (result.finished.id, result.finished.status) == (a1.id, "no_show")
    assert result.finished.finished_at == fake_clock.current and result.finished.started_at is None
    assert result.ticket is not None and result.ticket.id == a2.id
    assert kinds(db, a1.id) == ["issued", "called", "no_show"]
    by_call = _no_show_facts(db, a1.id)
    queue.mark_no_show(db, 1)  # A-002 the usual way
    assert _no_show_facts(db, a2.id) == by_call

    # closed as done: served from the call (no start was recorded)
    queue.call_next(db, 1)
    fake_clock.advance(minutes=3)
    if call == "chosen":
        a4 = queue.issue_ticket(db, "A").ticket
        result = queue.call_ticket(db, 1, a4.id, close_as="done")
    else:
        result = queue.call_next(db, 1, close_as="done")
    assert result.finished is not None and (result.finished.id, result.finished.status) == (a3.id, "done")
    assert result.finished.started_at == result.finished.called_at
    assert kinds(db, a3.id) == ["issued", "called", "finished"]


def test_close_as_applies_only_to_a_visit_only_called(db: Database, fake_clock: FakeClock) -> None:
    """A visit being served still ends as done by calling next (one key for the common case),
    and is never closed as a no-show; with nobody at the counter ``close_as`` is harmless."""
    queue.sign_in(db, 1, "siti", "siti123")
    for _ in range(3):
        queue.issue_ticket(db, "A")
    assert label_of(queue.call_next(db, 1, close_as="no_show")) == "A-001"  # nobody was at the counter
    queue.start_service(db, 1)
    with pytest.raises(InvalidState, match="cannot mark as no-show A-001: it is serving"):
        queue.call_next(db, 1, close_as="no_show")
    result = queue.call_next(db, 1)  # serving: done, no question asked
    assert result.finished is not None and result.finished.status == "done" and label_of(result) == "A-002"
    queue.start_service(db, 1)
    result = queue.call_next(db, 1, close_as="done")
    assert result.finished is not None and result.finished.status == "done" and label_of(result) == "A-003"
    assert [t["status"] for t in tickets(db)] == ["done", "done", "called"]


@pytest.mark.parametrize("locked_by_others", [3, HEADS_PER_QUEUE])
def test_call_next_passes_over_tickets_other_counters_are_calling(
    db: Database, db_backend: str, fake_clock: FakeClock, locked_by_others: int
) -> None:
    """PostgreSQL: tickets another counter's transaction holds are skipped, not waited for.
    With every head of the queue held, the full queue is searched (``NEXT_WAITING``)."""
    if db_backend != "postgresql":
        pytest.skip("SQLite serializes writers: no ticket is ever held by another caller")
    for _ in range(HEADS_PER_QUEUE + 3):
        queue.issue_ticket(db, "A")
    with db.engine.connect() as other:
        held = other.execute(
            text("SELECT id FROM tickets WHERE status = 'waiting' ORDER BY id LIMIT :n FOR UPDATE"), {"n": locked_by_others}
        ).scalars().all()
        result = queue.call_next(db, 1)
        other.rollback()
    assert result.ticket is not None and result.ticket.id not in held
    assert result.ticket.label == f"A-{locked_by_others + 1:03d}"
    assert label_of(queue.call_next(db, 2)) is None  # counter 2 does not serve A
    assert label_of(queue.call_next(db, 1, close_as="done")) == "A-001"  # released: the head of the queue again


def test_two_counters_never_share_a_ticket(db: Database, fake_clock: FakeClock) -> None:
    for _ in range(3):
        queue.issue_ticket(db, "B")  # counters 1 and 2 both serve B
    got = [label_of(queue.call_next(db, n, close_as="done")) for n in (1, 2, 1, 2)]
    assert got == ["B-001", "B-002", "B-003", None]


def test_paused_unknown_and_inactive_counters(db: Database, fake_clock: FakeClock) -> None:
    queue.issue_ticket(db, "A")
    with pytest.raises(NotFound, match="counter 9 does not exist"):
        queue.call_next(db, 9)
    set_counter(db, 1, active=False)
    with pytest.raises(InvalidState, match="counter 1 is not active"):
        queue.call_next(db, 1)
    assert tickets(db)[0]["status"] == "waiting"


def test_call_ticket(db: Database, fake_clock: FakeClock) -> None:
    a1 = queue.issue_ticket(db, "A").ticket
    a2 = queue.issue_ticket(db, "A").ticket
    result = queue.call_ticket(db, 1, a2.id)  # out of turn
    assert result.ticket is not None and result.ticket.id == a2.id and result.ticket.status == "called"
    assert result.finished is None
    result = queue.call_ticket(db, 1, a1.id, close_as="done")  # ends the current visit first
    assert result.finished is not None and result.finished.id == a2.id and result.finished.status == "done"
    assert kinds(db) == ["issued", "issued", "called", "finished", "called"]


def test_call_ticket_already_taken_names_the_counter(db: Database, fake_clock: FakeClock) -> None:
    a1 = queue.issue_ticket(db, "A").ticket
    queue.call_next(db, 3)
    with pytest.raises(TicketTaken, match="A-001 was just taken by counter 3"):
        queue.call_ticket(db, 1, a1.id)
    queue.start_service(db, 3)
    with pytest.raises(TicketTaken, match="counter 3"):
        queue.call_ticket(db, 1, a1.id)
    queue.finish(db, 3)
    with pytest.raises(TicketTaken, match="counter 3"):
        queue.call_ticket(db, 1, a1.id)
    assert counter_row(db, 1)["current_ticket_id"] is None
    a2 = queue.issue_ticket(db, "A").ticket
    queue.cancel(db, a2.id)
    with pytest.raises(TicketTaken, match=r"A-002 is no longer waiting \(cancelled\)"):
        queue.call_ticket(db, 1, a2.id)
    with pytest.raises(NotFound):
        queue.call_ticket(db, 1, 424242)
    assert kinds(db, a1.id) == ["issued", "called", "started", "finished"]


def test_taken_is_an_invalid_state() -> None:
    assert issubclass(TicketTaken, InvalidState)


# -- at the counter -----------------------------------------------------------------------------


def test_recall(db: Database, fake_clock: FakeClock) -> None:
    t = queue.issue_ticket(db, "A").ticket
    with pytest.raises(InvalidState, match="counter 1 has no visitor to recall"):
        queue.recall(db, 1)
    queue.call_next(db, 1)
    fake_clock.advance(minutes=1)
    again = queue.recall(db, 1)
    assert (again.id, again.status, again.recall_count, again.called_at) == (t.id, "called", 1, fake_clock.current)
    assert queue.recall(db, 1).recall_count == 2
    recalls = events(db, t.id, kind="recalled")
    assert [json.loads(e["detail"])["count"] for e in recalls] == [1, 2]
    queue.start_service(db, 1)
    with pytest.raises(InvalidState, match="cannot recall A-001: it is serving"):
        queue.recall(db, 1)


def test_start_service(db: Database, fake_clock: FakeClock) -> None:
    with pytest.raises(InvalidState, match="no visitor to start serving"):
        queue.start_service(db, 1)
    queue.issue_ticket(db, "A")
    queue.call_next(db, 1)
    fake_clock.advance(minutes=3)
    t = queue.start_service(db, 1)
    assert (t.status, t.started_at) == ("serving", fake_clock.current)
    with pytest.raises(InvalidState, match="cannot start serving A-001: it is serving"):
        queue.start_service(db, 1)
    assert kinds(db, t.id) == ["issued", "called", "started"]


def test_finish(db: Database, fake_clock: FakeClock) -> None:
    with pytest.raises(InvalidState, match="no visitor to finish"):
        queue.finish(db, 1)
    queue.issue_ticket(db, "A")
    queue.call_next(db, 1)
    queue.start_service(db, 1)
    fake_clock.advance(minutes=12)
    t = queue.finish(db, 1)
    assert (t.status, t.finished_at, t.counter_number) == ("done", fake_clock.current, 1)
    assert counter_row(db, 1)["current_ticket_id"] is None
    with pytest.raises(InvalidState):
        queue.finish(db, 1)
    # finishing straight from "called" counts the visit from the call
    queue.issue_ticket(db, "A")
    queue.call_next(db, 1)
    t2 = queue.finish(db, 1)
    assert t2.status == "done" and t2.started_at == t2.called_at
    assert kinds(db, t2.id) == ["issued", "called", "finished"]


def test_no_show(db: Database, fake_clock: FakeClock) -> None:
    with pytest.raises(InvalidState, match="no visitor to mark as no-show"):
        queue.mark_no_show(db, 1)
    t = queue.issue_ticket(db, "A").ticket
    queue.call_next(db, 1)
    gone = queue.mark_no_show(db, 1)
    assert (gone.id, gone.status, gone.finished_at) == (t.id, "no_show", fake_clock.current)
    assert counter_row(db, 1)["current_ticket_id"] is None
    assert kinds(db, t.id) == ["issued", "called", "no_show"]
    queue.issue_ticket(db, "A")
    queue.call_next(db, 1)
    queue.start_service(db, 1)
    with pytest.raises(InvalidState, match="cannot mark as no-show A-002: it is serving"):
        queue.mark_no_show(db, 1)
    # a no-show is not "finished" by the next call
    queue.finish(db, 1)
    assert [t["status"] for t in tickets(db)] == ["no_show", "done"]


def test_transfer_keeps_label_and_place(db: Database, fake_clock: FakeClock) -> None:
    a1 = queue.issue_ticket(db, "A").ticket  # 09:00
    fake_clock.advance(minutes=5)
    queue.issue_ticket(db, "B")  # 09:05
    fake_clock.advance(minutes=5)
    queue.issue_ticket(db, "B")  # 09:10
    fake_clock.advance(minutes=5)
    queue.call_next(db, 1)  # A-001 at counter 1
    queue.start_service(db, 1)
    fake_clock.advance(minutes=5)
    moved = queue.transfer(db, 1, "B")
    assert (moved.label, moved.service_code, moved.status, moved.seq) == ("A-001", "B", "waiting", 1)
    assert moved.transferred_from_id == a1.id and moved.id != a1.id
    assert moved.queue_time == a1.queue_time  # keeps the place of the original issue time
    assert moved.issued_at == fake_clock.current
    old = queue.ticket(db, a1.id)
    assert (old.status, old.finished_at) == ("transferred", fake_clock.current)
    assert counter_row(db, 1)["current_ticket_id"] is None
    assert kinds(db, a1.id) == ["issued", "called", "started", "transferred"]
    assert json.loads(events(db, a1.id)[-1]["detail"]) == {"to": "B", "ticket": moved.id}
    assert kinds(db, moved.id) == ["requeued"]
    # counter 2 serves C, D, B: the transferred visitor is ahead of B-001 and B-002
    assert [t.label for t in queue.waiting_tickets(db, 2)] == ["A-001", "B-001", "B-002"]
    assert label_of(queue.call_next(db, 2)) == "A-001"
    # no number of B was used up
    assert queue.issue_ticket(db, "B").ticket.label == "B-003"


def test_transfer_refusals(db: Database, fake_clock: FakeClock) -> None:
    with pytest.raises(InvalidState, match="no visitor to transfer"):
        queue.transfer(db, 1, "B")
    queue.issue_ticket(db, "A")
    queue.call_next(db, 1)
    with pytest.raises(InvalidState, match="A-001 is already in CAPA Desk"):
        queue.transfer(db, 1, "A")
    with pytest.raises(NotFound):
        queue.transfer(db, 1, "Q")
    set_service(db, "C", active=False)
    with pytest.raises(ServiceUnavailable) as info:
        queue.transfer(db, 1, "C")
    assert info.value.reason == "inactive"
    assert tickets(db)[0]["status"] == "called" and len(tickets(db)) == 1
    # a transferred priority visitor stays a priority visitor
    p = queue.issue_ticket(db, "A", priority=True).ticket
    queue.call_ticket(db, 3, p.id)
    assert queue.transfer(db, 3, "F").priority is True


def test_cancel(db: Database, fake_clock: FakeClock) -> None:
    a1 = queue.issue_ticket(db, "A").ticket
    a2 = queue.issue_ticket(db, "A").ticket
    a3 = queue.issue_ticket(db, "A").ticket
    gone = queue.cancel(db, a1.id, "left the building")
    assert (gone.status, gone.finished_at) == ("cancelled", fake_clock.current)
    assert json.loads(events(db, a1.id)[-1]["detail"]) == {"reason": "left the building"}
    assert label_of(queue.call_next(db, 1)) == "A-002"
    gone = queue.cancel(db, a2.id)  # a called visitor who left: the counter is free again
    assert gone.status == "cancelled" and events(db, a2.id)[-1]["detail"] is None
    assert counter_row(db, 1)["current_ticket_id"] is None
    assert kinds(db, a2.id) == ["issued", "called", "cancelled"]
    queue.call_next(db, 1)
    queue.start_service(db, 1)
    with pytest.raises(InvalidState, match="cannot cancel A-003: it is serving"):
        queue.cancel(db, a3.id)
    with pytest.raises(InvalidState, match="it is cancelled"):
        queue.cancel(db, a1.id)
    with pytest.raises(NotFound):
        queue.cancel(db, 99999)


def test_pause_and_resume(db: Database, fake_clock: FakeClock) -> None:
    a1 = queue.issue_ticket(db, "A").ticket
    a2 = queue.issue_ticket(db, "A").ticket
    queue.call_next(db, 1)
    # a counter with a visitor called or being served cannot pause: the visit is closed first
    with pytest.raises(InvalidState, match="close A-001 first: counter 1 cannot pause while it is called"):
        queue.pause_counter(db, 1, "istirahat")
    queue.start_service(db, 1)
    with pytest.raises(InvalidState, match="close A-001 first: counter 1 cannot pause while it is serving"):
        queue.pause_counter(db, 1, "istirahat")
    assert counter_row(db, 1)["paused"] is False
    assert queue.finish(db, 1).id == a1.id
    queue.pause_counter(db, 1, "  istirahat  ")
    row = counter_row(db, 1)
    assert row["paused"] is True and row["pause_reason"] == "istirahat"
    with pytest.raises(CounterPaused, match="counter 1 is paused"):
        queue.call_next(db, 1)
    with pytest.raises(CounterPaused):
        queue.call_ticket(db, 1, a2.id)
    with pytest.raises(InvalidState, match="already paused"):
        queue.pause_counter(db, 1)
    state = {c.number: c for c in queue.queue_snapshot(db).counters}[1]
    assert (state.paused, state.pause_reason) == (True, "istirahat")
    assert queue.queue_snapshot(db).services[0].waiting == 1  # A-002 still waits
    queue.resume_counter(db, 1)
    row = counter_row(db, 1)
    assert row["paused"] is False and row["pause_reason"] is None
    assert label_of(queue.call_next(db, 1)) == "A-002"
    with pytest.raises(InvalidState, match="not paused"):
        queue.resume_counter(db, 1)
    counter_events = [e for e in events(db) if e["ticket_id"] is None]
    assert [e["kind"] for e in counter_events] == ["paused", "resumed"]
    assert all(e["counter_id"] == counter_id(db, 1) for e in counter_events)
    assert json.loads(counter_events[0]["detail"]) == {"reason": "  istirahat  "}


def test_pause_without_reason(db: Database, fake_clock: FakeClock) -> None:
    queue.pause_counter(db, 2)
    assert counter_row(db, 2)["pause_reason"] is None
    assert events(db)[-1]["detail"] is None


# -- officers ---------------------------------------------------------------------------------------


def test_sign_in(db: Database, fake_clock: FakeClock) -> None:
    vacate(db, 1)
    with pytest.raises(AuthError, match="wrong username or password"):
        queue.sign_in(db, 1, "siti", "wrong")
    with pytest.raises(AuthError):
        queue.sign_in(db, 1, "nobody", "siti123")
    assert counter_row(db, 1)["officer_id"] is None
    me = queue.sign_in(db, 1, " siti ", "siti123")
    assert (me.username, me.display_name, me.role, me.active) == ("siti", "Siti Rahmawati", "officer", True)
    assert counter_row(db, 1)["officer_id"] == me.id == officer_id(db, "siti")
    assert queue.sign_in(db, 1, "siti", "siti123").id == me.id  # signing in again is fine
    queue.issue_ticket(db, "A")
    called = queue.call_next(db, 1).ticket
    assert called is not None and called.officer == "Siti Rahmawati"
    assert events(db, called.id)[-1]["officer_id"] == me.id


def test_sign_in_take_over(db: Database, fake_clock: FakeClock) -> None:
    vacate(db)
    first = len(events(db))
    queue.sign_in(db, 2, "siti", "siti123")
    with pytest.raises(CounterOccupied, match="Siti Rahmawati is signed in at counter 2") as info:
        queue.sign_in(db, 2, "budi", "budi123")
    assert info.value.officer == "Siti Rahmawati"
    assert counter_row(db, 2)["officer_id"] == officer_id(db, "siti")
    with pytest.raises(AuthError):  # the password is checked before anything else
        queue.sign_in(db, 2, "budi", "nope", take_over=True)
    budi = queue.sign_in(db, 2, "budi", "budi123", take_over=True)
    assert counter_row(db, 2)["officer_id"] == budi.id
    queue.sign_out(db, 2)
    assert counter_row(db, 2)["officer_id"] is None
    queue.sign_in(db, 2, "agus", "agus123")  # free again: no take-over needed
    sign_events = [e for e in events(db)[first:] if e["kind"] in ("signed_in", "signed_out")]
    assert [e["kind"] for e in sign_events] == ["signed_in", "signed_out", "signed_in", "signed_out", "signed_in"]
    assert json.loads(sign_events[1]["detail"]) == {"taken_over_by": "budi"}
    assert sign_events[1]["officer_id"] == officer_id(db, "siti")  # who left, taken over
    assert [json.loads(e["detail"])["officer"] for e in sign_events if e["kind"] == "signed_in"] == ["siti", "budi", "agus"]


def test_inactive_officer_cannot_sign_in(db: Database, fake_clock: FakeClock) -> None:
    from sqlalchemy import select

    from db.models import Officer

    with db.write() as s:
        s.scalar(select(Officer).where(Officer.username == "agus")).active = False  # type: ignore[union-attr]
    with pytest.raises(AuthError):
        queue.sign_in(db, 1, "agus", "agus123")


# -- the event log ------------------------------------------------------------------------------------


def test_every_change_writes_an_event(db: Database, fake_clock: FakeClock) -> None:
    queue.sign_in(db, 1, "siti", "siti123")
    a = queue.issue_ticket(db, "A").ticket
    b = queue.issue_ticket(db, "B").ticket
    c = queue.issue_ticket(db, "C").ticket
    queue.call_next(db, 1)
    queue.recall(db, 1)
    queue.start_service(db, 1)
    queue.transfer(db, 1, "C")  # A-001 -> C
    queue.call_next(db, 1)  # B-001
    queue.mark_no_show(db, 1)
    queue.cancel(db, c.id)
    queue.pause_counter(db, 1)
    queue.resume_counter(db, 1)
    queue.call_next(db, 2)  # the transferred A-001
    queue.finish(db, 2)
    queue.sign_out(db, 1)
    assert kinds(db) == [
        "signed_in", "issued", "issued", "issued", "called", "recalled", "started", "transferred",
        "requeued", "called", "no_show", "cancelled", "paused", "resumed", "called", "finished", "signed_out",
    ]
    # each ticket's status is what its own events say
    replay = {"issued": "waiting", "requeued": "waiting", "called": "called", "recalled": "called",
              "started": "serving", "finished": "done", "no_show": "no_show", "cancelled": "cancelled",
              "transferred": "transferred", "expired": "expired"}
    for t in tickets(db):
        assert replay[kinds(db, t["id"])[-1]] == t["status"]
    assert {t["label"] for t in tickets(db)} == {a.label, b.label, c.label}
    assert all(e["day"] == MONDAY and e["at"] == fake_clock.current for e in events(db))


@pytest.mark.postgres
def test_postgresql_changes_are_notified(pg_cluster, pg_site_url: str, fake_clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    """Every change is announced with NOTIFY antrian, delivered once the transaction commits."""
    import psycopg

    db = Database(pg_site_url)
    listener = psycopg.connect(pg_site_url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)
    try:
        listener.execute("LISTEN antrian")
        issued = queue.issue_ticket(db, "A").ticket
        queue.call_next(db, 1)
        notes = list(listener.notifies(timeout=5, stop_after=2))
        payloads = [json.loads(n.payload) for n in notes]
        assert all(n.channel == "antrian" for n in notes)
        assert [(p["kind"], p["label"], p["service"], p["counter"]) for p in payloads] == [
            ("issued", "A-001", "A", None), ("called", "A-001", "A", 1)]
        assert [p["id"] for p in payloads] == [e["id"] for e in events(db)]
        # a refused action is rolled back: nothing is announced
        with pytest.raises(InvalidState):
            queue.mark_no_show(db, 2)
        assert list(listener.notifies(timeout=0.5)) == []
        assert issued.label == "A-001"
    finally:
        listener.close()
        db.dispose()


# -- the business day -------------------------------------------------------------------------------


def test_numbers_restart_next_business_day(db: Database, fake_clock: FakeClock) -> None:
    fake_clock.current = wib(2026, 3, 2, 23, 50)
    assert [queue.issue_ticket(db, "A").ticket.label for _ in range(3)] == ["A-001", "A-002", "A-003"]
    queue.call_next(db, 1)  # A-001 called, never started
    queue.call_next(db, 3)  # A-002 called
    queue.start_service(db, 3)  # ... and being served
    fake_clock.current = wib(2026, 3, 3, 0, 5)  # Tuesday in Jakarta (still Monday 17:05 UTC)
    t = queue.issue_ticket(db, "A").ticket
    assert (t.label, t.seq, t.day) == ("A-001", 1, date(2026, 3, 3))
    rows = {(r["label"], r["day"]): r for r in tickets(db)}
    assert rows[("A-003", MONDAY)]["status"] == "expired"  # yesterday's waiting ticket
    assert rows[("A-001", MONDAY)]["status"] == "expired"  # called yesterday, never came
    assert rows[("A-002", MONDAY)]["status"] == "serving"  # a visit in progress is left alone
    assert rows[("A-003", MONDAY)]["finished_at"] == fake_clock.current
    assert counter_row(db, 1)["current_ticket_id"] is None
    assert counter_row(db, 3)["current_ticket_id"] == rows[("A-002", MONDAY)]["id"]
    expired = events(db, kind="expired")
    assert sorted(e["label"] for e in expired) == ["A-001", "A-003"]
    assert all(e["day"] == date(2026, 3, 3) for e in expired)
    snap = queue.queue_snapshot(db)
    assert snap.day == date(2026, 3, 3)
    a = {q.code: q for q in snap.services}["A"]
    assert (a.waiting, a.issued_today) == (1, 1)
    assert snap.recent_calls == ()  # yesterday's calls are not today's history
    # yesterday's tickets are never called today
    queue.finish(db, 3)
    assert label_of(queue.call_next(db, 1)) == "A-001"
    assert queue.call_next(db, 1, close_as="no_show").ticket is None


def test_stale_tickets_expire_even_if_the_first_action_of_the_day_fails(db: Database, fake_clock: FakeClock) -> None:
    fake_clock.current = wib(2026, 3, 2, 16, 0)
    queue.issue_ticket(db, "A")
    fake_clock.current = wib(2026, 3, 3, 8, 0)
    with pytest.raises(NotFound):
        queue.issue_ticket(db, "Z")  # rolled back, the expiry with it
    assert queue.call_next(db, 1).ticket is None
    assert [t["status"] for t in tickets(db)] == ["expired"]


def test_business_day_follows_the_reset_time_and_time_zone(db: Database, fake_clock: FakeClock) -> None:
    set_setting(db, "day_reset", "03:00")
    fake_clock.current = wib(2026, 3, 2, 23, 0)
    assert queue.issue_ticket(db, "A").ticket.day == MONDAY
    fake_clock.current = wib(2026, 3, 3, 2, 59)  # before the reset: still Monday's numbers
    t = queue.issue_ticket(db, "A").ticket
    assert (t.label, t.day) == ("A-002", MONDAY)
    fake_clock.current = wib(2026, 3, 3, 3, 0)
    t = queue.issue_ticket(db, "A").ticket
    assert (t.label, t.day) == ("A-001", date(2026, 3, 3))
    # another site time zone moves the day boundary with it
    set_setting(db, "day_reset", "00:00")
    set_setting(db, "timezone", "Asia/Jayapura")  # WIT, UTC+9
    fake_clock.current = wib(2026, 3, 3, 22, 30)  # 00:30 Wednesday in Jayapura
    t = queue.issue_ticket(db, "A").ticket
    assert (t.label, t.day) == ("A-001", date(2026, 3, 4))


def test_jakarta_midnight_is_17_utc(db: Database, fake_clock: FakeClock) -> None:
    from datetime import datetime

    fake_clock.current = datetime(2026, 3, 2, 16, 59, 59, tzinfo=UTC)
    assert queue.issue_ticket(db, "A").ticket.day == MONDAY
    fake_clock.current = datetime(2026, 3, 2, 17, 0, 0, tzinfo=UTC)
    t = queue.issue_ticket(db, "A").ticket
    assert (t.day, t.label) == (date(2026, 3, 3), "A-001")


# -- estimated wait -------------------------------------------------------------------------------------


def test_estimated_wait_uses_target_then_recent_visits(db: Database, fake_clock: FakeClock) -> None:
    # A: target service time 20 min (sample); counters 1 and 3 serve A
    vacate(db, 1, 3)
    first = queue.issue_ticket(db, "A")
    assert (first.people_ahead, first.wait.staffed, first.wait.low_min) == (0, False, 0)
    assert first.wait.high_min >= 30  # nobody signed in: a counter may take a while to open
    queue.issue_ticket(db, "A")
    queue.sign_in(db, 1, "siti", "siti123")
    queue.sign_in(db, 3, "budi", "budi123")  # budi moves from counter 2
    queue.call_next(db, 1)
    queue.call_next(db, 3)
    now = queue.issue_ticket(db, "A")  # nobody ahead, but both counters busy since just now
    assert now.people_ahead == 0 and now.wait.staffed and not now.wait.is_now
    assert now.wait.low_min <= 20 <= now.wait.high_min  # the visits in progress end in about 20 min
    prior = queue.issue_ticket(db, "A").wait  # one ahead
    assert prior.high_min > now.wait.high_min
    # Today's visits take 40 minutes (twice the standard): the estimate follows the evidence.
    for _ in range(2):
        fake_clock.advance(minutes=40)
        queue.finish(db, 1)
        queue.finish(db, 3)
        queue.call_next(db, 1)
        queue.call_next(db, 3)
    for _ in range(2):
        queue.issue_ticket(db, "A")
    slow = queue.issue_ticket(db, "A").wait
    snap = queue.queue_snapshot(db)
    a = {q.code: q for q in snap.services}["A"]
    assert a.waiting == 3 and a.wait.staffed
    assert slow.low_min >= 10 and slow.high_min >= 40  # one visit of (20 + 40) / 2 min or so ahead
    queue.pause_counter(db, 3)  # nobody was left for counter 3 to call; paused, it does not count
    paused = queue.issue_ticket(db, "A").wait
    assert paused.low_min > slow.low_min and paused.high_min > slow.high_min


def test_quick_visits_do_not_shrink_the_estimate_below_the_bound(db: Database, fake_clock: FakeClock) -> None:
    set_setting(db, "average_window", 3)
    vacate(db, 3)  # counter 1 alone serves A
    for _ in range(3):  # three visits of one minute each (the standard is 20)
        queue.issue_ticket(db, "A")
        queue.call_next(db, 1)
        fake_clock.advance(minutes=1)
        queue.finish(db, 1)
    for _ in range(7):
        queue.issue_ticket(db, "A")
    issued = queue.issue_ticket(db, "A")
    assert issued.people_ahead == 7
    # Counter 1 alone serves A now (counter 3 has nobody): 7 visits of at least 0.6 x 20 min.
    assert issued.wait.low_min >= 40


def test_priority_ticket_with_every_counter_busy_is_not_called_now(db: Database, fake_clock: FakeClock) -> None:
    # siti at counter 1 and agus at counter 3 (the test site) both serve A
    for _ in range(4):
        queue.issue_ticket(db, "A")
    queue.call_next(db, 1)
    queue.call_next(db, 3)
    fake_clock.advance(minutes=5)
    issued = queue.issue_ticket(db, "A", priority=True)
    assert issued.people_ahead == 0
    assert not issued.wait.is_now and issued.wait.high_min >= 10
    ordinary = queue.issue_ticket(db, "A").wait
    assert issued.wait.high_min < ordinary.high_min


# -- snapshot -----------------------------------------------------------------------------------------


def test_queue_snapshot(db: Database, fake_clock: FakeClock) -> None:
    vacate(db, 3)  # counter 1 alone serves A
    empty = queue.queue_snapshot(db)
    assert empty.day == MONDAY and empty.taken_at == fake_clock.current
    assert empty.site_name == "Direktorat Pengawasan Produksi Obat"
    assert [q.code for q in empty.services] == ["A", "B", "C", "D", "E", "F"]
    assert all(q.waiting == 0 and q.issued_today == 0 and q.unavailable_reason is None for q in empty.services)
    assert [(c.number, c.service_codes) for c in empty.counters] == [(1, ("A", "B")), (2, ("C", "D", "B")), (3, ("E", "F", "A"))]
    assert empty.recent_calls == () and empty.last_event_id == events(db)[-1]["id"]  # agus signed out
    assert empty.settings.timezone == "Asia/Jakarta" and empty.settings.recent_calls == 8

    queue.sign_in(db, 1, "siti", "siti123")
    for code in ("A", "A", "A", "B", "C"):
        queue.issue_ticket(db, code)
        fake_clock.advance(minutes=1)
    queue.call_next(db, 1)
    fake_clock.advance(minutes=1)
    queue.call_next(db, 2)
    queue.recall(db, 1)
    queue.sign_in(db, 3, "agus", "agus123")
    queue.pause_counter(db, 3, "rapat")  # a paused counter serves nobody: A is still counter 1's alone
    snap = queue.queue_snapshot(db)
    by_code = {q.code: q for q in snap.services}
    assert {c: (q.waiting, q.issued_today) for c, q in by_code.items()} == {
        "A": (2, 3), "B": (1, 1), "C": (0, 1), "D": (0, 0), "E": (0, 0), "F": (0, 0)}
    a = by_code["A"]
    assert (a.name_id, a.name_en, a.colour, a.daily_quota, a.target_wait_min, a.target_service_min) == (
        "Desk CAPA", "CAPA Desk", "#1565c0", 60, 30, 20)
    assert a.wait.staffed and a.wait.low_min >= 20  # 2 ahead, the one open counter busy
    assert not by_code["E"].wait.staffed  # only counter 3 serves E, and it is paused
    c1, c2, c3 = snap.counters
    assert (c1.officer, c1.paused, c1.current.label if c1.current else None) == ("Siti Rahmawati", False, "A-001")
    assert c1.current is not None and (c1.current.status, c1.current.recall_count) == ("called", 1)
    current = c2.current.label if c2.current else None
    assert (c2.paused, c2.pause_reason, c2.officer, current) == (False, None, "Budi Santoso", "C-001")
    assert (c3.current, c3.paused, c3.pause_reason) == (None, True, "rapat")
    assert [(r.label, r.counter_number, r.counter_name, r.kind, r.service_code) for r in snap.recent_calls] == [
        ("A-001", 1, "Loket 1", "recalled", "A"), ("C-001", 2, "Loket 2", "called", "C"), ("A-001", 1, "Loket 1", "called", "A")]
    assert snap.recent_calls[0].at == fake_clock.current
    assert snap.last_event_id == events(db)[-1]["id"]
    assert [r.label for r in queue.queue_snapshot(db, last_calls=1).recent_calls] == ["A-001"]


def test_recent_calls_limit_setting(db: Database, fake_clock: FakeClock) -> None:
    set_setting(db, "recent_calls", 2)
    for _ in range(4):
        queue.issue_ticket(db, "E")
    for _ in range(4):
        queue.call_next(db, 3, close_as="done")
    assert [r.label for r in queue.queue_snapshot(db).recent_calls] == ["E-004", "E-003"]


def test_waiting_tickets_and_ticket(db: Database, fake_clock: FakeClock) -> None:
    b = queue.issue_ticket(db, "B").ticket
    fake_clock.advance(minutes=1)
    a = queue.issue_ticket(db, "A").ticket
    fake_clock.advance(minutes=1)
    p = queue.issue_ticket(db, "B", priority=True).ticket
    assert [t.id for t in queue.waiting_tickets(db, 1)] == [p.id, a.id, b.id]
    assert [t.id for t in queue.waiting_tickets(db, 1, limit=2)] == [p.id, a.id]
    assert [t.id for t in queue.waiting_tickets(db, 2)] == [p.id, b.id]
    assert [t.id for t in queue.waiting_tickets(db, 3)] == [a.id]
    assert queue.ticket(db, a.id) == a
    with pytest.raises(NotFound):
        queue.ticket(db, 777777)
    with pytest.raises(NotFound):
        queue.waiting_tickets(db, 42)


def test_results_are_plain_dataclasses(db: Database, fake_clock: FakeClock) -> None:
    """Nothing returned is bound to a session: it can be used after the database is gone."""
    import dataclasses

    issued = queue.issue_ticket(db, "A")
    call = queue.call_next(db, 1)
    snap = queue.queue_snapshot(db)
    db.dispose()
    for obj in (issued, issued.ticket, call, call.ticket, snap, snap.counters[0], snap.services[0]):
        assert dataclasses.is_dataclass(obj)
    assert dataclasses.asdict(snap)["counters"][0]["current"]["label"] == "A-001"
    with pytest.raises(dataclasses.FrozenInstanceError):
        issued.ticket.label = "X"  # type: ignore[misc]
    assert issued.ticket.issued_at.tzinfo is not None and issued.ticket.issued_at.utcoffset() == timedelta(0)


@pytest.mark.postgres
def test_cancel_does_not_deadlock_with_the_counter(pg_site_url: str, fake_clock: FakeClock) -> None:
    """cancel() takes its locks in the same order as the counter actions (counter, then ticket).

    Another connection plays a counter action half-way: it holds the counter's row lock
    (as finish/call_next do first) while cancel() runs, then asks for the ticket's lock.
    Locking the other way round, the two would deadlock and PostgreSQL would abort one.
    """
    import threading

    import psycopg

    db = Database(pg_site_url)
    t = queue.issue_ticket(db, "A").ticket
    queue.call_next(db, 1)
    counter = psycopg.connect(pg_site_url.replace("postgresql+psycopg://", "postgresql://"))
    try:
        counter.execute("SELECT id FROM counters WHERE number = 1 FOR UPDATE")
        outcome: list[object] = []

        def cancel_it() -> None:
            try:
                outcome.append(queue.cancel(db, t.id))
            except Exception as e:
                outcome.append(e)

        worker = threading.Thread(target=cancel_it)
        worker.start()
        # wait until cancel() is blocked on a lock held by our transaction
        waiting = psycopg.connect(pg_site_url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)
        while not waiting.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
        ).fetchone()[0]:  # type: ignore[index]
            worker.join(0.02)
            assert worker.is_alive(), outcome
        waiting.close()
        # the counter action goes on: the ticket must be free (NOWAIT fails at once if cancel() holds it)
        counter.execute("SELECT id FROM tickets WHERE id = %s FOR UPDATE NOWAIT", (t.id,))
        counter.execute("UPDATE tickets SET status = 'done' WHERE id = %s", (t.id,))
        counter.execute("UPDATE counters SET current_ticket_id = NULL WHERE number = 1")
        counter.commit()
        worker.join()
    finally:
        counter.close()
        db.dispose()
    [result] = outcome
    # the counter finished the visit first; cancel then sees it done and refuses cleanly
    assert isinstance(result, InvalidState), result
    assert "it is done" in str(result)


def test_transfer_after_midnight_joins_todays_queue(db: Database, fake_clock: FakeClock) -> None:
    """A visit still open when the business day turns is transferred into today's queue, not lost,
    under today's next number of its new service: its old number may be someone else's today."""
    fake_clock.current = wib(2026, 3, 2, 23, 55)
    old = queue.issue_ticket(db, "A").ticket
    queue.call_next(db, 1)
    queue.start_service(db, 1)
    fake_clock.current = wib(2026, 3, 3, 0, 5)
    assert queue.issue_ticket(db, "A").ticket.label == "A-001"  # today's A-001 is someone else
    queue.issue_ticket(db, "B")  # B-001
    moved = queue.transfer(db, 1, "B")
    assert (moved.label, moved.seq, moved.status, moved.day) == ("B-002", 2, "waiting", date(2026, 3, 3))
    assert moved.transferred_from_id == old.id
    assert queue.ticket(db, old.id).label == "A-001"  # the old ticket keeps its number in the history
    waiting = [t.label for t in queue.waiting_tickets(db, 2)]
    assert waiting == ["B-002", "B-001"]  # it keeps its place (yesterday's arrival)
    assert len(set(waiting + [t.label for t in queue.waiting_tickets(db, 1)])) == 3  # A-001, B-001, B-002
    transferred = events(db, old.id, "transferred")[-1]
    assert json.loads(transferred["detail"]) == {"to": "B", "ticket": moved.id, "label": "B-002", "from_label": "A-001"}
    requeued = events(db, moved.id, "requeued")[-1]
    assert (requeued["label"], json.loads(requeued["detail"])) == (
        "B-002", {"from_ticket": old.id, "label": "B-002", "from_label": "A-001"})
    assert queue.issue_ticket(db, "B").ticket.label == "B-003"  # the number is taken for good
    assert label_of(queue.call_next(db, 2)) == "B-002"


def test_transfer_the_same_day_keeps_the_number(db: Database, fake_clock: FakeClock) -> None:
    """Within one business day a transferred visitor keeps their number (and no new one is used)."""
    t = queue.issue_ticket(db, "A").ticket
    queue.call_next(db, 1)
    moved = queue.transfer(db, 1, "B")
    assert (moved.label, moved.seq, moved.transferred_from_id) == ("A-001", 1, t.id)
    assert json.loads(events(db, t.id, "transferred")[-1]["detail"]) == {"to": "B", "ticket": moved.id}
    assert queue.issue_ticket(db, "B").ticket.label == "B-001"
