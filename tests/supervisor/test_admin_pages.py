"""The Administration page (supervisor/admin_*.py) offscreen: saving, refusals, conflicts,
the site file, both languages, and how it looks at 1366×768 and 1920×1080."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QPushButton

from db import admin, audit, queue, roles, siteconfig
from db.database import Database
from supervisor.admin_counters import CountersPanel
from supervisor.admin_officers import OfficersPanel
from supervisor.admin_page import AdminPage
from supervisor.admin_services import ServicesPanel
from supervisor.admin_settings import SettingsPanel, SiteFilePanel
from ui.backend import Backend
from ui.i18n import translator
from ui.live import LiveFeed
from ui.tasks import TaskRunner

WAIT_MS = 15_000
CONFLICT = "Data ini baru saja diubah oleh {}. Muat ulang lalu ulangi."


class Harness:
    """An AdminPage as the console's window holds it: its own database handle, runner and feed."""

    def __init__(self, qtbot: Any, url: str, user: str = "admin", password: str = "admin123", *,
                 synchronous: bool = True, size: tuple[int, int] = (1366, 768)) -> None:
        self.db = Database(url)
        self.runner = TaskRunner(synchronous=synchronous)
        self.live = LiveFeed(self.db)
        self.actor = roles.sign_in(self.db, user, password, place="test console")
        self.page = AdminPage(Backend(self.db, self.runner, self.live), self.actor)
        qtbot.addWidget(self.page)
        self.page.resize(*size)
        if not synchronous:
            with qtbot.waitSignal(self.page.ready, timeout=WAIT_MS):
                self.page.show()
        else:
            self.page.show()

    def close(self) -> None:
        self.page.close()
        self.runner.wait()
        self.live.stop()
        self.db.dispose()


@pytest.fixture
def harness(qtbot: Any, site_db_url: str) -> Iterator[Harness]:
    h = Harness(qtbot, site_db_url)
    yield h
    h.close()


def pick(panel: Any, key: Any) -> None:
    """Select the table row of ``key`` as a click would."""
    for r in range(panel.table.rowCount()):
        if panel.table.item(r, 0).data(Qt.ItemDataRole.UserRole) == key:
            panel.table.selectRow(r)
            return
    raise AssertionError(f"no row {key}")


def other_admin(db: Database, boss: roles.Actor) -> roles.Actor:
    """A second administrator, signed in elsewhere."""
    admin.save_officer(db, boss, admin.OfficerSpec("rina", "Rina Wulandari", "admin"), None, password="rina1234")
    return roles.sign_in(db, "rina", "rina1234")


def spec_of(db: Database, boss: roles.Actor, code: str) -> admin.ServiceSpec:
    return next(v for v in admin.services(db, boss) if v.code == code)


# -- services --------------------------------------------------------------------------------------


def test_change_a_service_through_the_form(harness: Harness) -> None:
    panel: ServicesPanel = harness.page.services
    assert panel.table.rowCount() == 6
    pick(panel, "C")
    assert panel.name_id.text() == "Permohonan Fasilitas Bersama (Fasber)" and panel.code.isReadOnly()
    panel.name_en.setText("Shared Facility (Fasber)")
    panel.quota.setValue(0)  # "Tanpa batas"
    assert panel.quota.text() == "Tanpa batas"
    panel.target_wait.setValue(25)
    panel.colour.choose = lambda: QColor("#004d40")  # type: ignore[method-assign]
    panel.colour.click()
    panel.hours.always.setChecked(False)
    panel.hours.days["mon"][0].setChecked(True)
    panel.hours.days["sat"][0].setChecked(True)
    assert panel.hours.hours() == {"mon": ["08:00", "15:00"], "sat": ["08:00", "15:00"]}
    panel.save_button.click()
    assert panel.status.text() == "Tersimpan."
    saved = spec_of(harness.db, harness.actor, "C")
    assert (saved.name_en, saved.daily_quota, saved.target_wait_min, saved.colour, saved.hours) == (
        "Shared Facility (Fasber)", None, 25, "#004d40", {"mon": ["08:00", "15:00"], "sat": ["08:00", "15:00"]})
    assert panel.editing == saved and panel.table.currentRow() == 2  # still on C after the reload
    [entry] = audit.entries(harness.db, target="service C")
    assert entry.username == "admin" and entry.after["daily_quota"] is None


