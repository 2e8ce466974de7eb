"""Wrong secrets in a row, and the kiosk PIN: lockouts kept in the database.

Every attempt at a secret (an officer's password, the kiosk PIN) is counted *before* the
secret is checked, in its own short write transaction, so a burst of parallel guesses
cannot all slip in before the count is written, and a restarted app does not forget it.
After :data:`MAX_FAILURES` attempts in a row without a success the subject is locked for
:data:`LOCKOUT`, doubling with each further failure up to :data:`MAX_LOCKOUT`; a success
clears the count. Failures an hour apart are forgotten. The scrypt check itself runs
outside any transaction (it takes a few hundred milliseconds).
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from db.clock import utcnow
from db.database import Database
from db.errors import AntrianError, AuthError, LockedOut
from db.feed import announce_data_changed
from db.models import Lockout, Officer, Setting
from db.passwords import dummy_hash, hash_password, is_hash, needs_rehash, verify_password
from db.settings import store
from db.sitetime import zone

log = logging.getLogger("antrian.db.access")

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=5)
MAX_LOCKOUT = timedelta(hours=1)
FORGET_AFTER = timedelta(hours=1)

KIOSK_PIN = "kiosk_pin"
PIN_PATTERN = re.compile(r"^[0-9]{4,12}$")


def officer_subject(username: str) -> str:
    """The lockout key of a username (known or not: both are counted alike)."""
    return "officer:" + username.strip().lower()[:72]


def lockout_span(failures: int) -> timedelta | None:
    """How long ``failures`` wrong attempts in a row lock the subject (None: not locked)."""
    if failures < MAX_FAILURES:
        return None
    return min(LOCKOUT * 2 ** min(failures - MAX_FAILURES, 10), MAX_LOCKOUT)


def _site_zone(s: Session) -> ZoneInfo:
    """The site's time zone; a broken setting falls back (:func:`db.sitetime.zone`), never hiding the lockout."""
    row = s.get(Setting, "timezone")
    return zone(row.value if row is not None and isinstance(row.value, str) else None)


def locked_out(s: Session, subject: str, until: datetime) -> LockedOut:
    """The error for a subject locked until ``until`` (UTC), with the site's local time."""
    local = until.astimezone(_site_zone(s))
    what = "kiosk PIN" if subject == KIOSK_PIN else "sign-in"
    return LockedOut(f"too many wrong attempts; {what} is locked until {local:%H:%M}", until, local)


def begin_attempt(s: Session, subject: str) -> LockedOut | None:
    """Count one attempt for ``subject`` inside the caller's write transaction.

    Raises :class:`LockedOut` (and counts nothing) while the subject is locked. The
    attempt that reaches :data:`MAX_FAILURES` locks it at once; if that attempt turns out
    right, :func:`clear` lifts the lock again. Returns the error to raise should this
    attempt turn out wrong and so have locked the subject (None otherwise).
    """
    now = utcnow()
    # Create the row if missing without a race (two first attempts at once), then lock it.
    dialect_insert = postgresql.insert if s.get_bind().dialect.name == "postgresql" else sqlite.insert
    s.execute(dialect_insert(Lockout).values(subject=subject, failures=0).on_conflict_do_nothing())
    row = s.get(Lockout, subject, with_for_update=True, populate_existing=True)
    assert row is not None
    if row.locked_until is not None and row.locked_until > now:
        log.warning("attempt refused: %s is locked until %s", subject, row.locked_until.isoformat(),
                    extra={"event": "locked_out", "subject": subject, "until": row.locked_until.isoformat()})
        raise locked_out(s, subject, row.locked_until)
    if row.last_failure_at is not None and now - row.last_failure_at > FORGET_AFTER:
        row.failures = 0
    row.failures += 1
    row.last_failure_at = now
    span = lockout_span(row.failures)
    row.locked_until = now + span if span is not None else None
    s.flush()
    return locked_out(s, subject, row.locked_until) if row.locked_until is not None else None


def current_lockout(db: Database, subject: str) -> LockedOut | None:
    """The lockout ``subject`` is under right now, if any (a read: screens show it up front)."""
    with db.read() as s:
        row = s.get(Lockout, subject)
        if row is None or row.locked_until is None or row.locked_until <= utcnow():
            return None
        return locked_out(s, subject, row.locked_until)


