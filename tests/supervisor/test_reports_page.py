"""The "Laporan" tab on a real database (SQLite and PostgreSQL): the preview shows the core's
figures as the reports write them, saving writes real PDF, XLSX and CSV files, the work runs
on the runner with the busy bar moving and the buttons waiting, and mistakes are one plain
Indonesian sentence."""

from __future__ import annotations

import csv
import errno
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from db import reports
from db.clock import FakeClock
from db.database import Database
from db.render.pdf import cell_text
from db.render.tables import tables
from db.reports import Filters, Period, ReportError
from supervisor.reports_data import ReportRequest, period_of, report_error_text, shifted
from supervisor.reports_page import ReportsPage
from supervisor.reports_table import PreviewModel, two_lines
from supervisor.window import PAGES
from tests.db import reportday
from tests.supervisor import console_helpers
from tests.supervisor.console_helpers import WAIT_MS, Consoles
from ui.i18n import translator

consoles = console_helpers.consoles  # the fixture

MARCH = reports.month(2026, 3)


@pytest.fixture
def day_db(db: Database, fake_clock: FakeClock) -> Database:
    """The reports' hand-computed day (Monday 2 March 2026), the clock at 12.00 WIB that day."""
    reportday.play(db, fake_clock)
    reportday.at(fake_clock, 12, 0)
    return db


def _page(consoles: Consoles) -> ReportsPage:
    page = consoles.page(ReportsPage)
    assert isinstance(page, ReportsPage)
    return page


def _show(qtbot: QtBot, page: ReportsPage, kind: str, filters: Filters | None = None) -> None:
    page.set_kind(kind)
    page.set_filters(filters or Filters())
    with qtbot.waitSignal(page.previewed, timeout=WAIT_MS):
        page.show_report()


def _choose(page: ReportsPage, key: str) -> None:
    assert page.preview is not None
    page.table_list.setCurrentRow([t.key for t in page.preview.tables].index(key))


def _expected(db: Database, kind: str, key: str, filters: Filters | None = None, lang: str = "id",
              period: Period = MARCH) -> list[list[str]]:
    """The table ``key`` of the core's report, each cell as the PDF writes it."""
    table = next(t for t in tables(reports.report(db, kind, period, filters), lang) if t.key == key)
    return [[cell_text(v, c.kind, lang) for v, c in zip(row, table.columns, strict=True)] for row in table.rows]


def test_the_default_preview_is_this_months_summary(qtbot: QtBot, consoles: Consoles, day_db: Database) -> None:
    page = _page(consoles)
    assert page.kind_combo.currentData() == "summary" and page.period_kind() == "month"
    assert page.period_text.text() == "Maret 2026"
    assert page.title_label.text() == "Laporan bulanan standar pelayanan"
    assert page.subtitle_label.text().startswith("Periode: Maret 2026 · dibuat 2 Maret 2026 pukul 12.00 WIB")
    summary = reports.report(day_db, "summary", MARCH)
    titles = [page.table_list.item(i).text() for i in range(page.table_list.count())]
    assert titles == [t.title for t in tables(summary, "id")]
    assert page.shown_table() == _expected(day_db, "summary", "volume_service")
    assert page.status.text() == f"Laporan ditampilkan: {len(titles)} tabel."
    assert not page.busy() and not page.busy_bar.isVisible() and page.show_button.isEnabled()
    # the filter lists hold the site's services, counters and officers
    services = [page.service_combo.itemData(i) for i in range(page.service_combo.count())]
    assert services == [None, "A", "B", "C", "D", "E", "F"]
    assert page.counter_combo.itemData(1) == 1 and page.officer_combo.findData("siti") > 0
    assert page.service_combo.itemText(0) == "(semua layanan)"


