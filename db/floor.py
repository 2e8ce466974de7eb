"""The live floor the supervisor watches: every service and counter, and what stands out.

:func:`read_floor` reads it in the caller's read transaction with a handful of grouped
statements, whatever the number of services, counters and tickets: the settings (and the
office clock), the services with today's numbers and overrides, the waiting queues, the
first calls of the day, the counters with their visits, the counters' last idle-starting
events, and the apps' heartbeats. :func:`alerts` is pure: the console recomputes it
every second from the last :class:`Floor` (ages move with the clock), never touching
the database. Reading the floor needs no role (a display could show it); acting does
(``db.supervise``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, bindparam, case, func, select
from sqlalchemy.orm import Session

from db import heartbeat
from db import statements as sql
from db.database import Database
from db.heartbeat import AppBeat
from db.queue import _by_counter, driver_reads, effective_quota, service_open, site_now
from db.records import OPEN_STATES, TicketStatus
from db.sitetime import parse_hhmm, zone

#: A counter idle this long while its services have visitors waiting is an alert.
IDLE_ALERT = timedelta(minutes=2)
#: A visit served longer than this many times its service's standard is an alert.
LONG_VISIT_FACTOR = 2

SERVICE_LATE = "service_late"
COUNTER_IDLE = "counter_idle"
VISIT_LONG = "visit_long"
APP_QUIET = "app_quiet"
ALERT_KINDS = (SERVICE_LATE, COUNTER_IDLE, VISIT_LONG, APP_QUIET)


def _minutes(delta: timedelta) -> float:
    return delta.total_seconds() / 60


@dataclass(frozen=True)
class ServiceFloor:
    """One service on the floor: its queue now and how today went against its standard."""

    code: str
    name_id: str
    name_en: str
    colour: str
    open: bool  # taking tickets now (hours + today's override + active)
    open_override: bool | None  # the supervisor's "open/close now" for today, if any
    waiting: int  # waiting now
    oldest_queue_time: datetime | None  # UTC queue_time of the longest-waiting one
    target_wait_min: int
    target_service_min: int
    called_today: int  # visitors of today called at least once
    called_within_standard: int  # of those, first call - queue_time <= target_wait_min
    issued_today: int
    quota: int | None  # effective today (override or the service's)
    quota_override: int | None

    def within_share(self) -> float | None:
        """The share (0–1) of today's called visitors called within the standard; None before any."""
        return self.called_within_standard / self.called_today if self.called_today else None

    def oldest_wait_min(self, now: datetime) -> float | None:
        """How long the longest-waiting visitor has waited at ``now`` (minutes); None when nobody waits."""
        if self.oldest_queue_time is None:
            return None
        return max(_minutes(now - self.oldest_queue_time), 0.0)


@dataclass(frozen=True)
class CounterFloor:
    """One counter on the floor: who is there, what it is doing, and since when."""

    number: int
    name: str
    active: bool
    officer: str | None  # display name of who is signed in
    state: str  # 'closed' (nobody signed in, or inactive) | 'idle' | 'called' | 'serving' | 'paused'
    pause_reason: str | None
    ticket_id: int | None
    ticket_label: str | None
    ticket_service: str | None
    since: datetime | None  # called_at ('called') / started_at ('serving'), UTC
    target_service_min: int | None  # of the current ticket's service
    idle_since: datetime | None  # 'idle': last visit closed at it today, or sign-in / resume time
    services: tuple[str, ...]  # codes it serves, in order
    waiting_for_it: int  # visitors waiting for any of its services


@dataclass(frozen=True)
class Alert:
    """Something on the floor that needs the supervisor's eye."""

    kind: str  # 'service_late' | 'counter_idle' | 'visit_long' | 'app_quiet'
    subject: str  # service code, counter number as text, or "kind|pc|counter"
    minutes: float  # how far past (late/long/quiet) or how long idle


@dataclass(frozen=True)
class Floor:
    """The whole floor at one moment (one read transaction)."""

    now: datetime  # office clock when read (UTC)
    day: date
    services: tuple[ServiceFloor, ...]
    counters: tuple[CounterFloor, ...]
    apps: tuple[AppBeat, ...]
    notice_id: str
    notice_en: str


# -- statements (built once) ------------------------------------------------------------------

