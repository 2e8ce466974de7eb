"""``db.booking.importer``: CSV, XLSX and JSON files into bookings, refused whole naming row and
column, idempotent; on both databases (the ``db`` fixture, the clock at Mon 2 Mar 2026 09.00 WIB)."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from db import booking, roles
from db.booking.importer import (
    MAX_ERRORS,
    BookingInvalid,
    ImportRefused,
    check_booking,
    import_file,
    read_bookings,
    site_services,
)
from db.database import Database
from db.models import Booking
from db.validation import InvalidValue
from tests.db.dbtools import set_service

pytestmark = pytest.mark.usefixtures("fake_clock")

HEADER = ["Kode", "Layanan", "Tanggal", "Jam", "Nama", "Perusahaan", "NIB", "Telepon", "ID"]
CODE = booking.new_code()
ROWS = [
    [CODE, "A", "03/03/2026", "09.30", "Rina Wulandari", "PT Sehat Sentosa", "9120001234567", "+62 812-3456-7801", "R1"],
    ["", "Desk Prasertifikasi", "2026-03-03", "10:00", "", "", "", "", "R2"],
    ["", "e", "3-3-2026", "13.30", "Andi  Saputra", "", "", "0813 4567 8902", "R3"],
]
EXPECTED = [
    (CODE, "A", date(2026, 3, 3), time(9, 30), "Rina Wulandari", "PT Sehat Sentosa", "9120001234567", "081234567801"),
    (None, "B", date(2026, 3, 3), time(10, 0), None, None, None, None),
    (None, "E", date(2026, 3, 3), time(13, 30), "Andi Saputra", None, None, "081345678902"),
]


def _csv(path: Path, rows: list[list[str]], sep: str = ",", bom: bool = False, header: list[str] = HEADER) -> Path:
    text = "\n".join(sep.join(f'"{c}"' if sep in c else c for c in r) for r in [header, *rows]) + "\n"
    path.write_text(text, encoding="utf-8-sig" if bom else "utf-8")
    return path


def _xlsx(path: Path, rows: list[list[Any]], header: list[str] = HEADER) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for r in rows:
        sheet.append(r)
    book.save(path)
    return path


@pytest.fixture
def boss(db: Database) -> roles.Actor:
    """The test site's supervisor, signed in (adding bookings needs one)."""
    return roles.sign_in(db, "supervisor", "supervisor123")


def _seen(rows: list[booking.NewBooking]) -> list[tuple[Any, ...]]:
    return [(r.code, r.service_code, r.day, r.time, r.name, r.company, r.nib, r.phone) for r in rows]


def _stored(db: Database) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(Booking)) or 0)


def test_every_format_gives_the_same_bookings(db: Database, tmp_path: Path) -> None:
    services = site_services(db)
    xlsx_rows = [[CODE, "A", date(2026, 3, 3), time(9, 30), "Rina Wulandari", "PT Sehat Sentosa", 9120001234567,
                  "+62 812-3456-7801", "R1"],
                 [None, "desk prasertifikasi", datetime(2026, 3, 3), "10:00", None, None, None, None, "R2"],
                 [None, "E", "03/03/2026", 13.5 / 24, "Andi Saputra", None, None, 81345678902, "R3"]]
    items = [dict(zip(["code", "service", "date", "time", "name", "company", "nib", "phone", "ref"], r, strict=True))
             for r in ROWS]
    (tmp_path / "list.json").write_text(json.dumps(items), encoding="utf-8")
    (tmp_path / "wrapped.json").write_text(json.dumps({"bookings": items}), encoding="utf-8")
    files = [_csv(tmp_path / "comma.csv", ROWS), _csv(tmp_path / "semi.csv", ROWS, sep=";", bom=True),
             _csv(tmp_path / "tab.csv", ROWS, sep="\t"), _xlsx(tmp_path / "book.xlsx", xlsx_rows),
             tmp_path / "list.json", tmp_path / "wrapped.json"]
    keys = None
    for f in files:
        rows = read_bookings(f, services)
        assert _seen(rows) == EXPECTED, f.name
        # The same content has the same import key whatever the format (the reference included).
        assert keys is None or [r.import_key for r in rows] == keys, f.name
        keys = [r.import_key for r in rows]
    assert keys is not None and len(set(keys)) == 3 and all(len(k or "") == 64 for k in keys)


