"""A booked visitor's ticket for tests that need one without going through a booking: an
ordinary ticket with ``source == "booking"`` and its queue time at the booked time, which
is what ``db.booking.check_in`` leaves (``tests/db/test_booking*.py`` test that path)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update

from db import queue
from db.database import Database
from db.models import Ticket
from db.records import TicketInfo


def booked_ticket(db: Database, service_code: str, booked_at: datetime, *, priority: bool = False) -> TicketInfo:
    """Issue a ticket of ``service_code`` now and make it a booked one for ``booked_at`` (UTC)."""
    issued = queue.issue_ticket(db, service_code, priority=priority, source="booking").ticket
    with db.write() as s:
        s.execute(update(Ticket).where(Ticket.id == issued.id).values(queue_time=booked_at))
    return queue.ticket(db, issued.id)
