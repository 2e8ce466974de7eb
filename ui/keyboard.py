"""An on-screen keyboard for touch screens without a physical one.

:class:`OnScreenKeyboard` types into a target widget (a ``QLineEdit``, ``QPlainTextEdit``
or anything that takes key events) by sending it the key events a physical keyboard
would: the target's own rules (its maximum length, a validator) apply alike, and a
physical keyboard keeps working beside it. Its keys never take the focus, so the text
cursor stays in the target. The rows are configurable: the default is a QWERTY layout
for a short comment; a keypad (service letters and digits) is
``OnScreenKeyboard(rows=("ABC", "123", "456", "789", "0"), specials=(BACKSPACE,))``.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QGridLayout, QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ui.i18n import register, retranslate_on_switch, tr

register({
    "keyboard.space": {"id": "Spasi", "en": "Space"},
    "keyboard.backspace": {"id": "Hapus", "en": "Delete"},
    "keyboard.shift": {"id": "Huruf besar", "en": "Shift"},
})

#: The special keys (the names of the buttons besides the rows of characters).
SHIFT = "shift"
SPACE = "space"
BACKSPACE = "backspace"

#: The default layout: digits, QWERTY letters and the punctuation a comment needs.
QWERTY: tuple[str, ...] = ("1234567890", "qwertyuiop", "asdfghjkl-", "zxcvbnm,.?")


class OnScreenKeyboard(QWidget):
    """Rows of big keys typing into :attr:`target`; ``pressed(key)`` after every key.

    ``key`` is the character typed or one of :data:`SHIFT`, :data:`SPACE`,
    :data:`BACKSPACE`. ``key_px`` is the font size of the keys in pixels.
    """

    pressed = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, rows: Sequence[str] = QWERTY,
                 specials: Sequence[str] = (SHIFT, SPACE, BACKSPACE), key_px: int = 24,
                 key_height: int = 56) -> None:
        super().__init__(parent)
        self.setObjectName("onScreenKeyboard")
        self.target: QWidget | None = None
        self.shifted = False
        self._rows = tuple(rows)
        self.keys: dict[str, QPushButton] = {}
        self._letters: list[QPushButton] = []
        self.setStyleSheet(
            "QPushButton { background: white; border: 1px solid #b8c1cc; border-radius: 8px;"
            f" font-size: {key_px}px; color: #1b1f24; }}"
            "QPushButton:pressed { background: #cfd8e3; }"
            "QPushButton[special=\"true\"] { background: #e8ecf1; }"
            "QPushButton[on=\"true\"] { background: #0d47a1; color: white; }")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(6)
        grid = QGridLayout()
        grid.setSpacing(6)
        width = max((len(r) for r in self._rows), default=1)
        for r, row in enumerate(self._rows):
            offset = width - len(row)  # shorter rows centred (in half-key steps)
            for c, char in enumerate(row):
                button = self._key(char, char, key_height)
                grid.addWidget(button, r, offset + 2 * c, 1, 2)
                if char.isalpha():
                    self._letters.append(button)
        outer.addLayout(grid)
        if specials:
            line = QHBoxLayout()
            line.setSpacing(6)
            for name in specials:
                button = self._key(name, "", key_height)
                button.setProperty("special", "true")
                line.addWidget(button, 4 if name == SPACE else 2)
            outer.addLayout(line)
        retranslate_on_switch(self)

    def _key(self, name: str, text: str, height: int) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(f"key_{name}")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setMinimumHeight(height)
        button.setMinimumWidth(20)
        button.setMaximumHeight(max(height, 96))
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        button.clicked.connect(lambda _checked=False, n=name: self.press(n))
        self.keys[name] = button
        return button

    def set_key_height(self, height: int) -> None:
        """Make every key at least ``height`` pixels high (a smaller screen, smaller keys)."""
        for button in self.keys.values():
            button.setMinimumHeight(height)
            button.setMaximumHeight(max(height, 96))

    def translate_ui(self) -> None:
        """Name the special keys in the current language."""
        for name in (SHIFT, SPACE, BACKSPACE):
            if name in self.keys:
                self.keys[name].setText(tr(f"keyboard.{name}"))

    def set_target(self, target: QWidget | None) -> None:
        """Type into ``target`` from now on (``None``: type nowhere)."""
        self.target = target

    def press(self, key: str) -> None:
        """What touching ``key`` does: type it into the target (tests call it too)."""
        if key == SHIFT:
            self._set_shift(not self.shifted)
        elif key == BACKSPACE:
            self._send(Qt.Key.Key_Backspace, "")
        elif key == SPACE:
            self._send(Qt.Key.Key_Space, " ")
        else:
            text = key.upper() if self.shifted else key
            self._send(Qt.Key.Key_unknown, text)
            if self.shifted and key.isalpha():
                self._set_shift(False)  # one capital letter, as a phone keyboard does
        self.pressed.emit(key)

    def _set_shift(self, on: bool) -> None:
        self.shifted = on
        for button in self._letters:
            button.setText(button.objectName()[4:].upper() if on else button.objectName()[4:])
        if SHIFT in self.keys:
            self.keys[SHIFT].setProperty("on", "true" if on else "false")
            self.keys[SHIFT].style().unpolish(self.keys[SHIFT])
            self.keys[SHIFT].style().polish(self.keys[SHIFT])

    def _send(self, key: Qt.Key, text: str) -> None:
        if self.target is None:
            return
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(self.target, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))
