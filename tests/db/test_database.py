"""Opening a database: URL resolution, errors, schema creation and refusal, SQLite settings."""

from __future__ import annotations

import sqlite3
from datetime import UTC
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select, text
from sqlalchemy.exc import IntegrityError

import db.database as database_module
from db import queue
from db.database import Database, parse_url, resolve_url
from db.errors import DatabaseUnavailable, SchemaTooNew
from db.migrations import HEAD
from db.models import Base, Ticket, TicketEvent
from tests.pg import PgCluster, free_port

TABLES = {
    "alembic_version", "counter_services", "counters", "day_sequences", "officers", "services",
    "settings", "ticket_events", "tickets", "lockouts",
    "console_sessions", "audit_entries", "heartbeats", "service_days",
    "survey_responses", "survey_periods", "bookings",
}


# -- where the database is ----------------------------------------------------------------------


def test_url_from_argument_wins_over_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTRIAN_DB", f"sqlite:///{tmp_path / 'env.db'}")
    db = Database(f"sqlite:///{tmp_path / 'arg.db'}")
    db.dispose()
    assert (tmp_path / "arg.db").exists()
    assert not (tmp_path / "env.db").exists()


def test_url_from_antrian_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTRIAN_DB", f"sqlite:///{tmp_path / 'env.db'}")
    db = Database()
    assert db.url.database == str(tmp_path / "env.db")
    assert db.current_revision() == HEAD
    db.dispose()
    assert (tmp_path / "env.db").exists()


def test_default_is_sqlite_in_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data" / "nested"  # created on demand
    monkeypatch.setenv("ANTRIAN_DATA_DIR", str(data))
    assert resolve_url(None) == f"sqlite:///{data / 'antrian.db'}"
    db = Database()
    assert db.dialect == "sqlite"
    assert db.current_revision() == HEAD
    db.dispose()
    assert (data / "antrian.db").is_file()


def test_blank_environment_value_means_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTRIAN_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ANTRIAN_DB", "   ")
    assert resolve_url() == f"sqlite:///{tmp_path / 'antrian.db'}"


def test_bare_path_is_an_sqlite_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert resolve_url("queue.db") == f"sqlite:///{tmp_path / 'queue.db'}"
    db = Database("sub/queue.db")
    assert db.dialect == "sqlite"
    assert db.current_revision() == HEAD
    db.dispose()
    assert (tmp_path / "sub" / "queue.db").is_file()


def test_postgres_urls_get_the_psycopg_driver() -> None:
    for raw in ("postgresql://u:p@h/d", "postgres://u:p@h/d", "postgresql+psycopg2://u:p@h/d"):
        url = parse_url(resolve_url(raw))
        assert url.drivername == "postgresql+psycopg"
        assert (url.username, url.password, url.host, url.database) == ("u", "p", "h", "d")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("://", "is not a database URL"),
        ("mysql://u:p@localhost/antrian", "unsupported database 'mysql'"),
        ("oracle+cx_oracle://u:p@h/x", "unsupported database 'oracle'"),
    ],
)
def test_wrong_url_is_refused_clearly(raw: str, expected: str) -> None:
    with pytest.raises(DatabaseUnavailable, match=expected) as info:
        Database(raw)
    assert "Traceback" not in str(info.value)
    assert "\n" not in str(info.value)


