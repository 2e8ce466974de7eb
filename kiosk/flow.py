"""Taking a ticket: issue it off the UI thread, then render and print it off the UI thread.

One touch issues one ticket: touches are ignored while a request is in flight and for
``cooldown_ms`` after its answer. The number is shown first; the PDF is rendered and
sent to the printer afterwards on a thread of its own, so a slow printer never holds up
the queue. Every step is logged for the end-to-end tests::

    ticket_issued (label, service, ticket_id) → ticket_pdf (path, ms) → ticket_printed | print_failed
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from db import queue
from db.database import Database
from db.errors import DatabaseUnavailable, ServiceUnavailable
from db.records import IssuedTicket
from db.sitetime import DEFAULT_TZ
from ui.tasks import TaskRunner

log = logging.getLogger("antrian.kiosk")


@dataclass(frozen=True)
class PrintSetup:
    """Where and how tickets are printed: read from the site settings and the command line."""

    printer: str = "default"  # a printer name, "default", "none" or an ESC/POS printer ("escpos:tcp:…")
    width_mm: int = 80
    keep_dir: Path = Path("tickets")
    keep_last: int = 200
    logo: Path | None = None
    tz: str = DEFAULT_TZ


@dataclass(frozen=True)
class PrintResult:
    """What happened to a ticket's paper copy."""

    ticket_id: int
    ok: bool
    message: str
    printing_off: bool = False
    job_id: str | None = None
    ms: float = 0.0  # from the touch to the job handed to the printer (or the PDF kept)


def ticket_file_name(issued: IssuedTicket) -> str:
    """``2026-11-23_A-007_1234.pdf``: sortable, unique, readable."""
    t = issued.ticket
    return f"{t.day.isoformat()}_{t.label}_{t.id}.pdf"


