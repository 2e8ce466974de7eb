"""Statistics read from tickets and the event log."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.database import Database
from db.errors import NotFound
from db.models import Counter, Ticket
from db.queue import read_snapshot, read_waiting, site_now
from db.records import CounterFigures, Snapshot, TicketInfo


def counter_figures(db: Database, counter_number: int) -> CounterFigures:
    """Today's figures for one counter: visits finished, no-shows, average service time."""
    with db.read() as s:
        _, day, _ = site_now(s)
        return read_counter_figures(s, counter_number, day)


def read_counter_figures(s: Session, counter_number: int, day: object) -> CounterFigures:
    """:func:`counter_figures` of business day ``day``, inside the caller's read transaction."""
    counter_id = s.scalar(select(Counter.id).where(Counter.number == counter_number))
    if counter_id is None:
        raise NotFound(f"counter {counter_number} does not exist")
    rows = dict(
        s.execute(
            select(Ticket.status, func.count())
            .where(Ticket.day == day, Ticket.counter_id == counter_id, Ticket.status.in_(("done", "no_show")))
            .group_by(Ticket.status)
        ).all()
    )
    spans = s.execute(
        select(Ticket.started_at, Ticket.finished_at).where(
            Ticket.day == day, Ticket.counter_id == counter_id, Ticket.status == "done"
        )
    ).all()
    minutes = [(f - st).total_seconds() / 60 for st, f in spans if st and f and f >= st]
    return CounterFigures(
        served=rows.get("done", 0),
        no_shows=rows.get("no_show", 0),
        average_service_min=round(sum(minutes) / len(minutes), 1) if minutes else None,
    )


def counter_desk(db: Database, counter_number: int) -> tuple[Snapshot, list[TicketInfo], CounterFigures]:
    """What a counter window shows, read in one transaction (one consistent moment):
    the snapshot, the counter's waiting list in call order, and its figures of the day."""
    with db.read() as s:
        snapshot = read_snapshot(s, last_calls=0)
        return (
            snapshot,
            read_waiting(s, counter_number, snapshot.day),
            read_counter_figures(s, counter_number, snapshot.day),
        )
