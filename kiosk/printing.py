"""Send ticket PDFs to a printer and keep the most recent ones on disk.

Two backends: CUPS ``lp`` (Linux, macOS) and QtPrintSupport (Windows, or wherever
``lp`` is missing); and, for a printer named ``escpos:…``, the ticket laid out natively
for a thermal printer (:mod:`kiosk.escpos`, :mod:`kiosk.escpos_link`). A printer fault never raises: :meth:`TicketPrinter.submit`
returns a :class:`PrintOutcome` with one readable sentence and logs it, and the
ticket PDF is kept before printing is tried, so a fault never loses the ticket.
"""

from __future__ import annotations

import logging
import math
import os
import re
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from db.files import make_private, private_dir
from db.sitetime import DEFAULT_TZ

if TYPE_CHECKING:
    from db.records import IssuedTicket

__all__ = ["Backend", "PrintOutcome", "TicketPrinter", "available_printers"]

log = logging.getLogger("antrian.kiosk.printing")

Backend = Literal["auto", "cups", "qt"]

_JOB_ID = re.compile(r"request id is (\S+)")
_NUMBER = rb"([-+]?(?:\d+\.?\d*|\.\d+))"
_MEDIA_BOX = re.compile(rb"/MediaBox\s*\[\s*" + rb"\s+".join([_NUMBER] * 4) + rb"\s*\]")
_ROTATE = re.compile(rb"/Rotate\s+([-+]?\d+)")
_MM_PER_PT = 25.4 / 72
# A ticket is a few dozen kilobytes; past this the file is not one of ours.
_MAX_PDF_SCAN = 8 * 1024 * 1024
# lp's messages are localised; the C locale keeps them English and parseable
# (a front-desk PC may well run in id_ID).
_C_LOCALE = {"LC_ALL": "C", "LANG": "C", "LANGUAGE": "C"}
# Rasterising a ticket finer than this only costs memory: thermal heads are 203 dpi.
_QT_MAX_DPI = 300


@dataclass(frozen=True)
class PrintOutcome:
    """What happened to one print request.

    ``message`` is one sentence fit for the log and the operator; ``job_id`` is the
    CUPS job ("Kasir-12") when there is one.
    """

    ok: bool
    message: str
    job_id: str | None = None


def _resolve_backend(backend: Backend) -> Literal["cups", "qt"]:
    if backend != "auto":
        return backend
    if sys.platform != "win32" and shutil.which("lp"):
        return "cups"
    return "qt"


def _run(cmd: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        env={**os.environ, **_C_LOCALE},
        check=False,
    )


def _page_size_mm(pdf: Path) -> tuple[float, float] | None:
    """The page (width, length) in mm when every page of ``pdf`` has one size, else None.

    Reads the raw /MediaBox entries, which is exact for reportlab's uncompressed page
    objects; a PDF that hides them (object streams, indirect boxes) gives None.
    """
    with pdf.open("rb") as handle:
        data = handle.read(_MAX_PDF_SCAN)
    boxes = {tuple(float(v) for v in box) for box in _MEDIA_BOX.findall(data)}
    # Every /MediaBox must be a direct array, or one left unread might be the real size.
    if len(boxes) != 1 or len(_MEDIA_BOX.findall(data)) != data.count(b"/MediaBox"):
        return None
    x1, y1, x2, y2 = boxes.pop()
    width, length = abs(x2 - x1) * _MM_PER_PT, abs(y2 - y1) * _MM_PER_PT
    turns = {int(m.group(1)) % 360 for m in _ROTATE.finditer(data)} or {0}
    if turns <= {90, 270}:
        width, length = length, width
    elif not turns <= {0, 180}:
        return None  # pages turned differently, or an invalid angle
    if not (math.isfinite(width) and math.isfinite(length) and min(width, length) >= 1):
        return None
    return width, length