def test_headers_in_english_and_any_case_extra_columns_ignored(tmp_path: Path) -> None:
    header = ["Timestamp", "SERVICE", "Date", "time", "Full Name", "Email", "Phone Number"]
    rows = read_bookings(_csv(tmp_path / "en.csv", [["2026-02-01 10:00", "c", "2026-03-04", "8:00", "Sari", "s@x.id",
                                                     "6285712345678"]], header=header))
    assert _seen(rows) == [(None, "C", date(2026, 3, 4), time(8, 0), "Sari", None, None, "085712345678")]


def test_import_then_again_changes_nothing(db: Database, boss: roles.Actor, tmp_path: Path) -> None:
    path = _csv(tmp_path / "b.csv", ROWS, sep=";")
    first = import_file(db, path, actor=boss)
    assert (first.added, first.unchanged, len(first.codes)) == (3, 0, 3) and first.codes[0] == CODE
    again = import_file(db, path, actor=boss)
    assert (again.added, again.unchanged) == (0, 3) and again.codes == first.codes
    assert _stored(db) == 3
    # The online system exports the day again with one more booking: only that one is added.
    more = _csv(tmp_path / "b2.csv", [*ROWS, ["", "A", "03/03/2026", "11.00", "Baru", "", "", "", "R4"]], sep=";")
    third = import_file(db, more, actor=boss)
    assert (third.added, third.unchanged) == (1, 3) and third.codes[:3] == first.codes
    assert _stored(db) == 4


def test_identical_rows_are_two_bookings_once(db: Database, boss: roles.Actor, tmp_path: Path) -> None:
    row = ["", "A", "03/03/2026", "09.00", "", "", "", "", ""]
    path = _csv(tmp_path / "twice.csv", [row, row])
    assert import_file(db, path, actor=boss).added == 2
    assert import_file(db, path, actor=boss).added == 0
    assert _stored(db) == 2


def _refused(path: Path, services: dict[str, str] | None = None) -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        read_bookings(path, services)
    return caught.value


@pytest.mark.parametrize(("cells", "where", "what"), [
    ({"Tanggal": "31/02/2026"}, 'row 3, column "Tanggal"', '"31/02/2026" is not a date'),
    ({"Tanggal": "besok"}, 'row 3, column "Tanggal"', "is not a date (write 2026-03-02 or 02/03/2026)"),
    ({"Tanggal": ""}, 'row 3, column "Tanggal"', "is empty"),
    ({"Tanggal": "3/25/2026"}, 'row 3, column "Tanggal"',
     '"3/25/2026" is month/day/year; day/month/year is read here (export with the Indonesian locale, or write 2026-03-25)'),
    ({"Jam": "25.00"}, 'row 3, column "Jam"', '"25.00" is not a time'),
    ({"Jam": "9"}, 'row 3, column "Jam"', '"9" is not a time'),
    ({"Layanan": "Z"}, 'row 3, column "Layanan"', '"Z" is not a service of this site (give its code: A, B, C, D, E, F'),
    ({"Layanan": ""}, 'row 3, column "Layanan"', "is empty"),
    ({"NIB": "12345"}, 'row 3, column "NIB"', '"12345" is not an NIB (13 digits)'),
    ({"Telepon": "12-34"}, 'row 3, column "Telepon"', '"12-34" is not an Indonesian phone number'),
    ({"Telepon": "+1 415 555 0100"}, 'row 3, column "Telepon"', "is not an Indonesian phone number"),
    ({"Kode": "K7P4Q0"}, 'row 3, column "Kode"', '"K7P4Q0" is not a booking code'),
    ({"Nama": "x" * 121}, 'row 3, column "Nama"', "the name has 121 characters; at most 120 fit"),
    ({"Perusahaan": "y" * 161}, 'row 3, column "Perusahaan"', "at most 160 fit"),
    ({"Nama": "Budi\x07"}, 'row 3, column "Nama"', "contains control characters"),
])
def test_a_bad_cell_refuses_the_file_naming_row_and_column(db: Database, boss: roles.Actor, tmp_path: Path,
                                                            cells: dict[str, str], where: str, what: str) -> None:
    bad = list(ROWS[1])
    for column, value in cells.items():
        bad[HEADER.index(column)] = value
    path = _csv(tmp_path / "bad.csv", [ROWS[0], bad, ROWS[2]], sep=";")
    refused = _refused(path, site_services(db))
    assert len(refused.errors) == 1 and str(refused.errors[0]).startswith(f"{where}: "), str(refused)
    assert what in refused.errors[0].message, str(refused)
    assert str(refused).startswith("bad.csv: nothing imported, 1 problem: ")
    with pytest.raises(ImportRefused):
        import_file(db, path, actor=boss)
    assert _stored(db) == 0


