"""Booked vs walk-in visitors in the reports (issue 15): counted by the ticket's source, a
transferred visitor once, a booked visitor's wait from the booked time (0 when called
before it), in the summary's table, its PDF headline, its XLSX and its CSV."""

from __future__ import annotations

import csv
import shutil
import subprocess
from datetime import UTC, date, time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from db import booking, queue, reports, roles
from db.clock import FakeClock
from db.database import Database
from db.render import render
from db.render.tables import tables
from db.reports import Filters, Period
from db.reports.figures import Stats
from tests.db import reportday
from tests.db.booked import booked_ticket
from tests.db.dbtools import vacate, wib

DAY = reportday.DAY
ONE_DAY = Period(DAY, DAY, "day")


def _ids(db: Database) -> dict[str, int]:
    from sqlalchemy import select

    from db.models import Service

    with db.read() as s:
        return {code: i for i, code in s.execute(select(Service.id, Service.code))}


def test_the_hand_computed_day_splits_booked_and_walk_in(db: Database, fake_clock: FakeClock) -> None:
    """tests/db/reportday.py: t3 (B) is the one booked visitor, waited 30 min and was
    transferred to A (t4 is not a second visitor); t1, t2, t5, t6 walked in."""
    reportday.play(db, fake_clock)
    b = reports.summary(db, ONE_DAY).bookings
    ids = _ids(db)
    by = {r.service_id: r for r in b.rows}
    a_row, b_row = by[ids["A"]], by[ids["B"]]
    assert (a_row.booked, a_row.walk_in) == (0, 3)
    assert a_row.walk_in_wait == Stats(2, 12.5, 12.5, 20.0, 20.0)  # t2 5, t1 20; t5 never called
    assert a_row.booked_wait == Stats(0, None, None, None, None)
    assert (b_row.booked, b_row.walk_in, b_row.booked_share) == (1, 1, 0.5)
    assert b_row.booked_wait == Stats(1, 30.0, 30.0, 30.0, 30.0)
    t = b.total
    assert (t.booked, t.walk_in, t.visitors) == (1, 4, 5)
    assert t.visitors == reports.volume(db, ONE_DAY).total.issued  # the same visitors the volume counts
    assert t.booked_share == pytest.approx(0.2)


def test_a_booked_wait_counts_from_the_booked_time(db: Database, fake_clock: FakeClock) -> None:
    """Checked in at 08.40 for 09.00, called 09.12: waited 12 min. Checked in at 08.45 for
    09.30 and called at 09.20, before the booked time: waited 0, and met the standard."""
    fake_clock.current = wib(2026, 3, 2, 8, 40).astimezone(UTC)
    vacate(db, 2, 3)
    first = booked_ticket(db, "A", wib(2026, 3, 2, 9, 0))
    fake_clock.advance(minutes=5)
    second = booked_ticket(db, "A", wib(2026, 3, 2, 9, 30))
    fake_clock.current = wib(2026, 3, 2, 9, 12).astimezone(UTC)
    assert queue.call_next(db, 1).ticket.id == first.id  # type: ignore[union-attr]
    fake_clock.advance(minutes=8)
    assert queue.call_next(db, 1, close_as="done").ticket.id == second.id  # type: ignore[union-attr]
    summary = reports.summary(db, ONE_DAY)
    total = summary.bookings.total
    assert (total.booked, total.walk_in) == (2, 0)
    assert total.booked_wait == Stats(2, 6.0, 6.0, 12.0, 12.0)
    assert summary.times.total.waiting.count == 2 and summary.times.total.waiting.mean == 6.0
    assert (summary.compliance.total.measured, summary.compliance.total.met) == (2, 2)
    # A filter keeps its own visitors: nothing booked at service B.
    only_b = reports.summary(db, ONE_DAY, Filters(service="B")).bookings
    assert (only_b.total.booked, only_b.total.walk_in) == (0, 0) and only_b.total.booked_share is None


