"""The definitions every report uses, in one place (the README's "Laporan" repeats them).

- **Visit**: one ticket row. A transfer closes the ticket (``transferred``) and opens a
  new one in the target service; each counts as a visit of its own service.
- **Entry into the queue**: the ticket's ``queue_time``. A transfer keeps it: the new
  ticket's entry is the visitor's first entry, so its wait counts from then.
- **Waiting time** = first call − entry into the queue (the ``called`` event; a recall
  does not move the first call). A booked visitor's entry is the booked time (their
  ticket's queue time): one called before it waited 0 minutes.
- **Booked visitor**: a ticket checked in from a booking within its window (``source``
  ``booking``); every other new ticket is a walk-in (a visitor who came after the
  booking's window got an ordinary ticket). Each visitor counts once: a transfer's new
  ticket is not a new visitor.
- **Service time** = finish − start, for visits closed as done (``started`` event, or
  the call when the officer finished without starting; ``finished`` event).
- **Meets the standard**: first called within the service's ``target_wait_min``
  (a wait equal to the target meets it). The share is met ÷ measured, where *measured*
  counts every called visit, and every visit that left the queue uncalled (cancelled or
  expired) after the target had passed (not met). Visits cancelled earlier and visits
  still waiting are not measured.
- **No-show rate** = no-shows ÷ (served + no-shows).
- **Idle time of a counter** = time an officer is signed in there, the counter is not
  paused and nobody is called or served at it (``db.reports.idle``).
- **Median**: the middle value (the mean of the two middle ones for an even count).
  **90th percentile**: nearest rank, the smallest value with at least 90 % of the values
  at or below it (``sorted[ceil(0.9 n) − 1]``).
- Times are shown in the site's time zone; a visit belongs to its ticket's business day.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

#: Ticket states a visit can end in, as ``tickets.status`` stores them.
DONE, NO_SHOW, CANCELLED, TRANSFERRED, EXPIRED = "done", "no_show", "cancelled", "transferred", "expired"
#: ``tickets.source`` of a booked visitor's ticket.
BOOKING = "booking"


@dataclass(frozen=True)
class Visit:
    """One ticket as the reports need it (times UTC, aware)."""

    ticket_id: int
    service_id: int
    day: date
    status: str
    priority: bool
    source: str
    transferred_in: bool  # opened by a transfer from another service
    queue_time: datetime
    issued_at: datetime
    first_called_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    counter_id: int | None
    officer_id: int | None
    recall_count: int
    transferred_to: int | None  # the target service of a transferred visit


def minutes(later: datetime, earlier: datetime) -> float:
    """``later − earlier`` in minutes."""
    return (later - earlier).total_seconds() / 60


def waiting_min(v: Visit) -> float | None:
    """Waiting time in minutes (first call − entry into the queue), ``None`` if never called.

    Never below 0: a booked visitor's entry is the booked time, and one who checked in
    early may be called before it when nobody else waits."""
    return None if v.first_called_at is None else max(0.0, minutes(v.first_called_at, v.queue_time))


def service_min(v: Visit) -> float | None:
    """Service time in minutes (finish − start) of a visit closed as done, else ``None``."""
    if v.status != DONE or v.finished_at is None:
        return None
    start = v.started_at or v.first_called_at
    return None if start is None else minutes(v.finished_at, start)


def meets_standard(v: Visit, target_wait_min: int) -> bool | None:
    """Whether the visit met the service standard; ``None`` when it is not measured."""
    wait = waiting_min(v)
    if wait is not None:
        return wait <= target_wait_min
    if v.status in (CANCELLED, EXPIRED) and v.finished_at is not None \
            and minutes(v.finished_at, v.queue_time) > target_wait_min:
        return False
    return None


def no_show_rate(served: int, no_shows: int) -> float | None:
    """no-shows ÷ (served + no-shows), ``None`` when both are zero."""
    total = served + no_shows
    return no_shows / total if total else None


def share(part: int, whole: int) -> float | None:
    """``part ÷ whole``, ``None`` when ``whole`` is zero."""
    return part / whole if whole else None


def median(values: Sequence[float]) -> float | None:
    """The middle value (mean of the two middle ones), ``None`` for no values."""
    if not values:
        return None
    s = sorted(values)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def percentile(values: Sequence[float], p: float) -> float | None:
    """Nearest-rank percentile ``p`` (0–100]: ``sorted[ceil(p/100 · n) − 1]``."""
    if not values:
        return None
    s = sorted(values)
    return s[max(math.ceil(p / 100 * len(s)), 1) - 1]


def mean(values: Sequence[float]) -> float | None:
    """The arithmetic mean, ``None`` for no values."""
    return sum(values) / len(values) if values else None
