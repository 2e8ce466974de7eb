"""The "Booking" tab on a real database (SQLite and PostgreSQL): a day's bookings listed and
counted by status and against each service's quota, the filters, other days, adding a
booking through the dialog (its free slots, its refusals), cancelling with a reason,
importing a file (and the same file again, and a faulty one listed by row and column),
saving a slip, reading again when bookings change elsewhere, who gets the tab, and English.

The clock is the test site's Monday 2 March 2026; the sample site takes 2 bookings per
30-minute slot for A and B, 1 for C and D, 3 for E and 4 for F; the day's fixture lets F take
none (the services are always open in tests).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db import admin, audit, booking, roles, siteconfig
from db.booking import BookingInfo, NewBooking
from db.clock import FakeClock
from db.database import Database
from db.errors import NotPermitted
from db.models import Service
from supervisor.actions_dialogs import ChoiceDialog, ConfirmDialog
from supervisor.booking_data import slot_grid
from supervisor.booking_dialogs import AddBookingDialog, ImportErrorsDialog
from supervisor.booking_page import BookingPage, error_line
from supervisor.window import PAGES
from tests.supervisor import console_helpers
from tests.supervisor.console_helpers import WAIT_MS, Consoles
from ui.i18n import translator

consoles = console_helpers.consoles  # the fixture

DAY = date(2026, 3, 2)  # the fake clock's Monday
TOMORROW = DAY + timedelta(days=1)
COUNTS_ID = ("Dipesan: 2", "Sudah check-in: 1", "Terlambat: 1", "Dibatalkan: 1", "Tidak datang: 1", "Jumlah: 6")


def book(db: Database, code: str, at: time, day: date = DAY, **personal: str) -> BookingInfo:
    """A booking as the command line adds it (the administrator signed in for it)."""
    return booking.add(db, NewBooking(code, day, at, **personal), origin="cli", actor=boss(db))


def sample_booking(db: Database) -> None:
    """The sample site's booking quotas per slot and requirements (the standard test site clears them)."""
    sample = {v["code"]: v for v in siteconfig.load(siteconfig.SAMPLE).services}
    with db.write() as s:
        for svc in s.scalars(select(Service)):
            entry = sample[svc.code]
            svc.booking_quota = entry["booking_quota"]
            svc.requirements_id, svc.requirements_en = entry["requirements_id"], entry["requirements_en"]


def boss(db: Database) -> roles.Actor:
    """The sample site's administrator, signed in (not the supervisor the page's tests act as)."""
    return roles.sign_in(db, "admin", "admin123", place="test")


@pytest.fixture
def day_db(db: Database, fake_clock: FakeClock) -> dict[str, BookingInfo]:
    """Six bookings of today, one of each outcome, the clock at 09.50 WIB: Budi (A 10.30) and
    E 11.00 still booked, Rina (A 10.30) cancelled, B 10.00 checked in, C 09.30 came late,
    D 09.30 never came. F takes no bookings (quota 0)."""
    sample_booking(db)
    with db.write() as s:
        f = s.scalar(select(Service).where(Service.code == "F"))
        assert f is not None
        f.booking_quota = 0
    made = {
        "budi": book(db, "A", time(10, 30), name="Budi Santoso", company="PT Sehat Farma", nib="1234567890123",
                     phone="081234567890"),
        "rina": book(db, "A", time(10, 30), name="Rina"),
        "b": book(db, "B", time(10, 0), company="CV Obat Jaya"),
        "c": book(db, "C", time(9, 30)),
        "d": book(db, "D", time(9, 30)),
        "e": book(db, "E", time(11, 0)),
    }
    booking.cancel(db, made["rina"].code, reason="test", actor=boss(db))
    fake_clock.advance(minutes=50)
    assert booking.check_in(db, made["b"].code).outcome == "issued"
    assert booking.check_in(db, made["c"].code).outcome == "late"
    booking.sweep_no_shows(db)
    return {key: booking.find(db, info.code) for key, info in made.items()}


