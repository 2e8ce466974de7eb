"""Benchmark of the counter app: key press to the ticket shown, window start, memory.

    python bench/counter.py                       # scratch SQLite file in a temp folder
    python bench/counter.py --db postgresql://user:pw@127.0.0.1:5432/postgres
    python bench/counter.py --quick               # a few presses, one start (smoke test)
    python bench/counter.py --load 16             # the desk reads with 16 busy processes beside

Prints one JSON object to stdout (progress goes to stderr):

- ``key_to_called_ms``: from ``QTest.keyClick(window, F1)`` to the big number showing
  the newly called ticket (the panel's ``label_changed`` signal), in-process, offscreen,
  with the real task runner, live feed and database. The wait is an event loop
  (``QEventLoop`` quit by the signal), never a sleep. Between presses the benchmark waits
  until the window is quiet (no action or read in flight), as an officer's presses are
  seconds apart.
  ``core_call_next_*`` is the time spent inside ``db.queue.call_next`` itself (on the
  worker thread, the durable commit included); ``ui_overhead_*`` the rest (key event,
  hand-over to the worker and back, repainting).
- ``window_start``: ``python -m counter --screenshot … --json-logging`` with an
  unattended sign-in, run ``--starts`` times: the ``ready`` log line's ``seconds`` (the
  app's own start-up to the main window showing data) and the wall time from spawning
  the process to that line (Python's own start and imports included).
- ``memory``: peak resident memory (VmHWM, ``bench.procmem``) of those processes, and of
  this benchmark process after its presses.
- ``desk_read``: the counter window's refresh, ``db.stats.counter_desk`` (snapshot,
  waiting list, figures of the day), read ``--desk-reads`` times with all three counters
  signed in and busy and tickets waiting: milliseconds (median, p95) and the statements
  each read sends (``before_cursor_execute``). With ``--load N``, N other processes keep
  the database busy meanwhile (each reads a desk in a loop and issues a ticket every
  tenth round), as a busy office's other windows do.
- ``goals`` and ``met``: 50 ms (p95 of the key presses), 1.5 s (median ``ready``), 150 MB.

For PostgreSQL a scratch database is created on the server of ``--db`` and dropped after;
for SQLite a scratch file is used. The named database itself is never touched.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.procmem import PeakMemory  # noqa: E402
from bench.stats import percentile, summary  # noqa: E402

GOALS = {"key_to_called_p95_ms": 50.0, "window_ready_s": 1.5, "peak_rss_mb": 150.0}
PASSWORD_ENV = "ANTRIAN_BENCH_PASSWORD"
OFFICER = ("siti", "siti123")
COUNTER = 1


def log(msg: str) -> None:
    """Progress on stderr."""
    print(f"bench/counter: {msg}", file=sys.stderr, flush=True)


# -- scratch database -----------------------------------------------------------------------------


def scratch_database(url: str | None, folder: Path) -> tuple[str, Callable[[], None]]:
    """A new database with the sample site (every service open); its URL and a clean-up."""
    from db.database import Database, parse_url, resolve_url

    if url and parse_url(resolve_url(url)).get_backend_name() == "postgresql":
        import psycopg

        base = parse_url(resolve_url(url))
        name = f"antrian_bench_counter_{os.getpid()}"
        admin = dict(host=base.host or "", port=base.port or 5432, user=base.username or "",
                     password=base.password or "", dbname=base.database or "postgres", autocommit=True)
        with psycopg.connect(**admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        scratch = base.set(database=name).render_as_string(hide_password=False)

        def drop() -> None:
            with psycopg.connect(**admin) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        prepare(Database(scratch))
        return scratch, drop
    path = folder / "bench-counter.db"
    prepare(Database(f"sqlite:///{path}"))
    return f"sqlite:///{path}", lambda: None


def prepare(db: object) -> None:
    """Apply the sample site and open every service all day."""
    from sqlalchemy import select

    from db import siteconfig
    from db.models import Service

    siteconfig.apply(db, siteconfig.load(siteconfig.SAMPLE))  # type: ignore[arg-type]
    with db.write() as s:  # type: ignore[attr-defined]
        for svc in s.scalars(select(Service)):
            svc.hours = {}
            svc.daily_quota = None
    db.dispose()  # type: ignore[attr-defined]


def issue_tickets(url: str, n: int) -> None:
    """``n`` visitors for Loket 1 (Desk CAPA and Desk Prasertifikasi, a few priority)."""
    from db import queue
    from db.database import Database

    db = Database(url)
    for i in range(n):
        queue.issue_ticket(db, "A" if i % 3 else "B", priority=i % 17 == 0)
    db.dispose()


# -- key presses, in process ----------------------------------------------------------------------


def measure_presses(url: str, presses: int, timeout_s: float = 10.0) -> dict[str, object]:
    """Press F1 ``presses`` times in a real counter window; milliseconds to the number shown."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from counter.window import CounterWindow
    from db import queue
    from db.database import Database
    from ui.backend import Backend
    from ui.live import LiveFeed
    from ui.tasks import TaskRunner
    from ui.theme import apply_theme

    app = QApplication.instance() or QApplication([])
    apply_theme(app)  # type: ignore[arg-type]
    db = Database(url)
    runner = TaskRunner()
    live = LiveFeed(db)
    officer = queue.sign_in(db, COUNTER, *OFFICER, take_over=True)
    window = CounterWindow(Backend(db, runner, live), COUNTER, officer)
    window.resize(1280, 800)

    def wait_for(condition: Callable[[], bool], signal: object | None = None) -> bool:
        """Run the event loop until ``condition()`` holds (woken by ``signal`` or a 1 ms tick)."""
        if condition():
            return True
        loop = QEventLoop()
        tick = QTimer()
        tick.setInterval(1)
        tick.timeout.connect(lambda: condition() and loop.quit())
        if signal is not None:
            signal.connect(loop.quit)  # type: ignore[attr-defined]
        guard = QTimer()
        guard.setSingleShot(True)
        guard.timeout.connect(loop.quit)
        tick.start()
        guard.start(int(timeout_s * 1000))
        while not condition() and guard.isActive():
            loop.exec()
        tick.stop()
        if signal is not None:
            signal.disconnect(loop.quit)  # type: ignore[attr-defined]
        return condition()

    ready = {"yes": False}
    window.ready.connect(lambda: ready.update(yes=True))
    live.start()
    window.show()
    window.activateWindow()
    if not wait_for(lambda: ready["yes"] and QApplication.activeWindow() is window):
        raise SystemExit("bench/counter: the counter window did not come up")

    latencies: list[float] = []
    shown: dict[str, float] = {}
    db_ms: list[float] = []
    real_call_next = queue.call_next

    def timed_call_next(database: Database, number: int, **kwargs: object) -> object:
        """The core's own share (runs on the worker thread): one transaction, its commit included."""
        t = time.perf_counter()
        try:
            return real_call_next(database, number, **kwargs)  # type: ignore[arg-type]
        finally:
            db_ms.append((time.perf_counter() - t) * 1000)

    queue.call_next = timed_call_next  # type: ignore[assignment]

    def on_label(text: str) -> None:
        shown["t"] = time.perf_counter()
        shown["label"] = text  # type: ignore[assignment]

    window.panel.label_changed.connect(on_label)
    settle = QTimer()
    settle.setSingleShot(True)
    for i in range(presses):
        # Quiet first: nothing in flight, and the feed's echo of the last press delivered.
        wait_for(lambda: window.session.quiet)
        if window.session.state == "called":
            # The visitor comes and is served (untimed): F1 then ends the visit as done,
            # with no question (a visit only called would ask how it ends first).
            QTest.keyClick(window, Qt.Key.Key_F3)
            wait_for(lambda: window.session.state == "serving" and window.session.quiet)
        settle.start(30)
        wait_for(lambda: not settle.isActive() and window.session.quiet)
        before = window.panel.number.text()
        shown.clear()
        t0 = time.perf_counter()
        QTest.keyClick(window, Qt.Key.Key_F1)
        if not wait_for(lambda before=before: "t" in shown and shown.get("label") not in ("", before),
                        window.panel.label_changed):
            raise SystemExit(f"bench/counter: press {i + 1}: no ticket shown within {timeout_s} s")
        latencies.append((shown["t"] - t0) * 1000)
        if (i + 1) % 20 == 0:
            log(f"{i + 1}/{presses} presses, median so far {statistics.median(latencies):.1f} ms")
    wait_for(lambda: window.session.quiet)
    queue.call_next = real_call_next  # type: ignore[assignment]
    window.shutdown()
    window.close()
    live.stop()
    runner.wait(10_000)
    db.dispose()
    overhead = [total - core for total, core in zip(latencies, db_ms, strict=False)]
    return {
        **summary(latencies, fields=("median", "p95", "min", "max")),
        "core_call_next_median": round(percentile(db_ms, 50), 2),
        "core_call_next_p95": round(percentile(db_ms, 95), 2),
        "ui_overhead_median": round(percentile(overhead, 50), 2),
        "ui_overhead_p95": round(percentile(overhead, 95), 2),
    }


