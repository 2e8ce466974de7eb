"""The live-update bridge: the change feed as Qt signals on the UI thread.

PostgreSQL wakes a QSocketNotifier on the LISTEN connection's socket. SQLite is polled
(``PRAGMA data_version``, microseconds a poll); a QFileSystemWatcher on the database and
its WAL file triggers the poll the moment another process commits, so the timer itself
can tick slowly (every 250 ms, a safety net for file systems without change
notification). Where the files cannot be watched the timer ticks every ``poll_ms``
(10 ms). A bare 10 ms timer alone costs about 1% of a core in a PySide6 process; the
watcher keeps an idle screen near zero while changes still arrive within milliseconds.
Reconnecting runs on the task runner's thread, never on the UI thread, with backoff.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QFileSystemWatcher, QObject, QSocketNotifier, QTimer, Signal

from db.database import Database
from db.feed import LOST, RESTORED, RESYNC, Change, ChangeFeed
from ui.tasks import TaskRunner

log = logging.getLogger("antrian.ui.live")

BACKOFF_S = (0.25, 0.5, 1.0, 2.0, 4.0, 5.0)
SAFETY_POLL_MS = 250  # with a file watcher (SQLite) or a socket notifier (PostgreSQL)
BURST_POLL_MS = 3  # after a file event: the commit is visible only once its fsync is done
BURST_S = 0.15  # at most; the burst ends as soon as the change is seen


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
        self._watcher: QFileSystemWatcher | None = None
        self._burst_until = 0.0
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
        self._drop_notifier()
        if fd is not None:
            self._notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
            self._notifier.activated.connect(self._poll)
            # The slow safety poll also notices a silently dead server socket.
            self._timer.setInterval(SAFETY_POLL_MS)
        else:
            self._timer.setInterval(SAFETY_POLL_MS if self._watch_sqlite_files() else self.poll_ms)
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
            log.warning("database connection lost: %s", reason, extra={"event": "connection_lost", "reason": reason})
            self.connection_lost.emit(reason)

    def _watch_sqlite_files(self) -> bool:
        """Watch the database and WAL files; True if at least the WAL file is watched."""
        path = self.feed.db.url.database or ""
        if not path or path == ":memory:":
            return False
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._on_file_changed)
        self._watcher.addPaths([path, path + "-wal"])
        return (path + "-wal") in self._watcher.files()

    def _on_file_changed(self, path: str) -> None:
        # A checkpoint may recreate the WAL file, which drops it from the watch list.
        if self._watcher is not None and path not in self._watcher.files():
            self._watcher.addPath(path)
        # The event comes when the WAL frames are written, before the commit is
        # published in the shared index (which gives no event): poll briefly and fast.
        self._burst_until = time.monotonic() + BURST_S
        if self._timer.interval() != BURST_POLL_MS:
            self._timer.setInterval(BURST_POLL_MS)
        self._poll()

    def _drop_notifier(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._watcher is not None:
            self._watcher.deleteLater()
            self._watcher = None

    def _poll(self) -> None:
        if self._watcher is not None and self._timer.interval() == BURST_POLL_MS and time.monotonic() > self._burst_until:
            self._timer.setInterval(SAFETY_POLL_MS)
        changes = self.feed.poll()
        # A change seen does not end the burst: a second commit right behind the first one
        # may give no file event of its own (inotify merges it into the first one's event
        # when that was not read yet, e.g. while this process waited for a CPU), so its
        # publication would wait for the 250 ms safety poll. The burst ends BURST_S after the
        # last file event (above); a few dozen polls of microseconds each.
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
                log.info("database connection restored" if change.detail == "restored" else "database connected",
                         extra={"event": "connection_restored"})
                self.connection_restored.emit()
            elif change.kind == RESYNC:
                self.resync.emit()
            else:
                plain.append(change)
        if plain:
            self.changed.emit(plain)
