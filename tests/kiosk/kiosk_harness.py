"""Building a real kiosk window in a test: real database, real runner threads, real change feed.

Test modules import the ``kiosk_app`` fixture from here::

    from tests.kiosk.kiosk_harness import kiosk_app_fixture  # noqa: F401  (provides the ``kiosk_app`` fixture)
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import select

from db.database import Database
from db.models import Service, Ticket
from db.settings import store
from kiosk.window import KioskOptions, KioskWindow
from tests.sitedb import prepare_site
from ui.backend import Backend
from ui.i18n import translator
from ui.live import LiveFeed
from ui.tasks import TaskRunner

READY_TIMEOUT_MS = 30_000
_KEEP_ALIVE: list[KioskWindow] = []


class EventLog(logging.Handler):
    """Collects the ``event`` field of every ``antrian`` log record (as the JSON log would show)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def events(self, *kinds: str) -> list[dict[str, Any]]:
        """The records with one of these events, as dicts of their extra fields."""
        out = []
        for r in list(self.records):
            event = getattr(r, "event", None)
            if event in kinds:
                out.append({k: v for k, v in r.__dict__.items() if not k.startswith("_")})
        return out


@dataclass
class KioskApp:
    """One window and what it runs on."""

    window: KioskWindow
    db: Database
    live: LiveFeed
    runner: TaskRunner
    data_dir: Path
    log: EventLog
    url: str = ""
    extra: list[Database] = field(default_factory=list)

    def tickets(self) -> list[SimpleNamespace]:
        """Every ticket in the database (read on the test's own connection), as plain records."""
        other = Database(self.url, migrate=False)
        try:
            with other.read() as s:
                return [SimpleNamespace(id=t.id, label=t.label, status=t.status, source=t.source, priority=t.priority)
                        for t in s.scalars(select(Ticket).order_by(Ticket.id))]
        finally:
            other.dispose()


def set_settings(db: Database, **values: object) -> None:
    """Store site settings (test set-up, on the test's thread)."""
    with db.write() as s:
        for key, value in values.items():
            store(s, key, value)


def set_service(db: Database, code: str, **values: object) -> None:
    """Change one service (hours, daily_quota, active …)."""
    with db.write() as s:
        svc = s.scalar(select(Service).where(Service.code == code))
        assert svc is not None
        for key, value in values.items():
            setattr(svc, key, value)


def prepare_sqlite_site(path: Path) -> str:
    """An SQLite database at ``path`` with the sample site, every service always open; its URL."""
    url = f"sqlite:///{path}"
    prepare_site(url)
    return url


def pdf_text(path: Path) -> str:
    """The text of a PDF, by ``pdftotext`` (skips the test when poppler-utils is missing)."""
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    done = subprocess.run([tool, "-layout", str(path), "-"], capture_output=True, text=True, timeout=30, check=True)
    return done.stdout


@pytest.fixture(name="kiosk_app")
def kiosk_app_fixture(qtbot: Any, tmp_path: Path) -> Iterator[Callable[..., KioskApp]]:
    """Factory: ``kiosk_app(url, printer="none", locked=False, size=(1280, 800), wait=True, before_start=None)``.

    Builds the window on a fresh :class:`Database` of ``url``, shows it, starts the change
    feed and (``wait``) waits until the first snapshot is painted.
    """
    made: list[KioskApp] = []
    events = EventLog()
    logger = logging.getLogger("antrian")
    old_level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(events)

    def make(url: str, *, printer: str | None = "none", locked: bool = False, size: tuple[int, int] = (1280, 800),
             wait: bool = True, language: str | None = "id",
             before_start: Callable[[], None] | None = None) -> KioskApp:
        translator().set_language(language or "id")
        db = Database(url, migrate=False)
        if before_start is not None:
            before_start()  # e.g. take the database away before anything connects
        runner = TaskRunner()
        live = LiveFeed(db)
        data_dir = tmp_path / f"data{len(made)}"
        options = KioskOptions(data_dir=data_dir, locked=locked, printer=printer, language=language, sound=False)
        window = KioskWindow(Backend(db, runner, live), options)
        app = KioskApp(window, db, live, runner, data_dir, events, url)
        made.append(app)
        window.resize(*size)
        window.show()
        live.start()
        if wait:
            qtbot.waitUntil(window.is_ready, timeout=READY_TIMEOUT_MS)
        return app

    yield make

    for app in made:
        app.window.shutdown()
        app.live.stop()
        app.runner.wait(10_000)
        app.window.print_runner.wait(20_000)
        app.window.lock.runner.wait(10_000)
        app.window.close()
        app.db.dispose()
        # Kept alive on purpose: ui.widgets.OfflineBanner and ClockLabel connect lambdas to the
        # process-wide translator, which would call into deleted widgets on the next language
        # switch in a later test (see the report on ui/widgets.py).
        _KEEP_ALIVE.append(app.window)
    logger.removeHandler(events)
    logger.setLevel(old_level)
    translator().set_language("id")
