#!/usr/bin/env python3
"""Benchmark of the core queue operations: ``issue_ticket`` and ``call_next``.

    python bench/queue_ops.py --db sqlite:////tmp/bench.db
    python bench/queue_ops.py --db postgresql+psycopg://user:pw@127.0.0.1:5432/postgres

Prints one JSON object to stdout (progress goes to stderr):

- latency (median, p95) of ``issue_ticket`` and ``call_next`` on an empty database,
  next to a raw durable commit measured in the same run through the bare driver
  (stdlib ``sqlite3`` with WAL + ``synchronous=FULL``; psycopg INSERT + COMMIT);
- the same latency on a second database holding ``--history`` past tickets and their
  events (bulk-loaded), and the ratio history / empty. The two databases take turns in
  blocks of ten operations, each block followed by a block of raw commits on the same
  database, so that other work on the machine weighs on every figure alike;
- the first operation of a freshly started app on each (it also runs the once-a-day
  expiry of earlier days' tickets), and that expiry query alone;
- the query plan of every statement the two operations send, flagging any that walks
  the history instead of an index of live rows or a primary key;
- throughput of ``issue_ticket`` with 1, 4 and 8 processes and of ``call_next`` with
  1 and 8 counters (spawned processes, each with its own ``Database``, started together
  by a barrier, a fixed count each);
- anomalies checked afterwards against every database: duplicate numbers, tickets
  called twice, lost tickets (must all be zero);
- the goals and whether each is met.

The benchmark never touches the database named in ``--db``. For SQLite it creates
scratch files next to it (``<name>.bench-<pid>-<phase>.db``); for PostgreSQL it
creates scratch databases ``antrian_bench_<pid>_<phase>`` on that server (the role
needs CREATEDB). All are removed at the end unless ``--keep`` is given.

The queue functions read the time through ``db.clock``; the benchmark shifts that
clock to 10:00 site time so that a run can never straddle the business-day rollover.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import math
import multiprocessing as mp
import os
import platform
import queue as queue_mod
import random
import re
import sqlite3
import statistics
import sys
import time
from collections import Counter as Tally
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy
from sqlalchemy import event, func, select
from sqlalchemy.engine import URL

from db import queue, siteconfig
from db.clock import set_clock
from db.database import Database, parse_url, resolve_url
from db.models import DaySequence, Service, Ticket, TicketEvent
from db.records import CallResult, IssuedTicket
from db.sitetime import business_day

GOAL_VS_RAW = 3.0  # each operation within 3x a raw durable commit (SQLite)
GOAL_HISTORY = 1.3  # each operation within 1.3x of itself with 1,000,000 tickets of history
GOAL_HISTORY_SIZE = 1_000_000
LATENCY_COUNTERS = (1, 2, 3)  # the sample site's counters, with their own services and rules
BENCH_COUNTERS = tuple(range(4, 12))  # added by the benchmark: every service, longest wait first
HISTORY_DAYS = 250
SITE_HOUR = 10  # the benchmark's clock stands at this local hour (plus elapsed time)
PROCESS_TIMEOUT_S = 900

log = logging.getLogger("antrian.bench")


def say(message: str) -> None:
    """Progress on stderr; stdout carries only the JSON."""
    print(f"[queue_ops {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- clock ------------------------------------------------------------------------------------


def clock_offset(tz: str) -> float:
    """Seconds to add to real UTC so that the run starts at SITE_HOUR:00 site time today."""
    now = datetime.now(UTC)
    local = now.astimezone(ZoneInfo(tz))
    target = local.replace(hour=SITE_HOUR, minute=0, second=0, microsecond=0)
    return (target - now).total_seconds()


def install_clock(offset_s: float) -> None:
    delta = timedelta(seconds=offset_s)
    set_clock(lambda: datetime.now(UTC) + delta)


# -- statistics -------------------------------------------------------------------------------


def summarize(samples_ms: list[float]) -> dict[str, Any]:
    """Median, p95 (nearest rank) and friends of a list of durations in milliseconds."""
    if not samples_ms:
        return {"n": 0}
    xs = sorted(samples_ms)
    n = len(xs)
    return {
        "n": n,
        "median_ms": round(statistics.median(xs), 3),
        "p95_ms": round(xs[max(0, math.ceil(0.95 * n) - 1)], 3),
        "mean_ms": round(statistics.fmean(xs), 3),
        "min_ms": round(xs[0], 3),
        "max_ms": round(xs[-1], 3),
    }


def ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b <= 0:
        return None
    return round(a / b, 2)


# -- scratch databases ------------------------------------------------------------------------


def pg_connect_kwargs(url: URL) -> dict[str, Any]:
    """psycopg.connect() keyword arguments for a SQLAlchemy URL."""
    kw: dict[str, Any] = {k: v for k, v in url.query.items()}
    for key, value in (("host", url.host), ("port", url.port), ("user", url.username),
                       ("password", url.password), ("dbname", url.database)):
        if value is not None:
            kw[key] = value
    return kw


class Scratch:
    """Creates and removes the benchmark's own databases next to / on the given one."""

    def __init__(self, raw_url: str, keep: bool = False) -> None:
        self.url = parse_url(resolve_url(raw_url))
        self.dialect = self.url.get_backend_name()
        self.keep = keep
        self.created: list[str] = []
        self.pid = os.getpid()
        if self.dialect == "sqlite":
            database = self.url.database or ""
            if not database or database == ":memory:":
                raise SystemExit("queue_ops: give an SQLite file (sqlite:////path/to/file.db), not :memory:")
            self.base = Path(database).expanduser().resolve()
            self.base.parent.mkdir(parents=True, exist_ok=True)

    def create(self, tag: str) -> str:
        """A new, empty database; returns its URL."""
        if self.dialect == "sqlite":
            path = self.base.with_name(f"{self.base.stem}.bench-{self.pid}-{tag}{self.base.suffix or '.db'}")
            self._remove_sqlite(path)
            self.created.append(str(path))
            return f"sqlite:///{path}"
        import psycopg

        name = f"antrian_bench_{self.pid}_{tag}"
        with psycopg.connect(**pg_connect_kwargs(self.url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return self.url.set(database=name).render_as_string(hide_password=False)

    def location(self, target: str) -> str:
        return target if self.dialect == "sqlite" else f"database {target}"

    def drop_all(self) -> None:
        if self.keep:
            say("keeping " + ", ".join(self.location(t) for t in self.created))
            return
        for target in self.created:
            try:
                if self.dialect == "sqlite":
                    self._remove_sqlite(Path(target))
                else:
                    import psycopg

                    with psycopg.connect(**pg_connect_kwargs(self.url), autocommit=True) as conn:
                        try:
                            conn.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
                        except psycopg.errors.SyntaxError:  # before PostgreSQL 13
                            conn.execute(f'DROP DATABASE IF EXISTS "{target}"')
            except Exception as e:
                say(f"could not remove {self.location(target)}: {e}")
        self.created.clear()

    @staticmethod
    def _remove_sqlite(path: Path) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(path) + suffix).unlink(missing_ok=True)


# -- the site ---------------------------------------------------------------------------------


@dataclass
class Site:
    codes: list[str]
    service_ids: dict[str, int]
    timezone: str
    day_reset: str


def setup_site(url: str) -> Site:
    """Fresh schema, the bundled sample site with hours and quotas cleared, officers seated.

    Counters 4-11 (every service, longest wait first) and their officers are added to the
    sample, so that eight counters can call at once from one shared queue.
    """
    db = Database(url)
    try:
        cfg = siteconfig.load(siteconfig.SAMPLE)
        codes = [spec["code"] for spec in cfg.services]
        seats: dict[int, tuple[str, str]] = {}
        officers = [o for o in cfg.officers if o["role"] == "officer" and o["password"]]
        for number, off in zip(LATENCY_COUNTERS, officers, strict=False):
            seats[number] = (off["username"], off["password"])
        for number in LATENCY_COUNTERS + BENCH_COUNTERS:
            if number not in {c["number"] for c in cfg.counters}:
                cfg.counters.append({"number": number, "name": f"Loket {number}", "services": list(codes),
                                     "call_rule": "longest_wait", "active": True})
            if number not in seats:
                user, pw = f"bench{number}", f"bench{number}-pass"
                cfg.officers.append({"username": user, "display_name": f"Petugas Bench {number}",
                                     "role": "officer", "password": pw, "active": True})
                seats[number] = (user, pw)
        siteconfig.apply(db, cfg)
        with db.write() as s:
            for svc in s.scalars(select(Service)):
                svc.hours = {}
                svc.daily_quota = None
        for number, (user, pw) in sorted(seats.items()):
            queue.sign_in(db, number, user, pw)
        with db.read() as s:
            ids = {code: sid for sid, code in s.execute(select(Service.id, Service.code))}
            st = queue.read_settings(s)
        return Site(codes, ids, st.timezone, st.day_reset)
    finally:
        db.dispose()


def bench_day(site: Site) -> date:
    from db.clock import utcnow

    return business_day(utcnow(), site.timezone, site.day_reset)


# -- what the callers were handed (for the anomaly check) -------------------------------------


@dataclass
class Ledger:
    issued: list[tuple[int, str, int]] = field(default_factory=list)  # (ticket id, service code, seq)
    called: list[int] = field(default_factory=list)  # ticket ids handed to a counter by call_next
    empty_calls: int = 0
    errors: Tally = field(default_factory=Tally)

    def issue(self, r: IssuedTicket) -> None:
        self.issued.append((r.ticket.id, r.ticket.service_code, r.ticket.seq))

    def call(self, r: CallResult) -> None:
        if r.ticket is None:
            self.empty_calls += 1
        else:
            self.called.append(r.ticket.id)

    def merge(self, other: dict[str, Any]) -> None:
        self.issued += [tuple(x) for x in other["issued"]]  # type: ignore[misc]
        self.called += other["called"]
        self.empty_calls += other["empty_calls"]
        self.errors.update(other["errors"])

    def as_dict(self) -> dict[str, Any]:
        return {"issued": self.issued, "called": self.called, "empty_calls": self.empty_calls,
                "errors": dict(self.errors)}


def check_anomalies(db: Database, site: Site, day: date, ledger: Ledger) -> dict[str, Any]:
    """Compare what callers were handed with what the database holds for ``day``."""
    code_of = {sid: code for code, sid in site.service_ids.items()}
    with db.read() as s:
        rows = s.execute(
            select(Ticket.id, Ticket.service_id, Ticket.seq, Ticket.status, Ticket.transferred_from_id)
            .where(Ticket.day == day)
        ).all()
        db_dupes = s.execute(
            select(Ticket.service_id, Ticket.seq)
            .where(Ticket.day == day, Ticket.transferred_from_id.is_(None))
            .group_by(Ticket.service_id, Ticket.seq)
            .having(func.count() > 1)
        ).all()
        db_called_twice = s.scalars(
            select(TicketEvent.ticket_id)
            .where(TicketEvent.day == day, TicketEvent.kind == "called")
            .group_by(TicketEvent.ticket_id)
            .having(func.count() > 1)
        ).all()
        last_seq = dict(s.execute(select(DaySequence.service_id, DaySequence.last_seq).where(DaySequence.day == day)).all())

    numbers = Tally((code, seq) for _, code, seq in ledger.issued)
    dupes = {(code_of[sid], seq) for sid, seq in db_dupes} | {k for k, n in numbers.items() if n > 1}
    calls = Tally(ledger.called)
    called_twice = set(db_called_twice) | {k for k, n in calls.items() if n > 1}

    originals = {r.id: r for r in rows if r.transferred_from_id is None}
    handed = {tid for tid, _, _ in ledger.issued}
    lost: set[int] = set()
    lost |= handed - set(originals)  # a caller got a ticket the database does not hold
    lost |= set(originals) - handed  # the database holds a ticket nobody was given
    called_set = set(calls)
    for r in rows:
        if r.status == "waiting" and r.id in called_set:
            lost.add(r.id)  # a counter was told it has this ticket, yet it is still waiting
        elif r.status in ("called", "serving", "done", "no_show") and r.id not in called_set:
            lost.add(r.id)  # taken off the queue, but no counter was handed it
    gaps = 0
    per_service: dict[int, list[int]] = {}
    for r in rows:
        if r.transferred_from_id is None:
            per_service.setdefault(r.service_id, []).append(r.seq)
    for sid, seqs in per_service.items():
        gaps += (max(seqs) - len(set(seqs))) + abs(last_seq.get(sid, 0) - max(seqs))
    return {
        "duplicate_numbers": len(dupes),
        "called_twice": len(called_twice),
        "lost_tickets": len(lost),
        "number_gaps": gaps,
        "tickets_checked": len(originals),
        "calls_checked": len(ledger.called),
        "empty_calls": ledger.empty_calls,
        "errors": dict(ledger.errors),
    }


# -- raw baseline -----------------------------------------------------------------------------


class RawCommitter:
    """One-row INSERT + COMMIT into a scratch table through the bare driver: the floor any
    durable write stands on (stdlib sqlite3 with WAL + synchronous=FULL; psycopg)."""

    def __init__(self, target_url: str) -> None:
        url = parse_url(target_url)
        self.sqlite = url.get_backend_name() == "sqlite"
        self.i = 0
        if self.sqlite:
            self.conn: Any = sqlite3.connect(url.database, isolation_level=None, timeout=10)
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
        try:
            self.conn.execute("DROP TABLE IF EXISTS bench_raw")
            if not self.sqlite:
                self.conn.commit()
        finally:
            self.conn.close()


def raw_commit_latency(target_url: str, n: int, warmup: int) -> dict[str, Any]:
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
    samples: dict[str, list[float]] = field(default_factory=lambda: {"issue_ticket": [], "call_next": [], "raw_commit": []})
    waiting_when_calls_began: int = 0


def interleaved_latency(targets: list[Target], ops: int, warmup: int, block: int = 10) -> None:
    """Time issue_ticket, then call_next, one call at a time, on every target in turn.

    The targets take turns in blocks of ``block`` operations (first one first, then the
    other first), and a block of raw commits follows each block of operations on the same
    database: the machine's background load falls on every figure alike, so the ratios
    (ours / raw, history / empty) hold even on a busy machine.
    """

    def one(t: Target, kind: str, i: int) -> float:
        t0 = time.perf_counter()
        if kind == "issue_ticket":
            r: Any = queue.issue_ticket(t.db, t.site.codes[i % len(t.site.codes)])
        elif kind == "call_next":
            r = queue.call_next(t.db, LATENCY_COUNTERS[i % len(LATENCY_COUNTERS)], close_as="done")
        else:
            return t.raw.commit_once()
        dt = (time.perf_counter() - t0) * 1000
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
                    dt = one(t, kind, i)
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
    return {
        "issue_ticket": summarize(t.samples["issue_ticket"]),
        "call_next": summarize(t.samples["call_next"]),
        "waiting_when_calls_began": t.waiting_when_calls_began,
        "empty_calls": t.ledger.empty_calls,
        "counters": list(LATENCY_COUNTERS),
    }


def cold_start(targets: list[Target], repeats: int) -> dict[str, dict[str, Any]]:
    """The first operation of a freshly started app (new Database: cold statement cache and
    page cache, and the once-a-day expiry of earlier days' tickets), and that expiry query
    alone; the targets take turns."""
    first = {t.name: {"issue_ticket": [], "call_next": [], "expiry": []} for t in targets}
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
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(Ticket).where(Ticket.status == "waiting")) or 0)


