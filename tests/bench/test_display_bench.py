"""Smoke test of ``bench/display.py``: it runs end to end and prints its JSON (no timing checks)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_display_bench_quick_run() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "display.py"), "--quick"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert result["benchmark"] == "display" and result["backend"] == "sqlite" and result["quick"]
    latency = result["latency_commit_to_paint"]
    assert latency["calls"] == 5
    assert latency["exit_code"] == 0
    assert latency["min_ms"] <= latency["median_ms"] <= latency["p95_ms"] <= latency["max_ms"]
    assert latency["vmhwm_mb"] > 0
    assert len(result["start"]["ready_seconds"]) == 1
    assert set(result["met"]) == {"latency_p95", "start", "rss", "idle_cpu", "ticker_fps"}
    assert result["goals"] == {"latency_p95_ms": 50.0, "start_s": 1.5, "rss_mb": 200.0, "idle_cpu_percent": 1.0,
                               "ticker_fps": 30.0}
    ticker = result["ticker"]
    assert ticker["fps"] > 0
