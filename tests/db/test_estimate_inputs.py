"""The wait estimate's inputs as the statements read them equal a plain recount of the day's
tickets, through a day of mixed traffic, on both databases: today's queues
(``TODAY_QUEUES``, and ``QUEUES_AHEAD`` for a ticket's slip), whose waiting tickets and
last hour's arrivals come from two indexes, and each service's last closed visits
(``OBSERVED_CALLS``), read newest first from the index instead of ranking the whole day."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from db import queue
from db import statements as sql
from db.database import Database
from db.driver import DriverConnection
from db.models import Ticket

Queues = dict[tuple[int, bool], tuple[int, datetime | None, datetime | None, int]]


def _recount(tickets: list[Any], day: Any, since: datetime, ahead_of: Any | None = None) -> Queues:
    """Per (service, priority): waiting (ahead of ``ahead_of`` when given), the oldest and
    newest of those queue times, and the tickets issued since ``since``; rows of nothing dropped."""
    found: dict[tuple[int, bool], list[Any]] = defaultdict(lambda: [0, None, None, 0])
    for t in tickets:
        if t.day != day:
            continue
        row = found[(t.service_id, bool(t.priority))]
        ahead = ahead_of is None or (t.priority and not ahead_of.priority) or t.queue_time < ahead_of.queue_time or (
            t.queue_time == ahead_of.queue_time and t.id < ahead_of.id)
        if t.status == "waiting" and ahead:
            row[0] += 1
            row[1] = t.queue_time if row[1] is None else min(row[1], t.queue_time)
            row[2] = t.queue_time if row[2] is None else max(row[2], t.queue_time)
        row[3] += t.issued_at >= since
    return {key: tuple(row) for key, row in found.items() if row[0] or row[3]}  # type: ignore[misc]


def _recount_observed(tickets: list[Any], day: Any, window: int) -> dict[int, tuple[float, int]]:
    """Per service: the mean seconds from call to end of its last ``window`` visits closed
    today (done or no-show, clocks in order), and how many visits that is."""
    closed: dict[int, list[Any]] = defaultdict(list)
    for t in tickets:
        if t.day == day and t.status in ("done", "no_show") and t.finished_at >= t.called_at:
            closed[t.service_id].append(t)
    observed = {}
    for sid, visits in closed.items():
        last = sorted(visits, key=lambda t: t.finished_at, reverse=True)[:window]
        observed[sid] = (sum((t.finished_at - t.called_at).total_seconds() for t in last) / len(last), len(last))
    return observed


def _rows(db: Database, statement: Any, params: dict[str, Any]) -> list[Any]:
    """``statement``'s rows through the driver, as the core reads them."""
    with db.read_connection() as conn:
        driver = DriverConnection(conn)
        rows = driver.execute(statement, params).all()
        driver.close()
    return rows


def _queues(db: Database, statement: Any, params: dict[str, Any]) -> Queues:
    return {(sid, bool(prio)): (int(n), oldest, newest, int(recent))
            for sid, prio, n, oldest, newest, recent in _rows(db, statement, params) if n or recent}


def test_the_estimates_inputs_equal_a_recount_of_the_day(db: Database, fake_clock: Any) -> None:
    """Four hours of tickets (some priority), calls closed as done or no-show, transfers and
    cancels: at every check the statements' rows equal the recount: the whole queue, ahead of
    several tickets, and the last visits of each service (a short window and the whole day)."""
    rng = random.Random(5)
    checks = 0
    for step in range(160):
        fake_clock.advance(minutes=rng.uniform(0.2, 3.0))  # the arrivals' hour slides through the day
        roll = rng.random()
        if roll < 0.6:
            queue.issue_ticket(db, rng.choice("ABCDEF"), priority=rng.random() < 0.1)
        elif roll < 0.85:
            number = rng.choice((1, 2, 3))
            called = queue.call_next(db, number, close_as=rng.choice(("done", "no_show"))).ticket
            if called is not None and rng.random() < 0.2:
                queue.transfer(db, number, rng.choice([c for c in "ABCDEF" if c != called.service_code]))
        elif roll < 0.9:
            with db.read() as s:
                waiting = s.scalars(select(Ticket.id).where(Ticket.status == "waiting")).all()
            if waiting:
                queue.cancel(db, rng.choice(waiting))
        if step % 10 == 9:
            with db.read() as s:
                tickets = s.execute(select(Ticket.id, Ticket.label, Ticket.service_id, Ticket.priority, Ticket.status,
                                           Ticket.queue_time, Ticket.issued_at, Ticket.day, Ticket.called_at,
                                           Ticket.finished_at)).all()
                now, day, _ = queue.site_now(s)
            since = now - timedelta(minutes=queue.ARRIVAL_WINDOW_MIN)
            assert _queues(db, sql.TODAY_QUEUES, {"day": day, "since": since}) == _recount(tickets, day, since), step
            for t in rng.sample(tickets, min(4, len(tickets))):
                params = {"day": day, "since": since, "ticket_id": t.id, "queue_time": t.queue_time, "priority": t.priority}
                assert _queues(db, sql.QUEUES_AHEAD, params) == _recount(tickets, day, since, ahead_of=t), (step, t.label)
            for window in (3, 1000):
                rows = _rows(db, sql.OBSERVED_CALLS[db.dialect], {"day": day, "window": window})
                observed = {sid: (float(secs), int(n)) for sid, secs, n in rows if secs is not None}
                expected = _recount_observed(tickets, day, window)
                assert observed.keys() == expected.keys(), (step, window)
                for sid, (secs, n) in expected.items():
                    assert observed[sid][1] == n and observed[sid][0] == pytest.approx(secs, abs=0.01), (step, window, sid)
            checks += 1
    assert checks == 16