class StatementTap:
    """Counts the statements an operation sends and the time spent inside the driver."""

    def __init__(self, db: Database) -> None:
        self.engine = db.engine
        self.statements: list[tuple[str, Any]] = []
        self.driver_s = 0.0
        self._t0 = 0.0

    def _before(self, conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        self.statements.append((statement, parameters))
        self._t0 = time.perf_counter()

    def _after(self, conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        self.driver_s += time.perf_counter() - self._t0

    def __enter__(self) -> StatementTap:
        event.listen(self.engine, "before_cursor_execute", self._before)
        event.listen(self.engine, "after_cursor_execute", self._after)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._before)
        event.remove(self.engine, "after_cursor_execute", self._after)


def statement_profile(db: Database, site: Site, n: int, ledger: Ledger) -> dict[str, Any]:
    """Statements per operation and how much of its time is spent executing them."""
    out: dict[str, Any] = {}
    for name in ("issue_ticket", "call_next"):
        with StatementTap(db) as tap:
            t0 = time.perf_counter()
            for i in range(n):
                if name == "issue_ticket":
                    ledger.issue(queue.issue_ticket(db, site.codes[i % len(site.codes)]))
                else:
                    ledger.call(queue.call_next(db, LATENCY_COUNTERS[i % len(LATENCY_COUNTERS)], close_as="done"))
            total = time.perf_counter() - t0
        out[name] = {
            "statements_per_op": round(len(tap.statements) / n, 1),
            "total_ms_per_op": round(total * 1000 / n, 3),
            "in_driver_execute_ms_per_op": round(tap.driver_s * 1000 / n, 3),
            "note": "statements include BEGIN; COMMIT is not a statement and is counted outside the driver time",
        }
    return out


# -- query plans ------------------------------------------------------------------------------

_HISTORY_TABLES = ("tickets", "ticket_events")


def _short_sql(stmt: str) -> str:
    """The statement on one line, a long column list shortened to ``tickets.*`` and the like."""
    sql = " ".join(stmt.split())
    m = re.match(r"^SELECT (.{80,}?) FROM (\w+)", sql)
    if m:
        sql = f"SELECT {m.group(2)}.* FROM {m.group(2)}" + sql[m.end():]
    return sql[:300]


def _sqlite_walks_history(line: str, partial: set[str]) -> bool:
    """An EXPLAIN QUERY PLAN line that reads the history: a full scan of tickets or
    ticket_events, or a range on ``day`` (``day<?``) through an index of every row."""
    m = re.match(r"^(SCAN|SEARCH) (tickets|ticket_events)\b(?:.*?INDEX (\w+))?(.*)$", line)
    if not m or (m.group(3) in partial):
        return False
    return m.group(1) == "SCAN" or bool(re.search(r"\bday\s*[<>]", m.group(4)))


def _pg_walks_history(line: str, partial: set[str]) -> bool:
    """An EXPLAIN line that reads the history: a sequential scan of tickets or ticket_events,
    or an index scan of every row expected to return 10,000 rows or more."""
    m = re.search(r"(Seq Scan|Index Scan|Index Only Scan|Bitmap Heap Scan)(?: Backward)?(?: using (\w+))? on "
                  r"(tickets|ticket_events)\b.*rows=(\d+)", line)
    if not m or m.group(2) in partial:
        return False
    return m.group(1) == "Seq Scan" or int(m.group(4)) >= 10_000


def query_plans(url: str, site: Site, ledger: Ledger) -> dict[str, Any]:
    """EXPLAIN every statement issue_ticket and call_next send (fresh Database, so
    the once-a-day expiry queries are included) and flag any that walks the history."""
    db = Database(url)
    try:
        captured: dict[str, list[tuple[str, Any]]] = {}
        with StatementTap(db) as tap:
            for _ in range(2):  # counter 1 serves the first service: one ticket for each call below
                ledger.issue(queue.issue_ticket(db, site.codes[0]))
            captured["issue_ticket"] = list(tap.statements)
            tap.statements.clear()
            # Twice: the second call also finishes the visit the first one started.
            ledger.call(queue.call_next(db, LATENCY_COUNTERS[0], close_as="done"))
            ledger.call(queue.call_next(db, LATENCY_COUNTERS[0], close_as="done"))
            captured["call_next"] = list(tap.statements)
        results: list[dict[str, Any]] = []
        scans: list[dict[str, Any]] = []
        sqlite = db.dialect == "sqlite"
        with db.engine.connect() as conn:
            # Partial indexes hold only live rows (ix_ticket_waiting): walking them is not
            # walking the history.
            if sqlite:
                partial = set(conn.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type = 'index' AND instr(upper(sql), ' WHERE ') > 0").scalars())
            else:
                partial = set(conn.exec_driver_sql(
                    "SELECT indexname FROM pg_indexes WHERE strpos(indexdef, ' WHERE ') > 0").scalars())
            for op, statements in captured.items():
                seen: set[str] = set()
                for stmt, params in statements:
                    head = stmt.lstrip().split(None, 1)[0].upper()
                    if head not in ("SELECT", "INSERT", "UPDATE", "DELETE") or "pg_notify" in stmt or stmt in seen:
                        continue
                    seen.add(stmt)
                    prefix = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN "
                    rows = conn.exec_driver_sql(prefix + stmt, params).all()
                    if sqlite:
                        lines = [str(r[3]) for r in rows]
                        bad = [ln for ln in lines if _sqlite_walks_history(ln, partial)]
                    else:
                        lines = [str(r[0]) for r in rows]
                        bad = [ln.strip() for ln in lines if _pg_walks_history(ln, partial)]
                    entry = {"op": op, "sql": _short_sql(stmt), "plan": lines, "scans_history": bool(bad)}
                    results.append(entry)
                    if bad:
                        scans.append({"op": op, "sql": entry["sql"], "lines": bad})
            conn.rollback()
        return {"statements": results, "history_scans": scans}
    finally:
        db.dispose()


# -- history ----------------------------------------------------------------------------------

TICKET_COLS = ("id", "service_id", "day", "seq", "label", "status", "priority", "issued_at", "queue_time",
               "called_at", "started_at", "finished_at", "counter_id", "officer_id", "recall_count", "source",
               "transferred_from_id")

EVENTS_FROM_TICKETS = """
INSERT INTO ticket_events (ticket_id, kind, at, day, service_id, counter_id, officer_id, label, detail)
SELECT ticket_id, kind, at, day, service_id, counter_id, officer_id, label, NULL FROM (
    SELECT id AS ticket_id, 'issued' AS kind, issued_at AS at, day, service_id,
           CAST(NULL AS INTEGER) AS counter_id, CAST(NULL AS INTEGER) AS officer_id, label, 0 AS step
      FROM tickets
    UNION ALL
    SELECT id, 'called', called_at, day, service_id, counter_id, officer_id, label, 1
      FROM tickets WHERE status IN ('done', 'no_show')
    UNION ALL
    SELECT id, 'started', started_at, day, service_id, counter_id, officer_id, label, 2
      FROM tickets WHERE status = 'done'
    UNION ALL
    SELECT id, 'finished', finished_at, day, service_id, counter_id, officer_id, label, 3
      FROM tickets WHERE status = 'done'
    UNION ALL
    SELECT id, 'no_show', finished_at, day, service_id, counter_id, officer_id, label, 3
      FROM tickets WHERE status = 'no_show'
    UNION ALL
    SELECT id, 'expired', finished_at, day, service_id, CAST(NULL AS INTEGER), CAST(NULL AS INTEGER), label, 3
      FROM tickets WHERE status = 'expired'
) AS ev
"""


def history_days(today: date, count: int) -> list[date]:
    """The ``count`` weekdays before ``today``, oldest first."""
    days: list[date] = []
    d = today - timedelta(days=1)
    while len(days) < count:
        if d.weekday() < 5:
            days.append(d)
        d -= timedelta(days=1)
    return days[::-1]


def counters_by_service(db: Database) -> dict[int, list[tuple[int, int | None]]]:
    """For each service, the (counter id, seated officer id) pairs that serve it."""
    from db.models import Counter, CounterService

    served: dict[int, list[tuple[int, int | None]]] = {}
    with db.read() as s:
        for sid, cid, oid in s.execute(
            select(CounterService.service_id, Counter.id, Counter.officer_id)
            .join(Counter, Counter.id == CounterService.counter_id)
        ):
            served.setdefault(sid, []).append((cid, oid))
    return served


_TIME_OF_DAY: list[str] = []


def _time_of_day(second: int) -> str:
    """``HH:MM:SS.000000`` for a second of the day (a table: formatting 4M datetimes is slow)."""
    if not _TIME_OF_DAY:
        _TIME_OF_DAY.extend(f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}.000000" for s in range(86400))
    return _TIME_OF_DAY[second]


def history_rows(site: Site, served: dict[int, list[tuple[int, int | None]]], n: int, today: date, seed: int,
                 last_seq: dict[tuple[int, date], int]) -> Iterator[tuple[Any, ...]]:
    """``n`` finished past tickets (done 85 %, no-show 10 %, expired 5 %) over HISTORY_DAYS weekdays.

    Rows are in ``TICKET_COLS`` order with dates and UTC timestamps as text exactly as
    SQLAlchemy stores them in SQLite (``2026-01-05``, ``2026-01-05 01:23:45.000000``) and
    booleans as 0/1; PostgreSQL's COPY parses the same text.
    """
    rnd = random.Random(seed).random
    _time_of_day(0)
    tod = _TIME_OF_DAY
    zone = ZoneInfo(site.timezone)
    services = [(site.service_ids[c], c) for c in site.codes]
    nserv = len(services)
    days = history_days(today, HISTORY_DAYS)
    per_day, extra = divmod(n, len(days))
    tid = 0
    for di, d in enumerate(days):
        count = per_day + (1 if di < extra else 0)
        if count == 0:
            continue
        opens = datetime.combine(d, dtime(8, 0), tzinfo=zone).astimezone(UTC)
        utc_day = opens.date()
        prefixes = [f"{utc_day + timedelta(days=k)} " for k in range(3)]
        base = opens.hour * 3600 + opens.minute * 60
        day_text = d.isoformat()
        expired_at = f"{d + timedelta(days=1)} 01:00:00.000000"
        step = 7 * 3600 / count
        seqs = {sid: 0 for sid, _ in services}

        def stamp(sec: int, prefixes: list[str] = prefixes) -> str:
            return prefixes[sec // 86400] + tod[sec % 86400]

        for i in range(count):
            tid += 1
            sid, code = services[int(rnd() * nserv)]
            seq = seqs[sid] = seqs[sid] + 1
            issued_s = base + int((i + rnd()) * step)
            issued = stamp(issued_s)
            u = rnd()
            if u < 0.85:
                status = "done"
            elif u < 0.95:
                status = "no_show"
            else:
                status = "expired"
            if status == "expired":
                called = started = None
                finished = expired_at
                counter_id = officer_id = None
            else:
                seats = served[sid]
                counter_id, officer_id = seats[int(rnd() * len(seats))]
                called_s = issued_s + 60 + int(rnd() * 2400)
                called = stamp(called_s)
                if status == "done":
                    started_s = called_s + 30 + int(rnd() * 150)
                    started = stamp(started_s)
                    finished = stamp(started_s + 180 + int(rnd() * 1620))
                else:
                    started = None
                    finished = stamp(called_s + 300)
            yield (tid, sid, day_text, seq, f"{code}-{seq:03d}", status, 1 if rnd() < 0.05 else 0, issued, issued,
                   called, started, finished, counter_id, officer_id, 0, "booking" if rnd() < 0.1 else "kiosk", None)
        for sid, last in seqs.items():
            if last:
                last_seq[(sid, d)] = last


def load_history(url: str, site: Site, n: int, today: date, seed: int) -> dict[str, Any]:
    """Bulk-load ``n`` past tickets and their events through the bare driver, one transaction.

    SQLite: ``executemany`` for the tickets, ``INSERT ... SELECT`` for the events, with the
    rollback journal off and no per-row foreign-key look-ups for the load only (a scratch
    file), then back to WAL and fsync'ed. PostgreSQL: ``COPY`` for the tickets,
    ``INSERT ... SELECT`` for the events, with the two tables' foreign keys and secondary
    indexes dropped and rebuilt word for word inside the same transaction; then VACUUM ANALYZE.
    """
    db = Database(url)
    served = counters_by_service(db)
    db.dispose()
    last_seq: dict[tuple[int, date], int] = {}
    rows = history_rows(site, served, n, today, seed, last_seq)
    cols = ", ".join(TICKET_COLS)
    extra: dict[str, Any] = {}
    t0 = time.perf_counter()
    if db.dialect == "sqlite":
        path = str(db.url.database)
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            mode = conn.execute("PRAGMA journal_mode = OFF").fetchone()[0]
            conn.execute("PRAGMA synchronous = OFF")
            conn.execute("PRAGMA foreign_keys = OFF")
            conn.execute("PRAGMA cache_size = -262144")
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(f"INSERT INTO tickets ({cols}) VALUES ({', '.join('?' * len(TICKET_COLS))})", rows)
            t1 = time.perf_counter()
            conn.execute(EVENTS_FROM_TICKETS)
            t2 = time.perf_counter()
            conn.executemany("INSERT INTO day_sequences (service_id, day, last_seq) VALUES (?, ?, ?)",
                             [(sid, d.isoformat(), v) for (sid, d), v in last_seq.items()])
            conn.execute("COMMIT")
            back = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        finally:
            conn.close()
        fd = os.open(path, os.O_RDWR)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        t3 = time.perf_counter()
        extra["method"] = ("sqlite3 executemany (tickets) + INSERT ... SELECT (events), one transaction; "
                           f"journal {mode} during the load, then {back}; file fsync'ed")
    else:
        import psycopg

        conn = psycopg.connect(**pg_connect_kwargs(db.url), autocommit=False)
        try:
            with conn.cursor() as cur:
                # Per-row foreign-key triggers would make this take minutes: drop the two
                # tables' foreign keys and secondary indexes for the load and add them back,
                # word for word, in the same transaction (one sorted build, one join each).
                cur.execute(
                    "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE contype = 'f' AND conrelid IN ('tickets'::regclass, 'ticket_events'::regclass) "
                    "ORDER BY conrelid, conname"
                )
                foreign_keys = cur.fetchall()
                cur.execute(
                    "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                    "WHERE i.indrelid IN ('tickets'::regclass, 'ticket_events'::regclass) AND NOT i.indisprimary "
                    "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) "
                    "ORDER BY 1"
                )
                indexes = cur.fetchall()
                for table, name, _ in foreign_keys:
                    cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
                for name, _ in indexes:
                    cur.execute(f"DROP INDEX {name}")
                with cur.copy(f"COPY tickets ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                t1 = time.perf_counter()
                cur.execute(EVENTS_FROM_TICKETS)
                t2 = time.perf_counter()
                cur.executemany("INSERT INTO day_sequences (service_id, day, last_seq) VALUES (%s, %s, %s)",
                                [(sid, d.isoformat(), v) for (sid, d), v in last_seq.items()])
                for table in ("tickets", "ticket_events"):
                    cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
                t_idx = time.perf_counter()
                for _, definition in indexes:
                    cur.execute(definition)
                for table, name, definition in foreign_keys:
                    cur.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
                extra["rebuilt"] = {"indexes": len(indexes), "foreign_keys": len(foreign_keys),
                                    "seconds": round(time.perf_counter() - t_idx, 2)}
            conn.commit()
            t3 = time.perf_counter()
            conn.autocommit = True
            for table in ("tickets", "ticket_events", "day_sequences"):
                conn.execute(f"VACUUM ANALYZE {table}")
            extra["vacuum_analyze_s"] = round(time.perf_counter() - t3, 2)
            # Write the load's dirty pages out now rather than during the measurement
            # (needs superuser or the pg_checkpoint role; otherwise settle() waits a while).
            t4 = time.perf_counter()
            try:
                conn.execute("CHECKPOINT")
                extra["checkpoint"] = f"done in {time.perf_counter() - t4:.1f} s"
            except psycopg.errors.InsufficientPrivilege:
                extra["checkpoint"] = "not permitted (grant pg_checkpoint to the role for a settled server)"
        finally:
            conn.close()
        extra["method"] = ("COPY (tickets) + INSERT ... SELECT (events), one transaction, foreign keys and "
                           "secondary indexes rebuilt at the end; then VACUUM ANALYZE")
    db = Database(url)
    try:
        with db.read() as s:
            tickets = s.scalar(select(func.count()).select_from(Ticket)) or 0
            events = s.scalar(select(func.count()).select_from(TicketEvent)) or 0
            first, last = s.execute(select(func.min(Ticket.day), func.max(Ticket.day))).one()
    finally:
        db.dispose()
    return {
        "tickets": tickets,
        "events": events,
        "days": HISTORY_DAYS,
        "first_day": str(first),
        "last_day": str(last),
        "tickets_s": round(t1 - t0, 2),
        "events_s": round(t2 - t1, 2),
        "load_s": round(t3 - t0, 2),
        **extra,
    }


def settle(url: str, baseline_ms: float, limit_s: float) -> dict[str, Any]:
    """Wait (bounded) until a raw commit is about as fast as before the bulk load.

    A bulk load leaves the OS (and PostgreSQL's checkpointer) writing gigabytes back for
    a while; commits measured then would blame the history for the write-back.
    """
    t0 = time.perf_counter()
    probes: list[float] = []
    target = max(1.5 * baseline_ms, baseline_ms + 0.25)
    while True:
        probe = raw_commit_latency(url, 30, 3)["median_ms"]
        probes.append(probe)
        waited = time.perf_counter() - t0
        if probe <= target or waited >= limit_s:
            return {"settled": probe <= target, "waited_s": round(waited, 1), "target_ms": round(target, 3),
                    "probe_medians_ms": probes[-10:]}
        time.sleep(3)


# -- throughput (processes) -------------------------------------------------------------------


def _worker(kind: str, url: str, offset_s: float, wid: int, count: int, counter: int, codes: list[str],
            barrier: Any, out: Any) -> None:
    """One process: its own Database, one warm-up op, the barrier, then ``count`` ops."""
    try:
        logging.basicConfig(level=logging.WARNING)
        install_clock(offset_s)
        db = Database(url)
        ledger = Ledger()

        def op(i: int) -> None:
            if kind == "issue_ticket":
                ledger.issue(queue.issue_ticket(db, codes[(wid + i) % len(codes)]))
            else:
                ledger.call(queue.call_next(db, counter, close_as="done"))

        op(-1)  # warm-up: connection open, statements compiled
        barrier.wait(timeout=300)
        lat: list[float] = []
        t_start = time.perf_counter()
        for i in range(count):
            t0 = time.perf_counter()
            try:
                op(i)
            except Exception as e:
                ledger.errors[f"{type(e).__name__}: {str(e)[:120]}"] += 1
                continue
            lat.append((time.perf_counter() - t0) * 1000)
        t_end = time.perf_counter()
        db.dispose()
        out.put({"wid": wid, "start": t_start, "end": t_end, "lat": lat, "ledger": ledger.as_dict()})
    except BaseException as e:
        with contextlib.suppress(Exception):
            barrier.abort()
        out.put({"wid": wid, "fatal": f"{type(e).__name__}: {e}"})


def parallel_run(kind: str, url: str, offset_s: float, nproc: int, count: int, codes: list[str],
                 counters: list[int], ledger: Ledger) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(nproc)
    out = ctx.Queue()
    procs = [
        ctx.Process(target=_worker, args=(kind, url, offset_s, w, count, counters[w % len(counters)], codes, barrier, out),
                    daemon=True)
        for w in range(nproc)
    ]
    for p in procs:
        p.start()
    results: list[dict[str, Any]] = []
    deadline = time.monotonic() + PROCESS_TIMEOUT_S
    try:
        while len(results) < nproc:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"{kind} with {nproc} processes did not finish in {PROCESS_TIMEOUT_S} s")
            try:
                results.append(out.get(timeout=min(remaining, 5)))
            except queue_mod.Empty:
                if not any(p.is_alive() for p in procs) and out.empty():
                    raise RuntimeError(f"{kind}: worker processes died without a result") from None
    finally:
        for p in procs:
            p.join(timeout=30)
            if p.is_alive():
                p.terminate()
                p.join(timeout=5)
    fatal = [r["fatal"] for r in results if "fatal" in r]
    if fatal:
        raise RuntimeError(f"{kind} with {nproc} processes failed: {fatal[0]}")
    for r in results:
        ledger.merge(r["ledger"])
    wall = max(r["end"] for r in results) - min(r["start"] for r in results)
    done = sum(len(r["lat"]) for r in results)
    lat = [x for r in results for x in r["lat"]]
    per_proc = [len(r["lat"]) / (r["end"] - r["start"]) for r in results if r["end"] > r["start"]]
    return {
        "processes": nproc,
        "ops_per_process": count,
        "ops_done": done,
        "errors": sum(sum(r["ledger"]["errors"].values()) for r in results),
        "wall_s": round(wall, 3),
        "ops_per_s": round(done / wall, 1) if wall > 0 else None,
        "slowest_process_ops_per_s": round(min(per_proc), 1) if per_proc else None,
        "latency_under_load": summarize(lat),
        **({"counters": sorted({counters[w % len(counters)] for w in range(nproc)})} if kind == "call_next" else {}),
    }


def top_up(db: Database, site: Site, need: int, ledger: Ledger) -> int:
    """Issue tickets until ``need`` are waiting (the bench counters serve every service)."""
    missing = max(0, need - waiting_count(db))
    for i in range(missing):
        ledger.issue(queue.issue_ticket(db, site.codes[i % len(site.codes)]))
    return missing


# -- environment ------------------------------------------------------------------------------


def filesystem_of(path: Path) -> str | None:
    """Best-effort file system type of ``path`` (Linux /proc/mounts)."""
    try:
        best, fstype = "", None
        for line in Path("/proc/mounts").read_text().splitlines():
            parts = line.split()
            if len(parts) >= 3 and str(path).startswith(parts[1]) and len(parts[1]) > len(best):
                best, fstype = parts[1], parts[2]
        return fstype
    except OSError:
        return None


def code_version() -> dict[str, Any]:
    """Which core was measured: the git commit, and whether db/ had uncommitted changes."""
    import hashlib
    import subprocess

    root = Path(__file__).resolve().parents[1]
    out: dict[str, Any] = {}
    try:
        out["git_head"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True,
                                         text=True, timeout=10).stdout.strip() or None
        status = subprocess.run(["git", "status", "--porcelain", "--", "db"], cwd=root, capture_output=True,
                                text=True, timeout=10).stdout
        out["db_uncommitted_changes"] = bool(status.strip())
    except (OSError, subprocess.SubprocessError):
        out["git_head"] = None
    digest = hashlib.sha256()
    for f in sorted((root / "db").glob("*.py")):
        digest.update(f.read_bytes())
    out["db_sources_sha256"] = digest.hexdigest()[:16]
    return out


def loadavg() -> list[float] | None:
    """1, 5, 15-minute load averages (other work on the machine skews every figure)."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):
        return None


def environment(scratch: Scratch, url: str, offset_s: float) -> dict[str, Any]:
    env: dict[str, Any] = {
        "dialect": scratch.dialect,
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "sqlalchemy": sqlalchemy.__version__,
        "clock_offset_s": round(offset_s, 1),
        "loadavg_at_start": loadavg(),
        "code": code_version(),
    }
    db = Database(url)
    try:
        with db.engine.connect() as conn:
            if scratch.dialect == "sqlite":
                env["server_version"] = f"SQLite {sqlite3.sqlite_version}"
                env["journal_mode"] = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
                env["synchronous"] = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}.get(
                    conn.exec_driver_sql("PRAGMA synchronous").scalar())
                env["database_dir"] = str(scratch.base.parent)
                env["filesystem"] = filesystem_of(scratch.base.parent)
            else:
                import psycopg

                env["server_version"] = "PostgreSQL " + str(conn.exec_driver_sql("SHOW server_version").scalar())
                env["psycopg"] = psycopg.__version__
                for name in ("fsync", "synchronous_commit", "wal_sync_method", "shared_buffers"):
                    env[name] = conn.exec_driver_sql(f"SHOW {name}").scalar()
                env["server"] = f"{scratch.url.host or 'local socket'}:{scratch.url.port or 5432}"
    finally:
        db.dispose()
    return env


# -- goals ------------------------------------------------------------------------------------


def goals(dialect: str, ratios: dict[str, Any], history: dict[str, Any] | None, anomalies: dict[str, int]) -> dict[str, Any]:
    g: dict[str, Any] = {}
    for op in ("issue_ticket", "call_next"):
        value = ratios[op]["median"]
        g[f"{op}_within_{GOAL_VS_RAW:g}x_raw_commit"] = {
            "goal": f"median {op} <= {GOAL_VS_RAW:g} x median raw durable commit, on SQLite",
            "value": value,
            "applies": dialect == "sqlite",
            "met": (value is not None and value <= GOAL_VS_RAW) if dialect == "sqlite" else None,
        }
    for op in ("issue_ticket", "call_next"):
        value = history["ratio_loaded_vs_empty"][op]["median"] if history else None
        entry: dict[str, Any] = {
            "goal": f"median {op} with {GOAL_HISTORY_SIZE:,} tickets of history <= {GOAL_HISTORY:g} x empty",
            "value": value,
            "history_tickets": history["load"]["tickets"] if history else 0,
            "met": (value is not None and value <= GOAL_HISTORY) if history else None,
        }
        if history and history["load"]["tickets"] < GOAL_HISTORY_SIZE:
            entry["note"] = "history smaller than the goal's; indicative only"
        g[f"{op}_within_{GOAL_HISTORY:g}x_with_history"] = entry
    total = anomalies["duplicate_numbers"] + anomalies["called_twice"] + anomalies["lost_tickets"]
    g["zero_anomalies"] = {"goal": "no duplicate numbers, no ticket called twice, no lost ticket",
                           "value": total, "met": total == 0}
    return g


# -- main -------------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    scratch = Scratch(args.db, keep=args.keep)
    result: dict[str, Any] = {"benchmark": "queue_ops"}
    targets: list[Target] = []
    try:
        tz = str(siteconfig.load(siteconfig.SAMPLE).settings.get("timezone", "Asia/Jakarta"))
        offset = clock_offset(tz)
        install_clock(offset)

        # 1. the databases for the latency run: empty, and (unless --history 0) with history
        say("empty database: setting up")
        url_empty = scratch.create("empty")
        site = setup_site(url_empty)
        day = bench_day(site)
        result["environment"] = environment(scratch, url_empty, offset)
        result["parameters"] = {"ops": args.ops, "warmup": args.warmup, "per_process": args.per_process,
                                "history": args.history, "quick": args.quick, "seed": args.seed,
                                "cold_repeats": args.cold_repeats, "business_day": day.isoformat()}
        reference = raw_commit_latency(url_empty, 50, 5)
        targets.append(Target("empty", url_empty, site, Database(url_empty), RawCommitter(url_empty)))
        load = settled = None
        if args.history > 0:
            say(f"history: setting up, loading {args.history:,} tickets")
            url_hist = scratch.create("history")
            site_h = setup_site(url_hist)
            load = load_history(url_hist, site_h, args.history, day, args.seed)
            say(f"history: loaded {load['tickets']:,} tickets, {load['events']:,} events in {load['load_s']} s")
            settled = settle(url_hist, reference["median_ms"], args.settle_limit)
            say(f"history: write-back settled={settled['settled']} after {settled['waited_s']} s")
            targets.append(Target("history", url_hist, site_h, Database(url_hist), RawCommitter(url_hist)))

        # 2. query plans of every statement the two operations send (the same ops on both)
        plans = {t.name: query_plans(t.url, t.site, t.ledger) for t in targets}

        # 3. latency, the databases taking turns, with raw commits in between
        say(f"latency: {args.ops} of each operation on " + " and ".join(t.name for t in targets))
        interleaved_latency(targets, args.ops, args.warmup)
        say("latency: fresh starts")
        cold = cold_start(targets, args.cold_repeats)
        empty_t = targets[0]
        profile = statement_profile(empty_t.db, site, max(5, min(100, args.ops // 5)), empty_t.ledger)
        phase_anomalies = {t.name: check_anomalies(t.db, t.site, day, t.ledger) for t in targets}
        for t in targets:
            t.db.dispose()
            t.raw.close()

        empty = {**latency_result(empty_t), "cold_start": cold["empty"]}
        raw = {"how": empty_t.raw.how, **summarize(empty_t.samples["raw_commit"])}
        result["raw_commit"] = raw
        result["latency_empty"] = empty
        result["ratio_vs_raw_commit"] = {
            op: {"median": ratio(empty[op]["median_ms"], raw["median_ms"]),
                 "p95": ratio(empty[op]["p95_ms"], raw["p95_ms"])}
            for op in ("issue_ticket", "call_next")
        }
        result["statement_profile"] = profile
        result["query_plans_empty"] = {"history_scans": plans["empty"]["history_scans"]}

        history: dict[str, Any] | None = None
        if len(targets) > 1:
            hist_t = targets[1]
            loaded = {**latency_result(hist_t), "cold_start": cold["history"]}
            raw_h = {"how": hist_t.raw.how, **summarize(hist_t.samples["raw_commit"])}
            history = {
                "load": load,
                "settle": settled,
                "raw_commit": raw_h,
                "raw_commit_ratio_loaded_vs_empty": ratio(raw_h["median_ms"], raw["median_ms"]),
                "latency": loaded,
                "ratio_loaded_vs_empty": {
                    op: {"median": ratio(loaded[op]["median_ms"], empty[op]["median_ms"]),
                         "p95": ratio(loaded[op]["p95_ms"], empty[op]["p95_ms"])}
                    for op in ("issue_ticket", "call_next")
                },
                "cold_start_ratio_loaded_vs_empty": {
                    key: ratio(loaded["cold_start"][key]["median_ms"], empty["cold_start"][key]["median_ms"])
                    for key in ("first_issue_ticket", "first_call_next", "expiry_query")
                },
                "query_plans": plans["history"],
            }
        result["history"] = history

        # 4. concurrency on a fresh database
        say("throughput: setting up")
        url_conc = scratch.create("concurrency")
        site_c = setup_site(url_conc)
        ledger_conc = Ledger()
        throughput: dict[str, Any] = {"issue_ticket": {}, "call_next": {}}
        for nproc in (1, 4, 8):
            say(f"throughput: issue_ticket, {nproc} processes x {args.per_process}")
            throughput["issue_ticket"][str(nproc)] = parallel_run(
                "issue_ticket", url_conc, offset, nproc, args.per_process, site_c.codes, [0], ledger_conc)
        db = Database(url_conc)
        for nproc in (1, 8):
            topped = top_up(db, site_c, nproc * (args.per_process + 1), ledger_conc)
            waiting = waiting_count(db)
            say(f"throughput: call_next, {nproc} counters x {args.per_process}, {waiting} waiting")
            run_ = parallel_run("call_next", url_conc, offset, nproc, args.per_process, site_c.codes,
                                list(BENCH_COUNTERS[:nproc]), ledger_conc)
            run_["waiting_at_start"] = waiting
            run_["topped_up_tickets"] = topped
            throughput["call_next"][str(nproc)] = run_
        phase_anomalies["concurrency"] = check_anomalies(db, site_c, day, ledger_conc)
        db.dispose()
        base = throughput["issue_ticket"]["1"]["ops_per_s"]
        for nproc in ("4", "8"):
            throughput["issue_ticket"][nproc]["speedup_vs_1"] = ratio(throughput["issue_ticket"][nproc]["ops_per_s"], base)
        throughput["call_next"]["8"]["speedup_vs_1"] = ratio(throughput["call_next"]["8"]["ops_per_s"],
                                                             throughput["call_next"]["1"]["ops_per_s"])
        result["throughput"] = throughput

        anomalies: dict[str, Any] = {
            key: sum(p[key] for p in phase_anomalies.values())
            for key in ("duplicate_numbers", "called_twice", "lost_tickets", "number_gaps", "empty_calls")
        }
        anomalies["errors"] = sum(sum(p["errors"].values()) for p in phase_anomalies.values())
        anomalies["by_phase"] = phase_anomalies
        result["anomalies"] = anomalies
        result["goals"] = goals(scratch.dialect, result["ratio_vs_raw_commit"], history, anomalies)
        result["all_goals_met"] = all(g["met"] for g in result["goals"].values() if g["met"] is not None)
        result["environment"]["loadavg_at_end"] = loadavg()
        result["duration_s"] = round(time.perf_counter() - started, 1)
        return result
    finally:
        for t in targets:
            try:
                t.db.dispose()
                t.raw.conn.close()
            except Exception:
                pass
        set_clock(None)
        scratch.drop_all()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", required=True, help="sqlite:///path/file.db (scratch files go next to it) or "
                   "postgresql+psycopg://user:pw@host:port/db (scratch databases on that server; the role "
                   "needs CREATEDB, and pg_checkpoint to checkpoint after the history load)")
    p.add_argument("--ops", type=int, help="timed operations per latency measurement (default 500; --quick 30)")
    p.add_argument("--warmup", type=int, help="untimed operations before each latency measurement (default 50; --quick 5)")
    p.add_argument("--per-process", type=int, help="operations per process in the throughput runs (default 100; --quick 10)")
    p.add_argument("--history", type=int, help="past tickets to load for the history run, 0 to skip "
                   "(default 1000000; --quick 5000)")
    p.add_argument("--quick", action="store_true", help="small numbers, for a smoke test")
    p.add_argument("--seed", type=int, default=8, help="seed of the history generator")
    p.add_argument("--keep", action="store_true", help="keep the scratch databases")
    p.add_argument("--cold-repeats", type=int, default=3, help="fresh starts timed per phase (default 3)")
    p.add_argument("--settle-limit", type=float, help="longest wait, in seconds, for the write-back after the "
                   "history load (default 180; --quick 10)")
    args = p.parse_args(argv)
    quick = args.quick
    if args.settle_limit is None:
        args.settle_limit = 10.0 if quick else 180.0
    if args.cold_repeats < 1:
        p.error("--cold-repeats must be at least 1")
    for name, full, small in (("ops", 500, 30), ("warmup", 50, 5), ("per_process", 100, 10), ("history", 1_000_000, 5_000)):
        if getattr(args, name) is None:
            setattr(args, name, small if quick else full)
        if getattr(args, name) < (1 if name in ("ops", "per_process") else 0):
            p.error(f"--{name.replace('_', '-')} is too small")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    result = run(args)
    json.dump(result, sys.stdout, indent=2, default=str)
    sys.stdout.write("\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
