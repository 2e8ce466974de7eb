"""What the callers were handed, and the anomaly check against what the database holds."""

from __future__ import annotations

from collections import Counter as Tally
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select

from bench.queueops.scratch import Site
from db.database import Database
from db.models import DaySequence, Ticket, TicketEvent
from db.records import CallResult, IssuedTicket


@dataclass
class Ledger:
    """What the callers were handed: tickets issued, tickets called, empty calls and errors."""

    issued: list[tuple[int, str, int]] = field(default_factory=list)  # (ticket id, service code, seq)
    called: list[int] = field(default_factory=list)  # ticket ids handed to a counter by call_next
    empty_calls: int = 0
    errors: Tally = field(default_factory=Tally)

    def issue(self, r: IssuedTicket) -> None:
        """Note a ticket ``issue_ticket`` handed out."""
        self.issued.append((r.ticket.id, r.ticket.service_code, r.ticket.seq))

    def call(self, r: CallResult) -> None:
        """Note what ``call_next`` handed a counter (or that it found nobody)."""
        if r.ticket is None:
            self.empty_calls += 1
        else:
            self.called.append(r.ticket.id)

    def merge(self, other: dict[str, Any]) -> None:
        """Add a worker process's ledger (:meth:`as_dict`) to this one."""
        self.issued += [tuple(x) for x in other["issued"]]
        self.called += other["called"]
        self.empty_calls += other["empty_calls"]
        self.errors.update(other["errors"])

    def as_dict(self) -> dict[str, Any]:
        """This ledger as plain data, to send from a worker process."""
        return {"issued": self.issued, "called": self.called, "empty_calls": self.empty_calls,
                "errors": dict(self.errors)}


def check_anomalies(db: Database, site: Site, day: date, ledger: Ledger) -> dict[str, Any]:
    """Compare what callers were handed with what the database holds for ``day``."""
    code_of = {sid: code for code, sid in site.service_ids.items()}
    with db.read() as s:
        rows = s.execute(
            select(Ticket.id, Ticket.service_id, Ticket.seq, Ticket.status, Ticket.transferred_from_id)
            .where(Ticket.day == day)
        ).all()
        db_dupes = s.execute(
            select(Ticket.service_id, Ticket.seq)
            .where(Ticket.day == day, Ticket.transferred_from_id.is_(None))
            .group_by(Ticket.service_id, Ticket.seq)
            .having(func.count() > 1)
        ).all()
        db_called_twice = s.scalars(
            select(TicketEvent.ticket_id)
            .where(TicketEvent.day == day, TicketEvent.kind == "called")
            .group_by(TicketEvent.ticket_id)
            .having(func.count() > 1)
        ).all()
        last_seq = dict(s.execute(select(DaySequence.service_id, DaySequence.last_seq).where(DaySequence.day == day)).all())

    numbers = Tally((code, seq) for _, code, seq in ledger.issued)
    dupes = {(code_of[sid], seq) for sid, seq in db_dupes} | {k for k, n in numbers.items() if n > 1}
    calls = Tally(ledger.called)
    called_twice = set(db_called_twice) | {k for k, n in calls.items() if n > 1}

    originals = {r.id: r for r in rows if r.transferred_from_id is None}
    handed = {tid for tid, _, _ in ledger.issued}
    lost: set[int] = set()
    lost |= handed - set(originals)  # a caller got a ticket the database does not hold
    lost |= set(originals) - handed  # the database holds a ticket nobody was given
    called_set = set(calls)
    for r in rows:
        if r.status == "waiting" and r.id in called_set:
            lost.add(r.id)  # a counter was told it has this ticket, yet it is still waiting
        elif r.status in ("called", "serving", "done", "no_show") and r.id not in called_set:
            lost.add(r.id)  # taken off the queue, but no counter was handed it
    gaps = 0
    per_service: dict[int, list[int]] = {}
    for r in rows:
        if r.transferred_from_id is None:
            per_service.setdefault(r.service_id, []).append(r.seq)
    for sid, seqs in per_service.items():
        gaps += (max(seqs) - len(set(seqs))) + abs(last_seq.get(sid, 0) - max(seqs))
    return {
        "duplicate_numbers": len(dupes),
        "called_twice": len(called_twice),
        "lost_tickets": len(lost),
        "number_gaps": gaps,
        "tickets_checked": len(originals),
        "calls_checked": len(ledger.called),
        "empty_calls": ledger.empty_calls,
        "errors": dict(ledger.errors),
    }
