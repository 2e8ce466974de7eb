"""The "Laporan" tab's IKM on a real database (SQLite and PostgreSQL): quarter and semester
periods, the preview as the IKM report's tables, the report saved, and the poster on A4
and A3 (a real PDF, its page size read back)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from db.database import Database
from db.reports import Filters, parse_period
from supervisor.reports_data import PERIOD_KINDS, ReportRequest, period_of, shifted
from supervisor.reports_page import ReportsPage
from tests.supervisor import console_helpers, test_survey_page
from tests.supervisor.console_helpers import WAIT_MS, Consoles
from tests.supervisor.test_reports_page import _expected
from ui.i18n import translator

consoles = console_helpers.consoles  # the fixture
survey_db = test_survey_page.survey_db  # the fixture: the hand-computed quarter, the clock in it

Q3 = parse_period("2026-Q3")


def _page(qtbot: QtBot, consoles: Consoles) -> ReportsPage:
    page = consoles.page(ReportsPage)
    assert isinstance(page, ReportsPage)
    page.set_kind("ikm")
    page.set_period("quarter", date(2026, 8, 17))
    with qtbot.waitSignal(page.previewed, timeout=WAIT_MS):
        page.show_report()
    return page


def _pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_quarter_and_semester_periods() -> None:
    assert PERIOD_KINDS == ("day", "week", "month", "quarter", "semester", "year", "range")
    assert period_of("quarter", date(2026, 8, 17)) == Q3
    assert period_of("semester", date(2026, 8, 17)) == parse_period("2026-S2")
    assert shifted("quarter", date(2026, 8, 17), None, -1) == (date(2026, 5, 1), None)
    assert period_of("quarter", shifted("quarter", date(2026, 8, 17), None, -1)[0]) == parse_period("2026-Q2")
    assert shifted("semester", date(2026, 8, 1), None, 1) == (date(2027, 2, 1), None)
    assert period_of("semester", date(2027, 2, 1)) == parse_period("2027-S1")
    assert shifted("month", date(2026, 12, 5), None, 1) == (date(2027, 1, 1), None)  # as before
    request = ReportRequest("ikm", Q3, Filters())
    assert request.poster_name("A3") == "poster-ikm-2026-07-01-2026-09-30-A3.pdf"
    assert request.file_name("xlsx") == "laporan-ikm-2026-07-01-2026-09-30.xlsx"


def test_the_ikm_preview_is_the_reports_tables(qtbot: QtBot, consoles: Consoles, survey_db: Database) -> None:
    page = _page(qtbot, consoles)
    assert page.period_text.text() == "Triwulan III 2026"
    assert page.anchor_label.text() == "Bulan"  # a month: the quarter holding it
    assert page.title_label.text() == "Indeks Kepuasan Masyarakat (IKM)"
    assert page.preview is not None
    for i, table in enumerate(page.preview.tables):
        page.table_list.setCurrentRow(i)
        assert page.shown_table() == _expected(survey_db, "ikm", table.key, period=Q3)
    assert any("74,31" in cell for row in _expected(survey_db, "ikm", page.preview.tables[0].key, period=Q3)
               for cell in row)
    assert all(b.isVisible() for b in page.poster_buttons.values())
    page.set_kind("volume")
    assert not any(b.isVisible() for b in page.poster_buttons.values())


def test_save_the_ikm_and_its_posters(qtbot: QtBot, consoles: Consoles, survey_db: Database,
                                      tmp_path: Path) -> None:
    page = _page(qtbot, consoles)
    with qtbot.waitSignal(page.saved, timeout=WAIT_MS) as saved:
        page.save("pdf", str(tmp_path / "ikm"))
    assert saved.args == [str(tmp_path / "ikm.pdf")]
    text = _pdf_text(tmp_path / "ikm.pdf")
    assert "74,31" in text and "Menambah kursi di ruang tunggu." in text
    for paper, width_mm in (("A4", 210), ("A3", 297)):
        target = tmp_path / f"poster-{paper}"
        with qtbot.waitSignal(page.saved, timeout=WAIT_MS) as saved:
            page.save_poster(paper, str(target))
        assert saved.args == [f"{target}.pdf"]
        assert page.status.text() == f"Poster IKM disimpan ke {target}.pdf."
        data = Path(f"{target}.pdf").read_bytes()
        assert data.startswith(b"%PDF") and data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") >= 1
        poster = _pdf_text(Path(f"{target}.pdf"))
        for expected in ("INDEKS KEPUASAN MASYARAKAT", "Triwulan III 2026", "74,31", "KURANG BAIK"):
            assert expected in poster, expected
        media = data.split(b"/MediaBox")[1].split(b"]")[0].decode().strip(" [").split()
        assert round(float(media[2]) / 72 * 25.4) == width_mm


def test_the_poster_in_english_and_a_folder_that_is_not_there(qtbot: QtBot, consoles: Consoles,
                                                              survey_db: Database, tmp_path: Path) -> None:
    page = _page(qtbot, consoles)
    translator().set_language("en")
    try:
        assert page.poster_buttons["A3"].text() == "Poster A3"
        assert page.period_combo.itemText(PERIOD_KINDS.index("semester")) == "Half-year"
        with qtbot.waitSignal(page.saved, timeout=WAIT_MS):
            page.save_poster("A4", str(tmp_path / "en.pdf"))
        assert "COMMUNITY SATISFACTION INDEX" in _pdf_text(tmp_path / "en.pdf").upper()
    finally:
        translator().set_language("id")
    with qtbot.waitSignal(page.failed, timeout=WAIT_MS) as failed:
        page.save_poster("A4", str(tmp_path / "tidak-ada" / "p.pdf"))
    assert failed.args == [f"Berkas tidak dapat disimpan: folder {tmp_path / 'tidak-ada'} tidak ada."]


def test_the_poster_button_asks_where(qtbot: QtBot, consoles: Consoles, survey_db: Database, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    page = _page(qtbot, consoles)
    page.folder = tmp_path
    asked: list[tuple[object, ...]] = []

    def dialog(*args: object) -> tuple[str, str]:
        asked.append(args)
        return str(tmp_path / "dipilih"), "PDF (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    with qtbot.waitSignal(page.saved, timeout=WAIT_MS) as saved:
        page.poster_buttons["A3"].click()
    assert asked[0][1] == "Simpan poster IKM A3"
    assert asked[0][2] == str(tmp_path / "poster-ikm-2026-07-01-2026-09-30-A3.pdf")
    assert saved.args == [str(tmp_path / "dipilih.pdf")]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: ("", ""))
    page.save_poster("A4")  # cancelled
    assert not page.busy()
    page.set_period("range", date(2026, 9, 30), date(2026, 7, 1))
    with qtbot.waitSignal(page.failed, timeout=WAIT_MS) as failed:
        page.save_poster("A4")
    assert failed.args == ["Tanggal akhir periode lebih awal daripada tanggal mulainya."]
