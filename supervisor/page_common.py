"""What the console's reading pages (floor, audit log, reports) share: the look of their
status line, and leaving the live feed when the window goes away."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel

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
