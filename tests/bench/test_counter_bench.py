"""Smoke test of ``bench/counter.py``: it runs end to end and prints its JSON (no timing asserted)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_counter_benchmark_quick_run(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "counter.py"), "--quick"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert result["benchmark"] == "counter" and result["quick"] is True
    presses = result["key_to_called_ms"]
    assert presses["n"] == 5
    assert 0 < presses["median"] <= presses["p95"] <= presses["max"]
    start = result["window_start"]
    assert len(start["runs"]) == 1 and start["ready_s_median"] > 0
    assert result["memory"]["process_peak_rss_mb"] > 0
    desk = result["desk_read"]
    assert desk["n"] == 20 and desk["load_processes"] == 0
    assert 0 < desk["median_ms"] <= desk["p95_ms"] <= desk["max_ms"]
    assert 0 < desk["statements_per_read"] <= 14  # a handful (tests/db/test_stats.py holds the bound)
    assert set(result["goals"]) == set(result["met"]) == {"key_to_called_p95_ms", "window_ready_s", "peak_rss_mb"}
    assert all(isinstance(v, bool) for v in result["met"].values())
    assert not list(tmp_path.glob("antrian-bench-counter-*"))  # its scratch folder is gone
