"""Python's cyclic garbage collection, run on the UI thread only.

CPython collects reference cycles on whichever thread happens to allocate when a
generation's threshold is crossed. In a Qt app that is often a background database job
(SQLAlchemy allocates a lot), and a cycle that holds a window (a widget and a lambda
connected to it, say) is then destroyed on that worker thread: Qt objects must be
destroyed on the thread they live on, and the UI thread crashes later while painting.

So the automatic collector is switched off and the same generational policy runs from a
timer on the UI thread instead. Objects that are not in cycles are still freed at once
by reference counting; only cycles wait, for at most one tick.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

TICK_MS = 500

_installed: UiThreadCollector | None = None


class UiThreadCollector(QObject):
    """Owns the garbage collector while it lives: collects on its timer, on the UI thread."""

    def __init__(self, parent: QObject | None = None, *, tick_ms: int = TICK_MS) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start(tick_ms)

    def collect_due(self) -> int:
        """Collect the oldest generation whose threshold is crossed (as CPython would); returns objects freed."""
        counts = gc.get_count()
        thresholds = gc.get_threshold()
        due = [generation for generation in range(3) if counts[generation] > thresholds[generation]]
        return gc.collect(max(due)) if due else 0

    def release(self) -> None:
        """Collect everything now and hand collection back to CPython's automatic collector."""
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()


def collect_on_ui_thread(app: QObject) -> UiThreadCollector:
    """Install the UI-thread collector for this process (once; later calls return the same one)."""
    global _installed
    if _installed is None:
        _installed = UiThreadCollector(app)
    return _installed
