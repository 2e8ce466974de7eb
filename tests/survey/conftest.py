"""Fixtures of the survey screen: a real window on a real database (SQLite and PostgreSQL)
with its own ``Database``, threaded ``TaskRunner`` and started ``LiveFeed``, as the
``python -m survey`` process has; the counter's work is done on another ``Database`` handle,
as another PC would."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import survey.window
from db.database import Database
from survey.window import SurveyWindow
from ui.backend import Backend
from ui.i18n import translator
from ui.live import LiveFeed
from ui.tasks import TaskRunner
from ui.theme import apply_theme

WAIT_MS = 15_000


@pytest.fixture(autouse=True)
def _theme_and_language(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The apps' look, Indonesian, and the screen's pauses shortened (the idle time counted
    in tenths of what the site says: 10 s → 100 ms)."""
    apply_theme(qapp)
    translator().set_language("id")
    monkeypatch.setattr(survey.window, "MS_PER_SECOND", 10)
    monkeypatch.setattr(survey.window, "THANKS_MS", 150)
    monkeypatch.setattr(survey.window, "MESSAGE_MS", 150)
    yield
    translator().set_language("id")


class Screens:
    """Builds survey windows for one test; shuts them down afterwards."""

    def __init__(self, qtbot: QtBot, url: str) -> None:
        self.qtbot = qtbot
        self.url = url
        self.parts: list[tuple[SurveyWindow, Database, TaskRunner, LiveFeed]] = []

    def open(self, counter: int = 1, size: tuple[int, int] = (1280, 800)) -> SurveyWindow:
        """The screen of ``counter``, shown, its first read done and its feed connected."""
        db = Database(self.url)
        runner = TaskRunner()
        live = LiveFeed(db)
        window = SurveyWindow(Backend(db, runner, live), counter)
        self.qtbot.addWidget(window)
        window.resize(*size)
        with self.qtbot.waitSignal(window.ready, timeout=WAIT_MS):
            window.show()
        with self.qtbot.waitSignal(live.connection_restored, timeout=WAIT_MS):
            live.start()
        self.parts.append((window, db, runner, live))
        return window

    def close_all(self) -> None:
        for window, _db, _runner, _live in self.parts:
            window.shutdown()
            window.hide()
        for _window, db, runner, live in self.parts:
            live.stop()
            runner.wait(WAIT_MS)
            db.dispose()


@pytest.fixture
def screens(qtbot: QtBot, site_db_url: str, db: Database) -> Iterator[Screens]:
    """Factory of survey screens on this test's database (``db`` is the counters' handle)."""
    factory = Screens(qtbot, site_db_url)
    yield factory
    factory.close_all()
