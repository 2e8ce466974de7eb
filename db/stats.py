"""Statistics read from tickets and the event log."""

from __future__ import annotations

from collections import Counter as Tally
from datetime import date

from sqlalchemy.orm import Session

from db import statements as sql
from db.database import Database
from db.errors import NotFound
from db.queue import driver_reads, read_snapshot, read_waiting, site_now
from db.records import CounterFigures, Snapshot, TicketInfo, TicketStatus


def counter_figures(db: Database, counter_number: int) -> CounterFigures:
    """Today's figures for one counter: visits finished, no-shows, average service time."""
    with db.read() as s:
        _, day, _ = site_now(s)
        return read_counter_figures(s, counter_number, day)


def read_counter_figures(s: Session, counter_number: int, day: date) -> CounterFigures:
    """:func:`counter_figures` of business day ``day``, inside the caller's read transaction."""
    with driver_reads(s) as c:
        rows = c.execute(sql.COUNTER_VISITS, {"number": counter_number, "day": day}).all()
    if not rows:
        raise NotFound(f"counter {counter_number} does not exist")
    counts = Tally(status for _, status, _, _ in rows if status is not None)
    spans = [(st, f) for _, status, st, f in rows if status == TicketStatus.DONE]
    minutes = [(f - st).total_seconds() / 60 for st, f in spans if st and f and f >= st]
    return CounterFigures(
        served=counts[TicketStatus.DONE],
        no_shows=counts[TicketStatus.NO_SHOW],
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
