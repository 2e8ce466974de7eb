"""Running database work off the UI thread; results and errors come back on the UI thread.

Work runs on one background thread per runner, in submission order, so an officer's
key presses reach the database in the order they were made. Tests can make a runner
synchronous so threaded code is deterministic.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from queue import SimpleQueue
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger("antrian.ui.tasks")

T = TypeVar("T")

Callback = Callable[[Any], object]
ErrorCallback = Callable[[BaseException], object]


class _Relay(QObject):
    """Lives on the UI thread for the whole process and hands finished jobs back to it.

    Two rules keep Qt objects safe here:
    - one relay that is never deleted, rather than one per runner: a job still running
      when its runner (and the window owning it) is destroyed must not emit on a deleted
      C++ object; its result is simply dropped;
    - a worker never holds the last Python reference to anything a job touched (the
      callable's closure may hold a window): the finished job goes into a queue whole,
      and its references are released here, on the UI thread. Releasing the last
      reference to a QObject on a worker thread destroys it there, which crashes Qt.
    """

    wake = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.finished: SimpleQueue[_Work] = SimpleQueue()
        self.wake.connect(self._drain)

    @Slot()
    def _drain(self) -> None:
        while not self.finished.empty():
            work = self.finished.get()
            callback = work.on_error if work.error is not None else work.on_done
            if callback is None or not shiboken6.isValid(work.runner):
                continue  # nobody to tell, or the window that asked is gone
            callback(work.error if work.error is not None else work.value)


_relay: _Relay | None = None


def _the_relay() -> _Relay:
    global _relay
    if _relay is None:
        _relay = _Relay()  # created by the first runner, on the UI thread
    return _relay


@dataclass
class _Work:
    """One job and, once it ran, its outcome."""

    runner: TaskRunner
    fn: Callable[[], Any]
    on_done: Callback | None
    on_error: ErrorCallback | None
    value: Any = None
    error: BaseException | None = None


class _Job(QRunnable):
    def __init__(self, work: _Work) -> None:
        super().__init__()
        self.work: _Work | None = work

    def run(self) -> None:
        relay = _the_relay()
        work, self.work = self.work, None
        assert work is not None
        try:
            work.value = work.fn()
        except BaseException as e:  # handed to the UI thread, never lost in the worker
            if work.on_error is None:
                log.error("background task failed: %s", e, exc_info=e)
            work.error = e
        relay.finished.put(work)
        del work  # from here on only the queue holds the job's references
        relay.wake.emit()


class TaskRunner(QObject):
    """Runs callables in the background and calls back on the UI thread."""

    def __init__(self, parent: QObject | None = None, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)
        _the_relay()

    def run(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], object] | None = None,
        on_error: ErrorCallback | None = None,
    ) -> None:
        """Run ``fn()`` off the UI thread; then ``on_done(result)`` or ``on_error(exc)`` on it.

        Typed like Anki's ``QueryOp[T]``: ``on_done`` takes what ``fn`` returns, so mypy
        checks that the two fit at every call site.
        """
        if self.synchronous:
            try:
                result = fn()
            except BaseException as e:
                if on_error is None:
                    raise
                on_error(e)
            else:
                if on_done is not None:
                    on_done(result)
            return
        self._pool.start(_Job(_Work(self, fn, on_done, on_error)))

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until queued work is done (shutdown and tests only, never in a slot)."""
        return self._pool.waitForDone(msecs)
