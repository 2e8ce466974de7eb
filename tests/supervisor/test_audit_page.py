"""The audit page: newest first, filtered by day, officer, action and target, exported as CSV."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot

from db import audit, roles
from db.database import Database
from supervisor.audit_page import AuditFilter, AuditPage, action_text, read_audit, value_text
from tests.supervisor import console_helpers
from tests.supervisor.console_helpers import WAIT_MS, Consoles
from ui.i18n import translator

consoles = console_helpers.consoles  # the fixture


def _column(page: AuditPage, column: int) -> list[str]:
    items = [page.table.item(i, column) for i in range(page.table.rowCount())]
    return [item.text() if item is not None else "" for item in items]


def _wait_read(qtbot: QtBot, page: AuditPage) -> None:
    qtbot.waitUntil(lambda: page.reader.idle() and page._message is None, timeout=WAIT_MS)


def test_entries_newest_first_filtered_and_exported(qtbot: QtBot, consoles: Consoles, db: Database,
                                                     tmp_path: Path) -> None:
    other = roles.sign_in(db, "admin", "admin123", place="console@PC-ADMIN")
    roles.sign_out(db, other)
    page = consoles.page(AuditPage)  # signs the supervisor in
    assert isinstance(page, AuditPage)
    assert _column(page, 1) == ["supervisor", "admin", "admin", "setup"]  # newest first; the site file last
    assert _column(page, 2) == ["masuk konsol", "keluar konsol", "masuk konsol", "terapkan berkas situs"]
    assert page.status.text() == "4 entri"
    officers = [page.officer_combo.itemText(i) for i in range(page.officer_combo.count())]
    assert officers == ["(semua)", "admin", "setup", "supervisor"]
    page.officer_combo.setCurrentIndex(page.officer_combo.findData("admin"))
    page.apply_button.click()
    _wait_read(qtbot, page)
    assert _column(page, 1) == ["admin", "admin"]
    page.action_combo.setCurrentIndex(page.action_combo.findData("signed_out"))
    page.text_edit.setText("pc-admin")
    page.apply_filter()
    _wait_read(qtbot, page)
    assert _column(page, 3) == ["console@PC-ADMIN"] and page.status.text() == "1 entri"
    today = page.current_filter().until
    assert today is not None
    later = replace(page.current_filter(), since=today + timedelta(days=1), until=today + timedelta(days=2))
    page.apply_filter(later)
    _wait_read(qtbot, page)
    assert page.table.rowCount() == 0 and page.status.text() == "0 entri"
    page.apply_filter(replace(later, since=today - timedelta(days=1), username="", action="", text=""))
    _wait_read(qtbot, page)
    assert page.table.rowCount() == 4
    target = tmp_path / "audit.csv"
    with qtbot.waitSignal(page.exported, timeout=WAIT_MS):
        page.export_csv(str(target))
    text = target.read_bytes().decode("utf-8")
    assert text.startswith("\ufeffid,at_utc,officer,action,target,before,after")
    assert text == audit.to_csv(page.view.rows)  # type: ignore[union-attr]
    assert page.status.text() == f"4 entri disimpan ke {target}."
    page.export_csv(str(tmp_path / "missing" / "audit.csv"))
    qtbot.waitUntil(lambda: page.status.text().startswith("Berkas tidak dapat disimpan"), timeout=WAIT_MS)
    translator().set_language("en")
    assert _column(page, 2) == ["signed in", "signed out", "signed in", "apply site file"]
    header = page.table.horizontalHeaderItem(0)
    assert page.export_button.text() == "Export CSV" and header is not None and header.text() == "Time"


def test_read_audit_takes_site_days_and_values_read_in_one_line(db: Database) -> None:
    actor = roles.sign_in(db, "supervisor", "supervisor123")
    with db.write() as s:
        audit.record(s, actor, "service_quota_today", "A", {"quota": None}, {"quota": 50, "open": True})
    view = read_audit(db, AuditFilter())
    assert [r.action for r in view.rows] == ["service_quota_today", "signed_in", "site_applied"] and not view.limited
    assert view.zone == "Asia/Jakarta"
    assert read_audit(db, AuditFilter(), limit=1).limited
    assert value_text(view.rows[0].after) == "quota: 50, open: true"
    assert action_text("signed_in") == "masuk konsol" and action_text("made_up") == "made_up"
    assert value_text(None) == "" and value_text([1, "a"]) == '[1, "a"]'



def test_a_hidden_audit_page_reads_changes_once_shown(qtbot: QtBot, consoles: Consoles, db: Database) -> None:
    page = consoles.page(AuditPage)
    assert isinstance(page, AuditPage)
    reads = page.reader.reads
    page.hide()
    page._on_changes([])  # a commit elsewhere while another tab is shown
    assert page.reader.reads == reads and page._stale
    roles.sign_in(db, "admin", "admin123")
    page.show()
    qtbot.waitUntil(lambda: page.table.rowCount() == 3, timeout=WAIT_MS)
    assert page.reader.reads > reads and not page._stale
    qtbot.waitUntil(page.reader.idle, timeout=WAIT_MS)
    reads = page.reader.reads
    page._on_changes([])  # shown: read at once
    assert page.reader.reads == reads + 1


def test_every_recorded_action_is_worded_in_both_languages(qapp: object) -> None:
    try:
        for language in ("id", "en"):
            translator().set_language(language)
            unworded = [a for a in audit.ACTIONS if action_text(a) == a]
            assert unworded == [], language
    finally:
        translator().set_language("id")