def test_sqlite_folder_that_cannot_be_made(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(DatabaseUnavailable, match="cannot create folder"):
        Database(f"sqlite:///{blocker / 'sub' / 'antrian.db'}")


def test_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are somebody's notes, not a database\n" * 50)
    with pytest.raises(DatabaseUnavailable, match="not a database"):
        Database(str(path))
    assert path.read_text().startswith("these are somebody's notes")


def test_unreachable_postgresql_is_refused_clearly() -> None:
    port = free_port()  # nobody listens there
    with pytest.raises(DatabaseUnavailable) as info:
        Database(f"postgresql://antrian:secret@127.0.0.1:{port}/antrian")
    message = str(info.value)
    assert message.startswith("cannot open database")
    assert str(port) in message and "refused" in message.lower()
    assert "\n" not in message


@pytest.mark.postgres
def test_wrong_password_and_missing_database(pg_cluster: PgCluster) -> None:
    bad_pw = f"postgresql://{pg_cluster.user}:wrong@127.0.0.1:{pg_cluster.port}/postgres"
    with pytest.raises(DatabaseUnavailable, match="password authentication failed"):
        Database(bad_pw)
    with pytest.raises(DatabaseUnavailable, match="does not exist"):
        Database(pg_cluster.url("no_such_database"))


# -- schema -------------------------------------------------------------------------------------


def test_empty_database_gets_the_schema(db_url: str) -> None:
    db = Database(db_url, migrate=False)
    assert db.current_revision() is None
    assert not inspect(db.engine).get_table_names()
    db.ensure_schema()
    assert set(inspect(db.engine).get_table_names()) == TABLES
    assert db.current_revision() == HEAD
    db.dispose()

    again = Database(db_url)  # opening again changes nothing
    assert again.current_revision() == HEAD
    assert set(inspect(again.engine).get_table_names()) == TABLES
    again.dispose()


def test_migration_matches_the_models(db_url: str) -> None:
    """The Alembic migration creates exactly what models.py declares (autogenerate finds nothing)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    db = Database(db_url)
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    db.dispose()
    assert diff == []


def test_head_is_alembics_head(db_url: str) -> None:
    from alembic.script import ScriptDirectory

    db = Database(db_url, migrate=False)
    script = ScriptDirectory.from_config(db._alembic_config())
    assert script.get_heads() == [HEAD]
    assert script.get_current_head() == HEAD
    db.dispose()


def test_newer_schema_is_refused(db_url: str) -> None:
    db = Database(db_url)
    with db.write() as s:
        s.execute(text("UPDATE alembic_version SET version_num = 'f00dcafe9999'"))
    db.dispose()
    with pytest.raises(SchemaTooNew, match="f00dcafe9999") as info:
        Database(db_url)
    assert "newer Antrian" in str(info.value)
    # refused, not "upgraded": the stamp is untouched
    check = Database(db_url, migrate=False)
    assert check.current_revision() == "f00dcafe9999"
    check.dispose()


def test_foreign_keys_are_enforced(db: Database) -> None:
    from datetime import date, datetime

    with pytest.raises(IntegrityError), db.write() as s:
        s.add(TicketEvent(ticket_id=987654, kind="issued", at=datetime.now(UTC), day=date.today()))
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(TicketEvent)) == 0


def test_ticket_numbers_are_unique_in_the_schema(db: Database, fake_clock) -> None:  # type: ignore[no-untyped-def]
    issued = queue.issue_ticket(db, "A").ticket
    with pytest.raises(IntegrityError), db.write() as s:
        original = s.get(Ticket, issued.id)
        assert original is not None
        s.add(Ticket(service_id=original.service_id, day=original.day, seq=original.seq, label="A-001",
                     status="waiting", priority=False, issued_at=original.issued_at,
                     queue_time=original.queue_time, source="kiosk", recall_count=0))


# -- SQLite settings ------------------------------------------------------------------------------


def _sqlite_db(tmp_path: Path) -> Database:
    return Database(f"sqlite:///{tmp_path / 'antrian.db'}")


def test_sqlite_pragmas(tmp_path: Path) -> None:
    db = _sqlite_db(tmp_path)
    for session in (db.read, db.write):
        with session() as s:
            assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert s.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
            assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert s.execute(text("PRAGMA busy_timeout")).scalar() == database_module.SQLITE_BUSY_TIMEOUT_MS
    db.dispose()
    # WAL is a property of the file: any other program opening it sees it too.
    raw = sqlite3.connect(tmp_path / "antrian.db")
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    raw.close()


def _try_write_lock(path: Path) -> bool:
    """Whether another connection can take the write lock right now (no waiting)."""
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as e:
        assert "locked" in str(e)
        return False
    finally:
        other.close()


def test_sqlite_write_sessions_take_the_write_lock_at_once(tmp_path: Path) -> None:
    db = _sqlite_db(tmp_path)
    path = tmp_path / "antrian.db"
    with db.write() as s:
        s.execute(text("SELECT 1")).scalar()  # only a read so far, but the lock is already held
        assert not _try_write_lock(path)
    assert _try_write_lock(path)
    with db.read() as s:
        s.execute(text("SELECT count(*) FROM tickets")).scalar()
        assert _try_write_lock(path)  # readers never block writers
    db.dispose()


def test_sqlite_locked_too_long_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database_module, "SQLITE_BUSY_TIMEOUT_MS", 1000)
    path = tmp_path / "antrian.db"
    db = _sqlite_db(tmp_path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseUnavailable, match="locked by another program") as info, db.write() as s:
            s.execute(text("INSERT INTO settings (key, value) VALUES ('site_name', '\"x\"')"))
        assert "try again" in str(info.value)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with db.read() as s:
        assert s.execute(text("SELECT count(*) FROM settings")).scalar() == 0
    db.dispose()


# -- PostgreSQL settings and a server restart --------------------------------------------------------


@pytest.mark.postgres
def test_postgresql_connection(pg_url: str) -> None:
    db = Database(pg_url)
    assert db.dialect == "postgresql"
    assert db.url.drivername == "postgresql+psycopg"
    with db.read() as s:
        assert s.execute(text("SHOW fsync")).scalar() == "on"
        assert s.execute(text("SELECT current_setting('application_name')")).scalar() == "antrian"
    db.dispose()


@pytest.mark.postgres
def test_postgresql_server_down_then_back(pg_cluster: PgCluster, pg_site_url: str, fake_clock) -> None:  # type: ignore[no-untyped-def]
    """The same Database handle fails clearly while the server is down and works again after."""
    db = Database(pg_site_url)
    first = queue.issue_ticket(db, "A").ticket
    pg_cluster.stop()
    try:
        assert not pg_cluster.is_running()
        with pytest.raises(DatabaseUnavailable) as info:
            queue.issue_ticket(db, "A")
        assert "\n" not in str(info.value)
        with pytest.raises(DatabaseUnavailable):
            queue.queue_snapshot(db)
    finally:
        pg_cluster.start()
    assert pg_cluster.is_running()
    second = queue.issue_ticket(db, "A").ticket  # pooled connections were dead: pre-ping replaced them
    assert (first.label, second.label) == ("A-001", "A-002")
    assert queue.queue_snapshot(db).services[0].waiting == 2
    db.dispose()


def test_a_second_database_on_an_open_sqlite_file_keeps_the_first_ones_locks(tmp_path: Path) -> None:
    """Closing any descriptor of an SQLite file drops every POSIX lock this process holds on
    it, SQLite's own included. The header check read the file with ``open()``: a second
    ``Database`` on a file already open here let another process's last connection reset
    the write-ahead log under this one, which then read a damaged database."""
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'antrian.db'}"
    first = Database(url)
    try:
        from db.models import Service

        with first.write() as s:
            s.add(Service(code="A", name_id="Umum", name_en="General", sort_order=1, hours={}))
        for n in range(1, 4):
            with first.read() as s:  # the first one's connection stays open in its pool
                assert s.scalar(select(func.count()).select_from(Ticket)) == 2 * (n - 1)
            Database(url).dispose()  # a second one, opened and closed again
            antrian = Path(sys.executable).with_name("antrian")
            issued = subprocess.run([str(antrian), "--db", url, "issue", "A"], capture_output=True, text=True)
            assert issued.returncode == 0, issued.stderr
            assert queue.issue_ticket(first, "A").ticket.label == f"A-00{2 * n}"
    finally:
        first.dispose()