def _media_option(pdf: Path) -> list[str]:
    """``lp`` options asking for the ticket's own page size; empty when it is unknown.

    Without them CUPS prints on the queue's default media (A4 or Letter, or whatever
    roll length the thermal driver defaults to).
    """
    try:
        size = _page_size_mm(pdf)
    except Exception as exc:  # the size is a refinement; it must never cost the print
        log.debug("Could not read the page size of %s: %s", pdf.name, exc)
        return []
    if size is None:
        log.debug("Page size of %s not found; printing on the printer's default media", pdf.name)
        return []
    width, length = (f"{value:.1f}".removesuffix(".0") for value in size)
    return ["-o", f"media=Custom.{width}x{length}mm"]


def available_printers(backend: Backend = "auto", timeout: float = 10.0) -> list[str]:
    """Names of the printers the system knows, sorted; empty when none or on error."""
    try:
        if _resolve_backend(backend) == "cups":
            lpstat = shutil.which("lpstat")
            if lpstat is None:
                return []
            # rc 1 with "No destinations added" is the normal answer on a fresh system.
            done = _run([lpstat, "-e"], timeout)
            if done.returncode != 0:
                return []
            return sorted({line.strip() for line in done.stdout.splitlines() if line.strip()})
        from PySide6.QtPrintSupport import QPrinterInfo

        return sorted(QPrinterInfo.availablePrinterNames())
    except Exception:  # listing printers is advisory; never break the caller
        log.warning("Could not list printers", exc_info=True)
        return []


