"""The running text along the bottom of the board.

The text is rendered once. Only the rows its ink covers move: a plain ``QWidget`` child
(the strip) whose background is the rendered text, tiled, one text period wider than
the ticker. Each frame the timer's slot moves the strip left by the same whole number
of pixels; Qt shifts what is already drawn in the backing store and paints the edge
that comes into view from the brush, without calling into Python. Frames come 31 times
a second (a precise timer: a coarse one lets the steps vary, which the eye sees as
judder); a frame that comes late moves the text by as many steps as frames were missed,
so the speed stays even (:class:`Motion`). The timer stops while the ticker is hidden
or empty.

Where a frame's time went, measured (``bench/display.py``, perf, counted paint events):
the timer's wake-up and Qt's event loop, the shift of the moved rows, the edge's paint
and the flush. A ``paintEvent`` written in Python added about half as much again, and
attribute look-ups on a Qt object in the slot were a visible share; neither is in the
frame any more. See "Where time goes" in ``docs/DEVELOPING.md``.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, QPointF, Qt, QTimer
from PySide6.QtGui import (
    QBitmap,
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QHideEvent,
    QImage,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
    QRegion,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from display.style import TICKER_BG, TICKER_TEXT

log = logging.getLogger("antrian.display.ticker")

FRAME_MS = 32  # 31 frames a second: at least 30 even when the timer runs a little late
SPEED_HEIGHTS_PER_S = 2.2  # scroll speed in ticker heights per second (rounded to whole pixels per frame)
CATCH_UP_FRAMES = 8  # after a longer stall the text does not leap ahead by more than this
GAP = "          •          "
STRIP_NAME = "ticker-strip"  # the moving strip's object name: it runs past the ticker's ends, clipped


NOTICE_SEPARATOR = " • "  # one line of text: runs of spaces are folded, so a bullet marks the join


def running_text(ticker: str, notice: str, ikm: str = "") -> str:
    """The ticker's text: today's notice from the supervisor first, then the site's own text,
    then the IKM line (:mod:`display.ikm`) when the board shows one."""
    parts = (" ".join(part.split()) for part in (notice, ticker, ikm))
    return NOTICE_SEPARATOR.join(part for part in parts if part)


def step_px(height: int) -> int:
    """Pixels per frame for a ticker ``height`` pixels tall: whole pixels, the same every frame."""
    return max(1, round(height * SPEED_HEIGHTS_PER_S * FRAME_MS / 1000))


class Motion:
    """Where the text is and how far each frame moves it; plain Python, no Qt.

    ``offset`` is the pixels of the text scrolled out on the left (negative: its start not
    yet in), always below ``period`` (the width of one text and its gap).
    """

    __slots__ = ("due", "frames", "log", "offset", "period", "step", "top")

    def __init__(self) -> None:
        self.offset = 0
        self.period = 0
        self.step = 1
        self.top = 0  # the first row of the strip (the rows the text's ink covers)
        self.due = 0.0  # frames' worth of time not yet scrolled
        self.frames = 0  # frames that moved the text
        self.log: list[tuple[float, int]] | None = None  # (perf_counter in ms, offset) per frame, for a benchmark

    def advance(self, elapsed_ms: float) -> int:
        """Account for ``elapsed_ms`` since the last frame; the pixels to move now (0: none)."""
        self.due += elapsed_ms / FRAME_MS
        frames = round(self.due)  # a tick a little early is this frame, not a skipped one
        if frames < 1 or self.period <= 0:
            return 0
        self.due -= frames
        move = self.step * min(frames, CATCH_UP_FRAMES)
        self.offset += move
        if self.offset >= self.period:  # one period back: the same picture
            self.offset -= self.period
        self.frames += 1
        if self.log is not None:
            self.log.append((time.perf_counter() * 1000, self.offset))
        return move


def ink_rows(image: QImage, background: QColor) -> tuple[int, int]:
    """The rows of ``image`` that are not all ``background``: the first and one past the last
    (all rows when there are none). Only these rows of the ticker move; the rest stay."""
    mask = image.createMaskFromColor(background.rgb(), Qt.MaskMode.MaskInColor)
    ink = QRegion(QBitmap.fromImage(mask)).boundingRect()  # the bitmap's region: what is not background
    if ink.isEmpty():
        return 0, image.height()
    return ink.top(), ink.bottom() + 1


class Ticker(QWidget):
    """Scrolls one line of text from right to left, endlessly."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self._text = ""
        self._pixmap: QPixmap | None = None  # one text and its gap
        self._background = QColor(TICKER_BG)
        self._font = QFont(self.font())
        self._min_px = 8
        self._motion = Motion()
        # The moving strip: a plain QWidget whose background is the text, tiled. Qt paints the
        # edge coming in by itself, without calling Python (a paintEvent in Python cost about
        # half as much again as Qt's own frame). Opaque, so the ticker under it is not painted.
        self._strip = QWidget(self)
        self._strip.setObjectName(STRIP_NAME)
        self._strip.setAutoFillBackground(True)
        self._strip.hide()
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(FRAME_MS)
        self._clock = QElapsedTimer()
        self._timer.timeout.connect(self._frame_slot())

    def _frame_slot(self) -> Callable[[], None]:
        """The timer's slot. It holds what a frame needs in local names, because every
        attribute read on a Qt object from Python costs a trip through the bindings."""
        motion, restart, move = self._motion, self._clock.restart, self._strip.move
        advance = motion.advance

        def frame() -> None:
            if advance(restart()):
                # Qt shifts the drawn pixels of the strip's rows and paints the edge coming in.
                move(-motion.offset, motion.top)

        return frame

    # -- what the benchmark and the tests read ------------------------------------------------
    @property
    def frames(self) -> int:
        """Frames that moved the text since the ticker was made."""
        return self._motion.frames

    @property
    def frame_log(self) -> list[tuple[float, int]] | None:
        """``(perf_counter in ms, offset)`` per frame while a benchmark records; ``None`` otherwise."""
        return self._motion.log

    @frame_log.setter
    def frame_log(self, value: list[tuple[float, int]] | None) -> None:
        self._motion.log = value

    @property
    def _offset(self) -> int:
        """Pixels of the text scrolled out on the left (negative: its start not yet in)."""
        return self._motion.offset

    @_offset.setter
    def _offset(self, value: int) -> None:
        period = self._motion.period
        self._motion.offset = value % period if period > 0 and value >= period else value
        self._strip.move(-self._motion.offset, self._motion.top)

    @property
    def _period(self) -> float:
        """The width of one text and its gap, in pixels."""
        return float(self._motion.period)

    # -- text ----------------------------------------------------------------------------------
    def text(self) -> str:
        """The running text."""
        return self._text

    def ticker_font(self) -> QFont:
        """The font the text is drawn with."""
        return QFont(self._font)

    def strip_pixmap(self) -> QPixmap | None:
        """The rendered text and its gap, once (``None``: nothing to run)."""
        return self._pixmap

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
        return step_px(self.height())

    def _render(self) -> None:
        """The text and its gap into a pixmap; the rows with ink become the strip's tiled background."""
        motion = self._motion
        motion.step = self.step()
        if not self._text or self.height() <= 0:
            self._pixmap = None
            motion.period = 0
            self._strip.hide()
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
        pixmap.fill(self._background)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setFont(font)
        painter.setPen(QColor(TICKER_TEXT))
        painter.drawText(QPointF(0, (self.height() - fm.height()) / 2 + fm.ascent()), unit)
        painter.end()
        self._pixmap = pixmap
        first, end = ink_rows(pixmap.toImage(), self._background)
        top, bottom = math.floor(first / ratio), min(self.height(), math.ceil(end / ratio))  # whole logical rows
        band = pixmap.copy(0, round(top * ratio), pixmap.width(), round((bottom - top) * ratio))
        band.setDevicePixelRatio(ratio)
        palette = self._strip.palette()
        palette.setBrush(QPalette.ColorRole.Window, QBrush(band))  # tiled from the strip's left edge
        self._strip.setPalette(palette)
        motion.period, motion.top = width, top
        if motion.offset >= width:
            motion.offset %= width
        # One period wider than the ticker: from any offset in a period it covers the ticker's width.
        self._strip.setGeometry(-motion.offset, top, self.width() + width, bottom - top)
        self._strip.show()

    def _update_timer(self) -> None:
        running = self.isVisible() and self._pixmap is not None
        if running and not self._timer.isActive():
            self._motion.due = 0.0
            self._clock.start()
            self._timer.start()
        elif not running:
            self._timer.stop()

    def paintEvent(self, event: QPaintEvent) -> None:
        """The background where the strip is not (before the text's first pass, or no text)."""
        painter = QPainter(self)
        painter.fillRect(event.rect(), self._background)
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Render again at the new size."""
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
