"""Seeding survey responses for the IKM tests: finished tickets and their responses written
straight into the real database (the survey screen's own path is tested with the survey app)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import func, select

from db.database import Database
from db.models import Service, SurveyPeriod, SurveyResponse, Ticket


def visits(db: Database, code: str, day: date, count: int, status: str = "done") -> list[int]:
    """``count`` tickets of service ``code`` on business day ``day``, closed with ``status``; their ids."""
    at = datetime.combine(day, time(2, 0), tzinfo=UTC)
    ids = []
    with db.write() as s:
        sid = s.execute(select(Service.id).where(Service.code == code)).scalar_one()
        seq = s.execute(select(func.coalesce(func.max(Ticket.seq), 0))
                        .where(Ticket.service_id == sid, Ticket.day == day)).scalar_one()
        for n in range(seq + 1, seq + count + 1):
            t = Ticket(service_id=sid, day=day, seq=n, label=f"{code}-{n:03d}", status=status, issued_at=at,
                       queue_time=at, called_at=at, finished_at=at, source="kiosk")
            s.add(t)
            s.flush()
            ids.append(t.id)
    return ids


def respond(db: Database, code: str, day: date, answers: list[int | None] | None = None, *,
            at: datetime | None = None, **extra: Any) -> int:
    """A finished visit of ``code`` on ``day`` and its response: ``answers`` are U1..U9 in order
    (``None`` unanswered); ``extra`` other columns (w1..w5, gender, comment, ...). The response's id."""
    ticket = visits(db, code, day, 1)[0]
    moment = at or datetime.combine(day, time(3, 0), tzinfo=UTC)
    with db.write() as s:
        t = s.get(Ticket, ticket)
        assert t is not None
        values = dict(zip((f"u{i}" for i in range(1, 10)), answers or [None] * 9, strict=True))
        r = SurveyResponse(ticket_id=ticket, service_id=t.service_id, day=day, channel="counter", language="id",
                           started_at=moment, updated_at=moment, closed_at=moment, **values, **extra)
        s.add(r)
        s.flush()
        return r.id


def set_plan(db: Database, first: date, last: date, plan: str) -> None:
    """Store the follow-up plan of ``first``..``last`` as the console does (without the audit)."""
    with db.write() as s:
        s.add(SurveyPeriod(first=first, last=last, plan=plan, updated_at=datetime.now(UTC)))
