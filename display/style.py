"""The board's colours and the painted panel its parts sit on.

A lobby TV is read from afar: light text on a dark navy ground, the called number in
white, counters in amber, the ticker dark on amber. Backgrounds are painted, not styled
with style sheets, so a colour change (the call highlight) costs one repaint.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QWidget

GROUND = "#0a1a31"
HEADER = "#06111f"
PANEL = "#12305a"
PANEL_ALT = "#0f2749"
CALL = "#0d47a1"
FLASH = "#b71c1c"  # white 6.6:1, amber 5:1 on it
PAUSED = "#3b4a55"
TEXT = "#ffffff"
SOFT = "#a9c6ea"
AMBER = "#ffd54f"
TICKER_BG = "#ffd54f"
TICKER_TEXT = "#14202e"
OFFLINE = "#c62828"


def set_text_colour(widget: QWidget, colour: str) -> None:
    """Draw ``widget``'s text (a label's) in ``colour``."""
    pal = widget.palette()
    pal.setColor(QPalette.ColorRole.WindowText, QColor(colour))
    pal.setColor(QPalette.ColorRole.Text, QColor(colour))
    widget.setPalette(pal)


def mix(a: str | QColor, b: str | QColor, t: float) -> QColor:
    """The colour ``t`` of the way from ``a`` to ``b`` (0 → a, 1 → b)."""
    ca, cb = QColor(a), QColor(b)
    t = max(0.0, min(1.0, t))
    return QColor(
        round(ca.red() + (cb.red() - ca.red()) * t),
        round(ca.green() + (cb.green() - ca.green()) * t),
        round(ca.blue() + (cb.blue() - ca.blue()) * t),
    )


class Panel(QWidget):
    """A widget that paints a rounded rectangle of one colour behind its children."""

    def __init__(self, parent: QWidget | None = None, colour: str = PANEL, *, radius_ratio: float = 0.06) -> None:
        super().__init__(parent)
        self._colour = QColor(colour)
        self._border: QColor | None = None
        self._radius_ratio = radius_ratio
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)

    def colour(self) -> QColor:
        """The background colour."""
        return QColor(self._colour)

    def set_colour(self, colour: str | QColor) -> None:
        """Paint the background in ``colour`` from now on."""
        c = QColor(colour)
        if c != self._colour:
            self._colour = c
            self.update()

    def set_border(self, colour: str | QColor | None) -> None:
        """Draw a frame in ``colour`` (None: no frame)."""
        c = QColor(colour) if colour is not None else None
        if c != self._border:
            self._border = c
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint the rounded background (and frame)."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        radius = min(self.width(), self.height()) * self._radius_ratio
        rect = QRectF(self.rect())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._colour)
        painter.drawRoundedRect(rect, radius, radius)
        if self._border is not None:
            width = max(3.0, min(self.width(), self.height()) * 0.035)
            pen = painter.pen()
            pen.setStyle(Qt.PenStyle.SolidLine)
            pen.setColor(self._border)
            pen.setWidthF(width)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            half = width / 2
            painter.drawRoundedRect(rect.adjusted(half, half, -half, -half), radius, radius)
        painter.end()
