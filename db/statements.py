"""The hot paths' SQL, built once at import.

Building a SQLAlchemy statement costs several times executing it (about 350 µs against
50 µs here): ``issue_ticket`` and ``call_next`` run these prebuilt statements with bound
parameters on a bare connection, so each execution only looks up its compiled form.
``FOR UPDATE`` clauses render on PostgreSQL only; SQLite's ``BEGIN IMMEDIATE`` already
holds the write lock.
"""

from __future__ import annotations

from sqlalchemy import Integer, bindparam, func, insert, literal_column, select, text, true, union_all, update
from sqlalchemy.dialects import postgresql, sqlite

from db.models import Counter, CounterService, DaySequence, Officer, Service, Setting, Ticket, TicketEvent

TICKETS = Ticket.__table__
COUNTERS = Counter.__table__
SERVICES = Service.__table__
EVENTS = TicketEvent.__table__
COUNTER_SERVICES = CounterService.__table__
OFFICERS = Officer.__table__
DAY_SEQUENCES = DaySequence.__table__

# Literal (not bound) so SQLite's planner can match the partial index ix_ticket_waiting.
WAITING = text("tickets.status = 'waiting'")

ALL_SETTINGS = select(Setting.__table__.c.key, Setting.__table__.c.value)
# PostgreSQL: the server's "now" (the transaction's start) with the settings, in the one
# statement every operation already sends first; one row even when no setting is stored.
_ONE_ROW = select(literal_column("1").label("one")).subquery("one_row")
SERVER_NOW = select(func.now())
SETTINGS_AND_NOW = select(
    func.now().label("now"), Setting.__table__.c.key, Setting.__table__.c.value
).select_from(_ONE_ROW.outerjoin(Setting.__table__, true()))
SERVICE_BY_CODE = select(SERVICES).where(SERVICES.c.code == bindparam("code"))


def _next_number(dialect_insert):  # type: ignore[no-untyped-def]
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


def _average_service_s(dialect: str):  # type: ignore[no-untyped-def]
    recent = (
        select(TICKETS.c.started_at.label("started"), TICKETS.c.finished_at.label("finished"))
        .where(TICKETS.c.service_id == bindparam("service_id"), TICKETS.c.day == bindparam("day"), TICKETS.c.status == "done")
        .order_by(TICKETS.c.finished_at.desc())
        .limit(bindparam("window", type_=Integer))
        .subquery()
    )
    if dialect == "sqlite":
        seconds = (func.julianday(recent.c.finished) - func.julianday(recent.c.started)) * 86400.0
    else:
        seconds = func.extract("epoch", recent.c.finished - recent.c.started)
    return select(func.avg(seconds)).where(recent.c.finished >= recent.c.started)


# A service's average visit, in seconds, over its last ``window`` finished visits of the
# day (NULL when there are none), computed by the database rather than by reading the
# rows back and parsing their timestamps.
AVERAGE_SERVICE_S = {"postgresql": _average_service_s("postgresql"), "sqlite": _average_service_s("sqlite")}

OPEN_COUNTERS = (
    select(func.count())
    .select_from(COUNTERS)
    .join(COUNTER_SERVICES, COUNTER_SERVICES.c.counter_id == COUNTERS.c.id)
    .where(
        COUNTER_SERVICES.c.service_id == bindparam("service_id"),
        COUNTERS.c.active.is_(True),
        COUNTERS.c.paused.is_(False),
        COUNTERS.c.officer_id.is_not(None),
    )
)

_AHEAD = select(func.count()).select_from(TICKETS).where(
    WAITING,
    TICKETS.c.day == bindparam("day"),
    TICKETS.c.service_id == bindparam("service_id"),
    TICKETS.c.id != bindparam("ticket_id"),
)
# A new ticket's wait estimate in one statement: (people ahead, counters open for the
# service); keyed by whether the ticket has priority (then only priority tickets are ahead).
AHEAD_AND_OPEN_COUNTERS = {
    priority: select(ahead.scalar_subquery(), OPEN_COUNTERS.scalar_subquery())
    for priority, ahead in ((False, _AHEAD), (True, _AHEAD.where(TICKETS.c.priority.is_(True))))
}

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


def call_order(by_service_order: bool, priority, position, queue_time, ticket_id) -> list:  # type: ignore[no-untyped-def]
    """The order counters call in, for the columns given (a table's or a subquery's):
    priority tickets first; then, by the counter's rule, its services' order; then arrival."""
    return [priority.desc(), *([position] if by_service_order else []), queue_time, ticket_id]


def _first_waiting(tickets_joined, order, *waiting):  # type: ignore[no-untyped-def]
    """The first ticket ``waiting`` in ``order``, with its service, locked; tickets that other
    callers hold are skipped (``FOR UPDATE SKIP LOCKED``, PostgreSQL only)."""
    return (
        tickets_joined.join(SERVICES, SERVICES.c.id == TICKETS.c.service_id)
        .where(*waiting)
        .order_by(*order)
        .limit(1)
        .with_for_update(skip_locked=True, of=TICKETS)
    )


def _next_waiting(by_service_order: bool):  # type: ignore[no-untyped-def]
    served_here = (COUNTER_SERVICES.c.service_id == TICKETS.c.service_id) & (
        COUNTER_SERVICES.c.counter_id == bindparam("counter_id")
    )
    return _first_waiting(
        select(TICKETS, *_WITH_SERVICE).join(COUNTER_SERVICES, served_here),
        call_order(by_service_order, TICKETS.c.priority, COUNTER_SERVICES.c.position, TICKETS.c.queue_time, TICKETS.c.id),
        WAITING,
        TICKETS.c.day == bindparam("day"),
    )


# The next ticket a counter calls; keyed by whether the counter calls its services in
# their listed order (call rule ``service_order``) or longest wait first.
NEXT_WAITING = {True: _next_waiting(True), False: _next_waiting(False)}

# How many tickets from the head of each queue NEXT_WAITING_HEADS considers: more than
# the counters that could be calling from one service at the same moment.
HEADS_PER_QUEUE = 16


def _next_waiting_heads(by_service_order: bool):  # type: ignore[no-untyped-def]
    """NEXT_WAITING for PostgreSQL, reading only the heads of the counter's queues.

    NEXT_WAITING sorts every waiting ticket of the counter's services on each call (6 ms
    at 1,100 waiting). Here each service's priority and ordinary queue gives its first
    HEADS_PER_QUEUE tickets straight from the waiting index, and only those are sorted.
    ``FOR UPDATE SKIP LOCKED`` still walks the candidates in call order. If every
    candidate is locked the result is empty, and the caller asks NEXT_WAITING.
    """
    head = TICKETS.alias("head")

    def first_of(priority: bool):  # type: ignore[no-untyped-def]
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
