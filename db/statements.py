"""The hot paths' SQL, built once at import.

Building a SQLAlchemy statement costs several times executing it (about 350 µs against
50 µs here): ``issue_ticket`` and ``call_next`` run these prebuilt statements with bound
parameters on a bare connection, so each execution only looks up its compiled form.
``FOR UPDATE`` clauses render on PostgreSQL only; SQLite's ``BEGIN IMMEDIATE`` already
holds the write lock.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    CompoundSelect,
    FromClause,
    Integer,
    Join,
    Select,
    Table,
    Text,
    TextClause,
    and_,
    bindparam,
    cast,
    func,
    insert,
    literal_column,
    null,
    select,
    text,
    true,
    union_all,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import ReturningInsert
from sqlalchemy.sql.selectable import NamedFromClause

from db.models import (
    Base,
    Counter,
    CounterService,
    DaySequence,
    Officer,
    Service,
    ServiceDay,
    Setting,
    Ticket,
    TicketEvent,
)


def _table(model: type[Base]) -> Table:
    """A model's table, typed as the ``Table`` it is (``__table__`` is declared a ``FromClause``)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


TICKETS = _table(Ticket)
COUNTERS = _table(Counter)
SERVICES = _table(Service)
EVENTS = _table(TicketEvent)
COUNTER_SERVICES = _table(CounterService)
OFFICERS = _table(Officer)
DAY_SEQUENCES = _table(DaySequence)
SERVICE_DAYS = _table(ServiceDay)

# Literal (not bound) so SQLite's planner can match the partial index ix_ticket_waiting.
WAITING = text("tickets.status = 'waiting'")

SETTINGS = _table(Setting)
# The settings in key order, each value as its stored JSON text: every operation reads
# them first, inside the write lock, and decoding 28 JSON values took as long as the
# rest of the read; ``queue.read_settings`` decodes them only when the text changed.
_SETTING_TEXT = cast(SETTINGS.c.value, Text).label("value")
ALL_SETTINGS = select(SETTINGS.c.key, _SETTING_TEXT).order_by(SETTINGS.c.key)
# PostgreSQL: the server's "now" (the transaction's start) with the settings, in the one
# statement every operation already sends first; one row even when no setting is stored.
_ONE_ROW = select(literal_column("1").label("one")).subquery("one_row")
SERVER_NOW = select(func.now())
SETTINGS_AND_NOW = (
    select(func.now().label("now"), SETTINGS.c.key, _SETTING_TEXT)
    .select_from(_ONE_ROW.outerjoin(SETTINGS, true()))
    .order_by(SETTINGS.c.key)
)
# A service's row for business day ``:day`` joined on, so its columns come with today's
# override by the supervisor (``open_override``, ``quota_override``; NULL without one).
_WITH_TODAY = (SERVICE_DAYS.c.open_override, SERVICE_DAYS.c.quota_override)
_TODAYS_ROW = (SERVICE_DAYS.c.service_id == SERVICES.c.id) & (SERVICE_DAYS.c.day == bindparam("day"))
# Every service with today's override (the wait estimate's services; one statement).
ALL_SERVICES = select(SERVICES, *_WITH_TODAY).outerjoin(SERVICE_DAYS, _TODAYS_ROW)
# The one service ``:code`` with today's override: issue_ticket's read inside the write lock.
SERVICE_TODAY = ALL_SERVICES.where(SERVICES.c.code == bindparam("code"))


def _next_number(dialect_insert: Callable[[Table], Any]) -> ReturningInsert[Any]:
    stmt = dialect_insert(DAY_SEQUENCES).values(
        service_id=bindparam("service_id"), day=bindparam("day"), last_seq=1
    )
    return stmt.on_conflict_do_update(
        index_elements=[DAY_SEQUENCES.c.service_id, DAY_SEQUENCES.c.day],
        set_={"last_seq": DAY_SEQUENCES.c.last_seq + 1},
    ).returning(DAY_SEQUENCES.c.last_seq)


# The number upsert is dialect-specific SQL (ON CONFLICT ... DO UPDATE ... RETURNING).
NEXT_NUMBER = {"postgresql": _next_number(postgresql.insert), "sqlite": _next_number(sqlite.insert)}

