"""Plain dataclasses the queue operations return. They never hold ORM objects or sessions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from db.estimate import WaitRange
from db.settings import SiteSettings


class TicketStatus(StrEnum):
    """Where a ticket is in its life; the values are what ``tickets.status`` stores.

    ``waiting → called → serving → done``, or ``no_show``, ``cancelled``, ``transferred``
    (a new ticket waits in the other service), ``expired`` (left from an earlier day).
    A member equals its string, so SQL and stored rows need no conversion.
    """

    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"
    TRANSFERRED = "transferred"
    EXPIRED = "expired"


#: A visit that holds a counter: called, or being served.
OPEN_STATES = (TicketStatus.CALLED, TicketStatus.SERVING)


@dataclass(frozen=True)
class TicketInfo:
    """One ticket as the screens see it."""

    id: int
    label: str  # e.g. "A-007"
    service_code: str
    service_name_id: str
    service_name_en: str
    day: date
    seq: int
    status: TicketStatus
    priority: bool
    issued_at: datetime  # UTC
    queue_time: datetime  # UTC; the original issue time, kept through a transfer
    called_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    counter_number: int | None = None
    officer: str | None = None
    recall_count: int = 0
    source: str = "kiosk"
    transferred_from_id: int | None = None


@dataclass(frozen=True)
class IssuedTicket:
    """The result of issuing a ticket: the ticket and what to print on it."""

    ticket: TicketInfo
    people_ahead: int
    wait: WaitRange
    site_name: str
    footer: str


@dataclass(frozen=True)
class CallResult:
    """What a counter action left at the counter.

    ``ticket`` is the ticket now at the counter (``None`` when nobody was waiting);
    ``finished`` is the visit that calling next closed on the way, if any.
    """

    counter_number: int
    ticket: TicketInfo | None
    finished: TicketInfo | None = None


@dataclass(frozen=True)
class CounterState:
    """One counter in the snapshot."""

    number: int
    name: str
    active: bool
    paused: bool
    pause_reason: str | None
    officer: str | None
    service_codes: tuple[str, ...]
    current: TicketInfo | None


@dataclass(frozen=True)
class CallRecord:
    """One call (or recall) in the recent-calls history."""

    event_id: int
    label: str
    service_code: str
    counter_number: int
    counter_name: str
    kind: str  # called or recalled
    at: datetime


@dataclass(frozen=True)
class ServiceQueue:
    """One service in the snapshot: how many wait and whether a ticket can be taken."""

    code: str
    name_id: str
    name_en: str
    description_id: str
    description_en: str
    colour: str
    active: bool
    waiting: int
    wait: WaitRange  # for a visitor who takes a ticket now
    issued_today: int
    daily_quota: int | None
    target_wait_min: int
    target_service_min: int
    unavailable_reason: str | None  # None when a ticket can be taken; closed, quota, inactive
    opens_at: str | None = None  # next opening time today ("08:00") when closed
    next_labels: tuple[str, ...] = ()  # the first waiting numbers, in the order they will be called
    opens_next: datetime | None = None  # when closed: the next opening, site-local (aware)


@dataclass(frozen=True)
class Snapshot:
    """Everything a screen shows, read in one short transaction."""

    day: date
    taken_at: datetime
    site_name: str
    counters: tuple[CounterState, ...]
    recent_calls: tuple[CallRecord, ...]
    services: tuple[ServiceQueue, ...]
    last_event_id: int = 0
    settings: SiteSettings = field(default_factory=SiteSettings)


@dataclass(frozen=True)
class CounterFigures:
    """Today's figures for one counter."""

    served: int
    no_shows: int
    average_service_min: float | None


@dataclass(frozen=True)
class OfficerInfo:
    """An officer as the apps see it (never the password hash)."""

    id: int
    username: str
    display_name: str
    role: str
    active: bool
