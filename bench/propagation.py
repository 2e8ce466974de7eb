"""How fast a committed change reaches another process's screen, and what an idle feed costs.

A writer (this process) calls ``call_next``; an observer process runs an offscreen Qt
event loop with the real ``ui.live.LiveFeed`` and stamps each ``called`` change it sees.
Latency is the observer's stamp minus the moment the writer's commit returned
(``time.monotonic`` is system-wide on Linux, so the two processes share it).
Then the observer sits idle for ``--idle-seconds`` and reports the CPU it used.

    python bench/propagation.py --db sqlite:////tmp/prop.db
    python bench/propagation.py --db postgresql://user:pw@127.0.0.1:5432/postgres

For PostgreSQL a scratch database is created next to the one in the URL and dropped after.
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.stats import summary  # noqa: E402

GOALS_P95_MS = {"sqlite": 25.0, "postgresql": 10.0}
IDLE_CPU_GOAL = 1.0  # percent of one core
FIGURES = ("median", "p95", "max")


def _figures(values: list[float]) -> dict[str, float | None]:
    """Median, p95 and max of ``values`` (as ``bench.stats`` computes them), None each when there are none."""
    if not values:
        return dict.fromkeys(FIGURES)
    figures = summary(values, 3, fields=FIGURES)
    return {key: figures[key] for key in FIGURES}


def observe(url: str, expected: int, idle_seconds: float) -> None:
    """Observer process: print ``READY``, then ``<label> <monotonic>`` per call, then ``IDLE <cpu%>``."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QTimer

    from db.database import Database
    from ui.live import LiveFeed

    app = QCoreApplication([])
    live = LiveFeed(Database(url, migrate=False))
    seen = {"n": 0}

    def on_changed(changes: list) -> None:
        now = time.monotonic()
        for c in changes:
            if c.kind == "called":
                print(f"{c.label} {now:.6f}", flush=True)
                seen["n"] += 1
        if seen["n"] >= expected:
            QTimer.singleShot(0, start_idle)

    def start_idle() -> None:
        cpu0, wall0 = time.process_time(), time.monotonic()

        def finish() -> None:
            cpu = time.process_time() - cpu0
            wall = time.monotonic() - wall0
            print(f"IDLE {100 * cpu / wall:.4f}", flush=True)
            app.quit()

        QTimer.singleShot(int(idle_seconds * 1000), finish)

    live.changed.connect(on_changed)
    live.resync.connect(lambda: print("READY", flush=True))
    live.start()
    QTimer.singleShot(int((120 + idle_seconds) * 1000), app.quit)  # never hang a CI run
    app.exec()
    live.stop()


def _scratch_pg(url: str) -> tuple[str, callable]:  # type: ignore[valid-type]
    """Create a scratch database on the server of ``url``; return its URL and a dropper."""
    import psycopg
    from sqlalchemy.engine import make_url

    from db.database import parse_url, resolve_url

    base = parse_url(resolve_url(url))
    name = f"antrian_prop_{os.getpid()}"
    kw = dict(host=base.host, port=base.port or 5432, user=base.username, password=base.password or "", autocommit=True)
    with psycopg.connect(dbname=base.database or "postgres", **kw) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(dbname=base.database or "postgres", **kw) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return make_url(base.set(database=name)).render_as_string(hide_password=False), drop


def prepare(url: str, calls: int) -> None:
    """Sample site, open at any hour, ``calls`` waiting tickets, an officer at counter 1."""
    from db import queue, siteconfig
    from db.database import Database
    from db.models import Service

    db = Database(url)
    siteconfig.apply(db, siteconfig.load(siteconfig.SAMPLE))
    with db.write() as s:
        for svc in s.query(Service):
            svc.hours, svc.daily_quota = {}, None
    for _ in range(calls):
        queue.issue_ticket(db, "A")
    queue.sign_in(db, 1, "siti", "siti123", take_over=True)
    db.dispose()


def measure(url: str, calls: int, idle_seconds: float, seed: int = 7) -> dict[str, object]:
    """Run writer and observer; return the figures."""
    from db import queue
    from db.database import Database

    prepare(url, calls)
    observer = subprocess.Popen(
        [sys.executable, __file__, "--observe", "--db", url, "--calls", str(calls), "--idle-seconds", str(idle_seconds)],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert observer.stdout is not None
    if observer.stdout.readline().strip() != "READY":
        observer.kill()
        raise SystemExit("observer did not start")
    db = Database(url)
    rng = random.Random(seed)
    committed: dict[str, float] = {}
    started: dict[str, float] = {}
    for _ in range(calls):
        t0 = time.monotonic()
        result = queue.call_next(db, 1, close_as="done")
        committed[result.ticket.label] = time.monotonic()  # type: ignore[union-attr]
        started[result.ticket.label] = t0  # type: ignore[union-attr]
        time.sleep(rng.uniform(0.01, 0.03))  # a pause between calls, as at a real counter
    seen: dict[str, float] = {}
    idle_cpu = None
    for line in observer.stdout:
        key, value = line.split()
        if key == "IDLE":
            idle_cpu = float(value)
        else:
            seen[key] = float(value)
    observer.wait(30)
    db.dispose()
    # From the moment call_next returned (its commit done). A PostgreSQL listener can hear
    # the NOTIFY before the writer's commit round trip returns: values may be negative.
    lat = sorted((seen[k] - committed[k]) * 1000 for k in committed if k in seen)
    latency = _figures(lat)
    p95 = latency["p95"]
    # Upper bound: from the moment call_next was entered.
    whole = sorted((seen[k] - started[k]) * 1000 for k in started if k in seen)
    dialect = "postgresql" if url.startswith("postgresql") else "sqlite"
    return {
        "benchmark": "propagation",
        "dialect": dialect,
        "calls": calls,
        "seen": len(seen),
        "missed": calls - len([k for k in committed if k in seen]),
        "latency_ms": latency,
        "latency_from_call_start_ms": _figures(whole),
        "idle_seconds": idle_seconds,
        "idle_cpu_percent_of_core": idle_cpu,
        "goals": {
            "p95_ms": GOALS_P95_MS[dialect],
            "p95_met": p95 is not None and p95 <= GOALS_P95_MS[dialect],
            "idle_cpu_percent": IDLE_CPU_GOAL,
            "idle_cpu_met": idle_cpu is not None and idle_cpu < IDLE_CPU_GOAL,
            "none_missed": len(seen) == calls,
        },
        "cpu_count": os.cpu_count(),
        "at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def main() -> None:
    """Parse options and print the JSON result."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", required=True, help="sqlite:///file or postgresql://… (a scratch database is created)")
    p.add_argument("--calls", type=int, default=300)
    p.add_argument("--idle-seconds", type=float, default=10.0)
    p.add_argument("--observe", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.observe:
        observe(args.db, args.calls, args.idle_seconds)
        return
    url, drop = args.db, None
    if url.startswith("postgres"):
        url, drop = _scratch_pg(url)
    else:
        from db.database import parse_url, resolve_url

        path = parse_url(resolve_url(url)).database or ""
        for suffix in ("", "-wal", "-shm"):
            Path(path + suffix).unlink(missing_ok=True)
    try:
        print(json.dumps(measure(url, args.calls, args.idle_seconds), indent=2))
    finally:
        if drop is not None:
            drop()


if __name__ == "__main__":
    main()