INSERT_TICKET = insert(TICKETS).returning(TICKETS.c.id)
INSERT_EVENT = insert(EVENTS).returning(EVENTS.c.id)
NOTIFY = text("SELECT pg_notify(:channel, :payload)")


def _seconds_between(dialect: str, start: ColumnElement[Any], end: ColumnElement[Any]) -> ColumnElement[Any]:
    """``end - start`` in seconds, computed by the database."""
    if dialect == "sqlite":
        return (func.julianday(end) - func.julianday(start)) * 86400.0
    return func.extract("epoch", end - start)


def _observed_calls(dialect: str) -> Select[Any]:
    """Per service, its last ``window`` visits closed today (done or no-show, newest first),
    each read in order from the day/service/status index: the ``window`` last of each
    status, then the ``window`` last of those. (Ranking every visit closed today with a
    window function walked the whole day: 6.7 ms at 2,100 visits, on every slip.)"""
    served = SERVICES.alias("served")
    window = bindparam("window", type_=Integer)

    def last_closed(status: str) -> Select[Any]:
        return (
            select(TICKETS.c.called_at, TICKETS.c.finished_at)
            .where(
                TICKETS.c.day == bindparam("day"),
                TICKETS.c.service_id == served.c.id,
                TICKETS.c.status == literal_column(f"'{status}'"),
                TICKETS.c.finished_at >= TICKETS.c.called_at,
            )
            .order_by(TICKETS.c.finished_at.desc())
            .limit(window)
            .correlate(served)
        )

    def recent() -> Any:
        closed = union_all(*(select(last_closed(status).subquery()) for status in ("done", "no_show"))).subquery()
        return select(closed).order_by(closed.c.finished_at.desc()).limit(window).subquery("recent")

    timed = recent()
    seconds = _seconds_between(dialect, timed.c.called_at, timed.c.finished_at)
    return select(
        served.c.id,
        select(func.avg(seconds)).scalar_subquery(),
        select(func.count()).select_from(recent()).scalar_subquery(),
    ).order_by(served.c.id)


# Per service, today's counter time per call in seconds (from the call to the visit's end,
# no-shows included) over its last ``window`` closed visits, and how many visits that is:
# rows (service_id, mean seconds, visits); a service without any has (service_id, None, 0).
# The wait estimate's evidence (``db.estimate``).
OBSERVED_CALLS = {"postgresql": _observed_calls("postgresql"), "sqlite": _observed_calls("sqlite")}


def _today_queues(ahead_of_ticket: bool) -> Select[Any]:
    """Today's queues per (service, priority): rows (service_id, priority, waiting, oldest
    queue time, newest queue time, tickets issued since ``:since``).

    With ``ahead_of_ticket`` only the waiting tickets called before ticket ``:ticket_id``
    (queued at ``:queue_time``, priority ``:priority``) count as waiting: every priority
    ticket ahead of an ordinary one, then those queued before it (``call_order``). Read
    after the ticket's commit, so a ticket issued a moment later is not counted ahead.

    Two parts, each from its own index, so neither walks the day's history (one pass over
    every ticket of the day cost 1 ms at 2,000 tickets, on every ticket's slip): the
    waiting tickets from the partial waiting index, the recent arrivals from the
    arrivals index. A (service, priority) with neither has no row.
    """
    ahead: ColumnElement[bool] | TextClause = WAITING
    if ahead_of_ticket:
        ahead = and_(WAITING, (
            (TICKETS.c.priority & ~bindparam("priority", type_=Boolean))
            | (TICKETS.c.queue_time < bindparam("queue_time"))
            | ((TICKETS.c.queue_time == bindparam("queue_time")) & (TICKETS.c.id < bindparam("ticket_id")))
        ))
    zero = literal_column("0", Integer)
    waiting = (
        select(TICKETS.c.service_id, TICKETS.c.priority, func.count().label("waiting"),
               func.min(TICKETS.c.queue_time).label("oldest"), func.max(TICKETS.c.queue_time).label("newest"),
               zero.label("arrived"))
        .where(ahead, TICKETS.c.day == bindparam("day"))
        .group_by(TICKETS.c.service_id, TICKETS.c.priority)
    )
    no_time = cast(null(), TICKETS.c.queue_time.type)
    arrived = (
        select(TICKETS.c.service_id, TICKETS.c.priority, zero, no_time, no_time, func.count())
        .where(TICKETS.c.day == bindparam("day"), TICKETS.c.issued_at >= bindparam("since"))
        .group_by(TICKETS.c.service_id, TICKETS.c.priority)
    )
    both = union_all(waiting, arrived).subquery("queues")
    return (
        select(both.c.service_id, both.c.priority, cast(func.sum(both.c.waiting), Integer), func.min(both.c.oldest),
               func.max(both.c.newest), cast(func.sum(both.c.arrived), Integer))  # PostgreSQL sums counts as numeric
        .group_by(both.c.service_id, both.c.priority)
    )