def _page(consoles: Consoles, user: str = "supervisor") -> BookingPage:
    page = consoles.page(BookingPage, user=user)
    assert isinstance(page, BookingPage)
    return page


def _cells(page: BookingPage) -> list[list[str]]:
    table = page.table
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def _acted(qtbot: QtBot, page: BookingPage, name: str) -> None:
    """Wait for the action ``name`` to go through and the day to be shown again after it."""
    with qtbot.waitSignal(page.acted, timeout=WAIT_MS, check_params_cb=lambda n: n == name):
        pass


def _go(qtbot: QtBot, page: BookingPage, press: Callable[[], object], day: date) -> None:
    """Press a day's control and wait until ``day`` is shown (a read asked before may come first)."""
    press()
    qtbot.waitUntil(lambda: page.day() == day and page._message is None, timeout=WAIT_MS)


def _select(page: BookingPage, code: str) -> None:
    assert page.select(code), code


# -- the day ----------------------------------------------------------------------------------


def test_the_day_listed_and_counted(consoles: Consoles, day_db: dict[str, BookingInfo]) -> None:
    page = _page(consoles)
    assert page.day() == DAY
    assert page.day_label.text() == "Senin, 2 Maret 2026 (hari ini)"
    rows = _cells(page)
    budi, b = day_db["budi"], day_db["b"]
    assert [r[0] for r in rows] == ["09.30 WIB", "09.30 WIB", "10.00 WIB", "10.30 WIB", "10.30 WIB", "11.00 WIB"]
    assert [r[0:2] + r[3:5] for r in rows if r[1] == budi.code] == [
        ["10.30 WIB", budi.code, "Budi Santoso · PT Sehat Farma", "Dipesan"]]
    [b_row] = [r for r in rows if r[1] == b.code]
    assert b_row[2:] == ["B — Desk Prasertifikasi", "CV Obat Jaya", "Sudah check-in", b.ticket_label]
    assert sorted(r[4] for r in rows) == sorted(
        ["Dipesan", "Dibatalkan", "Sudah check-in", "Terlambat", "Tidak datang", "Dipesan"])
    late = next(r for r in rows if r[1] == day_db["c"].code)
    assert late[5] == day_db["c"].ticket_label != "–"  # the ordinary ticket it got
    assert next(r for r in rows if r[1] == day_db["e"].code)[3] == "–"  # no name given
    counts = page.counts_label.text()
    assert all(part in counts for part in COUNTS_ID), counts
    tip = page.table.item(next(i for i, r in enumerate(rows) if r[1] == budi.code), 3).toolTip()
    assert tip == "NIB: 1234567890123\nTelepon: 081234567890\nAsal: baris perintah"
    # per service: bookings not cancelled, who came, the quota per slot, slots full
    quota = [[page.quota_table.item(r, c).text() for c in range(5)] for r in range(page.quota_table.rowCount())]
    assert quota == [
        ["A — Desk CAPA", "1", "0", "2", "0 dari 48"],
        ["B — Desk Prasertifikasi", "1", "1", "2", "0 dari 48"],
        ["C — Permohonan Fasilitas Bersama (Fasber)", "1", "1", "1", "1 dari 48"],
        ["D — Diskusi Denah", "1", "0", "1", "1 dari 48"],
        ["E — Konsultasi E-Sertifikasi", "1", "0", "3", "0 dari 48"],
        ["F — Pengambilan Sertifikat", "0", "0", "0", "–"]]
    assert page.quota_hint.text() == ("Slot 30 menit; kuota 0: layanan tidak menerima booking. "
                                      "Booking yang dibatalkan tidak dihitung.")
    assert page.status_text() == "6 booking ditampilkan."
    assert not page.today_button.isEnabled()