# -- the desk read, optionally under load ---------------------------------------------------------


def _load_worker(url: str, stop: object, worker: int) -> None:
    """A busy window elsewhere in the office: desk reads in a loop, a ticket every tenth round."""
    from db import queue, stats
    from db.database import Database

    db = Database(url)
    i = 0
    while not stop.is_set():  # type: ignore[attr-defined]
        stats.counter_desk(db, 1 + (worker + i) % 3)
        if i % 10 == 0:
            queue.issue_ticket(db, "ABCDEF"[(worker + i) % 6])
        i += 1
    db.dispose()


def measure_desk(url: str, reads: int, load: int) -> dict[str, object]:
    """``stats.counter_desk`` of counter 1, ``reads`` times, with ``load`` busy processes beside."""
    import multiprocessing as mp

    from sqlalchemy import event

    from db import queue, stats
    from db.database import Database

    db = Database(url)
    for number, (user, password) in ((2, ("budi", "budi123")), (3, ("agus", "agus123"))):
        queue.sign_in(db, number, user, password, take_over=True)
        queue.call_next(db, number)
    for i in range(20):
        queue.issue_ticket(db, "ABCDEF"[i % 6], priority=i % 7 == 0)
    sent: list[int] = []
    ctx = mp.get_context("spawn")
    stop = ctx.Event()
    workers = [ctx.Process(target=_load_worker, args=(url, stop, w), daemon=True) for w in range(load)]
    for w in workers:
        w.start()
    try:
        if load:
            time.sleep(3.0)  # every worker started and busy
        stats.counter_desk(db, COUNTER)  # warm: connection and compiled statements
        event.listen(db.engine, "before_cursor_execute", lambda *a: sent.append(1))
        times: list[float] = []
        counts: list[int] = []
        for _ in range(reads):
            before = len(sent)
            t = time.perf_counter()
            stats.counter_desk(db, COUNTER)
            times.append((time.perf_counter() - t) * 1000)
            counts.append(len(sent) - before)
    finally:
        stop.set()
        for w in workers:
            w.join(30)
        db.dispose()
    return {
        "n": reads,
        "load_processes": load,
        **summary(times, unit="_ms", fields=("median", "p95", "max")),
        "statements_per_read": statistics.median(counts),
    }


