"""The "Booking" sub-page of the Administration page: whether the kiosk checks bookings in,
the check-in window around the booked time, the length of a booking slot (the unit each
service's booking quota counts in) and how long a booking's personal data is kept.

The values are site settings (``db.settings``: ``booking_*``), saved with
``db.admin.save_settings`` like the other settings: checked by their rules, audited, and
refused as a conflict when another administrator changed one meanwhile. The per-service
quota and requirements are on the "Layanan" sub-page.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db import admin
from db.roles import Actor
from db.settings import RULES
from db.validation import Choice, Whole
from supervisor.admin_common import AdminPanel, button_row
from ui.backend import Backend
from ui.i18n import register, retranslate_on_switch, tr
from ui.theme import MUTED

TEXTS: dict[str, dict[str, str]] = {
    "supervisor.admin.tab.booking": {"id": "Booking", "en": "Bookings"},
    "supervisor.admin.booking.intro": {
        "id": "Pengunjung yang sudah memesan lewat antrean daring melakukan check-in di kios dengan kode booking. "
              "Kuota booking dan persyaratan tiap layanan diatur di sub-halaman Layanan.",
        "en": "Visitors who booked through the online queue check in at the kiosk with their booking code. "
              "Each service's booking quota and requirements are set on the Services sub-page."},
    "supervisor.admin.booking.kiosk_box": {"id": "Check-in di Kios", "en": "Check-in at the Kiosk"},
    "supervisor.admin.booking.data_box": {"id": "Slot dan Data Pribadi", "en": "Slots and Personal Data"},
    "supervisor.admin.booking.booking_kiosk": {
        "id": "Kios menampilkan tombol “Punya kode booking?” dan menerima pemindai kode",
        "en": "The kiosk shows “Have a booking code?” and accepts a code scanner"},
    "supervisor.admin.booking.booking_early_minutes": {"id": "Check-in Dibuka Sebelum (menit)",
                                                       "en": "Check-in Opens Before (min)"},
    "supervisor.admin.booking.early_hint": {
        "id": "sebelum waktu booking; lebih awal diminta kembali nanti",
        "en": "before the booked time; earlier visitors are asked to come back"},
    "supervisor.admin.booking.booking_late_minutes": {"id": "Check-in Ditutup Setelah (menit)",
                                                      "en": "Check-in Closes After (min)"},
    "supervisor.admin.booking.late_hint": {
        "id": "setelah waktu booking; yang terlambat mendapat tiket biasa",
        "en": "after the booked time; later visitors get an ordinary ticket"},
    "supervisor.admin.booking.booking_slot_minutes": {"id": "Lama Slot Booking (menit)",
                                                      "en": "Booking Slot Length (min)"},
    "supervisor.admin.booking.slot_hint": {
        "id": "kuota booking tiap layanan dihitung per slot", "en": "each service's booking quota counts per slot"},
    "supervisor.admin.booking.booking_retention_days": {"id": "Data Pribadi Disimpan (hari)",
                                                        "en": "Personal Data Kept (days)"},
    "supervisor.admin.booking.retention_hint": {
        "id": "lalu nama, perusahaan, NIB, dan telepon dihapus (UU PDP)",
        "en": "then name, company, NIB and phone are erased (PDP law)"},
}
register(TEXTS)

#: The numbers typed, in the order shown, with the hint beside each.
NUMBERS = (("booking_early_minutes", "early_hint"), ("booking_late_minutes", "late_hint"),
           ("booking_retention_days", "retention_hint"))
#: Every setting this sub-page edits (the slot's length is one of a few choices).
BOOKING_SETTINGS = ("booking_kiosk", "booking_early_minutes", "booking_late_minutes", "booking_slot_minutes",
                    "booking_retention_days")


class BookingSettingsPanel(AdminPanel):
    """The bookings' site settings: the kiosk's check-in, its window, the slot, the retention."""

    def __init__(self, backend: Backend, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(backend, actor, parent)
        self.read: dict[str, Any] = {}
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setStyleSheet(f"color: {MUTED};")
        self.kiosk = QCheckBox(self)
        self.kiosk.setObjectName("booking_kiosk")
        self.numbers: dict[str, QSpinBox] = {}
        self.hints: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        self.kiosk_box, self.data_box = QGroupBox(self), QGroupBox(self)
        kiosk_form, data_form = QFormLayout(self.kiosk_box), QFormLayout(self.data_box)
        kiosk_form.addRow(self.kiosk)
        for key, hint in NUMBERS:
            box = QSpinBox(self)
            rule: Whole = RULES[key]
            box.setRange(rule.low, rule.high)
            box.setObjectName(key)
            self.numbers[key] = box
            self._add_row(kiosk_form if key != "booking_retention_days" else data_form, key, box, hint)
        self.slot = QComboBox(self)
        self.slot.setObjectName("booking_slot_minutes")
        slot_rule: Choice = RULES["booking_slot_minutes"]
        for minutes in slot_rule.choices:
            self.slot.addItem(str(minutes), minutes)
        self._add_row(data_form, "booking_slot_minutes", self.slot, "slot_hint")
        self.save_button, self.reload_button = QPushButton(self), QPushButton(self)
        self.save_button.setObjectName("saveBookingSettings")
        self.save_button.clicked.connect(self.save)
        self.reload_button.clicked.connect(self.reload)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.kiosk_box)
        layout.addWidget(self.data_box)
        layout.addLayout(button_row((self.reload_button,), (self.save_button,)))
        layout.addStretch(1)
        layout.addWidget(self.status)
        retranslate_on_switch(self)

    def _add_row(self, form: QFormLayout, key: str, field: QWidget, hint: str) -> None:
        """A labelled row: ``field`` and its muted hint beside it."""
        self.hints[hint] = QLabel(self)
        self.hints[hint].setStyleSheet(f"color: {MUTED};")
        self.labels[key] = QLabel(self)
        form.addRow(self.labels[key], button_row((field, self.hints[hint])))

    def translate_ui(self) -> None:
        """Set every text in the current language."""
        self.intro.setText(tr("supervisor.admin.booking.intro"))
        self.kiosk_box.setTitle(tr("supervisor.admin.booking.kiosk_box"))
        self.data_box.setTitle(tr("supervisor.admin.booking.data_box"))
        self.kiosk.setText(tr("supervisor.admin.booking.booking_kiosk"))
        for key, label in self.labels.items():
            label.setText(tr(f"supervisor.admin.booking.{key}"))
        for key, hint in self.hints.items():
            hint.setText(tr(f"supervisor.admin.booking.{key}"))
        self.save_button.setText(tr("supervisor.admin.save"))
        self.reload_button.setText(tr("supervisor.admin.reload"))
        self.status.translate_ui()

    def reload(self) -> None:
        """Read the settings again."""
        db, actor = self.backend.db, self.actor
        self.run(lambda: admin.site_settings(db, actor), self._loaded, reading=True)

    def _loaded(self, read: dict[str, Any]) -> None:
        self.read = read
        self.kiosk.setChecked(bool(read.get("booking_kiosk")))
        for key, spin in self.numbers.items():
            spin.setValue(int(read.get(key, spin.minimum())))
        self.slot.setCurrentIndex(max(0, self.slot.findData(read.get("booking_slot_minutes"))))
        self.loaded.emit()

    def values(self) -> dict[str, Any]:
        """Every booking setting as the form shows it."""
        shown: dict[str, Any] = {"booking_kiosk": self.kiosk.isChecked()}
        shown.update({key: spin.value() for key, spin in self.numbers.items()})
        shown["booking_slot_minutes"] = self.slot.currentData()
        return {key: shown[key] for key in BOOKING_SETTINGS}

    def changes(self) -> dict[str, Any]:
        """The booking settings whose control differs from what was read."""
        return {key: value for key, value in self.values().items() if value != self.read.get(key)}

    def save(self) -> None:
        """Save the changed settings; one someone else changed since is a conflict."""
        self.save_settings(self.changes(), self.read)