def test_filters_and_other_days(qtbot: QtBot, consoles: Consoles, day_db: dict[str, BookingInfo],
                                db: Database) -> None:
    book(db, "A", time(8, 0), day=TOMORROW, name="Besok")
    page = _page(consoles)
    page.service_filter.setCurrentIndex(page.service_filter.findData("A"))
    assert sorted(r[1] for r in _cells(page)) == sorted([day_db["budi"].code, day_db["rina"].code])
    assert {r[2] for r in _cells(page)} == {"A — Desk CAPA"}
    assert page.status_text() == "2 dari 6 booking ditampilkan."
    page.status_filter.setCurrentIndex(page.status_filter.findData("cancelled"))
    assert [r[1] for r in _cells(page)] == [day_db["rina"].code]
    page.status_filter.setCurrentIndex(page.status_filter.findData("no_show"))
    assert _cells(page) == [] and page.status_text() == "Tidak ada booking yang cocok dengan penyaring."
    page.status_filter.setCurrentIndex(0)
    _go(qtbot, page, page.next_button.click, TOMORROW)
    assert page.day_label.text() == "Selasa, 3 Maret 2026"
    assert [r[3] for r in _cells(page)] == ["Besok"]  # still filtered to A
    assert page.today_button.isEnabled()
    _go(qtbot, page, page.next_button.click, TOMORROW + timedelta(days=1))
    assert page.status_text() == "Tidak ada booking pada hari ini." and "Jumlah: 0" in page.counts_label.text()
    _go(qtbot, page, page.today_button.click, DAY)
    assert len(_cells(page)) == 2
    _go(qtbot, page, page.previous_button.click, DAY - timedelta(days=1))
    page.date_edit.setDate(QDate(2026, 3, 3))  # the calendar
    qtbot.waitUntil(lambda: page.day() == TOMORROW and len(_cells(page)) == 1, timeout=WAIT_MS)


def test_the_slot_grid() -> None:
    monday = {"mon": ["08:00", "10:00"], "fri": ["08:00", "09:15"]}
    assert slot_grid(monday, DAY, 30) == (time(8, 0), time(8, 30), time(9, 0), time(9, 30))
    assert slot_grid(monday, DAY + timedelta(days=4), 30) == (time(8, 0), time(8, 30), time(9, 0))
    assert slot_grid(monday, DAY + timedelta(days=1), 30) == ()  # closed on Tuesday
    assert len(slot_grid({}, DAY, 30)) == 48 and len(slot_grid({}, DAY, 45)) == 32
    # slots count from midnight, as the core counts the quota: 08.15 falls in the 08.00 slot
    assert slot_grid({"mon": ["08:15", "09:00"]}, DAY, 30) == (time(8, 0), time(8, 30))


# -- adding -----------------------------------------------------------------------------------


def _add_dialog(qtbot: QtBot, page: BookingPage, code: str, day: date | None = None) -> AddBookingDialog:
    page.add_button.click()
    dialog = page.dialog
    assert isinstance(dialog, AddBookingDialog)
    dialog.choose(code, day)
    qtbot.waitUntil(lambda: dialog.time.count() > 0 or "Tidak ada slot" in dialog.message(), timeout=WAIT_MS)
    return dialog