class TicketFlow(QObject):
    """Issues tickets and gets them printed; reports each step as a signal on the UI thread.

    ``db_runner`` does the database work (the app's runner); ``print_runner`` renders and
    prints (a runner of its own, so a printer timeout never delays a database read).
    """

    started = Signal(str)  # service code
    issued = Signal(object)  # IssuedTicket
    refused = Signal(str, str)  # service code, reason (closed, quota, inactive)
    failed = Signal(str, str)  # service code, kind (offline, error)
    pdf_ready = Signal(object, str, float)  # IssuedTicket, path, ms since the touch
    printed = Signal(object)  # PrintResult
    busy_changed = Signal(bool)

    def __init__(self, db: Database, db_runner: TaskRunner, print_runner: TaskRunner, setup: PrintSetup,
                 parent: QObject | None = None, *, cooldown_ms: int = 1000) -> None:
        super().__init__(parent)
        self.db = db
        self.db_runner = db_runner
        self.print_runner = print_runner
        self.setup = setup
        self._printer: Any = None  # kiosk.printing.TicketPrinter, made on first use
        self._printer_key: tuple[str, str, int] | None = None
        self._in_flight = False
        self._closed = False
        self._cooldown = QTimer(self)
        self._cooldown.setSingleShot(True)
        self._cooldown.setInterval(cooldown_ms)
        self._cooldown.timeout.connect(lambda: self.busy_changed.emit(self.busy()))

    def shutdown(self) -> None:
        """Take no more tickets and start no more rendering (work already queued still finishes)."""
        self._closed = True

    # -- touches --------------------------------------------------------------------------
    def busy(self) -> bool:
        """True while a touch would be ignored (request in flight or just answered)."""
        return self._in_flight or self._cooldown.isActive()

    def set_cooldown_ms(self, ms: int) -> None:
        """Change the quiet time after each answer (benchmarks set 0)."""
        self._cooldown.setInterval(ms)

    def take(self, code: str, priority: bool = False) -> bool:
        """Issue a ticket for ``code``; False (and nothing happens) while busy."""
        if self._closed:
            return False
        if self.busy():
            log.info("touch on %s ignored: a ticket is being issued", code, extra={"event": "touch_ignored", "service": code})
            return False
        self._in_flight = True
        touched = time.perf_counter()
        self.busy_changed.emit(True)
        self.started.emit(code)
        db = self.db

        def work() -> IssuedTicket:
            issued = queue.issue_ticket(db, code, priority=priority, source="kiosk")
            t = issued.ticket
            log.info("ticket %s issued", t.label, extra={
                "event": "ticket_issued", "label": t.label, "service": t.service_code, "ticket_id": t.id,
                "priority": t.priority, "people_ahead": issued.people_ahead,
            })
            return issued

        self.db_runner.run(work, lambda issued: self._issued(issued, touched), lambda e: self._failed(code, e))
        return True

    def _answered(self) -> None:
        self._in_flight = False
        self._cooldown.start()
        self.busy_changed.emit(True)

    def _issued(self, issued: IssuedTicket, touched: float) -> None:
        self._answered()
        self.issued.emit(issued)
        # Render once the number has had its chance to be painted.
        QTimer.singleShot(0, lambda: self._render(issued, touched))

    def _failed(self, code: str, error: BaseException) -> None:
        self._answered()
        if isinstance(error, ServiceUnavailable):
            log.info("ticket for %s refused: %s", code, error,
                     extra={"event": "ticket_refused", "service": code, "reason": error.reason})
            self.refused.emit(code, error.reason)
        elif isinstance(error, DatabaseUnavailable):
            log.warning("ticket for %s not issued: %s", code, error,
                        extra={"event": "ticket_failed", "service": code, "kind": "offline"})
            self.failed.emit(code, "offline")
        else:
            log.error("ticket for %s not issued: %s", code, error, exc_info=error,
                      extra={"event": "ticket_failed", "service": code, "kind": "error"})
            self.failed.emit(code, "error")

    # -- paper ----------------------------------------------------------------------------
    def print_issued(self, issued: IssuedTicket, touched: float) -> None:
        """Render and print a ticket issued elsewhere (a booking's check-in), as a touch's would be;
        ``touched`` is the ``time.perf_counter()`` the visitor acted at."""
        QTimer.singleShot(0, lambda: self._render(issued, touched))

    def _render(self, issued: IssuedTicket, touched: float) -> None:
        if self._closed:
            log.warning("ticket %s not rendered: the kiosk is closing", issued.ticket.label)
            return
        setup = self.setup
        label = issued.ticket.label

        def work() -> tuple[Path, float]:
            from kiosk.ticket_pdf import render_ticket_pdf

            path = render_ticket_pdf(issued, setup.keep_dir / ticket_file_name(issued), width_mm=setup.width_mm,
                                     logo_path=setup.logo, tz=setup.tz)
            ms = (time.perf_counter() - touched) * 1000
            log.info("ticket %s rendered in %.1f ms", label, ms,
                     extra={"event": "ticket_pdf", "label": label, "path": str(path), "ms": round(ms, 2)})
            return path, ms

        def fail(error: BaseException) -> None:
            message = f"the ticket could not be rendered: {error}"
            log.error("ticket %s not printed: %s", label, message, exc_info=error,
                      extra={"event": "print_failed", "label": label, "reason": message})
            self.printed.emit(PrintResult(issued.ticket.id, False, message))

        self.print_runner.run(work, lambda result: self._rendered(issued, touched, *result), fail)

    def _rendered(self, issued: IssuedTicket, touched: float, path: Path, ms: float) -> None:
        self.pdf_ready.emit(issued, str(path), ms)
        printer = self._ticket_printer()
        label = issued.ticket.label
        printing_off = printer.printer.lower() == "none"

        def work() -> PrintResult:
            outcome = printer.submit(path, issued)
            ms_total = (time.perf_counter() - touched) * 1000
            if outcome.ok:
                log.info("ticket %s: %s", label, outcome.message, extra={
                    "event": "ticket_printed", "label": label, "printer": printer.printer,
                    "job_id": outcome.job_id, "reason": outcome.message, "ms": round(ms_total, 2),
                })
            else:
                log.warning("ticket %s not printed: %s", label, outcome.message, extra={
                    "event": "print_failed", "label": label, "printer": printer.printer,
                    "reason": outcome.message, "ms": round(ms_total, 2),
                })
            return PrintResult(issued.ticket.id, outcome.ok, outcome.message, printing_off, outcome.job_id, ms_total)

        def fail(error: BaseException) -> None:  # submit() should never raise; be safe anyway
            log.error("ticket %s not printed: %s", label, error, exc_info=error,
                      extra={"event": "print_failed", "label": label, "reason": str(error)})
            self.printed.emit(PrintResult(issued.ticket.id, False, str(error)))

        self.print_runner.run(work, self.printed.emit, fail)

    def _ticket_printer(self) -> Any:
        """The TicketPrinter for the current setup (made again when the setup changes)."""
        from kiosk.printing import TicketPrinter

        key = (self.setup.printer, str(self.setup.keep_dir), self.setup.keep_last)
        if self._printer is None or key != self._printer_key:
            self._printer = TicketPrinter(self.setup.printer, self.setup.keep_dir, keep_last=max(1, self.setup.keep_last),
                                          width_mm=self.setup.width_mm, tz=self.setup.tz)
            self._printer_key = key
        return self._printer

    def warm_up(self) -> None:
        """Load the PDF renderer and its fonts in the background, so the first ticket is fast."""

        def work() -> None:
            import tempfile
            from datetime import datetime

            from db.estimate import NOW
            from db.records import TicketInfo, TicketStatus
            from kiosk.ticket_pdf import render_ticket_pdf

            now = datetime.now(UTC)
            info = TicketInfo(0, "A-000", "A", "Contoh", "Sample", now.date(), 0, TicketStatus.WAITING, False, now, now)
            sample = IssuedTicket(info, 0, NOW, "Antrian", "")
            with tempfile.TemporaryDirectory(prefix="antrian-warm-") as tmp:
                render_ticket_pdf(sample, Path(tmp) / "warm.pdf", width_mm=self.setup.width_mm, tz=self.setup.tz)

        self.print_runner.run(work, None, lambda e: log.warning("cannot prepare ticket rendering: %s", e))
