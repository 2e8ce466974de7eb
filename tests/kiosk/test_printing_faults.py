"""Printer faults that end as a plain message, never as an exception at the kiosk: a ticket
folder that cannot be written, CUPS's commands missing or unable to start, and ``lpstat``
failing while the printers are listed."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from db.records import IssuedTicket
from kiosk.printing import PrintOutcome, TicketPrinter, available_printers
from kiosk.ticket_pdf import render_ticket_pdf

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="CUPS commands and shell scripts")


@pytest.fixture
def ticket_pdf(tmp_path: Path, issued_factory: Callable[..., IssuedTicket]) -> Path:
    """A rendered 80 mm ticket outside the keep folder."""
    return render_ticket_pdf(issued_factory(), tmp_path / "out" / "A-007.pdf")


def only_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scripts: dict[str, str]) -> None:
    """PATH holds only a folder with these scripts (they name their interpreter by its full path)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, body in scripts.items():
        script = bin_dir / name
        script.write_text(body)
        script.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))


def test_unwritable_ticket_folder_still_prints_the_original(tmp_path: Path, ticket_pdf: Path) -> None:
    blocker = tmp_path / "keep"
    blocker.write_text("a file where the ticket folder should be")
    outcome = TicketPrinter("none", blocker).submit(ticket_pdf)
    assert outcome == PrintOutcome(True, f"Ticket saved to {ticket_pdf}", None)
    assert ticket_pdf.is_file() and blocker.read_text() == "a file where the ticket folder should be"


def test_lp_not_installed(tmp_path: Path, ticket_pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    only_on_path(tmp_path, monkeypatch, {})
    outcome = TicketPrinter("Kasir", tmp_path / "keep", backend="cups").submit(ticket_pdf)
    assert outcome == PrintOutcome(False, "The CUPS 'lp' command is not installed", None)
    assert (tmp_path / "keep" / ticket_pdf.name).is_file()  # kept all the same


def test_lp_that_cannot_start(tmp_path: Path, ticket_pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    only_on_path(tmp_path, monkeypatch, {"lp": "#!/nonexistent/interpreter\n"})
    outcome = TicketPrinter("Kasir", tmp_path / "keep", backend="cups").submit(ticket_pdf)
    assert not outcome.ok and outcome.message.startswith("Could not run lp: ")


def test_printers_listed_as_none_when_lpstat_is_missing_or_fails(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # nothing there
    assert available_printers("cups") == []
    only_on_path(tmp_path, monkeypatch, {"lpstat": "#!/bin/sh\necho 'lpstat: scheduler not running' >&2\nexit 1\n"})
    assert available_printers("cups") == []
    (tmp_path / "bin" / "lpstat").write_text("#!/bin/sh\nprintf 'Kasir\\nAntrian\\n\\nKasir\\n'\n")
    assert available_printers("cups") == ["Antrian", "Kasir"]  # sorted, once each
