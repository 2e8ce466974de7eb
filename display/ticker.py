"""The running text along the bottom of the board.

The text is rendered once into a pixmap. Each frame moves it by a whole number of
pixels with ``QWidget.scroll``: the backing store shifts what is already drawn and only
the strip that comes into view is painted. Frames come 31 times a second (a precise
timer: a coarse one lets the steps vary, which the eye sees as judder), and every frame
moves the text the same number of pixels, so it glides evenly; a frame that comes late
moves it by as many steps as frames were missed, so the speed stays even. At 60 frames
a second, each one painting the whole line, the ticker cost 3.5 % of a core; see
``bench/display.py`` (``ticker``, ``idle_cpu_percent``). The timer stops while the
ticker is hidden or empty.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QElapsedTimer, QPointF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetrics, QHideEvent, QPainter, QPaintEvent, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from display.style import TICKER_BG, TICKER_TEXT

log = logging.getLogger("antrian.display.ticker")

FRAME_MS = 32  # 31 frames a second: at least 30 even when the timer runs a little late
SPEED_HEIGHTS_PER_S = 2.2  # scroll speed in ticker heights per second (rounded to whole pixels per frame)
CATCH_UP_FRAMES = 8  # after a longer stall the text does not leap ahead by more than this
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
        self._offset = 0  # pixels of the text scrolled out on the left (negative: its start not yet in)
        self._due = 0.0  # frames' worth of time not yet scrolled
        self._background = QColor(TICKER_BG)
        self._font = QFont(self.font())
        self._min_px = 8
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._tick)
        self._clock = QElapsedTimer()
        self.frames = 0
        # (perf_counter in ms, offset) per frame, while a benchmark records it.
        self.frame_log: list[tuple[float, int]] | None = None

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
            self._offset = -round(self.height() * 0.4)  # the first word starts clear of the edge
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
        return self.step() * 1000 / FRAME_MS

    def step(self) -> int:
        """Pixels per frame: whole pixels, the same every frame."""
        return max(1, round(self.height() * SPEED_HEIGHTS_PER_S * FRAME_MS / 1000))

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
            self._due = 0.0
            self._clock.start()
            self._timer.start()
        elif not running:
            self._timer.stop()

    def _tick(self) -> None:
        self._due += self._clock.restart() / FRAME_MS
        frames = round(self._due)  # a tick a little early is this frame, not a skipped one
        if frames < 1 or self._period <= 0:
            return
        self._due -= frames
        move = self.step() * min(frames, CATCH_UP_FRAMES)
        self._offset += move
        period = round(self._period)
        if self._offset >= period:
            self._offset -= period
        self.frames += 1
        if self.frame_log is not None:
            self.frame_log.append((time.perf_counter() * 1000, self._offset))
        self.scroll(-move, 0)  # shifts the drawn pixels; paints only the strip coming in

    def paintEvent(self, event: QPaintEvent) -> None:
        """Blit the rendered text at the current offset over the part to paint."""
        painter = QPainter(self)
        area = event.rect()
        pixmap, period = self._pixmap, round(self._period)
        if pixmap is None or period <= 0:
            painter.fillRect(area, self._background)
        else:
            x = -round(self._offset)
            if x > 0:  # before the text's first pass: background on its left
                painter.fillRect(0, 0, x, self.height(), self._background)
            if x < 0:  # the first copy that reaches the area
                x += (area.left() - x) // period * period
            while x <= area.right():
                painter.drawPixmap(x, 0, pixmap)
                x += period
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
