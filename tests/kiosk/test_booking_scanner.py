"""The scanner filter alone, on plain widgets: fast bursts ended by Enter are scans; a person's
typing, short bursts, a burst without Enter and keys while no scan is wanted are not."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from kiosk.scanner import ScannerFilter

# Back to back: QTest's keys carry no timestamp and are timed on arrival, where a loaded machine
# can stretch even a 2 ms wait; the rhythm by the events' own timestamps is tested below.
FAST, SLOW = 0, 120


class Setup:
    """A window with a label-less child nobody types into, and a line edit that takes typing."""

    def __init__(self, qtbot: Any) -> None:
        self.window = QWidget()
        self.plain = QWidget(self.window)
        self.edit = QLineEdit(self.window)
        layout = QVBoxLayout(self.window)
        layout.addWidget(self.plain)
        layout.addWidget(self.edit)
        qtbot.addWidget(self.window)
        self.window.show()
        self.wanted = True
        self.filter = ScannerFilter(active=lambda _text: self.wanted)
        self.scans: list[str] = []
        self.filter.scanned.connect(self.scans.append)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self.filter)

    def close(self) -> None:
        app = QApplication.instance()
        assert app is not None
        app.removeEventFilter(self.filter)


def keys(target: QWidget, text: str, delay: int, enter: bool = True) -> None:
    QTest.keyClicks(target, text, Qt.KeyboardModifier.NoModifier, delay)
    if enter:
        QTest.keyClick(target, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, delay)


def test_fast_burst_is_a_scan_once_even_when_nobody_takes_the_keys(qtbot: Any) -> None:
    s = Setup(qtbot)
    try:
        keys(s.plain, "K7P-4QX", FAST)  # nobody takes these: each press travels up to the window
        assert s.scans == ["K7P-4QX"]
        keys(s.plain, "abcd", FAST)
        assert s.scans == ["K7P-4QX", "abcd"]
    finally:
        s.close()


def test_slow_short_unended_and_unwanted_bursts_are_no_scan(qtbot: Any) -> None:
    s = Setup(qtbot)
    try:
        keys(s.plain, "K7P4QX", SLOW)  # a person
        keys(s.plain, "K7P", FAST)  # too short
        keys(s.plain, "K7P4QX", FAST, enter=False)
        QTest.qWait(SLOW)
        QTest.keyClick(s.plain, Qt.Key.Key_Return)  # an Enter long after the burst
        keys(s.plain, "K7P4", FAST, enter=False)
        QTest.keyClick(s.plain, Qt.Key.Key_Left, Qt.KeyboardModifier.NoModifier, FAST)  # a burst broken by an arrow
        keys(s.plain, "QX", FAST)
        s.wanted = False
        keys(s.plain, "K7P4QX", FAST)
        assert s.scans == []
    finally:
        s.close()


def test_the_enter_of_a_scan_is_taken_the_characters_are_not(qtbot: Any) -> None:
    s = Setup(qtbot)
    try:
        returns: list[bool] = []
        s.edit.returnPressed.connect(lambda: returns.append(True))
        s.edit.setFocus()
        keys(s.edit, "K7P4QX", FAST)
        assert s.scans == ["K7P4QX"] and s.edit.text() == "K7P4QX" and returns == []
        s.edit.clear()
        keys(s.edit, "ab", SLOW)  # typing: Enter reaches the field
        assert returns == [True] and s.edit.text() == "ab"
    finally:
        s.close()


def test_keys_the_program_sends_are_no_scan(qtbot: Any) -> None:
    """The on-screen keypad types by sending key events: however fast, they are no scanner's."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    s = Setup(qtbot)
    try:
        for key, text in [(Qt.Key.Key_unknown, ch) for ch in "K7P4QX"] + [(Qt.Key.Key_Return, "\r")]:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(s.plain, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))
        assert s.scans == []
    finally:
        s.close()


def test_the_window_systems_timestamps_are_the_rhythm(qtbot: Any) -> None:
    """A device's keys carry their own times: a kiosk busy for 200 ms in the middle of a scan still
    sees 5 ms from key to key; a person's 150 ms stay 150 ms however fast they arrive."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    filter_ = ScannerFilter(clock=lambda: 1000.0)  # arrival time: all at once
    scans: list[str] = []
    filter_.scanned.connect(scans.append)

    def press(text: str, at_ms: int, key: Qt.Key = Qt.Key.Key_unknown) -> bool:
        event = QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, text)
        event.setTimestamp(at_ms)
        return filter_._key(event)

    for i, ch in enumerate("K7P4QX"):
        press(ch, 10_000 + 5 * i)
    assert press("\r", 10_030, Qt.Key.Key_Return) and scans == ["K7P4QX"]
    for i, ch in enumerate("K7P4QX"):
        press(ch, 20_000 + 150 * i)
    assert not press("\r", 20_900, Qt.Key.Key_Return) and scans == ["K7P4QX"]