def test_add_a_booking_through_the_dialog(qtbot: QtBot, consoles: Consoles, day_db: dict[str, BookingInfo],
                                          db: Database) -> None:
    page = _page(consoles)
    dialog = _add_dialog(qtbot, page, "A")
    assert [dialog.service.itemText(i) for i in range(dialog.service.count())] == [
        "A — Desk CAPA", "B — Desk Prasertifikasi", "C — Permohonan Fasilitas Bersama (Fasber)", "D — Diskusi Denah",
        "E — Konsultasi E-Sertifikasi"]  # F takes no bookings
    # 09.50 now: the slots begun are not offered; each shows what it still takes
    assert dialog.time.itemText(0) == "10.00 WIB · sisa 2" and dialog.time_index(time(9, 30)) < 0
    assert dialog.personal.text() == "Data pribadi hanya disimpan 30 hari, lalu dihapus (UU PDP)."
    dialog.choose_time(time(11, 0))
    dialog.name.setText("  Siti   Aminah ")
    dialog.company.setText("PT Farmasi Nusantara")
    dialog.nib.setText("123")
    dialog.save_button.click()
    assert dialog.message() == "NIB harus 13 angka." and dialog.isVisible()
    dialog.nib.setText("9876543210123")
    with qtbot.waitSignal(dialog.added, timeout=WAIT_MS) as added:
        dialog.save_button.click()
    info = added.args[0]
    assert (info.service_code, info.local_time, info.name, info.nib, info.origin) == (
        "A", time(11, 0), "Siti Aminah", "9876543210123", "console")
    qtbot.waitUntil(lambda: any(r[1] == info.code for r in _cells(page)), timeout=WAIT_MS)
    assert page.selected() is not None and page.selected().code == info.code  # type: ignore[union-attr]
    assert page.status_text() == f"Booking {info.code} ditambahkan: A — Desk CAPA, Senin, 2 Maret 2026 pukul 11.00 WIB."
    [entry] = audit.entries(db, action="booking_added", username="supervisor")
    assert entry.target == info.code
    # a slot at its quota is shown as full and cannot be chosen
    book(db, "A", time(11, 0))
    dialog = _add_dialog(qtbot, page, "A")
    assert dialog.time.itemText(dialog.time_index(time(10, 30))) == "10.30 WIB · sisa 1"  # Rina's was cancelled
    index = dialog.time_index(time(11, 0))
    assert dialog.time.itemText(index) == "11.00 WIB · penuh"
    assert not dialog.time.model().item(index).isEnabled()  # type: ignore[attr-defined]
    dialog.reject()


def test_adding_refused_by_the_core_is_said_in_the_dialog(qtbot: QtBot, consoles: Consoles,
                                                           day_db: dict[str, BookingInfo], db: Database) -> None:
    page = _page(consoles)
    dialog = _add_dialog(qtbot, page, "C", TOMORROW)
    assert dialog.time.itemText(0) == "00.00 WIB · sisa 1"
    dialog.choose_time(time(9, 0))
    book(db, "C", time(9, 0), day=TOMORROW)  # another console took the last place meanwhile
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.message() == "Slot itu sudah penuh; pilih waktu lain.", timeout=WAIT_MS)
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.time.itemText(dialog.time_index(time(9, 0))) == "09.00 WIB · penuh",
                    timeout=WAIT_MS)
    assert dialog.message() == "Slot itu sudah penuh; pilih waktu lain."
    dialog.reject()
    assert len(booking.bookings(db, TOMORROW)) == 1
    with db.write() as s:  # D opens on Mondays only
        d = s.scalar(select(Service).where(Service.code == "D"))
        assert d is not None
        d.hours = {"mon": ["08:00", "12:00"]}
    dialog = _add_dialog(qtbot, page, "D", TOMORROW)
    assert dialog.time.count() == 0 and not dialog.save_button.isEnabled()
    assert dialog.message() == "Tidak ada slot yang dapat dipesan pada tanggal ini (tutup atau penuh)."
    dialog.choose("D", DAY)
    qtbot.waitUntil(lambda: dialog.time.count() > 0, timeout=WAIT_MS)
    assert [dialog.time.itemText(i) for i in range(dialog.time.count())] == [
        "10.00 WIB · sisa 1", "10.30 WIB · sisa 1", "11.00 WIB · sisa 1", "11.30 WIB · sisa 1"]
    dialog.reject()


