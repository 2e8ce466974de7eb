"""What the "Laporan" tab asks of the core, and what it shows: no widgets here.

The page's choices (services, counters, officers, the site's business day) are read once
(:func:`read_choices`); a request (:class:`ReportRequest`: the report, the period, the
filters) becomes a :class:`db.reports.Report` and then a :class:`Preview`, the report's
tables with every cell already written as the PDF writes it (``1.234``, ``12,5``,
``92,3%``). All of it runs on the task runner's thread; the page only shows the result.
Errors become one plain sentence in the current language (:func:`report_error_text`).
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from db import queue, reports
from db.database import Database
from db.errors import DatabaseDamaged
from db.models import Counter, Officer, Service
from db.reports import Filters, Period, Report, ReportError
from supervisor.texts import error_text
from ui.i18n import register, tr

TEXTS: dict[str, dict[str, str]] = {
    "supervisor.reports.err.service": {"id": "Layanan {code} tidak ada.", "en": "There is no service {code}."},
    "supervisor.reports.err.counter": {"id": "Loket {n} tidak ada.", "en": "There is no counter {n}."},
    "supervisor.reports.err.officer": {"id": "Petugas {name} tidak ada.", "en": "There is no officer {name}."},
    "supervisor.reports.err.order": {
        "id": "Tanggal akhir periode lebih awal daripada tanggal mulainya.",
        "en": "The period ends before it starts.",
    },
    "supervisor.reports.err.report": {"id": "Laporan tidak dapat dibuat ({detail}).",
                                      "en": "The report could not be made ({detail})."},
    "supervisor.reports.err.denied": {
        "id": "Berkas tidak dapat disimpan: tidak ada izin menulis di {path} (mungkin berkas itu sedang dibuka "
              "di program lain).",
        "en": "The file could not be saved: no permission to write {path} (it may be open in another program).",
    },
    "supervisor.reports.err.folder": {"id": "Berkas tidak dapat disimpan: folder {path} tidak ada.",
                                      "en": "The file could not be saved: there is no folder {path}."},
    "supervisor.reports.err.full": {"id": "Berkas tidak dapat disimpan: disk penuh.",
                                    "en": "The file could not be saved: the disk is full."},
    "supervisor.reports.err.damaged": {
        "id": "Berkas basis data rusak; tidak ada yang ditulis. Hentikan aplikasi dan minta administrator "
              "memeriksanya.",
        "en": "The database file is damaged; nothing was written. Stop the apps and run 'antrian doctor'.",
    },
    "supervisor.reports.err.file": {"id": "Berkas tidak dapat disimpan ({detail}).",
                                    "en": "The file could not be saved ({detail})."},
}
register(TEXTS)

#: The period kinds the page offers, in order.
PERIOD_KINDS = ("day", "week", "month", "quarter", "semester", "year", "range")
#: The report kinds the page offers (keys of ``db.reports.KINDS``), the summary first.
REPORT_KINDS = ("summary", "volume", "times", "compliance", "arrivals", "staff", "recalls", "ikm")
FORMATS = ("pdf", "xlsx", "csv")
#: The IKM poster's papers (``db.render.poster``).
PAPERS = ("A4", "A3")
#: Months in each calendar period the "◀ ▶" buttons step by.
_MONTHS = {"month": 1, "quarter": 3, "semester": 6}


@dataclass(frozen=True)
class Choices:
    """What the filters offer and the site's business day today (the default period)."""

    services: list[tuple[str, str, str]]  # (code, name_id, name_en), in the site's order
    counters: list[tuple[int, str]]  # (number, name)
    officers: list[tuple[str, str]]  # (username, display name), by display name
    today: date


def read_choices(db: Database) -> Choices:
    """The services, counters and officers to filter by (one read; on the runner's thread)."""
    with db.read() as s:
        _now, today, _settings = queue.site_now(s)
        services = [(c, i, e) for c, i, e in s.execute(
            select(Service.code, Service.name_id, Service.name_en).order_by(Service.sort_order, Service.code))]
        counters = [(n, name) for n, name in s.execute(select(Counter.number, Counter.name).order_by(Counter.number))]
        officers = [(u, d) for u, d in s.execute(
            select(Officer.username, Officer.display_name).order_by(Officer.display_name, Officer.username))]
    return Choices(services, counters, officers, today)


def period_of(kind: str, anchor: date, until: date | None = None) -> Period:
    """The period of ``kind`` holding ``anchor`` (a day, its ISO week, month or year), or for
    ``range`` the days ``anchor``..``until``; :class:`ReportError` when a range runs backwards."""
    if kind == "day":
        return Period(anchor, anchor, "day")
    if kind == "week":
        monday = anchor - timedelta(days=anchor.weekday())
        return Period(monday, monday + timedelta(days=6), "week")
    if kind == "month":
        return reports.month(anchor.year, anchor.month)
    if kind in ("quarter", "semester"):
        return reports.current_period(kind, anchor)
    if kind == "year":
        return Period(date(anchor.year, 1, 1), date(anchor.year, 12, 31), "year")
    if kind == "range":
        return Period(anchor, until if until is not None else anchor, "range")
    raise ValueError(f"unknown period kind '{kind}'")


