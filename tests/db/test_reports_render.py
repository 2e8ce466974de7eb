"""Reports rendered: the PDF looked at as PNG pages (pdftoppm), the XLSX read back with
openpyxl (real numbers and dates), the CSV as Excel reads it (BOM, separator, decimals)."""

from __future__ import annotations

import csv
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from db import reports
from db.clock import FakeClock, set_clock
from db.database import Database
from db.render import render
from db.render.csvfile import write_csv
from db.render.tables import tables
from db.render.xlsx import sheet_name
from db.reports import Filters, Report
from tests.db.dbtools import set_setting, wib
from tests.db.reportsim import simulate
from tests.sitedb import prepare_site

NOVEMBER = reports.month(2026, 11)


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> str:
    """An SQLite office with four simulated days in November 2026 and the site's logo set.
    (The queries run on both databases in the other report tests; rendering is the same.)"""
    folder = tmp_path_factory.mktemp("office")
    url = f"sqlite:///{folder / 'office.db'}"
    prepare_site(url)
    from PIL import Image, ImageDraw

    logo = folder / "logo.png"
    img = Image.new("RGB", (120, 120), "#1565c0")
    ImageDraw.Draw(img).ellipse((20, 20, 100, 100), fill="white")
    img.save(logo)
    clock = FakeClock(wib(2026, 11, 2, 8))
    set_clock(clock)
    db = Database(url)
    try:
        set_setting(db, "logo", str(logo))
        simulate(db, clock, date(2026, 11, 2), 4, arrivals_per_hour=10, seed=7)
    finally:
        db.dispose()
        set_clock(None)
    return url


def _report(url: str, kind: str = "summary", filters: Filters | None = None) -> Report:
    db = Database(url)
    try:
        return reports.report(db, kind, NOVEMBER, filters)
    finally:
        db.dispose()


def _pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm) is not installed")
@pytest.mark.parametrize("language", ["id", "en"])
def test_monthly_pdf_pages(office: str, tmp_path: Path, language: str) -> None:
    path = render(_report(office), "pdf", tmp_path / "bulanan.pdf", language)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert 3 <= len(pages) <= 8
    from PIL import Image

    for page in pages:
        with Image.open(page) as img:
            assert img.size in ((496, 702), (497, 702))  # A4 portrait at 60 dpi (595.3 × 841.9 pt)
    text = _pdf_text(path)
    assert "Direktorat Pengawasan Produksi Obat" in text
    if language == "id":
        for words in ("Laporan bulanan standar pelayanan", "Periode: November 2026", f"Halaman 1 dari {len(pages)}",
                      "Kedatangan per jam dan hari", "Kepatuhan per hari (%), semua layanan", "Semua layanan", "WIB"):
            assert words in text
    else:
        for words in ("Monthly service standard report", "Period: November 2026", f"Page 1 of {len(pages)}",
                      "Arrivals per hour and weekday", "All services"):
            assert words in text


def test_pdf_numbers_are_indonesian(office: str, tmp_path: Path) -> None:
    report = _report(office)
    text = _pdf_text(render(report, "pdf", tmp_path / "r.pdf", "id"))
    total = report.figures.times.total.waiting.mean
    assert f"{total:.1f}".replace(".", ",") in text  # decimal comma
    assert "%" in text and "1 November 2026" not in text.split("Dibuat")[0]  # the heading names the month


def test_each_report_renders_in_every_format(office: str, tmp_path: Path) -> None:
    """Every report in every format holds every one of its tables, under its title."""
    for kind in reports.KINDS:
        report = _report(office, kind, Filters(service="A") if kind == "times" else None)
        titles = [t.title for t in tables(report, "id")]
        pdf = _pdf_text(render(report, "pdf", tmp_path / f"{kind}.pdf", "id"))
        compact = {"Volume per hari", "Kepatuhan per layanan per hari"} if kind == "summary" else set()
        assert all(t in pdf for t in titles if t not in compact), kind
        wb = load_workbook(render(report, "xlsx", tmp_path / f"{kind}.xlsx", "id"))
        assert [wb[name]["A1"].value for name in wb.sheetnames[1:]] == titles
        rows = list(csv.reader(render(report, "csv", tmp_path / f"{kind}.csv", "id")
                               .read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
        assert [r[0] for r in rows if len(r) == 1] == titles
    with pytest.raises(ValueError, match="unknown format"):
        render(_report(office, "volume"), "docx", tmp_path / "x.docx")


def test_wide_tables_turn_the_page(office: str, tmp_path: Path) -> None:
    """The volume report's per-day table has 15 columns: its PDF is landscape."""
    path = render(_report(office, "volume"), "pdf", tmp_path / "v.pdf", "id")
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "v")], check=True)
    from PIL import Image

    with Image.open(next(tmp_path.glob("v-*.png"))) as img:
        assert img.size in ((702, 496), (702, 497))


