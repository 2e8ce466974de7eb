"""Benchmark of the lobby board, printed as JSON.

- **latency**: a writer (this process) commits ``queue.call_next`` on the database the
  real board process (``python -m display``) watches; the board logs ``board_updated``
  (JSON log line, ``t`` = ``time.time()``) right after the paint that shows the new
  number. Latency = that time − the time ``call_next`` returned (its commit). Same
  machine, same wall clock. Median, p95 and max over ``--calls`` calls.
- **start**: ``python -m display --screenshot … --json-logging``; the ``ready`` line's
  ``seconds`` (start-up to the first snapshot painted), and the wall time from spawning
  the process to that line (Python and Qt imports included).
- **memory**: the board process's peak RSS (``VmHWM``) after the calls.
- **idle CPU**: the board's CPU use while nothing happens (the ticker scrolls), once the
  last call's highlight is over. /proc counts CPU time in clock ticks (10 ms), so the
  15 s window resolves about 0.07 % (over 5 s the figure came in steps of 0.2 %).
- **ticker frames**: the ticker (``display.ticker``) alone in this process, in a 1920×1080
  window as on the board: first its CPU for ``--ticker`` seconds (``cpu_percent``,
  ``cpu_ms_per_frame``), as on the board, where no Python runs in a frame; then for as
  long each frame's time and offset recorded (``Ticker.frame_log``, a Python slot):
  frames per second, the intervals between frames, the pixels each frame moved (an even
  glide moves the same every frame: ``uneven_steps`` counts the frames that moved
  otherwise).

Goals: p95 ≤ 50 ms on SQLite, start ≤ 1.5 s, peak RSS < 200 MB, idle CPU ≤ 1 % of a core,
the ticker at ≥ 30 frames a second.

    python bench/display.py                 # 100 calls on a temporary SQLite file
    python bench/display.py --db postgresql+psycopg://u:p@host/db   # an empty database
    python bench/display.py --quick         # a smoke run (5 calls)
    xvfb-run -a -s "-screen 0 1920x1080x24" python bench/display.py --platform xcb   # as on a lobby PC
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
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this file's folder comes first on sys.path, and this very file would be
# found as the ``display`` package: put the project first and drop bench/.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from bench.calls import latency_figures, machine, timed_calls  # noqa: E402
from bench.stats import percentile, summary  # noqa: E402
from db import queue, siteconfig  # noqa: E402
from db.database import Database  # noqa: E402
from db.models import Service  # noqa: E402

GOALS = {"latency_p95_ms": 50.0, "start_s": 1.5, "rss_mb": 200.0, "idle_cpu_percent": 1.0, "ticker_fps": 30.0}
# Counter → the service whose tickets it calls first (see the sample site).
COUNTER_SERVICE = {1: "A", 2: "C", 3: "E"}


def prepare(url: str, tickets_per_counter: int) -> Database:
    """The sample site, always open, no quotas, with enough waiting tickets for every call."""
    db = Database(url)
    siteconfig.apply(db, siteconfig.load(siteconfig.SAMPLE))
    with db.write() as s:
        for svc in s.query(Service):
            svc.hours = {}
            svc.daily_quota = None
    for number, (user, password) in {1: ("siti", "siti123"), 2: ("budi", "budi123"), 3: ("agus", "agus123")}.items():
        queue.sign_in(db, number, user, password, take_over=True)  # counter operations need an officer
    for _ in range(tickets_per_counter):
        for code in COUNTER_SERVICE.values():
            queue.issue_ticket(db, code)
    return db


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU time process ``pid`` used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def x_server_pid() -> int | None:
    """The X server of ``$DISPLAY`` on this machine (its lock file names it), or None."""
    display = os.environ.get("DISPLAY", "")
    number = display.rpartition(":")[2].split(".")[0]
    try:
        pid = int(Path(f"/tmp/.X{number}-lock").read_text().strip())
        process_cpu_seconds(pid)
    except (OSError, ValueError, IndexError):
        return None
    return pid


class XServerCpu:
    """The X server's CPU over a stretch of time: on xcb every flush is the server's work too."""

    def __init__(self) -> None:
        self.pid = x_server_pid() if os.environ.get("QT_QPA_PLATFORM") == "xcb" else None
        self._start = (process_cpu_seconds(self.pid), time.monotonic()) if self.pid else (0.0, 0.0)

    def percent(self) -> float | None:
        """CPU percent of one core since this was made (None: no X server to watch)."""
        if not self.pid:
            return None
        cpu, t0 = self._start
        return round((process_cpu_seconds(self.pid) - cpu) / (time.monotonic() - t0) * 100, 2)


class BoardProcess:
    """``python -m display`` as a child process, its JSON log lines read on a thread."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.started = time.time()
        self.proc = subprocess.Popen([sys.executable, "-m", "display", *args, "--json-logging"], cwd=ROOT, env=env,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     text=True, encoding="utf-8")
        self.lines: queue_mod.Queue[dict[str, Any]] = queue_mod.Queue()
        self.other: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(self.proc.stderr,), daemon=True)
        self._thread.start()

    def _read(self, stream: IO[str] | None) -> None:
        assert stream is not None
        for line in stream:
            try:
                record = json.loads(line)
            except ValueError:
                self.other.append(line.rstrip())
                continue
            record["_seen"] = time.time()
            self.lines.put(record)

    def wait_for(self, event: str, timeout: float, **match: Any) -> dict[str, Any]:
        """The next log record with ``event`` (and the ``match`` fields); others are dropped."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no '{event}' {match or ''} within {timeout} s; stderr: {self.other[-5:]}")
            try:
                record = self.lines.get(timeout=min(remaining, 0.5))
            except queue_mod.Empty:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"display exited with {self.proc.returncode}: {self.other[-10:]}") from None
                continue
            if record.get("event") == event and all(record.get(k) == v for k, v in match.items()):
                return record

    def status(self) -> dict[str, int]:
        """Memory figures (kB) from /proc/<pid>/status."""
        values = {}
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                key, _, rest = line.partition(":")
                if key in ("VmHWM", "VmRSS"):
                    values[key] = int(rest.split()[0])
        except OSError:
            pass
        return values

    def cpu_seconds(self) -> float:
        """User + system CPU time the process used so far."""
        return process_cpu_seconds(self.proc.pid)

    def stop(self) -> int:
        """End the process (SIGTERM, then kill) and return its exit code."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        return int(self.proc.returncode)


