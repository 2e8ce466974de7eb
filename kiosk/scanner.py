"""A USB barcode scanner, told apart from a person at a keyboard by its speed.

A scanner in keyboard mode types what it read and Enter, a few milliseconds a key.
:class:`ScannerFilter` watches every key press the application delivers: printable
characters arriving less than ``gap_ms`` apart are collected, and an Enter that follows
the last of at least ``min_chars`` of them emits ``scanned(text)`` (and is swallowed, so
the page under it does not act on it too). A slower key starts the collection again, so
a person typing, a stray key or a keyboard left on the kiosk never counts as a scan.

The time of a key is the event's own timestamp (when the device sent it, as the window
system stamps it), so a kiosk busy painting a page while the keys queue up still sees a
scanner's rhythm; events without one (synthesised by tests) are timed on arrival.

The characters themselves are not swallowed: a page that takes typing (the check-in
keypad) sees them as well, and whoever handles ``scanned`` replaces what was typed.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

GAP_MS = 50.0  # a person needs well over 80 ms from one key to the next
MIN_CHARS = 4
MAX_CHARS = 200  # a QR code with a link in it is longer than a code, never this long
_ENTER = {Qt.Key.Key_Return, Qt.Key.Key_Enter}
_MODIFIER_KEYS = {Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta, Qt.Key.Key_AltGr,
                  Qt.Key.Key_CapsLock}
_COMMAND = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier


class ScannerFilter(QObject):
    """An application event filter emitting ``scanned(text)`` for each fast burst ended by Enter.

    ``active(text)`` says whether the burst ``text`` is wanted as a scan now (the kiosk: on the
    home screen or the check-in pages); when it is not, its Enter goes on as any other key. With ``scope``,
    only keys for that window count (a second window in the process has its own filter).
    """

    scanned = Signal(str)

    def __init__(self, parent: QObject | None = None, *, gap_ms: float = GAP_MS, min_chars: int = MIN_CHARS,
                 active: Callable[[str], bool] = lambda _text: True, clock: Callable[[], float] = time.perf_counter,
                 scope: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scope = scope
        self.gap = gap_ms / 1000
        self.min_chars = min_chars
        self.active = active
        self._clock = clock
        self._chars: list[str] = []
        self._last = 0.0
        # A key nobody takes travels up the widget tree, past this filter once per widget:
        # the same press is counted once, until a release (every real key has one) comes.
        self._seen: tuple[int, int, str] | None = None

    def reset(self) -> None:
        """Forget the characters collected so far."""
        self._chars = []
        self._seen = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Collect fast printable keys; on Enter after enough of them, emit ``scanned``."""
        kind = event.type()
        if kind == QEvent.Type.KeyRelease:
            self._seen = None
            return False
        if kind != QEvent.Type.KeyPress or not isinstance(watched, QWidget) or not isinstance(event, QKeyEvent):
            return False
        if not event.spontaneous():
            return False  # sent by the program (the on-screen keypad's keys), not by a device
        if self.scope is not None and watched.window() is not self.scope:
            return False
        seen = (event.key(), event.timestamp(), event.text())
        if seen == self._seen:
            return False  # the same press again, on its way to a parent
        self._seen = seen
        return self._key(event)

    def _key(self, event: QKeyEvent) -> bool:
        if event.key() in _MODIFIER_KEYS:
            return False  # a scanner presses Shift before each capital letter
        now = event.timestamp() / 1000 if event.timestamp() else self._clock()
        fast = bool(self._chars) and now - self._last <= self.gap
        text = event.text()
        if event.key() in _ENTER:
            chars, self._chars = self._chars, []
            text = "".join(chars)
            if fast and len(chars) >= self.min_chars and self.active(text):
                self.scanned.emit(text)
                return True
            return False
        if text and text.isprintable() and not event.modifiers() & _COMMAND:
            if not fast:
                self._chars = []
            if len(self._chars) < MAX_CHARS:
                self._chars.append(text)
            self._last = now
            return False
        self._chars = []  # any other key (an arrow, a function key) ends a burst
        return False
