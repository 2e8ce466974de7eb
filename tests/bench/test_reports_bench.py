"""Smoke test of ``bench/reports.py``: a small history end to end, its JSON with the IKM part
(no timing checks)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_reports_bench_small_run(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "bench.reports", "--tickets", "6000", "--repeat", "1",
                           "--queue-ops", "2", "--cache", str(tmp_path / "history.db"),
                           "--out", str(tmp_path / "out")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)["sqlite"]
    assert result["database"]["tickets"] == 6000 and result["full_scans"] == []
    survey = result["ikm"]
    assert survey["period"] == "2026-S2" and survey["responses"] == survey["respondents"] > 0
    assert survey["grade"] in ("A", "B", "C", "D") and 25 <= float(survey["ikm"]) <= 100
    assert survey["target_sample"] > 0 and survey["results_s"]["median"] > 0
    assert set(survey["monthly_read_s"]) == {"baseline_without_ikm", "with_ikm", "ikm_share"}
    assert Path(json.loads(done.stdout)["pdf_example"]).parent == tmp_path / "out"  # nothing left in /tmp
