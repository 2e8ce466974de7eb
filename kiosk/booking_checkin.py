"""Checking a booking code in: :func:`db.booking.check_in` on the kiosk's task runner.

The code comes from the keypad or a scanner; :class:`BookingDesk` runs the check-in off
the UI thread, one at a time (a second scan while one is being checked is dropped), and
answers on the UI thread with the core's :class:`db.booking.CheckIn` or why there is none
(``offline``, ``error``). Each step is logged for the end-to-end tests::

    booking_scan | booking_typed → booking_checkin (outcome, code, label) | booking_failed
"""

from __future__ import annotations

import logging
import re
import time

from PySide6.QtCore import QObject, Signal

from db import booking
from db.database import Database
from db.errors import DatabaseUnavailable
from ui.tasks import TaskRunner

log = logging.getLogger("antrian.kiosk.booking")

#: A QR code may carry a link or a labelled value: the code is its last word.
_LAST_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9 -]*$")


def code_from_scan(text: str) -> str:
    """The code in what a scanner read: ``k7p-4qx``, ``K7P 4QX`` or ``https://…/b/K7P4QX`` → ``K7P4QX``
    when it is a valid code (a key typed just before the scan is dropped), else the last word of it
    in capitals (the core names it invalid)."""
    text = text.strip()
    match = _LAST_WORD.search(text)
    word = match.group(0) if match else text
    found = booking.normalise_code(word) or booking.normalise_code(text) or booking.normalise_code(word[-6:])
    return found or word.upper()[:16]


class BookingDesk(QObject):
    """Checks codes in; ``answered(check_in, code, started)`` or ``failed(code, kind)`` on the UI thread.

    ``started`` is the ``time.perf_counter()`` of the scan or the touch on "Cek".
    """

    answered = Signal(object, str, float)
    failed = Signal(str, str)

    def __init__(self, db: Database, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db, self.runner = db, runner
        self.in_flight = False
        self._closed = False

    def shutdown(self) -> None:
        """Check nothing more in."""
        self._closed = True

    def check(self, text: str, via: str, started: float | None = None) -> bool:
        """Check in the code in ``text`` (``via``: ``scan`` or ``keypad``); False (nothing done) while busy."""
        if self._closed or self.in_flight:
            log.info("booking code ignored: a check-in is in progress", extra={"event": "booking_ignored", "via": via})
            return False
        started = time.perf_counter() if started is None else started
        code = code_from_scan(text) if via == "scan" else text
        self.in_flight = True
        log.info("booking code %s by %s", code, via, extra={"event": f"booking_{'scan' if via == 'scan' else 'typed'}",
                                                          "code": code})
        db = self.db

        def work() -> booking.CheckIn:
            result = booking.check_in(db, code)
            issued = result.issued
            log.info("booking %s: %s", code, result.outcome, extra={
                "event": "booking_checkin", "code": code, "outcome": result.outcome,
                "label": issued.ticket.label if issued else None, "ticket_id": issued.ticket.id if issued else None,
            })
            return result

        self.runner.run(work, lambda result: self._answered(result, code, started), lambda e: self._failed(code, e))
        return True

    def _answered(self, result: booking.CheckIn, code: str, started: float) -> None:
        self.in_flight = False
        self.answered.emit(result, code, started)

    def _failed(self, code: str, error: BaseException) -> None:
        self.in_flight = False
        if isinstance(error, DatabaseUnavailable):
            log.warning("booking %s not checked in: %s", code, error,
                        extra={"event": "booking_failed", "code": code, "kind": "offline"})
            self.failed.emit(code, "offline")
        else:
            log.error("booking %s not checked in: %s", code, error, exc_info=error,
                      extra={"event": "booking_failed", "code": code, "kind": "error"})
            self.failed.emit(code, "error")
