"""``antrian report``: real processes against both databases; one clear line for every mistake."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from db.clock import FakeClock
from db.database import Database
from tests.db import reportday
from tests.db.test_cli import error_line, ok, run, run_here


@pytest.fixture
def day_url(site_db_url: str, fake_clock: FakeClock) -> str:
    """The standard site after the hand-computed day of tests/db/reportday.py (2 March 2026)."""
    db = Database(site_db_url)
    try:
        reportday.play(db, fake_clock)
    finally:
        db.dispose()
    return site_db_url


def test_report_kinds_and_formats(day_url: str, tmp_path: Path) -> None:
    out = tmp_path / "maret.pdf"
    assert ok(run("report", "month", "2026-03", "--out", str(out), db=day_url)).strip() == f"{out} written (March 2026)"
    assert out.read_bytes().startswith(b"%PDF")
    xlsx = tmp_path / "v.xlsx"
    printed = json.loads(ok(run_here("--json", "report", "volume", "--from", "2026-03-02", "--to", "2026-03-02",
                                "--service", "a", "--format", "xlsx", "--out", str(xlsx), db=day_url)))
    assert printed == {"kind": "volume", "first": "2026-03-02", "last": "2026-03-02", "format": "xlsx",
                       "file": str(xlsx)}
    sheet = load_workbook(xlsx)["Volume per layanan"]
    assert [c.value for c in sheet[3]][:4] == ["A – Desk CAPA", 3, 1, 2]  # issued 3, transferred in 1, served 2
    csv_file = tmp_path / "w.csv"
    ok(run_here("report", "staff", "2026-W10", "--officer", "siti", "--format", "csv", "--lang", "en",
                "--out", str(csv_file), db=day_url))
    text = csv_file.read_text(encoding="utf-8-sig")
    assert "Siti Rahmawati,2,1,33.33,11.50,85.00" in text  # 2 served, 1 no-show, 11.5 min, 85 min idle


def test_default_file_name(day_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    ok(run_here("report", "year", "2026", "--format", "csv", db=day_url))
    assert (tmp_path / "laporan-year-2026-01-01-2026-12-31.csv").is_file()


@pytest.mark.parametrize(("args", "message"), [
    (("volume", "--from", "2026-02-30", "--to", "2026-03-01"), "'2026-02-30' is not a date: write it as YYYY-MM-DD"),
    (("volume", "--from", "2026-03-01"), "give both --from and --to"),
    (("volume", "--from", "2026-03-05", "--to", "2026-03-01"), "the period ends (2026-03-01) before it starts"),
    (("volume", "2026-13"), "there is no month 13: write 2026-11 for November 2026"),
    (("volume", "last-month"), "'last-month' is not a period: write a day 2026-11-05, a week 2026-W45"),
    (("volume",), "give a period"),
    (("month", "2026"), "'2026' is not a month: write it as YYYY-MM"),
    (("month",), "give the month to report on, e.g. antrian report month 2026-11"),
    (("year", "2026-03"), "'2026-03' is not a year"),
    (("volume", "2026-03", "--service", "Z"), "there is no service 'Z' (known: A, B, C, D, E, F)"),
    (("volume", "2026-03", "--counter", "9"), "there is no counter 9"),
    (("volume", "2026-03", "--officer", "nobody"), "there is no officer 'nobody'"),
])
def test_mistakes_are_one_clear_line(site_db_url: str, tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    line = error_line(run_here("report", *args, "--out", str(tmp_path / "x.pdf"), db=site_db_url))
    assert message in line
    assert not (tmp_path / "x.pdf").exists()


def test_usage_mistakes_exit_2(tmp_path: Path) -> None:
    for args in (("report", "weekly", "2026-03"), ("report", "volume", "2026-03", "--format", "docx")):
        result = (run if args[1] == "weekly" else run_here)(*args, db=f"sqlite:///{tmp_path / 'none.db'}")
        assert result.returncode == 2 and "invalid choice" in result.stderr


def test_unwritable_output_is_one_line(day_url: str, tmp_path: Path) -> None:
    line = error_line(run_here("report", "volume", "2026-03", "--out", str(tmp_path / "missing" / "x.pdf"), db=day_url))
    assert "No such file or directory" in line