class TicketPrinter:
    """Prints ticket PDFs and keeps the newest ``keep_last`` of them in ``keep_dir``.

    ``printer`` is ``"none"`` (keep the PDF only), ``"default"`` (the system default
    printer) or a printer name. ``backend`` forces CUPS or Qt; ``"auto"`` uses CUPS
    ``lp`` where it exists and Qt otherwise. ``timeout`` bounds one ``lp`` call.
    """

    def __init__(
        self,
        printer: str,
        keep_dir: Path,
        keep_last: int = 200,
        *,
        backend: Backend = "auto",
        timeout: float = 15.0,
        width_mm: int = 80,
        tz: str = DEFAULT_TZ,
    ) -> None:
        if keep_last < 1:
            raise ValueError("keep_last must be at least 1, or tickets would be deleted unprinted")
        self.printer = printer.strip() or "none"
        self.keep_dir = Path(keep_dir)
        self.keep_last = keep_last
        self.backend = _resolve_backend(backend)
        self.timeout = timeout
        self.width_mm = width_mm
        self.tz = tz
        self._keep_lock = threading.Lock()

    @property
    def _display_name(self) -> str:
        return "The default printer" if self.printer.lower() == "default" else f"Printer '{self.printer}'"

    def available_printers(self) -> list[str]:
        """Names of the printers this printer's backend can reach."""
        return available_printers(self.backend, self.timeout)

    # ------------------------------------------------------------------ keeping

    def keep(self, pdf: Path) -> Path:
        """Store ``pdf`` in ``keep_dir`` (copying it there if it lives elsewhere) and prune.

        Returns the kept file. Only ``*.pdf`` files directly in ``keep_dir`` are
        pruned, oldest first; the file just kept is never removed.
        """
        pdf = Path(pdf)
        with self._keep_lock:
            private_dir(self.keep_dir)
            kept = self.keep_dir / pdf.name
            if not (kept.exists() and kept.samefile(pdf)):
                shutil.copyfile(pdf, kept)  # copyfile, not copy2: the copy is new, mtime now
                make_private(kept)
            self._prune(kept)
        return kept

    def _prune(self, protect: Path) -> None:
        entries: list[tuple[int, str, Path]] = []
        with os.scandir(self.keep_dir) as it:
            for entry in it:
                if entry.name.startswith(".") or not entry.name.lower().endswith(".pdf"):
                    continue
                try:
                    if not entry.is_file():
                        continue
                    entries.append((entry.stat().st_mtime_ns, entry.name, Path(entry.path)))
                except OSError:
                    continue  # removed meanwhile
        entries.sort(reverse=True)
        protected = protect.name
        survivors = 1  # the protected file
        for _mtime, name, path in entries:
            if name == protected:
                continue
            if survivors < self.keep_last:
                survivors += 1
                continue
            try:
                path.unlink(missing_ok=True)
            except OSError as exc:
                log.warning("Could not delete old ticket %s: %s", path, exc)

    # ----------------------------------------------------------------- printing

    def submit(self, pdf: Path, ticket: IssuedTicket | None = None) -> PrintOutcome:
        """Keep ``pdf`` and print it on the configured printer (an ESC/POS printer prints
        ``ticket`` in its own commands instead of the PDF).

        Never raises for a printer fault: the outcome says what went wrong in one
        sentence, and the same sentence is logged.
        """
        pdf = Path(pdf)
        if not pdf.is_file():
            return self._fail(pdf, f"Ticket file {pdf} does not exist")
        try:
            pdf = self.keep(pdf)
        except OSError as exc:
            # Keeping is a courtesy; printing the original is what matters now.
            log.warning("Could not keep ticket %s in %s: %s", pdf.name, self.keep_dir, exc)

        if self.printer.lower() == "none":
            log.info("Ticket %s saved (printing is off)", pdf)
            return PrintOutcome(True, f"Ticket saved to {pdf}", None)
        try:
            if self.printer.startswith("escpos:"):
                outcome = self._print_escpos(ticket)
            else:
                outcome = self._print_cups(pdf) if self.backend == "cups" else self._print_qt(pdf)
        except Exception as exc:  # a printer fault must never reach the kiosk screen
            log.exception("Unexpected error printing %s", pdf)
            outcome = PrintOutcome(False, f"{self._display_name} could not print the ticket: {exc}")
        if outcome.ok:
            log.info("Ticket %s: %s", pdf.name, outcome.message)
        else:
            log.warning("Ticket %s not printed: %s", pdf.name, outcome.message)
        return outcome

    def _fail(self, pdf: Path, message: str) -> PrintOutcome:
        log.warning("Ticket %s not printed: %s", pdf.name, message)
        return PrintOutcome(False, message, None)

    def _print_escpos(self, ticket: IssuedTicket | None) -> PrintOutcome:
        from kiosk.escpos import EscposLayout, ticket_bytes
        from kiosk.escpos_link import LinkError, open_link, parse_target, read_status

        if ticket is None:
            return PrintOutcome(False, f"{self._display_name} prints tickets, not files; the ticket was only saved")
        try:
            target = parse_target(self.printer)
        except ValueError as e:
            return PrintOutcome(False, str(e))
        data = ticket_bytes(ticket, EscposLayout(self.width_mm), tz=self.tz)
        try:
            link = open_link(target, self.timeout)
        except LinkError as e:
            return PrintOutcome(False, f"{self._display_name} {e}")
        try:
            before = read_status(link)
            if before.fault:
                return PrintOutcome(False, f"{self._display_name} {before.fault}")
            link.send(data)
            if before.offline is not None:  # it answers: it must still answer after the ticket
                after = read_status(link)
                if after.offline is None:
                    return PrintOutcome(False, f"{self._display_name} stopped answering while printing")
                if after.fault:
                    return PrintOutcome(False, f"{self._display_name} {after.fault} (the ticket may be incomplete)")
        except LinkError as e:
            return PrintOutcome(False, f"{self._display_name} {e}")
        finally:
            link.close()
        low = " (paper is running low)" if before.paper_low else ""
        return PrintOutcome(True, f"{self._display_name} printed the ticket{low}")

    def _print_cups(self, pdf: Path) -> PrintOutcome:
        lp = shutil.which("lp")
        if lp is None:
            return PrintOutcome(False, "The CUPS 'lp' command is not installed")
        cmd = [lp, "-t", pdf.stem]
        if self.printer.lower() != "default":
            cmd += ["-d", self.printer]
        # No fit-to-page: the ticket is already laid out for the roll's printable width,
        # and on a driver that falls back to its default media it would stretch the
        # ticket to fill an A4 page or shrink it to a narrower printable area.
        cmd += _media_option(pdf)
        cmd += ["--", str(pdf)]
        try:
            done = _run(cmd, self.timeout)
        except subprocess.TimeoutExpired:
            return PrintOutcome(False, f"{self._display_name} did not answer within {self.timeout:g} s")
        except OSError as exc:
            return PrintOutcome(False, f"Could not run lp: {exc}")

        if done.returncode != 0:
            return PrintOutcome(False, self._explain_lp_error(done.stderr or done.stdout))
        match = _JOB_ID.search(done.stdout)
        job_id = match.group(1) if match else None
        target = self._display_name
        if job_id and self.printer.lower() == "default":
            target = f"Printer '{job_id.rsplit('-', 1)[0]}'"
        return PrintOutcome(True, f"{target} accepted the ticket as job {job_id or '(no id)'}", job_id)

    def _explain_lp_error(self, output: str) -> str:
        lines = [line.strip() for line in output.strip().splitlines() if line.strip()]
        detail = lines[-1] if lines else "no reason given"
        detail = re.sub(r"^lp:\s*(Error\s*-\s*)?", "", detail)
        lowered = detail.lower()
        if "does not exist" in lowered or "not found" in lowered:
            return f"{self._display_name} not found"
        if "no default destination" in lowered:
            return "No default printer is set on this computer"
        if "scheduler not running" in lowered or "unable to connect" in lowered:
            return "The print system (CUPS) is not running"
        return f"{self._display_name} rejected the job: {detail.rstrip('.')}"

    def _print_qt(self, pdf: Path) -> PrintOutcome:
        from PySide6.QtCore import QMarginsF, QRectF, QSize
        from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPainter
        from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

        if QGuiApplication.instance() is None:
            return PrintOutcome(False, "Qt printing needs a running application; the ticket was only saved")
        if self.printer.lower() == "default":
            info = QPrinterInfo.defaultPrinter()
            if info.isNull():
                return PrintOutcome(False, "No default printer is set on this computer")
        else:
            info = QPrinterInfo.printerInfo(self.printer)
            if info.isNull():
                return PrintOutcome(False, f"{self._display_name} not found")

        try:
            from PySide6.QtPdf import QPdfDocument
        except ImportError:
            return PrintOutcome(False, "Qt cannot print PDF tickets here: the QtPdf module is missing")
        doc = QPdfDocument()
        if doc.load(str(pdf)) != QPdfDocument.Error.None_ or doc.pageCount() < 1:
            return PrintOutcome(False, f"Ticket file {pdf.name} could not be read for printing")
        try:
            printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
            printer.setDocName(pdf.stem)
            printer.setFullPage(True)
            first = doc.pagePointSize(0)
            printer.setPageSize(QPageSize(first, QPageSize.Unit.Point, "Ticket",
                                          QPageSize.SizeMatchPolicy.ExactMatch))
            printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)

            painter = QPainter()
            if not painter.begin(printer):
                return PrintOutcome(False, f"{self._display_name} could not start the job")
            device_dpi = printer.resolution()
            raster_dpi = min(device_dpi, _QT_MAX_DPI)
            for index in range(doc.pageCount()):
                if index and not printer.newPage():
                    painter.end()
                    return PrintOutcome(False, f"{self._display_name} stopped after page {index}")
                points = doc.pagePointSize(index)
                image = doc.render(index, QSize(round(points.width() / 72 * raster_dpi),
                                                round(points.height() / 72 * raster_dpi)))
                painter.drawImage(QRectF(0, 0, points.width() / 72 * device_dpi,
                                         points.height() / 72 * device_dpi), image)
            if not painter.end() or printer.printerState() == QPrinter.PrinterState.Error:
                return PrintOutcome(False, f"{self._display_name} rejected the job")
        finally:
            doc.close()
        return PrintOutcome(True, f"{self._display_name} accepted the ticket", None)
