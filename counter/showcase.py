"""A realistic morning at Loket 1, for screenshots and trying the counter by hand.

    python -m counter.showcase /tmp/showcase.db
    ANTRIAN_PW=siti123 python -m counter --db /tmp/showcase.db --counter 1 \\
        --user siti --password-env ANTRIAN_PW --screenshot counter.png

Creates the database with the bundled sample site (every service open), then plays the
last hour: visitors arrive (one of them a priority visitor, one waiting past the
service's target time, one who booked for five minutes ago and checked in at the kiosk
with the booking's code), Loket 1 serves a few and is serving one now.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from db import booking, demo, queue, roles
from db.clock import set_clock


def prepare(path: Path, *, counter: int = 1, user: str = "siti", password: str = "siti123") -> None:
    """Write the showcase database at ``path`` (replacing it)."""
    db = demo.prepare(path, fresh=True)  # the sample site, every service open all day
    now = datetime.now(UTC)
    clock = {"t": now - timedelta(minutes=75)}
    set_clock(lambda: clock["t"])

    def at(minutes_ago: float) -> None:
        clock["t"] = now - timedelta(minutes=minutes_ago)

    try:
        with db.read() as s:
            tz = queue.site_now(s)[2].zone
        booked = (now - timedelta(minutes=5)).astimezone(tz)  # booked on line for five minutes ago
        new = booking.NewBooking("A", booked.date(), booked.time().replace(second=0, microsecond=0),
                                 company="PT Sehat Sentosa Farma")
        actor = roles.sign_in(db, "supervisor", "supervisor123", place="counter showcase")  # the sample's supervisor
        booked_code = booking.add(db, new, actor=actor).code
        roles.sign_out(db, actor)
        queue.sign_in(db, counter, user, password, take_over=True)
        for ago, code in ((75, "A"), (72, "B"), (70, "A")):
            at(ago)
            queue.issue_ticket(db, code)
        for ago, action in ((68, "call"), (67, "start"), (58, "call"), (56, "start"), (47, "call"), (44, "no_show")):
            at(ago)
            if action == "call":
                queue.call_next(db, counter)
            elif action == "start":
                queue.start_service(db, counter)
            else:
                queue.mark_no_show(db, counter)
        for ago, code, priority in ((41, "B", False), (20, "A", False), (16, "B", False)):
            at(ago)
            queue.issue_ticket(db, code, priority=priority)
        at(15)
        queue.call_next(db, counter)  # Desk CAPA comes first at Loket 1: the A issued 20 min ago
        at(14)
        queue.start_service(db, counter)
        for ago, code, priority in ((12, "A", False), (10, "", False), (9, "B", False), (6, "A", True), (3, "A", False),
                                    (1, "B", False)):
            at(ago)
            if code:
                queue.issue_ticket(db, code, priority=priority)
            else:  # the booked visitor checks in at the kiosk, five minutes before the booked time
                booking.check_in(db, booked_code)
    finally:
        set_clock(None)
    db.dispose()


if __name__ == "__main__":
    prepare(Path(sys.argv[1] if len(sys.argv) > 1 else "showcase.db"))
