"""Running database work off the UI thread; results and errors come back on the UI thread.

Work runs on one background thread per runner, in submission order, so an officer's
key presses reach the database in the order they were made. Tests can make a runner
synchronous so threaded code is deterministic.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger("antrian.ui.tasks")

Callback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]


class _Relay(QObject):
    """Lives on the UI thread; signals emitted from the worker are queued to it."""

    done = Signal(object, object)  # callback, result
    failed = Signal(object, object)  # callback, exception

    @Slot(object, object)
    def _call(self, callback: Callable[[Any], None] | None, value: Any) -> None:
        if callback is not None:
            callback(value)


class _Job(QRunnable):
    def __init__(self, relay: _Relay, fn: Callable[[], Any], on_done: Callback | None, on_error: ErrorCallback | None) -> None:
        super().__init__()
        self.relay, self.fn, self.on_done, self.on_error = relay, fn, on_done, on_error

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as e:  # handed to the UI thread, never lost in the worker
            if self.on_error is None:
                log.error("background task failed: %s", e, exc_info=e)
            self.relay.failed.emit(self.on_error, e)
        else:
            self.relay.done.emit(self.on_done, result)


class TaskRunner(QObject):
    """Runs callables in the background and calls back on the UI thread."""

    def __init__(self, parent: QObject | None = None, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)
        self._relay = _Relay(self)
        self._relay.done.connect(self._relay._call)
        self._relay.failed.connect(self._relay._call)

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
        self._pool.start(_Job(self._relay, fn, on_done, on_error))

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until queued work is done (shutdown and tests only, never in a slot)."""
        return self._pool.waitForDone(msecs)
