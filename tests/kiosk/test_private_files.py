"""Ticket PDFs are for their owner only: 0600 files in 0700 folders, whatever the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from db.records import IssuedTicket
from kiosk.printing import TicketPrinter
from kiosk.ticket_pdf import render_ticket_pdf

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(params=[0o022, 0o000])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def test_rendered_and_kept_tickets_are_private(tmp_path: Path, umask: int,
                                               issued_factory: Callable[..., IssuedTicket]) -> None:
    tickets = tmp_path / "data" / "tickets"
    pdf = render_ticket_pdf(issued_factory(), tickets / "2026-11-23_A-007_1.pdf")
    assert mode(pdf) == 0o600 and mode(tickets) == 0o700 and mode(tickets.parent) == 0o700
    assert [p.name for p in tickets.iterdir()] == [pdf.name]  # no temporary file left

    # a PDF made elsewhere is copied into the kept folder, private too
    outside = render_ticket_pdf(issued_factory(), tmp_path / "elsewhere" / "t.pdf")
    kept_dir = tmp_path / "kept"
    outcome = TicketPrinter("none", kept_dir).submit(outside)
    assert outcome.ok
    kept = kept_dir / "t.pdf"
    assert mode(kept) == 0o600 and mode(kept_dir) == 0o700
