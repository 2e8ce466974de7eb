"""The right-hand lists: the last calls, and how many wait per service.

Both keep a fixed number of rows for their area, so the layout never jumps when a list
grows or shrinks.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPalette, QResizeEvent
from PySide6.QtWidgets import QWidget

from db.records import CallRecord, ServiceQueue
from display import texts  # noqa: F401 - registers the board's texts
from display.fit import FitLabel, fit_together
from display.style import AMBER, PANEL, PANEL_ALT, SOFT, TEXT, Panel, set_text_colour
from ui.i18n import tr, translator
from ui.theme import text_colour_on


class _Row(Panel):
    """One row: up to three labels placed by fractions of the row's width."""

    def __init__(self, parent: QWidget, colour: str, columns: tuple[tuple[float, Qt.AlignmentFlag, bool, str], ...]) -> None:
        super().__init__(parent, colour, radius_ratio=0.12)
        self.columns = columns
        self.labels = []
        for _frac, align, bold, colour_text in columns:
            label = FitLabel("", self, fill=0.66, bold=bold, align=align | Qt.AlignmentFlag.AlignVCenter)
            set_text_colour(label, colour_text)
            self.labels.append(label)

    def set_texts(self, *values: str) -> None:
        """Set the row's texts, column by column."""
        for label, value in zip(self.labels, values):
            label.setText(value)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """Place the columns."""
        super().resizeEvent(event)
        self.place_columns()

    def place_columns(self) -> None:
        """Place the labels by the columns' fractions of the row's width."""
        pad = round(self.height() * 0.25)
        x = pad
        inner = self.width() - 2 * pad
        for label, (frac, *_rest) in zip(self.labels, self.columns):
            w = round(inner * frac)
            label.setGeometry(QRect(x, 0, max(1, w), self.height()))
            x += w


class _ListPanel(QWidget):
    """A heading and ``rows`` rows beneath it."""

    def __init__(self, parent: QWidget | None, title_key: str) -> None:
        super().__init__(parent)
        self._title_key = title_key
        self.title = FitLabel(tr(title_key), self, fill=0.7, bold=True)
        set_text_colour(self.title, SOFT)
        self.rows: list[_Row] = []
        self.slots = 8
        translator().language_changed.connect(self._retitle)

    def _retitle(self, _language: str = "") -> None:
        self.title.setText(tr(self._title_key))

    def _make_row(self, index: int) -> _Row:
        raise NotImplementedError

    def set_slots(self, slots: int) -> None:
        """Keep room for ``slots`` rows."""
        if slots != self.slots:
            self.slots = max(1, slots)
            self._arrange()

    def _ensure_rows(self, n: int) -> None:
        while len(self.rows) < n:
            row = self._make_row(len(self.rows))
            self.rows.append(row)
        while len(self.rows) > n:
            self.rows.pop().deleteLater()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """Place heading and rows."""
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        slots = max(self.slots, len(self.rows), 1)
        unit = self.height() / (slots + 1.2)
        title_h = round(unit * 1.2)
        self.title.setGeometry(QRect(round(unit * 0.2), 0, self.width() - round(unit * 0.2), title_h))
        gap = max(2, round(unit * 0.1))
        for i, row in enumerate(self.rows):
            top = round(title_h + i * unit)
            row.setGeometry(QRect(0, top, self.width(), max(1, round(unit) - gap)))
            row.place_columns()
        if self.rows:
            for column in range(len(self.rows[0].labels)):
                fit_together([row.labels[column] for row in self.rows])
            self._balance()

    def _balance(self) -> None:
        """Hook: keep one column's size in proportion to another's."""


class HistoryPanel(_ListPanel):
    """The last calls: number, and the counter it went to."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, "board_history")

    def _make_row(self, index: int) -> _Row:
        left = Qt.AlignmentFlag.AlignLeft
        row = _Row(self, PANEL if index % 2 == 0 else PANEL_ALT,
                   ((0.45, left, True, TEXT), (0.55, left, True, AMBER)))
        row.show()
        return row

    def show_calls(self, calls: list[CallRecord]) -> None:
        """Show ``calls`` (newest first); empty rows keep their place."""
        self._ensure_rows(len(calls))
        for row, call in zip(self.rows, calls):
            mark = " ↻" if call.kind == "recalled" else ""
            row.set_texts(call.label + mark, tr("board_go_to", counter=call.counter_name))
        self._arrange()


class WaitingPanel(_ListPanel):
    """Per service: its letter in its colour, its name, and how many wait."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, "board_waiting")
        self.slots = 6

    def _make_row(self, index: int) -> _Row:
        row = _Row(self, PANEL if index % 2 == 0 else PANEL_ALT,
                   ((0.1, Qt.AlignmentFlag.AlignCenter, True, TEXT),
                    (0.74, Qt.AlignmentFlag.AlignLeft, False, TEXT),
                    (0.16, Qt.AlignmentFlag.AlignRight, True, AMBER)))
        row.show()
        return row

    def _balance(self) -> None:
        """Letter and count no bigger than 1.4× the service names (long names shrink them)."""
        names = sorted(px for px in (row.labels[1].font().pixelSize() for row in self.rows) if px > 0)
        cap = round(names[len(names) // 2] * 1.4) if names else 0
        for column in (0, 2):
            labels = [row.labels[column] for row in self.rows]
            sizes = [px for px in (label.natural_px() for label in labels) if px > 0]
            group = min(sizes) if sizes else 0
            for label in labels:
                label.set_cap(min(v for v in (group, cap) if v) if (group or cap) else 0)

    def show_services(self, services: list[ServiceQueue]) -> None:
        """Show each service's waiting count."""
        self._ensure_rows(len(services))
        english = translator().language == "en"
        for row, svc in zip(self.rows, services):
            name = svc.name_en if english else svc.name_id
            if svc.unavailable_reason == "closed" and not svc.waiting:
                count = tr("board_service_closed")
            else:
                count = str(svc.waiting)
            row.set_texts(svc.code, "  " + name, count)
            chip = row.labels[0]
            chip.setAutoFillBackground(True)
            pal = chip.palette()
            pal.setColor(QPalette.ColorRole.Window, QColor(svc.colour))
            pal.setColor(QPalette.ColorRole.WindowText, QColor(text_colour_on(svc.colour)))
            chip.setPalette(pal)
        self._arrange()
