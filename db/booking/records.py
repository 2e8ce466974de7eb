"""What the booking operations take and return: plain frozen dataclasses, no ORM objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from db.errors import AntrianError
from db.records import IssuedTicket

#: A booking's life: booked → checked in (a booked ticket) or late (came after its window:
#: an ordinary ticket), or cancelled, or no-show (its window closed without it).
STATUSES = ("booked", "checked_in", "late", "cancelled", "no_show")
#: Where a booking came from.
ORIGINS = ("import", "cli", "console")


@dataclass(frozen=True)
class NewBooking:
    """One booking to add (the command line, the console, an imported file's row)."""

    service_code: str
    day: date
    time: time  # the booked local time
    name: str | None = None
    company: str | None = None
    nib: str | None = None  # Nomor Induk Berusaha: 13 digits
    phone: str | None = None
    code: str | None = None  # the online system's code; else one is made
    import_key: str | None = None  # an imported row's identity: importing it again changes nothing


@dataclass(frozen=True)
class BookingInfo:
    """One booking as the screens, the slip and the command line see it."""

    id: int
    code: str
    service_code: str
    service_name_id: str
    service_name_en: str
    day: date
    booked_at: datetime  # UTC
    local_time: time  # the booked time at the site
    name: str | None
    company: str | None
    nib: str | None
    phone: str | None
    status: str
    ticket_id: int | None
    ticket_label: str | None
    ticket_status: str | None
    origin: str
    created_at: datetime
    checked_in_at: datetime | None
    purged: bool
    requirements_id: str = ""
    requirements_en: str = ""


@dataclass(frozen=True)
class ImportResult:
    """What :func:`db.booking.add_many` did: bookings added, rows already there, and every
    row's code in the order given."""

    added: int
    unchanged: int
    codes: tuple[str, ...]


@dataclass(frozen=True)
class CheckIn:
    """What a booking code at the kiosk came to.

    ``outcome`` is one of ``issued`` (a booked ticket), ``reprint`` (its ticket, again),
    ``late`` (an ordinary ticket: the window has closed), ``early`` (``opens_at`` says
    when to come back), ``missed`` (its day has passed), ``used`` (its ticket has been
    served), ``cancelled``, ``unknown`` (no such code), ``invalid`` (not a code: a
    mistyped character) or ``unavailable`` (the service is not taking visitors;
    ``reason`` is ``inactive`` or ``closed``).
    """

    outcome: str
    booking: BookingInfo | None = None
    issued: IssuedTicket | None = None
    opens_at: datetime | None = None  # UTC
    reason: str | None = None


class BookingRefused(AntrianError):
    """A booking that cannot be added, changed or found; the message can be shown as is.

    ``reason``: ``unknown_service``, ``no_bookings``, ``quota``, ``closed_day``,
    ``outside_hours``, ``past``, ``bad_code``, ``duplicate_code``, ``bad_value``,
    ``not_found``, ``not_cancellable``. ``field`` names the input at fault (``service``,
    ``date``, ``time``, ``code``, ``name``, ``company``, ``nib``, ``phone``); ``index`` the
    row of :func:`db.booking.add_many`. From ``add_many``, ``errors`` holds every row's
    refusal (this one first).
    """

    def __init__(self, reason: str, message: str, field: str | None = None, index: int | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.field = field
        self.index = index
        self.errors: tuple[BookingRefused, ...] = (self,)
