"""The snapshot's per-service extras the board and kiosk show: the next numbers to be
called and, for a closed service, its next opening. On SQLite and PostgreSQL."""

from __future__ import annotations

from db import queue
from db.clock import FakeClock
from db.database import Database
from tests.db.dbtools import set_service, wib


def heads(db: Database) -> dict[str, tuple[str, ...]]:
    return {q.code: q.next_labels for q in queue.queue_snapshot(db).services}


def test_next_labels_follow_the_call_order(db: Database, fake_clock: FakeClock) -> None:
    assert heads(db)["A"] == ()
    for _ in range(4):
        queue.issue_ticket(db, "A")
        fake_clock.advance(minutes=1)
    queue.issue_ticket(db, "A", priority=True)  # A-005 jumps the queue
    queue.issue_ticket(db, "B")
    got = heads(db)
    assert got["A"] == ("A-005", "A-001", "A-002")
    assert got["B"] == ("B-001",)
    assert got["C"] == ()

    queue.sign_in(db, 1, "siti", "siti123")
    assert queue.call_next(db, 1).ticket.label == "A-005"  # type: ignore[union-attr]
    assert heads(db)["A"] == ("A-001", "A-002", "A-003")  # the called one leaves the list


def test_closed_service_tells_its_next_opening(db: Database, fake_clock: FakeClock) -> None:
    week = {d: ["08:00", "15:00"] for d in ("mon", "tue", "wed", "thu")} | {"fri": ["08:00", "14:30"]}
    set_service(db, "A", hours=week)
    fake_clock.current = wib(2026, 3, 6, 16, 0)  # Friday after closing
    a = {q.code: q for q in queue.queue_snapshot(db).services}["A"]
    assert a.unavailable_reason == "closed"
    assert a.opens_next == wib(2026, 3, 9, 8, 0)
    assert a.opens_next.utcoffset() is not None and a.opens_next.weekday() == 0  # type: ignore[union-attr]
    fake_clock.current = wib(2026, 3, 9, 9, 0)
    a = {q.code: q for q in queue.queue_snapshot(db).services}["A"]
    assert a.unavailable_reason is None and a.opens_next is None
