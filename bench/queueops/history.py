"""A database with a long past: bulk-loaded finished tickets and their events, then the write-back settled."""

from __future__ import annotations

import os
import random
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.engine import URL

from bench.queueops.common import HISTORY_DAYS, drop_load_keys, pg_connect_kwargs, restore_load_keys
from bench.queueops.latency import raw_commit_latency
from bench.queueops.scratch import Site
from db.database import Database
from db.models import Ticket, TicketEvent

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


def _load_sqlite(path: str, rows: Iterator[tuple[Any, ...]],
                 last_seq: dict[tuple[int, date], int]) -> tuple[tuple[float, float, float], dict[str, Any]]:
    """The SQLite load (see :func:`load_history`); the moments tickets, events and commit were done, and notes."""
    cols = ", ".join(TICKET_COLS)
    extra: dict[str, Any] = {}
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
    return (t1, t2, t3), extra


def _load_postgresql(url: URL, rows: Iterator[tuple[Any, ...]],
                     last_seq: dict[tuple[int, date], int]) -> tuple[tuple[float, float, float], dict[str, Any]]:
    """The PostgreSQL load (see :func:`load_history`); the moments tickets, events and commit were done, and notes."""
    import psycopg

    cols = ", ".join(TICKET_COLS)
    extra: dict[str, Any] = {}
    conn = psycopg.connect(**pg_connect_kwargs(url), autocommit=False)
    try:
        with conn.cursor() as cur:
            foreign_keys, indexes = drop_load_keys(cur)
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
            restore_load_keys(cur, foreign_keys, indexes)
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
    return (t1, t2, t3), extra


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
    t0 = time.perf_counter()
    if db.dialect == "sqlite":
        (t1, t2, t3), extra = _load_sqlite(str(db.url.database), rows, last_seq)
    else:
        (t1, t2, t3), extra = _load_postgresql(db.url, rows, last_seq)
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