def shifted(kind: str, anchor: date, until: date | None, steps: int) -> tuple[date, date | None]:
    """``anchor`` (and ``until``) moved ``steps`` periods of ``kind`` on (back when negative):
    the "◀" and "▶" buttons (a month, quarter or semester lands on its first day). A range
    moves by its own length."""
    if kind == "day":
        return anchor + timedelta(days=steps), until
    if kind == "week":
        return anchor + timedelta(weeks=steps), until
    if kind in _MONTHS:
        index = anchor.year * 12 + anchor.month - 1 + steps * _MONTHS[kind]
        return date(index // 12, index % 12 + 1, 1), until
    if kind == "year":
        return date(anchor.year + steps, 1, 1), until
    last = until if until is not None else anchor
    length = timedelta(days=((last - anchor).days + 1) * steps)
    return anchor + length, last + length


@dataclass(frozen=True)
class ReportRequest:
    """One report asked for: its kind (a key of ``db.reports.KINDS``), period and filters."""

    kind: str
    period: Period
    filters: Filters

    def file_name(self, fmt: str) -> str:
        """The name the save dialog suggests (as ``antrian report`` names its files)."""
        return f"laporan-{self.kind}-{self.period.first.isoformat()}-{self.period.last.isoformat()}.{fmt}"

    def poster_name(self, paper: str) -> str:
        """The name the save dialog suggests for the IKM poster (as ``antrian report ikm-poster`` names it)."""
        return f"poster-ikm-{self.period.first.isoformat()}-{self.period.last.isoformat()}-{paper}.pdf"


@dataclass(frozen=True)
class PreviewTable:
    """One table as the preview shows it: headers, cells as text, the column kinds."""

    key: str
    title: str
    headers: list[str]
    kinds: list[str]
    values: list[list[object]]  # the typed cells (int, float, share, date, text, None)
    texts: list[list[str]]  # the same cells written as the PDF writes them
    totals: int  # the last rows that are totals


@dataclass(frozen=True)
class Preview:
    """A report ready to show in one language: the report itself, its title and tables."""

    request: ReportRequest
    report: Report
    language: str
    title: str
    period_text: str
    filter_text: str
    generated_text: str
    tables: list[PreviewTable]
    saved_to: Path | None = None


def preview_of(request: ReportRequest, report: Report, language: str, saved_to: Path | None = None) -> Preview:
    """``report`` as tables written in ``language`` (pure; may run on any thread)."""
    from db.render.numbers import moment
    from db.render.pdf import cell_text
    from db.render.tables import filter_text, tables, title
    from db.sitetime import zone

    shown = []
    for t in tables(report, language):
        kinds = [c.kind for c in t.columns]
        texts = [[cell_text(v, k, language) for v, k in zip(row, kinds, strict=True)] for row in t.rows]
        shown.append(PreviewTable(t.key, t.title, [c.header for c in t.columns], kinds, t.rows, texts, t.totals))
    return Preview(request, report, language, title(report, language), report.period.title(language),
                   filter_text(report, language), moment(report.generated_at, zone(report.timezone), language),
                   shown, saved_to)


def make_preview(db: Database, request: ReportRequest, language: str) -> Preview:
    """Read the report and write it as tables (on the runner's thread)."""
    return preview_of(request, reports.report(db, request.kind, request.period, request.filters), language)


def save_report(db: Database, request: ReportRequest, fmt: str, path: Path, language: str) -> Preview:
    """Read the report afresh, write it to ``path`` as ``fmt`` and return it as a preview of
    exactly what was saved (on the runner's thread)."""
    from db.render import render

    report = reports.report(db, request.kind, request.period, request.filters)
    render(report, fmt, path, language)
    return preview_of(request, report, language, saved_to=path)


def save_poster(db: Database, request: ReportRequest, paper: str, path: Path, language: str) -> Preview:
    """Read the IKM afresh, write its one-page poster on ``paper`` (A4 or A3) to ``path`` and
    return the IKM as a preview of what the poster shows (on the runner's thread)."""
    from db.render.poster import write_poster

    report = reports.report(db, "ikm", request.period, request.filters)
    write_poster(report, path, paper, language)
    return preview_of(ReportRequest("ikm", request.period, request.filters), report, language, saved_to=path)


def report_error_text(error: BaseException, path: Path | None = None) -> str:
    """One sentence in the current language for what went wrong making or saving a report."""
    if isinstance(error, ReportError):
        message = str(error)
        if message.startswith("there is no service '"):
            return tr("supervisor.reports.err.service", code=message.split("'")[1])
        if message.startswith("there is no counter "):
            return tr("supervisor.reports.err.counter", n=message.removeprefix("there is no counter ").strip())
        if message.startswith("there is no officer '"):
            return tr("supervisor.reports.err.officer", name=message.split("'")[1])
        if "before it starts" in message:
            return tr("supervisor.reports.err.order")
        return tr("supervisor.reports.err.report", detail=message)
    if isinstance(error, OSError) and not isinstance(error, ConnectionError):
        where = str(path) if path is not None else (error.filename or "")
        if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return tr("supervisor.reports.err.denied", path=where)
        if error.errno == errno.ENOENT:
            folder = str(path.parent) if path is not None else where
            return tr("supervisor.reports.err.folder", path=folder)
        if error.errno == errno.ENOSPC:
            return tr("supervisor.reports.err.full")
        return tr("supervisor.reports.err.file", detail=error.strerror or type(error).__name__)
    if isinstance(error, DatabaseDamaged):
        return tr("supervisor.reports.err.damaged")
    return error_text(error)
