"""Backups taken while tickets are being issued, restores of them, and every refusal."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db import backup, heartbeat, queue
from db.backup import BackupError
from db.clock import FakeClock
from db.database import Database
from db.migrations import HEAD
from db.models import Ticket, TicketEvent
from tests.db.dbtools import set_service


def ticket_ids(db: Database) -> set[int]:
    """Every ticket id in the database."""
    with db.read() as s:
        return set(s.scalars(select(Ticket.id)))


def issued_without_event(db: Database) -> int:
    """Tickets without their "issued" event (a torn transaction would leave some)."""
    with db.read() as s:
        issued = select(TicketEvent.ticket_id).where(TicketEvent.kind == "issued")
        return s.scalar(select(func.count()).select_from(Ticket).where(Ticket.id.not_in(issued))) or 0


def test_a_backup_under_load_restores_every_ticket_committed_before_it_began(site_db_url: str, tmp_path: Path) -> None:
    stop = threading.Event()
    load = Database(site_db_url)
    set_service(load, "A", daily_quota=None)
    issued: list[int] = []

    def issue() -> None:
        while not stop.is_set():
            issued.append(queue.issue_ticket(load, "A").ticket.id)

    worker = threading.Thread(target=issue)
    worker.start()
    try:
        while len(issued) < 30 and worker.is_alive():
            time.sleep(0.01)
        db = Database(site_db_url)
        before = ticket_ids(db)  # committed before the backup begins
        result = backup.backup(db, tmp_path / "backups")
        while len(issued) < len(before) + 30 and worker.is_alive():  # the load goes on after it
            time.sleep(0.01)
    finally:
        stop.set()
        worker.join()
        load.dispose()
    assert result.path.parent == tmp_path / "backups" and result.size > 0 and result.seconds >= 0
    assert backup.NAME.match(result.path.name) and not list(result.path.parent.glob("*.partial"))
    everything = ticket_ids(db)
    assert len(everything) >= len(before) + 30

    restored = backup.restore(db, result.path, safety_dir=tmp_path / "safety")
    after = ticket_ids(db)
    assert before <= after < everything  # all of those, none of the later ones
    assert issued_without_event(db) == 0  # no half transaction in the copy
    assert restored.safety.path.name.endswith("-before-restore" + restored.safety.path.suffix)
    assert db.current_revision() == HEAD
    label = queue.issue_ticket(db, "A").ticket.label  # the restored database works
    assert label == f"A-{len(after) + 1:03d}"
    if db.dialect == "sqlite":
        assert restored.revision == HEAD
        with sqlite3.connect(db.url.database or "") as conn:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    # The safety copy holds the database as it was before the restore.
    back = backup.restore(db, restored.safety.path, safety_dir=tmp_path / "safety")
    assert ticket_ids(db) == everything and back.source == restored.safety.path
    db.dispose()


def test_keep_removes_only_older_backups(db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    old = [folder / f"antrian-2026010{i}T000000Z.{'db' if db.dialect == 'sqlite' else 'dump'}" for i in (1, 2, 3)]
    for p in old:
        p.write_bytes(b"old")
    result = backup.backup(db, folder, keep=2)
    assert set(result.removed) == {old[0], old[1]}
    assert sorted(p.name for p in folder.iterdir()) == sorted([old[2].name, result.path.name, "notes.txt"])
    with pytest.raises(BackupError, match="at least 1"):
        backup.backup(db, folder, keep=0)


def test_backups_in_one_second_keep_the_newest(db: Database, tmp_path: Path, fake_clock: FakeClock) -> None:
    """Before: the third backup of a second took the first's name, freed by the pruning, and
    its own pruning then removed it as the oldest (``No such file or directory``)."""
    folder = tmp_path / "b"
    made = [backup.backup(db, folder, keep=2) for _ in range(4)]  # the clock stands still: all in one second
    assert [r.path.name.split(".")[0][-2:] for r in made] == ["0Z", "-2", "-3", "-4"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(r.path.name for r in made[2:])
    assert [r.removed for r in made] == [(), (), (made[0].path,), (made[1].path,)]


def test_default_folder(db: Database) -> None:
    folder = backup.default_dir(db)
    assert folder.name == "backups"
    if db.dialect == "sqlite":
        assert folder.parent == Path(db.url.database or "").parent


def test_restore_is_refused_while_apps_are_connected(db: Database, tmp_path: Path) -> None:
    result = backup.backup(db, tmp_path)
    heartbeat.beat(db, "kiosk", pc="LOBBY-1")
    heartbeat.beat(db, "counter", pc="PC-2", counter=2)
    with pytest.raises(BackupError, match=r"apps are still using the database \(counter 2 on PC-2, "
                                          r"kiosk on LOBBY-1.*close them first, or add --force"):
        backup.restore(db, result.path)
    assert not list(tmp_path.glob("*before-restore*"))  # refused before anything was done
    backup.restore(db, result.path, force=True, safety_dir=tmp_path)
    assert len(list(tmp_path.glob("*before-restore*"))) == 1


def test_restore_refuses_what_is_not_a_backup_of_this_kind(db: Database, tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="there is no backup file"):
        backup.restore(db, tmp_path / "none.db")
    text_file = tmp_path / "notes.dump"
    text_file.write_text("hello")
    sqlite_file = tmp_path / "other.db"
    with sqlite3.connect(sqlite_file) as conn:
        conn.execute("CREATE TABLE things (id INTEGER)")
    if db.dialect == "sqlite":
        with pytest.raises(BackupError, match="not an SQLite backup"):
            backup.restore(db, text_file)
        with pytest.raises(BackupError, match="not an Antrian database"):
            backup.restore(db, sqlite_file)
    else:
        with pytest.raises(BackupError, match="is an SQLite backup; it cannot be restored into"):
            backup.restore(db, sqlite_file)
        with pytest.raises(BackupError, match="pg_restore failed"):
            backup.restore(db, text_file, safety_dir=tmp_path)
    assert queue.issue_ticket(db, "A").ticket.label == "A-001"  # nothing was changed


def test_sqlite_backups_from_a_newer_or_older_antrian(tmp_path: Path, site_db_url: str) -> None:
    db = Database(site_db_url)
    if db.dialect != "sqlite":
        pytest.skip("the schema check of a backup file is SQLite's; pg_restore brings its own")
    made = backup.backup(db, tmp_path).path
    newer = tmp_path / "newer.db"
    newer.write_bytes(made.read_bytes())
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(BackupError, match="newer Antrian"):
        backup.restore(db, newer)
    older = tmp_path / "older.db"
    older.write_bytes(made.read_bytes())
    with sqlite3.connect(older) as conn:  # as a 0005 database was: no survey tables, bookings or arrivals index yet
        conn.execute("DROP INDEX ix_ticket_day_issued")
        conn.execute("DROP TABLE bookings")
        for column in ("booking_quota", "requirements_id", "requirements_en"):
            conn.execute(f"ALTER TABLE services DROP COLUMN {column}")
        conn.execute("DROP TABLE survey_responses")
        conn.execute("DROP TABLE survey_periods")
        conn.execute("UPDATE alembic_version SET version_num = '0005'")
    result = backup.restore(db, older, safety_dir=tmp_path)
    assert result.revision == "0005" and db.current_revision() == HEAD
    damaged = tmp_path / "damaged.db"
    data = bytearray(made.read_bytes())
    data[4096 * 2: 4096 * 3] = b"\xff" * 4096
    damaged.write_bytes(bytes(data))
    with pytest.raises(BackupError, match="damaged"):
        backup.restore(db, damaged)
    db.dispose()


def test_pg_tools_are_found_or_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(BackupError, match="pg_nothing was not found: install the PostgreSQL client tools"):
        backup.pg_tool("pg_nothing")
    tool = tmp_path / "pg_dump"
    tool.write_text("#!/bin/sh\n")
    monkeypatch.setenv("ANTRIAN_PG_BIN", str(tmp_path))
    assert backup.pg_tool("pg_dump") == str(tool)  # the folder named first wins
