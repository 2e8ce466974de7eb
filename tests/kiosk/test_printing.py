"""TicketPrinter: keeping and pruning PDFs, printer faults, and a real CUPS job."""

from __future__ import annotations

import importlib.util
import logging
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import pytest

from db.records import IssuedTicket
from kiosk.printing import PrintOutcome, TicketPrinter, available_printers
from kiosk.ticket_pdf import render_ticket_pdf


class CupsPdfPrinter(Protocol):
    """What the ``cups_pdf_printer`` fixture (conftest.py) yields."""

    name: str
    ppd: str
    output_dirs: tuple[Path, ...]

    def diagnostics(self) -> str: ...

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="uses a fake `lp` shell script")

PT_PER_MM = 72 / 25.4
A4_PT = (595.0, 842.0)


@pytest.fixture
def ticket_pdf(tmp_path: Path, issued_factory: Callable[..., IssuedTicket]) -> Path:
    """A rendered 80 mm ticket outside the keep folder."""
    return render_ticket_pdf(issued_factory(), tmp_path / "out" / "A-007.pdf")


def page_size_pt(pdf: Path) -> tuple[float, float]:
    """The first page's (width, height) in points, as poppler's ``pdfinfo`` reports it."""
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    done = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True,
                          env={**os.environ, "LC_ALL": "C"}, timeout=30)
    match = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", done.stdout, re.MULTILINE)
    assert match, f"pdfinfo {pdf} gave no page size:\n{done.stdout}{done.stderr}"
    return float(match.group(1)), float(match.group(2))


def make_pdfs(folder: Path, count: int) -> list[Path]:
    """``count`` small PDFs with strictly increasing modification times, oldest first."""
    folder.mkdir(parents=True, exist_ok=True)
    base = time.time() - 10_000
    paths = []
    for n in range(count):
        path = folder / f"T-{n:03d}.pdf"
        path.write_bytes(b"%PDF-1.4\n%%EOF\n")
        os.utime(path, (base + n, base + n))
        paths.append(path)
    return paths


def fake_lp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> Path:
    """Put an `lp` shell script first on PATH; it records its arguments in lp-args."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    args_file = tmp_path / "lp-args"
    lp = bin_dir / "lp"
    lp.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{args_file}"\n{script}\n')
    lp.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    return args_file


# -------------------------------------------------------------------- keeping


def test_printer_none_keeps_the_pdf(tmp_path: Path, ticket_pdf: Path) -> None:
    keep = tmp_path / "keep"
    outcome = TicketPrinter("none", keep).submit(ticket_pdf)
    assert outcome == PrintOutcome(True, f"Ticket saved to {keep / 'A-007.pdf'}", None)
    assert (keep / "A-007.pdf").read_bytes() == ticket_pdf.read_bytes()


def test_keep_prunes_to_the_newest(tmp_path: Path) -> None:
    keep = tmp_path / "keep"
    older = make_pdfs(keep, 6)
    (keep / "notes.txt").write_text("not a ticket")
    printer = TicketPrinter("none", keep, keep_last=3)

    newest = tmp_path / "new" / "B-001.pdf"
    newest.parent.mkdir()
    newest.write_bytes(b"%PDF-1.4\n%%EOF\n")
    assert printer.submit(newest).ok

    remaining = sorted(p.name for p in keep.iterdir())
    assert remaining == ["B-001.pdf", "T-004.pdf", "T-005.pdf", "notes.txt"]
    assert not older[0].exists()


def test_keep_never_prunes_the_ticket_it_keeps(tmp_path: Path) -> None:
    keep = tmp_path / "keep"
    make_pdfs(keep, 4)
    ticket = keep / "T-000.pdf"  # rendered straight into the folder, and the oldest there
    printer = TicketPrinter("none", keep, keep_last=2)
    assert printer.keep(ticket) == ticket
    assert sorted(p.name for p in keep.iterdir()) == ["T-000.pdf", "T-003.pdf"]


def test_keep_last_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        TicketPrinter("none", tmp_path, keep_last=0)


def test_missing_pdf_is_reported_not_raised(tmp_path: Path) -> None:
    outcome = TicketPrinter("none", tmp_path / "keep").submit(tmp_path / "gone.pdf")
    assert not outcome.ok
    assert "does not exist" in outcome.message


# -------------------------------------------------------------- printer faults


def test_unknown_printer_fails_cleanly(
    tmp_path: Path, ticket_pdf: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Whatever the system (CUPS up, down or absent): ok=False, one sentence, no raise."""
    caplog.set_level(logging.WARNING, logger="antrian.kiosk.printing")
    keep = tmp_path / "keep"
    outcome = TicketPrinter("Kasir-Tidak-Ada", keep, timeout=30).submit(ticket_pdf)
    assert not outcome.ok
    assert outcome.job_id is None
    assert outcome.message and "\n" not in outcome.message
    assert (keep / "A-007.pdf").is_file(), "a printer fault must not lose the ticket"
    assert any(outcome.message in r.getMessage() for r in caplog.records)


