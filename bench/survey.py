"""Benchmark of the survey screen at a counter, printed as JSON.

- **finish → shown**: the real screen (``python -m survey --counter 1 --windowed``) runs
  as its own process; this process, standing for the counter PC, commits
  ``queue.finish`` at counter 1 (after calling and starting the next visitor, untimed);
  the screen logs ``survey_shown`` (JSON log line, ``t`` = ``time.time()``) once the survey
  of that ticket is painted. Latency = that time − the time ``finish`` returned (its
  commit); same machine, same wall clock. Median, p95, min, max over ``--visits``, and the
  p95 from the moment ``finish`` was called. The minimum may be below zero: the screen can
  paint the survey before ``finish`` has returned here from its commit.
- **tap → saved**: in this process, a real ``SurveyForm`` with a threaded task runner on
  the same database: a tap (``QTest.mouseClick`` on an answer's face) until the form's
  ``saved`` signal says the answer is committed. ``--taps`` taps, nine per visit.
- **start**: ``python -m survey --screenshot …`` ``--starts`` times; the wall time from
  spawning the process to its ``ready`` line (the first read painted), and its own
  ``seconds``.
- **memory**: the screen's peak RSS (``VmHWM``, :class:`bench.procmem.PeakMemory`) over the
  latency run, and its resident size after it.
- **baseline** (same run, same data, this process): ``db.survey.visit_for_counter`` (the read
  a finish costs the screen) and one ``Draft.save`` of one answer (a tap's transaction);
  the parts of the two latencies the screen cannot go below.

Goals: shown p95 ≤ 100 ms, tap p95 ≤ 50 ms, spawn to ready ≤ 1.5 s, peak RSS ≤ 150 MB.

    python bench/survey.py                 # a temporary SQLite file
    python bench/survey.py --db postgresql+psycopg://u:p@host/db   # an empty database
    python bench/survey.py --quick         # a smoke run (5 visits, 9 taps, 1 start)
"""

from __future__ import annotations

import argparse
import json
import os
import queue as queue_mod
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from bench.calls import machine  # noqa: E402
from bench.display import BoardProcess  # noqa: E402
from bench.procmem import PeakMemory  # noqa: E402
from bench.stats import percentile, summarize, summary  # noqa: E402
from db import queue, siteconfig, survey  # noqa: E402
from db.database import Database  # noqa: E402
from db.models import Service  # noqa: E402
from db.settings import store  # noqa: E402

GOALS = {"shown_p95_ms": 100.0, "tap_p95_ms": 50.0, "start_s": 1.5, "rss_mb": 150.0}
COUNTER = 1  # the screen's counter (the latency run)
TAP_COUNTER = 2  # the in-process form's visits


def log(msg: str) -> None:
    """Progress on stderr."""
    print(f"bench/survey: {msg}", file=sys.stderr, flush=True)


def prepare(url: str, visitors: int) -> Database:
    """The sample site, always open, siti at loket 1 and budi at loket 2, ``visitors`` waiting;
    a long idle time (the screen never falls asleep during the run)."""
    db = Database(url)
    siteconfig.apply(db, siteconfig.load(siteconfig.SAMPLE))
    with db.write() as s:
        for svc in s.scalars(select(Service)):
            svc.hours = {}
            svc.daily_quota = None
        store(s, "survey_idle_seconds", 600)
    for number, (user, pw) in {1: ("siti", "siti123"), 2: ("budi", "budi123")}.items():
        queue.sign_in(db, number, user, pw, take_over=True)
    for i in range(visitors):
        queue.issue_ticket(db, "AB"[i % 2])
    return db


def served(db: Database, counter: int) -> str:
    """Call the next visitor at ``counter`` (closing the last one as done) and start serving."""
    result = queue.call_next(db, counter, close_as="done")
    assert result.ticket is not None, "ran out of waiting tickets"
    queue.start_service(db, counter)
    return result.ticket.label


