"""Small helpers for the core's tests: read rows back, change the site directly, local times."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import event, select

from db.database import Database
from db.models import Counter, CounterService, Officer, Service, Ticket, TicketEvent
from db.settings import store

JAKARTA = ZoneInfo("Asia/Jakarta")


def wib(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    """An aware datetime in Jakarta time (WIB, UTC+7)."""
    return datetime(year, month, day, hour, minute, tzinfo=JAKARTA)


def events(db: Database, ticket_id: int | None = None, kind: str | None = None) -> list[dict[str, Any]]:
    """``ticket_events`` rows as dicts, oldest first."""
    with db.read() as s:
        q = select(TicketEvent).order_by(TicketEvent.id)
        if ticket_id is not None:
            q = q.where(TicketEvent.ticket_id == ticket_id)
        if kind is not None:
            q = q.where(TicketEvent.kind == kind)
        return [
            {c: getattr(e, c) for c in ("id", "ticket_id", "kind", "at", "day", "service_id", "counter_id",
                                          "officer_id", "label", "detail")}
            for e in s.scalars(q)
        ]


def kinds(db: Database, ticket_id: int | None = None) -> list[str]:
    """The kinds of the events (of one ticket), oldest first."""
    return [e["kind"] for e in events(db, ticket_id)]


def tickets(db: Database) -> list[dict[str, Any]]:
    """Every ticket row as a dict, by id."""
    with db.read() as s:
        return [
            {c.key: getattr(t, c.key) for c in Ticket.__table__.columns}
            for t in s.scalars(select(Ticket).order_by(Ticket.id))
        ]


def counter_row(db: Database, number: int) -> dict[str, Any]:
    """One counter row as a dict."""
    with db.read() as s:
        c = s.scalar(select(Counter).where(Counter.number == number))
        assert c is not None
        return {col.key: getattr(c, col.key) for col in Counter.__table__.columns}


def counter_id(db: Database, number: int) -> int:
    return int(counter_row(db, number)["id"])


def officer_id(db: Database, username: str) -> int:
    with db.read() as s:
        return int(s.scalar(select(Officer.id).where(Officer.username == username)))


def set_service(db: Database, code: str, **values: Any) -> None:
    """Change columns of a service directly (hours, daily_quota, active, target times...)."""
    with db.write() as s:
        svc = s.scalar(select(Service).where(Service.code == code))
        assert svc is not None
        for key, value in values.items():
            setattr(svc, key, value)


def set_counter(db: Database, number: int, **values: Any) -> None:
    """Change columns of a counter directly (call_rule, active...)."""
    with db.write() as s:
        c = s.scalar(select(Counter).where(Counter.number == number))
        assert c is not None
        for key, value in values.items():
            setattr(c, key, value)


def add_counter(db: Database, number: int, services: list[str], call_rule: str = "service_order") -> None:
    """Create a counter serving ``services`` in that order, with its own officer (``petugasN``,
    password ``petugasN-pass``) signed in there, as at the standard test site's counters."""
    from db.models import Officer
    from db.passwords import hash_password

    with db.write() as s:
        ids = {v.code: v.id for v in s.scalars(select(Service))}
        officer = Officer(username=f"petugas{number}", display_name=f"Petugas {number}", role="officer",
                          password_hash=hash_password(f"petugas{number}-pass"), active=True)
        s.add(officer)
        s.flush()
        c = Counter(number=number, name=f"Loket {number}", active=True, call_rule=call_rule, paused=False,
                    officer_id=officer.id)
        s.add(c)
        s.flush()
        for pos, code in enumerate(services):
            s.add(CounterService(counter_id=c.id, service_id=ids[code], position=pos))


def vacate(db: Database, *numbers: int) -> None:
    """Sign the officers of the standard test site out of these counters (all when none given)."""
    from db import queue

    for number in numbers or (1, 2, 3):
        queue.sign_out(db, number)


def set_setting(db: Database, key: str, value: Any) -> None:
    """Store one site setting."""
    with db.write() as s:
        store(s, key, value)


def apply_site(db: Database, cfg: Any) -> dict[str, int]:
    """``siteconfig.apply`` as a site does it: as set-up on a database without an active
    administrator, else as the sample site's administrator (signed in for it, then out)."""
    from db import roles, siteconfig

    with db.read() as s:
        bootstrap = not roles.has_admin(s)
    if bootstrap:
        return siteconfig.apply(db, cfg)
    actor = roles.sign_in(db, "admin", "admin123")
    try:
        return siteconfig.apply(db, cfg, actor=actor)
    finally:
        roles.sign_out(db, actor)


def count_statements(db: Database, read: Callable[[], object]) -> int:
    """How many statements ``read()`` sends to the database."""
    sent: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        sent.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        read()
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    return len(sent)
