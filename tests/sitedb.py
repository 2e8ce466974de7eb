"""Preparing a test database with the bundled sample site (shared by conftest and e2e tests)."""

from __future__ import annotations

from db.database import Database

# Who is signed in where on the standard test site (the sample site's officers): counter
# operations need an officer at the counter, so most tests just call them.
SEATED = {1: ("siti", "siti123"), 2: ("budi", "budi123"), 3: ("agus", "agus123")}


def prepare_site(url: str, *, seated: bool = True) -> None:
    """Create the schema at ``url``, apply the bundled sample site and clear every opening time,
    booking quota and requirement (tests that need them set their own); with ``seated`` sign
    the officers of :data:`SEATED` in at their counters."""
    from sqlalchemy import delete, select, text

    from db import siteconfig
    from db.models import Service, TicketEvent

    db = Database(url)
    try:
        siteconfig.apply(db, siteconfig.load(siteconfig.SAMPLE))
        with db.write() as s:
            for svc in s.scalars(select(Service)):
                svc.hours = {}
                svc.booking_quota = None
                svc.requirements_id = svc.requirements_en = ""
        if seated:
            from db import queue

            for number, (user, password) in SEATED.items():
                queue.sign_in(db, number, user, password)
            with db.write() as s:  # tests count events from an empty log, numbered from 1
                s.execute(delete(TicketEvent))
                if db.dialect == "postgresql":
                    s.execute(text("SELECT setval(pg_get_serial_sequence('ticket_events', 'id'), 1, false)"))
    finally:
        db.dispose()
