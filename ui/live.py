"""The live-update bridge: the change feed as Qt signals on the UI thread.

SQLite is polled with a QTimer (default every 10 ms; a poll costs microseconds);
PostgreSQL wakes a QSocketNotifier on the LISTEN connection's socket. Reconnecting
runs on the task runner's thread, never on the UI thread, with backoff.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from db.database import Database
from db.feed import LOST, RESTORED, RESYNC, Change, ChangeFeed
from ui.tasks import TaskRunner

log = logging.getLogger("antrian.ui.live")

BACKOFF_S = (0.25, 0.5, 1.0, 2.0, 4.0, 5.0)


class LiveFeed(QObject):
    """Emits ``changed(list[Change])`` whenever any process commits a change."""

    changed = Signal(list)
    connection_lost = Signal(str)
    connection_restored = Signal()
    resync = Signal()

    def __init__(self, db: Database, parent: QObject | None = None, *, poll_ms: int = 10) -> None:
        super().__init__(parent)
        self.feed = ChangeFeed(db)
        self.poll_ms = poll_ms
        self._runner = TaskRunner(self)
        self._notifier: QSocketNotifier | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self._poll)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._try_reconnect)
        self._attempt = 0
        self._reconnecting = False
        self._announced = False  # connection_lost already emitted for this outage
        self.online = False

    def start(self) -> None:
        """Connect in the background; emits ``connection_restored`` + ``resync`` once connected."""
        self._try_reconnect()

    def stop(self) -> None:
        """Stop watching and close the feed's connection."""
        self._timer.stop()
        self._retry.stop()
        self._drop_notifier()
        self._runner.wait(5000)
        self.feed.close()

    # -- plumbing ---------------------------------------------------------------------------
    def _try_reconnect(self) -> None:
        if self._reconnecting:
            return
        self._reconnecting = True
        self._runner.run(self.feed.reconnect, self._on_reconnected, self._on_reconnect_failed)

    def _on_reconnected(self, changes: list[Change]) -> None:
        self._reconnecting = False
        self._attempt = 0
        fd = self.feed.fileno()
        if fd is not None:
            self._drop_notifier()
            self._notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
            self._notifier.activated.connect(self._poll)
            # A slow safety poll also notices a silently dead server socket.
            self._timer.setInterval(1000)
        else:
            self._timer.setInterval(self.poll_ms)
        self._timer.start()
        self._dispatch(changes)

    def _on_reconnect_failed(self, error: BaseException) -> None:
        self._reconnecting = False
        text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        self._go_offline(text)
        delay = BACKOFF_S[min(self._attempt, len(BACKOFF_S) - 1)]
        self._attempt += 1
        self._retry.start(int(delay * 1000))

    def _go_offline(self, reason: str) -> None:
        """Stop watching and say so once per outage."""
        self._timer.stop()
        self._drop_notifier()
        if self.online or not self._announced:
            self.online = False
            self._announced = True
            log.warning("database connection lost: %s", reason)
            self.connection_lost.emit(reason)

    def _drop_notifier(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None

    def _poll(self) -> None:
        changes = self.feed.poll()
        if changes:
            self._dispatch(changes)

    def _dispatch(self, changes: list[Change]) -> None:
        plain = []
        for change in changes:
            if change.kind == LOST:
                self._go_offline(change.detail or "")
                if not self._retry.isActive() and not self._reconnecting:
                    self._retry.start(int(BACKOFF_S[0] * 1000))
            elif change.kind == RESTORED:
                self.online = True
                self._announced = False
                log.info("database connection restored")
                self.connection_restored.emit()
            elif change.kind == RESYNC:
                self.resync.emit()
            else:
                plain.append(change)
        if plain:
            self.changed.emit(plain)
