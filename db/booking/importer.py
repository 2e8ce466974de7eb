"""Bookings from a file an online form exports (CSV, XLSX, JSON) into the database.

``read_bookings(path)`` parses and checks a file into :class:`~db.booking.NewBooking` rows;
``import_file(db, path)`` adds them in one transaction (``db.booking.add_many``). A file
with any problem is refused whole (:class:`ImportRefused`): every problem found (up to
:data:`MAX_ERRORS`) names the row as a spreadsheet shows it (the header is row 1, the
first booking row 2; in JSON the item number) and the column as the file writes it, so
the office fixes the file once. Nothing is stored then.

Importing the same file again changes nothing: every row carries an ``import_key``, the
SHA-256 of its normalised content (service, date, time, name, company, NIB, phone, code,
the online system's reference) and its occurrence among identical rows of the file; the
core skips a key it already has. A corrected row is new content, so a new booking.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from db.booking import BookingRefused, NewBooking, normalise_code
from db.errors import AntrianError

if TYPE_CHECKING:
    from db.booking import ImportResult
    from db.database import Database
    from db.roles import Actor

__all__ = ["MAX_ERRORS", "BookingInvalid", "ImportRefused", "RowError", "check_booking", "import_file", "parse_date",
           "read_bookings", "site_services"]

#: Problems listed before the rest are only counted (the office fixes these first).
MAX_ERRORS = 20
#: More rows than any office books in a long while: a wrong file, not a day's bookings.
MAX_ROWS = 50_000

NAME_MAX = 120
COMPANY_MAX = 160
REF_MAX = 64

#: The columns understood, by field; a header matches when it equals one of these once
#: lower-cased with punctuation and repeated spaces removed.
HEADERS: dict[str, tuple[str, ...]] = {
    "code": ("kode", "code", "kode booking", "booking code", "kode antrean", "kode antrian"),
    "service": ("layanan", "service", "jenis layanan", "kode layanan", "service code", "nama layanan", "pilih layanan",
                "layanan yang dipilih", "layanan yang dituju"),
    "date": ("tanggal", "date", "tanggal kunjungan", "visit date", "tanggal booking", "booking date",
             "tanggal kedatangan", "hari tanggal"),
    "time": ("jam", "waktu", "time", "pukul", "jam kunjungan", "waktu kunjungan", "visit time", "booking time",
             "jam kedatangan", "waktu kedatangan", "slot", "sesi"),
    "name": ("nama", "name", "nama lengkap", "full name", "nama pemohon", "nama pengunjung"),
    "company": ("perusahaan", "company", "nama perusahaan", "company name", "badan usaha"),
    "nib": ("nib", "nomor induk berusaha"),
    "phone": ("telepon", "hp", "phone", "telp", "no hp", "nomor hp", "no telepon", "nomor telepon", "no telp",
              "whatsapp", "no whatsapp", "nomor whatsapp", "wa", "no wa", "phone number", "mobile", "handphone",
              "no hp wa", "nomor hp wa", "no telepon hp", "nomor telepon hp"),
    "ref": ("id", "ref", "referensi", "reference", "booking id", "id booking", "nomor booking"),
}
REQUIRED = ("service", "date", "time")
#: How a missing required column is named in a message.
_SAY = {"service": "the service (layanan/service)", "date": "the date (tanggal/date)", "time": "the time (jam/waktu/time)"}
_ALIASES = {alias: key for key, aliases in HEADERS.items() for alias in aliases}

_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DATE_DMY = re.compile(r"^(\d{1,2})([/-])(\d{1,2})\2(\d{4})$")
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?$")
_PHONE_JUNK = re.compile(r"[\s\-.()/]")
_NIB_JUNK = re.compile(r"[\s\-.]")
_EXCEL_EPOCH = datetime(1899, 12, 30)
#: Unicode's control characters (category Cc) but tab and line breaks, which a cell may hold.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


# ------------------------------------------------------------------------------ errors


@dataclass(frozen=True)
class RowError:
    """One problem in an import file: where (row or JSON item, column as written) and what."""

    row: int | None          # spreadsheet row (header = 1) or JSON item (from 1); None: the whole file
    column: str | None       # the column's header (JSON: the key) as the file writes it
    message: str
    item: bool = False       # JSON: ``row`` is an item number

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"{'item' if self.item else 'row'} {self.row}")
        if self.column is not None:
            where.append(f'"{self.column}"' if self.item else f'column "{self.column}"')
        return f"{', '.join(where)}: {self.message}" if where else self.message


class ImportRefused(AntrianError):
    """The file was refused whole (nothing stored); ``errors`` lists every problem found.

    The message is one line: the file, how many problems, and the problems joined by ``; ``.
    """

    def __init__(self, path: Path | str, errors: Sequence[RowError], more: int = 0) -> None:
        self.path = Path(path)
        self.errors = tuple(errors)
        self.more = more  # problems found past MAX_ERRORS, counted only
        tail = f"; and {more} more" if more else ""
        super().__init__(f"{self.heading}: " + "; ".join(str(e) for e in self.errors) + tail)

    @property
    def heading(self) -> str:
        """The first part of the message (file and count), for a list printed line by line."""
        total = len(self.errors) + self.more
        return f"{self.path.name}: nothing imported, " + ("1 problem" if total == 1 else f"{total} problems")


class _Errors:
    """The problems of one file, the first MAX_ERRORS kept."""

    def __init__(self) -> None:
        self.kept: list[RowError] = []
        self.more = 0

    def add(self, error: RowError) -> None:
        if len(self.kept) < MAX_ERRORS:
            self.kept.append(error)
        else:
            self.more += 1

    def __bool__(self) -> bool:
        return bool(self.kept)


# ------------------------------------------------------------------------------ reading


@dataclass
class _Record:
    """One data row of the file: its number, and its cells by field with their column names."""

    row: int
    cells: dict[str, Any] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Source:
    """Where a parsed booking came from, to name it in a refusal from the core."""

    row: int
    columns: Mapping[str, str]


def _header_key(text: str) -> str:
    cleaned = unicodedata.normalize("NFKC", text).replace("\ufeff", "").casefold()
    cleaned = re.sub(r"\(.*?\)", " ", cleaned)  # "Tanggal (DD/MM/YYYY)"
    return " ".join(re.sub(r"[^\w]+", " ", cleaned).replace("_", " ").split())


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _map_header(header: Sequence[Any], row: int, errors: _Errors) -> dict[int, tuple[str, str]]:
    """Column index → (field, header as written); reports doubled and missing columns (on the header's ``row``)."""
    found: dict[str, tuple[int, str]] = {}
    mapping: dict[int, tuple[str, str]] = {}
    for index, cell in enumerate(header):
        if _blank(cell):
            continue
        written = str(cell).replace("\ufeff", "").strip()
        key = _ALIASES.get(_header_key(written))
        if key is None:
            continue  # a column of the form we do not need (a timestamp, an e-mail address)
        if key in found:
            errors.add(RowError(row, written, f'gives the same as column "{found[key][1]}"'))
            continue
        found[key] = (index, written)
        mapping[index] = (key, written)
    for key in REQUIRED:
        if key not in found:
            errors.add(RowError(row, None, f"no column for {_SAY[key]}"))
    return mapping


#: Rows above the header a table may have (a title, the export's date), looked through for it.
TITLE_ROWS = 5


def _table_records(rows: Iterable[tuple[int, Sequence[Any]]], path: Path) -> list[_Record]:
    """Records of a table (CSV or a sheet) given as (row number, cells). The header is the
    first non-blank row that names the needed columns, among the first few (a title may sit
    above it); rows keep their numbers as the spreadsheet shows them, blank ones included."""
    mapping: dict[int, tuple[str, str]] | None = None
    best: tuple[int, _Errors] | None = None  # the likeliest header's problems: most columns known
    looked = 0
    records: list[_Record] = []
    for number, cells in rows:
        if all(_blank(c) for c in cells):
            continue
        if mapping is None:
            attempt = _Errors()
            found = _map_header(cells, number, attempt)
            if not attempt:
                mapping = found
                continue
            if best is None or len(found) > best[0]:
                best = (len(found), attempt)
            looked += 1
            if looked > TITLE_ROWS:
                break
            continue
        record = _Record(number)
        for index, (key, written) in mapping.items():
            value = cells[index] if index < len(cells) else None
            record.columns[key] = written
            if not _blank(value):
                record.cells[key] = value
        records.append(record)
        if len(records) > MAX_ROWS:
            raise ImportRefused(path, [RowError(None, None, f"more than {MAX_ROWS:,} rows: is this the right file?")])
    if mapping is None:
        if best is not None:  # no header: what the likeliest one lacks
            raise ImportRefused(path, best[1].kept, best[1].more)
        empty = "its first sheet is empty" if path.suffix.lower() == ".xlsx" else "the file is empty"
        raise ImportRefused(path, [RowError(None, None, empty)])
    if not records:
        raise ImportRefused(path, [RowError(None, None, "the file has a header row but no bookings")])
    return records


def _decode(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:  # Excel's "CSV (comma delimited)" writes the PC's ANSI code page
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportRefused(path, [RowError(None, None, "not a text file in UTF-8: save it as CSV UTF-8")]) from None


def _delimiter(text: str) -> str:
    """``;`` (Excel in an Indonesian locale), ``,`` or a tab: the one most used in the header line."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: len(re.sub(r'"[^"]*"', "", first).split(d)) - 1 for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_rows(path: Path, data: bytes) -> Iterator[tuple[int, list[str]]]:
    text = _decode(data, path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as e:
        raise ImportRefused(path, [RowError(reader.line_num, None, f"not readable as CSV ({e})")]) from None


def _xlsx_rows(path: Path) -> Iterator[tuple[int, tuple[Any, ...]]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError) as e:
        raise ImportRefused(path, [RowError(None, None, f"not readable as an Excel workbook (.xlsx): {e}")]) from None
    try:
        sheet = book.worksheets[0]
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    finally:
        book.close()


def _json_records(path: Path, data: bytes, errors: _Errors) -> list[_Record]:
    try:
        doc = json.loads(_decode(data, path))
    except json.JSONDecodeError as e:
        raise ImportRefused(path, [RowError(None, None, f"not valid JSON: {e.msg} at line {e.lineno}")]) from None
    items = doc.get("bookings") if isinstance(doc, dict) else doc
    if not isinstance(items, list):
        raise ImportRefused(path, [RowError(None, None, 'JSON must be a list of bookings or {"bookings": [...]}')])
    if not items:
        raise ImportRefused(path, [RowError(None, None, "the file has no bookings")])
    if len(items) > MAX_ROWS:
        raise ImportRefused(path, [RowError(None, None, f"more than {MAX_ROWS:,} bookings: is this the right file?")])
    records = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            errors.add(RowError(number, None, "is not an object with the booking's fields", item=True))
            continue
        record = _Record(number)
        for written, value in item.items():
            key = _ALIASES.get(_header_key(str(written)))
            if key is None:
                continue
            if key in record.columns:
                errors.add(RowError(number, str(written), f'gives the same as "{record.columns[key]}"', item=True))
                continue
            record.columns[key] = str(written)
            if not _blank(value):
                record.cells[key] = value
        for key in REQUIRED:
            if key not in record.cells:
                errors.add(RowError(number, record.columns.get(key), f"{_SAY[key]} is missing", item=True))
        records.append(record)
    return records


# ------------------------------------------------------------------------------ values


class _Bad(ValueError):
    """A cell's value is not acceptable; the message says why (without the place)."""


def _show(value: Any) -> str:
    text = value if isinstance(value, str) else str(value)
    text = text.strip()
    return f'"{text if len(text) <= 40 else text[:37] + "…"}"'


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    if _CONTROL.search(text):
        raise _Bad(f"{_show(text)} contains control characters")
    return " ".join(text.split())


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 20_000 < value < 100_000:
        return (_EXCEL_EPOCH + timedelta(days=int(value))).date()  # a date cell formatted as a number
    text = _text(value)
    dmy = _DATE_DMY.match(text)
    if dmy and int(dmy[3]) > 12 >= int(dmy[1]):  # 3/25/2026: a US-locale export, month first
        raise _Bad(f"{_show(text)} is month/day/year; day/month/year is read here (export with "
                   f"the Indonesian locale, or write {dmy[4]}-{int(dmy[1]):02d}-{int(dmy[3]):02d})")
    try:
        if m := _DATE_ISO.match(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if dmy:
            return date(int(dmy[4]), int(dmy[3]), int(dmy[1]))
    except ValueError:
        raise _Bad(f"{_show(text)} is not a date") from None
    raise _Bad(f"{_show(text)} is not a date (write 2026-03-02 or 02/03/2026)")


def _time(value: Any) -> time:
    if isinstance(value, datetime):
        value = value.time()
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    if isinstance(value, timedelta):  # openpyxl reads a duration-formatted cell so
        value = value.total_seconds() / 86400
    if isinstance(value, float) and 0 <= value < 1:  # a time cell formatted as a number
        minutes = round(value * 24 * 60)
        return time(minutes // 60 % 24, minutes % 60)
    text = _text(value)
    m = _TIME.match(text)
    if m and int(m[1]) < 24 and int(m[2]) < 60 and (m[3] is None or int(m[3]) < 60):
        return time(int(m[1]), int(m[2]))
    raise _Bad(f"{_show(text)} is not a time (write 09:30 or 09.30)")


def _digits_of(value: Any, junk: re.Pattern[str]) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return junk.sub("", _text(value))


def _nib(value: Any) -> str:
    digits = _digits_of(value, _NIB_JUNK)
    if not (digits.isascii() and digits.isdigit() and len(digits) == 13):
        raise _Bad(f"{_show(value)} is not an NIB (13 digits)")
    return digits


def _phone(value: Any) -> str:
    """An Indonesian number as digits from its trunk ``0``: ``+62 812-3456-7890`` → ``081234567890``."""
    digits = _digits_of(value, _PHONE_JUNK)
    if digits.startswith("+62"):
        digits = "0" + digits[3:]
    elif digits.startswith("62") and len(digits) >= 10:
        digits = "0" + digits[2:]
    elif digits.startswith("8") and 9 <= len(digits) <= 12:  # a cell kept as a number lost its leading 0
        digits = "0" + digits
    if not (digits.isascii() and digits.isdigit() and digits.startswith("0") and 9 <= len(digits) <= 14) \
            or digits.startswith("00"):
        raise _Bad(f"{_show(value)} is not an Indonesian phone number (e.g. 0812 3456 7890 or +62 812 3456 7890)")
    return digits


def _limited(value: Any, limit: int, what: str) -> str:
    text = _text(value)
    if len(text) > limit:
        raise _Bad(f"the {what} has {len(text)} characters; at most {limit} fit")
    return text


def _code(value: Any) -> str:
    code = normalise_code(_text(value))
    if code is None:
        raise _Bad(f"{_show(value)} is not a booking code (6 letters and digits; the last is a check character)")
    return code


def site_services(db: Database) -> dict[str, str]:
    """How a file may name each service of the site: code, Indonesian or English name
    (folded as :func:`_service_key` folds them) → the service's code."""
    from sqlalchemy import select

    from db.models import Service

    names: dict[str, str] = {}
    with db.read() as s:
        for code, name_id, name_en in s.execute(select(Service.code, Service.name_id, Service.name_en)):
            for name in (name_en, name_id):  # a code is never shadowed by another's name: codes last
                if name:
                    names[_service_key(name)] = code
        for (code,) in s.execute(select(Service.code)):
            names[_service_key(code)] = code
    return names


def _service_key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _service(value: Any, services: Mapping[str, str] | None) -> str:
    text = _text(value)
    if services is None:
        return text.upper()
    code = services.get(_service_key(text))
    if code is None:
        known = ", ".join(sorted(set(services.values())))
        raise _Bad(f"{_show(text)} is not a service of this site (give its code: {known}, or its name)")
    return code


# ------------------------------------------------------------------------------ rows


#: Each field's checker (the service's needs the site's services: None here).
_CHECKERS: dict[str, Callable[[Any], Any] | None] = {
    "service": None, "date": _date, "time": _time,
    "name": lambda v: _limited(v, NAME_MAX, "name"), "company": lambda v: _limited(v, COMPANY_MAX, "company name"),
    "nib": _nib, "phone": _phone, "code": _code, "ref": lambda v: _limited(v, REF_MAX, "reference"),
}


def _parse(record: _Record, services: Mapping[str, str] | None, errors: _Errors, item: bool) -> dict[str, Any] | None:
    """The record's checked values by field, or None after adding its problems to ``errors``."""
    values: dict[str, Any] = {}
    ok = True
    for key, check in _CHECKERS.items():
        if key not in record.cells:
            if key in REQUIRED:
                ok = False
                if not item:  # JSON items already reported theirs
                    errors.add(RowError(record.row, record.columns.get(key), "is empty", item=item))
            continue
        try:
            value = _service(record.cells[key], services) if check is None else check(record.cells[key])
        except _Bad as e:
            errors.add(RowError(record.row, record.columns.get(key), str(e), item=item))
            ok = False
            continue
        values[key] = value or None
    return values if ok else None


def _import_key(values: Mapping[str, Any], occurrence: int) -> str:
    parts = [values["service"], values["date"].isoformat(), values["time"].strftime("%H:%M"),
             *(values.get(k) or "" for k in ("name", "company", "nib", "phone", "code", "ref")), str(occurrence)]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _read(path: Path, services: Mapping[str, str] | None) -> tuple[list[NewBooking], list[_Source], bool]:
    path = Path(path)
    kind = path.suffix.lower()
    if kind not in (".csv", ".xlsx", ".json"):
        hint = " (save an old .xls workbook as .xlsx)" if kind in (".xls", ".ods") else ""
        what = kind or "a file without extension"
        raise ImportRefused(path, [RowError(None, None, f"give a .csv, .xlsx or .json file, not {what}{hint}")])
    errors = _Errors()
    try:
        if kind == ".xlsx":
            records = _table_records(_xlsx_rows(path), path)
        else:
            data = path.read_bytes()
            if not data.strip(b" \t\r\n\xef\xbb\xbf"):
                raise ImportRefused(path, [RowError(None, None, "the file is empty")])
            json_file = kind == ".json"
            records = _json_records(path, data, errors) if json_file else _table_records(_csv_rows(path, data), path)
    except OSError as e:
        raise ImportRefused(path, [RowError(None, None, f"cannot read the file: {e.strerror or e}")]) from None
    item = kind == ".json"
    rows: list[NewBooking] = []
    sources: list[_Source] = []
    seen_codes: dict[str, int] = {}
    occurrences: Counter[tuple[Any, ...]] = Counter()
    for record in records:
        values = _parse(record, services, errors, item)
        if values is None:
            continue
        code = values.get("code")
        if code is not None:
            if code in seen_codes:
                where = "item" if item else "row"
                errors.add(RowError(record.row, record.columns["code"], f"{code} is also on {where} {seen_codes[code]}",
                                    item=item))
                continue
            seen_codes[code] = record.row
        content = tuple(sorted((k, str(v)) for k, v in values.items()))
        occurrences[content] += 1
        rows.append(NewBooking(service_code=values["service"], day=values["date"], time=values["time"],
                               name=values.get("name"), company=values.get("company"), nib=values.get("nib"),
                               phone=values.get("phone"), code=code,
                               import_key=_import_key(values, occurrences[content])))
        sources.append(_Source(record.row, dict(record.columns)))
    if errors:
        raise ImportRefused(path, errors.kept, errors.more)
    return rows, sources, item


def read_bookings(path: Path | str, services: Mapping[str, str] | None = None) -> list[NewBooking]:
    """The bookings of a CSV, XLSX (first sheet) or JSON file, checked; :class:`ImportRefused`
    lists every problem (up to :data:`MAX_ERRORS`).

    ``services`` (:func:`site_services`) lets a file name a service by its name as well as
    its code and reports an unknown one per row; without it the cell is taken as a code.
    """
    return _read(Path(path), services)[0]


def import_file(db: Database, path: Path | str, *, actor: Actor | None = None) -> ImportResult:
    """Read ``path`` and add its bookings in one transaction (rows already imported are
    skipped). A refusal of the core (a full slot, a closed day, a past date) comes back as
    :class:`ImportRefused` naming the file's row and column; nothing is stored then."""
    from db import booking

    path = Path(path)
    rows, sources, item = _read(path, site_services(db))
    try:
        return booking.add_many(db, rows, origin="import", actor=actor)
    except BookingRefused as e:
        errors = _Errors()
        for refusal in getattr(e, "errors", None) or (e,):  # the core reports every row it refused
            errors.add(_row_error(refusal, sources, item))
        raise ImportRefused(path, errors.kept, errors.more) from None


def _row_error(refusal: BookingRefused, sources: Sequence[_Source], item: bool) -> RowError:
    """A refusal of ``add_many`` (``index`` into the rows given) named by the file's row and column."""
    if refusal.index is None or not 0 <= refusal.index < len(sources):
        return RowError(None, None, str(refusal))
    source = sources[refusal.index]
    key = "date" if refusal.field == "day" else refusal.field
    return RowError(source.row, source.columns.get(key) if key else None, str(refusal), item=item)


class BookingInvalid(AntrianError):
    """A booking typed in (command line, a form) has values that break the import's rules;
    ``problems`` holds (field, message) pairs, the message names each field by its label."""

    def __init__(self, problems: Sequence[tuple[str, str]], labels: Mapping[str, str]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(f"{labels.get(k, k)}: {m}" for k, m in self.problems))


def check_booking(fields: Mapping[str, Any], services: Mapping[str, str] | None = None, *,
                  labels: Mapping[str, str] | None = None) -> NewBooking:
    """One booking from typed values by field (``service``, ``date``, ``time``, ``name``,
    ``company``, ``nib``, ``phone``, ``code``), checked by the same rules as a file's row;
    blank values are absent. :class:`BookingInvalid` lists every problem, each named by
    ``labels[field]`` (e.g. ``--date``) or the field."""
    record = _Record(0, {k: v for k, v in fields.items() if k in HEADERS and not _blank(v)},
                     {k: k for k in HEADERS})
    errors = _Errors()
    values = _parse(record, services, errors, item=False)
    if values is None:
        raise BookingInvalid([(e.column or "", e.message) for e in errors.kept], labels or {})
    return NewBooking(service_code=values["service"], day=values["date"], time=values["time"],
                      name=values.get("name"), company=values.get("company"), nib=values.get("nib"),
                      phone=values.get("phone"), code=values.get("code"))


def parse_date(value: Any, what: str = "date") -> date:
    """A date as a file may write it (``2026-03-02``, ``02/03/2026``, ``02-03-2026``, a date cell);
    :class:`~db.validation.InvalidValue` naming ``what`` otherwise."""
    from db.validation import InvalidValue

    try:
        return _date(value)
    except _Bad as e:
        raise InvalidValue(what, str(e)) from None
