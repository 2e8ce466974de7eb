"""The IKM rendered: the PDF and poster looked at as PNG pages (pdftoppm) and read as text
(pdftotext), the XLSX read back (numbers and the NRR chart), the CSV with a decimal comma."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from db import reports
from db.database import Database
from db.render import render
from db.render.ikmchart import GRADE_COLOURS, NO_ANSWER, bar_colour
from db.render.poster import write_poster
from db.render.tables import tables
from db.reports import Report
from tests.db.dbtools import set_setting
from tests.db.surveyseed import respond, set_plan, visits
from tests.sitedb import prepare_site

S2 = reports.parse_period("2026-S2")


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> str:
    """An SQLite office with the hand-computed responses of tests/db/test_ikm_read.py in S2 2026
    (the reads run on both databases there; rendering is the same)."""
    folder = tmp_path_factory.mktemp("ikm")
    url = f"sqlite:///{folder / 'office.db'}"
    prepare_site(url)
    from PIL import Image, ImageDraw

    logo = folder / "logo.png"
    img = Image.new("RGB", (160, 120), "#1565c0")
    ImageDraw.Draw(img).ellipse((40, 20, 120, 100), fill="white")
    img.save(logo)
    db = Database(url)
    try:
        set_setting(db, "logo", str(logo))
        day = date(2026, 8, 3)
        respond(db, "A", day, [4, 4, 3, 3, 4, 3, 4, 2, 3], gender="L", comment="Antrean rapi & cepat <terima kasih>",
                w1=4, w2=4, w3=4, w4=3, w5=4)
        respond(db, "A", day, [3, 3, 3, 4, 3, 3, 4, 3, 3], gender="P", w1=3, w2=4, w3=4, w4=4, w5=4)
        respond(db, "A", day, [4, 3, 2, 4, 3, 4, 4, 3, 4], gender="P", comment="Ruang tunggu panas")
        respond(db, "A", day, [2, None, None, None, None, None, None, None, None])
        respond(db, "B", day, [2] * 9)
        visits(db, "A", date(2026, 5, 4), 100)
        visits(db, "B", date(2026, 6, 30), 10)
        set_plan(db, S2.first, S2.last, "1. Menambah kursi di ruang tunggu.\n2. Pelatihan petugas loket B.")
    finally:
        db.dispose()
    return url


def _report(url: str, kind: str = "ikm", period: reports.Period = S2) -> Report:
    db = Database(url)
    try:
        return reports.report(db, kind, period)
    finally:
        db.dispose()


def _pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _pages(path: Path, folder: Path) -> list[tuple[int, int]]:
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils (pdftoppm) is not installed")
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(path), str(folder / "page")], check=True)
    from PIL import Image

    sizes = []
    for page in sorted(folder.glob("page-*.png")):
        with Image.open(page) as img:
            sizes.append(img.size)
    return sizes


def test_ikm_pdf_in_indonesian(office: str, tmp_path: Path) -> None:
    path = render(_report(office), "pdf", tmp_path / "ikm.pdf", "id")
    sizes = _pages(path, tmp_path)
    assert 1 <= len(sizes) <= 3 and all(s in ((413, 585), (414, 585)) for s in sizes)  # A4 portrait at 50 dpi
    txt = _pdf_text(path)
    # Unit: 74,31 (C, Kurang Baik); A: 82,18 (B); B: 50,00 (D) — worked out in test_ikm_read.py.
    for expected in ("Indeks Kepuasan Masyarakat (IKM)", "Semester II 2026", "74,31", "Mutu pelayanan: C (Kurang Baik)",
                     "5 dari 86 (5,8%)", "82,18", "B (Baik)", "50,00", "D (Tidak Baik)", "NRR per unsur (skala 1–4)",
                     "U8 Penanganan Pengaduan, Saran, dan Masukan", "Ruang tunggu panas",
                     "Antrean rapi & cepat <terima kasih>", "Rencana tindak lanjut", "1. Menambah kursi di ruang tunggu.",
                     "2. Pelatihan petugas loket B.", "Indeks persepsi antikorupsi", "Krejcie dan Morgan"):
        assert expected in txt, expected
    assert "74.31" not in txt  # a decimal comma in Indonesian


def test_ikm_pdf_in_english_without_plan(office: str, tmp_path: Path) -> None:
    path = render(_report(office, period=reports.parse_period("2026-Q3")), "pdf", tmp_path / "ikm.pdf", "en")
    txt = _pdf_text(path)
    for expected in ("Community Satisfaction Index (IKM)", "Q3 2026", "74.31", "Service quality: C (Less than good)",
                     "No follow-up plan for this period yet.", "U1 Requirements"):
        assert expected in txt, expected


def test_ikm_xlsx_numbers_and_chart(office: str, tmp_path: Path) -> None:
    path = render(_report(office), "xlsx", tmp_path / "ikm.xlsx", "id")
    wb = load_workbook(path)
    services = wb["IKM per layanan"]
    assert [c.value for c in services[3]][:2] == ["A – Desk CAPA", 4]
    unit = [c.value for c in services[5]]
    assert unit[0] == "Semua layanan" and unit[1:5] == [5, 4, 110, 86] and unit[6] == pytest.approx(74.31)
    assert services.cell(row=5, column=7).number_format == "0.00"
    elements = wb["Nilai rata-rata per unsur (NRR)"]
    assert [c.value for c in elements[3]] == ["U1", "Persyaratan", 5, 15, pytest.approx(3.0)]
    assert [c.value for c in elements[5]][4] == pytest.approx(2.5)  # U3: 10 / 4
    assert len(elements._charts) == 1
    assert "Krejcie" in str(wb["Ringkasan"]["A8"].value)
    plan = wb["Rencana tindak lanjut"]
    assert plan["A3"].value == "Semester II 2026" and plan["B3"].value.startswith("1. Menambah kursi")


def test_ikm_csv_decimal_comma(office: str, tmp_path: Path) -> None:
    path = render(_report(office), "csv", tmp_path / "ikm.csv", "id")
    text = path.read_text(encoding="utf-8-sig")
    assert "Semua layanan;5;4;110;86;5,81;74,31;C (Kurang Baik)" in text
    assert "U3;Waktu Penyelesaian;4;10;2,50" in text
    en = render(_report(office), "csv", tmp_path / "ikm-en.csv", "en").read_text(encoding="utf-8-sig")
    assert "All services,5,4,110,86,5.81,74.31,C (Less than good)" in en


@pytest.mark.parametrize(("paper", "size"), [("A4", (413, 585)), ("A3", (585, 827))])
def test_poster(office: str, tmp_path: Path, paper: str, size: tuple[int, int]) -> None:
    path = write_poster(_report(office), tmp_path / "poster.pdf", paper, "id")
    sizes = _pages(path, tmp_path)
    assert len(sizes) == 1 and abs(sizes[0][0] - size[0]) <= 1 and abs(sizes[0][1] - size[1]) <= 1
    txt = _pdf_text(path)
    for expected in ("INDEKS KEPUASAN MASYARAKAT", "Semester II 2026", "74,31", "KURANG BAIK", "dari 5 responden",
                     "Permenpan RB No. 14 Tahun 2017"):
        assert expected in txt, expected


def test_poster_logo_missing_or_broken(office: str, tmp_path: Path) -> None:
    from dataclasses import replace

    report = _report(office)
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not an image")
    for logo in ("", str(tmp_path / "gone.png"), str(broken)):
        txt = _pdf_text(write_poster(replace(report, logo=logo), tmp_path / "p.pdf", "A4"))
        assert "INDEKS KEPUASAN MASYARAKAT" in txt and "74,31" in txt


def test_ikm_needs_the_survey_read(office: str) -> None:
    db = Database(office)
    try:
        ds = reports.load(db, S2)  # read without the survey
    finally:
        db.dispose()
    with pytest.raises(reports.ReportError, match="survey=True"):
        reports.report_of("ikm", ds)


def test_poster_without_an_index_and_bad_input(office: str, tmp_path: Path) -> None:
    empty = _report(office, period=reports.parse_period("2025-S2"))
    txt = _pdf_text(write_poster(empty, tmp_path / "p.pdf", "a4", "en"))
    assert "No IKM yet: every element needs at least one answer." in txt and "from 0 respondents" in txt
    with pytest.raises(ValueError, match="unknown paper 'A5'"):
        write_poster(empty, tmp_path / "p.pdf", "A5")
    with pytest.raises(TypeError, match="kind 'ikm'"):
        write_poster(_report(office, "volume"), tmp_path / "p.pdf")


def test_summary_has_the_ikm_section(office: str, tmp_path: Path) -> None:
    report = _report(office, "summary", reports.month(2026, 8))
    keys = [t.key for t in tables(report)]
    assert keys[-3:] == ["profile_gender", "comments", "plan"] and "ikm_elements" in keys
    txt = _pdf_text(render(report, "pdf", tmp_path / "agustus.pdf", "id"))
    assert "Indeks Kepuasan Masyarakat" in txt and "74,31" in txt  # August holds every response
    # A month without responses: no IKM section.
    quiet = _report(office, "summary", reports.month(2026, 10))
    assert "ikm_elements" not in [t.key for t in tables(quiet)]


def test_bar_colours_follow_the_grades() -> None:
    from fractions import Fraction

    # NRR × 25 graded: 3,5324 × 25 = 88,31 (A); 3,5320 × 25 = 88,30 (B); 2,6 × 25 = 65 (C); 2 × 25 = 50 (D).
    assert bar_colour(Fraction("3.5324")) == GRADE_COLOURS["A"]
    assert bar_colour(Fraction("3.532")) == GRADE_COLOURS["B"]
    assert bar_colour(Fraction("2.6")) == GRADE_COLOURS["C"]
    assert bar_colour(Fraction(2)) == GRADE_COLOURS["D"]
    assert bar_colour(None) == NO_ANSWER
    assert Decimal("88.31") == Decimal("3.5324") * 25
