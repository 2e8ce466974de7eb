"""Counter figures of the day, and the counter window's combined reading."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from db import queue, stats
from db.clock import FakeClock
from db.database import Database
from db.errors import VisitNotStarted
from db.records import CounterFigures
from tests.db.dbtools import count_statements


def _a_morning_at_counter_1(db: Database, clock: FakeClock) -> None:
    for _ in range(4):
        queue.issue_ticket(db, "A")
    queue.call_next(db, 1)  # A-001 called
    queue.start_service(db, 1)
    clock.advance(minutes=4)
    queue.call_next(db, 1)  # A-001 done after 4 minutes; A-002 called
    queue.mark_no_show(db, 1)  # A-002 did not come
    queue.call_next(db, 1)  # A-003 called
    queue.start_service(db, 1)
    clock.advance(minutes=6)
    queue.finish(db, 1)  # A-003 done after 6 minutes


def test_figures_count_visits_and_no_shows_and_average_the_service_time(db: Database, fake_clock: FakeClock) -> None:
    assert stats.counter_figures(db, 1) == CounterFigures(served=0, no_shows=0, average_service_min=None)
    _a_morning_at_counter_1(db, fake_clock)
    assert stats.counter_figures(db, 1) == CounterFigures(served=2, no_shows=1, average_service_min=5.0)
    assert stats.counter_figures(db, 2) == CounterFigures(served=0, no_shows=0, average_service_min=None)


def test_counter_desk_is_the_three_readings_in_one_transaction(db: Database, fake_clock: FakeClock) -> None:
    _a_morning_at_counter_1(db, fake_clock)
    transactions: list[object] = []

    def began(conn: object) -> None:
        transactions.append(conn)

    event.listen(db.engine, "begin", began)
    try:
        snapshot, waiting, figures = stats.counter_desk(db, 1)
    finally:
        event.remove(db.engine, "begin", began)
    assert len(transactions) == 1
    assert [t.label for t in waiting] == ["A-004"]
    assert waiting == queue.waiting_tickets(db, 1)
    assert figures == stats.counter_figures(db, 1)
    separately = queue.queue_snapshot(db, last_calls=0)
    assert snapshot.counters == separately.counters
    assert snapshot.services == separately.services
    assert snapshot.last_event_id == separately.last_event_id


def test_calling_twice_counts_nobody_served_unless_chosen(db: Database, fake_clock: FakeClock) -> None:
    """Issue 10: pressing "call next" twice no longer counts a visitor who never came as served."""
    _a_morning_at_counter_1(db, fake_clock)
    before = stats.counter_figures(db, 1)
    queue.call_next(db, 1)  # A-004 called
    fake_clock.advance(seconds=20)
    with pytest.raises(VisitNotStarted, match="A-004 was called but not served yet"):
        queue.call_next(db, 1)  # nobody chose how A-004 ends
    assert stats.counter_figures(db, 1) == before  # neither served nor a no-show, and the average kept
    queue.call_next(db, 1, close_as="no_show")
    assert stats.counter_figures(db, 1) == CounterFigures(before.served, before.no_shows + 1, before.average_service_min)
def _a_busy_office(db: Database, clock: FakeClock, waiting: int) -> None:
    """Three counters signed in and busy, visits finished today, ``waiting`` more in the queues."""
    for number, (user, password) in {1: ("siti", "siti123"), 2: ("budi", "budi123"), 3: ("agus", "agus123")}.items():
        queue.sign_in(db, number, user, password)
    for code in "ABCDEF" * 2:
        queue.issue_ticket(db, code)
    for number in (1, 2, 3):
        queue.call_next(db, number)
        queue.start_service(db, number)
        clock.advance(minutes=3)
        queue.finish(db, number)
        queue.call_next(db, number)
    queue.start_service(db, 2)
    for i in range(waiting):
        queue.issue_ticket(db, "ABCDEF"[i % 6], priority=i % 5 == 0)


# The counter window re-reads its desk on every change in the office: a handful of
# statements, however many counters are busy and tickets wait: 10 on SQLite and on
# PostgreSQL (33 before); the bound leaves room for a statement or two more.
DESK_STATEMENTS = 14


def test_the_counter_desk_is_a_handful_of_statements(db: Database, fake_clock: FakeClock) -> None:
    _a_busy_office(db, fake_clock, waiting=12)
    desk = stats.counter_desk(db, 1)
    assert all(c.current is not None for c in desk[0].counters) and len(desk[1]) >= 5
    few = count_statements(db, lambda: stats.counter_desk(db, 1))
    assert few <= DESK_STATEMENTS
    for i in range(24):
        queue.issue_ticket(db, "AB"[i % 2])
    assert count_statements(db, lambda: stats.counter_desk(db, 1)) == few  # not one more per ticket
    assert count_statements(db, lambda: queue.queue_snapshot(db)) <= DESK_STATEMENTS
