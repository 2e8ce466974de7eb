"""Smoke test of ``bench/signin.py``: it runs end to end and prints its JSON (no timing checks)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_signin_bench_quick_run() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # ANTRIAN_SCRYPT_N from the conftest: a cheap cost
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "signin.py"), "--quick"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert result["benchmark"] == "signin" and result["backend"] == "sqlite" and result["quick"]
    assert result["rounds"] == 3 and result["scrypt_n"] == 1024
    for key in ("wrong_password", "unknown_user", "right_password"):
        assert len(result["samples"][key]) == 3 and all(ms > 0 for ms in result["samples"][key])
        assert result[f"{key}_median_ms"] > 0
    assert result["ratio_unknown_to_wrong"] > 0
