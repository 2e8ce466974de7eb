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

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QWidget

from db.roles import Actor
from db.settings import RULES
from db.validation import Choice
from supervisor.admin_common import SiteSettingsPanel
from ui.backend import Backend
from ui.i18n import register, tr

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


class BookingSettingsPanel(SiteSettingsPanel):
    """The bookings' site settings: the kiosk's check-in, its window, the slot, the retention."""

    def __init__(self, backend: Backend, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(backend, actor, "supervisor.admin.booking", parent)
        self.kiosk = QCheckBox(self)
        self.kiosk.setObjectName("booking_kiosk")
        self.kiosk_box, self.data_box = QGroupBox(self), QGroupBox(self)
        kiosk_form, data_form = QFormLayout(self.kiosk_box), QFormLayout(self.data_box)
        kiosk_form.addRow(self.kiosk)
        for key, hint in NUMBERS:
            self.add_number(kiosk_form if key != "booking_retention_days" else data_form, key, hint)
        self.slot = QComboBox(self)
        self.slot.setObjectName("booking_slot_minutes")
        slot_rule: Choice = RULES["booking_slot_minutes"]
        for minutes in slot_rule.choices:
            self.slot.addItem(str(minutes), minutes)
        self.add_row(data_form, "booking_slot_minutes", self.slot, "slot_hint")
        self.lay_out("saveBookingSettings", (self.kiosk_box, self.data_box))

    def translate_form(self) -> None:
        """The boxes' titles and the check box's text in the current language."""
        self.kiosk_box.setTitle(tr("supervisor.admin.booking.kiosk_box"))
        self.data_box.setTitle(tr("supervisor.admin.booking.data_box"))
        self.kiosk.setText(tr("supervisor.admin.booking.booking_kiosk"))

    def fill_form(self, read: dict[str, Any]) -> None:
        """Show the check box and the slot's length as read."""
        self.kiosk.setChecked(bool(read.get("booking_kiosk")))
        self.slot.setCurrentIndex(max(0, self.slot.findData(read.get("booking_slot_minutes"))))

    def values(self) -> dict[str, Any]:
        """Every booking setting as the form shows it."""
        shown: dict[str, Any] = {"booking_kiosk": self.kiosk.isChecked()}
        shown.update({key: spin.value() for key, spin in self.numbers.items()})
        shown["booking_slot_minutes"] = self.slot.currentData()
        return {key: shown[key] for key in BOOKING_SETTINGS}
