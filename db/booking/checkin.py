"""Checking a booking in at the kiosk: its code becomes a ticket whose place in the queue is
the booked time, in the same transaction that marks the booking checked in.

The rule, by the site's clock (``booking_early_minutes`` / ``booking_late_minutes``):

- inside ``[booked − early, booked + late]``: a booked ticket (``source = "booking"``,
  ``queue_time`` = the booked time), whatever today's quota and hours say: the booking
  was accepted against them;
- before it: come back when it opens (another day's booking too);
- after it, the same day: an ordinary ticket, queued now, and the booking is ``late``;
- its day past: ``missed``.

A booking that has its ticket already gets that same ticket again while it waits or is
at a counter (a second scan, two kiosks at once), and ``used`` once it was served. The
call order is unchanged (priority, the counter's rule, queue time; ``docs/DEVELOPING.md``).
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from db import statements as sql
from db.booking.codes import normalise_code
from db.booking.records import CheckIn
from db.booking.store import info_of, info_query, window
from db.database import Database
from db.driver import DriverConnection
from db.estimate import NOW
from db.models import Booking, Ticket
from db.queue import PendingSlip, _info, _todays_write, issue_within, retried
from db.records import OPEN_STATES, IssuedTicket, TicketStatus
from db.settings import SiteSettings


@retried
def check_in(db: Database, raw_code: str) -> CheckIn:
    """What booking code ``raw_code`` (typed or scanned) comes to now; see the module's rule.

    The slip of a ticket issued or found again is read after the commit (``PendingSlip``).
    """
    code = normalise_code(raw_code)
    if code is None:
        return CheckIn("invalid")
    with _todays_write(db) as (c, now, day, st):
        outcome, pending = _check_in(c, now, day, st, code)
    if pending is not None:
        outcome = dataclasses.replace(outcome, issued=pending.read(db))
    return outcome


def _check_in(c: DriverConnection, now: datetime, day: date, st: SiteSettings,
              code: str) -> tuple[CheckIn, PendingSlip | None]:
    """:func:`check_in` inside its write transaction: the outcome, and the slip still to read."""
    row = c.execute(_LOCKED, {"code": code}).first()
    if row is None:
        return CheckIn("unknown"), None
    booking = info_of(row, st)
    if booking.status == "cancelled":
        return CheckIn("cancelled", booking), None
    if booking.ticket_id is not None:
        return _again(c, now, day, st, booking)
    opens, closes = window(st, booking.booked_at)
    if now < opens:
        return CheckIn("early", booking, opens_at=opens), None
    if now > closes and booking.day != day:
        return CheckIn("missed", booking), None
    all_services = c.execute(sql.ALL_SERVICES, {"day": day}).all()
    svc = next(v for v in all_services if v.code == booking.service_code)
    if not svc.active or svc.open_override is False:
        return CheckIn("unavailable", booking, reason="inactive" if not svc.active else "closed"), None
    on_time = now <= closes
    pending = issue_within(c, now, day, st, all_services, svc, source="booking" if on_time else "kiosk",
                           queue_time=booking.booked_at if on_time else None)
    status = "checked_in" if on_time else "late"
    c.execute(_CHECKED_IN, {"booking_id": booking.id, "status": status, "ticket_id": pending.ticket.id, "now": now})
    after = info_of(c.execute(_LOCKED, {"code": code}).one(), st)
    return CheckIn("issued" if on_time else "late", after), pending


# The booking with its service and ticket, locked (PostgreSQL; SQLite holds the write lock).
_LOCKED = info_query().where(Booking.code == bindparam("code")).with_for_update(of=Booking)
_CHECKED_IN = (
    update(Booking)
    .where(Booking.id == bindparam("booking_id"))
    .values(status=bindparam("status"), ticket_id=bindparam("ticket_id"), checked_in_at=bindparam("now"))
)


def _again(c: DriverConnection, now: datetime, day: date, st: SiteSettings,
           booking: Any) -> tuple[CheckIn, PendingSlip | None]:
    """A booking that has its ticket: the same ticket again while it is still in the queue
    or at a counter (followed through transfers), else ``used``."""
    with Session(bind=c.connection) as s:  # joins this transaction; never commits it
        t = s.get(Ticket, booking.ticket_id)
        while t is not None and t.status == TicketStatus.TRANSFERRED:
            t = s.scalar(select(Ticket).where(Ticket.transferred_from_id == t.id))
        if t is None or (t.status != TicketStatus.WAITING and t.status not in OPEN_STATES):
            return CheckIn("used", booking), None
        info, service_id = _info(s, t), t.service_id
    if info.status != TicketStatus.WAITING:  # at a counter now: nobody ahead
        return CheckIn("reprint", booking, IssuedTicket(info, 0, NOW, st.site_name, st.ticket_footer)), None
    return CheckIn("reprint", booking), PendingSlip(info, service_id, None, now, day, st)
