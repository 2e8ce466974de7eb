"""Every app's heartbeat: "I am alive" in the database at start and every ``db.heartbeat.INTERVAL``.

The supervisor's floor names an app that has gone quiet (``db.heartbeat.QUIET_AFTER``).
The beat is one small upsert run through the app's :class:`ui.tasks.TaskRunner`, never on
the UI thread. A failed beat (the database is away) is logged once per outage and never
shown: the offline banner already tells the user. An app that stops on purpose removes
its row (``db.heartbeat.forget``), so a closed kiosk is not reported as quiet.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer

from db import heartbeat
from db.clock import utcnow
from db.database import Database
from ui.tasks import TaskRunner

log = logging.getLogger("antrian.ui.heartbeat")


class Heartbeat(QObject):
    """Beats for one app process (``kind`` is the app's name, ``counter`` its counter if known)."""

    def __init__(self, db: Database, runner: TaskRunner, kind: str, *, counter: int | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.runner = runner
        self.kind = kind
        self.counter = counter
        self.pc = heartbeat.this_pc()
        self.started_at = utcnow()
        self.beats = 0  # beats that reached the database
        self.failing = False  # the last beat failed (logged once until one works again)
        self._first = True
        self._timer = QTimer(self)
        self._timer.setInterval(int(heartbeat.INTERVAL.total_seconds() * 1000))
        self._timer.timeout.connect(self.beat)

    @property
    def enabled(self) -> bool:
        """Whether this kind of app reports at all (``db.heartbeat.KINDS``)."""
        return self.kind in heartbeat.KINDS

    def start(self) -> None:
        """Beat now and then every interval."""
        if not self.enabled:
            return
        self.beat()
        self._timer.start()

    def beat(self) -> None:
        """Send one beat in the background."""
        db, kind, pc, counter = self.db, self.kind, self.pc, self.counter
        started = self.started_at if self._first else None
        self._first = False
        self.runner.run(lambda: heartbeat.beat(db, kind, pc=pc, counter=counter, started_at=started),
                        self._done, self._failed)

    def set_counter(self, counter: int | None) -> None:
        """The app now works at ``counter`` (chosen at sign-in): the old row goes, a new beat comes."""
        if counter == self.counter:
            return
        if self.enabled and self.beats:
            db, kind, pc, old = self.db, self.kind, self.pc, self.counter
            self.runner.run(lambda: heartbeat.forget(db, kind, pc=pc, counter=old), None, self._failed)
        self.counter = counter
        self._first = True
        if self.enabled and self._timer.isActive():
            self.beat()

    def stop(self) -> None:
        """Stop beating and remove this app's row (it stops on purpose); queued, not waited for."""
        self._timer.stop()
        if not self.enabled or self.beats == 0:
            return
        db, kind, pc, counter = self.db, self.kind, self.pc, self.counter
        self.runner.run(lambda: heartbeat.forget(db, kind, pc=pc, counter=counter), None, self._failed)

    def _done(self, _result: None) -> None:
        self.beats += 1
        if self.failing:
            self.failing = False
            log.info("heartbeat of %s works again", self.kind, extra={"event": "heartbeat_restored", "app": self.kind})

    def _failed(self, error: BaseException) -> None:
        if not self.failing:
            self.failing = True
            log.warning("heartbeat of %s failed: %s", self.kind, str(error).splitlines()[0] if str(error) else error,
                        extra={"event": "heartbeat_failed", "app": self.kind})
