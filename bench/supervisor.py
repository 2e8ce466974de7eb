"""Benchmark of the supervisor console's floor, printed as JSON.

The office: 8 services, 10 counters each with an officer signed in, 500 visitors waiting.

- **latency**: a writer (this process, standing for a counter PC) commits
  ``queue.call_next`` on the database the real console (``python -m supervisor``, signed
  in unattended, floor page) watches; the console logs ``floor_updated`` (JSON log line,
  ``t`` = ``time.time()``, ``tickets`` = the number at each counter) once the tables
  showing the new number are painted. Latency = that time − the time ``call_next``
  returned (its commit). Same machine, same wall clock. Median, p95 and max over ``--calls``.
- **start**: ``python -m supervisor --screenshot …``; the wall time from spawning the
  process to its ``ready`` line (sign-in and the first floor painted included), and the
  ``ready`` line's own ``seconds``.
- **memory**: the console's peak RSS (``VmHWM``, :class:`bench.procmem.PeakMemory`) over
  the latency run, sign-in included (scrypt at the site's cost takes 128 MiB for a moment;
  ``ANTRIAN_SCRYPT_N`` lowers it for a smoke run), and its resident size after the calls.

- **baseline** (same run, same data): ``db.floor.floor`` read in this process, the part
  of the latency the console cannot go below; the rest is the feed's wake-up and the paint.

Goals: p95 ≤ 50 ms, spawn to first frame ≤ 1.5 s, peak RSS ≤ 160 MB.

    python bench/supervisor.py              # 60 calls on a temporary SQLite file
    python bench/supervisor.py --db postgresql+psycopg://u:p@host/db   # an empty database
    python bench/supervisor.py --quick      # a smoke run (5 calls, 1 start)
"""

from __future__ import annotations

import argparse
import json
import os
import queue as queue_mod
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from bench.calls import latency_figures, machine, timed_calls  # noqa: E402
from bench.display import BoardProcess  # noqa: E402
from bench.procmem import PeakMemory  # noqa: E402
from bench.stats import percentile, summarize  # noqa: E402
from db import floor, queue, siteconfig  # noqa: E402
from db.database import Database  # noqa: E402
from db.models import Counter, CounterService, Officer, Service  # noqa: E402
from db.passwords import hash_password  # noqa: E402

GOALS = {"latency_p95_ms": 50.0, "start_s": 1.5, "rss_mb": 160.0}
SERVICES = 8
COUNTERS = 10
WAITING = 500
PASSWORD_ENV = "ANTRIAN_BENCH_SUPERVISOR_PASSWORD"


def prepare(url: str, calls: int) -> Database:
    """The sample site grown to 8 services and 10 staffed counters, always open, 500 waiting
    (plus one more per call, so ``WAITING`` stay waiting to the end)."""
    db = Database(url)
    siteconfig.apply(db, siteconfig.load(siteconfig.SAMPLE))
    with db.write() as s:
        services = list(s.scalars(select(Service).order_by(Service.sort_order, Service.code)))
        template = services[0]
        for code in ("G", "H", "I", "J")[: SERVICES - len(services)]:
            s.add(Service(code=code, name_id=f"Layanan {code}", name_en=f"Service {code}", colour=template.colour,
                          sort_order=len(services), active=True, hours={}, daily_quota=None,
                          target_wait_min=30, target_service_min=15))
        s.flush()
        for svc in s.scalars(select(Service)):
            svc.hours = {}
            svc.daily_quota = None
        codes = [v.code for v in s.scalars(select(Service).order_by(Service.code))]
        ids = {v.code: v.id for v in s.scalars(select(Service))}
        existing = set(s.scalars(select(Counter.number)))
        password = hash_password("petugas-pass")
        for number in range(1, COUNTERS + 1):
            if number in existing:
                continue
            officer = Officer(username=f"petugas{number}", display_name=f"Petugas {number}", role="officer",
                              password_hash=password, active=True)
            s.add(officer)
            s.flush()
            c = Counter(number=number, name=f"Loket {number}", active=True, call_rule="longest_wait", paused=False,
                        officer_id=officer.id)
            s.add(c)
            s.flush()
            for pos, code in enumerate(codes[number % len(codes):] + codes[: number % len(codes)]):
                s.add(CounterService(counter_id=c.id, service_id=ids[code], position=pos))
    for number, (user, pw) in {1: ("siti", "siti123"), 2: ("budi", "budi123"), 3: ("agus", "agus123")}.items():
        queue.sign_in(db, number, user, pw, take_over=True)
    for i in range(WAITING + calls):  # 500 still waiting after the last call
        queue.issue_ticket(db, codes[i % len(codes)])
    return db


class SupervisorProcess(BoardProcess):
    """``python -m supervisor`` as a child process, its JSON log lines read on a thread
    (the display benchmark's reader, started on another module)."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.started = time.time()
        self.proc = subprocess.Popen([sys.executable, "-m", "supervisor", *args, "--json-logging"], cwd=ROOT, env=env,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     text=True, encoding="utf-8")
        self.lines: queue_mod.Queue[dict[str, Any]] = queue_mod.Queue()
        self.other: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(self.proc.stderr,), daemon=True)
        self._thread.start()


def console_args(url: str, work: Path, *extra: str) -> list[str]:
    """The console's options: this database, the supervisor signed in unattended."""
    return ["--db", url, "--user", "supervisor", "--password-env", PASSWORD_ENV, "--data-dir", str(work / "data"), *extra]


