"""``antrian report ikm`` and ``antrian report ikm-poster``: real processes on both databases."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from db.database import Database
from tests.db.surveyseed import respond, visits
from tests.db.test_cli import error_line, ok, run, run_here


@pytest.fixture
def survey_url(site_db_url: str) -> str:
    """The standard site with two responses in August 2026 and 20 visits in the first half."""
    db = Database(site_db_url)
    try:
        respond(db, "A", date(2026, 8, 3), [4] * 9, comment="Bagus")
        respond(db, "A", date(2026, 8, 4), [3] * 9)
        visits(db, "A", date(2026, 3, 2), 20)
    finally:
        db.dispose()
    return site_db_url


def test_ikm_report_and_poster(survey_url: str, tmp_path: Path) -> None:
    xlsx = tmp_path / "ikm.xlsx"
    printed = json.loads(ok(run("--json", "report", "ikm", "--period", "2026-S2", "--format", "xlsx", "--out", str(xlsx),
                                db=survey_url)))
    assert printed == {"kind": "ikm", "first": "2026-07-01", "last": "2026-12-31", "format": "xlsx", "file": str(xlsx)}
    # NRR 4 and 3 on every element: (Σ 3,5 × 9) / 9 × 25 = 87,50 (B); 20 visitors before → sample 19.
    unit = [c.value for c in load_workbook(xlsx)["IKM per layanan"][4]]
    assert unit[0] == "Semua layanan" and unit[1:5] == [2, 2, 20, 19] and unit[6] == pytest.approx(87.5)
    poster = tmp_path / "poster.pdf"
    line = ok(run("report", "ikm-poster", "2026-S2", "--paper", "a3", "--out", str(poster), db=survey_url))
    assert line.strip() == f"{poster} written (Second half of 2026)"
    assert poster.read_bytes().startswith(b"%PDF")


def test_default_names(survey_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    ok(run_here("report", "ikm", "--period", "2026-Q3", "--format", "csv", db=survey_url))
    assert "87,50" in (tmp_path / "laporan-ikm-2026-07-01-2026-09-30.csv").read_text(encoding="utf-8-sig")
    ok(run_here("report", "ikm-poster", "--from", "2026-08-01", "--to", "2026-08-31", db=survey_url))
    assert (tmp_path / "poster-ikm-2026-08-01-2026-08-31-A4.pdf").is_file()


@pytest.mark.parametrize(("args", "message"), [
    (("ikm",), "give the survey period: a quarter 2026-Q3, a semester 2026-S2"),
    (("ikm", "2026-S2", "--period", "2026-S1"), "give the period once"),
    (("ikm", "--period", "2026-S3"), "'2026-S3' is not a period"),
    (("ikm", "--period", "2026-S2", "--paper", "A3"), "--paper is for the poster only"),
    (("ikm-poster", "--period", "2026-S2", "--format", "xlsx"), "the poster is a PDF"),
    (("ikm", "--period", "2026-S2", "--service", "Z"), "there is no service 'Z'"),
])
def test_mistakes_are_one_clear_line(site_db_url: str, tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    line = error_line(run_here("report", *args, "--out", str(tmp_path / "x.pdf"), db=site_db_url))
    assert message in line
    assert not (tmp_path / "x.pdf").exists()


def test_bad_paper_is_a_usage_error(tmp_path: Path) -> None:
    result = run_here("report", "ikm-poster", "2026-S2", "--paper", "A5", db=f"sqlite:///{tmp_path / 'none.db'}")
    assert result.returncode == 2 and "invalid choice" in result.stderr