# Today's queues as the screens see them (every waiting ticket), and as a new ticket's
# slip sees them (those ahead of it); see _today_queues.
TODAY_QUEUES = _today_queues(False)
QUEUES_AHEAD = _today_queues(True)

# The columns of a ticket a screen shows (``records.TicketInfo``), read from ``table``.
TICKET_FIELDS = (
    "id", "label", "day", "seq", "status", "priority", "issued_at", "queue_time", "called_at",
    "started_at", "finished_at", "recall_count", "source", "transferred_from_id",
)


def _ticket_columns(table: FromClause, prefix: str = "") -> tuple[ColumnElement[Any], ...]:
    """A ticket's screen columns, its service's code and names, the number of the counter
    it is at and its officer's name; join with :func:`_ticket_joins`."""
    at, by, svc = _ticket_aliases(prefix)
    return (
        *(table.c[f].label(prefix + f) for f in TICKET_FIELDS),
        svc.c.code.label(prefix + "service_code"),
        svc.c.name_id.label(prefix + "service_name_id"),
        svc.c.name_en.label(prefix + "service_name_en"),
        at.c.number.label(prefix + "counter_number"),
        by.c.display_name.label(prefix + "officer"),
    )


_ALIASES: dict[str, tuple[NamedFromClause, NamedFromClause, NamedFromClause]] = {}


def _ticket_aliases(prefix: str) -> tuple[NamedFromClause, NamedFromClause, NamedFromClause]:
    """The counter, officer and service a ticket's columns are joined with (one set per prefix)."""
    if prefix not in _ALIASES:
        _ALIASES[prefix] = (COUNTERS.alias(prefix + "at_counter"), OFFICERS.alias(prefix + "by_officer"),
                            SERVICES.alias(prefix + "of_service"))
    return _ALIASES[prefix]


def _ticket_joins(joined: FromClause, table: FromClause, prefix: str = "") -> Join:
    at, by, svc = _ticket_aliases(prefix)
    return (
        joined.outerjoin(svc, svc.c.id == table.c.service_id)
        .outerjoin(at, at.c.id == table.c.counter_id)
        .outerjoin(by, by.c.id == table.c.officer_id)
    )


_CURRENT = TICKETS.alias("cur_ticket")
# Every counter with its officer, the services it serves (one row per counter and service,
# in the counter's order; a counter serving none comes once with NULL) and the visit at it
# now with everything a screen shows of it (columns ``t_…``, NULL when it is free). The
# wait estimate reads it on the hot path (``issue_ticket``), the snapshot everywhere.
COUNTER_LOAD = (
    select(
        COUNTERS.c.id,
        COUNTERS.c.number,
        COUNTERS.c.name,
        COUNTERS.c.active,
        COUNTERS.c.paused,
        COUNTERS.c.pause_reason,
        COUNTERS.c.officer_id,
        COUNTERS.c.call_rule,
        OFFICERS.c.display_name.label("officer_name"),
        COUNTER_SERVICES.c.service_id,
        _CURRENT.c.service_id.label("t_service_id"),
        *_ticket_columns(_CURRENT, "t_"),
    )
    .select_from(
        _ticket_joins(
            COUNTERS.outerjoin(OFFICERS, OFFICERS.c.id == COUNTERS.c.officer_id)
            .outerjoin(COUNTER_SERVICES, COUNTER_SERVICES.c.counter_id == COUNTERS.c.id)
            .outerjoin(_CURRENT, _CURRENT.c.id == COUNTERS.c.current_ticket_id),
            _CURRENT,
            "t_",
        )
    )
    .order_by(COUNTERS.c.number, COUNTER_SERVICES.c.position)
)