def test_add_a_service_and_refusals(harness: Harness) -> None:
    panel = harness.page.services
    panel.new_button.click()
    assert not panel.code.isReadOnly() and panel.sort_order.value() == 6
    panel.code.setText("g")
    panel.name_id.setText("Legalisir Dokumen")
    panel.name_en.setText("Document Legalisation")
    panel.save_button.click()
    assert panel.status.text() == "Tersimpan."
    assert spec_of(harness.db, harness.actor, "G").name_id == "Legalisir Dokumen"
    assert panel.table.rowCount() == 7
    assert "G — Legalisir Dokumen" in [harness.page.counters.order.item(i).text()
                                       for i in range(harness.page.counters.order.count())]  # the others reloaded
    panel.new_button.click()
    panel.code.setText("A")
    panel.name_id.setText("Lagi")
    panel.name_en.setText("Again")
    panel.save_button.click()
    assert panel.status.text() == "Tidak disimpan: Kode layanan A sudah dipakai oleh Desk CAPA."
    pick(panel, "A")
    panel.name_id.setText("   ")
    panel.save_button.click()
    assert panel.status.text() == "Tidak disimpan: name_id: is required text"
    panel.hours.always.setChecked(False)
    panel.hours.days["tue"][0].setChecked(True)
    panel.hours.days["tue"][2].setTime(panel.hours.days["tue"][1].time())
    panel.name_id.setText("Desk CAPA")
    panel.save_button.click()
    assert panel.status.text() == "Tidak disimpan: hours.tue: opening time must be before closing time"
    assert spec_of(harness.db, harness.actor, "A").hours == {}


def test_two_administrators_on_one_service_the_second_is_told(harness: Harness) -> None:
    panel = harness.page.services
    pick(panel, "D")
    panel.name_en.setText("Floor Plans")  # typed while rina saves from her own console
    rina = other_admin(harness.db, harness.actor)
    d = spec_of(harness.db, rina, "D")
    admin.save_service(harness.db, rina, dataclasses.replace(d, target_wait_min=40), d)
    panel.save_button.click()
    assert panel.status.text() == CONFLICT.format("rina")
    # reloaded: the form shows rina's save, and nothing of the refused one was written
    assert panel.target_wait.value() == 40 and panel.name_en.text() == "Floor Plan Discussion"
    assert spec_of(harness.db, rina, "D").name_en == "Floor Plan Discussion"
    panel.name_en.setText("Floor Plans")
    panel.save_button.click()
    assert panel.status.text() == "Tersimpan."
    assert (spec_of(harness.db, rina, "D").name_en, spec_of(harness.db, rina, "D").target_wait_min) == (
        "Floor Plans", 40)


# -- counters -------------------------------------------------------------------------------------


def test_counter_services_in_order_and_refusals(harness: Harness) -> None:
    panel: CountersPanel = harness.page.counters
    pick(panel, 1)
    assert panel.order.served() == ("A", "B")
    c_row = next(i for i in range(panel.order.count()) if panel.order.item(i).data(Qt.ItemDataRole.UserRole) == "C")
    panel.order.item(c_row).setCheckState(Qt.CheckState.Checked)
    panel.order.setCurrentRow(c_row)
    for _ in range(c_row):
        panel.up.click()
    assert panel.order.served() == ("C", "A", "B")
    panel.rule.setCurrentIndex(panel.rule.findData("longest_wait"))
    panel.save_button.click()
    assert panel.status.text() == "Tersimpan."
    assert admin.counters(harness.db, harness.actor)[0].services == ("C", "A", "B")
    assert admin.counters(harness.db, harness.actor)[0].call_rule == "longest_wait"
    assert panel.table.item(0, 3).text() == "Terlama menunggu"
    panel.new_button.click()
    assert panel.number.value() == 4 and panel.name.text() == "Loket 4"
    panel.save_button.click()
    assert panel.status.text() == "Tidak disimpan: services: must list at least one service code"
    panel.order.item(0).setCheckState(Qt.CheckState.Checked)
    panel.save_button.click()
    assert panel.status.text() == "Tersimpan."
    assert [c.number for c in admin.counters(harness.db, harness.actor)] == [1, 2, 3, 4]
    assert queue.sign_in(harness.db, 4, "supervisor", "supervisor123").username == "supervisor"