def test_preview_figures_are_the_cores_in_indonesian_style(qtbot: QtBot, consoles: Consoles, day_db: Database) -> None:
    page = _page(consoles)
    _show(qtbot, page, "volume")
    assert page.title_label.text() == "Volume layanan per layanan dan hari"
    rows = page.shown_table()
    assert rows == _expected(day_db, "volume", "volume_service")
    # the hand-computed day: A issued 3, 1 transferred in, 2 served, 1 no-show, 1 cancelled; no-show rate 1/3
    assert rows[0][0].startswith("A – ") and rows[0][1:10] == ["3", "1", "2", "1", "1", "0", "0", "0", "33,3%"]
    assert rows[-1][1:4] == ["5", "1", "2"]  # the total row
    assert page.model.data(page.model.index(len(rows) - 1, 0), Qt.ItemDataRole.FontRole).bold()  # the totals
    _show(qtbot, page, "times")
    assert page.shown_table() == _expected(day_db, "times", "wait")
    assert page.shown_table()[0][1:6] == ["3", "25,0", "20,0", "50,0", "50,0"]  # A's waits: 5, 20, 50
    _choose(page, "service")
    assert page.shown_table()[0][1:3] == ["2", "11,5"]  # A's services: 8 and 15 minutes
    _show(qtbot, page, "compliance")
    assert [r[-1] for r in page.shown_table()] == ["50,0%", "100,0%", "60,0%"]
    assert page.shown_table() == _expected(day_db, "compliance", "compliance_service")
    _show(qtbot, page, "staff")
    assert page.shown_table() == _expected(day_db, "staff", "officers")
    assert page.shown_table()[0][-1] == "85,0"  # siti idle 10 + 5 + 70 minutes
    # a filter: service B only (and the heading says so)
    _show(qtbot, page, "volume", Filters(service="B"))
    assert page.shown_table() == _expected(day_db, "volume", "volume_service", Filters(service="B"))
    assert "saringan: layanan B" in page.subtitle_label.text()
    _show(qtbot, page, "recalls", Filters(counter=1, officer="siti"))
    assert page.shown_table() == _expected(day_db, "recalls", "recalls", Filters(counter=1, officer="siti"))
    # a day, a week, a year, a range
    page.set_period("day", reportday.DAY)
    _show(qtbot, page, "arrivals")
    assert page.period_text.text() == "2 Maret 2026"
    assert page.shown_table() == _expected(day_db, "arrivals", "arrivals", period=Period(reportday.DAY, reportday.DAY))
    page.set_period("week", date(2026, 3, 4))
    assert page.period_text.text() == "2 Maret 2026 – 8 Maret 2026"
    page.set_period("year", date(2026, 3, 4))
    assert page.period_text.text() == "2026"
    page.period_combo.setCurrentIndex(page.period_combo.findData("month"))
    page.period_combo.setCurrentIndex(page.period_combo.findData("range"))  # the month's first..last day
    assert page.until_edit.isVisibleTo(page) and page.period_text.text() == "1 Maret 2026 – 31 Maret 2026"
    page.next_button.click()
    assert page.period_text.text() == "1 April 2026 – 1 Mei 2026"  # moved on by its own 31 days


def test_english_rewrites_the_preview_in_english_style(qtbot: QtBot, consoles: Consoles, day_db: Database) -> None:
    page = _page(consoles)
    _show(qtbot, page, "volume")
    translator().set_language("en")
    qtbot.waitUntil(lambda: page.preview is not None and page.preview.language == "en", timeout=WAIT_MS)
    assert page.title_label.text() == "Volume per service and day"
    assert page.shown_table() == _expected(day_db, "volume", "volume_service", lang="en")
    assert page.shown_table()[0][-1] == "33.3%" and page.period_text.text() == "March 2026"
    assert page.show_button.text() == "Show" and page.status.text() == "Report shown: 3 tables."
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == "Service"
    assert page.model.headerData(0, Qt.Orientation.Vertical) is None
    translator().set_language("id")
    qtbot.waitUntil(lambda: page.preview is not None and page.preview.language == "id", timeout=WAIT_MS)
    assert page.shown_table()[0][-1] == "33,3%"


