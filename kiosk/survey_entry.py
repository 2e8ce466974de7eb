"""The kiosk's way into the satisfaction survey: the visitor types the number on their ticket.

:class:`TicketEntry` holds what was typed (a service code and up to four digits) and how
it reads (``A-007``); :class:`SurveyEntryScreen` is the page: a title, the number as typed,
a keypad of the site's service letters and the digits, the message (why a number was
refused), and the way back. It looks nothing up itself: ``submitted(label)`` hands the
number to :class:`kiosk.survey_flow.KioskSurvey`, which answers with :meth:`show_message`.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk import texts  # noqa: F401 - registers the kiosk's texts
from kiosk.fit import make_font, scale_for
from ui.i18n import retranslate_on_switch, tr
from ui.theme import ACCENT, DANGER, INK, MUTED, mm

MAX_DIGITS = 4
BACKSPACE = "⌫"
START = "OK"
LETTER_COLUMNS = 6


class TicketEntry:
    """A ticket number being typed: a service code (the letters) and its digits."""

    def __init__(self) -> None:
        self.code = ""
        self.digits = ""

    def clear(self) -> None:
        """Forget what was typed."""
        self.code, self.digits = "", ""

    def press(self, key: str) -> None:
        """One key: a digit is added (at most :data:`MAX_DIGITS`), a service code replaces the
        one typed before, :data:`BACKSPACE` removes the last digit (then the code)."""
        if key == BACKSPACE:
            if self.digits:
                self.digits = self.digits[:-1]
            else:
                self.code = ""
        elif key.isdigit():
            if len(self.digits) < MAX_DIGITS:
                self.digits += key
        elif key.isalpha():
            self.code = key.upper()

    def complete(self) -> bool:
        """Whether a code and a number other than zero are typed."""
        return bool(self.code) and bool(self.digits) and int(self.digits) > 0

    def label(self) -> str:
        """The ticket's label as printed (``A-007``); "" until :meth:`complete`."""
        return f"{self.code}-{int(self.digits):03d}" if self.complete() else ""

    def shown(self) -> str:
        """What the display shows while typing: ``A-007``, ``A-7``, ``A-`` or ``—``."""
        if not self.code and not self.digits:
            return "—"
        return f"{self.code or '?'}-{self.digits}"


