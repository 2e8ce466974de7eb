"""The check-in keypad: a visitor who booked online types their booking code.

:class:`CodeEntry` holds what was typed (at most six characters of the code alphabet,
:data:`db.booking.ALPHABET`: no 0/O, no 1/I, so nothing on the keypad can be mistaken)
and how it reads (``K7P 4QX``). :class:`BookingEntryScreen` is the survey keypad's page
(:class:`kiosk.survey_entry.SurveyEntryScreen`: the same card, keypad look, placement on
a tall or wide screen, physical keyboard) with the code alphabet on its keys, "Cek" and
"Batal". It looks nothing up: ``submitted(code)`` hands the code to the window, which
checks it in on its runner.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QWidget

from db.booking import ALPHABET
from kiosk.fit import make_font
from kiosk.survey_entry import START, SurveyEntryScreen
from ui.i18n import tr
from ui.keyboard import BACKSPACE, OnScreenKeyboard
from ui.survey_cards import keep_together
from ui.theme import INK, MUTED

CODE_LENGTH = 6
#: The keypad: the code alphabet in four rows of eight, digits first as on a phone.
ROWS = tuple(ALPHABET[i:i + 8] for i in range(0, len(ALPHABET), 8))


class CodeEntry:
    """A booking code being typed."""

    def __init__(self) -> None:
        self.chars = ""

    def clear(self) -> None:
        """Forget what was typed."""
        self.chars = ""

    def press(self, key: str) -> None:
        """One key: a character of the alphabet is added (at most :data:`CODE_LENGTH`, lower
        case read as upper case); :data:`BACKSPACE` removes the last; anything else is ignored."""
        if key == BACKSPACE:
            self.chars = self.chars[:-1]
            return
        char = key.upper()
        if len(char) == 1 and char in ALPHABET and len(self.chars) < CODE_LENGTH:
            self.chars += char

    def set(self, code: str) -> None:
        """Show ``code`` as typed (a scanned code)."""
        self.chars = code.upper()[:CODE_LENGTH]

    def complete(self) -> bool:
        """Whether six characters are typed."""
        return len(self.chars) == CODE_LENGTH

    def shown(self) -> str:
        """The code in two groups of three, blanks for what is still missing: ``K7P 4__``."""
        padded = self.chars.ljust(CODE_LENGTH, "_")
        return f"{padded[:3]} {padded[3:]}"


class BookingEntryScreen(SurveyEntryScreen):
    """The code keypad; ``submitted(code)`` on "Cek" (or Enter), ``cancelled`` on "Batal"."""

    submitted = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        self.code = CodeEntry()
        super().__init__(parent)
        self.setObjectName("bookingEntry")
        self.number.setObjectName("bookingCode")
        self.start_button.setObjectName("bookingCheck")
        self.back.setObjectName("bookingCancel")
        self._refresh()

    @property
    def codes(self) -> tuple[str, ...]:
        """No service letters here: the keypad is the code alphabet."""
        return ()

    def _make_keypad(self) -> None:
        self.keypad = OnScreenKeyboard(self.card, rows=ROWS, specials=(BACKSPACE,))
        self.keypad.setObjectName("bookingKeypad")
        self.keypad.set_target(self)
        self.keypad.ensurePolished()
        self._apply_scale()

    # -- what the kiosk tells it --------------------------------------------------------------
    def start(self, codes: Sequence[str] = ()) -> None:
        """A fresh, empty keypad for a new visitor."""
        self.code.clear()
        self.checking = False
        self._message = None
        self._refresh()
        self.setFocus()

    def show_code(self, code: str) -> None:
        """A scanned code, shown as if typed, being checked."""
        self.code.set(code)
        self.set_checking()

    def set_checking(self) -> None:
        """The code is being checked: keys wait for the answer."""
        self.checking = True
        self._message = ("kiosk.booking_checking", {})
        self._refresh()

    def typed(self) -> str:
        """The code typed so far."""
        return self.code.chars

    # -- typing -------------------------------------------------------------------------------
    def press(self, key: str) -> None:
        """One key: a code character, :data:`ui.keyboard.BACKSPACE` or :data:`START` ("Cek")."""
        if self.checking:
            return
        if key == START:
            if self.code.complete():
                self.set_checking()
                self.submitted.emit(self.code.chars)
            return
        self.code.press(key)
        self._message = None
        self._refresh()

    def _refresh(self) -> None:
        self.number.setText(self.code.shown())
        self.number.setStyleSheet(f"color: {INK if self.code.chars else MUTED};"
                                  " background: #eef1f5; border: 2px solid #c5ccd6; border-radius: 12px;")
        self.start_button.setEnabled(self.code.complete() and not self.checking)
        self._show_message()

    def _show_message(self) -> None:
        super()._show_message()
        if self._message is not None and self._message[0] == "kiosk.booking_checking":
            self.message.setStyleSheet(f"color: {MUTED};")

    def translate_ui(self) -> None:
        """Every text in the current language."""
        self.title.setText(tr("kiosk.booking_title"))
        self.prompt.setText(keep_together(tr("kiosk.booking_prompt")))
        self.start_button.setText(tr("kiosk.booking_check"))
        self.back.setText(tr("kiosk.cancel"))
        self._show_message()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """As the survey keypad, the code a little larger (it is read back character by character)."""
        super().resizeEvent(event)
        self.number.setFont(make_font(60 * self.scale, True))
        self.number.setMinimumHeight(round(110 * self.scale))
