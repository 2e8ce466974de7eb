"""The running text along the bottom of the board.

The text is rendered once into a pixmap; each frame only blits it at a new offset, so
scrolling costs little CPU. The offset follows elapsed time (not the number of timer
ticks), so the speed stays even when a frame comes late. The timer stops while the
ticker is hidden or empty.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QElapsedTimer, QPointF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetrics, QHideEvent, QPainter, QPaintEvent, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from display.style import TICKER_BG, TICKER_TEXT

log = logging.getLogger("antrian.display.ticker")

FRAME_MS = 16
SPEED_HEIGHTS_PER_S = 2.2  # scroll speed in ticker heights per second
GAP = "          •          "


NOTICE_SEPARATOR = " • "  # one line of text: runs of spaces are folded, so a bullet marks the join


def running_text(ticker: str, notice: str, ikm: str = "") -> str:
    """The ticker's text: today's notice from the supervisor first, then the site's own text,
    then the IKM line (:mod:`display.ikm`) when the board shows one."""
    parts = (" ".join(part.split()) for part in (notice, ticker, ikm))
    return NOTICE_SEPARATOR.join(part for part in parts if part)


class Ticker(QWidget):
    """Scrolls one line of text from right to left, endlessly."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self._text = ""
        self._pixmap: QPixmap | None = None
        self._period = 0.0  # width of one text + gap, in pixels
        self._offset = 0.0
        self._font = QFont(self.font())
        self._min_px = 8
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._tick)
        self._clock = QElapsedTimer()
        self.frames = 0

    def text(self) -> str:
        """The running text."""
        return self._text

    def ticker_font(self) -> QFont:
        """The font the text is drawn with."""
        return QFont(self._font)

    def setText(self, text: str) -> None:
        """Run ``text`` (one line; line breaks become spaces)."""
        text = " ".join(text.split())
        if text != self._text:
            log.info("ticker text: %s", text, extra={"event": "ticker_text", "text": text})
            self._text = text
            self._render()
            self._offset = -self.height() * 0.4  # the first word starts clear of the edge
            self._update_timer()
            self.update()

    def set_min_px(self, px: int) -> None:
        """The text is never drawn smaller than ``px`` pixels."""
        if px != self._min_px:
            self._min_px = px
            self._render()
            self.update()

    def speed(self) -> float:
        """Pixels per second."""
        return self.height() * SPEED_HEIGHTS_PER_S

    def _render(self) -> None:
        if not self._text or self.height() <= 0:
            self._pixmap = None
            return
        font = QFont(self.font())
        font.setPixelSize(max(self._min_px, round(self.height() * 0.6)))
        fm = QFontMetrics(font)
        while font.pixelSize() > self._min_px and fm.height() > self.height():
            font.setPixelSize(font.pixelSize() - 1)
            fm = QFontMetrics(font)
        self._font = font
        unit = self._text + GAP
        width = fm.horizontalAdvance(unit)
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(max(1, round(width * ratio)), max(1, round(self.height() * ratio)))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(QColor(TICKER_BG))
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setFont(font)
        painter.setPen(QColor(TICKER_TEXT))
        baseline = (self.height() - fm.height()) / 2 + fm.ascent()
        painter.drawText(QPointF(0, baseline), unit)
        painter.end()
        self._pixmap = pixmap
        self._period = float(width)

    def _update_timer(self) -> None:
        running = self.isVisible() and self._pixmap is not None
        if running and not self._timer.isActive():
            self._clock.start()
            self._timer.start()
        elif not running:
            self._timer.stop()

    def _tick(self) -> None:
        elapsed = self._clock.restart()
        if self._period <= 0:
            return
        self._offset += self.speed() * min(elapsed, 250) / 1000.0
        if self._offset >= self._period:
            self._offset -= self._period
        self.frames += 1
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Blit the rendered text at the current offset, as often as it takes to fill the width."""
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(TICKER_BG))
        if self._pixmap is not None and self._period > 0:
            x = -round(self._offset)
            while x < self.width():
                painter.drawPixmap(x, 0, self._pixmap)
                x += round(self._period)
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Render again at the new height."""
        super().resizeEvent(event)
        self._render()
        self._update_timer()

    def showEvent(self, event: QShowEvent) -> None:
        """Start scrolling."""
        super().showEvent(event)
        self._update_timer()

    def hideEvent(self, event: QHideEvent) -> None:
        """Stop scrolling while hidden."""
        super().hideEvent(event)
        self._update_timer()
