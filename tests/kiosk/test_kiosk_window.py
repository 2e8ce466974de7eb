"""The kiosk window end to end in one process: real database (SQLite and PostgreSQL), real
task-runner threads, the real change feed, real PDF rendering and a real (failing) printer."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from db import queue, siteconfig
from db.database import Database
from db.errors import DatabaseUnavailable
from db.models import Service
from kiosk.confirm import PRINT_FAULT, PRINT_OFF, PRINTED, PRINTING
from tests.kiosk.kiosk_harness import KioskApp, kiosk_app_fixture, pdf_text, prepare_sqlite_site, set_service, set_settings  # noqa: F401
from ui.i18n import translator

WAIT_MS = 20_000


def click(qtbot: Any, widget: Any) -> None:
    """A touch: press and release in the middle of ``widget``."""
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def on_confirmation(app: KioskApp) -> bool:
    return app.window.stack.currentWidget() is app.window.confirm


def on_home(app: KioskApp) -> bool:
    return app.window.stack.currentWidget() is app.window.home


def tile(app: KioskApp, code: str) -> Any:
    return app.window.home.grid.tiles[code]


# -- taking a ticket ---------------------------------------------------------------------


def test_touch_issues_ticket_renders_pdf_and_logs(qtbot: Any, kiosk_app: Any, site_db_url: str) -> None:
    app: KioskApp = kiosk_app(site_db_url, printer="none")
    w = app.window
    assert set(w.home.grid.tiles) == {"A", "B", "C", "D", "E", "F"}
    assert all(t.isEnabled() for t in w.home.grid.tiles.values())

    click(qtbot, tile(app, "A"))
    qtbot.waitUntil(lambda: on_confirmation(app), timeout=WAIT_MS)
    assert w.confirm.number.text() == "A-001"
    assert w.confirm.print_state == PRINT_OFF  # printing is off: final at once
    qtbot.waitUntil(lambda: bool(app.log.events("ticket_printed")), timeout=WAIT_MS)
    texts = w.confirm.texts()
    assert "Desk CAPA" in texts
    assert "Antrean di depan Anda" in texts and "0" in texts and "segera" in texts
    assert "Mohon catat nomor antrean Anda" in texts

    tickets = app.tickets()
    assert [(t.label, t.status, t.source, t.priority) for t in tickets] == [("A-001", "waiting", "kiosk", False)]
    pdfs = list((app.data_dir / "tickets").glob("*.pdf"))
    assert len(pdfs) == 1 and "A-001" in pdfs[0].name
    text = pdf_text(pdfs[0])
    assert "A-001" in text and "Desk CAPA" in text

    issued = app.log.events("ticket_issued")
    rendered = app.log.events("ticket_pdf")
    printed = app.log.events("ticket_printed")
    assert [(e["label"], e["service"], e["ticket_id"]) for e in issued] == [("A-001", "A", tickets[0].id)]
    assert rendered[0]["path"] == str(pdfs[0]) and rendered[0]["ms"] > 0
    assert printed[0]["label"] == "A-001"
    order = [r.event for r in app.log.records if getattr(r, "event", "") in ("ticket_issued", "ticket_pdf", "ticket_printed")]
    assert order == ["ticket_issued", "ticket_pdf", "ticket_printed"]

    # A touch once the screen is armed goes back home; the waiting count follows live.
    qtbot.waitUntil(w.confirm.armed, timeout=WAIT_MS)
    click(qtbot, w.confirm)
    assert on_home(app)
    qtbot.waitUntil(lambda: tile(app, "A").queue.waiting == 1, timeout=WAIT_MS)
    assert "1 menunggu" in tile(app, "A").texts()[3]


def test_priority_ticket(qtbot: Any, kiosk_app: Any, site_db_url: str) -> None:
    app: KioskApp = kiosk_app(site_db_url)
    home = app.window.home
    assert home.priority.isVisible()
    click(qtbot, home.priority)
    assert home.priority_chosen()
    assert "Tiket prioritas dipilih" in home.priority.text()
    click(qtbot, tile(app, "B"))
    qtbot.waitUntil(lambda: on_confirmation(app), timeout=WAIT_MS)
    assert app.window.confirm.priority.isVisible() and app.window.confirm.priority.text() == "PRIORITAS"
    assert [t.priority for t in app.tickets()] == [True]
    assert not home.priority_chosen()  # the next visitor starts without it


def test_priority_toggle_hidden_when_disabled(qtbot: Any, kiosk_app: Any, db: Database) -> None:
    set_settings(db, priority_enabled=False)
    app: KioskApp = kiosk_app(str(db.url.render_as_string(hide_password=False)))
    assert not app.window.home.priority.isVisible()
    assert not app.window.home.priority_chosen()


def test_double_touch_issues_one_ticket(qtbot: Any, kiosk_app: Any, site_db_url: str) -> None:
    app: KioskApp = kiosk_app(site_db_url)
    w = app.window
    a = tile(app, "A")
    click(qtbot, a)
    click(qtbot, a)  # the same finger bouncing, or an impatient second touch
    w.touch_service("A")
    qtbot.waitUntil(lambda: on_confirmation(app), timeout=WAIT_MS)
    # The second touch of a double tap lands on the new screen: it must not dismiss it.
    click(qtbot, w.confirm)
    assert on_confirmation(app)
    qtbot.waitUntil(lambda: not w.flow.busy(), timeout=WAIT_MS)
    assert [t.label for t in app.tickets()] == ["A-001"]
    assert len(app.log.events("touch_ignored")) >= 1


def test_returns_home_after_kiosk_return_seconds(qtbot: Any, kiosk_app: Any, db: Database) -> None:
    set_settings(db, kiosk_return_seconds=1)
    app: KioskApp = kiosk_app(db.url.render_as_string(hide_password=False))
    click(qtbot, tile(app, "E"))
    qtbot.waitUntil(lambda: on_confirmation(app), timeout=WAIT_MS)
    assert app.window.confirm.countdown.text() == "Kembali ke menu dalam 1 detik"
    qtbot.waitUntil(lambda: on_home(app), timeout=WAIT_MS)


# -- refusals ------------------------------------------------------------------------------


def test_closed_and_full_services_refused(qtbot: Any, kiosk_app: Any, db: Database, fake_clock: Any) -> None:
    # Monday 09:00 in Jakarta. A open until 09:30, B opens at 10:00, C takes one ticket a day.
    set_service(db, "A", hours={"mon": ["08:00", "09:30"]})
    set_service(db, "B", hours={"mon": ["10:00", "15:00"]})
    set_service(db, "C", daily_quota=1)
    app: KioskApp = kiosk_app(db.url.render_as_string(hide_password=False))
    w = app.window

    b = tile(app, "B")
    assert not b.isEnabled() and b.reason() == "closed"
    assert b.texts()[3] == "Tutup · Dibuka pukul 10.00 WIB"
    click(qtbot, b)
    assert on_home(app) and app.tickets() == []

    # C: the one ticket of the day, then "full", greyed.
    click(qtbot, tile(app, "C"))
    qtbot.waitUntil(lambda: on_confirmation(app), timeout=WAIT_MS)
    assert w.confirm.number.text() == "C-001"
    w.go_home()
    qtbot.waitUntil(lambda: tile(app, "C").reason() == "quota", timeout=WAIT_MS)
    assert not tile(app, "C").isEnabled()
    assert tile(app, "C").texts()[3] == "Kuota hari ini habis"
    qtbot.waitUntil(lambda: not w.flow.busy(), timeout=WAIT_MS)

    # A closes at 09:30 while its button still shows open: the touch is refused with the reason.
    fake_clock.advance(minutes=45)
    assert tile(app, "A").isEnabled()
    click(qtbot, tile(app, "A"))
    qtbot.waitUntil(lambda: on_confirmation(app) and w.confirm.mode == "refused", timeout=WAIT_MS)
    texts = w.confirm.texts()
    assert "Maaf, nomor antrean tidak dapat diambil" in texts
    assert "Layanan Desk CAPA sedang tutup." in texts
    assert not w.confirm.number.isVisible()
    assert not any(t.startswith("A-") for t in texts)
    qtbot.waitUntil(lambda: tile(app, "A").reason() == "closed", timeout=WAIT_MS)  # refreshed at once

    # A stale "open" button for a full service: the refusal names the quota.
    qtbot.waitUntil(lambda: not w.flow.busy(), timeout=WAIT_MS)
    w.go_home()
    assert w.flow.take("C")
    qtbot.waitUntil(lambda: on_confirmation(app) and w.confirm.mode == "refused", timeout=WAIT_MS)
    assert any("Kuota nomor antrean" in t and "sudah habis" in t for t in w.confirm.texts())
    assert [t.label for t in app.tickets()] == ["C-001"]
    assert {e["reason"] for e in app.log.events("ticket_refused")} == {"closed", "quota"}


def test_database_error_on_issue_shows_no_number(qtbot: Any, kiosk_app: Any, site_db_url: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    app: KioskApp = kiosk_app(site_db_url)
    w = app.window

    def unreachable(*_args: object, **_kw: object) -> None:
        raise DatabaseUnavailable("database unavailable: connection refused")

    monkeypatch.setattr("kiosk.flow.queue.issue_ticket", unreachable)
    click(qtbot, tile(app, "D"))
    qtbot.waitUntil(lambda: on_confirmation(app) and w.confirm.mode == "failed", timeout=WAIT_MS)
    texts = w.confirm.texts()
    assert "Maaf, nomor antrean belum dibuat" in texts
    assert "Sistem sedang terganggu. Silakan hubungi petugas." in texts
    assert not any("connection refused" in t for t in texts)  # the reason goes to the log only
    assert not w.confirm.number.isVisible()
    assert app.tickets() == []
    assert app.log.events("ticket_failed")[0]["kind"] == "offline"


# -- printer -------------------------------------------------------------------------------


def test_printer_failure_keeps_the_number(qtbot: Any, kiosk_app: Any, site_db_url: str) -> None:
    app: KioskApp = kiosk_app(site_db_url, printer="AntrianNoSuchPrinter")
    w = app.window
    click(qtbot, tile(app, "A"))
    qtbot.waitUntil(lambda: on_confirmation(app), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: w.confirm.print_state == PRINT_FAULT, timeout=WAIT_MS)
    assert w.confirm.number.text() == "A-001"
    assert "Printer bermasalah — mohon catat nomor Anda" in w.confirm.texts()
    assert w.confirm.seconds_left >= 15  # time to write the number down
    assert [t.label for t in app.tickets()] == ["A-001"]
    failed = app.log.events("print_failed")
    assert failed and failed[0]["label"] == "A-001" and failed[0]["reason"]
    assert list((app.data_dir / "tickets").glob("*A-001*.pdf"))  # the ticket is kept
    # The kiosk carries on.
    w.go_home()
    qtbot.waitUntil(lambda: not w.flow.busy(), timeout=WAIT_MS)
    click(qtbot, tile(app, "A"))
    qtbot.waitUntil(lambda: on_confirmation(app) and w.confirm.number.text() == "A-002", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: w.confirm.print_state == PRINT_FAULT, timeout=WAIT_MS)


def test_prints_to_a_cups_printer(qtbot: Any, kiosk_app: Any, site_db_url: str, cups_pdf_printer: Any) -> None:
    app: KioskApp = kiosk_app(site_db_url, printer=cups_pdf_printer.name)
    w = app.window
    click(qtbot, tile(app, "F"))
    qtbot.waitUntil(lambda: on_confirmation(app), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: w.confirm.print_state != PRINTING, timeout=WAIT_MS)
    assert w.confirm.print_state == PRINTED, cups_pdf_printer.diagnostics()
    assert "Silakan ambil tiket Anda" in w.confirm.texts()
    printed = app.log.events("ticket_printed")
    assert printed[0]["label"] == "F-001" and printed[0]["job_id"].startswith(cups_pdf_printer.name)


# -- language ------------------------------------------------------------------------------


def test_language_switch_retranslates_everything(qtbot: Any, kiosk_app: Any, db: Database) -> None:
    set_settings(db, kiosk_idle_seconds=1)
    app: KioskApp = kiosk_app(db.url.render_as_string(hide_password=False), language=None)
    w, home = app.window, app.window.home
    assert home.choose.text() == "Silakan pilih layanan"
    assert tile(app, "B").texts()[:2] == ("Desk Prasertifikasi", "Pre-certification Desk")

    click(qtbot, home.language)
    assert translator().language == "en"
    assert home.choose.text() == "Please choose a service"
    assert home.language.text() == "Bahasa Indonesia"
    assert home.priority.text() == "Priority: older people, people with disabilities, pregnant women"
    first, second, desc, status = tile(app, "B").texts()
    assert (first, second) == ("Pre-certification Desk", "Desk Prasertifikasi")
    assert desc == "Consultation before applying for GMP certification"
    assert status == "No one waiting"
    assert any(day in home.clock.plain_text() for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                                                          "Saturday", "Sunday"))

    click(qtbot, tile(app, "B"))
    qtbot.waitUntil(lambda: on_confirmation(app), timeout=WAIT_MS)
    texts = w.confirm.texts()
    assert "Your queue number" in texts and "People ahead of you" in texts and "0" in texts
    translator().set_language("id")  # switching while the number is up re-translates it too
    assert "Nomor antrean Anda" in w.confirm.texts()
    translator().set_language("en")

    # Left alone, the kiosk goes home and back to the site's language.
    qtbot.waitUntil(lambda: on_home(app) and translator().language == "id", timeout=WAIT_MS)
    assert home.choose.text() == "Silakan pilih layanan"
    assert app.log.events("kiosk_idle")


# -- live updates and faults -----------------------------------------------------------


def test_live_update_from_another_connection(qtbot: Any, kiosk_app: Any, site_db_url: str) -> None:
    app: KioskApp = kiosk_app(site_db_url)
    other = Database(site_db_url)
    try:
        for _ in range(3):
            queue.issue_ticket(other, "F", source="counter")
    finally:
        other.dispose()
    qtbot.waitUntil(lambda: tile(app, "F").queue.waiting == 3, timeout=WAIT_MS)
    assert tile(app, "F").texts()[3].startswith("3 menunggu · ")
    reads = app.window.loader.reads
    assert reads < 10  # a burst of changes costs a few reads, not one each


def test_sqlite_unreachable_then_recovers(qtbot: Any, kiosk_app: Any, tmp_path: Path) -> None:
    folder = tmp_path / "share"
    url = f"sqlite:///{folder / 'antrian.db'}"

    def unplug() -> None:
        # Opening the Database made the folder; now it is gone, like an unmounted share (a file
        # in its place, so nothing can quietly create a new empty database there).
        shutil.rmtree(folder)
        folder.write_text("not mounted")

    app: KioskApp = kiosk_app(url, wait=False, before_start=unplug)
    w = app.window
    qtbot.waitUntil(lambda: w.banner.isVisible() and "Sistem sedang terganggu" in w.banner.text(), timeout=WAIT_MS)
    # The visitor reads a plain sentence; the technical reason goes to the log.
    qtbot.waitUntil(lambda: bool(app.log.events("kiosk_offline")), timeout=WAIT_MS)
    assert all(e["reason"] for e in app.log.events("kiosk_offline"))
    assert "database" not in w.banner.text().lower()
    assert not w.is_ready()
    assert not any(t.isEnabled() for t in w.home.grid.tiles.values())

    ready = tmp_path / "ready"
    ready.mkdir()
    prepare_sqlite_site(ready / "antrian.db")
    folder.unlink()
    os.rename(ready, folder)  # the share is back, all at once

    qtbot.waitUntil(w.is_ready, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not w.banner.isVisible() and len(w.home.grid.tiles) == 6, timeout=WAIT_MS)
    assert all(t.isEnabled() for t in w.home.grid.tiles.values())
    click(qtbot, tile(app, "A"))
    qtbot.waitUntil(lambda: on_confirmation(app) and w.confirm.number.text() == "A-001", timeout=WAIT_MS)


@pytest.mark.postgres
def test_postgresql_outage_banner_and_recovery(qtbot: Any, kiosk_app: Any, pg_cluster: Any, tmp_path: Path) -> None:
    pg_cluster.ensure_running()
    name = pg_cluster.create_database()
    url = pg_cluster.url(name)
    db = Database(url)
    siteconfig.apply(db, siteconfig.load(siteconfig.SAMPLE))
    with db.write() as s:
        for svc in s.scalars(select(Service)):
            svc.hours = {}
    db.dispose()
    try:
        app: KioskApp = kiosk_app(url)
        w = app.window
        assert all(t.isEnabled() for t in w.home.grid.tiles.values())

        pg_cluster.stop()
        qtbot.waitUntil(lambda: w.banner.isVisible(), timeout=WAIT_MS)
        assert w.banner.text() == "Sistem sedang terganggu. Silakan hubungi petugas."
        qtbot.waitUntil(lambda: not any(t.isEnabled() for t in w.home.grid.tiles.values()), timeout=WAIT_MS)
        assert tile(app, "A").texts()[3] == "Sistem sedang terganggu"
        w.touch_service("A")  # a touch on a greyed button does nothing
        assert on_home(app)

        pg_cluster.start()
        qtbot.waitUntil(lambda: not w.banner.isVisible(), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: all(t.isEnabled() for t in w.home.grid.tiles.values()), timeout=WAIT_MS)
        click(qtbot, tile(app, "A"))
        qtbot.waitUntil(lambda: on_confirmation(app) and w.confirm.number.text() == "A-001", timeout=WAIT_MS)
        assert [t.label for t in app.tickets()] == ["A-001"]
    finally:
        pg_cluster.ensure_running()
        pg_cluster.drop_database(name)