def test_unknown_printer_named_in_message(
    cups_pdf_printer: CupsPdfPrinter, tmp_path: Path, ticket_pdf: Path
) -> None:
    outcome = TicketPrinter("Kasir", tmp_path / "keep", backend="cups").submit(ticket_pdf)
    assert outcome == PrintOutcome(False, "Printer 'Kasir' not found", None)


def test_unknown_printer_through_qt(qapp: object, tmp_path: Path, ticket_pdf: Path) -> None:
    outcome = TicketPrinter("Kasir-Tidak-Ada", tmp_path / "keep", backend="qt").submit(ticket_pdf)
    assert outcome == PrintOutcome(False, "Printer 'Kasir-Tidak-Ada' not found", None)


@posix_only
def test_lp_timeout(tmp_path: Path, ticket_pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_lp(tmp_path, monkeypatch, "sleep 30")
    started = time.monotonic()
    outcome = TicketPrinter("Kasir", tmp_path / "keep", backend="cups", timeout=0.5).submit(ticket_pdf)
    assert time.monotonic() - started < 10
    assert outcome == PrintOutcome(False, "Printer 'Kasir' did not answer within 0.5 s", None)


@posix_only
def test_lp_rejection_is_explained(tmp_path: Path, ticket_pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_lp(tmp_path, monkeypatch, 'echo "lp: Error - Destination \\"Kasir\\" is not accepting jobs." >&2; exit 1')
    outcome = TicketPrinter("Kasir", tmp_path / "keep", backend="cups").submit(ticket_pdf)
    assert outcome == PrintOutcome(
        False, "Printer 'Kasir' rejected the job: Destination \"Kasir\" is not accepting jobs", None
    )


@posix_only
def test_lp_job_id_and_arguments(tmp_path: Path, ticket_pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args_file = fake_lp(tmp_path, monkeypatch, 'echo "request id is Kasir-12 (1 file(s))"')
    outcome = TicketPrinter("Kasir", tmp_path / "keep", backend="cups").submit(ticket_pdf)
    assert outcome == PrintOutcome(True, "Printer 'Kasir' accepted the ticket as job Kasir-12", "Kasir-12")
    args = args_file.read_text().splitlines()
    kept = tmp_path / "keep" / "A-007.pdf"
    assert args[:4] == ["-t", "A-007", "-d", "Kasir"]
    assert args[-2:] == ["--", str(kept)]
    assert args[4] == "-o" and len(args) == 8
    media = re.fullmatch(r"media=Custom\.(\d+(?:\.\d)?)x(\d+(?:\.\d)?)mm", args[5])
    assert media, args[5]
    width_pt, height_pt = page_size_pt(kept)
    assert float(media.group(1)) == pytest.approx(width_pt / PT_PER_MM, abs=0.05) == 80
    assert float(media.group(2)) == pytest.approx(height_pt / PT_PER_MM, abs=0.05)


@posix_only
@pytest.mark.parametrize(
    ("page", "option"),
    [
        (b"/Type /Page /MediaBox [ 0 0 226.7717 411.0236 ]", "media=Custom.80x145mm"),
        (b"/Type /Page /MediaBox[0 0 164.4094 311.3606]", "media=Custom.58x109.8mm"),
        # Inherited from the page tree, offset origin: only the extent counts.
        (b"/Type /Pages /MediaBox [10 20 236.7717 431.0236] /Kids [3 0 R]", "media=Custom.80x145mm"),
        (b"/MediaBox [0 0 226.7717 411.0236] /Rotate 90", "media=Custom.145x80mm"),
        (b"/MediaBox [0 0 226.7717 411.0236] /Rotate -180", "media=Custom.80x145mm"),
    ],
)
def test_lp_media_is_the_page_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page: bytes, option: str
) -> None:
    args_file = fake_lp(tmp_path, monkeypatch, 'echo "request id is Kasir-13 (1 file(s))"')
    pdf = tmp_path / "B-001.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj\n<< " + page + b" >>\nendobj\n%%EOF\n")
    assert TicketPrinter("Kasir", tmp_path / "keep", backend="cups").submit(pdf).ok
    assert args_file.read_text().splitlines()[4:6] == ["-o", option]


@posix_only
@pytest.mark.parametrize(
    "body",
    [
        b"",  # no /MediaBox at all (e.g. hidden in a compressed object stream)
        b"<< /Type /Page /MediaBox 5 0 R >>",
        b"<< /MediaBox [0 0 226 411] >> << /MediaBox [0 0 595 842] >>",
        b"<< /MediaBox [0 0 226 411] >> << /MediaBox 9 0 R >>",
        b"<< /MediaBox [0 0 226 411] /Rotate 90 >> << /MediaBox [0 0 226 411] /Rotate 0 >>",
        b"<< /MediaBox [0 0 0 0] >>",
    ],
    ids=["none", "indirect", "two-sizes", "direct-and-indirect", "mixed-rotation", "empty"],
)
def test_unknown_page_size_prints_without_media(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, body: bytes
) -> None:
    """A size that cannot be read costs the option, never the ticket; a debug line says so."""
    caplog.set_level(logging.DEBUG, logger="antrian.kiosk.printing")
    args_file = fake_lp(tmp_path, monkeypatch, 'echo "request id is Kasir-14 (1 file(s))"')
    pdf = tmp_path / "B-002.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + body + b"\n%%EOF\n")
    outcome = TicketPrinter("Kasir", tmp_path / "keep", backend="cups").submit(pdf)
    assert outcome == PrintOutcome(True, "Printer 'Kasir' accepted the ticket as job Kasir-14", "Kasir-14")
    assert args_file.read_text().splitlines() == ["-t", "B-002", "-d", "Kasir", "--",
                                                  str(tmp_path / "keep" / "B-002.pdf")]
    assert any(r.levelno == logging.DEBUG and "B-002.pdf" in r.getMessage() for r in caplog.records)


@posix_only
def test_default_printer_omits_destination(
    tmp_path: Path, ticket_pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args_file = fake_lp(tmp_path, monkeypatch, 'echo "request id is Front-3 (1 file(s))"')
    outcome = TicketPrinter("default", tmp_path / "keep", backend="cups").submit(ticket_pdf)
    assert outcome.ok and outcome.job_id == "Front-3"
    assert outcome.message == "Printer 'Front' accepted the ticket as job Front-3"
    assert "-d" not in args_file.read_text().splitlines()


@posix_only
def test_no_default_printer(tmp_path: Path, ticket_pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_lp(tmp_path, monkeypatch, 'echo "lp: Error - No default destination." >&2; exit 1')
    outcome = TicketPrinter("default", tmp_path / "keep", backend="cups").submit(ticket_pdf)
    assert outcome == PrintOutcome(False, "No default printer is set on this computer", None)


# ------------------------------------------------------------- real CUPS job


def test_real_print_job_through_cups_pdf(
    cups_pdf_printer: CupsPdfPrinter, tmp_path: Path, issued_factory: Callable[..., IssuedTicket]
) -> None:
    """Submit through TicketPrinter to the cups-pdf queue and wait for the printed file."""
    token = uuid.uuid4().hex[:10]
    pdf = render_ticket_pdf(issued_factory(), tmp_path / f"A-007-{token}.pdf", 80)

    printer = TicketPrinter(cups_pdf_printer.name, tmp_path / "keep", backend="cups")
    assert cups_pdf_printer.name in printer.available_printers()
    outcome = printer.submit(pdf)
    assert outcome.ok, outcome.message
    assert outcome.job_id and outcome.job_id.startswith(f"{cups_pdf_printer.name}-")

    printed = wait_for_printed(cups_pdf_printer, token, outcome.job_id)
    try:
        text = subprocess.run(["pdftotext", str(printed), "-"], capture_output=True, text=True).stdout
        assert "A-007" in text and "Desk CAPA" in text
    finally:
        printed.unlink(missing_ok=True)


@pytest.mark.parametrize("width_mm", [80, 58])
def test_cups_pdf_page_is_the_ticket_size(
    cups_pdf_printer: CupsPdfPrinter, tmp_path: Path, issued_factory: Callable[..., IssuedTicket],
    width_mm: int,
) -> None:
    """The PDF cups-pdf writes has the ticket's page size, not the queue's default A4."""
    token = uuid.uuid4().hex[:10]
    pdf = render_ticket_pdf(issued_factory(), tmp_path / f"A-007-{token}.pdf", width_mm)
    ticket_w, ticket_h = page_size_pt(pdf)
    assert ticket_w == pytest.approx(width_mm * PT_PER_MM, abs=0.01)

    outcome = TicketPrinter(cups_pdf_printer.name, tmp_path / "keep", backend="cups").submit(pdf)
    assert outcome.ok, outcome.message
    printed = wait_for_printed(cups_pdf_printer, token, outcome.job_id)
    try:
        printed_w, printed_h = page_size_pt(printed)
    finally:
        printed.unlink(missing_ok=True)
    # cups-pdf writes whole points (226 x 358 for 226.77 x 358.85), and the option
    # carries 0.1 mm (0.28 pt): about a point either way is the same page.
    assert (printed_w, printed_h) == (pytest.approx(ticket_w, abs=1.2), pytest.approx(ticket_h, abs=1.2))


def test_cups_pdf_prints_plain_lp_on_a4(
    cups_pdf_printer: CupsPdfPrinter, tmp_path: Path, issued_factory: Callable[..., IssuedTicket]
) -> None:
    """Control for the test above: the same ticket sent by a bare ``lp`` comes out on A4,
    so that test measures the media option and not a cups-pdf default."""
    token = uuid.uuid4().hex[:10]
    pdf = render_ticket_pdf(issued_factory(), tmp_path / f"A-007-{token}.pdf", 80)
    done = subprocess.run(["lp", "-d", cups_pdf_printer.name, "-t", pdf.stem, "--", str(pdf)],
                          capture_output=True, text=True, env={**os.environ, "LC_ALL": "C"}, timeout=30)
    job = re.search(r"request id is (\S+)", done.stdout)
    assert done.returncode == 0 and job, done.stderr
    printed = wait_for_printed(cups_pdf_printer, token, job.group(1))
    try:
        assert page_size_pt(printed) == A4_PT
    finally:
        printed.unlink(missing_ok=True)


def _qtpdf_available() -> bool:
    try:
        return importlib.util.find_spec("PySide6.QtPdf") is not None
    except ImportError:
        return False


@pytest.mark.skipif(not _qtpdf_available(), reason="PySide6-Pdf (QtPdf) is not installed")
def test_real_print_job_through_qt(
    qapp: object, cups_pdf_printer: CupsPdfPrinter, tmp_path: Path, issued_factory: Callable[..., IssuedTicket]
) -> None:
    """The QtPrintSupport backend (the Windows path) prints to the same CUPS queue."""
    token = uuid.uuid4().hex[:10]
    pdf = render_ticket_pdf(issued_factory(), tmp_path / f"A-007-{token}.pdf", 58)
    outcome = TicketPrinter(cups_pdf_printer.name, tmp_path / "keep", backend="qt").submit(pdf)
    assert outcome.ok, outcome.message
    wait_for_printed(cups_pdf_printer, token).unlink(missing_ok=True)


def wait_for_printed(printer: CupsPdfPrinter, token: str, job_id: str | None = None,
                     timeout: float = 90) -> Path:
    """Wait (bounded) until cups-pdf has written a PDF whose name holds ``token``
    and, when ``job_id`` is given, CUPS lists that job as completed."""
    lpstat = shutil.which("lpstat") or "lpstat"
    env = {**os.environ, "LC_ALL": "C"}
    printed: Path | None = None
    completed = job_id is None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not (completed and printed):
        if not completed:
            done = subprocess.run([lpstat, "-W", "completed", "-o", printer.name],
                                  capture_output=True, text=True, env=env, timeout=10)
            completed = any(line.split()[:1] == [job_id] for line in done.stdout.splitlines())
        for folder in printer.output_dirs:
            if folder.is_dir():
                fresh = [p for p in folder.glob("*.pdf") if token in p.name and p.stat().st_size > 0]
                if fresh:
                    printed = fresh[0]
        time.sleep(0.3)
    assert printed is not None, (
        f"no printed PDF with {token!r} in {[str(d) for d in printer.output_dirs]} "
        f"(job completed: {completed})\n{printer.diagnostics()}"
    )
    assert completed, f"job {job_id} never listed as completed\n{printer.diagnostics()}"
    time.sleep(0.3)  # cups-pdf may still be closing the file when it appears
    return printed


def test_available_printers_lists_the_cups_queue(cups_pdf_printer: CupsPdfPrinter) -> None:
    assert cups_pdf_printer.name in available_printers("cups")
