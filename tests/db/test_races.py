"""Real processes racing on one database, on SQLite and PostgreSQL.

Every process gets ready first (imported, connected), then all are released at the same
moment (a line on their stdin), so their transactions really collide.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter as Tally
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db import queue, siteconfig
from db.clock import FakeClock
from db.database import Database
from db.migrations import HEAD
from db.models import DaySequence, Ticket, TicketEvent

WORKER = Path(__file__).with_name("race_worker.py")
PROCESSES = 8
NOW = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)  # Monday 10:00 in Jakarta
DAY = date(2026, 3, 2)

RACE_SITE = """
[[services]]
code = "A"
name_id = "Antrian A"
name_en = "Queue A"
""" + "".join(f"""
[[counters]]
number = {n}
services = ["A"]

[[officers]]
username = "petugas{n}"
password = "petugas{n}-pass"
""" for n in range(1, PROCESSES + 1))

pytestmark = [pytest.mark.slow, pytest.mark.exclusive, pytest.mark.usefixtures("unmeasured_subprocesses")]


def race(*argvs: list[str]) -> list[dict[str, object]]:
    """Start one worker per argv, wait until all are ready, release them together, collect results."""
    procs = [
        subprocess.Popen([sys.executable, str(WORKER), *argv], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
        for argv in argvs
    ]
    try:
        for p in procs:
            line = p.stdout.readline()  # type: ignore[union-attr]
            assert line.strip() == "ready", (line, p.stderr.read())  # type: ignore[union-attr]
        for p in procs:  # the barrier: everyone is waiting on stdin
            p.stdin.write("go\n")  # type: ignore[union-attr]
            p.stdin.flush()  # type: ignore[union-attr]
        results = []
        for p in procs:
            out, err = p.communicate()
            assert p.returncode == 0, err
            results.append(json.loads(out.strip().splitlines()[-1]))
        return results
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()


@pytest.fixture
def race_db(db_url: str, fake_clock: FakeClock) -> tuple[str, Database]:
    fake_clock.current = NOW
    db = Database(db_url)
    siteconfig.apply(db, siteconfig.parse(RACE_SITE))
    for n in range(1, PROCESSES + 1):  # counter operations need an officer at the counter
        queue.sign_in(db, n, f"petugas{n}", f"petugas{n}-pass")
    return db_url, db


def test_issue_race(race_db: tuple[str, Database]) -> None:
    """8 processes x 200 tickets for one service: 1,600 numbers, each issued exactly once."""
    url, db = race_db
    per_process = 200
    results = race(*[["issue", url, NOW.isoformat(), "A", str(per_process)] for _ in range(PROCESSES)])
    got = [tuple(t) for r in results for t in r["issued"]]  # type: ignore[attr-defined]
    total = PROCESSES * per_process
    assert len(got) == total
    assert all(len(r["issued"]) == per_process for r in results)  # type: ignore[arg-type]
    assert sorted(seq for _, seq, _ in got) == list(range(1, total + 1))
    assert all(label == f"A-{seq:03d}" for _, seq, label in got)
    assert len({tid for tid, _, _ in got}) == total
    # each process saw its own numbers rising
    for r in results:
        seqs = [seq for _, seq, _ in r["issued"]]  # type: ignore[attr-defined]
        assert seqs == sorted(seqs)
    with db.read() as s:
        rows = s.execute(select(Ticket.seq, Ticket.status, Ticket.day)).all()
        assert sorted(seq for seq, _, _ in rows) == list(range(1, total + 1))
        assert {(status, day) for _, status, day in rows} == {("waiting", DAY)}
        assert s.scalar(select(DaySequence.last_seq)) == total
        issued_events = s.execute(
            select(TicketEvent.ticket_id, func.count()).where(TicketEvent.kind == "issued").group_by(TicketEvent.ticket_id)
        ).all()
        assert len(issued_events) == total and all(n == 1 for _, n in issued_events)
    db.dispose()


def _fill_queue(db: Database, n: int) -> list[int]:
    """n waiting tickets of service A (as issue_ticket leaves them), written in one transaction."""
    from db.models import Service

    with db.write() as s:
        service_id = s.scalar(select(Service.id).where(Service.code == "A"))
        tickets = [
            Ticket(service_id=service_id, day=DAY, seq=i, label=f"A-{i:03d}", status="waiting", priority=False,
                   issued_at=NOW, queue_time=NOW, source="kiosk", recall_count=0)
            for i in range(1, n + 1)
        ]
        s.add_all(tickets)
        s.add(DaySequence(service_id=service_id, day=DAY, last_seq=n))
        s.flush()
        s.add_all(TicketEvent(ticket_id=t.id, kind="issued", at=NOW, day=DAY, service_id=service_id, label=t.label)
                  for t in tickets)
        return [t.id for t in tickets]


def test_call_next_race(race_db: tuple[str, Database]) -> None:
    """8 counters call next against 1,000 waiting tickets: each is called exactly once, none is lost."""
    url, db = race_db
    ids = _fill_queue(db, 1000)
    results = race(*[["call", url, NOW.isoformat(), str(n)] for n in range(1, PROCESSES + 1)])
    called = [tid for r in results for tid in r["called"]]  # type: ignore[attr-defined]
    finished = [tid for r in results for tid in r["finished"]]  # type: ignore[attr-defined]
    assert len(called) == len(set(called)) == 1000  # nobody called twice
    assert set(called) == set(ids)  # nobody lost
    assert sorted(finished) == sorted(called)  # each counter finished every visit it called
    assert sum(1 for r in results if r["called"]) >= 2  # the counters really shared the queue
    by_counter = {n: set(r["called"]) for n, r in enumerate(results, start=1)}  # type: ignore[arg-type]
    with db.read() as s:
        from db.models import Counter

        counters = {c.id: c.number for c in s.scalars(select(Counter))}
        assert all(c.current_ticket_id is None for c in s.scalars(select(Counter)))
        rows = s.execute(select(Ticket.id, Ticket.status, Ticket.counter_id)).all()
        assert {status for _, status, _ in rows} == {"done"}
        for tid, _, cid in rows:
            assert tid in by_counter[counters[cid]]  # the ticket row names the counter that called it
        events = s.execute(select(TicketEvent.ticket_id, TicketEvent.kind, TicketEvent.counter_id)
                           .where(TicketEvent.ticket_id.is_not(None))).all()  # not the officers' sign-ins
    tally = Tally((tid, kind) for tid, kind, _ in events)
    for tid in ids:
        assert (tally[(tid, "issued")], tally[(tid, "called")], tally[(tid, "finished")]) == (1, 1, 1), tid
    assert len(events) == 3000
    for tid, kind, cid in events:
        if kind == "called":
            assert tid in by_counter[counters[cid]]
    db.dispose()


def test_first_open_race(db_url: str) -> None:
    """Several processes opening a brand-new database at once: one creates the schema, all succeed."""
    results = race(*[["open", db_url] for _ in range(6)])
    assert [r["revision"] for r in results] == [HEAD] * 6
    db = Database(db_url)
    assert db.current_revision() == HEAD
    db.dispose()