def test_an_inactive_service_keeps_its_bookings_but_takes_no_more(qtbot: QtBot, consoles: Consoles,
                                                                   day_db: dict[str, BookingInfo], db: Database) -> None:
    with db.write() as s:
        e = s.scalar(select(Service).where(Service.code == "E"))
        assert e is not None
        e.active = False
    page = _page(consoles)
    assert "E — Konsultasi E-Sertifikasi" in [page.quota_table.item(r, 0).text() for r in range(page.quota_table.rowCount())]
    dialog = _add_dialog(qtbot, page, "A")
    assert dialog.service.findData("E") < 0 and dialog.service.findData("F") < 0
    dialog.reject()


# -- cancelling -------------------------------------------------------------------------------


def test_cancel_with_a_reason_and_a_confirmation(qtbot: QtBot, consoles: Consoles, day_db: dict[str, BookingInfo],
                                                 db: Database) -> None:
    page = _page(consoles)
    budi = day_db["budi"]
    _select(page, day_db["b"].code)
    assert not page.cancel_button.isEnabled() and not page.slip_button.isEnabled()  # checked in already
    _select(page, budi.code)
    assert page.cancel_button.isEnabled()
    page.cancel_button.click()
    choice = page.dialog
    assert isinstance(choice, ChoiceDialog)
    assert choice.windowTitle() == f"Alasan membatalkan booking {budi.code}"
    choice.choose(choice.values()[0])
    qtbot.waitUntil(lambda: isinstance(page.dialog, ConfirmDialog), timeout=WAIT_MS)
    confirm = page.dialog
    assert isinstance(confirm, ConfirmDialog)
    assert confirm.body.text().startswith(
        "A — Desk CAPA, Senin, 2 Maret 2026 pukul 10.30 WIB (Budi Santoso, PT Sehat Farma).\n"
        "Alasan: Permintaan pengunjung.")
    with qtbot.waitSignal(page.acted, timeout=WAIT_MS):
        confirm.confirm()
    assert page.status_text() == f"Booking {budi.code} dibatalkan."
    assert booking.find(db, budi.code).status == "cancelled"
    [entry] = audit.entries(db, action="booking_cancelled", username="supervisor")
    assert (entry.target, entry.after) == (budi.code, {"status": "cancelled", "reason": "Permintaan pengunjung"})
    qtbot.waitUntil(lambda: "Dibatalkan: 2" in page.counts_label.text(), timeout=WAIT_MS)
    assert not page.cancel_button.isEnabled()


def test_a_cancel_refused_by_the_core_is_shown(qtbot: QtBot, consoles: Consoles, day_db: dict[str, BookingInfo],
                                               db: Database) -> None:
    page = _page(consoles)
    code = day_db["e"].code
    booking.cancel(db, code, actor=boss(db))  # cancelled at another console a moment ago
    with qtbot.assertNotEmitted(page.acted):  # a refusal is no action (waiting for one cost this test 15 s)
        page.cancel(code, "Permintaan pengunjung")
        qtbot.waitUntil(lambda: page.status_text().startswith("Booking itu tidak dapat dibatalkan lagi"), timeout=WAIT_MS)


# -- importing --------------------------------------------------------------------------------

CSV = ("layanan,tanggal,jam,nama,perusahaan,nib\n"
       "A,2026-03-03,09:00,Andi Wijaya,PT Satu,1111111111111\n"
       "B,2026-03-03,09:30,Beni,,\n"
       "Diskusi Denah,03/03/2026,10.00,,CV Tiga,\n")


