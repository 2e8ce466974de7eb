"""The running text along the bottom of the board.

The text is rendered once. Only the rows its ink covers move: a plain widget (the strip)
whose background is the rendered text, tiled, inside a scroll area the size of those rows.
The scroll area's own horizontal scroll bar moves it, with the repeat action a held arrow
button uses: every ``FRAME_MS`` the bar adds one step, the same whole number of pixels, and
the scroll area moves the strip; Qt shifts the drawn pixels in the backing store and paints
the edge coming in from the brush. No Python runs in a frame, and Qt does not call back
into Python for these widgets either: the scroll area and the strip are made by Qt's own
widget factory (``QUiLoader``), so they are plain C++ objects without the bindings' wrapper,
whose every event and ``metaObject()`` call takes the interpreter's lock. The strip is a
whole number of text periods (about ``SPAN_PX``) wider than the ticker; a slow timer takes
the bar back by whole periods, the same picture, long before it reaches the end. The bar
stops while the ticker is hidden or empty.

The bar's timer is Qt's coarse one, which may fire a millisecond early or late; every
tick still moves exactly one step, so the steps never vary (a varying step is what the eye
sees as judder). A tick that comes late is not caught up: the text waits that frame out.
Measured (``bench/display.py``): 31.2-31.3 frames a second, intervals 29.6-34.4 ms, no
uneven step and no frame later than 48 ms, where the Python timer before had 9-12 late
frames in the same run.

Where a frame's time went, measured (``bench/display.py``, perf): the wake-up and Qt's
event loop, the strip's move (the shift of the moved rows), the edge's paint and the flush.
A timer slot in Python that moved the strip cost about a fifth more, most of it the
interpreter running cold 31 times a second. See "Where time goes" in ``docs/DEVELOPING.md``.
"""

from __future__ import annotations

import logging
import math
import time
from typing import cast

from PySide6.QtCore import QPointF, Qt, QTimer
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
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QAbstractSlider, QFrame, QScrollArea, QSizePolicy, QWidget
from shiboken6 import Shiboken

from display.style import TICKER_BG, TICKER_TEXT

log = logging.getLogger("antrian.display.ticker")

FRAME_MS = 32  # 31 frames a second: at least 30 even when the timer runs a little late
SPEED_HEIGHTS_PER_S = 2.2  # scroll speed in ticker heights per second (rounded to whole pixels per frame)
SPAN_PX = 1 << 20  # the strip runs this far (whole text periods) before the bar is taken back: ~2 h
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
        self._period = 0  # the width of one text and its gap, in pixels (0: nothing to run)
        self._step = 1
        factory = QUiLoader()
        self._area = cast(QScrollArea, factory.createWidget("QScrollArea", self))
        self._strip = factory.createWidget("QWidget", self._area)
        self._strip.setObjectName(STRIP_NAME)
        self._strip.setAutoFillBackground(True)  # opaque: neither the ticker nor the viewport under it is painted
        area = self._area
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys cannot scroll it ...
        area.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)  # ... nor a wheel or a touch
        area.setWidget(self._strip)
        area.hide()
        self._bar = area.horizontalScrollBar()
        self._scrolling = False
        self._frames = 0  # frames counted up to the last time Python set the bar ...
        self._counted_from = 0  # ... and the bar's value then
        self._frame_log: list[tuple[float, int]] | None = None
        self._wrap = QTimer(self)
        self._wrap.setTimerType(Qt.TimerType.VeryCoarseTimer)
        self._wrap.timeout.connect(self._take_back)

    # -- what the benchmark and the tests read ------------------------------------------------
    @property
    def frames(self) -> int:
        """Frames that moved the text since the ticker was made (every frame moves one step)."""
        return self._frames + (self._bar.value() - self._counted_from) // self._step

    @property
    def frame_log(self) -> list[tuple[float, int]] | None:
        """``(perf_counter in ms, offset)`` per frame while a benchmark records; ``None`` otherwise.
        Recording connects a Python slot to the bar, so a frame then runs Python."""
        return self._frame_log

    @frame_log.setter
    def frame_log(self, value: list[tuple[float, int]] | None) -> None:
        if self._frame_log is not None:
            self._bar.valueChanged.disconnect(self._record)
        self._frame_log = value
        if value is not None:
            self._bar.valueChanged.connect(self._record)

    def _record(self, value: int) -> None:
        if self._frame_log is not None and self._period > 0:
            self._frame_log.append((time.perf_counter() * 1000, value % self._period))

    def scrolling(self) -> bool:
        """Whether the text is moving (shown, with text to run)."""
        return self._scrolling

    @property
    def _offset(self) -> int:
        """Pixels of the text scrolled out on the left, below one period."""
        return self._bar.value() % self._period if self._period > 0 else 0

    @_offset.setter
    def _offset(self, value: int) -> None:
        """Show the text from ``value`` (negative: its start ``-value`` pixels in from the left)."""
        self._set_bar(value % self._period if self._period > 0 else 0)

    def _set_bar(self, value: int) -> None:
        """Set the bar from Python, keeping the count of frames."""
        self._frames = self.frames
        self._bar.setValue(value)
        self._counted_from = self._bar.value()

    def _take_back(self) -> None:
        """Bring the bar back by whole periods: the same picture, far from the strip's end."""
        if self._period > 0:
            self._offset = self._bar.value()

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
            self._update_motion()
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
        offset = self._offset
        self._set_bar(0)  # the frame count kept before the step may change
        self._step = self.step()
        self._bar.setSingleStep(self._step)
        if not self._text or self.height() <= 0:
            self._pixmap = None
            self._period = 0
            self._area.hide()
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
        span = width * max(1, SPAN_PX // width)  # whole periods: any value of the bar, taken back by them, looks the same
        self._area.setGeometry(0, top, self.width(), bottom - top)
        self._strip.resize(self.width() + span, bottom - top)
        # The scroll area sets the same range once it lays itself out; a hidden one has not yet.
        self._bar.setRange(0, span)
        self._period = width
        self._set_bar(offset % width)
        # Take the bar back at half the span's travel: it never reaches the end, even late.
        self._wrap.setInterval(min(2**31 - 1, span * FRAME_MS // (2 * self._step)))
        self._area.show()

    def _update_motion(self) -> None:
        self._run(self.isVisible() and self._period > 0)

    def _run(self, running: bool) -> None:
        """Start or stop the bar's repeat action (and the timer that takes it back)."""
        if running == self._scrolling or not Shiboken.isValid(self._bar):  # Qt deletes the bar before the last hide
            return
        self._scrolling = running
        if running:
            self._bar.setRepeatAction(QAbstractSlider.SliderAction.SliderSingleStepAdd, FRAME_MS, FRAME_MS)
            self._wrap.start()
        else:
            self._bar.setRepeatAction(QAbstractSlider.SliderAction.SliderNoAction)
            self._wrap.stop()

    def paintEvent(self, event: QPaintEvent) -> None:
        """The background where the strip is not (above and below the ink, or no text)."""
        painter = QPainter(self)
        painter.fillRect(event.rect(), self._background)
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Render again at the new size."""
        super().resizeEvent(event)
        self._render()
        self._update_motion()

    def showEvent(self, event: QShowEvent) -> None:
        """Start scrolling."""
        super().showEvent(event)
        self._update_motion()

    def hideEvent(self, event: QHideEvent) -> None:
        """Stop scrolling while hidden."""
        super().hideEvent(event)
        self._update_motion()
