"""The ticker's motion (the same whole-pixel step every frame, no Python in a frame, the
bar taken back by whole periods) and its picture: what Qt composes from scrolled pixels and
painted edges is what a fresh paint shows."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import Shiboken

from display.style import TICKER_BG
from display.ticker import STRIP_NAME, Ticker, ink_rows, step_px

TEXT = "Selamat datang di layanan tatap muka. Layanan ini tidak dipungut biaya."


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


def scrolling_ticker(qtbot: QtBot) -> tuple[QWidget, Ticker]:
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(1366, 768)
    ticker = Ticker(window)
    ticker.setGeometry(0, 768 - 50, 1366, 50)
    window.show()
    qtbot.waitExposed(window)
    ticker.setText(TEXT)
    return window, ticker


def test_scrolled_frames_show_what_a_fresh_paint_shows(qtbot: QtBot) -> None:
    window, ticker = scrolling_ticker(qtbot)
    period = round(ticker._period)
    for start in (ticker._offset, period - 4 * ticker.step()):  # from the first pass, and across the wrap
        ticker._offset = start
        frames = ticker.frames
        qtbot.waitUntil(lambda frames=frames: ticker.frames >= frames + 8)
        ticker._run(False)
        assert shown(window, ticker) == drawn_at(ticker, ticker._offset) == fresh(ticker)
        ticker._run(True)
    assert ticker._offset < period


def test_every_frame_moves_one_step_and_runs_no_python(qtbot: QtBot) -> None:
    _, ticker = scrolling_ticker(qtbot)
    area = ticker.findChild(QScrollArea)
    strip = ticker.findChild(QWidget, STRIP_NAME)
    assert area is not None and strip is not None
    # Made by Qt's widget factory, not by Python: Qt calls no Python for their events.
    assert not Shiboken.createdByPython(area) and not Shiboken.createdByPython(strip)
    bar = area.horizontalScrollBar()
    assert bar.receivers("2valueChanged(int)") == 1  # the scroll area's own: no slot in Python
    ticker.frame_log = []
    qtbot.waitUntil(lambda: len(ticker.frame_log or []) >= 10)
    offsets = [offset for _, offset in ticker.frame_log or []]
    ticker.frame_log = None
    assert bar.receivers("2valueChanged(int)") == 1
    period = round(ticker._period)
    assert {(b - a) % period for a, b in zip(offsets, offsets[1:], strict=False)} == {ticker.step()}


def test_the_bar_is_taken_back_by_whole_periods(qtbot: QtBot) -> None:
    window, ticker = scrolling_ticker(qtbot)
    ticker._run(False)
    bar = ticker.findChild(QScrollArea).horizontalScrollBar()  # type: ignore[union-attr]
    period = round(ticker._period)
    assert bar.maximum() >= 100 * period  # the strip runs far before it needs taking back
    near_end = bar.maximum() - 2 * period + 17
    ticker._set_bar(near_end)
    frames = ticker.frames
    far = shown(window, ticker)
    assert far == drawn_at(ticker, 17) == fresh(ticker)
    ticker._take_back()
    assert bar.value() == 17 and ticker.frames == frames
    assert shown(window, ticker) == far


def test_the_picture_is_the_text_drawn_at_the_offset(qtbot: QtBot) -> None:
    ticker = Ticker()
    qtbot.addWidget(ticker)
    ticker.resize(1366, 50)
    ticker.show()
    ticker.setText(TEXT)
    ticker._run(False)
    for offset in (-20, 0, 333, round(ticker._period) - 1):
        ticker._offset = offset
        assert fresh(ticker) == drawn_at(ticker, offset)
    # Only the rows with ink move: the strip is lower than the ticker.
    strip = ticker.findChild(QWidget, STRIP_NAME)
    assert strip is not None and 0 < strip.height() < ticker.height()