def measure_baseline(db: Database, reads: int) -> dict[str, Any]:
    """``db.floor.floor`` read here ``reads`` times: what one re-read of the console costs."""
    times = []
    for _ in range(reads):
        t0 = time.perf_counter()
        floor.floor(db)
        times.append((time.perf_counter() - t0) * 1000)
    figures = summarize(times)
    return {"reads": reads, "median_ms": round(figures.median, 2), "p95_ms": round(figures.p95, 2)}


def measure_start(url: str, work: Path, env: dict[str, str], runs: int) -> dict[str, Any]:
    """Start the console with ``--screenshot`` ``runs`` times: spawn → first floor painted."""
    ready, wall, signed, after = [], [], [], []
    for i in range(runs):
        proc = SupervisorProcess(console_args(url, work, "--screenshot", str(work / f"start-{i}.png"),
                                              "--size", "1366x768"), env)
        signed_in = proc.wait_for("signed_in", 60)
        record = proc.wait_for("ready", 60)
        ready.append(float(record["seconds"]))
        wall.append(float(record["t"]) - proc.started)
        signed.append(float(signed_in["t"]) - proc.started)
        after.append(float(record["t"]) - float(signed_in["t"]))
        proc.proc.wait(timeout=60)
        proc.stop()
    return {
        "ready_seconds": [round(v, 3) for v in ready],
        "ready_median_s": round(percentile(ready, 50), 3),
        "spawn_to_ready_seconds": [round(v, 3) for v in wall],
        "spawn_to_ready_median_s": round(percentile(wall, 50), 3),
        # where the time goes: spawn to signed in (imports, the site read, scrypt at the site's
        # cost: about 0.4 s of one core at N = 2^17), then signed in to the floor painted
        "spawn_to_signed_in_median_s": round(percentile(signed, 50), 3),
        "signed_in_to_ready_median_s": round(percentile(after, 50), 3),
    }


def measure_latency(db: Database, url: str, work: Path, env: dict[str, str], calls: int) -> dict[str, Any]:
    """Calls committed here, floor paints seen there; and the console's peak memory."""
    proc = SupervisorProcess(console_args(url, work, "--windowed", "--size", "1920x1080"), env)
    peak = PeakMemory(proc.proc.pid)
    try:
        proc.wait_for("ready", 60)

        def seen(counter: int, label: str) -> dict[str, Any]:
            while True:
                record = proc.wait_for("floor_updated", 10)
                if (record.get("tickets") or {}).get(str(counter)) == label:
                    return record

        latencies, from_start = timed_calls(db, calls, COUNTERS, seen)
        memory = proc.status()
    finally:
        code = proc.stop()
    peak_kib = peak.join()
    return {
        **latency_figures(calls, latencies, from_start),
        "peak_rss_mb": round(peak_kib / 1024, 1),
        # scrypt's 128 MiB at sign-in (db.passwords, N = 2^17) is in the peak; resident after the calls:
        "vmrss_after_calls_mb": round(memory.get("VmRSS", 0) / 1024, 1),
        "exit_code": code,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one JSON object."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", help="an empty database URL (default: a temporary SQLite file)")
    p.add_argument("--calls", type=int, default=60)
    p.add_argument("--start-runs", type=int, default=3)
    p.add_argument("--quick", action="store_true", help="a smoke run: 5 calls, 1 start")
    args = p.parse_args(argv)
    if args.quick:
        args.calls, args.start_runs = 5, 1
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT), PASSWORD_ENV: "supervisor123"}
    env.pop("ANTRIAN_DB", None)
    with tempfile.TemporaryDirectory(prefix="antrian-bench-supervisor-") as tmp:
        work = Path(tmp)
        url = args.db or f"sqlite:///{work / 'bench.db'}"
        db = prepare(url, args.calls)
        try:
            waiting = sum(sf.waiting for sf in floor.floor(db).services)
            baseline = measure_baseline(db, 30 if args.quick else 100)
            start = measure_start(url, work, env, args.start_runs)
            latency = measure_latency(db, url, work, env, args.calls)
        finally:
            db.dispose()
    backend = url.split(":", 1)[0].split("+", 1)[0]
    met = {
        "latency_p95": latency["p95_ms"] <= GOALS["latency_p95_ms"],
        "start": start["spawn_to_ready_median_s"] <= GOALS["start_s"],
        "rss": latency["peak_rss_mb"] <= GOALS["rss_mb"],
    }
    result = {
        "benchmark": "supervisor",
        "backend": backend,
        "quick": args.quick,
        "office": {"services": SERVICES, "counters": COUNTERS, "waiting_at_start": waiting},
        "latency_commit_to_floor_paint": latency,
        "baseline_floor_read_in_process": baseline,
        "start": start,
        "goals": GOALS,
        "met": met,
        "all_met": all(met.values()),
        "machine": machine(),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
