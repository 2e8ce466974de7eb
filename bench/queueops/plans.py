"""The query plan of every statement the two operations send, and whether one walks the history."""

from __future__ import annotations

import re
from typing import Any

from bench.queueops.common import LATENCY_COUNTERS
from bench.queueops.latency import StatementTap
from bench.queueops.ledger import Ledger
from bench.queueops.scratch import Site
from db import queue
from db.database import Database

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
