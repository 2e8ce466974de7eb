"""Fixtures for the counter app: real windows on a real database (SQLite and PostgreSQL).

Each window gets what a counter process has: its own ``Database``, a threaded
``TaskRunner`` and a started ``LiveFeed``; tests wait with ``qtbot.waitUntil``.
``ANTRIAN_SCREENSHOT_DIR`` (optional) makes ``screens.save(...)`` keep PNGs to look at.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from counter.alert import WaitingSound
from counter.app import CounterShell
from counter.signin import SignInOptions
from counter.window import CounterWindow
from db import queue
from db.database import Database
from ui.backend import Backend
from ui.i18n import translator
from ui.live import LiveFeed
from ui.sound import NO_AUDIO_QT_WARNINGS
from ui.tasks import TaskRunner
from ui.theme import apply_theme

OFFICERS = {1: ("siti", "siti123"), 2: ("budi", "budi123"), 3: ("agus", "agus123")}
WAIT_MS = 15_000


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """QtMultimedia's warnings on a machine without audio are expected, not failures."""
    for item in items:
        if "tests/counter" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.qt_log_ignore(*NO_AUDIO_QT_WARNINGS))


@pytest.fixture(autouse=True)
def _theme_and_language(qapp: QApplication) -> Iterator[None]:
    """The apps' look, and Indonesian at the start of every test."""
    apply_theme(qapp)
    translator().set_language("id")
    yield
    translator().set_language("id")


@dataclass
class Station:
    """One counter PC in a test: its database handle, runner, live feed and window."""

    db: Database
    runner: TaskRunner
    live: LiveFeed
    widget: QWidget
    sound: WaitingSound
    extra: list[object] = field(default_factory=list)

    @property
    def window(self) -> CounterWindow:
        """The counter window (of a shell: once signed in)."""
        if isinstance(self.widget, CounterShell):
            assert self.widget.counter_window is not None
            return self.widget.counter_window
        assert isinstance(self.widget, CounterWindow)
        return self.widget


class Stations:
    """Builds counter windows and shells for one test; closes them all afterwards."""

    def __init__(self, qtbot: QtBot, url: str, tmp_path: Path) -> None:
        self.qtbot = qtbot
        self.url = url
        self.tmp_path = tmp_path
        self.all: list[Station] = []

    def _parts(self) -> tuple[Database, TaskRunner, LiveFeed, WaitingSound]:
        db = Database(self.url)
        runner = TaskRunner()
        live = LiveFeed(db)
        sound = WaitingSound(self.tmp_path / "sounds", use_device=False)
        return db, runner, live, sound

    def window(self, counter: int = 1, *, sign_in: bool = True, show: bool = True) -> Station:
        """A counter window with the counter's officer signed in, data shown and feed connected."""
        db, runner, live, sound = self._parts()
        user, password = OFFICERS[counter]
        officer = queue.sign_in(db, counter, user, password, take_over=True) if sign_in else None
        assert officer is not None
        w = CounterWindow(Backend(db, runner, live), counter, officer, sound=sound)
        station = Station(db, runner, live, w, sound)
        self.all.append(station)
        self.qtbot.addWidget(w)
        w.resize(1280, 800)
        with self.qtbot.waitSignal(w.ready, timeout=WAIT_MS):
            live.start()
            if show:
                w.show()
        if show:
            self.activate(w)
        return station

    def shell(self, *, counter: int | None = 1, user: str | None = None, password: str | None = None) -> Station:
        """The whole app window (sign-in page first), as ``python -m counter`` shows it."""
        db, runner, live, sound = self._parts()
        shell = CounterShell(Backend(db, runner, live), signin=SignInOptions(counter, user, password), sound=sound)
        station = Station(db, runner, live, shell, sound)
        self.all.append(station)
        self.qtbot.addWidget(shell)
        shell.resize(1280, 800)
        with self.qtbot.waitSignal(shell.ready, timeout=WAIT_MS):
            live.start()
            shell.show()
        self.activate(shell)
        return station

    def activate(self, widget: QWidget) -> None:
        """Make ``widget``'s window the active one (shortcuts work in the active window)."""
        top = widget.window()
        top.activateWindow()
        self.qtbot.waitUntil(lambda: QApplication.activeWindow() is top, timeout=WAIT_MS)

    def close_all(self) -> None:
        for st in self.all:
            if isinstance(st.widget, CounterShell):
                st.widget.sign_out_now()
            elif isinstance(st.widget, CounterWindow):
                st.widget.shutdown()
            st.widget.hide()
        for st in self.all:
            st.live.stop()
            st.runner.wait(WAIT_MS)
            st.db.dispose()


@pytest.fixture
def stations(qtbot: QtBot, site_db_url: str, tmp_path: Path) -> Iterator[Stations]:
    """Factory of counter windows on this test's database (both backends)."""
    factory = Stations(qtbot, site_db_url, tmp_path)
    yield factory
    factory.close_all()


class Screens:
    """Saves window grabs when ``ANTRIAN_SCREENSHOT_DIR`` is set (for people to look at)."""

    def __init__(self, backend: str) -> None:
        folder = os.environ.get("ANTRIAN_SCREENSHOT_DIR")
        self.folder = Path(folder) if folder else None
        self.backend = backend

    def save(self, widget: QWidget, name: str, backend: str = "sqlite") -> None:
        """Grab ``widget``'s window as ``<name>.png`` (one backend's run only, to keep one copy)."""
        if self.folder is None or self.backend != backend:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        QApplication.sendPostedEvents()  # pending layout requests, so the grab shows the final layout
        assert widget.window().grab().save(str(self.folder / f"{name}.png"))


@pytest.fixture
def screens(db_backend: str) -> Screens:
    """Optional screenshots of the states the tests drive the window through."""
    return Screens(db_backend)


Issue = Callable[..., object]


@pytest.fixture
def issue(db: Database) -> Issue:
    """``issue("A", priority=False)``: a visitor takes a ticket at the kiosk."""

    def take(code: str, priority: bool = False) -> object:
        return queue.issue_ticket(db, code, priority=priority).ticket

    return take