def measure_start(url: str, work: Path, env: dict[str, str], runs: int) -> dict[str, Any]:
    """Start the board with ``--screenshot`` ``runs`` times; the ``ready`` figures."""
    ready, wall = [], []
    for i in range(runs):
        shot = work / f"start-{i}.png"
        board = BoardProcess(["--db", url, "--screenshot", str(shot), "--size", "1920x1080",
                              "--data-dir", str(work / "data")], env)
        record = board.wait_for("ready", 60)
        ready.append(float(record["seconds"]))
        wall.append(float(record["t"]) - board.started)
        board.proc.wait(timeout=60)
        board.stop()
    return {
        "ready_seconds": [round(v, 3) for v in ready],
        "ready_median_s": round(percentile(ready, 50), 3),
        "spawn_to_ready_median_s": round(percentile(wall, 50), 3),
    }


def measure_latency(db: Database, url: str, work: Path, env: dict[str, str], calls: int, mute: bool,
                    idle_s: float, settle_s: float) -> dict[str, Any]:
    """Calls committed here, board paints seen there; plus memory and idle CPU."""
    args = ["--db", url, "--windowed", "--size", "1920x1080", "--data-dir", str(work / "data")]
    board = BoardProcess(args + (["--mute"] if mute else []), env)
    try:
        board.wait_for("ready", 60)
        latencies, from_start = timed_calls(
            db, calls, 3, lambda _counter, label: board.wait_for("board_updated", 10, label=label))
        memory = board.status()
        time.sleep(settle_s)  # the last call's highlight ends, the announcer catches up
        cpu_before, t0, x_server = board.cpu_seconds(), time.monotonic(), XServerCpu()
        time.sleep(idle_s)
        idle_cpu = (board.cpu_seconds() - cpu_before) / (time.monotonic() - t0) * 100
        x_server_idle = x_server.percent()
    finally:
        code = board.stop()
    return {
        **latency_figures(calls, latencies, from_start),
        "vmhwm_mb": round(memory.get("VmHWM", 0) / 1024, 1),
        "vmrss_mb": round(memory.get("VmRSS", 0) / 1024, 1),
        "idle_cpu_percent": round(idle_cpu, 2),
        "idle_seconds": idle_s,
        "x_server_idle_cpu_percent": x_server_idle,
        "exit_code": code,
    }