def test_every_problem_is_listed_up_to_the_limit(db: Database, tmp_path: Path) -> None:
    rows = [["", "A", "30/02/2026", "07.61", "", "", "", "", ""] for _ in range(15)]
    refused = _refused(_csv(tmp_path / "many.csv", rows), site_services(db))
    assert len(refused.errors) == MAX_ERRORS and refused.more == 30 - MAX_ERRORS
    assert str(refused.errors[0]) == 'row 2, column "Tanggal": "30/02/2026" is not a date'
    assert str(refused.errors[1]).startswith('row 2, column "Jam": "07.61" is not a time')
    assert str(refused.errors[2]).startswith('row 3, column "Tanggal"')
    assert str(refused).startswith("many.csv: nothing imported, 30 problems: ") and str(refused).endswith("; and 10 more")


def test_rows_keep_their_spreadsheet_numbers_past_blank_ones(tmp_path: Path) -> None:
    path = tmp_path / "gaps.csv"
    path.write_text("\n" + ",".join(HEADER) + "\n,A,03/03/2026,09.00,,,,,\n,,,\n,,,,,,,,\n,A,03/03/2026,9am,,,,,\n",
                    encoding="utf-8")
    assert [str(e) for e in _refused(path).errors] == ['row 6, column "Jam": "9am" is not a time (write 09:30 or 09.30)']


@pytest.mark.parametrize(("name", "content", "message"), [
    ("empty.csv", "", "empty.csv: nothing imported, 1 problem: the file is empty"),
    ("blank.csv", "\ufeff\n\n", "the file is empty"),
    ("header.csv", ";".join(HEADER) + "\n", "the file has a header row but no bookings"),
    ("nodate.csv", "Layanan;Jam\nA;09.00\n", "row 1: no column for the date (tanggal/date)"),
    ("twice.csv", "Layanan;Tanggal;Jam;Waktu\nA;03/03/2026;09.00;09.00\n",
     'row 1, column "Waktu": gives the same as column "Jam"'),
    ("empty.json", "[]", "the file has no bookings"),
    ("object.json", '{"rows": []}', 'JSON must be a list of bookings or {"bookings": [...]}'),
    ("broken.json", '[{"layanan": "A",', "not valid JSON"),
    ("item.json", '[{"layanan": "A", "tanggal": "2026-03-03", "jam": "09.00"}, 7, {"layanan": "A", "jam": "25:00"}]',
     "item 2: is not an object with the booking's fields; item 3: the date (tanggal/date) is missing; "
     'item 3, "jam": "25:00" is not a time'),
    ("bookings.ods", "x", "give a .csv, .xlsx or .json file, not .ods (save an old .xls workbook as .xlsx)"),
    ("bookings", "x", "give a .csv, .xlsx or .json file, not a file without extension"),
    ("fake.xlsx", "not a zip", "not readable as an Excel workbook (.xlsx)"),
    ("latin.csv", None, "not a text file in UTF-8"),
])
def test_files_refused_whole(tmp_path: Path, name: str, content: str | None, message: str) -> None:
    path = tmp_path / name
    if content is None:
        path.write_bytes(b"Layanan,Tanggal,Jam\nA,03/03/2026,09.00\x81\x8d\n")
    else:
        path.write_text(content, encoding="utf-8")
    assert message in str(_refused(path))


def test_an_xlsx_whose_first_sheet_is_empty(tmp_path: Path) -> None:
    book = Workbook()
    book.create_sheet("Data").append(["Layanan", "Tanggal", "Jam"])
    book.save(tmp_path / "two.xlsx")
    assert str(_refused(tmp_path / "two.xlsx")) == "two.xlsx: nothing imported, 1 problem: its first sheet is empty"
    assert "the file has a header row but no bookings" in str(_refused(_xlsx(tmp_path / "head.xlsx", [])))


def test_an_unreadable_file_is_refused(tmp_path: Path) -> None:
    assert "cannot read the file" in str(_refused(tmp_path / "missing.csv"))
    (tmp_path / "folder.csv").mkdir()
    assert "cannot read the file" in str(_refused(tmp_path / "folder.csv"))


def test_a_code_twice_in_one_file(tmp_path: Path) -> None:
    rows = [ROWS[0], ROWS[1], [CODE.lower()[:3] + "-" + CODE[3:].lower(), *ROWS[2][1:]]]
    refused = _refused(_csv(tmp_path / "dup.csv", rows))
    assert [str(e) for e in refused.errors] == [f'row 4, column "Kode": {CODE} is also on row 2']


def test_cp1252_csv_from_excel_is_read(tmp_path: Path) -> None:
    path = tmp_path / "ansi.csv"
    path.write_bytes("Layanan;Tanggal;Jam;Nama\nA;03/03/2026;09.00;Zoë Händel\n".encode("cp1252"))
    assert read_bookings(path)[0].name == "Zoë Händel"


