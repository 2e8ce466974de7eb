"""The audit log: every supervisory and administrative action, append-only.

:func:`record` adds one entry inside the action's own transaction, so an action and its
entry are committed together or not at all. The table refuses UPDATE and DELETE by
database triggers (migration 0005); nothing in Antrian offers either.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.clock import utcnow
from db.database import Database
from db.models import AuditEntry
from db.roles import Actor

#: Every action the log records: the screens word each one (a test holds them to it).
ACTIONS = (
    "signed_in", "signed_out",
    "ticket_reactivated", "ticket_moved", "ticket_cancelled", "ticket_priority",
    "counter_paused", "counter_resumed", "officer_signed_out",
    "service_open_today", "service_quota_today", "notice_set",
    "service_added", "service_changed", "counter_added", "counter_changed",
    "officer_added", "officer_changed", "password_reset", "kiosk_pin_set", "kiosk_pin_removed",
    "settings_changed", "site_applied", "survey_plan_set",
    "booking_added", "booking_imported", "booking_cancelled",
)


@dataclass(frozen=True)
class AuditRecord:
    """One audit entry as read back."""

    id: int
    at: datetime  # UTC
    username: str
    action: str
    target: str
    before: Any
    after: Any


def record(s: Session, actor: Actor, action: str, target: str = "", before: Any = None, after: Any = None) -> None:
    """Append one entry in the caller's transaction: who (``actor``), now, what (one of
    :data:`ACTIONS`), before → after."""
    _check(action)
    s.add(AuditEntry(at=utcnow(), officer_id=actor.officer_id, username=actor.username, action=action[:40],
                     target=target[:120], before=before, after=after))


def record_setup(s: Session, action: str, target: str = "", before: Any = None, after: Any = None) -> None:
    """Append an entry for set-up done before any administrator existed (who: ``setup``)."""
    _check(action)
    s.add(AuditEntry(at=utcnow(), officer_id=None, username="setup", action=action[:40], target=target[:120],
                     before=before, after=after))


def _check(action: str) -> None:
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}: add it to db.audit.ACTIONS")


def entries(
    db: Database,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    username: str | None = None,
    action: str | None = None,
    target: str | None = None,
    limit: int = 2000,
) -> list[AuditRecord]:
    """Entries newest first, filtered: ``since`` ≤ at < ``until`` (UTC), by who, by action,
    and ``target`` as a case-insensitive part of the target."""
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
    if since is not None:
        query = query.where(AuditEntry.at >= since)
    if until is not None:
        query = query.where(AuditEntry.at < until)
    if username:
        query = query.where(AuditEntry.username == username)
    if action:
        query = query.where(AuditEntry.action == action)
    if target:
        query = query.where(AuditEntry.target.ilike(f"%{target}%"))
    with db.read() as s:
        return [AuditRecord(e.id, e.at, e.username, e.action, e.target, e.before, e.after) for e in s.scalars(query)]


CSV_HEADER = ("id", "at_utc", "officer", "action", "target", "before", "after")


def to_csv(rows: list[AuditRecord]) -> str:
    """The entries as CSV (UTF-8 with a BOM so Excel reads it right; before/after as JSON)."""
    import json

    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for r in rows:
        writer.writerow([r.id, r.at.isoformat(timespec="seconds"), r.username, r.action, r.target,
                         "" if r.before is None else json.dumps(r.before, ensure_ascii=False, sort_keys=True),
                         "" if r.after is None else json.dumps(r.after, ensure_ascii=False, sort_keys=True)])
    return out.getvalue()
