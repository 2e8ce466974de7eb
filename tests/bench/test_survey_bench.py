"""Smoke test of ``bench/survey.py``: it runs end to end and prints its JSON (no timing checks)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_survey_bench_quick_run(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp_path)}
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "survey.py"), "--quick"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert result["benchmark"] == "survey" and result["backend"] == "sqlite" and result["quick"]
    shown = result["finish_to_shown"]
    assert shown["n"] == 5 and shown["exit_code"] == 0
    # from finish's commit the screen may be first (min below zero); from its call it cannot
    assert shown["min_ms"] <= shown["median_ms"] <= shown["p95_ms"] <= shown["max_ms"]
    assert 0 < shown["min_from_finish_start_ms"] <= shown["p95_from_finish_start_ms"]
    assert shown["p95_from_finish_start_ms"] >= shown["p95_ms"]
    assert shown["peak_rss_mb"] >= shown["vmrss_after_mb"] > 0
    taps = result["tap_to_saved"]
    assert taps["n"] == 9 and taps["core_draft_save"]["n"] == 9
    assert 0 < taps["median_ms"] <= taps["p95_ms"] <= taps["max_ms"]
    baseline = result["baseline_in_process"]
    assert baseline["visit_for_counter"]["n"] == baseline["draft_save_one_answer"]["n"] == 20
    assert len(result["start"]["spawn_to_ready_seconds"]) == 1 and result["start"]["ready_median_s"] > 0
    assert set(result["met"]) == {"shown_p95", "tap_p95", "start", "rss"}
    assert all(isinstance(v, bool) for v in result["met"].values())
    assert result["goals"] == {"shown_p95_ms": 100.0, "tap_p95_ms": 50.0, "start_s": 1.5, "rss_mb": 150.0}
    assert not list(tmp_path.glob("antrian-bench-survey-*"))  # its scratch folder is gone
