"""Re-reading the queue snapshot through the task runner, one read at a time.

A burst of changes costs at most two reads: the one in flight and one more after it.
After a failed read it tries again with a growing delay until a read succeeds (the live
feed's ``resync`` usually comes first).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from db import queue
from db.database import Database
from ui.tasks import TaskRunner

log = logging.getLogger("antrian.kiosk.snapshot")

RETRY_MS = (1000, 2000, 4000, 8000)


class SnapshotLoader(QObject):
    """Emits ``loaded(Snapshot)`` or ``failed(exception)`` on the UI thread."""

    loaded = Signal(object)
    failed = Signal(object)

    def __init__(self, db: Database, runner: TaskRunner, parent: QObject | None = None, *,
                 coalesce_ms: int = 20) -> None:
        super().__init__(parent)
        self.db = db
        self.runner = runner
        self.reads = 0  # completed reads, for tests and benchmarks
        self._in_flight = False
        self._dirty = False
        self._failures = 0
        self._stopped = False
        self._paused = False
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(coalesce_ms)
        self._delay.timeout.connect(self._start)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self.request_now)

    def stop(self) -> None:
        """No more reads (shutdown); results still in flight are dropped."""
        self._stopped = True
        self._delay.stop()
        self._retry.stop()

    def pause(self) -> None:
        """Hold reads back (a ticket is being issued and rendered: the CPU is busy with it)."""
        self._paused = True

    def resume(self) -> None:
        """Read again, at once if anything changed meanwhile."""
        if self._paused:
            self._paused = False
            if self._dirty:
                self._dirty = False
                self.request()

    def idle(self) -> bool:
        """No read in flight or about to start."""
        return not (self._in_flight or self._delay.isActive())

    def request(self) -> None:
        """Read soon; changes arriving meanwhile share the same read."""
        if self._paused or self._in_flight:
            self._dirty = True
        elif not self._delay.isActive():
            self._delay.start()

    def request_now(self) -> None:
        """Read at once (start-up, resync, after a failure), even while paused."""
        self._delay.stop()
        if self._in_flight:
            self._dirty = True
        else:
            self._start()

    def _start(self) -> None:
        if self._stopped:
            return
        self._retry.stop()
        self._in_flight = True
        self._dirty = False
        db = self.db
        self.runner.run(lambda: queue.queue_snapshot(db, last_calls=0), self._done, self._fail)

    def _done(self, snapshot: object) -> None:
        self._in_flight = False
        if self._stopped:
            return
        self._failures = 0
        self.reads += 1
        self.loaded.emit(snapshot)
        if self._dirty:
            self.request()

    def _fail(self, error: BaseException) -> None:
        self._in_flight = False
        if self._stopped:
            return
        delay = RETRY_MS[min(self._failures, len(RETRY_MS) - 1)]
        self._failures += 1
        log.warning("cannot read the queue: %s (retrying in %d ms)", error, delay)
        self.failed.emit(error)
        if self._dirty:
            self.request()
        else:
            self._retry.start(delay)
