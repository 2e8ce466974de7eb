"""Heartbeats: each running app says it is alive, so the supervisor sees one that went quiet.

An app calls :func:`beat` at start and every :data:`INTERVAL` seconds (``ui`` does this
for every app). A beat is one small upsert stamped with the office clock (the server's on
PostgreSQL, like every other time: a PC whose clock is slow does not look quiet). Only
the first beat of a run is announced on the change feed, so a new app shows up on the
floor at once; the regular beats wake no screen, and the floor re-reads them every
:data:`INTERVAL` to tell an app that went quiet (:data:`QUIET_AFTER`).
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from db.database import Database
from db.models import Heartbeat

INTERVAL = timedelta(seconds=30)
QUIET_AFTER = timedelta(seconds=90)
KINDS = ("kiosk", "counter", "display", "supervisor", "survey")


@dataclass(frozen=True)
class AppBeat:
    """One app's last sign of life."""

    kind: str
    pc: str
    counter: int | None
    pid: int
    started_at: datetime
    last_seen: datetime

    def quiet(self, now: datetime) -> bool:
        """Whether the app has said nothing for longer than :data:`QUIET_AFTER`."""
        return now - self.last_seen > QUIET_AFTER


def this_pc() -> str:
    """The name the heartbeats give this computer (``ANTRIAN_PC`` overrides the host name)."""
    return (os.environ.get("ANTRIAN_PC") or socket.gethostname() or "pc")[:120]


def _key(kind: str, pc: str, counter: int | None) -> str:
    return f"{kind}|{pc}|{'' if counter is None else counter}"[:200]


def beat(db: Database, kind: str, *, pc: str | None = None, counter: int | None = None,
         started_at: datetime | None = None) -> None:
    """Record that the app ``kind`` on ``pc`` (at ``counter``) is alive now."""
    if kind not in KINDS:
        raise ValueError(f"unknown app kind {kind!r}")
    from db.feed import announce_data_changed
    from db.queue import site_now

    pc = (pc or this_pc())[:120]
    with db.write() as s:
        now = site_now(s)[0]
        values = {"key": _key(kind, pc, counter), "kind": kind, "pc": pc, "counter_number": counter,
                  "pid": os.getpid(), "started_at": started_at or now, "last_seen": now}
        insert = postgresql.insert if db.dialect == "postgresql" else sqlite.insert
        stmt = insert(Heartbeat).values(**values)
        update = {"last_seen": now, "pid": values["pid"]}
        if started_at is not None:
            update["started_at"] = started_at
        s.execute(stmt.on_conflict_do_update(index_elements=["key"], set_=update))
        if started_at is not None:
            announce_data_changed(s)  # a new app: the floor shows it now


def read(s: Session) -> list[AppBeat]:
    """Every app that ever beat, by kind, PC and counter (in the caller's read)."""
    rows = s.scalars(select(Heartbeat).order_by(Heartbeat.kind, Heartbeat.pc, Heartbeat.counter_number))
    return [AppBeat(h.kind, h.pc, h.counter_number, h.pid, h.started_at, h.last_seen) for h in rows]


def forget(db: Database, kind: str, *, pc: str | None = None, counter: int | None = None) -> None:
    """Remove an app's row (it was shut down on purpose, so it is not "quiet")."""
    with db.write() as s:
        row = s.get(Heartbeat, _key(kind, pc or this_pc(), counter))
        if row is not None:
            s.delete(row)
