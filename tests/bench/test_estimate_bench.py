"""Smoke test of ``bench/estimate.py``: a tiny office day runs end to end and prints its JSON.

No goal is asserted: one short day is too few visitors to judge an estimator by.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_estimate_benchmark_quick_run(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "estimate.py"), "--quick", "--seeds", "5", "--tuned-seeds", ""],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert result["benchmark"] == "estimate" and result["database"] == "sqlite"
    assert result["parameters"]["quick"] is True and result["parameters"]["seeds"] == [5]
    assert result["tuned_seeds"] is None and result["untuned_seeds"] is not None
    assert set(result["per_seed"]) == {"5"}
    for block in (result["per_seed"]["5"], result["untuned_seeds"], result["all"]):
        assert isinstance(block["goals_met"], bool)
        old, new = block["old"], block["new"]
        assert old["n"] == new["n"] > 0
        for figures in (old, new):
            shares = figures["within_share"] + figures["later_share"] + figures["earlier_share"]
            assert abs(shares - 1) < 0.01
            assert figures["median_abs_error_min"] >= 0 and figures["median_wait_min"] >= 0
        assert old["median_range_width_min"] == 0  # the old estimate was a single figure
    assert result["goals"] == {"within_share_min": 0.8, "later_share_max": 0.1}
    assert not list(tmp_path.iterdir())  # the scratch database lives in its own temporary folder