class SurveyProcess(BoardProcess):
    """``python -m survey`` as a child process, its JSON log lines read on a thread."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.started = time.time()
        self.proc = subprocess.Popen([sys.executable, "-m", "survey", *args, "--json-logging"], cwd=ROOT, env=env,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     text=True, encoding="utf-8")
        self.lines: queue_mod.Queue[dict[str, Any]] = queue_mod.Queue()
        self.other: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(self.proc.stderr,), daemon=True)
        self._thread.start()


def figures(values: list[float]) -> dict[str, Any]:
    """n, median, p95, min and max in ms."""
    return summary(values, 2, unit="_ms", fields=("median", "p95", "min", "max"))


# -- baseline ------------------------------------------------------------------------------------


def measure_baseline(db: Database, reads: int) -> dict[str, Any]:
    """The read a finish costs the screen and one answer's transaction, here, ``reads`` times each."""
    read_ms, save_ms = [], []
    for _ in range(reads):
        t0 = time.perf_counter()
        survey.visit_for_counter(db, COUNTER)
        read_ms.append((time.perf_counter() - t0) * 1000)
    label = served(db, COUNTER)
    queue.finish(db, COUNTER)
    visit = survey.visit_for_counter(db, COUNTER)
    assert visit is not None and visit.label == label
    draft = survey.Draft(visit, "counter")
    for i in range(reads):
        t0 = time.perf_counter()
        draft.save(db, **{f"u{i % 9 + 1}": i % 4 + 1})
        save_ms.append((time.perf_counter() - t0) * 1000)
    draft.close(db)
    return {"visit_for_counter": figures(read_ms), "draft_save_one_answer": figures(save_ms)}


# -- finish → shown, the screen as a process -------------------------------------------------------


def measure_shown(db: Database, url: str, work: Path, env: dict[str, str], visits: int) -> dict[str, Any]:
    """``visits`` finishes committed here; the screen's ``survey_shown`` lines there."""
    proc = SurveyProcess(["--db", url, "--counter", str(COUNTER), "--windowed", "--size", "1280x800",
                          "--data-dir", str(work / "data")], env)
    peak = PeakMemory(proc.proc.pid)
    rng = random.Random(11)
    latencies: list[float] = []
    from_start: list[float] = []
    try:
        proc.wait_for("ready", 60)
        time.sleep(0.5)  # the feed connected
        for _ in range(visits):
            label = served(db, COUNTER)
            time.sleep(rng.uniform(0.05, 0.15))  # the visit; off any timer's phase
            before = time.time()
            queue.finish(db, COUNTER)
            committed = time.time()
            record = proc.wait_for("survey_shown", 10, label=label)
            latencies.append((float(record["t"]) - committed) * 1000)
            from_start.append((float(record["t"]) - before) * 1000)
        memory = proc.status()
    finally:
        code = proc.stop()
    return {**figures(latencies), "p95_from_finish_start_ms": round(percentile(from_start, 95), 2),
            "min_from_finish_start_ms": round(min(from_start), 2), "peak_rss_mb": round(peak.join() / 1024, 1),
            "vmrss_after_mb": round(memory.get("VmRSS", 0) / 1024, 1), "exit_code": code}


# -- tap → saved, in this process ------------------------------------------------------------------