def measure_ticker(seconds: float) -> dict[str, Any]:
    """The ticker's frames for ``seconds``: rate, intervals, steps and CPU (this process)."""
    from collections import Counter

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    from display.ticker import FRAME_MS, Ticker

    app = QApplication.instance() or QApplication([sys.argv[0]])
    board = QWidget()
    board.resize(1920, 1080)
    ticker = Ticker(board)
    ticker.setGeometry(0, 1080 - 70, 1920, 70)  # the board's ticker height at 1920×1080
    board.show()
    ticker.setText(siteconfig.load(siteconfig.SAMPLE).settings.get("ticker", "Selamat datang."))

    def run_for(s: float) -> None:
        loop = QEventLoop()
        QTimer.singleShot(round(s * 1000), loop.quit)
        loop.exec()

    run_for(1.0)  # settle: first paints, pixmap
    # The CPU first, with no Python in a frame; then the frames, recorded by a Python slot.
    cpu0, wall0, x_server = time.process_time(), time.perf_counter(), XServerCpu()
    frames0 = ticker.frames
    run_for(seconds)
    cpu, wall, x_cpu = time.process_time() - cpu0, time.perf_counter() - wall0, x_server.percent()
    frames = ticker.frames - frames0
    ticker.frame_log = []
    wall0 = time.perf_counter()
    run_for(seconds)
    recorded = time.perf_counter() - wall0
    log, ticker.frame_log = ticker.frame_log, None
    board.close()
    app.processEvents()
    intervals = [b[0] - a[0] for a, b in zip(log, log[1:], strict=False)]
    period = round(ticker._period)
    steps = [(b[1] - a[1]) % period for a, b in zip(log, log[1:], strict=False)]
    usual = Counter(steps).most_common(1)[0][0] if steps else 0
    return {
        "seconds": round(recorded, 2),
        "frames": len(log),
        "fps": round(len(log) / recorded, 1),
        "frame_interval_ms": summary(intervals, fields=("median", "p95", "min", "max")),
        "timer_ms": FRAME_MS,
        "step_px": usual,
        "uneven_steps": sum(1 for v in steps if v != usual),
        "late_frames": sum(1 for v in intervals if v > 1.5 * FRAME_MS),
        "cpu_percent": round(cpu / wall * 100, 2),
        "cpu_ms_per_frame": round(cpu * 1000 / max(1, frames), 3),
        "cpu_seconds": round(wall, 2),
        "fps_unrecorded": round(frames / wall, 1),
        "x_server_cpu_percent": x_cpu,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one JSON object."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", help="an empty database URL (default: a temporary SQLite file)")
    p.add_argument("--calls", type=int, default=100)
    p.add_argument("--start-runs", type=int, default=3)
    p.add_argument("--idle", type=float, default=15.0, help="seconds of idle CPU measurement")
    p.add_argument("--settle", type=float, default=8.0, help="seconds to wait after the calls before measuring idle CPU")
    p.add_argument("--mute", action="store_true", help="board without announcer (default: chime + espeak voice)")
    p.add_argument("--ticker", type=float, default=10.0,
                   help="seconds of the ticker's CPU, then as many of its frames recorded, in this process")
    p.add_argument("--platform", default="offscreen",
                   help="Qt platform for the board and the ticker (xcb: a real X server, e.g. under xvfb-run)")
    p.add_argument("--quick", action="store_true", help="a smoke run: 5 calls, 1 start, 1 s idle, 1 + 1 s ticker")
    args = p.parse_args(argv)
    if args.quick:
        args.calls, args.start_runs, args.idle, args.settle, args.ticker = 5, 1, 1.0, 0.0, 1.0
    os.environ["QT_QPA_PLATFORM"] = args.platform  # the board processes and the ticker here
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("ANTRIAN_DB", None)
    with tempfile.TemporaryDirectory(prefix="antrian-bench-display-") as tmp:
        work = Path(tmp)
        url = args.db or f"sqlite:///{work / 'bench.db'}"
        db = prepare(url, tickets_per_counter=args.calls // 3 + 2)
        try:
            start = measure_start(url, work, env, args.start_runs)
            latency = measure_latency(db, url, work, env, args.calls, args.mute, args.idle, args.settle)
        finally:
            db.dispose()
    ticker = measure_ticker(args.ticker)
    backend = url.split(":", 1)[0].split("+", 1)[0]
    met = {
        "latency_p95": latency["p95_ms"] <= GOALS["latency_p95_ms"],
        "start": start["ready_median_s"] <= GOALS["start_s"],
        "rss": latency["vmhwm_mb"] < GOALS["rss_mb"],
        "idle_cpu": latency["idle_cpu_percent"] <= GOALS["idle_cpu_percent"],
        "ticker_fps": ticker["fps"] >= GOALS["ticker_fps"],
    }
    result = {
        "benchmark": "display",
        "backend": backend,
        "announcer": "off" if args.mute else "chime + voice",
        "quick": args.quick,
        "platform": args.platform,
        "latency_commit_to_paint": latency,
        "start": start,
        "ticker": ticker,
        "goals": GOALS,
        "met": met,
        "all_met": all(met.values()),
        "machine": machine(),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
