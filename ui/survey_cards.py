"""The touchable cards of the survey form and the sizes of its texts.

:class:`AnswerButton` is one answer of a question, its drawn face over its wording;
:class:`OptionButton` one choice of a profile question. Both paint their wording
word-wrapped and never clipped; :class:`Scale` gives every text size for a form size (the
question at least 28 px, the answers at least 22 px); :func:`keep_together` keeps
"Bapak/Ibu" on one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QWidget

from ui.faces import draw_face
from ui.theme import ACCENT, INK

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