def vmhwm_mb(pid: int | str = "self") -> float | None:
    """Peak resident memory of a process (Linux ``/proc``), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


# -- window start, as a process -------------------------------------------------------------------


def measure_start(url: str, folder: Path, run: int) -> dict[str, object]:
    """Start ``python -m counter --screenshot`` once; the ready line's seconds, wall time, peak RSS."""
    shot = folder / f"start-{run}.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", PASSWORD_ENV: OFFICER[1],
           "ANTRIAN_DATA_DIR": str(folder / "data")}
    cmd = [sys.executable, "-m", "counter", "--db", url, "--counter", str(COUNTER), "--user", OFFICER[0],
           "--password-env", PASSWORD_ENV, "--screenshot", str(shot), "--json-logging", "--size", "1280x800"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    watch = PeakMemory(proc.pid)
    ready_s = wall_s = None
    rss_at_ready = None
    assert proc.stderr is not None
    for line in proc.stderr:
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if record.get("event") == "ready" and ready_s is None:
            wall_s = time.perf_counter() - t0
            ready_s = float(record["seconds"])
            rss_at_ready = vmhwm_mb(proc.pid)
    peak = watch.join() / 1024  # not ru_maxrss: it would include this process's own peak (bench.procmem)
    _, status, _usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if ready_s is None or proc.returncode != 0:
        raise SystemExit(f"bench/counter: start {run} failed (exit {proc.returncode}, ready {ready_s})")
    return {"ready_s": round(ready_s, 3), "wall_to_ready_s": round(wall_s or 0.0, 3),
            "vmhwm_at_ready_mb": rss_at_ready, "peak_rss_mb": round(peak, 1)}


# -- main -----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its JSON."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db", help="where to make the scratch database (SQLite default, or a PostgreSQL server URL)")
    p.add_argument("--presses", type=int, default=100)
    p.add_argument("--starts", type=int, default=3)
    p.add_argument("--desk-reads", type=int, default=200, help="timed counter_desk reads")
    p.add_argument("--load", type=int, default=0, help="busy processes beside the desk reads")
    p.add_argument("--only-desk", action="store_true", help="measure the desk read only (no presses, no starts)")
    p.add_argument("--quick", action="store_true", help="5 presses, 1 start, 20 desk reads (smoke test)")
    args = p.parse_args(argv)
    if args.quick:
        args.presses, args.starts, args.desk_reads = 5, 1, 20
    with tempfile.TemporaryDirectory(prefix="antrian-bench-counter-") as tmp:
        folder = Path(tmp)
        url, cleanup = scratch_database(args.db, folder)
        try:
            backend = "postgresql" if url.startswith("postgresql") else "sqlite"
            log(f"{backend}: {args.presses} presses, {args.starts} starts")
            issue_tickets(url, args.presses + 5)
            if args.only_desk:
                desk = measure_desk(url, args.desk_reads, args.load)
                print(json.dumps({"benchmark": "counter", "database": backend, "desk_read": desk}, indent=2))
                return 0
            presses = measure_presses(url, args.presses)
            inprocess_peak = vmhwm_mb()
            starts = [measure_start(url, folder, i) for i in range(args.starts)]
            log(f"desk reads: {args.desk_reads}, {args.load} busy processes beside")
            desk = measure_desk(url, args.desk_reads, args.load)
        finally:
            cleanup()
    ready = statistics.median(float(s["ready_s"]) for s in starts)  # type: ignore[arg-type]
    wall = statistics.median(float(s["wall_to_ready_s"]) for s in starts)  # type: ignore[arg-type]
    peak = max(float(s["peak_rss_mb"]) for s in starts)  # type: ignore[arg-type]
    result = {
        "benchmark": "counter",
        "database": backend,
        "python": sys.version.split()[0],
        "key_to_called_ms": presses,
        "desk_read": desk,
        "window_start": {"ready_s_median": round(ready, 3), "wall_to_ready_s_median": round(wall, 3), "runs": starts},
        "memory": {"process_peak_rss_mb": peak, "benchmark_process_vmhwm_mb": inprocess_peak},
        "goals": GOALS,
        "met": {
            "key_to_called_p95_ms": float(presses["p95"]) <= GOALS["key_to_called_p95_ms"],  # type: ignore[arg-type]
            "window_ready_s": ready <= GOALS["window_ready_s"],
            "peak_rss_mb": peak <= GOALS["peak_rss_mb"],
        },
        "quick": args.quick,
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