class SurveyEntryScreen(QWidget):
    """The keypad page; ``submitted(label)`` when the visitor starts, ``cancelled`` to go home."""

    submitted = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("surveyEntry")
        self.setMinimumSize(200, 200)
        self.entry = TicketEntry()
        self.codes: tuple[str, ...] = ()
        self.checking = False
        self._message: tuple[str, dict[str, str]] | None = None  # text key and its fields
        self.scale = 1.0
        self._build()
        retranslate_on_switch(self)

    def _build(self) -> None:
        self.card = QFrame(self)
        self.card.setObjectName("surveyCard")
        self.card.setStyleSheet("#surveyCard { background: white; border-radius: 18px; }")
        self.title = QLabel(self.card)
        self.title.setObjectName("surveyTitle")
        self.prompt = QLabel(self.card)
        self.prompt.setObjectName("surveyPrompt")
        self.number = QLabel(self.card)
        self.number.setObjectName("surveyNumber")
        self.message = QLabel(self.card)
        self.message.setObjectName("surveyMessage")
        for label in (self.title, self.prompt, self.number, self.message):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(label is not self.number)
        self.title.setStyleSheet(f"color: {INK};")
        self.prompt.setStyleSheet(f"color: {INK};")
        self.letters = QGridLayout()
        self.letter_keys: dict[str, QPushButton] = {}
        self.digits = QGridLayout()
        self.keys: dict[str, QPushButton] = {}
        for i, key in enumerate(["1", "2", "3", "4", "5", "6", "7", "8", "9", BACKSPACE, "0", START]):
            button = self._key(key)
            self.digits.addWidget(button, i // 3, i % 3)
            self.keys[key] = button
        self.back = QPushButton(self.card)
        self.back.setObjectName("surveyBack")
        self.back.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.back.clicked.connect(self.cancelled)

        self.inner = QVBoxLayout(self.card)
        self.inner.addWidget(self.title)
        self.inner.addWidget(self.prompt)
        self.inner.addWidget(self.number)
        self.inner.addWidget(self.message)
        self.inner.addLayout(self.letters)
        self.inner.addLayout(self.digits)
        self.inner.addStretch(1)
        self.inner.addWidget(self.back)
        self.outer = QHBoxLayout(self)
        self.outer.addStretch(1)
        self.outer.addWidget(self.card, 4)
        self.outer.addStretch(1)

    def _key(self, key: str) -> QPushButton:
        button = QPushButton(key, self.card)
        button.setObjectName(f"surveyKey_{'start' if key == START else 'back' if key == BACKSPACE else key}")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda _c=False, k=key: self.press(k))
        return button

    # -- what the kiosk tells it --------------------------------------------------------------
    def start(self, codes: Sequence[str]) -> None:
        """A fresh page for a new visitor; ``codes`` are the site's service letters (one alone is typed already)."""
        self.entry.clear()
        self.checking = False
        self._message = None
        self._set_codes(tuple(codes))
        if len(self.codes) == 1:
            self.entry.code = self.codes[0]
        self._refresh()

    def show_message(self, key: str, **fields: str) -> None:
        """Say why the number typed cannot be surveyed (a ``kiosk.survey_*`` text) and let the visitor retry."""
        self.checking = False
        self._message = (key, dict(fields))
        self._refresh()

    def set_checking(self) -> None:
        """The number is being looked up: keys wait for the answer."""
        self.checking = True
        self._message = ("kiosk.survey_checking", {})
        self._refresh()

    def message_text(self) -> str:
        """The message shown now ("" for none)."""
        return self.message.text()

    def _set_codes(self, codes: tuple[str, ...]) -> None:
        if codes == self.codes:
            return
        self.codes = codes
        for button in self.letter_keys.values():
            self.letters.removeWidget(button)
            button.deleteLater()
        self.letter_keys = {}
        for i, code in enumerate(codes):
            button = self._key(code)
            self.letters.addWidget(button, i // LETTER_COLUMNS, i % LETTER_COLUMNS)
            self.letter_keys[code] = button
        self._apply_scale()

    # -- typing -------------------------------------------------------------------------------
    def press(self, key: str) -> None:
        """One key of the keypad (also what a physical keyboard's keys do)."""
        if self.checking:
            return
        if key == START:
            if self.entry.complete():
                self.set_checking()
                self.submitted.emit(self.entry.label())
            return
        if key.isalpha() and key.upper() not in self.codes:
            return
        self.entry.press(key)
        self._message = None
        self._refresh()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """A physical keyboard works too: letters, digits, Backspace, Enter, Escape."""
        k = event.key()
        if k in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.press(START)
        elif k == Qt.Key.Key_Backspace:
            self.press(BACKSPACE)
        elif k == Qt.Key.Key_Escape:
            self.cancelled.emit()
        elif event.text() and (event.text().isdigit() or event.text().isalpha()):
            self.press(event.text())
        else:
            super().keyPressEvent(event)

    def _refresh(self) -> None:
        self.number.setText(self.entry.shown())
        self.number.setStyleSheet(f"color: {INK if self.entry.code or self.entry.digits else MUTED};"
                                  f" background: #eef1f5; border: 2px solid #c5ccd6; border-radius: 12px;")
        for code, button in self.letter_keys.items():
            button.setProperty("chosen", code == self.entry.code)
            button.style().unpolish(button)
            button.style().polish(button)
        self.keys[START].setEnabled(self.entry.complete() and not self.checking)
        self._show_message()

    def _show_message(self) -> None:
        if self._message is None:
            self.message.setText("")
            return
        key, fields = self._message
        self.message.setText(tr(key, **fields))
        self.message.setStyleSheet(f"color: {MUTED if key == 'kiosk.survey_checking' else DANGER};")

    # -- language and size --------------------------------------------------------------------
    def translate_ui(self) -> None:
        """Every text in the current language."""
        self.title.setText(tr("kiosk.survey_title"))
        self.prompt.setText(tr("kiosk.survey_prompt"))
        self.keys[START].setText(tr("kiosk.survey_start"))
        self.back.setText(tr("kiosk.back"))
        self._show_message()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Scale fonts and keys with the window."""
        super().resizeEvent(event)
        self._apply_scale()

    def _apply_scale(self) -> None:
        s = scale_for(self.window().size() if self.window() is not self else self.size())
        self.scale = s
        m = round(24 * s)
        self.outer.setContentsMargins(m, m, m, m)
        self.inner.setContentsMargins(m, m, m, m)
        self.inner.setSpacing(round(12 * s))
        self.title.setFont(make_font(26 * s, True))
        self.prompt.setFont(make_font(18 * s))
        self.number.setFont(make_font(48 * s, True))
        self.number.setMinimumHeight(round(96 * s))
        self.message.setFont(make_font(18 * s, True))
        touch = max(mm(self, 20), round(72 * s))
        key_style = (f"QPushButton {{ background: #eef1f5; color: {INK}; border: 2px solid #c5ccd6;"
                     f" border-radius: {round(10 * s)}px; }} QPushButton:pressed {{ background: #d5dbe4; }}")
        for b in [*self.keys.values(), *self.letter_keys.values(), self.back]:
            b.setFont(make_font(24 * s, True))
            b.setMinimumHeight(touch)
            b.setStyleSheet(key_style)
        chosen = (f"QPushButton {{ background: #eef1f5; color: {ACCENT}; border: 3px solid {ACCENT};"
                  f" border-radius: {round(10 * s)}px; }} QPushButton[chosen=\"true\"] {{ background: {ACCENT};"
                  f" color: white; }}")
        for b in self.letter_keys.values():
            b.setStyleSheet(chosen)
        self.keys[START].setFont(make_font(20 * s, True))
        self.keys[START].setStyleSheet(
            f"QPushButton {{ background: {ACCENT}; color: white; border: none; border-radius: {round(10 * s)}px; }}"
            f" QPushButton:disabled {{ background: #e3e8ef; color: {MUTED}; }}")
        self.back.setFont(make_font(20 * s, True))
        for grid in (self.letters, self.digits):
            grid.setSpacing(round(10 * s))