def clear(s: Session, subject: str) -> None:
    """The secret was right: forget the subject's failures (inside the caller's transaction)."""
    row = s.get(Lockout, subject, with_for_update=True)
    if row is not None:
        s.delete(row)


def log_failure(subject: str) -> None:
    """Log a wrong secret (never the secret itself)."""
    log.warning("wrong secret for %s", subject, extra={"event": "sign_in_failed", "subject": subject})


def reset(db: Database, subject: str) -> None:
    """Lift a lockout by hand (a new password or PIN was set)."""
    with db.write() as s:
        clear(s, subject)


# -- an officer's password ------------------------------------------------------------------


def officer_hash(s: Session, name: str) -> str | None:
    """The password hash of the active officer ``name`` (None if unknown or inactive)."""
    officer = s.scalar(select(Officer).where(Officer.username == name))
    return officer.password_hash if officer is not None and officer.active else None


def check_password(password: str, stored: str | None, subject: str, locks: LockedOut | None) -> str | None:
    """Check ``password`` against ``stored`` (:func:`officer_hash` after :func:`begin_attempt`;
    an unknown officer costs the same time, against a dummy hash).

    Raises ``locks`` (the attempt locked the username) or :class:`AuthError` when it is wrong;
    returns the hash to upgrade to when ``stored`` has a lower scrypt cost, else None.
    """
    if not verify_password(password, stored or dummy_hash()) or stored is None:
        log_failure(subject)
        raise locks or AuthError("wrong username or password")
    return hash_password(password) if needs_rehash(stored) else None


def confirm_officer(s: Session, name: str, subject: str, stored: str, upgraded: str | None) -> Officer:
    """The password was right: the officer ``name`` read again in the caller's transaction
    (:class:`AuthError` if changed since ``stored`` was read), the failures cleared and the
    hash upgraded to ``upgraded`` (when given)."""
    officer = s.scalar(select(Officer).where(Officer.username == name))
    if officer is None or not officer.active or officer.password_hash != stored:
        raise AuthError("wrong username or password")  # changed in the meantime
    clear(s, subject)
    if upgraded is not None:
        officer.password_hash = upgraded
    return officer


# -- the kiosk PIN ----------------------------------------------------------------------------


def pin_problem(pin: str) -> str | None:
    """Why ``pin`` cannot be a kiosk PIN (the keypad has digits only), or None."""
    if not PIN_PATTERN.match(pin):
        return "the kiosk PIN must be 4 to 12 digits"
    return None


def stored_pin(value: str) -> str:
    """What the settings table keeps for a ``kiosk_pin`` given as PIN or as hash: always a hash
    ("" for none). Raises :class:`AntrianError` for a PIN the keypad cannot type."""
    value = value.strip()
    if not value or is_hash(value):
        return value
    problem = pin_problem(value)
    if problem:
        raise AntrianError(problem)
    return hash_password(value)


def set_kiosk_pin(db: Database, pin: str) -> None:
    """Store the kiosk PIN hashed ("" removes it) and lift any PIN lockout."""
    value = stored_pin(pin) if pin else ""
    with db.write() as s:
        store(s, KIOSK_PIN, value)
        clear(s, KIOSK_PIN)
        announce_data_changed(s)
    log.info("kiosk PIN %s", "set" if value else "removed", extra={"event": "kiosk_pin_set"})


def check_kiosk_pin(db: Database, pin: str) -> bool:
    """Whether ``pin`` is the kiosk PIN; raises :class:`LockedOut` for the wrong one that
    locks the PIN, and for any while it is locked.

    With no PIN set nothing unlocks (the kiosk opens its menu without asking instead).
    """
    with db.write() as s:
        locks = begin_attempt(s, KIOSK_PIN)
        stored = str(s.scalar(select(Setting.value).where(Setting.key == KIOSK_PIN)) or "")
    ok = verify_password(pin, stored if is_hash(stored) else dummy_hash()) and is_hash(stored)
    if not ok:
        log_failure(KIOSK_PIN)
        if locks is not None:
            raise locks
        return False
    upgraded = hash_password(pin) if needs_rehash(stored) else None
    with db.write() as s:
        clear(s, KIOSK_PIN)
        row = s.get(Setting, KIOSK_PIN)
        if upgraded is not None and row is not None and row.value == stored:
            row.value = upgraded
    return True
