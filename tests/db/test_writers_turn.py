"""SQLite writers wait for their turn on ``<file>-writers`` (db.database._take_turn)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from db import queue
from db.database import WRITERS_SUFFIX, Database
from db.models import Service

fcntl = pytest.importorskip("fcntl")  # POSIX; elsewhere writers only try SQLite's lock


def _open_site(tmp_path: Path) -> tuple[Database, Path]:
    path = tmp_path / "antrian.db"
    db = Database(f"sqlite:///{path}")
    with db.write() as s:
        s.add(Service(code="A", name_id="Umum", name_en="General", sort_order=1, hours={}))
    return db, path


def test_a_writer_waits_while_another_has_the_turn(tmp_path: Path) -> None:
    db, path = _open_site(tmp_path)
    try:
        lock_file = Path(f"{path}{WRITERS_SUFFIX}")
        assert lock_file.is_file() and (os.name != "posix" or lock_file.stat().st_mode & 0o077 == 0)
        fd = os.open(lock_file, os.O_RDWR)
        fcntl.flock(fd, fcntl.LOCK_EX)  # another writer's turn
        started, done = threading.Event(), threading.Event()
        labels: list[str] = []

        def issue() -> None:
            started.set()
            labels.append(queue.issue_ticket(db, "A").ticket.label)
            done.set()

        worker = threading.Thread(target=issue, daemon=True)
        worker.start()
        started.wait()
        assert not done.wait(0.3)  # asleep until the turn is passed on
        os.close(fd)  # the other writer is done
        worker.join(60)
        assert labels == ["A-001"]
    finally:
        db.dispose()


def test_writes_go_on_where_the_lock_file_cannot_be_made(tmp_path: Path) -> None:
    db, path = _open_site(tmp_path)
    try:
        lock_file = Path(f"{path}{WRITERS_SUFFIX}")
        lock_file.unlink()
        lock_file.mkdir()  # a folder in its place: the file cannot be opened
        assert queue.issue_ticket(db, "A").ticket.label == "A-001"
        assert queue.issue_ticket(db, "A").ticket.label == "A-002"
    finally:
        db.dispose()


def test_a_turn_that_never_comes_is_waited_for_no_longer_than_the_busy_timeout(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A writer stopped (not killed) while it had the turn holds it until it continues:
    the others then try SQLite's own lock after the busy timeout, as they would without turns."""
    import db.database as database

    monkeypatch.setattr(database, "SQLITE_BUSY_TIMEOUT_MS", 300)
    db, path = _open_site(tmp_path)
    fd = os.open(Path(f"{path}{WRITERS_SUFFIX}"), os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # the stopped writer's turn, never passed on
        labels: list[str] = []
        worker = threading.Thread(target=lambda: labels.append(queue.issue_ticket(db, "A").ticket.label), daemon=True)
        worker.start()
        worker.join(60)
        assert labels == ["A-001"]  # written while the turn was still held
        labels.append(queue.issue_ticket(db, "A").ticket.label)
        assert labels == ["A-001", "A-002"]
    finally:
        os.close(fd)
        db.dispose()
    # The abandoned waits took the turn only to pass it on: it is free again.
    probe = os.open(Path(f"{path}{WRITERS_SUFFIX}"), os.O_RDWR)
    try:
        for _ in range(600):
            try:
                fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                threading.Event().wait(0.1)
        else:
            pytest.fail("the turn stayed taken after every writer had finished")
    finally:
        os.close(probe)


def _turn_is_free(path: Path) -> bool:
    """Whether no writer holds the turn now (a probe takes the lock and gives it back)."""
    probe = os.open(Path(f"{path}{WRITERS_SUFFIX}"), os.O_RDWR)
    try:
        fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(probe)


def test_a_writer_holds_the_turn_until_its_transaction_ends(tmp_path: Path) -> None:
    """The next writer wakes when the lock is free, committed or rolled back, not before."""
    db, path = _open_site(tmp_path)
    try:
        assert _turn_is_free(path)
        with db.write() as s:
            s.add(Service(code="B", name_id="Pajak", name_en="Tax", sort_order=2, hours={}))
            s.flush()  # the transaction has begun: the writer has the turn
            assert not _turn_is_free(path)
        assert _turn_is_free(path)
        with pytest.raises(RuntimeError), db.write_connection() as conn:
            conn.exec_driver_sql("UPDATE services SET sort_order = 3 WHERE code = 'B'")
            assert not _turn_is_free(path)
            raise RuntimeError("the action failed: rolled back")
        assert _turn_is_free(path)
        with db.engine.execution_options(antrian_write=True).connect() as conn:
            conn.begin()
            assert not _turn_is_free(path)
            conn.invalidate()  # a connection thrown away mid-transaction passes the turn on too
            assert _turn_is_free(path)
        assert queue.issue_ticket(db, "B").ticket.label == "B-001"
    finally:
        db.dispose()
