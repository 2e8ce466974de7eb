"""The statements that find a counter's next ticket name the ticket the whole sorted queue
names (``NEXT_WAITING``): ``NEXT_WAITING_FIRSTS``, the first of each queue (SQLite's, and
valid on both databases), and on PostgreSQL ``NEXT_WAITING_HEADS``, the heads of each
queue (its ``LATERAL`` is not SQLite's), through a day of mixed queues."""

from __future__ import annotations

import random
from typing import Any

from db import queue
from db import statements as sql
from db.database import Database
from db.driver import DriverConnection
from tests.db.dbtools import set_counter

COUNTERS = (1, 2, 3)


def _next_by_each(db: Database, counter_id: int, by_service_order: bool) -> dict[str, Any]:
    """Each statement's row for the counter, read in one transaction through the driver."""
    with db.write_connection() as conn:
        driver = DriverConnection(conn)
        day = queue.site_now(driver)[1]
        params = {"counter_id": counter_id, "day": day}
        names = ("NEXT_WAITING", "NEXT_WAITING_FIRSTS") + (("NEXT_WAITING_HEADS",) if db.dialect == "postgresql" else ())
        rows = {name: driver.execute(getattr(sql, name)[by_service_order], params).first() for name in names}
        driver.close()
    return {name: tuple(row) if row is not None else None for name, row in rows.items()}


def test_every_next_ticket_statement_picks_the_same_ticket(db: Database, fake_clock: Any) -> None:
    """Tickets of every service, some priority, some transferred (they keep their first queue
    time, earlier than those around them in the new service), calls on all three counters
    under both call rules: before every call the statements name the same next ticket under
    either rule, and call_next calls the one named under the counter's rule."""
    rng = random.Random(18)
    current: dict[int, str] = {}  # counter number -> the service of the ticket it has called
    by_service_order = dict.fromkeys(COUNTERS, True)  # the test site's counters call in service order
    seen_priority = seen_transfer = 0
    for step in range(120):
        fake_clock.advance(seconds=rng.randint(5, 90))
        roll = rng.random()
        if roll < 0.55:
            queue.issue_ticket(db, rng.choice("ABCDEF"), priority=rng.random() < 0.15)
        elif roll < 0.65 and current:
            number, code = rng.choice(sorted(current.items()))
            queue.transfer(db, number, rng.choice([c for c in "ABCDEF" if c != code]))  # keeps its queue time
            del current[number]
            seen_transfer += 1
        elif roll < 0.72:
            number, rule = rng.choice(COUNTERS), rng.choice(["service_order", "longest_wait"])
            set_counter(db, number, call_rule=rule)
            by_service_order[number] = rule == "service_order"
        else:
            number = rng.choice(COUNTERS)
            found = {}
            for in_order in (True, False):
                found[in_order] = rows = _next_by_each(db, number, in_order)  # the test site's counter ids are their numbers
                assert len(set(rows.values())) == 1, (step, number, in_order, rows)
            called = queue.call_next(db, number, close_as="done").ticket
            expected = found[by_service_order[number]]["NEXT_WAITING"]
            assert (called.id if called else None) == (expected[0] if expected else None), (step, number)
            current.pop(number, None)
            if called is not None:
                current[number] = called.service_code
                seen_priority += called.priority
    assert seen_priority and seen_transfer  # the mix reached both kinds of reordering