def test_the_core_refusals_name_the_row_and_column(db: Database, boss: roles.Actor, tmp_path: Path) -> None:
    set_service(db, "A", booking_quota=2)
    rows = [["", "A", "03/03/2026", "09.00", f"Tamu {i}", "", "", "", f"Q{i}"] for i in range(3)]
    refused_quota = pytest.raises(ImportRefused)
    with refused_quota as caught:
        import_file(db, _csv(tmp_path / "quota.csv", rows), actor=boss)
    first = caught.value.errors[0]
    assert first.row == 4 and first.column in HEADER, str(caught.value)
    assert str(caught.value).startswith("quota.csv: nothing imported")
    assert _stored(db) == 0
    # A day already past (the clock is at 2 March 2026).
    past = [["", "B", "27/02/2026", "09.00", "", "", "", "", ""]]
    with pytest.raises(ImportRefused) as caught:
        import_file(db, _csv(tmp_path / "past.csv", [ROWS[1], *past]), actor=boss)
    assert caught.value.errors[0].row == 3 and caught.value.errors[0].column == "Tanggal", str(caught.value)
    assert _stored(db) == 0


def test_json_refusal_from_the_core_names_the_item(db: Database, boss: roles.Actor, tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    path.write_text(json.dumps([{"service": "A", "date": "2026-03-03", "time": "09:00"},
                                {"service": "A", "date": "2026-02-27", "time": "09:00"}]), encoding="utf-8")
    with pytest.raises(ImportRefused) as caught:
        import_file(db, path, actor=boss)
    assert str(caught.value.errors[0]).startswith('item 2, "date": '), str(caught.value)


def test_check_booking_names_the_options(db: Database) -> None:
    labels = {"date": "--date", "nib": "--nib"}
    new = check_booking({"service": "Desk CAPA", "date": "2026-03-03", "time": "9.30", "phone": "0812 3456 789"},
                        site_services(db), labels=labels)
    assert (new.service_code, new.day, new.time, new.phone, new.import_key) == \
        ("A", date(2026, 3, 3), time(9, 30), "08123456789", None)
    with pytest.raises(BookingInvalid) as caught:
        check_booking({"service": "A", "date": "2026-02-30", "time": "09:00", "nib": "1"}, labels=labels)
    assert str(caught.value) == '--date: "2026-02-30" is not a date; --nib: "1" is not an NIB (13 digits)'
    assert [k for k, _ in caught.value.problems] == ["date", "nib"]


def test_parse_date_names_what() -> None:
    from db.booking.importer import parse_date

    assert parse_date("02/03/2026") == date(2026, 3, 2)
    with pytest.raises(InvalidValue, match='--date: "2026-13-01" is not a date'):
        parse_date("2026-13-01", "--date:")


def test_a_made_code_never_takes_a_code_a_later_row_gives(db: Database, boss: roles.Actor, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    given, other = booking.new_code(), booking.new_code()
    drawn = iter([given, other])  # the first code drawn for row 2 is the one row 3 gives
    monkeypatch.setattr("db.booking.store.new_code", lambda: next(drawn))
    rows = [["", "A", "03/03/2026", "09.00", "", "", "", "", ""], [given, "A", "03/03/2026", "09.30", "", "", "", "", ""]]
    assert import_file(db, _csv(tmp_path / "mixed.csv", rows), actor=boss).codes == (other, given)


def test_a_title_above_the_header_is_passed_over(tmp_path: Path) -> None:
    path = tmp_path / "titled.csv"
    path.write_text("Daftar Booking Antrean Online;;\nDiekspor 28/02/2026;;\n\nPilih Layanan;Tanggal Kedatangan (DD/MM/YYYY);"
                    "Jam Kedatangan;Nomor HP/WA\nA;03/03/2026;09.00;0812-1111-2222\nB;03/03/2026;9:30;\n", encoding="utf-8")
    rows = read_bookings(path)
    assert _seen(rows) == [(None, "A", date(2026, 3, 3), time(9, 0), None, None, None, "081211112222"),
                           (None, "B", date(2026, 3, 3), time(9, 30), None, None, None, None)]
    # With no header at all, the problems are those of the likeliest row (the most columns known).
    path.write_text("Daftar Booking;;\nLayanan;Tgl;Jam\nA;03/03/2026;09.00\n", encoding="utf-8")
    assert [str(e) for e in _refused(path).errors] == ["row 2: no column for the date (tanggal/date)"]
