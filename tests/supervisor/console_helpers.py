"""Building console windows in tests: a real database, a threaded runner and a started feed.

Each console gets what a ``python -m supervisor`` process has (its own ``Database``,
``TaskRunner`` and ``LiveFeed``); tests wait with ``qtbot.waitUntil`` / ``waitSignal``.
Import the fixtures into a test module: ``from tests.supervisor.console_helpers import consoles``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from db import roles
from db.database import Database
from supervisor.app import ConsoleShell
from supervisor.window import PageSpec
from ui.backend import Backend
from ui.i18n import translator
from ui.live import LiveFeed
from ui.tasks import TaskRunner
from ui.theme import apply_theme

WAIT_MS = 15_000
USERS = {"supervisor": "supervisor123", "admin": "admin123"}


@dataclass
class Console:
    """One console in a test: its backend and its top widget."""

    backend: Backend
    widget: QWidget


class Consoles:
    """Builds consoles (shells or bare pages) for one test; closes them all afterwards."""

    def __init__(self, qtbot: QtBot, url: str) -> None:
        self.qtbot = qtbot
        self.url = url
        self.all: list[Console] = []

    def backend(self) -> Backend:
        """A fresh process-like backend on the test's database."""
        db = Database(self.url)
        return Backend(db, TaskRunner(), LiveFeed(db))

    def actor(self, backend: Backend, user: str = "supervisor") -> roles.Actor:
        """Sign ``user`` in directly (a page test needs an actor, not the sign-in page)."""
        return roles.sign_in(backend.db, user, USERS[user])

    def shell(self, *, user: str | None = None, password: str | None = None, page: str = "floor",
              pages: list[PageSpec] | None = None, size: tuple[int, int] = (1366, 768)) -> ConsoleShell:
        """The whole app window, as ``python -m supervisor`` shows it; returned once ready."""
        backend = self.backend()
        shell = ConsoleShell(backend, user=user, password=password, page=page, pages=pages)
        self.all.append(Console(backend, shell))
        self.qtbot.addWidget(shell)
        shell.resize(*size)
        with self.qtbot.waitSignal(shell.ready, timeout=WAIT_MS):
            backend.live.start()
            shell.show()
        return shell

    def page(self, cls: Callable[[Backend, roles.Actor], QWidget], *, user: str = "supervisor",
             size: tuple[int, int] = (1366, 700)) -> QWidget:
        """One page on its own, with ``user`` signed in; returned once its first data is shown."""
        backend = self.backend()
        actor = self.actor(backend, user)
        page = cls(backend, actor)
        self.all.append(Console(backend, page))
        self.qtbot.addWidget(page)
        page.resize(*size)
        with self.qtbot.waitSignal(page.ready, timeout=WAIT_MS):  # type: ignore[attr-defined]
            backend.live.start()
            page.show()
        return page

    def close_all(self) -> None:
        """Sign out, stop every feed and runner, dispose the databases."""
        for c in self.all:
            if isinstance(c.widget, ConsoleShell):
                c.widget.sign_out_now()
            else:
                stop = getattr(c.widget, "shutdown", None)
                if callable(stop):
                    stop()
            c.widget.hide()
        for c in self.all:
            c.backend.live.stop()
            c.backend.runner.wait(WAIT_MS)
            c.backend.db.dispose()


@pytest.fixture
def consoles(qtbot: QtBot, qapp: QApplication, site_db_url: str) -> Iterator[Consoles]:
    """Factory of consoles on this test's database (both backends), in Indonesian."""
    apply_theme(qapp)
    translator().set_language("id")
    factory = Consoles(qtbot, site_db_url)
    yield factory
    factory.close_all()
    translator().set_language("id")
