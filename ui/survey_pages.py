"""The pages of the survey form: a question with four faces, a profile choice, the comment.

Each page only shows what the form tells it and reports touches; the form
(:mod:`ui.survey_form`) saves and moves on. Sizes follow :attr:`Scale`: the question at
least 28 px, the answers at least 22 px, larger on a larger screen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.faces import draw_face
from ui.keyboard import OnScreenKeyboard
from ui.theme import ACCENT, INK, MUTED

#: The smallest text sizes (px) of the question and of the answers, at any window size.
QUESTION_MIN_PX = 28
ANSWER_MIN_PX = 22


@dataclass(frozen=True)
class Scale:
    """Text sizes in pixels for a form of a given size (1280×800 is the reference)."""

    question_px: int = QUESTION_MIN_PX
    answer_px: int = ANSWER_MIN_PX
    small_px: int = 20

    @classmethod
    def for_size(cls, width: int, height: int) -> Scale:
        """The sizes for a ``width``×``height`` form, never under the floors."""
        f = min(width / 1280, height / 760)
        return cls(max(QUESTION_MIN_PX, round(40 * f)), max(ANSWER_MIN_PX, round(26 * f)), max(20, round(22 * f)))


_SLASHED = re.compile(r"(?<=\w)/(?=\w)")


def keep_together(text: str) -> str:
    """``text`` with a word joiner after each slash between words, so a line never breaks
    inside "Bapak/Ibu" or "SMA/SMK" (Qt would break after the slash)."""
    return _SLASHED.sub("/\u2060", text)


def pixel_font(px: int, bold: bool = False) -> QFont:
    """The application font at ``px`` pixels."""
    font = QFont()
    font.setPixelSize(px)
    font.setBold(bold)
    return font


class AnswerButton(QAbstractButton):
    """One big answer: its face over its wording, word-wrapped, never clipped."""

    def __init__(self, value: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.value = value
        self.text_px = ANSWER_MIN_PX
        self.chosen = False  # the answer saved for this question (shown when coming back)
        self.setObjectName(f"answer_{value}")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_chosen(self, chosen: bool) -> None:
        """Mark this answer as the one chosen before."""
        self.chosen = chosen
        self.update()

    def set_text_px(self, px: int) -> None:
        """The wording's size in pixels (the card grows no taller than its face and text need)."""
        self.text_px = px
        self.setMaximumHeight(round(px * 13 + 60))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        """Room for a face and three lines of the wording."""
        return QSize(200, round(self.text_px * 4.2 + 130))

    def minimumSizeHint(self) -> QSize:
        """A small face and three lines of text."""
        return QSize(120, round(self.text_px * 4.2 + 60))

    def _text_flags(self) -> int:
        return int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap)

    def layout_rects(self) -> tuple[QRectF, QRectF]:
        """Where the face and the wording go: the wording's real height (wrapped) under the
        largest face that leaves room for it, the two centred together."""
        card = QRectF(self.rect()).adjusted(12, 12, -12, -12)
        metrics = QFontMetrics(pixel_font(self.text_px, bold=True))
        needed = metrics.boundingRect(card.toRect(), self._text_flags(), self.text())
        text_h = float(needed.height())
        gap = self.text_px * 0.8
        side = max(24.0, min(card.width() * 0.7, card.height() - text_h - gap, self.text_px * 9.0))
        top = card.top() + max(0.0, (card.height() - side - gap - text_h) / 2)
        face = QRectF(card.center().x() - side / 2, top, side, side)
        return face, QRectF(card.left(), top + side + gap, card.width(), text_h)

    def text_fits(self) -> bool:
        """Whether the wording fits inside the card at the current size (tests check it)."""
        metrics = QFontMetrics(pixel_font(self.text_px, bold=True))
        card = QRectF(self.rect()).adjusted(12, 12, -12, -12)
        needed = metrics.boundingRect(card.toRect(), self._text_flags(), self.text())
        words_fit = all(metrics.horizontalAdvance(word) <= card.width() for word in self.text().split())
        face, text = self.layout_rects()
        return words_fit and needed.width() <= card.width() + 1 and text.bottom() <= card.bottom() + 1

    def paintEvent(self, _event: QPaintEvent) -> None:
        """Card, face and wording."""
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        card = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        pressed = self.isDown()
        p.setPen(QPen(QColor(ACCENT if self.chosen else "#c5ccd6"), 5 if self.chosen else 2))
        p.setBrush(QColor("#e3ebf6" if pressed or self.chosen else "#ffffff"))
        p.drawRoundedRect(card, 18, 18)
        face, text = self.layout_rects()
        draw_face(p, face, self.value)
        p.setPen(QColor(INK))
        p.setFont(pixel_font(self.text_px, bold=True))
        p.drawText(text, self._text_flags(), self.text())
        p.end()


class OptionButton(QAbstractButton):
    """One choice of a profile question: a wide card with its wording, word-wrapped."""

    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = code
        self.text_px = ANSWER_MIN_PX
        self.chosen = False
        self.setObjectName(f"option_{code}")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_chosen(self, chosen: bool) -> None:
        """Mark this choice as the one chosen before."""
        self.chosen = chosen
        self.update()

    def sizeHint(self) -> QSize:
        """Two lines of text with padding."""
        return QSize(220, round(self.text_px * 2.6 + 24))

    def minimumSizeHint(self) -> QSize:
        """Two lines of text."""
        return QSize(120, round(self.text_px * 2.6 + 12))

    def paintEvent(self, _event: QPaintEvent) -> None:
        """Card and wording."""
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        card = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        p.setPen(QPen(QColor(ACCENT if self.chosen else "#c5ccd6"), 5 if self.chosen else 2))
        p.setBrush(QColor("#e3ebf6" if self.isDown() or self.chosen else "#ffffff"))
        p.drawRoundedRect(card, 14, 14)
        p.setPen(QColor(INK))
        p.setFont(pixel_font(self.text_px, bold=True))
        p.drawText(card.adjusted(10, 4, -10, -4), int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap),
                   self.text())
        p.end()


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