# -- officers -------------------------------------------------------------------------------------


def test_officers_add_disable_enable_reset_and_role(harness: Harness) -> None:
    panel: OfficersPanel = harness.page.officers
    panel.new_button.click()
    assert not panel.toggle_button.isEnabled()
    panel.username.setText("nia")
    panel.display_name.setText("Nia Kurnia")
    panel.save_button.click()
    assert panel.status.text() == "Tidak disimpan: the password is required for a new officer"
    panel.password.setText("nia12345")
    panel.save_button.click()
    assert panel.status.text() == "Tersimpan." and panel.password.text() == ""
    assert queue.sign_in(harness.db, 1, "nia", "nia12345", take_over=True).username == "nia"
    assert panel.toggle_button.text() == "Nonaktifkan"
    panel.toggle_button.click()
    assert panel.toggle_button.text() == "Aktifkan"
    assert next(o for o in admin.officers(harness.db, harness.actor) if o.username == "nia").active is False
    panel.toggle_button.click()
    panel.role.setCurrentIndex(panel.role.findData("supervisor"))
    panel.save_button.click()
    assert roles.sign_in(harness.db, "nia", "nia12345").role == "supervisor"
    assert panel.table.item([o.username for o in panel.specs].index("nia"), 2).text() == "Koordinator Layanan"
    panel.reset_button.click()
    assert panel.status.text() == "Isi kata sandi baru dahulu."
    panel.password.setText("baru5678")
    panel.reset_button.click()
    assert panel.status.text() == "Kata sandi nia disetel ulang; kunci masuk juga dibuka."
    assert roles.sign_in(harness.db, "nia", "baru5678").username == "nia"
    pick(panel, "admin")
    panel.toggle_button.click()
    assert panel.status.text() == ("Tidak disimpan: Anda tidak dapat menonaktifkan akun sendiri; "
                                   "administrator lain yang harus melakukannya.")
    panel.role.setCurrentIndex(panel.role.findData("officer"))
    panel.save_button.click()
    assert panel.status.text().startswith("Tidak disimpan: Administrator adalah satu-satunya administrator aktif.")


# -- settings and the kiosk PIN -----------------------------------------------------------------


def test_settings_save_refuse_and_conflict(harness: Harness) -> None:
    panel: SettingsPanel = harness.page.settings
    assert panel.fields["site_name"].text() == "Direktorat Pengawasan Produksi Obat"
    panel.save_button.click()
    assert panel.status.text() == "Tidak ada yang berubah."
    panel.fields["site_name"].setText("Kantor Pelayanan Terpadu")
    panel.paths["media_dir"].choose = lambda: "/srv/antrian/media"  # type: ignore[method-assign]
    panel.paths["media_dir"].button.click()
    panel.save_button.click()
    assert panel.status.text() == "Tersimpan."
    st = queue.queue_snapshot(harness.db).settings
    assert (st.site_name, st.media_dir) == ("Kantor Pelayanan Terpadu", "/srv/antrian/media")
    panel.fields["announcement_template_id"].setText("Nomor {nomor} ke loket {counter}")
    panel.save_button.click()
    assert "Tidak disimpan: setting 'announcement_template_id' has an unknown field {nomor}" in panel.status.text()
    panel.fields["announcement_template_id"].setText("Nomor {number}, silakan ke loket {counter}")
    rina = other_admin(harness.db, harness.actor)
    admin.save_settings(harness.db, rina, {"announcement_template_id": "Nomor {number} ke {counter_name}"},
                        admin.site_settings(harness.db, rina))
    panel.save_button.click()
    assert panel.status.text() == CONFLICT.format("rina")
    assert panel.fields["announcement_template_id"].text() == "Nomor {number} ke {counter_name}"