def measure_taps(db: Database, taps: int, timeout_s: float = 10.0) -> dict[str, Any]:
    """Tap answers in a real form until ``taps`` saves came back; ms from the tap to ``saved``."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QPoint, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from ui.backend import Backend
    from ui.live import LiveFeed
    from ui.survey_form import SurveyForm
    from ui.tasks import TaskRunner
    from ui.theme import apply_theme

    app = QApplication.instance() or QApplication([])
    apply_theme(app)  # type: ignore[arg-type]
    runner = TaskRunner()
    form = SurveyForm(Backend(db, runner, LiveFeed(db)))
    form.resize(1280, 740)
    form.show()
    settings = queue.site_settings(db)
    saved: dict[str, float] = {}
    form.saved.connect(lambda _keys: saved.update(t=time.perf_counter()))
    core_ms: list[float] = []
    real_save = survey.Draft.save

    def timed_save(self: survey.Draft, database: Database, **answers: Any) -> None:
        """The core's share (on the worker thread): one write transaction, its commit included."""
        t = time.perf_counter()
        try:
            real_save(self, database, **answers)
        finally:
            core_ms.append((time.perf_counter() - t) * 1000)

    survey.Draft.save = timed_save  # type: ignore[method-assign]

    def wait_for(condition: Callable[[], bool]) -> bool:
        loop = QEventLoop()
        tick = QTimer()
        tick.timeout.connect(lambda: condition() and loop.quit())
        tick.start(1)
        guard = QTimer()
        guard.setSingleShot(True)
        guard.timeout.connect(loop.quit)
        guard.start(int(timeout_s * 1000))
        form.saved.connect(loop.quit)
        while not condition() and guard.isActive():
            loop.exec()
        form.saved.disconnect(loop.quit)
        tick.stop()
        return condition()

    latencies: list[float] = []
    rng = random.Random(5)
    try:
        while len(latencies) < taps:
            served(db, TAP_COUNTER)
            queue.finish(db, TAP_COUNTER)
            visit = survey.visit_for_counter(db, TAP_COUNTER)
            assert visit is not None
            form.begin(visit, settings, "counter")
            app.processEvents()  # type: ignore[union-attr]
            while form.page_key().startswith("u") and len(latencies) < taps:
                button = form.question_page.answers[rng.randrange(4)]
                saved.clear()
                t0 = time.perf_counter()
                QTest.mouseClick(button, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                                 QPoint(button.width() // 2, button.height() // 2))
                if not wait_for(lambda: "t" in saved):
                    raise SystemExit(f"bench/survey: tap {len(latencies) + 1}: nothing saved within {timeout_s} s")
                latencies.append((saved["t"] - t0) * 1000)
            form.abandon()
            wait_for(lambda: form.pending == 0)
    finally:
        survey.Draft.save = real_save  # type: ignore[method-assign]
        runner.wait(10_000)
        form.close()
    overhead = [total - core for total, core in zip(latencies, core_ms, strict=False)]
    return {**figures(latencies), "core_draft_save": figures(core_ms[: len(latencies)]),
            "ui_overhead": figures(overhead)}


# -- start, as a process ---------------------------------------------------------------------------


def measure_start(url: str, work: Path, env: dict[str, str], runs: int) -> dict[str, Any]:
    """Start the screen with ``--screenshot`` ``runs`` times: spawn → first read painted."""
    ready, wall = [], []
    for i in range(runs):
        proc = SurveyProcess(["--db", url, "--counter", "3", "--screenshot", str(work / f"start-{i}.png"),
                              "--data-dir", str(work / "data")], env)
        record = proc.wait_for("ready", 60)
        ready.append(float(record["seconds"]))
        wall.append(float(record["t"]) - proc.started)
        proc.proc.wait(timeout=60)
        proc.stop()
    return {"ready_seconds": [round(v, 3) for v in ready], "ready_median_s": round(summarize(ready).median, 3),
            "spawn_to_ready_seconds": [round(v, 3) for v in wall],
            "spawn_to_ready_median_s": round(summarize(wall).median, 3)}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one JSON object."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", help="an empty database URL (default: a temporary SQLite file)")
    p.add_argument("--visits", type=int, default=60, help="finishes timed to the survey shown")
    p.add_argument("--taps", type=int, default=90, help="answers timed to saved")
    p.add_argument("--starts", type=int, default=3)
    p.add_argument("--quick", action="store_true", help="a smoke run: 5 visits, 9 taps, 1 start")
    args = p.parse_args(argv)
    if args.quick:
        args.visits, args.taps, args.starts = 5, 9, 1
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    env.pop("ANTRIAN_DB", None)
    with tempfile.TemporaryDirectory(prefix="antrian-bench-survey-") as tmp:
        work = Path(tmp)
        url = args.db or f"sqlite:///{work / 'bench.db'}"
        db = prepare(url, 2 * (args.visits + args.taps) + 20)
        try:
            baseline = measure_baseline(db, 20 if args.quick else 100)
            log(f"{args.starts} starts")
            start = measure_start(url, work, env, args.starts)
            log(f"{args.visits} finishes to the survey shown")
            shown = measure_shown(db, url, work, env, args.visits)
            log(f"{args.taps} taps to saved")
            taps = measure_taps(db, args.taps)
        finally:
            db.dispose()
    backend = url.split(":", 1)[0].split("+", 1)[0]
    met = {
        "shown_p95": shown["p95_ms"] <= GOALS["shown_p95_ms"],
        "tap_p95": taps["p95_ms"] <= GOALS["tap_p95_ms"],
        "start": start["spawn_to_ready_median_s"] <= GOALS["start_s"],
        "rss": shown["peak_rss_mb"] <= GOALS["rss_mb"],
    }
    result = {
        "benchmark": "survey",
        "backend": backend,
        "quick": args.quick,
        "finish_to_shown": shown,
        "tap_to_saved": taps,
        "baseline_in_process": baseline,
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
