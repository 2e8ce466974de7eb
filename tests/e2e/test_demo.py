"""``antrian demo --simulate``: five real windows on one SQLite file, moving by themselves."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.e2e.appprocess import ROOT, Xvfb

# A line the apps log at ERROR or above (their plain format: "14:05:09 ERROR   antrian.kiosk: ...").
ERROR_LINE = re.compile(r"^\d\d:\d\d:\d\d (?:ERROR|CRITICAL) .*$", re.MULTILINE)


def _status(db: Path) -> dict:  # type: ignore[type-arg]
    out = subprocess.run(
        [sys.executable, "-m", "db", "--db", str(db), "status", "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def _children(pid: int) -> list[int]:
    """Live child processes of ``pid`` (from /proc: field 4 of stat is the parent)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def test_demo_runs_the_office_and_stops_everything(xvfb: Xvfb, tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    demo = subprocess.Popen(
        [sys.executable, "-m", "db", "demo", "--simulate", "--fresh", "--db", str(db)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, **xvfb.env(), "PYTHONPATH": str(ROOT)},
    )
    try:
        deadline = time.monotonic() + 120
        children: list[int] = []
        while time.monotonic() < deadline and len(children) < 5:
            children = _children(demo.pid)
            time.sleep(0.2)
        assert len(children) == 5, "display, kiosk, two counters and a survey screen should run as processes"
        for pid in children:
            xvfb.window_of(pid, timeout=60)  # each one shows a real window
        # The simulation issues and calls tickets by itself.
        status: dict = {}  # type: ignore[type-arg]
        while time.monotonic() < deadline:
            status = _status(db)
            if status["recent_calls"] and sum(s["issued_today"] for s in status["services"]) >= 2:
                break
            time.sleep(1)
        assert status["recent_calls"], "the simulated officers never called anyone"
        assert demo.poll() is None
    finally:
        demo.send_signal(signal.SIGTERM)
        out, _ = demo.communicate(timeout=60)
    assert demo.returncode == 0, out
    assert _children(demo.pid) == []
    # The five apps and the simulation ran without an error or a traceback.
    assert ERROR_LINE.findall(out) == [], out[-3000:]
    assert "Traceback (most recent call last)" not in out, out[-3000:]