def test_kiosk_pin_set_and_removed(harness: Harness) -> None:
    panel = harness.page.settings
    assert panel.pin_state.text() == "Belum ada PIN kios." and not panel.clear_pin_button.isEnabled()
    panel.pin.setText("12ab")
    panel.set_pin_button.click()
    assert panel.status.text() == "Tidak disimpan: the kiosk PIN must be 4 to 12 digits"
    panel.pin.setText("2468")
    panel.set_pin_button.click()
    assert panel.status.text() == "PIN kios disetel." and panel.pin_state.text() == "PIN kios terpasang."
    assert panel.pin.text() == ""
    from db import access

    assert access.check_kiosk_pin(harness.db, "2468") is True
    panel.clear_pin_button.click()
    assert panel.status.text() == "PIN kios dihapus." and panel.pin_state.text() == "Belum ada PIN kios."


# -- the site file ----------------------------------------------------------------------------


def test_export_and_import_the_site_file(harness: Harness, tmp_path: Path) -> None:
    panel: SiteFilePanel = harness.page.sitefile
    target = tmp_path / "situs.toml"
    panel.choose_export_path = lambda: str(target)  # type: ignore[method-assign]
    panel.export_button.click()
    assert panel.status.text() == f"Berkas situs diekspor ke {target}."
    text = target.read_text(encoding="utf-8")
    assert text == siteconfig.export(harness.db)
    target.write_text(text.replace('name_id = "Diskusi Denah"', 'name_id = "Diskusi Denah Bangunan"'), "utf-8")
    panel.choose_import_path = lambda: str(target)  # type: ignore[method-assign]
    panel.import_button.click()
    assert panel.status.text() == ("Berkas situs diimpor. Berubah: 0 pengaturan, 1 layanan, 0 loket, 0 petugas.")
    assert harness.page.services.table.item(3, 1).text() == "Diskusi Denah Bangunan"  # reloaded
    before = siteconfig.export(harness.db)
    target.write_text(before.replace("Desk CAPA", "Desk Baru").replace('colour = "#2e7d32"', 'colour = "hijau"'),
                      "utf-8")
    panel.import_button.click()
    assert panel.status.text().startswith(f"Tidak disimpan: {target}: services[1].colour: must be a colour")
    assert siteconfig.export(harness.db) == before
    panel.choose_import_path = lambda: str(tmp_path / "tidak-ada.toml")  # type: ignore[method-assign]
    panel.import_button.click()
    assert panel.status.text().startswith("Tidak disimpan: cannot read")
    panel.choose_import_path = lambda: ""  # type: ignore[method-assign]
    panel.import_button.click()  # cancelled: nothing happens
    assert panel.status.text().startswith("Tidak disimpan: cannot read")


# -- roles, languages, threads, looks ---------------------------------------------------------------


def test_a_supervisor_gets_no_data_and_a_clear_refusal(qtbot: Any, site_db_url: str) -> None:
    h = Harness(qtbot, site_db_url, "supervisor", "supervisor123")
    try:
        assert h.page.services.table.rowCount() == 0
        assert h.page.services.status.text() == "Gagal memuat: Dewi Lestari is not an administrator"
        assert h.page.officers.table.rowCount() == 0
    finally:
        h.close()


