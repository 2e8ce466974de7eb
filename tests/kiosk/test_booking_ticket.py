"""A booked ticket on paper: "BOOKING 09.30 WIB" under the number, on the PDF and in ESC/POS;
an ordinary ticket (a late booking's too) carries no such mark."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from kiosk.booking_result import wording
from kiosk.escpos import ticket_bytes
from kiosk.ticket_pdf import booking_mark, render_ticket_pdf
from tests.kiosk.conftest import make_issued
from tests.kiosk.kiosk_harness import pdf_text
from ui.i18n import translator

BOOKED = datetime(2026, 11, 23, 2, 30, tzinfo=UTC)  # 09.30 in Jakarta


def test_booked_ticket_is_marked_on_paper(tmp_path: Path) -> None:
    booked = make_issued(source="booking", queue_time=BOOKED)
    assert booking_mark(booked.ticket) == "BOOKING 09.30 WIB"
    assert booking_mark(booked.ticket, "Asia/Makassar") == "BOOKING 10.30 WITA"
    for width in (80, 58):
        text = pdf_text(render_ticket_pdf(booked, tmp_path / f"booked-{width}.pdf", width_mm=width))
        assert "BOOKING 09.30 WIB" in text and "A-007" in text
    assert b" BOOKING 09.30 WIB " in ticket_bytes(booked)

    ordinary = make_issued(queue_time=BOOKED)  # source "kiosk"
    assert booking_mark(ordinary.ticket) == ""
    assert "BOOKING" not in pdf_text(render_ticket_pdf(ordinary, tmp_path / "ordinary.pdf"))
    assert b"BOOKING" not in ticket_bytes(ordinary)


def test_failures_are_worded_for_a_visitor() -> None:
    now = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    offline = wording("offline", None, "K7P4QX", "Asia/Jakarta", now)
    assert offline.title == "Maaf, nomor antrean belum dibuat"
    assert offline.text == "Sistem sedang terganggu. Silakan hubungi petugas."
    translator().set_language("en")
    try:
        error = wording("error", None, "K7P4QX", "Asia/Jakarta", now)
        assert error.text.startswith("Something went wrong, so no number was issued.")
    finally:
        translator().set_language("id")
