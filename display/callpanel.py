"""The big panel: the number being called, very large, and where to go.

A new call (or a recall) flashes the panel for a few seconds. The panel reports when a
number has actually been painted (``painted(label)``), which is when the board counts
as updated.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from display import texts  # noqa: F401 - registers the board's texts
from display.fit import FitLabel
from display.style import AMBER, CALL, FLASH, SOFT, TEXT, Panel, mix, set_text_colour
from ui.i18n import tr

FLASH_MS = 6000
FLASH_PULSES = 4
FLASH_FRAME_MS = 50


class NumberLabel(FitLabel):
    """The huge number; emits ``painted(text)`` after each paint that showed a new text."""

    painted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent, fill=0.92, bold=True, align=Qt.AlignmentFlag.AlignCenter)
        self._reported: str | None = None

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint, then tell once per new text."""
        super().paintEvent(event)
        if self._reported != self.full_text():
            self._reported = self.full_text()
            self.painted.emit(self._reported)

    def forget_reported(self) -> None:
        """Report the next paint even if the text is unchanged (a recall of the same number)."""
        self._reported = None


class CallPanel(Panel):
    """Title, the called number, "→ Loket 2" and the service name; flashes on a call."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, CALL, radius_ratio=0.04)
        self.title = FitLabel("", self, fill=0.7, align=Qt.AlignmentFlag.AlignCenter)
        self.number = NumberLabel(self)
        self.counter = FitLabel("", self, fill=0.85, bold=True, align=Qt.AlignmentFlag.AlignCenter)
        self.service = FitLabel("", self, fill=0.7, align=Qt.AlignmentFlag.AlignCenter)
        set_text_colour(self.title, SOFT)
        set_text_colour(self.number, TEXT)
        set_text_colour(self.counter, AMBER)
        set_text_colour(self.service, SOFT)
        self._layout = QVBoxLayout(self)
        self._layout.setSpacing(0)
        for widget, stretch in ((self.title, 10), (self.number, 58), (self.counter, 22), (self.service, 10)):
            self._layout.addWidget(widget, stretch)
        # A colour pulse needs no 60 frames a second: 20 keep it smooth at a third of the CPU.
        self._flash = QTimer(self)
        self._flash.setInterval(FLASH_FRAME_MS)
        self._flash.timeout.connect(self._on_flash)
        self._flash_clock = QElapsedTimer()
        self._recall = False
        self.show_idle()

    def resizeEvent(self, event: object) -> None:
        """Margins follow the panel's size."""
        m = round(min(self.width(), self.height()) * 0.04)
        self._layout.setContentsMargins(m, m // 2, m, m)
        super().resizeEvent(event)  # type: ignore[arg-type]

    def show_call(self, label: str, counter_name: str, service_name: str, *, recall: bool = False,
                  flash: bool = True) -> None:
        """Show a call; ``flash`` highlights it (a new call or a recall, not a re-read)."""
        self._recall = recall
        self.title.setText(tr("board_recalled" if recall else "board_now_calling"))
        self.number.setText(label)
        self.counter.setText(tr("board_go_to", counter=counter_name))
        self.service.setText(service_name)
        if flash:
            self.number.forget_reported()
            self.number.update()
            self._flash_clock.start()
            self._flash.start()

    def show_idle(self, text: str | None = None) -> None:
        """No call yet today: a dash and a line of text."""
        self._recall = False
        self.title.setText(tr("board_now_calling"))
        self.number.setText("—")
        self.counter.setText("")
        self.service.setText(text if text is not None else tr("board_no_calls"))

    def retranslate(self) -> None:
        """Re-set the title in the current language."""
        self.title.setText(tr("board_recalled" if self._recall else "board_now_calling"))

    def flashing(self) -> bool:
        """True while the highlight runs."""
        return self._flash.isActive()

    def _on_flash(self) -> None:
        t = self._flash_clock.elapsed() / FLASH_MS
        if t >= 1.0:
            self._flash.stop()
            self.set_colour(CALL)
            return
        pulse = 0.5 - 0.5 * math.cos(2 * math.pi * FLASH_PULSES * t)
        self.set_colour(mix(CALL, FLASH, pulse * (1.0 - t * 0.3)))