T = sql.TICKETS
EVENTS = sql.EVENTS

# Per service, the visitors waiting now and the queue time of the longest-waiting one.
WAITING_NOW = (
    select(T.c.service_id, func.count(), func.min(T.c.queue_time))
    .where(sql.WAITING, T.c.day == bindparam("day"))
    .group_by(T.c.service_id)
)

# Kinds of event after which a counter stands idle: a visit closed at it, an officer seated, a pause over.
IDLE_FROM = ("finished", "no_show", "transferred", "cancelled", "signed_in", "resumed")
# Per counter, the last of those today.
LAST_IDLE_START = (
    select(EVENTS.c.counter_id, func.max(EVENTS.c.at))
    .where(EVENTS.c.day == bindparam("day"), EVENTS.c.kind.in_(IDLE_FROM), EVENTS.c.counter_id.is_not(None))
    .group_by(EVENTS.c.counter_id)
)


def _first_calls(dialect: str) -> Any:
    """Per service: today's visitors called at least once, and how many of them were first
    called within the service's standard (rounded to the second).

    The first call is a ticket's earliest ``called`` event (a recall is ``recalled``; a
    ticket reactivated and called again keeps its first call). A visitor a counter sent on
    to another service (the new ticket's origin was served) is counted where first called,
    not again in the new service, whose queue time would include the first visit.
    """
    first = (
        select(EVENTS.c.ticket_id, func.min(EVENTS.c.at).label("first_at"))
        .where(EVENTS.c.day == bindparam("day"), EVENTS.c.kind == "called", EVENTS.c.ticket_id.is_not(None))
        .group_by(EVENTS.c.ticket_id)
        .subquery("first_call")
    )
    origin = T.alias("origin")
    waited: ColumnElement[Any] = sql._seconds_between(dialect, T.c.queue_time, first.c.first_at)
    within = func.round(waited) <= sql.SERVICES.c.target_wait_min * 60
    return (
        select(T.c.service_id, func.count(), func.coalesce(func.sum(case((within, 1), else_=0)), 0))
        .select_from(
            first.join(T, T.c.id == first.c.ticket_id)
            .join(sql.SERVICES, sql.SERVICES.c.id == T.c.service_id)
            .outerjoin(origin, origin.c.id == T.c.transferred_from_id)
        )
        .where(origin.c.started_at.is_(None))
        .group_by(T.c.service_id)
    )


FIRST_CALLS = {"sqlite": _first_calls("sqlite"), "postgresql": _first_calls("postgresql")}


# -- reading ----------------------------------------------------------------------------------


def floor(db: Database) -> Floor:
    """The floor now, read in one read transaction."""
    with db.read() as s:
        return read_floor(s)


def read_floor(s: Session) -> Floor:
    """:func:`floor` inside the caller's read transaction (seven statements whatever the size),
    the prebuilt ones on the driver's cursor (``db.queue.driver_reads``): the supervisor's
    window reads it on every change."""
    with driver_reads(s) as c:
        now, day, st = site_now(c)
        local_now = now.astimezone(st.zone)
        service_rows = c.execute(sql.SERVICES_TODAY, {"day": day}).all()
        waiting = {sid: (int(n), oldest) for sid, n, oldest in c.execute(WAITING_NOW, {"day": day})}
        calls = {sid: (int(n), int(ok)) for sid, n, ok in c.execute(FIRST_CALLS[c.dialect.name], {"day": day})}
        idle_from: dict[int, datetime] = {cid: at for cid, at in c.execute(LAST_IDLE_START, {"day": day})}
        counter_rows = c.execute(sql.COUNTER_LOAD).all()
    services = []
    codes: dict[int, str] = {}
    targets: dict[int, int] = {}
    for v in service_rows:
        codes[v.id] = v.code
        targets[v.id] = v.target_service_min
        n_waiting, oldest = waiting.get(v.id, (0, None))
        called, within = calls.get(v.id, (0, 0))
        services.append(ServiceFloor(
            code=v.code, name_id=v.name_id, name_en=v.name_en, colour=v.colour,
            open=service_open(v, local_now)[0], open_override=v.open_override,
            waiting=n_waiting, oldest_queue_time=oldest,
            target_wait_min=v.target_wait_min, target_service_min=v.target_service_min,
            called_today=called, called_within_standard=within,
            issued_today=v.issued_today or 0, quota=effective_quota(v), quota_override=v.quota_override,
        ))
    day_start = _day_start(day, st.timezone, st.day_reset)
    counters = tuple(
        _counter_floor(rows, codes, targets, waiting, idle_from.get(rows[0].id), day_start)
        for rows in _by_counter(counter_rows)
    )
    return Floor(
        now=now, day=day, services=tuple(services), counters=counters, apps=tuple(heartbeat.read(s)),
        notice_id=st.notice("id", day), notice_en=st.notice("en", day),
    )


