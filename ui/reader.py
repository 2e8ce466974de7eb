"""One coalescing snapshot reader for every window: one read in flight, plus one more.

A window shows one snapshot of the database (the queue, a counter's view, a report) and
re-reads it whenever the change feed reports a commit. :class:`SnapshotReader` does the
reading for it, typed by what it reads (``SnapshotReader[Snapshot]``, as Anki's
``QueryOp[T]``):

- the read function runs on the worker through :class:`ui.tasks.TaskRunner`, never on
  the UI thread; ``loaded(value)`` comes back on the UI thread;
- however many requests arrive while a read is in flight, exactly one more read follows
  it, so a burst of changes costs at most two reads (the one running and one after it),
  and a result is never older than one already shown;
- a failed read keeps the last value on screen, reports ``failed(text)`` (the error's
  first line, :func:`db.database.describe_error`) and is retried after a pause that grows
  along :data:`RETRY_MS` until a read succeeds. An explicit request reads at once, even
  while a retry is pending (the feed's ``resync`` usually comes before the retry);
- ``online`` says whether the last read worked; ``online_changed(bool)`` reports when
  that changes, from reads only.

How a window uses it (the supervisor console, the survey screen and the reports read
their data the same way)::

    self.reader = SnapshotReader(runner, lambda: queue.queue_snapshot(db), self,
                                 what="the queue", log=log)
    self.reader.loaded.connect(self._show)            # (Snapshot), on the UI thread
    self.reader.failed.connect(self._show_offline)    # (str), the reason for the log
    live.changed.connect(self._changed)               # a slot that calls self.reader.request()
    live.resync.connect(self.reader.request_now)
    self.reader.request_now()                         # the first read
    ...
    self.reader.close()                               # in the window's shutdown

The read function must be a plain function of the database (no widget access: it runs
on the worker) returning plain data. ``delay_ms`` gathers requests over a short pause
before a read (the kiosk, whose changes come in bursts of its own); ``pause()`` holds
reads back while the window is busy with something that matters more.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from db.database import describe_error
from db.errors import AntrianError
from ui.tasks import TaskRunner

T = TypeVar("T")

#: Pauses before retrying a failed read: the n-th consecutive failure waits the n-th
#: step (the last one from then on).
RETRY_MS: tuple[int, ...] = (500, 1000, 2000, 4000, 5000)

_log = logging.getLogger("antrian.ui.reader")


class SnapshotReader(QObject, Generic[T]):
    """Reads ``read()`` in the background, coalescing requests; emits ``loaded`` or ``failed``.

    Signals (all on the UI thread): ``loaded(T)`` with each value read, ``failed(str)``
    with the first line of a read's error, ``online_changed(bool)`` when a read fails
    after a success (``False``) or succeeds after a failure (``True``).
    """

    loaded = Signal(object)  # T
    failed = Signal(str)
    online_changed = Signal(bool)

    def __init__(
        self,
        runner: TaskRunner,
        read: Callable[[], T],
        parent: QObject | None = None,
        *,
        what: str = "the snapshot",
        log: logging.Logger | None = None,
        delay_ms: int = 0,
        retry_ms: Sequence[int] = RETRY_MS,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._read = read
        self._what = what
        self._log = log or _log
        self._retry_ms = tuple(retry_ms) or RETRY_MS
        self.value: T | None = None  # the last value read
        self.error: BaseException | None = None  # the last read's error, None once a read worked
        self.reads = 0  # reads started (tests and benchmarks check the coalescing)
        self.failures = 0  # consecutive failed reads
        self._in_flight = False
        self._dirty = False
        self._paused = False
        self._closed = False
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(delay_ms)
        self._delay.timeout.connect(self._start)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self.request_now)

    # -- state ------------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        """True while a read is in flight."""
        return self._in_flight

    @property
    def online(self) -> bool:
        """Whether the last read worked (true before the first read)."""
        return self.failures == 0

    @property
    def retry_pending(self) -> bool:
        """Whether a retry after a failed read is scheduled."""
        return self._retry.isActive()

    def idle(self) -> bool:
        """No read in flight or about to start (a scheduled retry does not count)."""
        return not (self._in_flight or self._delay.isActive())

    # -- asking for a read --------------------------------------------------------------------------
    def request(self) -> None:
        """Read soon (after ``delay_ms``); requests meanwhile share that read or the next one."""
        if self._closed:
            return
        if self._paused or self._in_flight:
            self._dirty = True
        elif self._delay.interval() <= 0:
            self._start()
        elif not self._delay.isActive():
            self._delay.start()

    def request_now(self) -> None:
        """Read at once (start-up, resync, a retry), even while paused or within ``delay_ms``."""
        if self._closed:
            return
        self._delay.stop()
        if self._in_flight:
            self._dirty = True
        else:
            self._start()

    def pause(self) -> None:
        """Hold requested reads back until :meth:`resume` (``request_now`` still reads)."""
        self._paused = True

    def resume(self) -> None:
        """Stop holding reads back; read at once if anything was requested meanwhile."""
        if self._paused:
            self._paused = False
            if self._dirty and not self._in_flight:
                self._dirty = False
                self.request()

    def cancel_retry(self) -> None:
        """Forget a pending retry (the feed will ask again once the database is back)."""
        self._retry.stop()

    def forget_failures(self) -> None:
        """Count as online again and restart the backoff (the connection is back; no signal)."""
        self.failures = 0
        self.error = None

    def close(self) -> None:
        """Read no more; a read still in flight is dropped when it comes back."""
        self._closed = True
        self._delay.stop()
        self._retry.stop()

    # -- the read -----------------------------------------------------------------------------------
    def _start(self) -> None:
        if self._closed:
            return
        self._retry.stop()
        self._in_flight = True
        self._dirty = False
        self.reads += 1
        self._runner.run(self._read, self._done, self._fail)

    def _done(self, value: T) -> None:
        self._in_flight = False
        if self._closed:
            return
        was_online = self.online
        self.failures = 0
        self.error = None
        self.value = value
        self.loaded.emit(value)
        if not was_online and not self._closed:
            self.online_changed.emit(True)
        if self._dirty and not self._closed:
            self.request()

    def _fail(self, error: BaseException) -> None:
        self._in_flight = False
        if self._closed:
            return
        text = describe_error(error)
        delay = self._retry_ms[min(self.failures, len(self._retry_ms) - 1)]
        self.failures += 1
        self.error = error
        if isinstance(error, AntrianError):
            self._log.warning("reading %s failed: %s (retrying in %d ms)", self._what, text, delay)
        else:  # a defect, not an outage: keep the traceback
            self._log.error("reading %s failed: %s (retrying in %d ms)", self._what, text, delay, exc_info=error)
        if self._dirty:
            self.request()
        else:
            self._retry.start(delay)  # before emitting: a slot may cancel it
        self.failed.emit(text)
        if self.failures == 1 and not self._closed:
            self.online_changed.emit(False)
