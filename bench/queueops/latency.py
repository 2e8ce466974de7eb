"""Single-process latency: the raw durable commit, the two operations in turns, fresh starts, statements."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event, func, select

from bench.queueops.common import LATENCY_COUNTERS, pg_connect_kwargs, summarize
from bench.queueops.ledger import Ledger
from bench.queueops.scratch import Site, bench_day
from db import queue
from db.database import Database, parse_url
from db.models import Ticket

# -- raw baseline -----------------------------------------------------------------------------


class RawCommitter:
    """One-row INSERT + COMMIT into a scratch table through the bare driver: the floor any
    durable write stands on (stdlib sqlite3 with WAL + synchronous=FULL; psycopg)."""

    def __init__(self, target_url: str) -> None:
        url = parse_url(target_url)
        self.sqlite = url.get_backend_name() == "sqlite"
        self.i = 0
        if self.sqlite:
            self.conn: Any = sqlite3.connect(str(url.database), isolation_level=None, timeout=10)
            self.conn.execute("PRAGMA busy_timeout = 10000")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = FULL")
            self.conn.execute("CREATE TABLE IF NOT EXISTS bench_raw (id INTEGER PRIMARY KEY, at TEXT NOT NULL, payload TEXT)")
            self.how = "sqlite3: BEGIN IMMEDIATE; INSERT one row; COMMIT (WAL, synchronous=FULL)"
        else:
            import psycopg

            self.conn = psycopg.connect(**pg_connect_kwargs(url), autocommit=False)
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS bench_raw (id bigserial PRIMARY KEY, at timestamptz NOT NULL, payload text)"
            )
            self.conn.commit()
            self.cur = self.conn.cursor()
            self.how = "psycopg: INSERT one row; COMMIT (autocommit off)"

    def commit_once(self) -> float:
        """One durable one-row commit; its duration in milliseconds."""
        self.i += 1
        t0 = time.perf_counter()
        if self.sqlite:
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.execute("INSERT INTO bench_raw (at, payload) VALUES (?, ?)",
                              (datetime.now(UTC).isoformat(), f"row {self.i}"))
            self.conn.execute("COMMIT")
        else:
            self.cur.execute("INSERT INTO bench_raw (at, payload) VALUES (%s, %s)",
                             (datetime.now(UTC), f"row {self.i}"))
            self.conn.commit()
        return (time.perf_counter() - t0) * 1000

    def close(self) -> None:
        """Drop the scratch table and close the connection."""
        try:
            self.conn.execute("DROP TABLE IF EXISTS bench_raw")
            if not self.sqlite:
                self.conn.commit()
        finally:
            self.conn.close()


def raw_commit_latency(target_url: str, n: int, warmup: int) -> dict[str, Any]:
    """``n`` raw durable commits on ``target_url`` after ``warmup`` untimed ones: how, and the summary."""
    raw = RawCommitter(target_url)
    try:
        samples = [raw.commit_once() for _ in range(warmup + n)][warmup:]
        return {"how": raw.how, **summarize(samples)}
    finally:
        raw.close()


# -- single-process latency -------------------------------------------------------------------


@dataclass
class Target:
    """One database the latency run measures (the empty one, the one with history)."""

    name: str
    url: str
    site: Site
    db: Database
    raw: RawCommitter
    ledger: Ledger = field(default_factory=Ledger)
    samples: dict[str, list[float]] = field(default_factory=lambda: {
        "issue_ticket": [], "call_next": [], "raw_commit": [], "issue_ticket_write": [], "call_next_write": []})
    waiting_when_calls_began: int = 0
    lock: WriteTimer = field(init=False)

    def __post_init__(self) -> None:
        self.lock = WriteTimer(self.db)


class WriteTimer:
    """Times each write transaction of ``db``: from ``BEGIN IMMEDIATE`` holding the lock
    (SQLite; the transaction's start on PostgreSQL) to the ``COMMIT`` returned, i.e. how
    long every other writer must wait for this one.

    ``Database.write_connection`` (the hot paths' transaction) is wrapped on this one
    instance; the operation runs unchanged inside it. The end is stamped when the pool
    takes the committed connection back (its ``reset`` event, the first thing after the
    commit returns); the pool's own work after that holds no lock. Without that event
    (an error, an invalidated connection) the end of the block counts.
    """

    def __init__(self, db: Database) -> None:
        self.last_ms = 0.0
        self._armed = False  # the operation is done: the next reset follows its commit
        self._ended: float | None = None
        inner = db.write_connection

        @event.listens_for(db._write_engine.pool, "reset")
        def _committed(*_: Any) -> None:
            if self._armed:
                self._armed, self._ended = False, time.perf_counter()

        @contextmanager
        def timed() -> Iterator[Any]:
            self._armed, self._ended = False, None
            with inner() as conn:
                t0 = time.perf_counter()
                yield conn
                self._armed = True
            self._armed = False
            self.last_ms = ((self._ended or time.perf_counter()) - t0) * 1000

        db.write_connection = timed  # type: ignore[method-assign]


def interleaved_latency(targets: list[Target], ops: int, warmup: int, block: int = 10) -> None:
    """Time issue_ticket, then call_next, one call at a time, on every target in turn.

    The targets take turns in blocks of ``block`` operations (first one first, then the
    other first), and a block of raw commits follows each block of operations on the same
    database: the machine's background load falls on every figure alike, so the ratios
    (ours / raw, history / empty) hold even on a busy machine.
    """

    def one(t: Target, kind: str, i: int, record_write: bool) -> float:
        t0 = time.perf_counter()
        if kind == "issue_ticket":
            r: Any = queue.issue_ticket(t.db, t.site.codes[i % len(t.site.codes)])
        elif kind == "call_next":
            r = queue.call_next(t.db, LATENCY_COUNTERS[i % len(LATENCY_COUNTERS)], close_as="done")
        else:
            return t.raw.commit_once()
        dt = (time.perf_counter() - t0) * 1000
        if record_write:
            t.samples[kind + "_write"].append(t.lock.last_ms)
        if kind == "issue_ticket":
            t.ledger.issue(r)
        else:
            t.ledger.call(r)
        return dt

    def rounds(kind: str, first: int, count: int, timed: bool) -> None:
        done = 0
        while done < count:
            n = min(block, count - done)
            order = targets if (done // block) % 2 == 0 else targets[::-1]
            for t in order:
                for i in range(first + done, first + done + n):
                    dt = one(t, kind, i, timed)
                    if timed:
                        t.samples[kind].append(dt)
                if timed:
                    for _ in range(n):
                        t.samples["raw_commit"].append(t.raw.commit_once())
            done += n

    rounds("issue_ticket", 0, warmup, timed=False)
    for t in targets:
        for _ in range(warmup):
            t.raw.commit_once()
    rounds("issue_ticket", warmup, ops, timed=True)
    # Top the queues up (untimed) so that every call finds someone waiting.
    rounds("issue_ticket", 0, warmup + ops, timed=False)
    for t in targets:
        t.waiting_when_calls_began = waiting_count(t.db)
    rounds("call_next", 0, warmup, timed=False)
    rounds("call_next", warmup, ops, timed=True)


def latency_result(t: Target) -> dict[str, Any]:
    """The latency figures of one target, as the JSON shows them."""
    return {
        "issue_ticket": summarize(t.samples["issue_ticket"]),
        "call_next": summarize(t.samples["call_next"]),
        "write_lock_held": {
            "how": "BEGIN IMMEDIATE returned (the lock held) to COMMIT returned, per operation",
            "issue_ticket": summarize(t.samples["issue_ticket_write"]),
            "call_next": summarize(t.samples["call_next_write"]),
        },
        "waiting_when_calls_began": t.waiting_when_calls_began,
        "empty_calls": t.ledger.empty_calls,
        "counters": list(LATENCY_COUNTERS),
    }


def cold_start(targets: list[Target], repeats: int) -> dict[str, dict[str, Any]]:
    """The first operation of a freshly started app (new Database: cold statement cache and
    page cache, and the once-a-day expiry of earlier days' tickets), and that expiry query
    alone; the targets take turns."""
    first: dict[str, dict[str, list[float]]] = {t.name: {"issue_ticket": [], "call_next": [], "expiry": []}
                                                for t in targets}
    for r in range(repeats):
        for t in targets if r % 2 == 0 else targets[::-1]:
            for op in ("issue_ticket", "call_next"):
                db = Database(t.url)
                try:
                    t0 = time.perf_counter()
                    if op == "issue_ticket":
                        t.ledger.issue(queue.issue_ticket(db, t.site.codes[r % len(t.site.codes)]))
                    else:
                        t.ledger.call(queue.call_next(db, LATENCY_COUNTERS[r % len(LATENCY_COUNTERS)], close_as="done"))
                    first[t.name][op].append((time.perf_counter() - t0) * 1000)
                finally:
                    db.dispose()
            day = bench_day(t.site)
            with t.db.read() as s:
                t0 = time.perf_counter()
                s.scalars(select(Ticket).where(queue.WAITING, Ticket.day < day)).all()
                first[t.name]["expiry"].append((time.perf_counter() - t0) * 1000)
    return {
        name: {
            "first_issue_ticket": summarize(f["issue_ticket"]),
            "first_call_next": summarize(f["call_next"]),
            "expiry_query": {"sql": "SELECT tickets.* FROM tickets WHERE status = 'waiting' AND day < :today",
                             **summarize(f["expiry"])},
        }
        for name, f in first.items()
    }


def waiting_count(db: Database) -> int:
    """How many tickets are waiting, on every day."""
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(Ticket).where(Ticket.status == "waiting")) or 0)


class StatementTap:
    """Counts the statements an operation sends and the time spent inside the driver."""

    def __init__(self, db: Database) -> None:
        self.engine = db.engine
        self.statements: list[tuple[str, Any]] = []
        self.driver_s = 0.0
        self._t0 = 0.0

    def _before(self, conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        self.statements.append((statement, parameters))
        self._t0 = time.perf_counter()

    def _after(self, conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        self.driver_s += time.perf_counter() - self._t0

    def __enter__(self) -> StatementTap:
        event.listen(self.engine, "before_cursor_execute", self._before)
        event.listen(self.engine, "after_cursor_execute", self._after)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._before)
        event.remove(self.engine, "after_cursor_execute", self._after)


def hot_call(name: str, i: int, db: Database, site: Site, ledger: Ledger) -> None:
    """The ``i``-th ``issue_ticket`` (the site's services in turn) or ``call_next`` (the latency
    counters in turn), recorded in ``ledger``."""
    if name == "issue_ticket":
        ledger.issue(queue.issue_ticket(db, site.codes[i % len(site.codes)]))
    else:
        ledger.call(queue.call_next(db, LATENCY_COUNTERS[i % len(LATENCY_COUNTERS)], close_as="done"))


def statement_profile(db: Database, site: Site, n: int, ledger: Ledger) -> dict[str, Any]:
    """Statements per operation and how much of its time is spent executing them."""
    out: dict[str, Any] = {}
    for name in ("issue_ticket", "call_next"):
        with StatementTap(db) as tap:
            t0 = time.perf_counter()
            for i in range(n):
                hot_call(name, i, db, site, ledger)
            total = time.perf_counter() - t0
        out[name] = {
            "statements_per_op": round(len(tap.statements) / n, 1),
            "total_ms_per_op": round(total * 1000 / n, 3),
            "in_driver_execute_ms_per_op": round(tap.driver_s * 1000 / n, 3),
            "note": "statements include BEGIN; COMMIT is not a statement and is counted outside the driver time",
        }
    return out