def test_import_a_file_and_the_same_file_again(qtbot: QtBot, consoles: Consoles, db: Database,
                                               fake_clock: FakeClock, tmp_path: Path) -> None:
    path = tmp_path / "booking-3-maret.csv"
    path.write_text(CSV, encoding="utf-8")
    page = _page(consoles)
    page.choose_import_path = lambda: str(path)  # type: ignore[method-assign]
    with qtbot.waitSignal(page.acted, timeout=WAIT_MS):
        page.import_button.click()
    assert page.status_text() == "booking-3-maret.csv: 3 ditambahkan, 0 sudah ada."
    with qtbot.waitSignal(page.acted, timeout=WAIT_MS):
        page.import_button.click()
    assert page.status_text() == "booking-3-maret.csv: 0 ditambahkan, 3 sudah ada."
    _go(qtbot, page, lambda: page.step_day(1), TOMORROW)
    assert [(r[0], r[2], r[3]) for r in _cells(page)] == [
        ("09.00 WIB", "A — Desk CAPA", "Andi Wijaya · PT Satu"), ("09.30 WIB", "B — Desk Prasertifikasi", "Beni"),
        ("10.00 WIB", "D — Diskusi Denah", "CV Tiga")]
    assert {b.origin for b in booking.bookings(db, TOMORROW)} == {"import"}
    [entry] = audit.entries(db, action="booking_imported")
    assert (entry.username, entry.target, entry.after["added"]) == ("supervisor", "3 bookings", 3)
    page.choose_import_path = lambda: ""  # type: ignore[method-assign]
    page.import_button.click()  # cancelled in the file dialog: nothing happens
    assert page.status_text() == "3 booking ditampilkan." and not page._busy


def test_a_faulty_file_is_refused_whole_with_its_faults_listed(qtbot: QtBot, consoles: Consoles, db: Database,
                                                               fake_clock: FakeClock, tmp_path: Path) -> None:
    path = tmp_path / "salah.csv"
    path.write_text("layanan,tanggal,jam,nama\n"
                    "A,2026-03-03,09:00,Benar\n"
                    "A,2026-03-03,25:00,Jam salah\n"
                    "Z,2026-02-30,09:00,Layanan dan tanggal salah\n", encoding="utf-8")
    page = _page(consoles)
    page.import_file(str(path))
    qtbot.waitUntil(lambda: isinstance(page.dialog, ImportErrorsDialog), timeout=WAIT_MS)
    dialog = page.dialog
    assert isinstance(dialog, ImportErrorsDialog)
    lines = dialog.lines()
    assert lines[0].startswith("Baris 3, kolom “jam”: "), lines
    assert any(line.startswith("Baris 4, kolom “layanan”: ") for line in lines), lines
    assert any(line.startswith("Baris 4, kolom “tanggal”: ") for line in lines), lines
    assert page.status_text() == "salah.csv ditolak; tidak ada booking yang diimpor. Perbaiki berkasnya, lalu impor lagi."
    assert booking.bookings(db, TOMORROW) == []
    dialog.close_button.click()
    assert page.dialog is None


def test_error_lines_in_both_languages(qapp: object) -> None:
    assert error_line(3, "jam", "bad time") == "Baris 3, kolom “jam”: bad time"
    assert error_line(2, None, "too many") == "Baris 2: too many"
    assert error_line(4, "tanggal", "bad", item=True) == "Butir 4, “tanggal”: bad"
    assert error_line(None, None, "empty file") == "empty file"
    translator().set_language("en")
    try:
        assert error_line(3, "jam", "bad time") == "Row 3, column “jam”: bad time"
    finally:
        translator().set_language("id")


# -- the slip ---------------------------------------------------------------------------------


def test_save_the_slip_of_a_booking(qtbot: QtBot, consoles: Consoles, day_db: dict[str, BookingInfo],
                                    tmp_path: Path) -> None:
    page = _page(consoles)
    budi = day_db["budi"]
    _select(page, budi.code)
    asked: list[str] = []

    def where(name: str) -> str:
        asked.append(name)
        return str(tmp_path / name)

    page.choose_slip_path = where  # type: ignore[method-assign]
    with qtbot.waitSignal(page.acted, timeout=WAIT_MS):
        page.slip_button.click()
    saved = tmp_path / f"booking-{budi.code}.pdf"
    assert asked == [saved.name]
    assert saved.read_bytes().startswith(b"%PDF")
    assert page.status_text() == f"Bukti booking {budi.code} disimpan ke {saved}."


