"""Smoke test of ``bench/kiosk.py``: it runs end to end and prints its JSON (no timing checks)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_kiosk_bench_quick_run() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "kiosk.py"), "--quick"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert result["benchmark"] == "kiosk" and result["backend"] == "sqlite" and result["quick"]
    none = result["touch"]["none"]
    assert none["touches"] == 5 and none["print_failures"] == 0
    for key in ("touch_to_pdf_ms", "touch_to_submitted_ms"):
        figures = none[key]
        assert figures["n"] == 5
        assert 0 < figures["min"] <= figures["median"] <= figures["p95"] <= figures["max"]
    assert none["touch_to_pdf_ms"]["min"] <= none["touch_to_submitted_ms"]["max"]
    assert "skipped" in result["touch"]["cups-pdf"]
    start = result["start"]
    assert start["runs"] == 1 and start["exit_codes"] == [0] and len(start["ready_seconds"]) == 1
    assert start["peak_rss_mb"]["max"] > 0
    assert set(result["met"]) == {"pdf_ready", "first_frame", "rss"}
    assert result["goals"] == {"pdf_ready_p95_ms": 50.0, "first_frame_s": 1.5, "rss_mb": 150.0}
