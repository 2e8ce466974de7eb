"""What the JSON says besides the figures: the machine, the code measured, and the goals met."""

from __future__ import annotations

import os
import platform
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy

from bench.queueops.common import (
    GOAL_BUSY_P99_MS,
    GOAL_BUSY_PROCESSES,
    GOAL_HISTORY,
    GOAL_HISTORY_SIZE,
    GOAL_VS_RAW,
)
from bench.queueops.scratch import Scratch
from db.database import Database


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

    root = Path(__file__).resolve().parents[2]
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
    """The machine, the software and the database server's durability settings the figures were measured on."""
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
                    int(conn.exec_driver_sql("PRAGMA synchronous").scalar() or 0))
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


def goals(dialect: str, ratios: dict[str, Any], history: dict[str, Any] | None, anomalies: dict[str, int],
          throughput: dict[str, Any] | None = None, floor: dict[str, Any] | None = None) -> dict[str, Any]:
    """Each goal: what it asks, the value measured, and whether it is met (None where it does not apply).

    Beside the write-lock goal, ``floor`` (``bench.queueops.floor``) gives what the same
    transactions' SQL alone holds the lock for, as a ratio to the raw commit of its run."""
    g: dict[str, Any] = {}
    busy = (throughput or {}).get("issue_ticket", {}).get(str(GOAL_BUSY_PROCESSES))
    p99 = busy["latency_under_load"].get("p99_ms") if busy else None
    g[f"issue_ticket_p99_with_{GOAL_BUSY_PROCESSES}_processes"] = {
        "goal": f"p99 of issue_ticket with {GOAL_BUSY_PROCESSES} processes issuing at once <= {GOAL_BUSY_P99_MS:g} ms",
        "value": p99,
        "met": (p99 <= GOAL_BUSY_P99_MS) if p99 is not None else None,
    }
    for op in ("issue_ticket", "call_next"):
        value = ratios[op]["write_lock_median"]
        g[f"{op}_write_lock_within_{GOAL_VS_RAW:g}x_raw_commit"] = {
            "goal": f"median time {op} holds the write lock <= {GOAL_VS_RAW:g} x median raw durable commit, on SQLite",
            "value": value,
            "whole_call": ratios[op]["median"],
            "sql_alone": floor[op]["replayed_lock_vs_raw_commit"] if floor else None,
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
