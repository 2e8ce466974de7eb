"""Who may act: counter operations need an officer signed in there; wrong passwords and kiosk
PINs lock out (kept in the database); scrypt cost and hash upgrades; one officer, one counter."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from db import access, passwords, queue, siteconfig
from db.clock import FakeClock
from db.database import Database
from db.errors import AuthError, LockedOut, NotSignedIn
from db.models import Lockout, Officer, Setting
from tests.db.dbtools import apply_site, counter_row, events, officer_id, vacate

COUNTER_OPS: dict[str, Callable[[Database, int], Any]] = {
    "call_next": queue.call_next,
    "call_ticket": lambda db, n: queue.call_ticket(db, n, queue.issue_ticket(db, "A").ticket.id),
    "recall": queue.recall,
    "start_service": queue.start_service,
    "finish": queue.finish,
    "mark_no_show": queue.mark_no_show,
    "transfer": lambda db, n: queue.transfer(db, n, "C"),
    "pause_counter": queue.pause_counter,
    "resume_counter": queue.resume_counter,
}


def stored_hash(db: Database, username: str) -> str:
    with db.read() as s:
        return str(s.scalar(select(Officer.password_hash).where(Officer.username == username)))


def lockout_row(db: Database, subject: str) -> tuple[int, Any] | None:
    with db.read() as s:
        row = s.get(Lockout, subject)
        return (row.failures, row.locked_until) if row is not None else None


# -- counter operations need an officer ------------------------------------------------------------


@pytest.mark.parametrize("op", sorted(COUNTER_OPS))
def test_counter_operations_need_a_signed_in_officer(db: Database, fake_clock: FakeClock, op: str) -> None:
    queue.issue_ticket(db, "A")
    if op == "resume_counter":
        queue.pause_counter(db, 1)  # a counter pauses only with nobody at it
    else:
        queue.call_next(db, 1)  # a visitor at the counter, so only the missing officer can refuse
    queue.sign_out(db, 1)
    before = len(events(db))
    with pytest.raises(NotSignedIn, match="^nobody is signed in at counter 1; sign in first$"):
        COUNTER_OPS[op](db, 1)
    assert [e["kind"] for e in events(db)[before:]] in ([], ["issued"])  # call_ticket issued its ticket first
    if op == "resume_counter":
        assert counter_row(db, 1)["paused"]
    else:
        assert counter_row(db, 1)["current_ticket_id"] is not None


def test_every_change_records_the_acting_officer(db: Database, fake_clock: FakeClock) -> None:
    siti, budi = officer_id(db, "siti"), officer_id(db, "budi")
    t = queue.issue_ticket(db, "A").ticket
    queue.call_next(db, 1)
    queue.recall(db, 1)
    queue.sign_in(db, 1, "budi", "budi123", take_over=True)  # budi moves from counter 2 and takes over
    queue.start_service(db, 1)
    queue.finish(db, 1)
    by_kind = {e["kind"]: e["officer_id"] for e in events(db, t.id)}
    assert by_kind == {"issued": None, "called": siti, "recalled": siti, "started": budi, "finished": budi}
    assert queue.ticket(db, t.id).officer == "Siti Rahmawati"  # the ticket names who called it
    counter_events = [(e["kind"], e["officer_id"], e["counter_id"]) for e in events(db) if e["ticket_id"] is None]
    c1, c2 = counter_row(db, 1)["id"], counter_row(db, 2)["id"]
    assert counter_events == [("signed_out", budi, c2), ("signed_out", siti, c1), ("signed_in", budi, c1)]
    assert counter_row(db, 2)["officer_id"] is None


# -- one officer, one counter --------------------------------------------------------------------------


def test_signing_in_elsewhere_moves_the_officer(db: Database, fake_clock: FakeClock) -> None:
    vacate(db, 3)
    first = len(events(db))
    queue.sign_in(db, 3, "siti", "siti123")
    assert counter_row(db, 1)["officer_id"] is None
    assert counter_row(db, 3)["officer_id"] == officer_id(db, "siti")
    moved = events(db)[first:]
    assert [(e["kind"], e["counter_id"]) for e in moved] == [
        ("signed_out", counter_row(db, 1)["id"]), ("signed_in", counter_row(db, 3)["id"])]
    assert json.loads(moved[0]["detail"]) == {"moved_to": 3}
    with pytest.raises(NotSignedIn):
        queue.call_next(db, 1)


def test_the_database_refuses_one_officer_at_two_counters(db: Database) -> None:
    from sqlalchemy.exc import IntegrityError

    from db.models import Counter

    with pytest.raises(IntegrityError), db.write() as s:
        s.scalar(select(Counter).where(Counter.number == 2)).officer_id = officer_id(db, "siti")  # type: ignore[union-attr]


# -- wrong passwords --------------------------------------------------------------------------------


def test_wrong_passwords_lock_the_username_out(db: Database, fake_clock: FakeClock, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="antrian")
    vacate(db, 1)
    for _ in range(access.MAX_FAILURES - 1):
        with pytest.raises(AuthError, match="^wrong username or password$"):
            queue.sign_in(db, 1, "siti", "salah")
    assert lockout_row(db, "officer:siti") == (access.MAX_FAILURES - 1, None)
    with pytest.raises(LockedOut):
        queue.sign_in(db, 1, "siti", "salah")  # the fifth is still checked, and locks
    with pytest.raises(LockedOut) as locked:
        queue.sign_in(db, 1, "siti", "siti123")  # even the right password, while locked
    assert locked.value.until == fake_clock.current + access.LOCKOUT
    assert locked.value.local_until.strftime("%H.%M") == "09.05"  # 09:00 WIB + 5 min
    assert str(locked.value) == "too many wrong attempts; sign-in is locked until 09:05"
    assert counter_row(db, 1)["officer_id"] is None
    failed = [r for r in caplog.records if getattr(r, "event", None) == "sign_in_failed"]
    assert len(failed) == access.MAX_FAILURES and all(r.subject == "officer:siti" for r in failed)
    assert "salah" not in caplog.text and "siti123" not in caplog.text
    assert [r for r in caplog.records if getattr(r, "event", None) == "locked_out"]

    # a restart does not forget it: a new process, same database
    again = Database(db.url.render_as_string(hide_password=False))
    try:
        with pytest.raises(LockedOut):
            queue.sign_in(again, 1, "siti", "siti123")
        fake_clock.advance(minutes=5, seconds=1)
        assert queue.sign_in(again, 1, "siti", "siti123").username == "siti"
    finally:
        again.dispose()
    assert lockout_row(db, "officer:siti") is None  # a success clears the count


def test_lockouts_grow_and_old_failures_are_forgotten(db: Database, fake_clock: FakeClock) -> None:
    vacate(db, 1)
    for _ in range(access.MAX_FAILURES):
        with pytest.raises(AuthError):
            queue.sign_in(db, 1, "siti", "salah")
    fake_clock.advance(minutes=6)
    with pytest.raises(AuthError):
        queue.sign_in(db, 1, "siti", "salah")  # one more right after: locked twice as long
    assert lockout_row(db, "officer:siti") == (access.MAX_FAILURES + 1, fake_clock.current + 2 * access.LOCKOUT)
    assert access.lockout_span(100) == access.MAX_LOCKOUT
    fake_clock.advance(hours=2)
    with pytest.raises(AuthError) as wrong:
        queue.sign_in(db, 1, "siti", "salah")
    assert not isinstance(wrong.value, LockedOut)
    assert lockout_row(db, "officer:siti") == (1, None)  # failures an hour apart start over


def test_unknown_usernames_are_counted_and_cost_a_full_check(db: Database, fake_clock: FakeClock,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """An unknown username runs the same scrypt as a wrong password (the time taken tells
    nothing), and locks out the same way (the lockout tells nothing either)."""
    vacate(db, 1)
    costs: list[int] = []
    real = hashlib.scrypt

    def spy(*args: Any, **kwargs: Any) -> bytes:
        costs.append(kwargs["n"])
        return real(*args, **kwargs)

    passwords.dummy_hash()  # built once per process and cost
    monkeypatch.setattr(passwords.hashlib, "scrypt", spy)
    with pytest.raises(AuthError, match="^wrong username or password$"):
        queue.sign_in(db, 1, "siti", "salah")
    wrong_password = list(costs)
    costs.clear()
    with pytest.raises(AuthError, match="^wrong username or password$"):
        queue.sign_in(db, 1, "nobody", "salah")
    assert costs == wrong_password == [passwords.cost()]
    for _ in range(access.MAX_FAILURES - 1):
        with pytest.raises(AuthError):
            queue.sign_in(db, 1, "Nobody ", "salah")  # counted under one subject, whatever the case
    with pytest.raises(LockedOut):
        queue.sign_in(db, 1, "nobody", "salah")


def test_inactive_officer_is_refused_like_a_wrong_password(db: Database, fake_clock: FakeClock) -> None:
    with db.write() as s:
        s.scalar(select(Officer).where(Officer.username == "agus")).active = False  # type: ignore[union-attr]
    with pytest.raises(AuthError, match="^wrong username or password$"):
        queue.sign_in(db, 3, "agus", "agus123")
    assert lockout_row(db, "officer:agus") == (1, None)


# -- scrypt cost --------------------------------------------------------------------------------------


def test_default_cost_is_owasp_minimum(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(passwords.COST_ENV)
    assert passwords.cost() == passwords.DEFAULT_N == 2**17
    stored = passwords.hash_password("rahasia")  # needs maxmem above OpenSSL's 32 MiB default
    assert stored.startswith("scrypt$131072$8$1$")
    assert passwords.verify_password("rahasia", stored) and not passwords.verify_password("rahasiA", stored)
    assert not passwords.needs_rehash(stored)
    monkeypatch.setenv(passwords.COST_ENV, "1024")
    assert passwords.needs_rehash(passwords.hash_password("x")) is False
    monkeypatch.setenv(passwords.COST_ENV, "3000")
    with pytest.raises(ValueError, match="power of two"):
        passwords.cost()


def test_malformed_or_absurd_hashes_never_verify() -> None:
    good = passwords.hash_password("x")
    for bad in ("", "plain", good.replace("scrypt$", "bcrypt$"), "scrypt$1073741824$8$1$AAAA$AAAA",
                "scrypt$1024$100000$1$AAAA$AAAA", "scrypt$1024$8$1000$AAAA$AAAA", "scrypt$x$8$1$A$A"):
        assert passwords.verify_password("x", bad) is False
        assert passwords.needs_rehash(bad)


def test_old_hash_is_upgraded_at_the_next_sign_in(db: Database, fake_clock: FakeClock,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    assert stored_hash(db, "siti").startswith("scrypt$1024$")
    monkeypatch.setenv(passwords.COST_ENV, "4096")  # the site's cost went up since siti's hash
    with pytest.raises(AuthError):
        queue.sign_in(db, 1, "siti", "salah")
    assert stored_hash(db, "siti").startswith("scrypt$1024$")  # a failure changes nothing
    queue.sign_in(db, 1, "siti", "siti123")
    upgraded = stored_hash(db, "siti")
    assert upgraded.startswith("scrypt$4096$") and passwords.verify_password("siti123", upgraded)
    queue.sign_in(db, 1, "siti", "siti123")
    assert stored_hash(db, "siti") == upgraded  # once only


# -- the kiosk PIN ---------------------------------------------------------------------------------


def stored_pin(db: Database) -> str:
    with db.read() as s:
        return str(s.scalar(select(Setting.value).where(Setting.key == "kiosk_pin")) or "")


def test_kiosk_pin_is_stored_hashed_and_checked(db: Database, fake_clock: FakeClock) -> None:
    assert access.check_kiosk_pin(db, "1234") is False  # no PIN: nothing unlocks
    access.set_kiosk_pin(db, "2468")
    stored = stored_pin(db)
    assert passwords.is_hash(stored) and "2468" not in stored
    assert access.check_kiosk_pin(db, "2468") is True
    assert access.check_kiosk_pin(db, "1111") is False
    assert queue.queue_snapshot(db).settings.kiosk_pin == stored
    with pytest.raises(Exception, match="4 to 12 digits"):
        access.set_kiosk_pin(db, "12ab")
    access.set_kiosk_pin(db, "")
    assert stored_pin(db) == ""


def test_wrong_kiosk_pins_lock_out_across_restarts(db: Database, fake_clock: FakeClock) -> None:
    access.set_kiosk_pin(db, "2468")
    for _ in range(access.MAX_FAILURES - 1):
        assert access.check_kiosk_pin(db, "0000") is False
    with pytest.raises(LockedOut):
        access.check_kiosk_pin(db, "0000")  # the wrong one that locks says so at once
    again = Database(db.url.render_as_string(hide_password=False))  # the kiosk restarted
    try:
        shown = access.current_lockout(again, access.KIOSK_PIN)  # what the lock screen shows at once
        assert shown is not None and shown.local_until.strftime("%H.%M") == "09.05"
        assert access.current_lockout(again, "officer:siti") is None
        with pytest.raises(LockedOut, match="kiosk PIN is locked until 09:05"):
            access.check_kiosk_pin(again, "2468")
        fake_clock.advance(minutes=5, seconds=1)
        assert access.current_lockout(again, access.KIOSK_PIN) is None
        assert access.check_kiosk_pin(again, "2468") is True
    finally:
        again.dispose()
    assert lockout_row(db, access.KIOSK_PIN) is None
    for _ in range(access.MAX_FAILURES - 1):
        access.check_kiosk_pin(db, "0000")
    with pytest.raises(LockedOut):
        access.check_kiosk_pin(db, "0000")
    access.set_kiosk_pin(db, "1357")  # a new PIN lifts the lockout
    assert access.check_kiosk_pin(db, "1357") is True


def test_site_file_kiosk_pin_is_hashed_on_apply(db: Database, fake_clock: FakeClock) -> None:
    cfg = siteconfig.parse('[site]\nkiosk_pin = "2468"\n', "site.toml")
    assert apply_site(db, cfg)["settings"] == 1
    stored = stored_pin(db)
    assert passwords.is_hash(stored) and access.check_kiosk_pin(db, "2468") is True
    assert apply_site(db, cfg)["settings"] == 0  # the same PIN again: no change, same hash
    assert stored_pin(db) == stored
    exported = siteconfig.export(db)
    assert "kiosk_pin =" not in exported and stored not in exported
    assert "# kiosk_pin is set" in exported
    assert apply_site(db, siteconfig.parse(exported, "exported.toml")) == {
        "settings": 0, "services": 0, "counters": 0, "officers": 0}
    assert stored_pin(db) == stored  # an exported file keeps the PIN
    with pytest.raises(Exception, match="site.kiosk_pin: the kiosk PIN must be 4 to 12 digits"):
        siteconfig.parse('[site]\nkiosk_pin = "abcd"\n', "site.toml")


def test_migration_hashes_a_plain_kiosk_pin_and_unseats_doubles(new_db_url: Any) -> None:
    """A database from before 0004: the PIN stored in plain digits, an officer at two counters."""
    from alembic import command
    from sqlalchemy import text

    from db.migrations import HEAD

    url = new_db_url()
    db = Database(url, migrate=False)
    cfg = db._alembic_config()
    with db._write_engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0003")
    with db._write_engine.begin() as conn:
        conn.execute(text("INSERT INTO officers (id, username, display_name, password_hash, role, active) "
                          "VALUES (1, 'siti', 'Siti', 'x', 'officer', true)"))
        for number in (1, 2, 3):
            conn.execute(text("INSERT INTO counters (number, name, active, call_rule, paused, officer_id) "
                              "VALUES (:n, :name, true, 'service_order', false, :o)"),
                         {"n": number, "name": f"Loket {number}", "o": 1 if number != 2 else None})
        conn.execute(text("INSERT INTO settings (key, value) VALUES ('kiosk_pin', :v)"), {"v": json.dumps("2468")})
    db.ensure_schema()
    assert db.current_revision() == HEAD
    assert passwords.is_hash(stored_pin(db)) and access.check_kiosk_pin(db, "2468") is True
    assert [counter_row(db, n)["officer_id"] for n in (1, 2, 3)] == [1, None, None]
    db.dispose()


def test_lockout_span_policy() -> None:
    assert [access.lockout_span(n) for n in range(access.MAX_FAILURES)] == [None] * access.MAX_FAILURES
    assert access.lockout_span(access.MAX_FAILURES) == access.LOCKOUT
    assert access.lockout_span(access.MAX_FAILURES + 1) == 2 * access.LOCKOUT
    assert timedelta(minutes=5) == access.LOCKOUT and timedelta(hours=1) == access.MAX_LOCKOUT


def test_the_default_dummy_hash_is_ready_made(monkeypatch: pytest.MonkeyPatch) -> None:
    """At the real cost the dummy hash is a constant, so even the first unknown username of a
    process costs one scrypt, not two; it is the hash of nobody's password at that cost."""
    monkeypatch.delenv(passwords.COST_ENV)
    assert passwords.dummy_hash() == passwords._DUMMY_DEFAULT == passwords._dummy_hash(passwords.DEFAULT_N)
    assert passwords.dummy_hash().startswith("scrypt$131072$8$1$") and not passwords.needs_rehash(passwords.dummy_hash())
