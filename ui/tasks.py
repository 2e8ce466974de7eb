"""Running database work off the UI thread; results and errors come back on the UI thread.

Work runs on one background thread per runner, in submission order, so an officer's
key presses reach the database in the order they were made. Tests can make a runner
synchronous so threaded code is deterministic.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger("antrian.ui.tasks")

Callback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]


class _Relay(QObject):
    """Lives on the UI thread for the whole process; workers' signals are queued to it.

    One relay that is never deleted, rather than one per runner: a job still running
    when its runner (and the window owning it) is destroyed must not emit on a deleted
    C++ object from its worker thread. Its result is simply dropped instead.
    """

    settled = Signal(object, object, object)  # runner, callback, value

    @Slot(object, object, object)
    def _call(self, runner: TaskRunner, callback: Callable[[Any], None] | None, value: Any) -> None:
        if callback is None or not shiboken6.isValid(runner):
            return  # the window that asked is gone
        callback(value)


_relay: _Relay | None = None


def _the_relay() -> _Relay:
    global _relay
    if _relay is None:
        _relay = _Relay()  # created by the first runner, on the UI thread
        _relay.settled.connect(_relay._call)
    return _relay


class _Job(QRunnable):
    def __init__(self, runner: TaskRunner, fn: Callable[[], Any], on_done: Callback | None, on_error: ErrorCallback | None) -> None:
        super().__init__()
        self.runner, self.fn, self.on_done, self.on_error = runner, fn, on_done, on_error

    def run(self) -> None:
        relay = _the_relay()
        try:
            result = self.fn()
        except BaseException as e:  # handed to the UI thread, never lost in the worker
            if self.on_error is None:
                log.error("background task failed: %s", e, exc_info=e)
            relay.settled.emit(self.runner, self.on_error, e)
        else:
            relay.settled.emit(self.runner, self.on_done, result)


class TaskRunner(QObject):
    """Runs callables in the background and calls back on the UI thread."""

    def __init__(self, parent: QObject | None = None, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)
        _the_relay()

    def run(self, fn: Callable[[], Any], on_done: Callback | None = None, on_error: ErrorCallback | None = None) -> None:
        """Run ``fn()`` off the UI thread; then ``on_done(result)`` or ``on_error(exc)`` on it."""
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
        self._pool.start(_Job(self, fn, on_done, on_error))

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until queued work is done (shutdown and tests only, never in a slot)."""
        return self._pool.waitForDone(msecs)
