"""A plain horizontal bar chart of the elements' NRR (1..4), drawn with QPainter: one row per
element with its name, a bar on a 0–4 scale with lines at 1, 2, 3 and 4 (numbered under
the bars), and the value written after it. The weakest elements are drawn in the warning colour."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.theme import ACCENT, INK, MUTED, WARNING

SCALE = 4.0  # the best answer
ROW_PX = 30
LABEL_SHARE = 0.56  # at most this part of the width for the names
AXIS_PX = 22  # the scale's numbers under the bars


@dataclass(frozen=True)
class BarRow:
    """One bar: the name written left of it, its value (None: no bar) and the value's text."""

    label: str
    value: float | None
    text: str
    weak: bool = False


class NrrBars(QWidget):
    """The bars; :meth:`set_rows` replaces them (and repaints only when they changed)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("nrrBars")
        self.rows: list[BarRow] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        font = QFont(self.font())
        font.setPointSizeF(10.5)
        self.setFont(font)

    def set_rows(self, rows: list[BarRow]) -> None:
        """Show ``rows``, top to bottom."""
        if rows != self.rows:
            self.rows = list(rows)
            self.updateGeometry()
            self.update()

    def sizeHint(self) -> QSize:
        """Room for every row."""
        return QSize(420, max(1, len(self.rows)) * ROW_PX + 8 + AXIS_PX)

    def minimumSizeHint(self) -> QSize:
        """Every row at least at its height."""
        return QSize(300, max(1, len(self.rows)) * ROW_PX + 8 + AXIS_PX)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Names, scale lines, bars and values."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        width = self.width()
        label_w = min(int(width * LABEL_SHARE), max((metrics.horizontalAdvance(r.label) for r in self.rows), default=0) + 12)
        value_w = metrics.horizontalAdvance("0,00") + 12
        left, right = label_w, width - value_w
        span = max(1.0, right - left)
        height = len(self.rows) * ROW_PX
        for mark in range(0, int(SCALE) + 1):
            x = left + span * mark / SCALE
            painter.setPen(QPen(QColor(MUTED), 1, Qt.PenStyle.DotLine if mark else Qt.PenStyle.SolidLine))
            painter.drawLine(int(x), 2, int(x), height + 4)
            painter.setPen(QColor(MUTED))
            painter.drawText(QRectF(x - 20, height + 4, 40, AXIS_PX), int(Qt.AlignmentFlag.AlignCenter), str(mark))
        for i, row in enumerate(self.rows):
            top = 4 + i * ROW_PX
            painter.setPen(QColor(INK))
            name = metrics.elidedText(row.label, Qt.TextElideMode.ElideRight, label_w - 10)
            painter.drawText(QRectF(0, top, label_w - 8, ROW_PX - 6),
                             int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), name)
            end = float(left)
            if row.value is not None:
                end = left + span * max(0.0, min(row.value, SCALE)) / SCALE
                painter.fillRect(QRectF(left, top + 4, end - left, ROW_PX - 14), QColor(WARNING if row.weak else ACCENT))
            painter.setPen(QColor(WARNING if row.weak else INK))
            painter.drawText(QRectF(end + 6, top, value_w + span, ROW_PX - 6),
                             int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), row.text)
        painter.end()