def test_xlsx_holds_real_numbers_and_dates(office: str, tmp_path: Path) -> None:
    report = _report(office)
    path = render(report, "xlsx", tmp_path / "bulanan.xlsx", "id")
    wb = load_workbook(path)
    names = wb.sheetnames
    assert names[0] == "Ringkasan" and "Volume per layanan" in names and "Volume per hari" in names
    info = wb["Ringkasan"]
    assert info["A1"].value == "Laporan bulanan standar pelayanan"
    assert info["B3"].value == datetime(2026, 11, 1) and info["C3"].value == datetime(2026, 11, 30)
    vol = wb["Volume per layanan"]
    assert vol["A2"].value == "Layanan" and vol["B2"].value == "Diterbitkan"
    last = vol.max_row
    assert vol.cell(last, 1).value == "Semua layanan"
    assert vol.cell(last, 2).value == report.figures.volume.total.issued
    assert isinstance(vol.cell(last, 2).value, int) and vol.cell(last, 2).number_format == "#,##0"
    rate = vol.cell(last, 10)
    assert isinstance(rate.value, float) and rate.number_format == "0.0%"
    assert rate.value == pytest.approx(report.figures.volume.total.no_show_rate)
    days = wb["Volume per hari"]
    assert isinstance(days["A3"].value, datetime) and days["A3"].number_format == "d mmmm yyyy"
    wait = wb["Waktu tunggu (menit)"]
    assert isinstance(wait["C3"].value, float) and wait["C3"].number_format == "0.0"


def test_csv_opens_in_excel(office: str, tmp_path: Path) -> None:
    report = _report(office, "volume")
    path = tmp_path / "v.csv"
    write_csv(report, path, "id")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8
    assert b"\r\n" in raw
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0] == ["Volume layanan per layanan dan hari", "Direktorat Pengawasan Produksi Obat"]
    header = rows.index(["Volume per layanan"]) + 1
    assert rows[header][:3] == ["Layanan", "Diterbitkan", "Pindahan masuk"]
    total = next(r for r in rows if r and r[0] == "Semua layanan")
    assert int(total[1]) == report.figures.total.issued
    assert "," in total[9] and "." not in total[9]  # the no-show rate with a decimal comma
    per_day = rows[rows.index(["Volume per hari"]) + 2]
    assert date.fromisoformat(per_day[0]).month == 11
    write_csv(report, path, "en")
    en = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines(), delimiter=","))
    en_total = next(r for r in en if r and r[0] == "All services")
    assert "." in en_total[9]


def test_table_model_and_sheet_names(office: str) -> None:
    report = _report(office, "arrivals")
    (table,) = tables(report, "id")
    assert [c.header for c in table.columns][:3] == ["Jam", "Sen", "Sel"]
    assert table.rows[-1][0] == "Jumlah" and table.totals == 1
    used: set[str] = set()
    assert sheet_name("Waktu: tunggu/layanan [menit] yang sangat panjang sekali", used) == \
        "Waktu- tunggu-layanan -menit- y"
    assert sheet_name("Waktu: tunggu/layanan [menit] yang sangat panjang sekali", used).endswith(" (2)")


def test_indonesian_wording_follows_kbbi() -> None:
    """The reports' Indonesian texts pass the same KBBI/PUEBI checks as the apps' (tests/test_wording.py)."""
    from db.render.texts import TEXTS
    from tests.test_wording import offences

    assert {key: offences(id_text) for key, (id_text, _) in TEXTS.items() if offences(id_text)} == {}
    assert "antrean" in TEXTS["def_text"][0]


def test_an_empty_month_and_a_broken_logo(office: str, tmp_path: Path) -> None:
    """A month without visits still makes a PDF (every table says so); a logo that is no
    image is left out rather than stopping the report."""
    db = Database(office)
    try:
        report = reports.report(db, "summary", reports.month(2025, 1))
    finally:
        db.dispose()
    broken = tmp_path / "logo.png"
    broken.write_text("not an image")
    from dataclasses import replace

    text = _pdf_text(render(replace(report, logo=str(broken)), "pdf", tmp_path / "empty.pdf", "id"))
    assert "Tidak ada data pada periode ini." in text and "Januari 2025" in text


def test_narrow_tables_shrink_their_number_columns() -> None:
    from db.render.pdf import _widths
    from db.render.tables import Column, Table

    t = Table("t", "T", [Column("Layanan", "text"), *(Column(f"Kolom nomor {i}") for i in range(12))], [["A", *range(12)]])
    widths = _widths(t, 400, "id")
    assert widths[0] == 90 and sum(widths) == pytest.approx(400)
    with pytest.raises(TypeError, match="not a report"):
        tables(replace_figures(t), "id")


def replace_figures(value: object) -> Report:
    """A report whose figures are not a report (the renderers refuse it)."""
    from db.reports import Filters, Period

    return Report("volume", value, Period(date(2026, 1, 1), date(2026, 1, 1)), Filters(), "", "", "Asia/Jakarta",
                  datetime(2026, 1, 1), {}, {}, {})
