"""The "Booking" tab's two tables and their words: the day's bookings (:class:`DayTable`:
time, code, service, visitor, status in its colour, ticket) and each service's use of its
booking quota (:class:`QuotaTable`), and the counts per status as one coloured line."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from db.booking import BookingInfo
from supervisor.booking_data import BookingDay, time_text
from supervisor.booking_texts import STATUSES, status_text
from ui.i18n import tr, translator
from ui.theme import ACCENT, DANGER, INK, MUTED, OK, WARNING

COLUMNS = ("time", "code", "service", "visitor", "status", "ticket")
QUOTA_COLUMNS = ("service", "booked", "came", "quota", "full")
SERVICE_COLUMN_PX = 210  # a long service name is cut (its tooltip holds it whole) so the visitor keeps room
STATUS_COLOURS = {"booked": ACCENT, "checked_in": OK, "late": WARNING, "cancelled": MUTED, "no_show": DANGER}


def service_text(b: BookingInfo) -> str:
    """``A — Desk CAPA`` in the current language."""
    english = translator().language == "en" and b.service_name_en
    return f"{b.service_code} — {b.service_name_en if english else b.service_name_id}"


def visitor_text(b: BookingInfo) -> str:
    """Name and company as one cell: ``Budi Santoso · PT Sehat Farma``; a note once erased."""
    if b.purged:
        return tr("supervisor.booking.purged")
    return " · ".join(p for p in (b.name, b.company) if p) or tr("supervisor.booking.no_name")


def details_text(b: BookingInfo) -> str:
    """The rest of a booking for its tooltip: NIB, phone and where it came from."""
    origin_key = f"supervisor.booking.origin.{b.origin}"
    origin = tr(origin_key)
    return tr("supervisor.booking.details", nib=b.nib or "–", phone=b.phone or "–",
              origin=b.origin if origin == origin_key else origin)


def counts_html(view: BookingDay) -> str:
    """The day's bookings per status, each in its status's colour, and their total."""
    counts = view.counts()
    parts = [f"<span style='color:{STATUS_COLOURS[s]}; font-weight:bold;'>"
             f"{tr('supervisor.booking.count', status=status_text(s), n=counts[s])}</span>" for s in STATUSES]
    parts.append(f"<b>{tr('supervisor.booking.total', n=len(view.bookings))}</b>")
    return " &nbsp;·&nbsp; ".join(parts)


def _item(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    item = table.item(row, column)
    if item is None:
        item = QTableWidgetItem()
        table.setItem(row, column, item)
    return item


class DayTable(QTableWidget):
    """The bookings shown, one a row; one row is chosen at a time (``rows`` in table order)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setObjectName("bookingTable")
        self.rows: list[BookingInfo] = []
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(30)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMNS.index("service"), QHeaderView.ResizeMode.Interactive)
        header.resizeSection(COLUMNS.index("service"), SERVICE_COLUMN_PX)
        header.setSectionResizeMode(COLUMNS.index("visitor"), QHeaderView.ResizeMode.Stretch)
        self.setStyleSheet("QTableWidget { font-size: 12pt; }")

    def translate_ui(self) -> None:
        """The column headings in the current language (the page refills the rows)."""
        self.setHorizontalHeaderLabels([tr(f"supervisor.booking.col.{c}") for c in COLUMNS])

    def show_rows(self, rows: list[BookingInfo], zone: str, keep: str | None) -> None:
        """Show ``rows`` (times in the site's ``zone``); the booking ``keep`` stays chosen if shown.
        No selection signal is sent while filling."""
        self.rows = rows
        self.blockSignals(True)
        self.setUpdatesEnabled(False)
        try:
            self.setRowCount(len(rows))
            for r, b in enumerate(rows):
                cells = (time_text(b.day, b.local_time, zone), b.code, service_text(b), visitor_text(b),
                         status_text(b.status), b.ticket_label or "–")
                colour = MUTED if b.status == "cancelled" else INK
                for c, text in enumerate(cells):
                    item = _item(self, r, c)
                    item.setText(text)
                    item.setToolTip(details_text(b) if COLUMNS[c] == "visitor" else
                                    text if COLUMNS[c] == "service" else "")
                    item.setForeground(QBrush(QColor(STATUS_COLOURS.get(b.status, MUTED) if COLUMNS[c] == "status"
                                                     else colour)))
                    font = item.font()
                    font.setBold(COLUMNS[c] in ("code", "status"))
                    font.setStrikeOut(b.status == "cancelled" and COLUMNS[c] == "code")
                    item.setFont(font)
            self.clearSelection()
            if keep is not None:
                self.select(keep)
        finally:
            self.setUpdatesEnabled(True)
            self.blockSignals(False)

    def selected(self) -> BookingInfo | None:
        """The booking chosen, or None."""
        model = self.selectionModel()
        chosen = model.selectedRows() if model is not None else []
        if not chosen or chosen[0].row() >= len(self.rows):
            return None
        return self.rows[chosen[0].row()]

    def select(self, code: str) -> bool:
        """Choose the booking ``code``; whether it is shown."""
        for r, b in enumerate(self.rows):
            if b.code == code:
                self.selectRow(r)
                return True
        return False


class QuotaTable(QTableWidget):
    """Per service: the day's bookings not cancelled, who came, the quota per slot and the
    slots full (red when every slot is)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(QUOTA_COLUMNS), parent)
        self.setObjectName("bookingQuota")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.verticalHeader().setVisible(False)
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.setStyleSheet("QTableWidget { font-size: 11pt; }")

    def translate_ui(self) -> None:
        """The column headings in the current language (the page refills the rows)."""
        self.setHorizontalHeaderLabels([tr(f"supervisor.booking.q.{c}") for c in QUOTA_COLUMNS])

    def show_day(self, view: BookingDay) -> None:
        """Show each service's quota on the day of ``view``."""
        self.setRowCount(len(view.services))
        language = translator().language
        for r, s in enumerate(view.services):
            if s.quota is None:
                quota, full = tr("supervisor.booking.q.no_limit"), "–"
            elif s.quota == 0:
                quota, full = "0", "–"
            else:
                quota = str(s.quota)
                full = (tr("supervisor.booking.q.full_of", n=s.full_slots(), slots=len(s.slots)) if s.slots
                        else tr("supervisor.booking.q.closed"))
            every_slot_full = bool(s.quota) and bool(s.slots) and s.full_slots() == len(s.slots)
            cells = (f"{s.code} — {s.name(language)}", str(s.booked), str(view.came(s.code)), quota, full)
            for c, text in enumerate(cells):
                item = _item(self, r, c)
                item.setText(text)
                item.setToolTip(text if c == 0 else "")
                align = Qt.AlignmentFlag.AlignLeft if c == 0 else Qt.AlignmentFlag.AlignRight
                item.setTextAlignment(align | Qt.AlignmentFlag.AlignVCenter)
                item.setForeground(QBrush(QColor(DANGER if every_slot_full and c == 4 else INK)))
