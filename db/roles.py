"""Who may supervise and administer: console sign-in, sessions, and the role check.

Supervisory operations (steering the floor) need the role ``supervisor`` or ``admin``;
administrative ones (services, counters, officers, settings) need ``admin``. Each such
operation takes the :class:`Actor` returned by :func:`sign_in` and calls :func:`require`
inside its own transaction: the session must still be live (not signed out, not older
than :data:`SESSION_HOURS`), the officer still active and still holding the role. So
a supervisor disabled or demoted a moment ago can do nothing more, and an
:class:`Actor` made up in Python without a real sign-in is refused (only a hash of the
token is stored).

While a database has no active administrator yet (a fresh ``antrian init``), the site
file may be applied and officers added without an actor: that is how the first
administrator comes to exist (:func:`require_admin_or_bootstrap`).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import access
from db.clock import utcnow
from db.database import Database
from db.errors import LockedOut, NotPermitted
from db.models import ConsoleSession, Officer

log = logging.getLogger("antrian.db.roles")

OFFICER = "officer"
SUPERVISOR = "supervisor"
ADMIN = "admin"
ROLES = (OFFICER, SUPERVISOR, ADMIN)
SUPERVISE = (SUPERVISOR, ADMIN)
ADMINISTER = (ADMIN,)
SESSION_HOURS = 16  # a console left signed in overnight must sign in again


@dataclass(frozen=True)
class Actor:
    """A supervisor or administrator signed in: what every supervisory operation takes."""

    officer_id: int
    username: str
    display_name: str
    role: str
    session_id: int
    token: str = field(repr=False)

    @property
    def is_admin(self) -> bool:
        """Whether the actor may administer (services, counters, officers, settings)."""
        return self.role == ADMIN


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sign_in(db: Database, username: str, password: str, *, place: str = "") -> Actor:
    """Check a supervisor's or administrator's password and open a console session.

    Wrong passwords count toward the same lockout as the counter sign-in (one subject per
    username). Raises :class:`AuthError` / :class:`LockedOut` as ``queue.sign_in`` does,
    and :class:`NotPermitted` for a right password of an officer without the role.
    """
    name = username.strip()
    subject = access.officer_subject(name)
    stored, locks = _attempt(db, name, subject)
    upgraded = access.check_password(password, stored, subject, locks)
    assert stored is not None  # else check_password raised
    actor, refused = _open_session(db, name, subject, stored, upgraded, place)
    if refused is not None:
        raise refused
    assert actor is not None  # one of the two
    return actor


def _attempt(db: Database, name: str, subject: str) -> tuple[str | None, LockedOut | None]:
    with db.write() as s:
        locks = access.begin_attempt(s, subject)
        return access.officer_hash(s, name), locks


def _open_session(db: Database, name: str, subject: str, stored: str, upgraded: str | None,
                  place: str) -> tuple[Actor | None, NotPermitted | None]:
    from db import audit  # audit imports this module for Actor

    token = secrets.token_urlsafe(32)
    with db.write() as s:
        officer = access.confirm_officer(s, name, subject, stored, upgraded)
        if officer.role not in SUPERVISE:
            # Refused after the commit: the right password still clears the failures (else
            # five tries at the console would lock the officer out of the counter too).
            refused = NotPermitted(f"{officer.display_name} is not a supervisor or administrator")
            return None, refused
        now = utcnow()
        row = ConsoleSession(officer_id=officer.id, token_hash=_token_hash(token), place=place[:120],
                             started_at=now, last_seen=now)
        s.add(row)
        s.flush()
        actor = Actor(officer.id, officer.username, officer.display_name, officer.role, row.id, token)
        audit.record(s, actor, "signed_in", place[:120] or "console")
    log.info("%s signed in to the console", name, extra={"event": "console_signed_in", "officer": name})
    return actor, None


def sign_out(db: Database, actor: Actor) -> None:
    """End the actor's console session (a session already ended stays ended)."""
    from db import audit

    with db.write() as s:
        row = s.get(ConsoleSession, actor.session_id, with_for_update=True)
        if row is None or row.ended_at is not None or row.token_hash != _token_hash(actor.token):
            return
        row.ended_at = utcnow()
        audit.record(s, actor, "signed_out", row.place or "console")


def require(s: Session, actor: Actor | None, roles: tuple[str, ...] = SUPERVISE) -> Officer:
    """Inside the caller's transaction: the acting officer, refused unless the session is
    live and the officer active with one of ``roles``. Raises :class:`NotPermitted`."""
    if actor is None:
        raise NotPermitted("this needs a supervisor or administrator signed in")
    row = s.get(ConsoleSession, actor.session_id)
    now = utcnow()
    if (row is None or row.officer_id != actor.officer_id or row.ended_at is not None
            or not secrets.compare_digest(row.token_hash, _token_hash(actor.token))):
        raise NotPermitted("the console session has ended; sign in again")
    if now - row.started_at > timedelta(hours=SESSION_HOURS):
        raise NotPermitted("the console session has expired; sign in again")
    officer = s.get(Officer, actor.officer_id)
    if officer is None or not officer.active:
        raise NotPermitted("this account has been disabled")
    if officer.role not in roles:
        needed = "an administrator" if roles == ADMINISTER else "a supervisor or administrator"
        raise NotPermitted(f"{officer.display_name} is not {needed}")
    return officer


def has_admin(s: Session) -> bool:
    """Whether any active administrator exists (before the first one, set-up is open)."""
    count = s.scalar(select(func.count()).select_from(Officer).where(Officer.role == ADMIN, Officer.active.is_(True)))
    return bool(count)


def require_admin_or_bootstrap(s: Session, actor: Actor | None) -> Officer | None:
    """An administrator's check that lets set-up through while no active administrator
    exists (returns None then): how a fresh database gets its first site file."""
    if actor is None and not has_admin(s):
        return None
    return require(s, actor, ADMINISTER)


@contextmanager
def acting(db: Database, actor: Actor | None) -> Iterator[tuple[Session, int | None]]:
    """A write transaction for a supervisor's change, the role checked inside it:
    ``(session, acting officer's id)``. Without an actor only while no administrator
    exists (set-up, as :func:`require_admin_or_bootstrap`), with ``None`` as the id."""
    with db.write() as s:
        if actor is None:
            if has_admin(s):
                raise NotPermitted("this needs a supervisor or administrator signed in")
            yield s, None
        else:
            yield s, require(s, actor).id
