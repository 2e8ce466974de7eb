"""A simulated office for the report tests: real queue operations on a moving fake clock."""

from __future__ import annotations

import random
from datetime import date, timedelta

from db import queue
from db.clock import FakeClock
from db.database import Database
from db.errors import AntrianError
from tests.db.dbtools import wib
from tests.sitedb import SEATED

CODES = ("A", "B", "C", "D", "E", "F")


def simulate(db: Database, clock: FakeClock, first: date, days: int, *, arrivals_per_hour: float = 6.0,
             seed: int = 1, hours: tuple[int, int] = (8, 15)) -> None:
    """Run ``days`` office days from ``first`` (weekends skipped): visitors arrive at random,
    the three seated counters call, recall, serve, mark no-shows, transfer, pause and resume,
    visitors cancel; every counter signs in at opening and out at closing."""
    rnd = random.Random(seed)
    d = first
    done = 0
    while done < days:
        if d.weekday() < 5:
            _day(db, clock, d, rnd, arrivals_per_hour, hours)
            done += 1
        d += timedelta(days=1)


def _try(op: object, *args: object, **kwargs: object) -> object:
    try:
        return op(*args, **kwargs)  # type: ignore[operator]
    except AntrianError:
        return None


def _day(db: Database, clock: FakeClock, d: date, rnd: random.Random, rate: float, hours: tuple[int, int]) -> None:
    clock.current = wib(d.year, d.month, d.day, hours[0], 0)
    for number, (user, password) in SEATED.items():
        queue.sign_in(db, number, user, password)
    state: dict[int, str] = {n: "free" for n in SEATED}
    paused: dict[int, bool] = {n: False for n in SEATED}
    current: dict[int, int | None] = {n: None for n in SEATED}
    minutes = (hours[1] - hours[0]) * 60
    waiting: list[int] = []
    for _ in range(minutes // 2):
        clock.advance(minutes=2)
        if rnd.random() < rate / 30:
            t = _try(queue.issue_ticket, db, rnd.choice(CODES), priority=rnd.random() < 0.1,
                     source=rnd.choice(("kiosk", "kiosk", "kiosk", "counter", "booking")))
            if t is not None:
                waiting.append(t.ticket.id)  # type: ignore[attr-defined]
        if waiting and rnd.random() < 0.02:
            gone = waiting.pop(rnd.randrange(len(waiting)))
            if _try(queue.cancel, db, gone) is not None:
                for n, ticket_id in current.items():
                    if ticket_id == gone:
                        state[n], current[n] = "free", None
        for n in SEATED:
            r = rnd.random()
            if paused[n]:
                if r < 0.3:
                    queue.resume_counter(db, n)
                    paused[n] = False
                continue
            if state[n] == "free":
                if r < 0.03:
                    queue.pause_counter(db, n, "istirahat")
                    paused[n] = True
                elif r < 0.5:
                    res = queue.call_next(db, n)
                    state[n] = "called" if res.ticket is not None else "free"
                    current[n] = res.ticket.id if res.ticket is not None else None
            elif state[n] == "called":
                if r < 0.6:
                    queue.start_service(db, n)
                    state[n] = "serving"
                elif r < 0.7:
                    queue.mark_no_show(db, n)
                    state[n] = "free"
                elif r < 0.85:
                    queue.recall(db, n)
            elif state[n] == "serving":
                if r < 0.03:
                    if _try(queue.transfer, db, n, rnd.choice(CODES)) is not None:
                        state[n] = "free"
                elif r < 0.35:
                    queue.finish(db, n)
                    state[n] = "free"
    clock.advance(minutes=5)
    for n in SEATED:
        if state[n] == "called":
            queue.mark_no_show(db, n)
        elif state[n] == "serving":
            queue.finish(db, n)
        if paused[n]:
            queue.resume_counter(db, n)
        queue.sign_out(db, n)
