"""The console's actions page on a real database (SQLite and PostgreSQL) with a threaded
runner and the live feed: each action reaches the core as the signed-in supervisor, and a
refusal is shown with the core's reason."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from db import audit, queue, roles, supervise
from db.database import Database
from db.records import TicketStatus
from supervisor.actions_page import ActionsPage
from tests.db.dbtools import counter_row
from ui.backend import Backend
from ui.i18n import translator
from ui.live import LiveFeed
from ui.tasks import TaskRunner

WAIT_MS = 15_000


@pytest.fixture
def page(qtbot: QtBot, db: Database, site_db_url: str) -> Iterator[ActionsPage]:
    """The page as the console builds it, on its own database handle, signed in as the supervisor."""
    translator().set_language("id")
    console = Database(site_db_url)
    runner, live = TaskRunner(), LiveFeed(console)
    actor = roles.sign_in(console, "supervisor", "supervisor123")
    p = ActionsPage(Backend(console, runner, live), actor)
    qtbot.addWidget(p)
    p.resize(1366, 768)
    p.show()
    live.start()
    qtbot.waitUntil(lambda: p.floor is not None and p.service.count() == 6, timeout=WAIT_MS)
    yield p
    p.shutdown()
    live.stop()
    runner.wait(WAIT_MS)
    console.dispose()
    translator().set_language("id")


def act(qtbot: QtBot, page: ActionsPage, click: object) -> tuple[str, bool]:
    """Run one of the page's actions and wait for its outcome: (name, accepted)."""
    with qtbot.waitSignal(page.acted, timeout=WAIT_MS) as blocker:
        click()  # type: ignore[operator]
    name, ok = blocker.args  # type: ignore[misc]
    return name, ok


def test_find_and_steer_a_ticket(qtbot: QtBot, page: ActionsPage, db: Database, tmp_path: Path) -> None:
    first = queue.issue_ticket(db, "A").ticket
    queue.issue_ticket(db, "A")
    queue.call_next(db, 1)
    queue.mark_no_show(db, 1)
    page.find_text.setText("a1")
    assert act(qtbot, page, page.find_ticket) == ("find", True)
    assert [t.label for t in page.tickets] == ["A-001"] and page.status.text() == "1 tiket ditemukan."
    assert page.table.item(0, 2).text() == "Tidak hadir"
    assert not page.reactivate_button.isEnabled()  # nothing chosen yet
    page.table.selectRow(0)
    assert page.reactivate_button.isEnabled() and page.priority_button.text() == "Jadikan prioritas"
    assert act(qtbot, page, page.reactivate) == ("reactivate", True)
    assert queue.ticket(db, first.id).status == TicketStatus.WAITING
    assert page.status.text() == "Berhasil: Aktifkan kembali A-001."
    assert act(qtbot, page, page.reactivate) == ("reactivate", False)  # refused: it waits already
    assert page.status.text().startswith("Ditolak: Cannot reactivate A-001: it is waiting")
    assert act(qtbot, page, page.toggle_priority) == ("priority_on", True)
    assert queue.ticket(db, first.id).priority and page.priority_button.text() == "Bukan prioritas"
    page.move_to.setCurrentIndex(page.move_to.findData("B"))
    assert act(qtbot, page, page.move_ticket) == ("move", True)
    assert [t.label for t in page.tickets] == ["A-001", "B-001"]
    assert page.table.item(0, 2).text() == "Dialihkan"
    page.table.selectRow(1)
    page.cancel_reason.setText("pulang")
    assert act(qtbot, page, page.cancel) == ("cancel", True)
    assert page.table.item(1, 2).text() == "Dibatalkan"
    assert page.grab().save(str(tmp_path / "actions.png"))
    page.find_text.setText("Z9")
    assert act(qtbot, page, page.find_ticket) == ("find", True)
    assert page.status.text() == "Tidak ada tiket hari ini dengan nomor Z9."
    assert [e.action for e in audit.entries(db, username="supervisor")][:4] == [
        "ticket_cancelled", "ticket_moved", "ticket_priority", "ticket_reactivated"]


def test_counters_services_and_the_notice(qtbot: QtBot, page: ActionsPage, db: Database) -> None:
    assert page.counter.itemText(0) == "Loket 1 — Siti Rahmawati"
    page.pause_reason.setText("Rapat")
    assert act(qtbot, page, page.pause) == ("pause", True)
    assert (counter_row(db, 1)["paused"], counter_row(db, 1)["pause_reason"]) == (True, "Rapat")
    assert act(qtbot, page, page.resume) == ("resume", True)
    assert act(qtbot, page, page.resume) == ("resume", False)
    assert act(qtbot, page, page.sign_out) == ("sign_out", True)
    assert counter_row(db, 1)["officer_id"] is None
    qtbot.waitUntil(lambda: page.counter.itemText(0) == "Loket 1 — tanpa petugas", timeout=WAIT_MS)  # the feed re-read

    page.service.setCurrentIndex(page.service.findData("C"))
    assert act(qtbot, page, page.close_button.click) == ("close_now", True)
    assert _service(db, "C").unavailable_reason == "closed"
    assert act(qtbot, page, page.hours_button.click) == ("by_hours", True)
    assert act(qtbot, page, page.open_button.click) == ("open_now", True)
    page.quota.setValue(5)
    assert act(qtbot, page, page.quota_button.click) == ("quota", True)
    assert _service(db, "C").daily_quota == 5
    assert act(qtbot, page, page.own_quota_button.click) == ("quota", True)
    assert _service(db, "C").daily_quota == 40

    page.notice_id.setText("Layanan E-Sertifikasi tutup hari ini")
    assert act(qtbot, page, page.set_notice) == ("notice", True)
    snap = queue.queue_snapshot(db)
    assert snap.settings.notice("id", snap.day) == "Layanan E-Sertifikasi tutup hari ini"
    assert act(qtbot, page, page.clear_notice) == ("notice_clear", True)
    assert act(qtbot, page, page.clear_notice) == ("notice_clear", False)
    translator().set_language("en")
    assert page.status.text() == "Refused: There is no notice to clear" and page.pause_button.text() == "Pause"


def test_a_supervisor_signed_out_elsewhere_is_refused(qtbot: QtBot, page: ActionsPage, db: Database) -> None:
    roles.sign_out(db, page.actor)
    assert act(qtbot, page, page.resume) == ("resume", False)
    assert page.status.text() == "Ditolak: The console session has ended; sign in again"


def test_a_change_by_another_supervisor_since_the_floor_was_read_is_a_conflict(
        qtbot: QtBot, page: ActionsPage, db: Database) -> None:
    page.service.setCurrentIndex(page.service.findData("D"))
    other = roles.sign_in(db, "admin", "admin123")
    supervise.set_service_open(db, other, "D", False)  # the page has not re-read yet
    assert act(qtbot, page, page.open_button.click) == ("open_now", False)
    assert page.status.text() == ("Ditolak: Admin changed whether Floor Plan Discussion is open today a moment ago;"
                                  " look again and decide")
    qtbot.waitUntil(lambda: page._seen("D") is not None and page._seen("D").open_override is False,  # type: ignore[union-attr]
                    timeout=WAIT_MS)
    assert act(qtbot, page, page.open_button.click) == ("open_now", True)  # decided again on what is there now
    assert _service(db, "D").unavailable_reason is None


def _service(db: Database, code: str) -> object:
    return {q.code: q for q in queue.queue_snapshot(db).services}[code]
