"""The "Booking" tab's dialogs: adding a booking (service, date, a free slot with what it still
takes, the optional personal data) and the list of faults of a refused import file.

Both are opened with ``open()`` (window-modal, never a nested event loop). The add dialog
reads the free slots and adds the booking on the runner it is given and stays open with
the core's refusal on it until the booking is stored (``added(BookingInfo)``) or it is
closed; tests fill its fields and press its buttons as a supervisor would.
"""

from __future__ import annotations

import logging
from datetime import date, time

from PySide6.QtCore import QDate, QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db import booking
from db.booking import BookingInfo, NewBooking
from db.database import Database
from db.roles import Actor
from supervisor.booking_data import ServiceQuota, SlotChoice, free_slots, time_text
from supervisor.booking_texts import refusal_text
from ui.i18n import register, retranslate_on_switch, tr, translator
from ui.tasks import TaskRunner
from ui.theme import ACCENT, DANGER, MUTED

log = logging.getLogger("antrian.supervisor.booking")

TEXTS: dict[str, dict[str, str]] = {
    "supervisor.booking.add_title": {"id": "Tambah Booking", "en": "Add a Booking"},
    "supervisor.booking.f.service": {"id": "Layanan", "en": "Service"},
    "supervisor.booking.f.date": {"id": "Tanggal", "en": "Date"},
    "supervisor.booking.f.time": {"id": "Waktu", "en": "Time"},
    "supervisor.booking.f.name": {"id": "Nama", "en": "Name"},
    "supervisor.booking.f.company": {"id": "Perusahaan", "en": "Company"},
    "supervisor.booking.f.nib": {"id": "NIB", "en": "NIB"},
    "supervisor.booking.f.phone": {"id": "Telepon", "en": "Phone"},
    "supervisor.booking.f.optional": {"id": "boleh dikosongkan", "en": "optional"},
    "supervisor.booking.f.nib_hint": {"id": "13 angka, boleh dikosongkan", "en": "13 digits, optional"},
    "supervisor.booking.f.personal": {
        "id": "Data pribadi hanya disimpan {days} hari, lalu dihapus (UU PDP).",
        "en": "Personal data is kept {days} days, then erased (PDP law)."},
    "supervisor.booking.slot_left": {"id": "{time} · sisa {n}", "en": "{time} · {n} left"},
    "supervisor.booking.slot_full": {"id": "{time} · penuh", "en": "{time} · full"},
    "supervisor.booking.slot_free": {"id": "{time}", "en": "{time}"},
    "supervisor.booking.slots_loading": {"id": "Memuat slot…", "en": "Loading the slots…"},
    "supervisor.booking.no_slots": {"id": "Tidak ada slot yang dapat dipesan pada tanggal ini (tutup atau penuh).",
                                    "en": "No slot can be booked on this date (closed or full)."},
    "supervisor.booking.no_service": {"id": "Tidak ada layanan yang menerima booking.",
                                      "en": "No service takes bookings."},
    "supervisor.booking.save": {"id": "Simpan Booking", "en": "Save Booking"},
    "supervisor.booking.saving": {"id": "Menyimpan…", "en": "Saving…"},
    "supervisor.booking.back": {"id": "Kembali", "en": "Back"},
    "supervisor.booking.nib_short": {"id": "NIB harus 13 angka.", "en": "The NIB must have 13 digits."},
}
register(TEXTS)

BUTTON_STYLE = "font-size: 13pt; padding: 6px 20px;"


def _button(text_key: str, *, primary: bool = False) -> QPushButton:
    button = QPushButton(tr(text_key))
    style = BUTTON_STYLE + (f" background: {ACCENT}; color: white; font-weight: bold; border-radius: 6px;"
                            if primary else "")
    button.setStyleSheet(style)
    button.setMinimumHeight(44)
    button.setAutoDefault(False)
    return button


