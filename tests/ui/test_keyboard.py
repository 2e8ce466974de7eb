"""The on-screen keyboard types into a line or a text box as a physical keyboard would."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from ui.i18n import translator
from ui.keyboard import BACKSPACE, SHIFT, SPACE, OnScreenKeyboard


def test_typing_with_shift_space_and_backspace(qtbot: QtBot) -> None:
    keyboard = OnScreenKeyboard()
    qtbot.addWidget(keyboard)
    pressed: list[str] = []
    keyboard.pressed.connect(pressed.append)
    keyboard.press("x")  # no target yet: nothing typed, the press still reported
    for target in (QLineEdit(), QPlainTextEdit()):
        keyboard.set_target(target)
        for key in (SHIFT, "b", "a", "i", "k", SPACE, "1", "?", "?", BACKSPACE):
            keyboard.press(key)
        text = target.text() if isinstance(target, QLineEdit) else target.toPlainText()
        assert text == "Baik 1?"
    assert pressed[:2] == ["x", SHIFT] and len(pressed) == 21


def test_shift_shows_capitals_until_a_letter_is_typed(qtbot: QtBot) -> None:
    keyboard = OnScreenKeyboard()
    qtbot.addWidget(keyboard)
    keyboard.set_target(QLineEdit())
    keyboard.keys[SHIFT].click()
    assert keyboard.shifted and keyboard.keys["q"].text() == "Q"
    keyboard.keys["q"].click()
    assert not keyboard.shifted and keyboard.keys["q"].text() == "q"


def test_the_line_own_limit_applies(qtbot: QtBot) -> None:
    keyboard = OnScreenKeyboard(rows=("ABC", "123"), specials=(BACKSPACE,))
    qtbot.addWidget(keyboard)
    line = QLineEdit()
    line.setMaxLength(3)
    keyboard.set_target(line)
    for key in ("A", "1", "2", "3", BACKSPACE, "3"):
        keyboard.press(key)
    assert line.text() == "A13"
    assert SHIFT not in keyboard.keys and SPACE not in keyboard.keys


def test_special_keys_are_named_in_the_language_and_resize(qtbot: QtBot) -> None:
    keyboard = OnScreenKeyboard()
    qtbot.addWidget(keyboard)
    translator().set_language("en")
    try:
        assert keyboard.keys[BACKSPACE].text() == "Delete" and keyboard.keys[SPACE].text() == "Space"
    finally:
        translator().set_language("id")
    assert keyboard.keys[BACKSPACE].text() == "Hapus"
    keyboard.set_key_height(40)
    assert all(b.minimumHeight() == 40 for b in keyboard.keys.values())