def test_saving_writes_real_pdf_xlsx_and_csv(qtbot: QtBot, consoles: Consoles, day_db: Database,
                                             tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = _page(consoles)
    page.set_kind("volume")
    target = tmp_path / "volume.pdf"
    with qtbot.waitSignal(page.saved, timeout=WAIT_MS) as saved:
        page.save("pdf", str(target))
        # the work is queued on the runner: the bar moves and the buttons wait meanwhile
        assert page.busy() and page.busy_bar.isVisibleTo(page)
        assert not page.show_button.isEnabled() and not any(b.isEnabled() for b in page.save_buttons.values())
        assert page.status.text() == "Menyusun dan menyimpan PDF…"
    assert saved.args == [str(target)]
    assert target.read_bytes().startswith(b"%PDF")
    assert page.status.text() == f"Laporan disimpan ke {target}."
    assert page.title_label.text() == "Volume layanan per layanan dan hari"  # the preview shows what was saved
    assert page.show_button.isEnabled() and not page.busy_bar.isVisibleTo(page)

    with qtbot.waitSignal(page.saved, timeout=WAIT_MS):
        page.save("xlsx", str(tmp_path / "volume"))  # the suffix is added
    book = load_workbook(tmp_path / "volume.xlsx")
    assert book.worksheets[1].title == "Volume per layanan"
    numbers = [c.value for row in book.worksheets[1].iter_rows() for c in row if isinstance(c.value, int | float)]
    assert 3 in numbers and 5 in numbers  # A issued 3, total 5: real numbers, not text

    # the dialog: its answer is used; cancelling it writes nothing
    asked: list[tuple[Any, ...]] = []

    def dialog(*args: Any) -> tuple[str, str]:
        asked.append(args)
        return str(tmp_path / "dipilih.csv"), "CSV (*.csv)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    with qtbot.waitSignal(page.saved, timeout=WAIT_MS):
        page.save_buttons["csv"].click()
    assert asked[0][1] == "Simpan laporan sebagai CSV"
    assert asked[0][2] == str(tmp_path / "laporan-volume-2026-03-01-2026-03-31.csv")  # the folder last used
    with open(tmp_path / "dipilih.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    assert rows[0][0] == "Volume layanan per layanan dan hari"
    assert any(r[0].startswith("A – ") and r[1] == "3" for r in rows if len(r) > 1)  # A issued 3
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: ("", ""))
    page.save("pdf")
    assert not page.busy()


def test_mistakes_are_one_plain_sentence(qtbot: QtBot, consoles: Consoles, day_db: Database, tmp_path: Path) -> None:
    page = _page(consoles)
    page.set_period("range", date(2026, 3, 10), date(2026, 3, 1))
    assert page.period_text.text() == "Tanggal akhir periode lebih awal daripada tanggal mulainya."
    with qtbot.waitSignal(page.failed, timeout=WAIT_MS) as failed:
        page.show_report()
    assert failed.args == ["Tanggal akhir periode lebih awal daripada tanggal mulainya."]
    page.save("pdf", str(tmp_path / "x.pdf"))
    assert page.status.text() == "Tanggal akhir periode lebih awal daripada tanggal mulainya." and not page.busy()
    page.set_period("month", date(2026, 3, 1))
    missing = tmp_path / "tidak-ada" / "laporan.pdf"
    with qtbot.waitSignal(page.failed, timeout=WAIT_MS) as failed:
        page.save("pdf", str(missing))
    assert failed.args == [f"Berkas tidak dapat disimpan: folder {missing.parent} tidak ada."]
    assert page.show_button.isEnabled()
    translator().set_language("en")
    assert page.status.text() == f"The file could not be saved: there is no folder {missing.parent}."


def test_the_tab_is_in_the_console_for_supervisors_and_admins(qtbot: QtBot, consoles: Consoles,
                                                              day_db: Database) -> None:
    spec = next(p for p in PAGES if p.key == "reports")
    assert not spec.admin_only
    shell = consoles.shell(user="supervisor", password="supervisor123", page="reports")
    window = shell.window_
    assert window is not None
    page = window.pages["reports"]
    assert isinstance(page, ReportsPage) and window.tabs.currentWidget() is page
    assert "Laporan" in [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert page.preview is not None and page.preview.request.period == MARCH


def test_periods_steps_and_texts() -> None:
    d = date(2026, 3, 4)  # a Wednesday
    assert period_of("day", d) == Period(d, d, "day")
    assert period_of("week", d) == Period(date(2026, 3, 2), date(2026, 3, 8), "week")
    assert period_of("month", d) == reports.month(2026, 3)
    assert period_of("year", d) == Period(date(2026, 1, 1), date(2026, 12, 31), "year")
    assert period_of("range", d, date(2026, 3, 6)) == Period(d, date(2026, 3, 6), "range")
    assert period_of("range", d) == Period(d, d, "range")
    with pytest.raises(ReportError):
        period_of("range", d, date(2026, 3, 1))
    with pytest.raises(ValueError):
        period_of("fortnight", d)
    assert shifted("day", d, None, -1) == (date(2026, 3, 3), None)
    assert shifted("week", d, None, 1) == (date(2026, 3, 11), None)
    assert shifted("month", date(2026, 12, 5), None, 1) == (date(2027, 1, 1), None)
    assert shifted("month", date(2026, 1, 5), None, -1) == (date(2025, 12, 1), None)
    assert shifted("year", d, None, -1) == (date(2025, 1, 1), None)
    assert shifted("range", d, date(2026, 3, 5), -1) == (date(2026, 3, 2), date(2026, 3, 3))
    request = ReportRequest("summary", reports.month(2026, 11), Filters())
    assert request.file_name("xlsx") == "laporan-summary-2026-11-01-2026-11-30.xlsx"
    assert two_lines("Tingkat tidak hadir (%)") == "Tingkat tidak\nhadir (%)" and two_lines("Tidak hadir") == "Tidak\nhadir"
    assert two_lines("Dilayani") == "Dilayani" and two_lines("Kedaluwarsa-panjang") == "Kedaluwarsa-panjang"


def test_error_sentences(qapp: Any) -> None:
    translator().set_language("id")
    assert report_error_text(ReportError("there is no service 'Z' (known: A, B)")) == "Layanan Z tidak ada."
    assert report_error_text(ReportError("there is no counter 9")) == "Loket 9 tidak ada."
    assert report_error_text(ReportError("there is no officer 'x'")) == "Petugas x tidak ada."
    assert report_error_text(ReportError("something else")) == "Laporan tidak dapat dibuat (something else)."
    path = Path("/tmp/a/b.pdf")
    assert report_error_text(PermissionError(errno.EACCES, "Permission denied"), path).startswith(
        "Berkas tidak dapat disimpan: tidak ada izin menulis di /tmp/a/b.pdf")
    assert report_error_text(OSError(errno.ENOSPC, "No space"), path) == "Berkas tidak dapat disimpan: disk penuh."
    assert report_error_text(OSError(errno.EIO, "I/O error"), path) == "Berkas tidak dapat disimpan (I/O error)."
    assert report_error_text(RuntimeError("boom")) == "Terjadi kesalahan tak terduga (RuntimeError)."
    model = PreviewModel()
    assert model.rowCount() == 0 and model.columnCount() == 0 and model.data(model.index(0, 0)) is None
    assert model.headerData(0, Qt.Orientation.Horizontal) is None


def test_a_page_not_shown_reads_only_its_lists(qtbot: QtBot, consoles: Consoles, day_db: Database) -> None:
    backend = consoles.backend()
    page = ReportsPage(backend, consoles.actor(backend))
    consoles.all.append(console_helpers.Console(backend, page))
    qtbot.addWidget(page)
    page.show_report()  # before the lists are read: shown once they are
    page.save("csv", "/nowhere.csv")  # busy: ignored
    with qtbot.waitSignal(page.previewed, timeout=WAIT_MS):
        pass
    assert page.preview is not None and page.preview.request.period == MARCH and not page.isVisible()
    hidden = ReportsPage(backend, consoles.actor(backend))
    consoles.all.append(console_helpers.Console(backend, hidden))
    qtbot.addWidget(hidden)
    qtbot.waitUntil(lambda: hidden.choices is not None, timeout=WAIT_MS)
    assert hidden.preview is None  # never shown: no report read
    assert hidden.status.text() == 'Belum ada laporan. Pilih laporan dan periode, lalu tekan "Tampilkan".'
    hidden.resize(1366, 700)
    with qtbot.waitSignal(hidden.ready, timeout=WAIT_MS):
        hidden.show()  # shown the first time: this month's summary
    assert hidden.preview is not None
    # a language switch while a report is being read: it arrives in Indonesian and is rewritten
    hidden.set_kind("volume")
    hidden.show_report()
    translator().set_language("en")
    qtbot.waitUntil(lambda: hidden.preview is not None and hidden.preview.language == "en"
                    and hidden.preview.request.kind == "volume", timeout=WAIT_MS)
    assert hidden.shown_table()[0][-1] == "33.3%"
    model = hidden.model
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole) == hidden.shown_table()[0][0]
    assert model.data(model.index(0, 1), Qt.ItemDataRole.ToolTipRole) is None
    assert model.headerData(9, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == "No-show rate (%)"
    assert model.headerData(9, Qt.Orientation.Horizontal) == "No-show\nrate (%)"
    hidden.shutdown()
    hidden.shutdown()  # a second time does nothing
    hidden.show_report()
    assert not hidden.busy()



def test_a_damaged_database_is_said_plainly(qtbot: QtBot, qapp: Any, tmp_path: Path) -> None:
    from db.roles import Actor
    from ui.backend import Backend
    from ui.live import LiveFeed
    from ui.tasks import TaskRunner

    translator().set_language("id")
    path = tmp_path / "antrian.db"
    db = Database(f"sqlite:///{path}")
    db.dispose()
    path.write_bytes(b"not a database " * 100)  # damaged after the app opened it
    backend = Backend(db, TaskRunner(), LiveFeed(db))
    page = ReportsPage(backend, Actor(1, "supervisor", "Dewi", "supervisor", 1, "token"))
    qtbot.addWidget(page)
    try:
        with qtbot.waitSignal(page.failed, timeout=WAIT_MS) as failed:
            pass
        assert failed.args == ["Berkas basis data rusak; tidak ada yang ditulis. Hentikan aplikasi dan minta "
                               "administrator memeriksanya."]
        assert page.choices is None and page.show_button.isEnabled()
        with qtbot.waitSignal(page.failed, timeout=WAIT_MS):
            page.show_report()  # reads the lists again first
        assert page.status.text().startswith("Berkas basis data rusak")
    finally:
        page.shutdown()
        backend.runner.wait(WAIT_MS)
        page.runner.wait(WAIT_MS)
        db.dispose()
