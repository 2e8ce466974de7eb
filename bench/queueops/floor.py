"""The SQL floor of the hot paths on SQLite: their write transactions replayed on the bare driver.

The goal "the write lock ≤ 3× a raw durable commit" asks how much of the lock is Python.
The floor answers it: every statement a real ``issue_ticket`` / ``call_next`` sent inside
its write transaction, with the very parameters the driver got, is sent again through
stdlib ``sqlite3`` to a copy of the database taken just before those calls, so the copy
goes through the same states and writes the same pages. What the replay holds the lock
for is what the SQL and the commit of its pages cost with no Python in between.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from contextlib import closing
from pathlib import Path
from typing import Any

from sqlalchemy import event

from bench.queueops.common import ratio, summarize
from bench.queueops.latency import hot_call
from bench.queueops.ledger import Ledger
from bench.queueops.scratch import Site
from db.database import Database

HOW = ("the statements and parameters of each real call's write transaction, replayed through stdlib sqlite3 "
       "(BEGIN IMMEDIATE … COMMIT, WAL, synchronous=FULL, foreign_keys=ON) on a copy taken before the calls, "
       "each followed by one raw one-row commit on the same copy")


class TransactionTap:
    """The statements (with their driver parameters) of each write transaction on ``db``'s engine."""

    def __init__(self, db: Database) -> None:
        self.engine = db.engine
        self.transactions: list[list[tuple[str, Any]]] = []
        self._open: list[tuple[str, Any]] | None = None

    def _begin(self, conn: Any) -> None:
        self._open = []

    def _statement(self, conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
                   executemany: bool) -> None:
        if self._open is not None and not statement.startswith("BEGIN"):
            self._open.append((statement, parameters))

    def _commit(self, conn: Any) -> None:
        done, self._open = self._open, None
        if done and any(not s.lstrip().upper().startswith("SELECT") for s, _ in done):
            self.transactions.append(done)  # a read-only transaction holds no write lock

    def __enter__(self) -> TransactionTap:
        event.listen(self.engine, "begin", self._begin)
        event.listen(self.engine, "before_cursor_execute", self._statement)
        event.listen(self.engine, "commit", self._commit)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(self.engine, "begin", self._begin)
        event.remove(self.engine, "before_cursor_execute", self._statement)
        event.remove(self.engine, "commit", self._commit)


def _replay(conn: sqlite3.Connection, transaction: list[tuple[str, Any]]) -> float:
    """One transaction through the bare driver: milliseconds from BEGIN IMMEDIATE to COMMIT returned."""
    t0 = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    for statement, parameters in transaction:
        conn.execute(statement, parameters).fetchall()
    conn.execute("COMMIT")
    return (time.perf_counter() - t0) * 1000


def _raw_commit(conn: sqlite3.Connection, i: int) -> float:
    t0 = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO bench_floor_raw (payload) VALUES (?)", (f"row {i}",))
    conn.execute("COMMIT")
    return (time.perf_counter() - t0) * 1000


def _rows(conn: sqlite3.Connection) -> list[Any]:
    """What the hot paths write, summed up: the replay must leave the copy as the calls left the original."""
    return [conn.execute(f"SELECT count(*), max(id), total(length(CAST({cols} AS TEXT))) FROM {table}").fetchone()
            for table, cols in (("tickets", "status || coalesce(called_at, '') || coalesce(finished_at, '')"),
                                ("ticket_events", "kind || at"), ("counters", "coalesce(current_ticket_id, 0)"))]


def sql_floor(db: Database, site: Site, n: int, ledger: Ledger) -> dict[str, Any] | None:
    """``n`` calls of each hot path on ``db``, then their transactions replayed on a copy; None on PostgreSQL."""
    if db.dialect != "sqlite":
        return None
    path = Path(str(db.url.database))
    copy = path.with_name(path.name + ".floor")
    db.dispose()  # every connection closed: the checkpoint below leaves the whole database in the file
    with closing(sqlite3.connect(path)) as check:
        check.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(path, copy)
    recorded: dict[str, list[list[tuple[str, Any]]]] = {}
    for name in ("issue_ticket", "call_next"):
        with TransactionTap(db) as tap:
            for i in range(n):
                hot_call(name, i, db, site, ledger)
        recorded[name] = tap.transactions
    conn = sqlite3.connect(copy, isolation_level=None)
    try:
        for pragma in ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON"):
            conn.execute(f"PRAGMA {pragma}")
        conn.execute("CREATE TABLE bench_floor_raw (id INTEGER PRIMARY KEY, payload TEXT)")
        out: dict[str, Any] = {"how": HOW}
        raw: list[float] = []
        for name, transactions in recorded.items():  # in the order they ran, so the copy follows the original
            held = []
            for transaction in transactions:
                held.append(_replay(conn, transaction))
                raw.append(_raw_commit(conn, len(raw)))
            out[name] = {"transactions": len(transactions),
                         "statements_per_transaction": round(sum(map(len, transactions)) / max(1, len(transactions)), 1),
                         "replayed_lock": summarize(held)}
        out["raw_commit"] = summarize(raw)
        with closing(sqlite3.connect(path)) as original:
            out["same_rows_as_the_calls"] = _rows(conn) == _rows(original)
        for name in recorded:
            out[name]["replayed_lock_vs_raw_commit"] = ratio(out[name]["replayed_lock"]["median_ms"],
                                                             out["raw_commit"]["median_ms"])
        return out
    finally:
        conn.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
