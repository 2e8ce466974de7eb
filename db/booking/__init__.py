"""Bookings (*antrian online*): visits booked ahead, brought in from the office's online
form, checked in at the kiosk with their code or its QR, and served at their booked time.

- codes: :data:`ALPHABET` (no 0/O, 1/I), :func:`normalise_code`, :func:`new_code`,
  :func:`grouped`;
- the store: :func:`add`, :func:`add_many` (a file's rows, all or none, idempotent),
  :func:`cancel`, :func:`find`, :func:`bookings`, :func:`slot_use`, :func:`window`;
- the kiosk: :func:`check_in`;
- housekeeping: :func:`sweep_no_shows`, :func:`purge` (UU PDP), :func:`housekeep`.

Reading files is :mod:`db.booking.importer`; the confirmation slip :mod:`db.booking.slip`.
"""

from db.booking.checkin import check_in
from db.booking.codes import ALPHABET, grouped, new_code, normalise_code
from db.booking.records import ORIGINS, STATUSES, BookingInfo, BookingRefused, CheckIn, ImportResult, NewBooking
from db.booking.store import (
    add,
    add_many,
    bookings,
    cancel,
    find,
    housekeep,
    purge,
    slot_use,
    sweep_no_shows,
    window,
)

__all__ = [
    "ALPHABET", "ORIGINS", "STATUSES", "BookingInfo", "BookingRefused", "CheckIn", "ImportResult", "NewBooking",
    "add", "add_many", "bookings", "cancel", "check_in", "find", "grouped", "housekeep",
    "new_code", "normalise_code", "purge", "slot_use", "sweep_no_shows", "window",
]
