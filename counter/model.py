"""What one counter window shows, read in the background, and which actions fit its state.

No Qt here: :func:`read_view` runs on the task runner's thread, the rules are plain
functions the window and the tests share.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from db import stats
from db.clock import utcnow
from db.database import Database
from db.errors import NotFound
from db.records import CounterFigures, CounterState, ServiceQueue, TicketInfo, TicketStatus
from db.sitetime import DEFAULT_TZ, zone

# Counter states, from the officer's point of view.
OFFLINE = "offline"
PAUSED = "paused"
IDLE = "idle"  # nobody at the counter
CALLED = TicketStatus.CALLED  # a ticket's status doubles as the counter's state
SERVING = TicketStatus.SERVING

# Actions, in the order of their buttons.
CALL_NEXT = "call_next"
RECALL = "recall"
START = "start"
FINISH = "finish"
NO_SHOW = "no_show"
TRANSFER = "transfer"
CALL_CHOSEN = "call_chosen"
PAUSE = "pause"  # pause or resume (one key, F8)
ACTIONS = (CALL_NEXT, RECALL, START, FINISH, NO_SHOW, TRANSFER, CALL_CHOSEN, PAUSE)

#: ``TicketInfo.source`` of a booked visitor's ticket (checked in within the booking's window).
BOOKING = "booking"


@dataclass(frozen=True)
class CounterView:
    """Everything the counter window shows, as of one background read."""

    counter: CounterState
    waiting: tuple[TicketInfo, ...]
    services: tuple[ServiceQueue, ...]
    figures: CounterFigures
    site_name: str
    timezone: str
    taken_at: datetime
    # The office clock (the server's on PostgreSQL) minus this PC's clock, as of the read:
    # running times on screen are counted on the clock that stamped the tickets.
    clock_offset: timedelta = timedelta(0)

    def now(self) -> datetime:
        """Now by the office clock (this PC's clock corrected by :attr:`clock_offset`)."""
        return utcnow() + self.clock_offset

    @property
    def current(self) -> TicketInfo | None:
        """The ticket at the counter (called or being served), if any."""
        return self.counter.current

    def service(self, code: str) -> ServiceQueue | None:
        """One service of the snapshot by its code."""
        return next((s for s in self.services if s.code == code), None)

    def with_counter(self, **changes: object) -> CounterView:
        """A copy whose counter state has ``changes`` (after an action, before the re-read)."""
        return replace(self, counter=replace(self.counter, **changes))  # type: ignore[arg-type]


def read_view(db: Database, counter_number: int) -> CounterView:
    """Read the counter's view (runs off the UI thread): snapshot, waiting list, figures."""
    snap, waiting, figures = stats.counter_desk(db, counter_number)
    state = next((c for c in snap.counters if c.number == counter_number), None)
    if state is None:
        raise NotFound(f"counter {counter_number} does not exist")
    return CounterView(
        counter=state,
        waiting=tuple(waiting),
        services=snap.services,
        figures=figures,
        site_name=snap.site_name,
        timezone=snap.settings.timezone,
        taken_at=snap.taken_at,
        clock_offset=snap.taken_at - utcnow(),
    )


def counter_state(online: bool, paused: bool, current: TicketInfo | None) -> str:
    """The state the officer sees: offline, paused, idle, called or serving.

    ``paused`` wins over the ticket: a paused counter may still finish its current visit,
    but it calls nobody.
    """
    if not online:
        return OFFLINE
    if paused:
        return PAUSED
    if current is None or current.status not in (CALLED, SERVING):
        return IDLE
    return current.status


def blocked_reason(action: str, *, online: bool, paused: bool, current: TicketInfo | None,
                   has_selection: bool = True) -> str | None:
    """Why ``action`` cannot run now (a text key), or ``None`` when it can.

    The rules follow the core: calling ends the current visit (one only called is closed
    as the officer chooses, see :func:`needs_close_choice`); recall, start and no-show
    need a called ticket; finish and transfer need a called or served one; a paused
    counter calls nobody but may finish its visit; a counter with a visitor called or
    being served cannot pause (resuming is always possible).
    """
    if not online:
        return "counter.why.offline"
    status = current.status if current is not None and current.status in (CALLED, SERVING) else None
    if action in (CALL_NEXT, CALL_CHOSEN):
        if paused:
            return "counter.why.paused"
        if action == CALL_CHOSEN and not has_selection:
            return "counter.why.no_selection"
        return None
    if action in (RECALL, START, NO_SHOW):
        if status is None:
            return "counter.why.no_visitor"
        return None if status == CALLED else "counter.why.not_called"
    if action in (FINISH, TRANSFER):
        return None if status is not None else "counter.why.no_visitor"
    if action == PAUSE:
        return "counter.why.close_first" if status is not None and not paused else None
    raise ValueError(f"unknown action '{action}'")


def needs_close_choice(current: TicketInfo | None) -> bool:
    """Whether calling now would close a visit only called, never started: the officer then
    chooses how it ends (no-show or done) before anyone else is called."""
    return current is not None and current.status == CALLED


def overdue_minutes(ticket: TicketInfo, service: ServiceQueue | None, now: datetime) -> int:
    """Minutes past the service's target waiting time (0 while within it)."""
    if service is None or service.target_wait_min <= 0:
        return 0
    waited = (now - ticket.queue_time).total_seconds() / 60
    return max(0, int(waited - service.target_wait_min)) if waited > service.target_wait_min else 0


def is_overdue(ticket: TicketInfo, service: ServiceQueue | None, now: datetime) -> bool:
    """Whether the ticket has waited longer than its service's target (``target_wait_min``)."""
    if service is None or service.target_wait_min <= 0:
        return False
    return (now - ticket.queue_time).total_seconds() > service.target_wait_min * 60


def booked_time(ticket: TicketInfo, timezone: str = DEFAULT_TZ) -> datetime | None:
    """The booked local time of a booked visitor's ticket, None for any other ticket.

    A booked ticket's queue time is the booked time (its place in the queue), so the mark
    and the calling order tell the same story; a transfer keeps both. A visitor who came
    after the booking's window got an ordinary ticket and carries no mark.
    """
    if ticket.source != BOOKING:
        return None
    return ticket.queue_time.astimezone(zone(timezone))
