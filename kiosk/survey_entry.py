"""The kiosk's way into the satisfaction survey: the visitor types the number on their ticket.

:class:`TicketEntry` holds what was typed (a service code and up to four digits) and how
it reads (``A-007``); :class:`SurveyEntryScreen` is the page: a title, the number as typed,
a keypad (:class:`ui.keyboard.OnScreenKeyboard` with the site's service letters and the
digits), the start button, the message (why a number was refused), and the way back.
The keypad types into the page as a physical keyboard would, so both go one way. The
page looks nothing up itself: ``submitted(label)`` hands the number to
:class:`kiosk.survey_flow.KioskSurvey`, which answers with :meth:`show_message`.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontInfo, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk import texts  # noqa: F401 - registers the kiosk's texts
from kiosk.fit import make_font, scale_for
from ui.i18n import retranslate_on_switch, tr
from ui.keyboard import BACKSPACE, OnScreenKeyboard
from ui.survey_cards import keep_together
from ui.theme import ACCENT, DANGER, INK, MUTED, mm

MAX_DIGITS = 4
START = "start"
DIGIT_ROWS = ("123", "456", "789", "0")


def style_keypad(keypad: OnScreenKeyboard, scale: float, key_height: int) -> None:
    """The kiosk keypads' look (the survey's and the booking check-in's), scaled; keys ``key_height`` high.

    The keyboard's own sheet sets a fixed size for a tablet; this one replaces it.
    """
    key_px = QFontInfo(make_font(24 * scale, True)).pixelSize()
    keypad.setStyleSheet(
        f"QPushButton {{ background: #eef1f5; border: 2px solid #c5ccd6; border-radius: {round(10 * scale)}px;"
        f" font-size: {key_px}px; font-weight: bold; color: {INK}; }}"
        " QPushButton:pressed { background: #d5dbe4; }"
        f" QPushButton[on=\"true\"] {{ background: {ACCENT}; border-color: {ACCENT}; color: white; }}")
    keypad.set_key_height(key_height)


class TicketEntry:
    """A ticket number being typed: a service code (the letters) and its digits."""

    def __init__(self, codes: Sequence[str] = ()) -> None:
        self.codes = tuple(codes)  # the service codes a ticket can carry
        self.code = ""
        self.digits = ""

    def clear(self) -> None:
        """Forget what was typed."""
        self.code, self.digits = "", ""

    def press(self, key: str) -> None:
        """One key: a digit is added (at most :data:`MAX_DIGITS`); a letter continues the code
        typed so far when that spells the start of a service code (``AB``), else replaces it
        (the digits stay), and is ignored when no code starts with it; :data:`BACKSPACE`
        removes the last digit, then the last letter."""
        if key == BACKSPACE:
            if self.digits:
                self.digits = self.digits[:-1]
            else:
                self.code = self.code[:-1]
        elif key.isdigit():
            if len(self.digits) < MAX_DIGITS:
                self.digits += key
        elif key.isalpha():
            letter = key.upper()
            longer = self.code + letter
            if not self.digits and any(c.startswith(longer) for c in self.codes):
                self.code = longer
            elif any(c.startswith(letter) for c in self.codes):
                self.code = letter

    def complete(self) -> bool:
        """Whether a whole service code and a number other than zero are typed."""
        return self.code in self.codes and bool(self.digits) and int(self.digits) > 0

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
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a physical keyboard types here too
        self.entry = TicketEntry()
        self.checking = False
        self._message: tuple[str, dict[str, str]] | None = None  # a text key and its fields ("" key: as is)
        self.scale = 1.0
        self.keypad: OnScreenKeyboard | None = None
        self._build()
        self._make_keypad()
        retranslate_on_switch(self)

    @property
    def codes(self) -> tuple[str, ...]:
        """The service codes the keypad offers."""
        return self.entry.codes

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
        self.start_button = QPushButton(self.card)
        self.start_button.setObjectName("surveyStart")
        self.back = QPushButton(self.card)
        self.back.setObjectName("surveyBack")
        for button in (self.start_button, self.back):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.start_button.clicked.connect(lambda: self.press(START))
        self.back.clicked.connect(self.cancelled)

        # Three blocks, stacked on a tall screen, the keypad beside the rest on a wide one (_place).
        self.info = QWidget(self.card)
        info = QVBoxLayout(self.info)
        info.setContentsMargins(0, 0, 0, 0)
        for label in (self.title, self.prompt, self.number, self.message):
            info.addWidget(label)
        info.addStretch(1)
        self.action_box = QWidget(self.card)
        actions = QVBoxLayout(self.action_box)
        actions.setContentsMargins(0, 0, 0, 0)
        actions.addWidget(self.start_button)
        actions.addStretch(1)
        actions.addWidget(self.back)
        self.action_layout = actions
        self.inner = QGridLayout(self.card)
        self._portrait: bool | None = None
        self.outer = QHBoxLayout(self)
        self.outer.addWidget(self.card)

    def _make_keypad(self) -> None:
        """The keypad for the current codes: their letters on top, then the digits and delete."""
        if self.keypad is not None:
            self.inner.removeWidget(self.keypad)
            self.keypad.hide()
            self.keypad.deleteLater()
        self._portrait = None  # placed afresh below
        letters = "".join(sorted({ch for code in self.codes for ch in code}))
        self.keypad = OnScreenKeyboard(self.card, rows=(letters, *DIGIT_ROWS) if letters else DIGIT_ROWS,
                                       specials=(BACKSPACE,))
        self.keypad.setObjectName("surveyKeypad")
        self.keypad.set_target(self)
        self.keypad.ensurePolished()  # its own sheet first: ours, set next, then replaces it for good
        self._apply_scale()

    def _place(self, portrait: bool) -> None:
        """Tall: the number, the keypad, the buttons, one under another. Wide: the keypad on the right."""
        if portrait == self._portrait or self.keypad is None:
            return
        self._portrait = portrait
        for part in (self.info, self.keypad, self.action_box):
            self.inner.removeWidget(part)
        if portrait:
            self.inner.addWidget(self.info, 0, 0)
            self.inner.addWidget(self.keypad, 1, 0)
            self.inner.addWidget(self.action_box, 2, 0)
            stretches = ((0, 0), (1, 0), (2, 1))
        else:
            self.inner.addWidget(self.info, 0, 0)
            self.inner.addWidget(self.action_box, 1, 0)
            self.inner.addWidget(self.keypad, 0, 1, 2, 1)
            stretches = ((0, 1), (1, 0), (2, 0))
        for row, stretch in stretches:
            self.inner.setRowStretch(row, stretch)
        self.inner.setColumnStretch(1, 0 if portrait else 1)
        self.inner.setColumnStretch(0, 1)

    # -- what the kiosk tells it --------------------------------------------------------------
    def start(self, codes: Sequence[str]) -> None:
        """A fresh page for a new visitor; ``codes`` are the site's service codes (one alone is typed already)."""
        codes = tuple(codes)
        changed = codes != self.codes
        self.entry = TicketEntry(codes)
        if changed:
            self._make_keypad()
        self.checking = False
        self._message = None
        if len(codes) == 1:
            self.entry.code = codes[0]
        self._refresh()
        self.setFocus()

    def show_message(self, key: str, **fields: str) -> None:
        """Say why the number typed cannot be surveyed (a ``kiosk.survey_*`` text) and let the visitor retry."""
        self.checking = False
        self._message = (key, dict(fields))
        self._refresh()

    def show_text(self, text: str) -> None:
        """Like :meth:`show_message`, with a text already worded (the survey form's refusal)."""
        self.show_message("", text=text)

    def set_checking(self) -> None:
        """The number is being looked up: keys wait for the answer."""
        self.checking = True
        self._message = ("kiosk.survey_checking", {})
        self._refresh()

    def message_text(self) -> str:
        """The message shown now ("" for none)."""
        return self.message.text()

    # -- typing -------------------------------------------------------------------------------
    def press(self, key: str) -> None:
        """One key: a letter, a digit, :data:`ui.keyboard.BACKSPACE` or :data:`START` (tests use it too)."""
        if self.checking:
            return
        if key == START:
            if self.entry.complete():
                self.set_checking()
                self.submitted.emit(self.entry.label())
            return
        self.entry.press(key)
        self._message = None
        self._refresh()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """The keypad's keys and a physical keyboard's: letters, digits, Backspace, Enter, Escape."""
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
        if self.keypad is not None:
            for ch in {ch for code in self.codes for ch in code}:
                button = self.keypad.keys.get(ch)
                if button is not None:
                    button.setProperty("on", "true" if ch in self.entry.code else "false")
                    button.style().unpolish(button)
                    button.style().polish(button)
        self.start_button.setEnabled(self.entry.complete() and not self.checking)
        self._show_message()

    def _show_message(self) -> None:
        if self._message is None:
            self.message.setText("")
            return
        key, fields = self._message
        self.message.setText(keep_together(tr(key, **fields) if key else fields.get("text", "")))
        self.message.setStyleSheet(f"color: {MUTED if key == 'kiosk.survey_checking' else DANGER};")

    # -- language and size --------------------------------------------------------------------
    def translate_ui(self) -> None:
        """Every text in the current language."""
        self.title.setText(tr("kiosk.survey_title"))
        self.prompt.setText(keep_together(tr("kiosk.survey_prompt")))
        self.start_button.setText(tr("kiosk.survey_start"))
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
        self.title.setFont(make_font(26 * s, True))
        self.prompt.setFont(make_font(18 * s))
        self.number.setFont(make_font(48 * s, True))
        self.number.setMinimumHeight(round(96 * s))
        self.message.setFont(make_font(18 * s, True))
        touch = max(mm(self, 20), round(72 * s))
        portrait = self.height() > self.width()
        self._place(portrait)
        self.inner.setSpacing(m)
        self.action_layout.setSpacing(round(12 * s))
        if self.keypad is not None:
            style_keypad(self.keypad, s, round(touch * 1.5) if portrait else touch)  # a tall screen has room
        for button in (self.start_button, self.back):
            button.setFont(make_font(22 * s, True))
            button.setMinimumHeight(touch)
        r = round(10 * s)
        self.start_button.setStyleSheet(
            f"QPushButton {{ background: {ACCENT}; color: white; border: none; border-radius: {r}px; }}"
            f" QPushButton:disabled {{ background: #e3e8ef; color: {MUTED}; }}")
        self.back.setStyleSheet(
            f"QPushButton {{ background: white; color: {INK}; border: 3px solid {MUTED}; border-radius: {r}px; }}"
            " QPushButton:pressed { background: #e3e8ef; }")