# COUNTER_LOAD's columns the wait estimate reads, and nothing else (``issue_ticket``).
COUNTER_LOAD_FOR_ESTIMATE = (
    select(
        COUNTERS.c.id,
        COUNTERS.c.active,
        COUNTERS.c.paused,
        COUNTERS.c.officer_id,
        COUNTERS.c.call_rule,
        COUNTER_SERVICES.c.service_id,
        _CURRENT.c.service_id.label("t_service_id"),
        _CURRENT.c.status.label("t_status"),
        _CURRENT.c.called_at.label("t_called_at"),
    )
    .outerjoin(COUNTER_SERVICES, COUNTER_SERVICES.c.counter_id == COUNTERS.c.id)
    .outerjoin(_CURRENT, _CURRENT.c.id == COUNTERS.c.current_ticket_id)
    .order_by(COUNTERS.c.number, COUNTER_SERVICES.c.position)
)

# Every service with the number of tickets issued today (NULL when none) and today's
# override by the supervisor, in screen order.
SERVICES_TODAY = (
    select(SERVICES, DAY_SEQUENCES.c.last_seq.label("issued_today"), *_WITH_TODAY)
    .outerjoin(DAY_SEQUENCES, (DAY_SEQUENCES.c.service_id == SERVICES.c.id) & (DAY_SEQUENCES.c.day == bindparam("day")))
    .outerjoin(SERVICE_DAYS, _TODAYS_ROW)
    .order_by(SERVICES.c.sort_order, SERVICES.c.code)
)

# The day's last ``:limit`` calls and recalls, newest first (the board's and counters' list).
RECENT_CALLS = (
    select(EVENTS.c.id, EVENTS.c.label, EVENTS.c.service_id, EVENTS.c.counter_id, EVENTS.c.kind, EVENTS.c.at)
    .where(EVENTS.c.day == bindparam("day"), EVENTS.c.kind.in_(("called", "recalled")))
    .order_by(EVENTS.c.id.desc())
    .limit(bindparam("limit"))
)

# The newest event: the screens' change feed goes on from it.
LAST_EVENT_ID = select(func.max(EVENTS.c.id))

OFFICER_NAME = select(OFFICERS.c.display_name).where(OFFICERS.c.id == bindparam("officer_id"))

COUNTER_BY_NUMBER = select(COUNTERS.c.id, COUNTERS.c.call_rule).where(COUNTERS.c.number == bindparam("number"))


# A counter's closed visits of a day: rows (counter id, status, started, finished); one row
# with NULL status when it has none, no row when the counter does not exist.
COUNTER_VISITS = (
    select(COUNTERS.c.id, TICKETS.c.status, TICKETS.c.started_at, TICKETS.c.finished_at)
    .select_from(
        COUNTERS.outerjoin(
            TICKETS,
            (TICKETS.c.counter_id == COUNTERS.c.id)
            & (TICKETS.c.day == bindparam("day"))
            & TICKETS.c.status.in_(("done", "no_show")),
        )
    )
    .where(COUNTERS.c.number == bindparam("number"))
)

# The counter, locked, with its officer's name (only the counter row is locked).
LOCK_COUNTER = (
    select(COUNTERS, OFFICERS.c.display_name.label("officer_name"))
    .outerjoin(OFFICERS, OFFICERS.c.id == COUNTERS.c.officer_id)
    .where(COUNTERS.c.number == bindparam("number"))
    .with_for_update(of=COUNTERS)
)
# A ticket row comes with its service's code and names (what the screens show); only the
# ticket is locked, never the service row every counter of that service reads.
_WITH_SERVICE = (
    SERVICES.c.code.label("service_code"),
    SERVICES.c.name_id.label("service_name_id"),
    SERVICES.c.name_en.label("service_name_en"),
)
LOCK_TICKET = (
    select(TICKETS, *_WITH_SERVICE)
    .join(SERVICES, SERVICES.c.id == TICKETS.c.service_id)
    .where(TICKETS.c.id == bindparam("ticket_id"))
    .with_for_update(of=TICKETS)
)


def call_order(by_service_order: bool, priority: ColumnElement[Any], position: ColumnElement[Any],
               queue_time: ColumnElement[Any], ticket_id: ColumnElement[Any]) -> list[ColumnElement[Any]]:
    """The order counters call in, for the columns given (a table's or a subquery's):
    priority tickets first; then, by the counter's rule, its services' order; then arrival."""
    return [priority.desc(), *([position] if by_service_order else []), queue_time, ticket_id]


