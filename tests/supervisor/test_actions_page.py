"""The "Tindakan" page through its buttons, on a real database (SQLite and PostgreSQL).

Each test drives the page as a supervisor would (search, click, answer the question) and
checks what the core stored, what the page shows, and the Indonesian sentence it says. A
refused action shows the core's reason. ``ANTRIAN_SCREENSHOT_DIR`` keeps the pictures.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from db import audit, floor, queue, roles, supervise
from db.database import Database
from db.errors import ServiceUnavailable
from db.records import TicketStatus
from supervisor.actions_base import ERROR, SUCCESS
from supervisor.actions_dialogs import OTHER, ChoiceDialog, ConfirmDialog
from supervisor.actions_page import COUNTERS, NOTICE, SERVICES, TICKET, ActionsPage
from supervisor.actions_ticket import CANCEL, MOVE, PRIORITY, REACTIVATE
from ui.backend import Backend
from ui.i18n import translator
from ui.live import LiveFeed
from ui.tasks import TaskRunner
from ui.theme import apply_theme

WAIT_MS = 15_000


@dataclass
class Console:
    """The page with its own database handle, runner and feed, as a console process has."""

    page: ActionsPage
    backend: Backend
    actor: roles.Actor

    @property
    def status(self) -> tuple[str, str]:
        return self.page.status.text(), self.page.status.level


@pytest.fixture(autouse=True)
def _look(qapp: QApplication) -> Iterator[None]:
    apply_theme(qapp)
    translator().set_language("id")
    yield
    translator().set_language("id")


@pytest.fixture
def console(qtbot: QtBot, site_db_url: str, db: Database) -> Iterator[Console]:
    """The actions page of a signed-in supervisor, showing the floor, feed connected."""
    own = Database(site_db_url)
    backend = Backend(own, TaskRunner(), LiveFeed(own))
    actor = roles.sign_in(own, "supervisor", "supervisor123")
    page = ActionsPage(backend, actor)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    with qtbot.waitSignal(page.ready, timeout=WAIT_MS):
        backend.live.start()
        page.show()
    yield Console(page, backend, actor)
    page.shutdown()
    page.hide()
    backend.live.stop()
    backend.runner.wait(WAIT_MS)
    own.dispose()


def shot(c: Console | QWidget, name: str, db: Database) -> None:
    """Keep a picture of the page or a dialog (SQLite run only) when ANTRIAN_SCREENSHOT_DIR is set."""
    folder = os.environ.get("ANTRIAN_SCREENSHOT_DIR")
    if not folder or db.dialect != "sqlite":
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    QApplication.sendPostedEvents()
    widget = c.page if isinstance(c, Console) else c
    assert widget.grab().save(str(Path(folder) / f"{name}.png"))


def wait_done(qtbot: QtBot, c: Console, level: str = SUCCESS) -> str:
    """Wait for the action to end with ``level``; the sentence shown."""
    qtbot.waitUntil(lambda: not c.page.acting.busy and c.page.status.level == level and bool(c.page.status.text()),
                    timeout=WAIT_MS)
    return c.page.status.text()


def find(qtbot: QtBot, c: Console, text: str, label: str) -> None:
    """Search ``text`` and choose ``label`` among the results."""
    c.page.show_section(TICKET)
    c.page.ticket.search(text)
    qtbot.waitUntil(lambda: c.page.ticket.found is not None and c.page.ticket.found.text == text, timeout=WAIT_MS)
    found = c.page.ticket.found
    assert found is not None
    match = next(t for t in found.tickets if t.label == label)
    for i in range(c.page.ticket.results.count()):
        if c.page.ticket.results.item(i).text().startswith(label):
            c.page.ticket.results.setCurrentRow(i)
    chosen = c.page.ticket.chosen()
    assert chosen is not None and chosen.id == match.id


def chosen_status(c: Console) -> str | None:
    t = c.page.ticket.chosen()
    return t.status if t is not None else None


def open_dialog(qtbot: QtBot, section: object) -> QDialog:
    qtbot.waitUntil(lambda: getattr(section, "dialog", None) is not None, timeout=WAIT_MS)
    dialog = section.dialog  # type: ignore[attr-defined]
    assert isinstance(dialog, QDialog)
    return dialog


# -- find a ticket ----------------------------------------------------------------------------------


def test_search_shows_the_ticket_and_only_the_actions_that_fit(console: Console, db: Database, qtbot: QtBot) -> None:
    c = console
    queue.issue_ticket(db, "A")
    queue.issue_ticket(db, "A")
    c.page.ticket.search("zz")
    qtbot.waitUntil(lambda: c.page.ticket.found is not None and c.page.ticket.found.text == "zz", timeout=WAIT_MS)
    assert c.page.ticket.result_info.text() == "Tidak ada tiket hari ini dengan nomor “zz”."
    find(qtbot, c, "A-2", "A-002")
    buttons = c.page.ticket.buttons
    assert c.page.ticket.label.text() == "A-002"
    assert c.page.ticket.facts["status"].text() == "menunggu"
    assert [b.isEnabled() for b in (buttons[REACTIVATE], buttons[MOVE], buttons[PRIORITY], buttons[CANCEL])] == [
        False, True, True, True]
    assert buttons[PRIORITY].text() == "Jadikan prioritas"
    queue.call_next(db, 1)  # a counter calls A-001 meanwhile: the page follows
    find(qtbot, c, "A001", "A-001")
    qtbot.waitUntil(lambda: chosen_status(c) == TicketStatus.CALLED, timeout=WAIT_MS)
    assert c.page.ticket.facts["at_counter"].text() == "Loket 1 · Siti Rahmawati"
    assert [b.isEnabled() for b in (buttons[REACTIVATE], buttons[MOVE], buttons[PRIORITY], buttons[CANCEL])] == [
        False, False, False, True]
    shot(c, "actions-ticket", db)


def test_reactivate_a_no_show_puts_it_back_at_its_place(console: Console, db: Database, qtbot: QtBot) -> None:
    c = console
    first = queue.issue_ticket(db, "A").ticket
    queue.issue_ticket(db, "A")
    queue.call_next(db, 1)
    queue.mark_no_show(db, 1)
    find(qtbot, c, "A-1", "A-001")
    qtbot.waitUntil(lambda: c.page.ticket.buttons[REACTIVATE].isEnabled(), timeout=WAIT_MS)
    c.page.ticket.buttons[REACTIVATE].click()
    assert wait_done(qtbot, c) == "A-001 aktif kembali dan menunggu di urutan semula."
    back = queue.ticket(db, first.id)
    assert back.status == TicketStatus.WAITING and back.queue_time == first.queue_time
    qtbot.waitUntil(lambda: chosen_status(c) == TicketStatus.WAITING, timeout=WAIT_MS)
    called = queue.call_next(db, 1).ticket
    assert called is not None and called.label == "A-001"  # first in line again, before A-002
    assert [e.action for e in audit.entries(db, username="supervisor")][0] == "ticket_reactivated"


def test_a_refused_action_shows_the_core_reason_in_indonesian(console: Console, db: Database, qtbot: QtBot) -> None:
    c = console
    queue.issue_ticket(db, "A")
    find(qtbot, c, "A-1", "A-001")
    t = c.page.ticket.chosen()
    assert t is not None
    c.page.ticket.reactivate(t)  # a stale click: the ticket is waiting, not a no-show
    text = wait_done(qtbot, c, ERROR)
    assert "A-001" in text and "menunggu" in text, text
    translator().set_language("en")
    c.page.ticket.reactivate(t)
    text = wait_done(qtbot, c, ERROR)
    assert "A-001" in text and "waiting" in text, text


def test_move_a_waiting_ticket_to_another_service(console: Console, db: Database, qtbot: QtBot) -> None:
    c = console
    queue.issue_ticket(db, "A")
    find(qtbot, c, "A-1", "A-001")
    c.page.ticket.buttons[MOVE].click()
    dialog = open_dialog(qtbot, c.page.ticket)
    assert isinstance(dialog, ChoiceDialog)
    assert "A" not in dialog.values() and "B" in dialog.values()
    assert dialog.texts()[0].startswith("1   B — Desk Prasertifikasi (")
    shot(dialog, "actions-move-dialog", db)
    dialog.choose("B")
    text = wait_done(qtbot, c)
    assert text.endswith("dipindahkan ke Desk Prasertifikasi."), text
    waiting_b = [t for t in queue.queue_snapshot(db).services if t.code == "B"][0]
    assert waiting_b.waiting == 1
    qtbot.waitUntil(lambda: (c.page.ticket.chosen() or queue.ticket(db, 1)).service_code == "B", timeout=WAIT_MS)


def test_cancel_with_a_reason_and_priority_both_ways(console: Console, db: Database, qtbot: QtBot) -> None:
    c = console
    queue.issue_ticket(db, "C")
    find(qtbot, c, "C1", "C-001")
    c.page.ticket.buttons[PRIORITY].click()
    assert wait_done(qtbot, c) == "C-001 kini tiket prioritas."
    qtbot.waitUntil(lambda: c.page.ticket.buttons[PRIORITY].text() == "Batalkan prioritas", timeout=WAIT_MS)
    assert queue.ticket(db, c.page.ticket.chosen_id or 0).priority
    assert c.page.ticket.priority_mark.isVisible()
    c.page.ticket.buttons[PRIORITY].click()
    assert wait_done(qtbot, c) == "C-001 bukan tiket prioritas lagi."
    c.page.ticket.buttons[CANCEL].click()
    dialog = open_dialog(qtbot, c.page.ticket)
    assert isinstance(dialog, ChoiceDialog)
    dialog.choose(OTHER, "Pengunjung pulang lebih awal")
    assert wait_done(qtbot, c) == "C-001 dibatalkan."
    qtbot.waitUntil(lambda: chosen_status(c) == TicketStatus.CANCELLED, timeout=WAIT_MS)
    entry = audit.entries(db, action="ticket_cancelled")[0]
    assert "Pengunjung pulang lebih awal" in str(entry.after) + str(entry.before) + entry.target, entry
    assert c.page.ticket.buttons[REACTIVATE].isEnabled()  # a cancelled ticket can come back


# -- counters ---------------------------------------------------------------------------------------


def test_pause_resume_and_sign_an_officer_out(console: Console, db: Database, qtbot: QtBot) -> None:
    c = console
    c.page.show_section(COUNTERS)
    row = c.page.counters.row(2)
    assert row.officer.text() == "Budi Santoso" and row.state.text() == "Kosong"
    row.pause_button.click()
    dialog = open_dialog(qtbot, c.page.counters)
    assert isinstance(dialog, ChoiceDialog)
    shot(dialog, "actions-pause-dialog", db)
    dialog.choose("Salat")
    assert wait_done(qtbot, c) == "Loket 2 dijeda (Salat)."
    qtbot.waitUntil(lambda: row.state.text() == "Istirahat: Salat", timeout=WAIT_MS)
    snapshot_counter = [k for k in queue.queue_snapshot(db).counters if k.number == 2][0]
    assert snapshot_counter.paused and snapshot_counter.pause_reason == "Salat"
    assert row.pause_button.text() == "Lanjutkan"
    shot(c, "actions-counters", db)
    row.pause_button.click()
    assert wait_done(qtbot, c) == "Loket 2 melayani lagi."
    qtbot.waitUntil(lambda: row.state.text() == "Kosong", timeout=WAIT_MS)
    row.sign_out_button.click()
    dialog = open_dialog(qtbot, c.page.counters)
    assert isinstance(dialog, ConfirmDialog)
    assert dialog.windowTitle() == "Keluarkan Budi Santoso dari Loket 2?"
    shot(dialog, "actions-sign-out-confirm", db)
    dialog.confirm()
    assert wait_done(qtbot, c) == "Budi Santoso dikeluarkan dari Loket 2."
    qtbot.waitUntil(lambda: row.state.text() == "Tutup", timeout=WAIT_MS)
    assert row.officer.text() == "Tidak ada petugas" and not row.sign_out_button.isEnabled()
    actions = [e.action for e in audit.entries(db, username="supervisor")]
    assert actions[:3] == ["officer_signed_out", "counter_resumed", "counter_paused"]


def test_pause_refused_while_a_visitor_is_at_the_counter(console: Console, db: Database, qtbot: QtBot) -> None:
    c = console
    queue.issue_ticket(db, "A")
    queue.call_next(db, 1)
    c.page.show_section(COUNTERS)
    row = c.page.counters.row(1)
    qtbot.waitUntil(lambda: row.state.text() == "Dipanggil A-001", timeout=WAIT_MS)
    assert not row.pause_button.isEnabled()
    c.page.counters.pause(1, "Rapat")  # as a click made just before the call reached the page
    text = wait_done(qtbot, c, ERROR)
    assert "A-001" in text and "Loket 1" in text, text
    assert not [k for k in queue.queue_snapshot(db).counters if k.number == 1][0].paused


def test_counter_changes_made_elsewhere_appear_without_an_action(console: Console, db: Database, qtbot: QtBot) -> None:
    c = console
    row = c.page.counters.row(3)
    queue.issue_ticket(db, "A")
    queue.call_next(db, 3)
    queue.start_service(db, 3)
    qtbot.waitUntil(lambda: row.state.text() == "Melayani A-001", timeout=WAIT_MS)
    queue.sign_out(db, 3)
    qtbot.waitUntil(lambda: row.state.text() == "Tutup", timeout=WAIT_MS)


# -- services today ---------------------------------------------------------------------------------


def test_close_open_and_follow_hours_today(console: Console, db: Database, qtbot: QtBot) -> None:
    c = console
    c.page.show_section(SERVICES)
    row = c.page.services.row("E")
    assert row.state.text() == "Buka · sesuai jam layanan"
    assert not row.hours_button.isEnabled()
    row.close_button.click()
    assert wait_done(qtbot, c) == "Konsultasi E-Sertifikasi ditutup sekarang."
    qtbot.waitUntil(lambda: row.state.text() == "Tutup · ditutup koordinator hari ini", timeout=WAIT_MS)
    with pytest.raises(ServiceUnavailable):
        queue.issue_ticket(db, "E")
    assert row.hours_button.isEnabled() and not row.close_button.isEnabled()
    shot(c, "actions-services", db)
    row.hours_button.click()
    assert wait_done(qtbot, c) == "Konsultasi E-Sertifikasi kembali mengikuti jam layanannya."
    qtbot.waitUntil(lambda: row.state.text() == "Buka · sesuai jam layanan", timeout=WAIT_MS)
    queue.issue_ticket(db, "E")
    row.open_button.click()
    assert wait_done(qtbot, c) == "Konsultasi E-Sertifikasi dibuka sekarang."
    qtbot.waitUntil(lambda: row.state.text() == "Buka · dibuka koordinator hari ini", timeout=WAIT_MS)


def test_today_quota_is_saved_and_enforced(console: Console, db: Database, qtbot: QtBot) -> None:
    c = console
    c.page.show_section(SERVICES)
    row = c.page.services.row("D")
    usual = row.quota.value()
    assert usual > 1
    row.quota.setValue(1)
    row.save_button.click()
    assert wait_done(qtbot, c) == "Kuota Diskusi Denah hari ini: 1."
    qtbot.waitUntil(lambda: row.quota_label.text() == "Kuota hari ini (diubah hari ini):", timeout=WAIT_MS)
    queue.issue_ticket(db, "D")
    with pytest.raises(ServiceUnavailable):
        queue.issue_ticket(db, "D")
    row.quota.setValue(0)  # back to the service's own
    assert row.quota.text() == "kuota biasa"
    row.save_button.click()
    assert wait_done(qtbot, c) == "Diskusi Denah kembali ke kuota biasanya."
    qtbot.waitUntil(lambda: row.quota.value() == usual, timeout=WAIT_MS)
    assert floor.floor(db).services[3].quota_override is None


# -- the notice -------------------------------------------------------------------------------------


def test_notice_shown_today_and_cleared(console: Console, db: Database, qtbot: QtBot) -> None:
    c = console
    c.page.show_section(NOTICE)
    n = c.page.notice
    assert n.now_shown.text() == "Tidak ada pengumuman hari ini." and not n.clear_button.isEnabled()
    n.show_button.click()
    assert wait_done(qtbot, c, ERROR) == "Tulis dulu pengumumannya dalam bahasa Indonesia."
    n.text_id.setPlainText("Layanan E-Sertifikasi\ntutup hari ini.")
    n.text_en.setPlainText("E-Certification is closed today.")
    n.show_button.click()
    assert wait_done(qtbot, c) == "Pengumuman tampil hari ini di kios dan papan layar."
    qtbot.waitUntil(lambda: n.now_shown.text().startswith("Sedang tampil: “Layanan E-Sertifikasi tutup"),
                    timeout=WAIT_MS)
    snap = queue.queue_snapshot(db)
    assert snap.settings.notice("id", snap.day) == "Layanan E-Sertifikasi tutup hari ini."
    assert snap.settings.notice("en", snap.day) == "E-Certification is closed today."
    shot(c, "actions-notice", db)
    n.clear_button.click()
    assert wait_done(qtbot, c) == "Pengumuman dihapus."
    qtbot.waitUntil(lambda: n.now_shown.text() == "Tidak ada pengumuman hari ini.", timeout=WAIT_MS)
    snap = queue.queue_snapshot(db)
    assert snap.settings.notice("id", snap.day) == ""
    assert n.text_id.toPlainText() == ""


# -- the session and the language -------------------------------------------------------------------


def test_an_ended_session_is_refused_with_a_clear_sentence(console: Console, db: Database, qtbot: QtBot) -> None:
    c = console
    roles.sign_out(db, c.actor)  # signed out elsewhere (or expired)
    c.page.show_section(SERVICES)
    c.page.services.row("A").close_button.click()
    assert wait_done(qtbot, c, ERROR) == "Sesi Anda sudah berakhir; silakan masuk lagi."
    assert floor.floor(db).services[0].open_override is None


def test_the_page_speaks_english_and_fits_both_screens(console: Console, db: Database, qtbot: QtBot) -> None:
    c = console
    queue.issue_ticket(db, "B")
    find(qtbot, c, "B-1", "B-001")
    translator().set_language("en")
    assert c.page.rail_buttons[TICKET].text() == "Find a ticket"
    assert c.page.ticket.buttons[MOVE].text() == "Move to service…"
    assert c.page.ticket.facts["status"].text() == "waiting"
    c.page.show_section(SERVICES)
    assert c.page.services.row("B").open_button.text() == "Open now"
    for size in ((1366, 668), (1920, 980)):
        c.page.resize(*size)
        for section in (TICKET, COUNTERS, SERVICES, NOTICE):
            c.page.show_section(section)
            QApplication.sendPostedEvents()
            c.page.layout().activate()
            widget = c.page.sections[section]
            assert widget.width() <= size[0] and widget.minimumSizeHint().width() <= size[0] - 240
            shot(c, f"actions-{section}-en-{size[0]}", db)


def test_one_action_at_a_time_and_a_resync_reads_again(console: Console, db: Database, qtbot: QtBot) -> None:
    c = console
    c.page.show_section(SERVICES)
    assert c.page.acting.act("close A", lambda: None, lambda _r: "done")  # a slow action still running …
    assert not c.page.services.row("B").close_button.isEnabled()  # … so the buttons wait,
    c.page.services.set_open("B", False)  # and an action asked for meanwhile is refused, not queued
    assert c.status == ("Tunggu sebentar, tindakan sebelumnya masih diproses.", ERROR)
    wait_done(qtbot, c)
    assert floor.floor(db).services[1].open_override is None
    queue.sign_out(db, 1)
    c.backend.live.resync.emit()  # after an outage the feed asks for everything again
    qtbot.waitUntil(lambda: c.page.counters.row(1).state.text() == "Tutup", timeout=WAIT_MS)


def test_a_second_supervisor_sees_the_first_ones_change_instead_of_repeating_it(
        console: Console, db: Database, site_db_url: str, qtbot: QtBot) -> None:
    c = console
    c.page.show_section(SERVICES)
    other = Database(site_db_url)
    try:
        admin = roles.sign_in(other, "admin", "admin123")
        supervise.set_service_open(other, admin, "E", False)  # the other console closed E a moment ago
    finally:
        other.dispose()
    c.page.services.set_open("E", False)  # this one decides on what it showed before its screen caught up
    assert wait_done(qtbot, c, ERROR) == "admin baru saja mengubahnya. Periksa lagi keadaannya, lalu putuskan."
    row = c.page.services.row("E")
    qtbot.waitUntil(lambda: row.state.text() == "Tutup · ditutup koordinator hari ini", timeout=WAIT_MS)
    assert not row.close_button.isEnabled()
    assert [e.username for e in audit.entries(db, action="service_open_today")] == ["admin"]


def test_ctrl_f_goes_to_the_search(console: Console, qtbot: QtBot) -> None:
    c = console
    c.page.show_section(NOTICE)
    c.page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is c.page, timeout=WAIT_MS)
    qtbot.keyClick(c.page, "f", Qt.KeyboardModifier.ControlModifier)
    assert c.page.current_section() == TICKET


def test_rows_follow_the_floor_when_counters_and_services_change(console: Console, qtbot: QtBot) -> None:
    c = console
    value = c.page.floor
    assert value is not None
    counters = c.page.counters
    first, *rest = value.counters
    counters.show_counters((*rest, first))  # another order: the rows move, none is made twice
    layout = counters.list_layout
    assert [layout.itemAt(i).widget() for i in range(len(value.counters))] == [
        counters.row(k.number) for k in (*rest, first)]
    counters.show_counters(tuple(rest))  # a counter gone from the floor: its row goes
    assert set(counters.rows) == {k.number for k in rest}
    services = c.page.services
    services.show_services((replace(value.services[0], name_id="Desk CAPA Baru"),))
    assert set(services.rows) == {value.services[0].code}
    assert services.row(value.services[0].code).title.text() == f"{value.services[0].code}  Desk CAPA Baru"
    services.show_services(())
    assert services.empty.isVisibleTo(services)


def test_a_bare_number_finds_it_in_every_service_and_one_is_chosen(console: Console, db: Database,
                                                                     qtbot: QtBot) -> None:
    c = console
    queue.issue_ticket(db, "A")
    queue.issue_ticket(db, "B")
    c.page.ticket.search("1")
    qtbot.waitUntil(lambda: c.page.ticket.results.count() == 2, timeout=WAIT_MS)
    assert c.page.ticket.result_info.text() == "2 tiket ditemukan"
    assert c.page.ticket.chosen() is None and c.page.ticket.empty.text() == "Pilih tiket di daftar."
    c.page.ticket.trigger(CANCEL)
    assert c.status == ("Pilih tiket di daftar.", "info")
    c.page.ticket.results.setCurrentRow(1)
    chosen = c.page.ticket.chosen()
    assert chosen is not None and chosen.label == "B-001"
    value = c.page.floor
    assert value is not None
    c.page.ticket.set_services(tuple(s for s in value.services if s.code == "B"))  # nowhere else to go
    c.page.ticket.trigger(MOVE)
    assert c.status == ("Tidak ada layanan lain untuk tujuan pemindahan.", ERROR)
    c.page.ticket.search("")  # an empty box clears the search
    assert c.page.ticket.found is None and c.page.ticket.results.count() == 0
    roles.sign_out(db, c.actor)
    c.page.ticket.search("A1")  # a search needs a live session too
    qtbot.waitUntil(lambda: c.status == ("Sesi Anda sudah berakhir; silakan masuk lagi.", ERROR), timeout=WAIT_MS)
