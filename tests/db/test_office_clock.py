"""One clock for the whole office (issue 10): on PostgreSQL every write is stamped with the
server's time, so PCs whose clocks disagree cannot reorder the queue or make a wait
negative; on SQLite (one PC) the process clock stamps. A test clock replaces both."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db import clock, queue
from db.clock import FakeClock
from db.database import Database
from db.sitetime import business_day
from tests.db.dbtools import events, tickets

WORKER = Path(__file__).with_name("clock_worker.py")
SLOW = timedelta(minutes=5)


def server_now(db: Database) -> datetime:
    """The database server's clock, read in a transaction of its own."""
    with db.engine.connect() as c:
        return c.execute(select(func.now())).scalar_one().astimezone(UTC)


class Pc:
    """A worker process: a PC of the office whose clock may run slow."""

    def __init__(self, url: str, minutes_slow: float) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(WORKER), url, str(minutes_slow)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        self.local_clock_at_start = datetime.fromisoformat(self._answer()["ready"])

    def _answer(self) -> dict[str, str]:
        line = self.proc.stdout.readline()  # type: ignore[union-attr]
        assert line, self.proc.stderr.read()  # type: ignore[union-attr]
        return json.loads(line)  # type: ignore[no-any-return]

    def ask(self, command: str) -> dict[str, str]:
        self.proc.stdin.write(command + "\n")  # type: ignore[union-attr]
        self.proc.stdin.flush()  # type: ignore[union-attr]
        return self._answer()

    def stop(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(AssertionError, BrokenPipeError, ValueError):
                self.ask("quit")
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()


def test_a_pc_with_a_slow_clock_cannot_reorder_the_queue_on_postgresql(pg_site_url: str) -> None:
    """Two PCs, one with its clock 5 minutes slow, issue alternately and then call alternately:
    the call order is the order of issue and no wait is negative."""
    clock.set_clock(None)  # the real clocks
    db = Database(pg_site_url)
    queue.sign_in(db, 1, "siti", "siti123")
    queue.sign_in(db, 3, "agus", "agus123")
    right, slow = Pc(pg_site_url, 0), Pc(pg_site_url, SLOW.total_seconds() / 60)
    try:
        # the slow PC really lives 5 minutes in the past
        assert server_now(db) - slow.local_clock_at_start > SLOW - timedelta(seconds=30)
        issued = [(pc.ask("issue A")) for _ in range(4) for pc in (right, slow)]
        order = [t["label"] for t in issued]
        assert order == [f"A-{n:03d}" for n in range(1, 9)]
        assert [datetime.fromisoformat(t["issued_at"]) for t in issued] == sorted(
            datetime.fromisoformat(t["issued_at"]) for t in issued)
        assert [t.label for t in queue.waiting_tickets(db, 1)] == order  # the waiting list agrees
        # counter 1 is at the right PC, counter 3 at the slow one
        calls = [pc.ask(f"call {n}") for _ in range(4) for pc, n in ((right, 1), (slow, 3))]
        assert [c["label"] for c in calls] == order
    finally:
        right.stop()
        slow.stop()
    rows = {t["label"]: t for t in tickets(db)}
    waits = [(rows[label]["called_at"] - rows[label]["issued_at"]).total_seconds() for label in order]
    assert all(w >= 0 for w in waits), waits
    stamps = [e["at"] for e in events(db)]  # every event, in commit order, on one clock
    assert stamps == sorted(stamps)
    db.dispose()


def test_writes_are_stamped_by_the_office_clock(db: Database, db_backend: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """This process's clock runs 5 minutes slow: PostgreSQL stamps with the server's time,
    SQLite (one PC) with the process clock; the business day follows the same clock."""
    clock.set_clock(None)
    monkeypatch.setattr(clock, "system_now", lambda: datetime.now(UTC) - SLOW)
    if db_backend == "postgresql":
        before = server_now(db)
        ticket = queue.issue_ticket(db, "A").ticket
        snap = queue.queue_snapshot(db)
        after = server_now(db)
    else:
        before = clock.utcnow()
        ticket = queue.issue_ticket(db, "A").ticket
        snap = queue.queue_snapshot(db)
        after = clock.utcnow()
    assert before <= ticket.issued_at <= snap.taken_at <= after
    assert ticket.queue_time == ticket.issued_at
    assert events(db)[-1]["at"] == ticket.issued_at
    assert snap.day == ticket.day == business_day(snap.taken_at, "Asia/Jakarta", "00:00")


def test_a_test_clock_replaces_the_server_clock(db: Database, fake_clock: FakeClock) -> None:
    """With a test clock installed, both databases stamp with it (tests move time alike)."""
    ticket = queue.issue_ticket(db, "A").ticket
    fake_clock.advance(minutes=3)
    queue.sign_in(db, 1, "siti", "siti123")
    called = queue.call_next(db, 1).ticket
    assert called is not None
    assert (ticket.issued_at, called.called_at) == (fake_clock.current - timedelta(minutes=3), fake_clock.current)
    assert queue.queue_snapshot(db).taken_at == fake_clock.current
