"""Coalesced snapshot re-reads: however many changes arrive, at most one read in flight.

``request()`` marks the board dirty; if a read is already running, exactly one more
read follows it. Reads run on the app's :class:`ui.tasks.TaskRunner`, never on the UI
thread. A failed read keeps the last snapshot and is retried after a pause.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from db.errors import DatabaseUnavailable
from db.records import Snapshot
from ui.tasks import TaskRunner

log = logging.getLogger("antrian.display.reader")

RETRY_MS = 2000


class SnapshotReader(QObject):
    """Reads snapshots with ``read()`` in the background; emits ``loaded`` or ``failed``."""

    loaded = Signal(object)  # Snapshot
    failed = Signal(str)

    def __init__(self, runner: TaskRunner, read: Callable[[], Snapshot], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._read = read
        self._busy = False
        self._dirty = False
        self.reads = 0  # how many reads ran (tests check the coalescing)
        self._closed = False
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self.request)

    @property
    def busy(self) -> bool:
        """True while a read is in flight."""
        return self._busy

    def request(self) -> None:
        """Ask for a fresh snapshot (coalesced with any read in flight)."""
        if self._closed:
            return
        self._retry.stop()
        if self._busy:
            self._dirty = True
            return
        self._busy = True
        self._dirty = False
        self.reads += 1
        self._runner.run(self._read, self._done, self._error)

    def cancel_retry(self) -> None:
        """Forget a pending retry (the feed will ask again once the database is back)."""
        self._retry.stop()

    def close(self) -> None:
        """Read no more; a read still in flight is dropped when it comes back."""
        self._closed = True
        self._retry.stop()

    def _done(self, snapshot: Snapshot) -> None:
        if self._closed:
            return
        self._busy = False
        self.loaded.emit(snapshot)
        if self._dirty:
            self.request()

    def _error(self, error: BaseException) -> None:
        if self._closed:
            return
        self._busy = False
        if not isinstance(error, DatabaseUnavailable):
            log.error("reading the queue failed: %s", error, exc_info=error)
        else:
            log.warning("reading the queue failed: %s", error)
        if self._dirty:
            self.request()
        else:
            self._retry.start(RETRY_MS)  # before emitting: a slot may cancel it
        self.failed.emit(str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__)