class AddBookingDialog(QDialog):
    """A new booking by hand: the service, the date (today or later), a slot that still has room,
    and the visitor's name, company, NIB and phone when given. ``added(BookingInfo)`` once stored."""

    added = Signal(object)

    def __init__(self, runner: TaskRunner, db: Database, actor: Actor, services: list[ServiceQuota], day: date,
                 today: date, zone: str, retention_days: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addBookingDialog")
        self.runner, self.db, self.actor, self.zone = runner, db, actor, zone
        self.services = [s for s in services if s.takes_bookings]
        self.today = today
        self.retention_days = retention_days
        self.slots: list[SlotChoice] = []
        self._asked = 0  # the newest slot read; older answers are dropped
        self._saving = False
        self._gone = False  # closed (and soon deleted): answers still on the runner are dropped
        self.finished.connect(lambda _r: setattr(self, "_gone", True))
        self._message: tuple[str, str, dict[str, object]] | None = None
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.setContentsMargins(22, 18, 22, 18)
        layout.setSpacing(10)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 17pt; font-weight: bold;")
        layout.addWidget(self.heading)
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(8)
        self.service = QComboBox()
        self.service.setObjectName("bookingService")
        for s in self.services:
            self.service.addItem("", s.code)
        self.date = QDateEdit()
        self.date.setObjectName("bookingDate")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd-MM-yyyy")
        self.date.setMinimumDate(QDate(today.year, today.month, today.day))
        start = max(day, today)
        self.date.setDate(QDate(start.year, start.month, start.day))
        self.time = QComboBox()
        self.time.setObjectName("bookingTime")
        self.time.setMinimumWidth(220)
        self.name, self.company, self.nib, self.phone = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        self.name.setMaxLength(120)
        self.company.setMaxLength(160)
        self.nib.setMaxLength(13)
        self.nib.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,13}"), self.nib))
        self.phone.setMaxLength(20)
        self.phone.setValidator(QRegularExpressionValidator(QRegularExpression(r"\+?[0-9 ]{0,19}"), self.phone))
        for name, edit in (("bookingName", self.name), ("bookingCompany", self.company), ("bookingNib", self.nib),
                           ("bookingPhone", self.phone)):
            edit.setObjectName(name)
            edit.setMinimumWidth(360)
        self.labels: dict[str, QLabel] = {}
        for key, field in (("service", self.service), ("date", self.date), ("time", self.time), ("name", self.name),
                           ("company", self.company), ("nib", self.nib), ("phone", self.phone)):
            self.labels[key] = QLabel()
            form.addRow(self.labels[key], field)
        self.setStyleSheet("QLabel, QLineEdit, QComboBox, QDateEdit { font-size: 12pt; }")
        layout.addLayout(form)
        self.personal = QLabel()
        self.personal.setWordWrap(True)
        self.personal.setStyleSheet(f"color: {MUTED}; font-size: 10.5pt;")
        layout.addWidget(self.personal)
        self.status = QLabel()
        self.status.setObjectName("bookingDialogStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        row = QHBoxLayout()
        row.addStretch(1)
        self.back_button = _button("supervisor.booking.back")
        self.save_button = _button("supervisor.booking.save", primary=True)
        self.save_button.setObjectName("saveBookingButton")
        row.addWidget(self.back_button)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        self.back_button.clicked.connect(self.reject)
        self.save_button.clicked.connect(self.save)
        self.service.currentIndexChanged.connect(lambda _i: self.read_slots())
        self.time.currentIndexChanged.connect(lambda _i: self._enable())
        self.date.dateChanged.connect(lambda _d: self.read_slots())
        retranslate_on_switch(self)
        self.read_slots()

    # -- choosing ---------------------------------------------------------------------------------
    def chosen_day(self) -> date:
        """The date chosen."""
        value = self.date.date().toPython()
        assert isinstance(value, date)
        return value

    def choose(self, code: str, day: date | None = None) -> None:
        """Pick the service ``code`` (and ``day``) as a supervisor would; the slots are read again."""
        index = self.service.findData(code)
        if index < 0:
            raise ValueError(f"service {code} takes no bookings here")
        self.service.setCurrentIndex(index)
        if day is not None:
            self.date.setDate(QDate(day.year, day.month, day.day))
        self.read_slots()

    def read_slots(self) -> None:
        """Read the free slots of the service and date chosen (on the runner)."""
        code = self.service.currentData()
        self.slots = []
        self.time.clear()
        if not code:
            self._say("supervisor.booking.no_service", DANGER)
            self._enable()
            return
        self._asked += 1
        asked, db, day = self._asked, self.db, self.chosen_day()
        self._say("supervisor.booking.slots_loading", MUTED)
        self._enable()
        self.runner.run(lambda: free_slots(db, code, day), lambda slots: self._slots_read(asked, slots),
                        lambda error: self._failed(error) if asked == self._asked and not self._gone else None)

    def _slots_read(self, asked: int, slots: list[SlotChoice]) -> None:
        if self._gone or asked != self._asked:
            return
        self.slots = slots
        self._fill_times()
        first_free = next((i for i, s in enumerate(slots) if not s.full), -1)
        self.time.setCurrentIndex(first_free)
        if first_free < 0:
            self._say("supervisor.booking.no_slots", DANGER)
        elif self._message is not None and self._message[0] == "supervisor.booking.slots_loading":
            self._say(None)
        self._enable()

    def _fill_times(self) -> None:
        current = self.time.currentIndex()
        self.time.blockSignals(True)
        self.time.clear()
        model = self.time.model()
        assert isinstance(model, QStandardItemModel)  # a QComboBox's own model
        for i, slot in enumerate(self.slots):
            shown = time_text(self.chosen_day(), slot.at, self.zone)
            key = ("supervisor.booking.slot_free" if slot.left is None else
                   "supervisor.booking.slot_full" if slot.full else "supervisor.booking.slot_left")
            self.time.addItem(tr(key, time=shown, n=slot.left))
            item = model.item(i)
            if slot.full and item is not None:  # shown, so the supervisor sees why, but never chosen
                item.setEnabled(False)
        self.time.setCurrentIndex(current)
        self.time.blockSignals(False)

    def time_index(self, at: time) -> int:
        """The row of the time list offering ``at`` (-1 when it is not offered)."""
        return next((i for i, slot in enumerate(self.slots) if slot.at == at), -1)

    def chosen_time(self) -> time | None:
        """The time chosen (None when there is none to choose)."""
        index = self.time.currentIndex()
        return self.slots[index].at if 0 <= index < len(self.slots) else None

    def choose_time(self, at: time) -> None:
        """Pick the time ``at`` as a supervisor would."""
        index = self.time_index(at)
        if index < 0:
            raise ValueError(f"no slot at {at}")
        self.time.setCurrentIndex(index)

    # -- saving -----------------------------------------------------------------------------------
    def new_booking(self) -> NewBooking | None:
        """The booking as the form holds it (None without a service or slot)."""
        code, at = self.service.currentData(), self.chosen_time()
        if not code or at is None:
            return None

        def given(edit: QLineEdit) -> str | None:
            return " ".join(edit.text().split()) or None

        return NewBooking(service_code=code, day=self.chosen_day(), time=at, name=given(self.name),
                          company=given(self.company), nib=given(self.nib), phone=given(self.phone))

    def save(self) -> None:
        """Add the booking (on the runner); the dialog closes once it is stored."""
        new = self.new_booking()
        if new is None or self._saving:
            return
        if new.nib is not None and len(new.nib) != 13:
            self._say("supervisor.booking.nib_short", DANGER)
            self.nib.setFocus()
            return
        self._saving = True
        self._say("supervisor.booking.saving", MUTED)
        self._enable()
        db, actor = self.db, self.actor
        self.runner.run(lambda: booking.add(db, new, origin="console", actor=actor), self._saved, self._refused)

    def _saved(self, info: BookingInfo) -> None:
        self._saving = False
        if self._gone:
            return
        log.info("booking %s added from the console", info.code,
                 extra={"event": "booking_added", "code": info.code, "service": info.service_code})
        self.added.emit(info)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self._saving = False
        if self._gone:
            return
        self._failed(error)
        field = getattr(error, "field", None)
        focus = {"service": self.service, "date": self.date, "time": self.time, "name": self.name,
                 "company": self.company, "nib": self.nib, "phone": self.phone}.get(field or "")
        if focus is not None:
            focus.setFocus()
        if getattr(error, "reason", None) in ("quota", "past"):
            keep = self._message
            self.read_slots()  # the slot filled up meanwhile (or began): show what is left
            self._message = keep
            self._show_message()

    def _failed(self, error: BaseException) -> None:
        log.warning("booking not added: %s", error)
        self._message = ("", DANGER, {"text": refusal_text(error)})
        self._show_message()
        self._enable()

    # -- showing ----------------------------------------------------------------------------------
    def _say(self, key: str | None, colour: str = MUTED, **values: object) -> None:
        self._message = None if key is None else (key, colour, values)
        self._show_message()

    def _show_message(self) -> None:
        if self._message is None:
            self.status.setText("")
            return
        key, colour, values = self._message
        self.status.setStyleSheet(f"color: {colour}; font-size: 12pt; font-weight: bold;")
        self.status.setText(tr(key, **values) if key else str(values.get("text", "")))

    def _enable(self) -> None:
        chosen = self.time.currentIndex()
        self.save_button.setEnabled(not self._saving and 0 <= chosen < len(self.slots)
                                    and not self.slots[chosen].full)
        self.back_button.setEnabled(not self._saving)
        for w in (self.service, self.date, self.time):
            w.setEnabled(not self._saving)

    def reject(self) -> None:
        """Close without a booking; not while one is being stored (its answer closes the dialog)."""
        if not self._saving:
            super().reject()

    def message(self) -> str:
        """The line under the form (a refusal, or what is being done)."""
        return self.status.text()

    def translate_ui(self) -> None:
        """Every text in the current language."""
        title = tr("supervisor.booking.add_title")
        self.setWindowTitle(title)
        self.heading.setText(title)
        english = translator().language == "en"
        for i, s in enumerate(self.services):
            self.service.setItemText(i, f"{s.code} — {s.name_en if english else s.name_id}")
        for key, label in self.labels.items():
            label.setText(tr(f"supervisor.booking.f.{key}"))
        for edit in (self.name, self.company, self.phone):
            edit.setPlaceholderText(tr("supervisor.booking.f.optional"))
        self.nib.setPlaceholderText(tr("supervisor.booking.f.nib_hint"))
        self.personal.setText(tr("supervisor.booking.f.personal", days=self.retention_days))
        self.back_button.setText(tr("supervisor.booking.back"))
        self.save_button.setText(tr("supervisor.booking.save"))
        self._fill_times()
        self._show_message()


class ImportErrorsDialog(QDialog):
    """The faults of a refused import file, one a line by row and column, and "Tutup"."""

    def __init__(self, name: str, lines: list[str], more: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importErrorsDialog")
        title = tr("supervisor.booking.errors_title")
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 18)
        layout.setSpacing(10)
        heading = QLabel(title)
        heading.setStyleSheet(f"font-size: 17pt; font-weight: bold; color: {DANGER};")
        layout.addWidget(heading)
        intro = QLabel(tr("supervisor.booking.errors_intro", name=name))
        intro.setWordWrap(True)
        intro.setStyleSheet("font-size: 12pt;")
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setObjectName("importErrors")
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # long faults wrap instead
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.list.setStyleSheet("QListWidget { font-size: 12pt; } QListWidget::item { padding: 4px 2px; }")
        self.list.addItems(lines)
        if more:
            self.list.addItem(tr("supervisor.booking.errors_more", n=more))
        self.list.setMinimumSize(640, min(12, max(3, self.list.count())) * 30 + 10)
        layout.addWidget(self.list)
        row = QHBoxLayout()
        row.addStretch(1)
        self.close_button = _button("supervisor.booking.close", primary=True)
        self.close_button.clicked.connect(self.accept)
        row.addWidget(self.close_button)
        layout.addLayout(row)

    def lines(self) -> list[str]:
        """The faults as listed."""
        return [self.list.item(i).text() for i in range(self.list.count())]
