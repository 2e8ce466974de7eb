"""The kiosk's share of the bookings' upkeep: :func:`db.booking.housekeep` every few minutes.

Bookings whose check-in window closed become no-shows, and personal data older than the
site's retention is erased (UU PDP). Any kiosk (and the console) may run it; the core
makes a second run at once harmless. It runs on the kiosk's task runner, never on the UI
thread; a failure is logged and the next run tries again.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from db import booking
from db.database import Database
from ui.tasks import TaskRunner

log = logging.getLogger("antrian.kiosk.booking")

EVERY_MS = 5 * 60_000
FIRST_MS = 60_000  # after start-up, once the first screen is up


class Housekeeper(QObject):
    """Runs :func:`db.booking.housekeep` every ``every_ms``; ``done(no_shows, purged)`` after each run."""

    done = Signal(int, int)
    failed = Signal(str)

    def __init__(self, db: Database, runner: TaskRunner, parent: QObject | None = None, *,
                 every_ms: int = EVERY_MS, first_ms: int = FIRST_MS) -> None:
        super().__init__(parent)
        self.db, self.runner = db, runner
        self.every_ms = every_ms
        self.runs = 0
        self._running = False
        self._stopped = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.run_now)
        self._first_ms = first_ms

    def start(self) -> None:
        """The first run after ``first_ms``, then every ``every_ms``."""
        self._stopped = False
        self.timer.start(self._first_ms)

    def stop(self) -> None:
        """No more runs (one in progress still finishes)."""
        self._stopped = True
        self.timer.stop()

    def set_interval(self, every_ms: int) -> None:
        """Run every ``every_ms`` from now on (the next run too)."""
        self.every_ms = every_ms
        if self.timer.isActive():
            self.timer.start(every_ms)

    def run_now(self) -> bool:
        """Run once now (False when a run is still in progress); the next one follows ``every_ms`` later."""
        if self._running:
            return False
        self._running = True
        db = self.db
        self.runner.run(lambda: booking.housekeep(db), self._done, self._failed)
        return True

    def _done(self, counts: tuple[int, int]) -> None:
        self._running = False
        self.runs += 1
        no_shows, purged = counts
        log.info("booking upkeep: %d no-shows, %d purged", no_shows, purged,
                 extra={"event": "booking_housekeep", "no_shows": no_shows, "purged": purged})
        self.done.emit(no_shows, purged)
        self._again()

    def _failed(self, error: BaseException) -> None:
        self._running = False
        self.runs += 1
        log.warning("booking upkeep failed: %s", error,
                    extra={"event": "booking_housekeep_failed", "reason": str(error)})
        self.failed.emit(str(error))
        self._again()

    def _again(self) -> None:
        if not self._stopped:
            self.timer.start(self.every_ms)
