"""What every part of the queue benchmark shares: goals, counters, progress, the shifted clock."""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.engine import URL

from bench.stats import summary
from db.clock import set_clock

GOAL_VS_RAW = 3.0  # each operation within 3x a raw durable commit (SQLite)
GOAL_HISTORY = 1.3  # each operation within 1.3x of itself with 1,000,000 tickets of history
GOAL_HISTORY_SIZE = 1_000_000
GOAL_BUSY_PROCESSES = 16  # issue_ticket's p99 with this many processes issuing at once...
GOAL_BUSY_P99_MS = 100.0  # ...within this
LATENCY_COUNTERS = (1, 2, 3)  # the sample site's counters, with their own services and rules
BENCH_COUNTERS = tuple(range(4, 12))  # added by the benchmark: every service, longest wait first
HISTORY_DAYS = 250
SITE_HOUR = 10  # the benchmark's clock stands at this local hour (plus elapsed time)
PROCESS_TIMEOUT_S = 900


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
    """Make ``db.clock`` run ``offset_s`` seconds ahead of real UTC (see :func:`clock_offset`)."""
    delta = timedelta(seconds=offset_s)
    set_clock(lambda: datetime.now(UTC) + delta)


# -- statistics -------------------------------------------------------------------------------


def summarize(samples_ms: list[float]) -> dict[str, Any]:
    """Median, p95 and friends of a list of durations in milliseconds (``bench.stats``: p95 interpolated)."""
    return summary(samples_ms, 3, unit="_ms")


def ratio(a: float | None, b: float | None) -> float | None:
    """``a / b`` to two places, or None when either is missing or ``b`` is not positive."""
    if a is None or b is None or b <= 0:
        return None
    return round(a / b, 2)


def pg_connect_kwargs(url: URL) -> dict[str, Any]:
    """psycopg.connect() keyword arguments for a SQLAlchemy URL."""
    kw: dict[str, Any] = {k: v for k, v in url.query.items()}
    for key, value in (("host", url.host), ("port", url.port), ("user", url.username),
                       ("password", url.password), ("dbname", url.database)):
        if value is not None:
            kw[key] = value
    return kw


def drop_load_keys(cur: Any) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    """Drop the foreign keys and secondary indexes of ``tickets`` and ``ticket_events``
    (PostgreSQL cursor ``cur``) for a bulk load: per-row foreign-key triggers and index
    updates would make it take minutes. Returns them, word for word, for :func:`restore_load_keys`
    in the same transaction (one sorted build, one join each)."""
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
    return foreign_keys, indexes


def restore_load_keys(cur: Any, foreign_keys: list[tuple[str, str, str]], indexes: list[tuple[str, str]]) -> None:
    """Build again what :func:`drop_load_keys` dropped: the indexes, then the foreign keys."""
    for _, definition in indexes:
        cur.execute(definition)
    for table, name, definition in foreign_keys:
        cur.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