def _heads_in_call_order() -> Select[Any]:
    """HEADS_IN_CALL_ORDER: (service id, label) of each service's first ``:count`` waiting tickets of
    ``:day``, in call order (priority first, then queue time), service by service."""
    # Within one service either call rule gives the same order (its place at a counter is
    # the same for all its tickets): the one rule, not a copy of it.
    in_call_order = call_order(False, TICKETS.c.priority, TICKETS.c.service_id, TICKETS.c.queue_time, TICKETS.c.id)
    rank = func.row_number().over(partition_by=TICKETS.c.service_id, order_by=in_call_order).label("rank")
    ranked = select(TICKETS.c.service_id, TICKETS.c.label, rank).where(WAITING, TICKETS.c.day == bindparam("day"))
    heads = ranked.subquery("heads")
    return (select(heads.c.service_id, heads.c.label).where(heads.c.rank <= bindparam("count"))
            .order_by(heads.c.service_id, heads.c.rank))


# Built once: making the subquery and its columns on every snapshot cost ~0.7 ms of Python.
HEADS_IN_CALL_ORDER = _heads_in_call_order()


def _first_waiting(tickets_joined: Select[Any], order: Sequence[ColumnElement[Any]],
                   *waiting: ColumnElement[bool] | TextClause) -> Select[Any]:
    """The first ticket ``waiting`` in ``order``, with its service, locked; tickets that other
    callers hold are skipped (``FOR UPDATE SKIP LOCKED``, PostgreSQL only)."""
    return (
        tickets_joined.join(SERVICES, SERVICES.c.id == TICKETS.c.service_id)
        .where(*waiting)
        .order_by(*order)
        .limit(1)
        .with_for_update(skip_locked=True, of=TICKETS)
    )


# A ticket of one of counter ``:counter_id``'s services, joined to that service's place there.
SERVED_HERE = (COUNTER_SERVICES.c.service_id == TICKETS.c.service_id) & (
    COUNTER_SERVICES.c.counter_id == bindparam("counter_id")
)


def _next_waiting(by_service_order: bool, *which: ColumnElement[bool] | TextClause) -> Select[Any]:
    """The first ticket in the counter's call order among those ``which`` selects."""
    return _first_waiting(
        select(TICKETS, *_WITH_SERVICE).join(COUNTER_SERVICES, SERVED_HERE),
        call_order(by_service_order, TICKETS.c.priority, COUNTER_SERVICES.c.position, TICKETS.c.queue_time, TICKETS.c.id),
        *which,
    )


# The next ticket a counter calls; keyed by whether the counter calls its services in
# their listed order (call rule ``service_order``) or longest wait first.
NEXT_WAITING = {rule: _next_waiting(rule, WAITING, TICKETS.c.day == bindparam("day")) for rule in (True, False)}

# How many tickets from the head of each queue NEXT_WAITING_HEADS considers: more than
# the counters that could be calling from one service at the same moment.
HEADS_PER_QUEUE = 16


def _next_waiting_heads(by_service_order: bool) -> Select[Any]:
    """NEXT_WAITING for PostgreSQL, reading only the heads of the counter's queues.

    NEXT_WAITING sorts every waiting ticket of the counter's services on each call (6 ms
    at 1,100 waiting). Here each service's priority and ordinary queue gives its first
    HEADS_PER_QUEUE tickets straight from the waiting index, and only those are sorted.
    ``FOR UPDATE SKIP LOCKED`` still walks the candidates in call order. If every
    candidate is locked the result is empty, and the caller asks NEXT_WAITING.
    """
    head = TICKETS.alias("head")

    def first_of(priority: bool) -> Select[Any]:
        return (
            select(head.c.id, head.c.priority, head.c.queue_time)
            .where(
                head.c.status == literal_column("'waiting'"),  # literal: the partial index must match
                head.c.day == bindparam("day"),
                head.c.service_id == COUNTER_SERVICES.c.service_id,
                head.c.priority == literal_column("true" if priority else "false"),  # indexable, unlike IS TRUE
            )
            .order_by(head.c.queue_time, head.c.id)
            .limit(HEADS_PER_QUEUE)
        )

    heads = union_all(first_of(True), first_of(False)).lateral("heads")
    candidates = (
        select(heads.c.id, heads.c.priority, heads.c.queue_time, COUNTER_SERVICES.c.position)
        .select_from(COUNTER_SERVICES.join(heads, true()))
        .where(COUNTER_SERVICES.c.counter_id == bindparam("counter_id"))
        .subquery("candidates")
    )
    return _first_waiting(
        select(TICKETS, *_WITH_SERVICE).join(candidates, candidates.c.id == TICKETS.c.id),
        call_order(by_service_order, candidates.c.priority, candidates.c.position, candidates.c.queue_time, candidates.c.id),
        # Re-checked on a row another counter called while this one waited for its lock.
        # Written so no index can serve it: the candidates must drive the join, each found
        # by its primary key. Given the waiting index here, the planner misjudged today's
        # share of a long history and walked every waiting ticket per candidate.
        (TICKETS.c.status + "") == "waiting",
    )


