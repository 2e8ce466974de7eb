"""``python -m display`` as a real process: --screenshot, the ready and board_updated log lines."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from db import queue
from db.database import Database
from tests.appcli import PROCESS_ON_SQLITE

ROOT = Path(__file__).resolve().parents[2]


def run_display(*args: str, tmp_path: Path) -> tuple[int, list[dict[str, object]]]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "display", *args, "--json-logging", "--data-dir", str(tmp_path / "data")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    records = []
    for line in done.stderr.splitlines():
        with contextlib.suppress(ValueError):
            records.append(json.loads(line))
    return done.returncode, records


@PROCESS_ON_SQLITE
@pytest.mark.parametrize("size", ["1366x768", "1080x1920"])
def test_screenshot_after_the_first_snapshot(db: Database, site_db_url: str, tmp_path: Path, size: str) -> None:
    queue.issue_ticket(db, "B")
    queue.call_next(db, 1)
    shot = tmp_path / "board.png"
    code, records = run_display("--db", site_db_url, "--screenshot", str(shot), "--size", size, "--screen", "7",
                                tmp_path=tmp_path)
    assert code == 0, records[-5:]
    events = [r.get("event") for r in records]
    assert events.index("board_updated") < events.index("ready") < events.index("screenshot")
    shown = next(r for r in records if r.get("event") == "board_updated")
    assert (shown["label"], shown["counter"]) == ("B-001", 1)
    ready = next(r for r in records if r.get("event") == "ready")
    assert isinstance(ready["seconds"], float) and ready["seconds"] > 0
    assert any("no screen 7" in str(r.get("msg")) for r in records)
    image = QImage(str(shot))
    assert f"{image.width()}x{image.height()}" == size


def test_a_wrong_database_url_is_one_clear_line(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "display", "--db", "nosuchdb://x", "--screenshot", str(tmp_path / "x.png")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
