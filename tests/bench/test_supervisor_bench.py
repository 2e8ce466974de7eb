"""Smoke test of ``bench/supervisor.py``: it runs end to end and prints its JSON (no timing checks)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_supervisor_bench_quick_run() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "supervisor.py"), "--quick"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert result["benchmark"] == "supervisor" and result["backend"] == "sqlite" and result["quick"]
    assert result["office"] == {"services": 8, "counters": 10, "waiting_at_start": 505}
    latency = result["latency_commit_to_floor_paint"]
    assert latency["calls"] == 5 and latency["exit_code"] == 0
    assert latency["min_ms"] <= latency["median_ms"] <= latency["p95_ms"] <= latency["max_ms"]
    assert latency["peak_rss_mb"] >= latency["vmrss_after_calls_mb"] > 0
    start = result["start"]
    assert len(start["spawn_to_ready_seconds"]) == 1
    assert start["spawn_to_signed_in_median_s"] < start["spawn_to_ready_median_s"]
    assert result["baseline_floor_read_in_process"]["reads"] == 30
    assert set(result["met"]) == {"latency_p95", "start", "rss"}
    assert result["goals"] == {"latency_p95_ms": 50.0, "start_s": 1.5, "rss_mb": 160.0}