NEXT_WAITING_HEADS = {True: _next_waiting_heads(True), False: _next_waiting_heads(False)}


def _queue_firsts() -> CompoundSelect:
    """The id of the first ticket of each of counter ``:counter_id``'s queues (each service's
    priority and ordinary queue), for NEXT_WAITING_FIRSTS.

    A counter calls in the order of ``call_order``, and within one service's priority or
    ordinary queue that order is the waiting index's (arrival, then id). So the next ticket
    is the first of one of those queues: each is found in the index by a subquery, and only
    these few are sorted (NEXT_WAITING sorted every waiting ticket of the counter's services,
    inside the write lock). On SQLite the writer holds the whole database, so no first can
    be taken by another caller meanwhile, and the answer is exact.
    """
    served = COUNTER_SERVICES.alias("served")

    def firsts(priority: bool) -> Select[Any]:
        head = TICKETS.alias("head")
        first = (
            select(head.c.id)
            .where(
                head.c.status == literal_column("'waiting'"),  # literal: the partial index must match
                head.c.day == bindparam("day"),
                head.c.service_id == served.c.service_id,
                head.c.priority == literal_column("true" if priority else "false"),
            )
            .order_by(head.c.queue_time, head.c.id)
            .limit(1)
            .scalar_subquery()
        )
        return select(first).where(served.c.counter_id == bindparam("counter_id"))

    return union_all(firsts(True), firsts(False))


# NEXT_WAITING for SQLite: the first ticket of each of the counter's queues, sorted.
NEXT_WAITING_FIRSTS = {rule: _next_waiting(rule, TICKETS.c.id.in_(_queue_firsts())) for rule in (True, False)}

FINISH_TICKET = (
    update(TICKETS)
    .where(TICKETS.c.id == bindparam("ticket_id"))
    .values(status="done", started_at=func.coalesce(TICKETS.c.started_at, TICKETS.c.called_at), finished_at=bindparam("now"))
)
NO_SHOW_TICKET = (
    update(TICKETS).where(TICKETS.c.id == bindparam("ticket_id")).values(status="no_show", finished_at=bindparam("now"))
)
CALL_TICKET = (
    update(TICKETS)
    .where(TICKETS.c.id == bindparam("ticket_id"))
    .values(status="called", called_at=bindparam("now"), counter_id=bindparam("to_counter"), officer_id=bindparam("by_officer"))
)
SET_CURRENT_TICKET = (
    update(COUNTERS).where(COUNTERS.c.id == bindparam("counter_id")).values(current_ticket_id=bindparam("current"))
)


def _waiting_list(by_service_order: bool) -> Select[Any]:
    return (
        select(*_ticket_columns(TICKETS))
        .select_from(_ticket_joins(TICKETS.join(COUNTER_SERVICES, SERVED_HERE), TICKETS))
        .where(WAITING, TICKETS.c.day == bindparam("day"))
        .order_by(*call_order(by_service_order, TICKETS.c.priority, COUNTER_SERVICES.c.position,
                              TICKETS.c.queue_time, TICKETS.c.id))
        .limit(bindparam("limit", type_=Integer))
    )


# A counter's waiting list, in the order it calls (keyed like NEXT_WAITING), with what the
# screens show of each ticket.
WAITING_LIST = {True: _waiting_list(True), False: _waiting_list(False)}
