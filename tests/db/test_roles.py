"""Console sign-in, the role check inside each transaction, the audit log's guard, heartbeats."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from db import audit, heartbeat, roles
from db.clock import FakeClock, utcnow
from db.database import Database
from db.errors import AuthError, DatabaseUnavailable, NotPermitted
from db.models import Officer


def test_supervisor_and_admin_sign_in_officer_is_refused(db: Database) -> None:
    sup = roles.sign_in(db, "supervisor", "supervisor123", place="PC-1")
    assert (sup.username, sup.role, sup.is_admin) == ("supervisor", "supervisor", False)
    adm = roles.sign_in(db, " admin ", "admin123")
    assert adm.is_admin
    with pytest.raises(NotPermitted, match="Siti Rahmawati is not a supervisor or administrator"):
        roles.sign_in(db, "siti", "siti123")
    with pytest.raises(AuthError, match="wrong username or password"):
        roles.sign_in(db, "supervisor", "wrong-one")
    with pytest.raises(AuthError):
        roles.sign_in(db, "nobody", "supervisor123")
    signed = [(e.username, e.action, e.target) for e in audit.entries(db, action="signed_in")]
    assert signed == [("admin", "signed_in", "console"), ("supervisor", "signed_in", "PC-1")]


def test_require_checks_session_officer_and_role_every_time(db: Database) -> None:
    sup = roles.sign_in(db, "supervisor", "supervisor123")
    adm = roles.sign_in(db, "admin", "admin123")
    with db.read() as s:
        assert roles.require(s, sup).username == "supervisor"
        assert roles.require(s, adm, roles.ADMINISTER).username == "admin"
        with pytest.raises(NotPermitted, match="Dewi Lestari is not an administrator"):
            roles.require(s, sup, roles.ADMINISTER)
        with pytest.raises(NotPermitted, match="needs a supervisor"):
            roles.require(s, None)
        forged = dataclasses.replace(sup, token="made-up")
        with pytest.raises(NotPermitted, match="session has ended"):
            roles.require(s, forged)
        borrowed = dataclasses.replace(adm, session_id=sup.session_id)  # someone else's session id
        with pytest.raises(NotPermitted, match="session has ended"):
            roles.require(s, borrowed)
    with db.write() as s:
        s.query(Officer).filter_by(username="supervisor").update({"role": "officer"})
    with db.read() as s, pytest.raises(NotPermitted, match="is not a supervisor"):
        roles.require(s, sup)
    with db.write() as s:
        s.query(Officer).filter_by(username="supervisor").update({"role": "supervisor", "active": False})
    with db.read() as s, pytest.raises(NotPermitted, match="disabled"):
        roles.require(s, sup)
    roles.sign_out(db, adm)
    roles.sign_out(db, adm)  # twice is harmless
    with db.read() as s, pytest.raises(NotPermitted, match="session has ended"):
        roles.require(s, adm)
    assert [e.action for e in audit.entries(db, username="admin")] == ["signed_out", "signed_in"]


def test_expired_session_is_refused(db: Database, fake_clock: FakeClock) -> None:
    sup = roles.sign_in(db, "supervisor", "supervisor123")
    fake_clock.advance(hours=roles.SESSION_HOURS, minutes=1)
    with db.read() as s, pytest.raises(NotPermitted, match="expired"):
        roles.require(s, sup)


def test_bootstrap_is_open_only_while_no_admin_exists(db: Database) -> None:
    with db.write() as s:
        assert roles.require_admin_or_bootstrap(s, roles.sign_in(db, "admin", "admin123")) is not None
        with pytest.raises(NotPermitted):
            roles.require_admin_or_bootstrap(s, None)
        s.query(Officer).filter_by(role="admin").update({"active": False})
        assert roles.require_admin_or_bootstrap(s, None) is None


def test_audit_log_refuses_update_and_delete_in_the_database(db: Database) -> None:
    adm = roles.sign_in(db, "admin", "admin123")
    with db.write() as s:
        audit.record(s, adm, "service_changed", "A", {"name": "Lama"}, {"name": "Baru"})
    for statement in ("UPDATE audit_entries SET action = 'x'", "DELETE FROM audit_entries"):
        with pytest.raises((DBAPIError, DatabaseUnavailable), match="append-only"), db.write() as s:
            s.execute(text(statement))
    found = audit.entries(db, target="a", action="service_changed")
    assert [(e.before, e.after) for e in found] == [({"name": "Lama"}, {"name": "Baru"})]
    lines = audit.to_csv(found).splitlines()
    assert lines[0] == "\ufeff" + ",".join(audit.CSV_HEADER)
    assert lines[1].endswith(',admin,service_changed,A,"{""name"": ""Lama""}","{""name"": ""Baru""}"')


def test_heartbeats_upsert_and_go_quiet(db: Database, fake_clock: FakeClock) -> None:
    heartbeat.beat(db, "display", pc="LOBBY")
    heartbeat.beat(db, "counter", pc="PC-2", counter=2)
    fake_clock.advance(seconds=60)
    heartbeat.beat(db, "counter", pc="PC-2", counter=2)
    fake_clock.advance(seconds=40)
    with db.read() as s:
        beats = {(b.kind, b.counter): b for b in heartbeat.read(s)}
    now = utcnow()
    assert len(beats) == 2
    assert beats[("display", None)].quiet(now) and not beats[("counter", 2)].quiet(now)
    assert beats[("counter", 2)].started_at < beats[("counter", 2)].last_seen
    heartbeat.forget(db, "display", pc="LOBBY")
    with db.read() as s:
        assert [b.kind for b in heartbeat.read(s)] == ["counter"]
    with pytest.raises(ValueError):
        heartbeat.beat(db, "toaster")


def test_an_officer_refused_at_the_console_keeps_her_counter_sign_in(db: Database) -> None:
    from db import access, queue

    for _ in range(access.MAX_FAILURES + 1):  # the right password each time: refused, never locked
        with pytest.raises(NotPermitted):
            roles.sign_in(db, "siti", "siti123")
    assert access.current_lockout(db, access.officer_subject("siti")) is None
    assert queue.sign_in(db, 1, "siti", "siti123").username == "siti"


def test_an_unknown_audit_action_is_refused(db: Database) -> None:
    adm = roles.sign_in(db, "admin", "admin123")
    with pytest.raises(ValueError, match="unknown audit action"), db.write() as s:
        audit.record(s, adm, "made_up", "A")
