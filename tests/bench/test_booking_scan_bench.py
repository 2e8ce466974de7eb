"""Smoke test of ``bench/booking_scan.py``: it runs end to end and prints its JSON (no timing checks)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_booking_scan_bench_quick_run() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "booking_scan.py"), "--quick"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert result["benchmark"] == "booking_scan" and result["quick"]
    run = result["sqlite"]
    assert run["scans"] == 5 and run["outcomes"]["issued"] == 5 and run["scans_not_recognised"] >= 0
    for key in ("scan_to_pdf_ms", "first_key_to_pdf_ms", "baseline_touch_to_pdf_ms"):
        figures = run[key]
        assert figures["n"] == 5
        assert 0 < figures["min"] <= figures["median"] <= figures["p95"] <= figures["max"]
    assert run["scan_to_pdf_ms"]["max"] <= run["first_key_to_pdf_ms"]["max"]
    assert run["baseline_check_in_alone"]["calls"] == 5
    assert isinstance(run["met"], bool) and result["goal"] == {"scan_to_pdf_p95_ms": 100.0}
