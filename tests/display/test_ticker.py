"""The ticker's motion (even whole-pixel steps, catch-up, wrap) and its picture: what Qt
composes from scrolled pixels and painted edges is what a fresh paint shows."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from display.style import TICKER_BG
from display.ticker import CATCH_UP_FRAMES, FRAME_MS, Motion, Ticker, ink_rows, step_px

TEXT = "Selamat datang di layanan tatap muka. Layanan ini tidak dipungut biaya."


def motion(period: int = 1000, step: int = 5) -> Motion:
    m = Motion()
    m.period, m.step = period, step
    m.log = []
    return m


def test_every_frame_moves_the_same_whole_pixels() -> None:
    m = motion()
    moves = [m.advance(FRAME_MS * f) for f in (1.0, 0.9, 1.1, 1.0, 0.6, 1.4)]  # a timer a little early or late
    assert moves == [5] * 6
    assert m.offset == 30 and m.frames == 6 and len(m.log or []) == 6


def test_a_late_frame_catches_up_and_an_early_tick_waits() -> None:
    m = motion()
    assert m.advance(FRAME_MS * 0.4) == 0  # too early: no frame, the time is kept
    assert m.advance(FRAME_MS * 0.6) == 5
    assert m.advance(FRAME_MS * 3) == 15  # two frames missed: the speed stays the same
    assert m.advance(FRAME_MS * 100) == 5 * CATCH_UP_FRAMES  # after a long stall no leap
    assert m.frames == 3


def test_the_offset_goes_round_the_period() -> None:
    m = motion(period=12)
    offsets = []
    for _ in range(5):
        m.advance(FRAME_MS)
        offsets.append(m.offset)
    assert offsets == [5, 10, 3, 8, 1]


def test_no_text_no_motion() -> None:
    m = motion(period=0)
    assert m.advance(FRAME_MS * 2) == 0 and m.frames == 0


def test_step_is_whole_pixels_at_the_boards_heights() -> None:
    assert step_px(70) == 5  # the 1920×1080 board
    assert step_px(1) == 1
    assert all(isinstance(step_px(h), int) and step_px(h) >= 1 for h in range(1, 200))


def test_ink_rows_are_the_rows_that_are_not_background(qapp: QApplication) -> None:  # QBitmap needs the app
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor(TICKER_BG))
    painter = QPainter(image)
    painter.fillRect(10, 8, 3, 12, QColor("#14202e"))
    painter.end()
    assert ink_rows(image, QColor(TICKER_BG)) == (8, 20)
    image.fill(QColor(TICKER_BG))
    assert ink_rows(image, QColor(TICKER_BG)) == (0, 30)


def shown(window: QWidget, ticker: Ticker) -> QImage:
    """What the window's backing store holds where the ticker is (offscreen: the screen)."""
    QApplication.processEvents()
    corner = ticker.mapTo(window, ticker.rect().topLeft())
    grabbed = window.screen().grabWindow(window.winId(), corner.x(), corner.y(), ticker.width(), ticker.height())
    return grabbed.toImage().convertToFormat(QImage.Format.Format_RGB32)


def fresh(ticker: Ticker) -> QImage:
    return ticker.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def drawn_at(ticker: Ticker, offset: int) -> QImage:
    """The rendered text drawn from ``offset``, copy after copy, on the background: the look."""
    text = ticker.strip_pixmap()
    assert text is not None
    expected = QImage(ticker.width(), ticker.height(), QImage.Format.Format_RGB32)
    expected.fill(QColor(TICKER_BG))
    painter = QPainter(expected)
    x = -offset
    while x < ticker.width():
        painter.drawPixmap(x, 0, text)
        x += round(ticker._period)
    painter.end()
    return expected


def test_scrolled_frames_show_what_a_fresh_paint_shows(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(1366, 768)
    ticker = Ticker(window)
    ticker.setGeometry(0, 768 - 50, 1366, 50)
    window.show()
    qtbot.waitExposed(window)
    ticker.setText(TEXT)
    period = round(ticker._period)
    for start in (ticker._offset, period - 4 * ticker.step()):  # from the first pass, and across the wrap
        ticker._offset = start
        frames = ticker.frames
        qtbot.waitUntil(lambda frames=frames: ticker.frames >= frames + 8)
        ticker._timer.stop()
        assert shown(window, ticker) == drawn_at(ticker, ticker._offset) == fresh(ticker)
        ticker._timer.start()
    assert ticker._offset < period


def test_the_picture_is_the_text_drawn_at_the_offset(qtbot: QtBot) -> None:
    ticker = Ticker()
    qtbot.addWidget(ticker)
    ticker.resize(1366, 50)
    ticker.show()
    ticker.setText(TEXT)
    ticker._timer.stop()
    for offset in (-20, 0, 333, round(ticker._period) - 1):
        ticker._offset = offset
        assert fresh(ticker) == drawn_at(ticker, offset)
    # Only the rows with ink move: the strip is lower than the ticker.
    strip = ticker.findChild(QWidget)
    assert strip is not None and 0 < strip.height() < ticker.height()