def test_the_summary_shows_booked_and_walk_in_in_every_format(db: Database, fake_clock: FakeClock,
                                                               tmp_path: Path) -> None:
    reportday.play(db, fake_clock)
    report = reports.report(db, "summary", ONE_DAY)
    table = next(t for t in tables(report, "id") if t.key == "bookings")
    assert table.title == "Pengunjung pemesanan daring dan datang langsung"
    assert [c.header for c in table.columns] == [
        "Layanan", "Pengunjung", "Pemesanan daring", "Datang langsung", "Pemesanan daring (%)",
        "Tunggu pemesanan, rata-rata (menit)", "Tunggu pemesanan, median (menit)",
        "Tunggu datang langsung, rata-rata (menit)", "Tunggu datang langsung, median (menit)"]
    assert table.rows[-1] == ["Semua layanan", 5, 1, 4, 0.2, 30.0, 30.0, 12.5, 12.5] and table.totals == 1
    en = next(t for t in tables(report, "en") if t.key == "bookings")
    assert en.title == "Booked and walk-in visitors" and en.columns[3].header == "Walk-in"

    wb = load_workbook(render(report, "xlsx", tmp_path / "day.xlsx", "id"))
    sheet = next(wb[name] for name in wb.sheetnames if wb[name]["A1"].value == table.title)
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert any(row[:4] == ["Semua layanan", 5, 1, 4] for row in values)

    rows = list(csv.reader(render(report, "csv", tmp_path / "day.csv", "id").read_text(encoding="utf-8-sig")
                           .splitlines(), delimiter=";"))
    start = rows.index([table.title])
    assert rows[start + 1][1:4] == ["Pengunjung", "Pemesanan daring", "Datang langsung"]
    assert ["Semua layanan", "5", "1", "4", "20,00", "30,00", "30,00", "12,50", "12,50"] in rows[start:]

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    pdf = render(report, "pdf", tmp_path / "day.pdf", "id")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Pemesanan daring / datang langsung" in text and "1 / 4 (20,0%)" in text
    assert table.title in text
    pdf_en = render(report, "pdf", tmp_path / "day-en.pdf", "en")
    text_en = subprocess.run(["pdftotext", "-layout", str(pdf_en), "-"], capture_output=True, text=True,
                             check=True).stdout
    assert "Booked / walk-in visitors" in text_en and "1 / 4 (20.0%)" in text_en


def test_a_month_without_bookings(db: Database, fake_clock: FakeClock) -> None:
    fake_clock.current = wib(2026, 3, 2, 9, 0).astimezone(UTC)
    queue.issue_ticket(db, "A")
    b = reports.summary(db, reports.month(2026, 3)).bookings.total
    assert (b.booked, b.walk_in, b.booked_share) == (0, 1, 0.0)
    assert b.booked_wait.count == 0 and b.walk_in_wait.count == 0
    assert reports.summary(db, reports.month(2026, 4)).bookings.rows == []


def test_bookings_by_outcome(db: Database, fake_clock: FakeClock) -> None:
    """Five bookings on 2 March: one checked in, one late, one no-show, one cancelled, one
    still to come; and one on another day, outside the period."""
    fake_clock.current = wib(2026, 3, 2, 8, 0).astimezone(UTC)
    actor = roles.sign_in(db, "supervisor", "supervisor123")

    def add(service: str, hour: int, minute: int, day: int = 2) -> str:
        return booking.add(db, booking.NewBooking(service, date(2026, 3, day), time(hour, minute)), actor=actor).code

    on_time, late, cancelled = add("A", 9, 0), add("A", 9, 30), add("B", 10, 0)
    add("B", 8, 30)  # never comes
    add("A", 14, 0)  # still ahead at the report's time
    add("A", 9, 0, day=3)  # another day
    booking.cancel(db, cancelled, actor=actor)
    fake_clock.current = wib(2026, 3, 2, 8, 50).astimezone(UTC)
    assert booking.check_in(db, on_time).outcome == "issued"
    fake_clock.current = wib(2026, 3, 2, 9, 50).astimezone(UTC)
    assert booking.check_in(db, late).outcome == "late"
    assert booking.sweep_no_shows(db) == 1  # B at 08.30: its window closed at 08.45
    summary = reports.summary(db, ONE_DAY)
    ids = _ids(db)
    b = summary.bookings
    assert b.statuses is not None and b.status_total is not None
    by = {r.service_id: r for r in b.statuses}
    a_row, b_row = by[ids["A"]], by[ids["B"]]
    assert (a_row.checked_in, a_row.late, a_row.no_show, a_row.cancelled, a_row.booked) == (1, 1, 0, 0, 1)
    assert (b_row.checked_in, b_row.late, b_row.no_show, b_row.cancelled, b_row.booked) == (0, 0, 1, 1, 0)
    t = b.status_total
    assert (t.total, t.no_show_rate) == (5, pytest.approx(1 / 3))
    # The late visitor got an ordinary ticket: a walk-in; the one on time is the booked visitor.
    assert (b.total.booked, b.total.walk_in) == (1, 1)
    table = next(t for t in tables(reports.report(db, "summary", ONE_DAY), "id") if t.key == "booking_status")
    assert [c.header for c in table.columns] == [
        "Layanan", "Pemesanan", "Datang tepat waktu", "Datang terlambat", "Tidak datang", "Dibatalkan",
        "Belum datang", "Tingkat tidak datang (%)"]
    assert table.rows[-1] == ["Semua layanan", 5, 1, 1, 1, 1, 1, pytest.approx(1 / 3)]
    # A service filter keeps its bookings; a counter filter leaves the table out.
    only_b = reports.summary(db, ONE_DAY, Filters(service="B")).bookings
    assert only_b.status_total is not None and only_b.status_total.total == 2
    at_one = reports.report(db, "summary", ONE_DAY, Filters(counter=1))
    assert at_one.figures.bookings.statuses is None
    assert "booking_status" not in [t.key for t in tables(at_one, "id")]
