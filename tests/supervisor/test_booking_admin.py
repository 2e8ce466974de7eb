"""Bookings in the Administration page on a real database (SQLite and PostgreSQL): a service's
booking quota per slot (no limit, none, a number) and requirements in the "Layanan" form,
and the "Booking" sub-page's settings (the kiosk's check-in, its window, the slot, the
retention), saved, audited, kept to their rules, refused on a conflict, in both languages."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from db import admin, audit, queue
from db.database import Database
from db.settings import RULES
from supervisor.admin_booking import BOOKING_SETTINGS, BookingSettingsPanel
from supervisor.admin_services import NO_LIMIT, ServicesPanel
from tests.supervisor.test_admin_pages import CONFLICT, Harness, other_admin, pick, spec_of
from tests.supervisor.test_booking_page import sample_booking
from ui.i18n import translator


@pytest.fixture
def harness(qtbot: Any, site_db_url: str) -> Iterator[Harness]:
    db = Database(site_db_url)
    sample_booking(db)
    db.dispose()
    h = Harness(qtbot, site_db_url)
    yield h
    h.close()


# -- the services' form ---------------------------------------------------------------------------


def test_a_services_booking_quota_and_requirements(harness: Harness) -> None:
    panel: ServicesPanel = harness.page.services
    columns = [panel.table.horizontalHeaderItem(i).text() for i in range(panel.table.columnCount())]
    assert columns[4] == "Booking/Slot"
    assert [panel.table.item(r, 4).text() for r in range(6)] == ["2", "2", "1", "1", "3", "4"]
    pick(panel, "A")
    assert panel.booking_quota.value() == 2
    assert panel.requirements_id.toPlainText().startswith("NIB perusahaan; laporan CAPA")
    assert panel.booking_box.title() == "Booking Daring"
    assert panel.booking_hint.text().endswith("0: layanan ini tidak menerima booking.")
    panel.booking_quota.setValue(NO_LIMIT)
    assert panel.booking_quota.text() == "Tanpa batas"
    panel.requirements_id.setPlainText("  NIB perusahaan\nLaporan CAPA  ")
    panel.requirements_en.setPlainText("x" * 450)  # cut as it is typed
    assert len(panel.requirements_en.toPlainText()) == 400
    panel.save_button.click()
    assert panel.status.text() == "Tersimpan."
    saved = spec_of(harness.db, harness.actor, "A")
    assert (saved.booking_quota, saved.requirements_id, saved.requirements_en) == (
        None, "NIB perusahaan\nLaporan CAPA", "x" * 400)
    assert panel.table.item(0, 4).text() == "–"
    [entry] = audit.entries(harness.db, target="service A")
    assert entry.after["booking_quota"] is None and entry.before["booking_quota"] == 2
    panel.booking_quota.setValue(0)
    panel.save_button.click()
    assert spec_of(harness.db, harness.actor, "A").booking_quota == 0
    assert panel.table.item(0, 4).text() == "tidak ada"
    panel.new_button.click()  # a new service: no limit, nothing to bring
    assert panel.booking_quota.text() == "Tanpa batas" and panel.requirements_id.toPlainText() == ""


def test_another_administrator_changed_the_quota_meanwhile(harness: Harness) -> None:
    panel: ServicesPanel = harness.page.services
    pick(panel, "B")
    panel.booking_quota.setValue(5)
    rina = other_admin(harness.db, harness.actor)
    b = spec_of(harness.db, rina, "B")
    admin.save_service(harness.db, rina, dataclasses.replace(b, booking_quota=1), b)
    panel.save_button.click()
    assert panel.status.text() == CONFLICT.format("rina")
    assert panel.booking_quota.value() == 1  # reloaded: rina's save


# -- the "Booking" sub-page -----------------------------------------------------------------------


def test_the_booking_settings_are_shown(harness: Harness) -> None:
    panel: BookingSettingsPanel = harness.page.booking
    assert panel.values() == {"booking_kiosk": True, "booking_early_minutes": 30, "booking_late_minutes": 15,
                              "booking_slot_minutes": 30, "booking_retention_days": 30}
    assert set(panel.values()) == set(BOOKING_SETTINGS)
    assert panel.kiosk.text().startswith("Kios menampilkan tombol “Punya kode booking?”")
    assert panel.labels["booking_retention_days"].text() == "Data Pribadi Disimpan (hari)"
    assert panel.hints["retention_hint"].text() == "lalu nama, perusahaan, NIB, dan telepon dihapus (UU PDP)"
    panel.save_button.click()
    assert panel.status.text() == "Tidak ada yang berubah."


def test_save_the_booking_settings_audited(harness: Harness) -> None:
    panel: BookingSettingsPanel = harness.page.booking
    panel.kiosk.setChecked(False)
    panel.numbers["booking_early_minutes"].setValue(45)
    panel.numbers["booking_retention_days"].setValue(14)
    assert panel.changes() == {"booking_kiosk": False, "booking_early_minutes": 45, "booking_retention_days": 14}
    panel.save_button.click()
    assert panel.status.text() == "Tersimpan."
    st = queue.site_settings(harness.db)
    assert (st.booking_kiosk, st.booking_early_minutes, st.booking_late_minutes, st.booking_slot_minutes,
            st.booking_retention_days) == (False, 45, 15, 30, 14)
    entry = audit.entries(harness.db)[0]
    assert (entry.action, entry.after) == ("settings_changed", {"booking_kiosk": False, "booking_early_minutes": 45,
                                                                "booking_retention_days": 14})
    assert panel.changes() == {}


def test_the_numbers_keep_to_the_rules(harness: Harness) -> None:
    panel: BookingSettingsPanel = harness.page.booking
    for key, spin in panel.numbers.items():
        assert (spin.minimum(), spin.maximum()) == (RULES[key].low, RULES[key].high), key
    assert [panel.slot.itemData(i) for i in range(panel.slot.count())] == list(RULES["booking_slot_minutes"].choices)


def test_another_administrator_saved_the_settings_meanwhile(harness: Harness) -> None:
    panel: BookingSettingsPanel = harness.page.booking
    panel.slot.setCurrentIndex(panel.slot.findData(60))
    rina = other_admin(harness.db, harness.actor)
    read = admin.site_settings(harness.db, rina)
    admin.save_settings(harness.db, rina, {"booking_slot_minutes": 15}, read)
    panel.save_button.click()
    assert panel.status.text() == CONFLICT.format("rina")
    assert panel.slot.currentData() == 15 and panel.slot.currentText() == "15"


def test_english(harness: Harness) -> None:
    translator().set_language("en")
    try:
        panel = harness.page.booking
        assert panel.kiosk_box.title() == "Check-in at the Kiosk"
        assert panel.labels["booking_slot_minutes"].text() == "Booking Slot Length (min)"
        services = harness.page.services
        assert services.booking_box.title() == "Online Bookings"
        assert services.table.item(3, 4).text() == "1"
    finally:
        translator().set_language("id")


def test_the_site_file_carries_the_booking_keys(harness: Harness, tmp_path: Path) -> None:
    text = admin.export_site(harness.db, harness.actor)
    assert "booking_quota = 2" in text and "requirements_id = " in text and "booking_retention_days = 30" in text
