"""The lists: the last calls, and per service the next numbers and the estimated wait.

Both keep a fixed number of rows for their area, so the layout never jumps when a list
grows or shrinks. A row is never lower than ``min_row_px`` (the board sets it so its
text stays readable from the back of the lobby): when the area is short, fewer rows show.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette, QResizeEvent
from PySide6.QtWidgets import QWidget

from db.clock import utcnow
from db.records import CallRecord, ServiceQueue
from display import texts  # noqa: F401 - registers the board's texts
from display.fit import FitLabel, fit_together
from display.style import AMBER, PANEL, PANEL_ALT, SOFT, TEXT, Panel, set_text_colour
from display.texts import counter_name
from ui.i18n import retranslate_on_switch, tr, translator
from ui.theme import text_colour_on
from ui.waittext import opening_short, wait_text


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
        for label, value in zip(self.labels, values, strict=False):
            label.setText(value)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Place the columns."""
        super().resizeEvent(event)
        self.place_columns()

    def place_columns(self) -> None:
        """Place the labels by the columns' fractions of the row's width."""
        pad = round(self.height() * 0.25)
        x = pad
        inner = self.width() - 2 * pad
        gap = round(self.height() * 0.2)  # between columns, so a long text never touches the next
        last = len(self.labels) - 1
        for i, (label, (frac, *_rest)) in enumerate(zip(self.labels, self.columns, strict=False)):
            w = round(inner * frac)
            label.setGeometry(QRect(x, 0, max(1, w - (gap if i < last else 0)), self.height()))
            x += w


