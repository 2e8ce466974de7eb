"""The hand-computed day of the report tests: Monday 2 March 2026, counter 1 (siti) only.

Every figure of this day is worked out by hand in ``tests/db/test_reports.py``.

    08.00  counters 2 and 3 signed out; siti signs in at counter 1
    08.00  A-001 issued (kiosk)                     t1
    08.05  A-002 issued (counter, priority)          t2
    08.10  B-001 issued (booking)                    t3
    08.10  counter 1 calls A-002 (priority first)    wait 5
    08.12  starts; 08.20 finishes                    service 8
    08.20  calls A-001                               wait 20
    08.25  recalls A-001; 08.30 no-show
    08.30  pauses; 08.40 resumes
    08.40  calls B-001                               wait 30 (= target: met)
    08.45  starts; 08.55 transfers it to A           t4: A, entry 08.10
    09.00  calls t4                                  wait 50 (target 30: not met)
    09.05  starts; 09.20 finishes                    service 15
    09.20  A-003 issued (kiosk)                      t5, cancelled 10.00 (40 min uncalled: not met)
    10.00  B-002 issued (kiosk)                      t6, cancelled 10.10 (10 min: not measured)
    10.30  siti signs out
"""

from __future__ import annotations

from datetime import UTC, date

from db import queue
from db.clock import FakeClock
from db.database import Database
from tests.db.dbtools import vacate, wib

DAY = date(2026, 3, 2)


def at(clock: FakeClock, hour: int, minute: int) -> None:
    """Set the clock to ``hour:minute`` WIB on :data:`DAY`."""
    clock.current = wib(DAY.year, DAY.month, DAY.day, hour, minute).astimezone(UTC)


def play(db: Database, clock: FakeClock) -> dict[str, int]:
    """Run the day; returns the ticket ids by name (t1 … t6)."""
    at(clock, 8, 0)
    vacate(db, 2, 3)
    queue.sign_in(db, 1, "siti", "siti123")
    t1 = queue.issue_ticket(db, "A").ticket.id
    at(clock, 8, 5)
    t2 = queue.issue_ticket(db, "A", priority=True, source="counter").ticket.id
    at(clock, 8, 10)
    t3 = queue.issue_ticket(db, "B", source="booking").ticket.id
    assert queue.call_next(db, 1).ticket.id == t2  # type: ignore[union-attr]
    at(clock, 8, 12)
    queue.start_service(db, 1)
    at(clock, 8, 20)
    queue.finish(db, 1)
    assert queue.call_next(db, 1).ticket.id == t1  # type: ignore[union-attr]
    at(clock, 8, 25)
    queue.recall(db, 1)
    at(clock, 8, 30)
    queue.mark_no_show(db, 1)
    queue.pause_counter(db, 1, "rapat")
    at(clock, 8, 40)
    queue.resume_counter(db, 1)
    assert queue.call_next(db, 1).ticket.id == t3  # type: ignore[union-attr]
    at(clock, 8, 45)
    queue.start_service(db, 1)
    at(clock, 8, 55)
    t4 = queue.transfer(db, 1, "A").id
    at(clock, 9, 0)
    assert queue.call_next(db, 1).ticket.id == t4  # type: ignore[union-attr]
    at(clock, 9, 5)
    queue.start_service(db, 1)
    at(clock, 9, 20)
    queue.finish(db, 1)
    t5 = queue.issue_ticket(db, "A").ticket.id
    at(clock, 10, 0)
    queue.cancel(db, t5)
    t6 = queue.issue_ticket(db, "B").ticket.id
    at(clock, 10, 10)
    queue.cancel(db, t6)
    at(clock, 10, 30)
    queue.sign_out(db, 1)
    return {"t1": t1, "t2": t2, "t3": t3, "t4": t4, "t5": t5, "t6": t6}