def _day_start(day: date, timezone: str, day_reset: str) -> datetime:
    """When business day ``day`` began (UTC): the site's reset time on that date."""
    return datetime.combine(day, parse_hhmm(day_reset), tzinfo=zone(timezone)).astimezone(UTC)


def _counter_floor(
    rows: list[Any], codes: dict[int, str], targets: dict[int, int],
    waiting: dict[int, tuple[int, datetime | None]], last_idle_start: datetime | None, day_start: datetime,
) -> CounterFloor:
    """One counter from its ``statements.COUNTER_LOAD`` rows (one per service it serves)."""
    c = rows[0]
    served = [r.service_id for r in rows if r.service_id is not None and r.service_id in codes]
    current = c.t_id is not None and c.t_status in OPEN_STATES
    if c.officer_id is None or not c.active:
        state = "closed"
    elif c.paused:
        state = "paused"
    elif current:
        state = "serving" if c.t_status == TicketStatus.SERVING else "called"
    else:
        state = "idle"
    since = (c.t_started_at if c.t_status == TicketStatus.SERVING else c.t_called_at) if current else None
    return CounterFloor(
        number=c.number, name=c.name, active=bool(c.active),
        officer=c.officer_name if c.officer_id is not None else None,
        state=state, pause_reason=c.pause_reason if c.paused else None,
        ticket_id=c.t_id if current else None, ticket_label=c.t_label if current else None,
        ticket_service=c.t_service_code if current else None, since=since,
        target_service_min=targets.get(c.t_service_id) if current else None,
        # Seated since an earlier business day with nothing closed today: idle since the day began.
        idle_since=max(last_idle_start or day_start, day_start) if state == "idle" else None,
        services=tuple(codes[sid] for sid in served),
        waiting_for_it=sum(waiting.get(sid, (0, None))[0] for sid in served),
    )


# -- alerts -----------------------------------------------------------------------------------


def alerts(floor: Floor, now: datetime) -> list[Alert]:
    """What stands out on ``floor`` at ``now`` (pure: no database), in a stable order.

    - ``service_late``: the oldest wait is past the service's ``target_wait_min``;
    - ``counter_idle``: a counter idle for more than :data:`IDLE_ALERT` while visitors wait
      for one of its services (``minutes``: how long idle);
    - ``visit_long``: a visit served longer than :data:`LONG_VISIT_FACTOR` × its standard;
    - ``app_quiet``: an app's heartbeat older than ``heartbeat.QUIET_AFTER``.
    Except for ``counter_idle``, ``minutes`` is how far past the limit.
    """
    found: list[Alert] = []
    for v in floor.services:
        waited = v.oldest_wait_min(now)
        if waited is not None and waited > v.target_wait_min:
            found.append(Alert(SERVICE_LATE, v.code, waited - v.target_wait_min))
    for c in floor.counters:
        if c.state == "idle" and c.idle_since is not None and c.waiting_for_it > 0 and now - c.idle_since > IDLE_ALERT:
            found.append(Alert(COUNTER_IDLE, str(c.number), _minutes(now - c.idle_since)))
        if c.state == "serving" and c.since is not None and c.target_service_min is not None:
            served = _minutes(now - c.since)
            limit = LONG_VISIT_FACTOR * c.target_service_min
            if served > limit:
                found.append(Alert(VISIT_LONG, str(c.number), served - limit))
    for b in floor.apps:
        if b.quiet(now):
            subject = f"{b.kind}|{b.pc}|{'' if b.counter is None else b.counter}"
            found.append(Alert(APP_QUIET, subject, _minutes(now - b.last_seen - heartbeat.QUIET_AFTER)))
    return found