class _ListPanel(QWidget):
    """A heading and ``rows`` rows beneath it."""

    def __init__(self, parent: QWidget | None, title_key: str) -> None:
        super().__init__(parent)
        self._title_key = title_key
        self.title = FitLabel("", self, fill=0.7, bold=True)
        set_text_colour(self.title, SOFT)
        self.rows: list[_Row] = []
        self.slots = 8
        self.min_row_px = 0  # rows never lower than this; 0: no floor
        self.text_floor = 0  # no text in a row smaller than this (pixels); 0: the labels' own
        self.shown = 0  # rows that fit and show
        retranslate_on_switch(self)

    def set_title_key(self, key: str) -> None:
        """Show the heading ``key``."""
        if key != self._title_key:
            self._title_key = key
            self.translate_ui()

    def set_text_floor(self, px: int) -> None:
        """No text in the rows smaller than ``px`` pixels."""
        if px != self.text_floor:
            self.text_floor = px
            for row in self.rows:
                for label in row.labels:
                    label.set_min_px(px)
            self._arrange()

    def set_min_row_px(self, px: int) -> None:
        """Rows never lower than ``px``: fewer rows show when the area is short."""
        if px != self.min_row_px:
            self.min_row_px = px
            self._arrange()

    def translate_ui(self) -> None:
        """The heading in the current language."""
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
            if self.text_floor:
                for label in row.labels:
                    label.set_min_px(self.text_floor)
            self.rows.append(row)
        while len(self.rows) > n:
            self.rows.pop().deleteLater()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Place heading and rows."""
        super().resizeEvent(event)
        self._arrange()

    def capacity(self, wanted: int) -> int:
        """How many of ``wanted`` rows show in the current height."""
        slots = max(self.slots, wanted, 1)
        if self.min_row_px and self.height() / (slots + 1.2) < self.min_row_px:
            return max(1, int(self.height() / self.min_row_px - 1.2 + 1e-6))
        return slots

    def _arrange(self) -> None:
        slots = max(self.slots, len(self.rows), 1)
        unit = self.height() / (slots + 1.2)
        if self.min_row_px and unit < self.min_row_px:
            slots = max(1, int(self.height() / self.min_row_px - 1.2 + 1e-6))
            unit = self.height() / (slots + 1.2)
        self.shown = slots
        title_h = round(unit * 1.2)
        self.title.setGeometry(QRect(round(unit * 0.2), 0, self.width() - round(unit * 0.2), title_h))
        gap = max(2, round(unit * 0.1))
        for i, row in enumerate(self.rows):
            top = round(title_h + i * unit)
            row.setGeometry(QRect(0, top, self.width(), max(1, round(unit) - gap)))
            row.setVisible(i < slots)
            row.place_columns()
        shown = [row for row in self.rows if row.isVisibleTo(self)]
        if shown:
            for column in range(len(shown[0].labels)):
                fit_together([row.labels[column] for row in shown])
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
        for row, call in zip(self.rows, calls, strict=False):
            mark = " ↻" if call.kind == "recalled" else ""
            row.set_texts(call.label + mark, tr("board_go_to", counter=counter_name(call.counter_name)))
        self._arrange()


class WaitingPanel(_ListPanel):
    """Per service: its letter in its colour, its name, the next numbers to be called and
    the estimated wait. When nobody waits anywhere, the heading asks visitors to take a number."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, "board_waiting")
        self.slots = 6
        self._heads: list[list[str]] = []  # per row: the next-numbers texts, longest first

    def _make_row(self, index: int) -> _Row:
        row = _Row(self, PANEL if index % 2 == 0 else PANEL_ALT,
                   ((0.08, Qt.AlignmentFlag.AlignCenter, True, TEXT),
                    (0.34, Qt.AlignmentFlag.AlignLeft, False, TEXT),
                    (0.29, Qt.AlignmentFlag.AlignLeft, True, AMBER),
                    (0.29, Qt.AlignmentFlag.AlignRight, False, SOFT)))  # room for "± 45–160 mnt"
        row.show()
        return row

    def _balance(self) -> None:
        """The next numbers: as many as fit their column at the row's size, the rest as ``+n``."""
        for row, choices in zip(self.rows, self._heads, strict=False):
            label = row.labels[2]
            font = QFont(label.font())
            font.setPixelSize(max(font.pixelSize(), label.min_px()))
            width = label.contentsRect().width()
            fm = QFontMetrics(font)
            fitting = next((c for c in choices if fm.horizontalAdvance(c) <= width), choices[-1] if choices else "")
            label.setText(fitting)

    def show_services(self, services: list[ServiceQueue]) -> None:
        """Show each service's next numbers and estimated wait; when not all fit, those with
        people waiting go first (in their order)."""
        room = self.capacity(len(services))
        if len(services) > room:
            keep = sorted(range(len(services)), key=lambda i: (services[i].waiting == 0, i))[:room]
            services = [services[i] for i in sorted(keep)]
        self._ensure_rows(len(services))
        english = translator().language == "en"
        self._heads = []
        for row, svc in zip(self.rows, services, strict=False):
            name = svc.name_en if english else svc.name_id
            if svc.unavailable_reason == "closed" and not svc.waiting:
                heads = [tr("board_service_closed")]
                wait = opening_short(svc.opens_next, utcnow()) if svc.opens_next is not None else ""
            elif not svc.waiting or not svc.next_labels:
                heads, wait = [tr("board_nobody_waiting")], wait_text(svc.wait, short=True)
            else:
                heads = []
                for n in range(len(svc.next_labels), 0, -1):  # the most that fit, with "+3" if it fits
                    more = svc.waiting - n
                    text = "  ".join(svc.next_labels[:n])
                    if more > 0:
                        heads.append(f"{text}  {tr('board_more_waiting', n=more)}")
                    heads.append(text)
                wait = wait_text(svc.wait, short=True)
            self._heads.append(heads)
            row.set_texts(svc.code, name, heads[0], wait)
            chip = row.labels[0]
            chip.setAutoFillBackground(True)
            pal = chip.palette()
            pal.setColor(QPalette.ColorRole.Window, QColor(svc.colour))
            pal.setColor(QPalette.ColorRole.WindowText, QColor(text_colour_on(svc.colour)))
            chip.setPalette(pal)
        anyone = any(svc.waiting for svc in services)
        self.set_title_key("board_waiting" if anyone or not services else "board_take_number")
        self._arrange()
