"""The pages of the survey form: a question with four faces, a profile choice, the comment.

Each page only shows what the form tells it and reports touches; the form
(:mod:`ui.survey_form`) saves and moves on. Sizes follow :attr:`Scale`: the question at
least 28 px, the answers at least 22 px, larger on a larger screen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from ui.keyboard import OnScreenKeyboard
from ui.survey_cards import (  # noqa: F401 - Scale, keep_together and the floors are used from here too
    ANSWER_MIN_PX,
    QUESTION_MIN_PX,
    AnswerButton,
    OptionButton,
    Scale,
    keep_together,
    pixel_font,
)
from ui.theme import ACCENT, INK, MUTED


def _label(object_name: str, *, wrap: bool = True, colour: str = INK) -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(wrap)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setStyleSheet(f"color: {colour};")
    return label


class QuestionPage(QWidget):
    """The element's name, the question in large type and four answers in a row."""

    answered = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("questionPage")
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(12)
        self.intro = _label("questionIntro", colour=MUTED)
        self.title = _label("questionTitle", colour=ACCENT)
        self.question = _label("questionText")
        box.addWidget(self.intro)
        box.addWidget(self.title)
        box.addWidget(self.question)
        box.addStretch(1)
        self.grid = QGridLayout()
        self.grid.setSpacing(16)
        self.answers = [AnswerButton(v) for v in range(1, 5)]
        for button in self.answers:
            button.clicked.connect(lambda _checked=False, v=button.value: self.answered.emit(v))
        self.columns = 0
        self.arrange(4)
        box.addLayout(self.grid, 6)
        box.addStretch(1)

    def arrange(self, columns: int) -> None:
        """The answers in one row of four (landscape) or two rows of two (portrait)."""
        if columns == self.columns:
            return
        self.columns = columns
        for i, button in enumerate(self.answers):
            self.grid.removeWidget(button)
            self.grid.addWidget(button, i // columns, i % columns)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Two rows of two on a tall screen (the kiosk's portrait one)."""
        super().resizeEvent(event)
        self.arrange(2 if event.size().height() > event.size().width() * 1.1 else 4)

    def show_question(self, intro: str, title: str, question: str, answers: list[str], chosen: int | None) -> None:
        """Fill the page: ``answers`` are the wordings of 1..4, ``chosen`` the saved answer."""
        self.intro.setText(keep_together(intro))
        self.intro.setVisible(bool(intro))
        self.title.setText(keep_together(title))
        self.question.setText(keep_together(question))
        for button, text in zip(self.answers, answers, strict=True):
            button.setText(keep_together(text))
            button.set_chosen(button.value == chosen)

    def set_scale(self, scale: Scale) -> None:
        """Apply the text sizes."""
        self.intro.setFont(pixel_font(scale.small_px))
        self.title.setFont(pixel_font(scale.small_px, bold=True))
        self.question.setFont(pixel_font(scale.question_px, bold=True))
        for button in self.answers:
            button.set_text_px(scale.answer_px)


class ChoicePage(QWidget):
    """One profile question: its label and its options as cards, up to three in a row; a
    tap on the chosen one again clears it."""

    chosen = Signal(object)  # the code, or None when cleared

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("choicePage")
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(12)
        self.title = _label("choiceTitle")
        self.note = _label("choiceNote", colour=MUTED)
        box.addWidget(self.title)
        box.addWidget(self.note)
        self.grid = QGridLayout()
        self.grid.setSpacing(12)
        box.addLayout(self.grid, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        self.skip = QPushButton()
        self.skip.setObjectName("skipButton")
        self.skip.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.skip.setStyleSheet(f"QPushButton {{ color: {ACCENT}; background: white; border: 2px solid {ACCENT};"
                                " border-radius: 10px; padding: 6px 30px; }")
        bottom.addWidget(self.skip)
        box.addLayout(bottom)
        self.options: list[OptionButton] = []
        self._px = ANSWER_MIN_PX

    def show_choices(self, title: str, note: str, options: list[tuple[str, str]], chosen: str | None) -> None:
        """Fill the page with ``options`` (code, wording); ``chosen`` the saved code."""
        self.title.setText(keep_together(title))
        self.note.setText(keep_together(note))
        codes = [code for code, _ in options]
        if [o.code for o in self.options] != codes:
            for old in self.options:
                self.grid.removeWidget(old)
                old.hide()
                old.deleteLater()
            self.options = []
            columns = 2 if len(options) <= 4 else 3 if len(options) <= 6 else 4
            for i, (code, _text) in enumerate(options):
                button = OptionButton(code)
                button.text_px = self._px
                button.clicked.connect(lambda _checked=False, b=button: self._tapped(b))
                self.grid.addWidget(button, i // columns, i % columns)
                self.options.append(button)
        for button, (code, text) in zip(self.options, options, strict=True):
            button.setText(keep_together(text))
            button.set_chosen(code == chosen)

    def _tapped(self, button: OptionButton) -> None:
        self.chosen.emit(None if button.chosen else button.code)

    def set_scale(self, scale: Scale) -> None:
        """Apply the text sizes."""
        self._px = scale.answer_px
        self.title.setFont(pixel_font(scale.question_px, bold=True))
        self.note.setFont(pixel_font(scale.small_px))
        self.skip.setFont(pixel_font(scale.answer_px, bold=True))
        self.skip.setMinimumHeight(round(scale.answer_px * 2.2))
        for button in self.options:
            button.text_px = scale.answer_px
            button.update()


class CommentPage(QWidget):
    """A short comment typed on the on-screen keyboard (or a physical one); ``Kirim`` sends it."""

    def __init__(self, max_length: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("commentPage")
        self.max_length = max_length
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(8)
        self.title = _label("commentTitle")
        self.note = _label("commentNote", colour=MUTED)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        box.addLayout(top)
        box.addWidget(self.note)
        self.edit = QPlainTextEdit()
        self.edit.setObjectName("commentEdit")
        self.edit.setTabChangesFocus(True)
        self.edit.textChanged.connect(self._limit)
        box.addWidget(self.edit, 1)
        self.keyboard = OnScreenKeyboard()
        self.keyboard.set_target(self.edit)
        box.addWidget(self.keyboard, 3)
        buttons = QHBoxLayout()
        self.send = QPushButton()
        self.send.setObjectName("sendButton")
        self.send.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.send.setStyleSheet(f"QPushButton {{ background: {ACCENT}; color: white; border-radius: 10px;"
                                " padding: 10px 40px; font-weight: bold; }")
        buttons.addStretch(1)
        buttons.addWidget(self.send)
        box.addLayout(buttons)

    def _limit(self) -> None:
        text = self.edit.toPlainText()
        if len(text) > self.max_length:
            cursor = self.edit.textCursor()
            self.edit.setPlainText(text[: self.max_length])
            cursor.setPosition(min(cursor.position(), self.max_length))
            self.edit.setTextCursor(cursor)

    def set_scale(self, scale: Scale) -> None:
        """Apply the text sizes."""
        self.title.setFont(pixel_font(scale.question_px, bold=True))
        self.note.setFont(pixel_font(scale.small_px))
        self.edit.setFont(pixel_font(scale.answer_px))
        self.send.setFont(pixel_font(scale.answer_px, bold=True))
        self.edit.setMinimumHeight(round(scale.answer_px * 2.6))
        self.keyboard.set_key_height(round(scale.answer_px * 1.7))
