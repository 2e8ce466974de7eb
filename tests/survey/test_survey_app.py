"""``python -m survey`` as a real process: --screenshot asleep and asking, the log lines, a
missing --counter as one line, and ``antrian survey`` starting it."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from db.database import Database
from survey.app import build_parser
from tests.appcli import PROCESS_ON_SQLITE
from tests.survey.survey_helpers import serve
from ui.app import place_on_screen

ROOT = Path(__file__).resolve().parents[2]


Records = list[dict[str, object]]


def run_survey(*args: str, tmp_path: Path, module: tuple[str, ...] = ("-m", "survey")) -> tuple[int, Records, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, *module, *args, "--json-logging", "--data-dir", str(tmp_path / "data")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    records = []
    for line in done.stderr.splitlines():
        with contextlib.suppress(ValueError):
            records.append(json.loads(line))
    return done.returncode, records, done.stderr


def test_screenshots_asleep_and_asking(db: Database, site_db_url: str, tmp_path: Path) -> None:
    label = serve(db, 1, "A")
    asking, asleep = tmp_path / "asking.png", tmp_path / "asleep.png"
    code, records, _ = run_survey("--db", site_db_url, "--counter", "1", "--screenshot", str(asking),
                                  "--size", "1024x600", tmp_path=tmp_path)
    assert code == 0, records[-5:]
    events = [r.get("event") for r in records]
    assert events.index("survey_shown") < events.index("ready") < events.index("screenshot")
    shown = next(r for r in records if r.get("event") == "survey_shown")
    assert (shown["label"], shown["counter"]) == (label, 1)
    assert "survey_abandoned" in events  # the survey left open at exit is closed, answers (none) kept
    image = QImage(str(asking))
    assert (image.width(), image.height()) == (1024, 600)
    code, records, _ = run_survey("--db", site_db_url, "--counter", "2", "--screenshot", str(asleep),
                                  "--screen", "5", tmp_path=tmp_path)
    assert code == 0, records[-5:]
    events = [r.get("event") for r in records]
    assert "survey_shown" not in events and "ready" in events
    assert any("no screen 5" in str(r.get("msg")) for r in records)
    image = QImage(str(asleep))
    assert (image.width(), image.height()) == (1280, 800)


def test_the_counter_is_required(tmp_path: Path) -> None:
    code, _, stderr = run_survey("--screenshot", str(tmp_path / "x.png"), tmp_path=tmp_path)
    assert code == 2
    assert stderr.strip() == "antrian survey: error: the following arguments are required: --counter"


def test_options() -> None:
    args = build_parser().parse_args(["--counter", "3", "--fullscreen", "--screen", "1"])
    assert (args.counter, args.fullscreen, args.screen) == (3, True, 1)
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--counter", "0"])


@PROCESS_ON_SQLITE
def test_antrian_survey_starts_the_app(db: Database, site_db_url: str, tmp_path: Path) -> None:
    shot = tmp_path / "cli.png"
    code, records, _ = run_survey("--db", site_db_url, "survey", "--counter", "2", "--screenshot", str(shot),
                                  tmp_path=tmp_path, module=("-m", "db"))
    assert code == 0, records[-5:]
    assert shot.exists()


def test_place_on_an_existing_screen(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    place_on_screen(widget, 0)
    assert widget.screen() is QGuiApplication.screens()[0]
    place_on_screen(widget, None)  # nothing asked: nothing moved


def test_a_missing_screen_is_logged(qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    with caplog.at_level(logging.WARNING, logger="antrian.ui.app"):
        place_on_screen(widget, 99)
    assert "there is no screen 99" in caplog.text and widget.screen() is QGuiApplication.primaryScreen()
