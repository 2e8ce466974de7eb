"""What checking an SQLite file for damage costs, by size: the figures behind the start-up rule.

Builds real Antrian databases (the schema, the sample site, then days of finished
tickets with their events) of growing size and times, on each, from the page cache:

- ``open``: ``Database(url)`` without the quick check, the baseline every process pays;
- ``header``: the O(1) header check every open does (``check_sqlite_header``);
- ``quick_check``: ``PRAGMA quick_check`` (every page, no index cross-check), run at
  open for files up to ``QUICK_CHECK_MAX_BYTES``;
- ``integrity_check``: the full check ``antrian doctor`` runs.

    python bench/integrity.py [--tickets 20000,100000,400000]

Prints one JSON object; ``ms_per_mb`` is the quick check's cost per megabyte.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build(path: Path, tickets: int) -> None:
    """A real Antrian file with ``tickets`` finished tickets and five events each."""
    from db import siteconfig
    from db.database import Database, sqlite_url

    db = Database(sqlite_url(path))
    siteconfig.apply(db, siteconfig.load(siteconfig.SAMPLE))
    db.dispose()
    conn = sqlite3.connect(path)
    services = [r[0] for r in conn.execute("SELECT id FROM services")]
    per_day = 300
    rows, events = [], []
    for i in range(tickets):
        n = i // per_day  # the business day's index: 28 days a month, 12 months a year
        day = f"{2020 + n // 336}-{1 + n // 28 % 12:02d}-{1 + n % 28:02d}"
        svc = services[i % len(services)]
        seq = i % per_day + 1
        at = f"{day} 0{1 + seq % 8}:00:00"
        rows.append((i + 1, svc, day, seq, f"A-{seq:03d}", at))
        for kind in ("issued", "called", "started", "finished", "survey"):
            events.append((i + 1, kind, at, day, svc, f"A-{seq:03d}"))
    conn.executemany("INSERT INTO tickets (id, service_id, day, seq, label, status, priority, issued_at, "
                     "queue_time, finished_at, recall_count, source) VALUES (?, ?, ?, ?, ?, 'done', 0, ?, ?, ?, 0, 'kiosk')",
                     [(t, s, d, q, lab, at, at, at) for t, s, d, q, lab, at in rows])
    conn.executemany("INSERT INTO ticket_events (ticket_id, kind, at, day, service_id, label) VALUES (?, ?, ?, ?, ?, ?)",
                     events)
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def timed(fn, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    """Best of ``repeat`` runs, in milliseconds (the file is in the page cache after the first)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return round(best * 1000, 2)


def measure(path: Path) -> dict[str, float]:
    """The four timings for one file."""
    from db import database
    from db.database import Database, check_sqlite_header, sqlite_url

    url = sqlite_url(path)
    limit = database.QUICK_CHECK_MAX_BYTES
    database.QUICK_CHECK_MAX_BYTES = -1  # the baseline open without the quick check
    try:
        open_ms = timed(lambda: Database(url, create=False).dispose())
    finally:
        database.QUICK_CHECK_MAX_BYTES = limit
    conn = sqlite3.connect(path)
    size_mb = path.stat().st_size / 1e6
    result = {
        "size_mb": round(size_mb, 1),
        "open_ms": open_ms,
        "header_ms": timed(lambda: check_sqlite_header(path)),
        "quick_check_ms": timed(lambda: conn.execute("PRAGMA quick_check").fetchall()),
        "integrity_check_ms": timed(lambda: conn.execute("PRAGMA integrity_check").fetchall(), repeat=1),
    }
    conn.close()
    result["ms_per_mb"] = round(result["quick_check_ms"] / size_mb, 2)
    return result


def main() -> int:
    """Build, measure, print JSON."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--tickets", default="20000,100000,400000", help="comma-separated ticket counts")
    args = p.parse_args()
    from db.database import QUICK_CHECK_MAX_BYTES

    out: dict[str, object] = {"quick_check_max_mb": round(QUICK_CHECK_MAX_BYTES / 1e6, 1), "sizes": []}
    with tempfile.TemporaryDirectory(prefix="antrian-integrity-") as tmp:
        for n in (int(v) for v in args.tickets.split(",")):
            path = Path(tmp) / f"t{n}.db"
            build(path, n)
            out["sizes"].append({"tickets": n, **measure(path)})  # type: ignore[union-attr]
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("ANTRIAN_SQLITE_BUSY_TIMEOUT_MS", "10000")
    sys.exit(main())
