"""The demo's visitors who booked for today check in with their code a little before their
time, so the counters and the board show booked visitors among the walk-ins."""

from __future__ import annotations

from sqlalchemy import select

from db import booking
from db.clock import FakeClock
from db.database import Database
from db.demo import DEMO_BOOKINGS, Simulator
from db.models import Ticket


def test_the_demos_booked_visitors_check_in_and_are_served(db: Database, fake_clock: FakeClock) -> None:
    sim = Simulator(db, seed=3)
    codes = sim.book_today()
    assert len(codes) == len(DEMO_BOOKINGS)
    today = booking.bookings(db)
    assert {b.code for b in today} == set(codes) and {b.status for b in today} == {"booked"}
    assert [b.company for b in today if b.code == codes[0]] == [DEMO_BOOKINGS[0][3]]
    for second in range(0, 40 * 60, 2):  # at most 40 minutes: until every booked visitor came, one served
        sim.step(float(second))
        fake_clock.advance(seconds=2)
        if second % 120 == 0 and not sim.arriving and _a_booked_visit_is_done(db):
            break
    assert sim.arriving == []
    done = {b.code: b for b in booking.bookings(db)}
    assert {b.status for b in done.values()} == {"checked_in"}  # each came within its window
    with db.read() as s:
        tickets = {tid: (queue_time, status) for tid, queue_time, status in
                   s.execute(select(Ticket.id, Ticket.queue_time, Ticket.status).where(Ticket.source == "booking"))}
    assert sorted(tickets) == sorted(b.ticket_id for b in done.values() if b.ticket_id is not None)
    for b in done.values():
        assert tickets[b.ticket_id][0] == b.booked_at  # type: ignore[index]  # its place in the queue: the booked time
    assert any(status == "done" for _, status in tickets.values())  # the simulated officers served them too


def _a_booked_visit_is_done(db: Database) -> bool:
    with db.read() as s:
        return s.scalar(select(Ticket.id).where(Ticket.source == "booking", Ticket.status == "done").limit(1)) is not None
