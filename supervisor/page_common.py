"""What the console's reading pages (floor, audit log, reports, bookings, survey) share: the
look of their status line, reading changes only while shown, and leaving the live feed when
the window goes away."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QWidget

from ui.backend import Backend
from ui.reader import SnapshotReader
from ui.theme import DANGER, MUTED, OK


def show_status(label: QLabel, text: str, level: str) -> None:
    """Show ``text`` on a page's status line: red for ``"error"``, green for ``"ok"``, muted else."""
    colour = {"error": DANGER, "ok": OK}.get(level, MUTED)
    label.setStyleSheet(f"font-size: 11pt; color: {colour};")
    label.setText(text)


def leave_live(backend: Backend, reader: SnapshotReader[Any], on_changes: Callable[[list[object]], None]) -> None:
    """Close ``reader`` and disconnect the page from the backend's live feed (``on_changes``
    from ``changed``, the reader from ``resync``)."""
    reader.close()
    for signal, slot in ((backend.live.changed, on_changes), (backend.live.resync, reader.request_now)):
        with contextlib.suppress(RuntimeError, TypeError):  # already gone with the feed
            signal.disconnect(slot)


class ShownReadingPage(QWidget):
    """A page whose ``reader`` reads the live feed's changes only while it is shown: a hidden
    page (another tab) marks itself stale and reads once it is shown again, so it never
    delays the shown page's reads on the shared runner.

    ``READ_AT_ONCE_ON_SHOW``: whether that read on showing skips the reader's delay.
    """

    READ_AT_ONCE_ON_SHOW = True
    reader: SnapshotReader[Any]
    _stale = False  # changes came while the page was hidden

    def read_while_shown(self) -> None:
        """Read again a moment later while shown; when hidden, once shown again."""
        if self.isVisible():
            self.reader.request()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        """Shown again after changes while hidden: read them now."""
        super().showEvent(event)
        if self._stale:
            self._stale = False
            if self.READ_AT_ONCE_ON_SHOW:
                self.reader.request_now()
            else:
                self.reader.request()