def test_both_languages(harness: Harness) -> None:
    page = harness.page
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "Layanan", "Loket", "Petugas", "Pengaturan", "Survei", "Booking", "Ekspor/Impor Berkas Situs"]
    translator().set_language("en")
    try:
        assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
            "Services", "Counters", "Officers", "Settings", "Survey", "Bookings", "Export/Import Site File"]
        assert page.services.save_button.text() == "Save"
        assert page.counters.table.item(2, 3).text() == "Longest wait"
        assert page.officers.role.itemText(1) == "Supervisor"
        assert page.settings.pin_state.text() == "No kiosk PIN is set."
    finally:
        translator().set_language("id")
    assert page.counters.table.item(2, 3).text() == "Terlama menunggu"


def test_threaded_runner_and_screenshots(qtbot: Any, site_db_url: str, tmp_path: Path) -> None:
    """With the real background runner; screenshots of each sub-page at both sizes."""
    for size in ((1366, 768), (1920, 1080)):
        h = Harness(qtbot, site_db_url, synchronous=False, size=size)
        try:
            pick(h.page.services, "A")
            for i in range(h.page.tabs.count()):
                h.page.tabs.setCurrentIndex(i)
                shot = h.page.grab()
                assert (shot.width(), shot.height()) == size
                assert shot.save(str(tmp_path / f"admin-{i}-{size[0]}x{size[1]}.png"))
            h.page.tabs.setCurrentIndex(0)
            panel = h.page.services
            panel.name_en.setText("CAPA Desk (corrective action)")
            with qtbot.waitSignal(panel.loaded, timeout=WAIT_MS):
                panel.save_button.click()
            assert panel.status.text() == "Tersimpan."
            for i, sub in enumerate(h.page.panels.values()):  # nothing cut off at this size
                h.page.tabs.setCurrentIndex(i)
                for child in sub.findChildren(QPushButton):
                    if child.isVisible():
                        corner = child.mapTo(h.page, child.rect().bottomRight())
                        assert h.page.rect().contains(corner), (size, child.text())
        finally:
            h.close()



def test_an_unexpected_failure_is_said_and_logged(harness: Harness, caplog: pytest.LogCaptureFixture) -> None:
    panel = harness.page.officers

    def broken() -> None:
        raise OSError("disk on fire")

    panel.run(broken, lambda _: None)
    assert panel.status.text() == "Tidak disimpan: disk on fire" and panel.isEnabled()
    assert any("administration action failed" in r.getMessage() for r in caplog.records)
    panel.run(broken, lambda _: None, reading=True)
    assert panel.status.text() == "Gagal memuat: disk on fire"


def test_site_file_faults_reading_and_writing(harness: Harness, tmp_path: Path) -> None:
    panel = harness.page.sitefile
    panel.choose_export_path = lambda: ""  # type: ignore[method-assign]
    panel.export_button.click()  # cancelled
    assert panel.status.text() == ""
    panel.choose_export_path = lambda: str(tmp_path / "no" / "such" / "situs.toml")  # type: ignore[method-assign]
    panel.export_button.click()
    assert panel.status.text().startswith("Tidak disimpan: cannot write") and "situs.toml" in panel.status.text()
    latin = tmp_path / "latin1.toml"
    latin.write_bytes('[site]\nsite_name = "Kantor Caf\xe9"\n'.encode("latin-1"))
    panel.choose_import_path = lambda: str(latin)  # type: ignore[method-assign]
    panel.import_button.click()
    assert panel.status.text() == f"Tidak disimpan: {latin}: not UTF-8 text"


def test_the_cores_common_refusals_read_in_both_languages(qapp: object) -> None:
    from supervisor.admin_texts import refusal_text

    translator().set_language("en")
    try:
        assert refusal_text("counter 4 would serve no active service") == (
            "Counter 4 would serve no active service. Give it another service or deactivate it first.")
    finally:
        translator().set_language("id")
    assert refusal_text("counter 4 already exists (Loket 4)") == "Loket 4 sudah ada."
    assert refusal_text("officer 'rina' already exists") == "Nama pengguna rina sudah dipakai."
    assert refusal_text("a username cannot change; add a new officer instead") == (
        "Nama pengguna tidak dapat diubah. Tambahkan petugas baru.")
    assert refusal_text("something new") == "something new"
