"""Running an app as its own process in a test: offscreen, with its JSON log lines parsed."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# For a test of an app as a process (its start, its options, its screenshot): it runs once,
# on SQLite. What the app does with the database runs on both databases in the in-process
# tests, and tests/e2e runs the apps as processes on PostgreSQL too.
PROCESS_ON_SQLITE = pytest.mark.parametrize("db_backend", ["sqlite"], indirect=True)


def run_app(cmd: list[str], tmp_path: Path, **env: str) -> tuple[subprocess.CompletedProcess[str], list[dict[str, object]]]:
    """Run ``cmd`` from the project folder (offscreen, its data folder below ``tmp_path``, ``env``
    added to the environment) and return the finished process and its JSON log lines (stderr)."""
    full_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **env, "ANTRIAN_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run(cmd, cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120)
    lines = []
    for line in done.stderr.splitlines():
        with contextlib.suppress(ValueError):
            lines.append(json.loads(line))
    return done, lines