# -- live, roles, languages ---------------------------------------------------------------------


def test_a_booking_added_elsewhere_appears(qtbot: QtBot, consoles: Consoles, day_db: dict[str, BookingInfo],
                                           db: Database, fake_clock: FakeClock) -> None:
    page = _page(consoles)
    new = book(db, "E", time(13, 0), name="Dari CLI")
    qtbot.waitUntil(lambda: any(r[1] == new.code for r in _cells(page)), timeout=WAIT_MS)
    assert "Jumlah: 7" in page.counts_label.text()
    fake_clock.advance(minutes=15)
    assert booking.check_in(db, day_db["budi"].code).outcome == "issued"  # at the kiosk: a ticket issued
    qtbot.waitUntil(lambda: "Sudah check-in: 2" in page.counts_label.text(), timeout=WAIT_MS)


def test_the_page_sweeps_the_no_shows(qtbot: QtBot, consoles: Consoles, db: Database, fake_clock: FakeClock) -> None:
    missed = book(db, "D", time(10, 0), name="Tidak Jadi")
    fake_clock.advance(hours=1, minutes=16)  # 10.16: its window closed at 10.15, nobody swept yet
    assert booking.find(db, missed.code).status == "booked"
    page = _page(consoles)  # the console runs the housekeeping as the kiosks do
    qtbot.waitUntil(lambda: [r[4] for r in _cells(page)] == ["Tidak datang"], timeout=WAIT_MS)
    assert booking.find(db, missed.code).status == "no_show"


def test_the_tab_is_for_supervisors_and_administrators(consoles: Consoles, db: Database) -> None:
    spec = next(p for p in PAGES if p.key == "booking")
    assert spec.page_class() is BookingPage and not spec.admin_only
    for user, password in (("supervisor", "supervisor123"), ("admin", "admin123")):
        shell = consoles.shell(user=user, password=password, page="booking")
        window = shell.window_
        assert window is not None and "Booking" in [window.tabs.tabText(i) for i in range(window.tabs.count())]
        assert isinstance(window.tabs.currentWidget(), BookingPage)
    with pytest.raises(NotPermitted):  # an officer never gets into the console
        roles.sign_in(db, "siti", "siti123")


def test_a_supervisor_demoted_meanwhile_is_refused(qtbot: QtBot, consoles: Consoles, day_db: dict[str, BookingInfo],
                                                   db: Database) -> None:
    page = _page(consoles)
    boss = roles.sign_in(db, "admin", "admin123")
    sup = next(o for o in admin.officers(db, boss) if o.username == "supervisor")
    admin.save_officer(db, boss, admin.OfficerSpec("supervisor", sup.display_name, "officer"), sup)
    page.cancel(day_db["budi"].code, "Permintaan pengunjung")
    qtbot.waitUntil(lambda: page.status_text() == "Akun ini bukan koordinator layanan atau administrator.",
                    timeout=WAIT_MS)
    assert booking.find(db, day_db["budi"].code).status == "booked"


def test_english(qtbot: QtBot, consoles: Consoles, day_db: dict[str, BookingInfo]) -> None:
    page = _page(consoles)
    translator().set_language("en")
    assert page.day_label.text() == "Monday, 2 March 2026 (today)"
    counts = page.counts_label.text()
    assert all(part in counts for part in ("Booked: 2", "Checked in: 1", "Late: 1", "Cancelled: 1", "No-show: 1",
                                           "Total: 6")), counts
    assert page.add_button.text() == "Add Booking…" and page.slip_button.text() == "Save Slip (PDF)…"
    assert [r[0] for r in _cells(page)][0] == "09:30 WIB"
    assert page.quota_table.item(0, 3).text() == "2" and page.quota_hint.text().startswith("30-minute slots")
    assert page.status_text() == "6 bookings shown."
