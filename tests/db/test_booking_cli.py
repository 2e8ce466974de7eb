"""``antrian booking …`` as real processes on both databases (the real clock: bookings in 2027)."""

from __future__ import annotations

import json
import subprocess
from datetime import date, time
from pathlib import Path

import pytest

from db import booking, roles
from db.database import Database
from tests.db.test_cli import error_line, ok, run, run_here

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "samples" / "bookings.csv"
AS_SUPERVISOR = ("--as", "supervisor")
PW = "supervisor123\n"


def failed(result: subprocess.CompletedProcess[str]) -> list[str]:
    """The lines of a refused import (exit code 2, no traceback)."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    return result.stderr.splitlines()


def test_import_sample_twice_list_and_json(site_db_url: str) -> None:
    line = ok(run("booking", "import", str(SAMPLE), *AS_SUPERVISOR, db=site_db_url, stdin=PW))
    assert line.strip() == "bookings.csv: 10 added, 0 already imported"
    again = json.loads(ok(run_here("--json", "booking", "import", str(SAMPLE), *AS_SUPERVISOR, db=site_db_url, stdin=PW)))
    assert (again["added"], again["unchanged"], len(again["codes"])) == (0, 10, 10)

    table = ok(run("booking", "list", "--date", "2027-03-01", db=site_db_url)).splitlines()
    assert table[0].split() == ["CODE", "SVC", "DATE", "TIME", "STATUS", "TICKET", "NAME", "COMPANY", "PHONE"]
    assert len(table) == 1 + 9 + 2 and table[-1] == "9 bookings of 2027-03-01: 9 booked"
    assert any("Rina Wulandari" in r and "08:30" in r and "081234567801" in r for r in table)

    listed = json.loads(ok(run_here("booking", "list", "--date", "02/03/2027", "--service", "e", "--json", db=site_db_url)))
    assert [(b["service"], b["date"], b["time"], b["origin"], b["name"]) for b in listed] == \
        [("E", "2027-03-02", "08:30", "import", "Dian Permata")]
    assert ok(run_here("booking", "list", "--date", "2027-03-05", db=site_db_url)).strip() == "no bookings of 2027-03-05"


def test_add_cancel_pdf_housekeep(site_db_url: str, tmp_path: Path) -> None:
    added = json.loads(ok(run("--json", "booking", "add", "--service", "Desk CAPA", "--date", "2027-03-01",
                              "--time", "9.30", "--name", "Budi Santoso", "--phone", "+62 812 3456 7890",
                              *AS_SUPERVISOR, db=site_db_url, stdin=PW)))
    code = added["code"]
    assert booking.normalise_code(code) == code
    assert (added["service"], added["date"], added["time"], added["phone"], added["status"], added["origin"]) == \
        ("A", "2027-03-01", "09:30", "081234567890", "booked", "cli")

    given = booking.new_code()
    line = ok(run_here("booking", "add", "--service", "B", "--date", "01/03/2027", "--time", "10:00",
                  "--code", f"{given[:3].lower()}-{given[3:]}", *AS_SUPERVISOR, db=site_db_url, stdin=PW))
    assert line.startswith(f"{given}  B  2027-03-01 10:00  Desk Prasertifikasi")

    slip = tmp_path / "slip.pdf"
    assert ok(run("booking", "pdf", code.lower(), "--out", str(slip), db=site_db_url)).strip() == f"{slip} written"
    text = subprocess.run(["pdftotext", str(slip), "-"], capture_output=True, text=True, check=True).stdout
    assert code[:3] in text and "Senin, 1 Maret 2027" in text and "09.30 WIB" in text

    line = ok(run("booking", "cancel", code, "--reason", "asked by phone", *AS_SUPERVISOR, db=site_db_url, stdin=PW))
    assert line.strip() == f"{code} cancelled (A 2027-03-01 09:30)"
    listed = json.loads(ok(run_here("booking", "list", "--date", "2027-03-01", "--json", db=site_db_url)))
    statuses = {b["code"]: b["status"] for b in listed}
    assert statuses == {code: "cancelled", given: "booked"}
    assert "cancelled: no slip" in error_line(run_here("booking", "pdf", code, "--out", str(tmp_path / "x.pdf"), db=site_db_url))
    assert not (tmp_path / "x.pdf").exists()

    assert json.loads(ok(run("--json", "booking", "housekeep", db=site_db_url))) == {"no_shows": 0, "purged": 0}
    assert ok(run_here("booking", "housekeep", db=site_db_url)).strip() == \
        "0 booking(s) marked no-show, personal data of 0 booking(s) erased"


def test_default_slip_name(site_db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = Database(site_db_url)
    try:
        info = booking.add(db, booking.NewBooking("C", date(2027, 3, 2), time(8, 0)),
                           actor=roles.sign_in(db, "supervisor", "supervisor123"))
    finally:
        db.dispose()
    monkeypatch.chdir(tmp_path)
    ok(run_here("booking", "pdf", info.code, db=site_db_url))
    assert (tmp_path / f"booking-{info.code}.pdf").read_bytes().startswith(b"%PDF")


def test_a_bad_file_lists_every_problem_and_stores_nothing(site_db_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("layanan;tanggal;jam;telepon\nA;31/02/2027;09.00;\nZ;01/03/2027;10.00;12\n", encoding="utf-8")
    lines = failed(run_here("booking", "import", str(bad), *AS_SUPERVISOR, db=site_db_url, stdin=PW))
    assert lines == ["antrian: error: bad.csv: nothing imported, 3 problems:",
                     '  row 2, column "tanggal": "31/02/2027" is not a date',
                     '  row 3, column "layanan": "Z" is not a service of this site (give its code: A, B, C, D, E, F, '
                     "or its name)",
                     '  row 3, column "telepon": "12" is not an Indonesian phone number (e.g. 0812 3456 7890 or '
                     "+62 812 3456 7890)"]
    result = run_here("--json", "booking", "import", str(bad), *AS_SUPERVISOR, db=site_db_url, stdin=PW)
    printed = json.loads(result.stdout)
    assert printed["imported"] is False and [e["row"] for e in printed["errors"]] == [2, 3, 3]
    assert printed["errors"][0] == {"row": 2, "item": False, "column": "tanggal", "message": '"31/02/2027" is not a date'}
    assert json.loads(ok(run_here("booking", "list", "--date", "2027-03-01", "--json", db=site_db_url))) == []


@pytest.mark.parametrize(("args", "message"), [
    (("import", str(SAMPLE)), "this needs a supervisor or administrator: add --as USERNAME"),
    (("add", "--service", "A", "--date", "2027-02-30", "--time", "09:00", "--nib", "12", *AS_SUPERVISOR),
     '--date: "2027-02-30" is not a date; --nib: "12" is not an NIB (13 digits)'),
    (("add", "--service", "Q", "--date", "2027-03-01", "--time", "09:00", *AS_SUPERVISOR),
     '--service: "Q" is not a service of this site'),
    (("add", "--service", "A", "--date", "2020-03-02", "--time", "09:00", *AS_SUPERVISOR), "2020"),
    (("cancel", "K7P4QX", *AS_SUPERVISOR), "K7P4QX"),
    (("list", "--date", "tomorrow"), '--date: "tomorrow" is not a date'),
    (("pdf", "ZZZZZZ"), "ZZZZZZ"),
])
def test_mistakes_are_one_clear_line(site_db_url: str, args: tuple[str, ...], message: str) -> None:
    assert message in error_line(run_here("booking", *args, db=site_db_url, stdin=PW))


def test_an_officer_cannot_import(site_db_url: str) -> None:
    line = error_line(run_here("booking", "import", str(SAMPLE), "--as", "siti", db=site_db_url, stdin="siti123\n"))
    assert line == "antrian: error: Siti Rahmawati is not a supervisor or administrator"
