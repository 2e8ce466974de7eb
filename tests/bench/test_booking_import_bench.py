"""Smoke test of ``bench/booking_import.py``: a tiny run end to end, its JSON (no timing checks)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_booking_import_bench_quick_run(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp_path)}
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "booking_import.py"), "--quick"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert result["benchmark"] == "booking_import" and result["quick"] and result["bookings"] == 60
    assert "postgresql" not in result
    sqlite = result["sqlite"]
    for kind in ("csv", "xlsx"):
        figures = sqlite[kind]
        assert figures["added_unchanged_then_again"] == [60, 0, 0, 60]
        assert figures["import_s"]["n"] == figures["parse_s"]["n"] == figures["reimport_s"]["n"] == 1
        assert figures["command_s"] > 0
        assert figures["parse_s"]["median"] > 0 and figures["import_s"]["median"] > 0
    assert sqlite["baseline"]["add_many_s"]["median"] > 0 and sqlite["baseline"]["raw_executemany_s"]["median"] > 0
    assert set(sqlite["met"]) == {"csv", "xlsx"} and all(isinstance(v, bool) for v in sqlite["met"].values())
    assert not list(tmp_path.glob("antrian-bench-booking-*"))  # its scratch folder is gone
