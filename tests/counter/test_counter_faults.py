"""Faults: the database goes away and comes back; a locked database refuses an action cleanly."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

import db.database as database_module
from counter import model
from db.database import Database
from db.errors import DatabaseUnavailable
from tests.counter.counter_helpers import WAIT_MS, enabled, press, ticket_status, wait_number, wait_state, wait_status


def test_recovers_after_a_database_outage(qtbot: QtBot, stations, issue, db: Database, db_backend: str,  # type: ignore[no-untyped-def]
                                          request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, screens) -> None:
    first = issue("A")
    if db_backend == "sqlite":
        # An SQLite "outage" is another program holding the write lock (a backup tool, a
        # stuck process); wait 0.3 s for it instead of the usual 10 s.
        monkeypatch.setattr(database_module, "SQLITE_BUSY_TIMEOUT_MS", 300)
        w = stations.window(1).window
        path = make_url(stations.url).database
        assert path and Path(path).exists()
        locker = sqlite3.connect(path, isolation_level=None)
        locker.execute("BEGIN IMMEDIATE")
        try:
            press(qtbot, w, Qt.Key.Key_F1)
            wait_status(qtbot, w, "Basis data sedang dikunci program lain; tindakan tidak dilakukan. Coba lagi.")
            assert w.status.level == "error"
            assert w.session.busy is None
            assert ticket_status(db, first.id) == "waiting"  # nothing half-done
            assert w.session.state == model.IDLE
        finally:
            locker.execute("ROLLBACK")
            locker.close()
        press(qtbot, w, Qt.Key.Key_F1)
        wait_number(qtbot, w, "A-001")
        return

    cluster = request.getfixturevalue("pg_cluster")
    w = stations.window(1).window
    press(qtbot, w, Qt.Key.Key_F1)
    wait_number(qtbot, w, "A-001")
    cluster.stop()
    try:
        wait_state(qtbot, w, model.OFFLINE)
        qtbot.waitUntil(w.banner.isVisible, timeout=WAIT_MS)
        assert enabled(w) == set()
        assert w.panel.number.text() == "A-001"  # the officer still sees who is at the counter
        screens.save(w, "counter-offline", backend="postgresql")
        press(qtbot, w, Qt.Key.Key_F4)
        wait_status(qtbot, w, "Tidak tersambung ke basis data")
    finally:
        cluster.start()
    qtbot.waitUntil(lambda: not w.banner.isVisible(), timeout=30_000)
    wait_state(qtbot, w, model.CALLED)
    assert model.FINISH in enabled(w)
    issue("A")
    qtbot.waitUntil(lambda: len(w.waiting.tickets) == 1, timeout=WAIT_MS)  # live again
    press(qtbot, w, Qt.Key.Key_F1)  # A-001 was only called: asked first, then closed as done
    qtbot.waitUntil(w.close_prompt.isVisible, timeout=WAIT_MS)
    press(qtbot, w, Qt.Key.Key_F4)
    wait_number(qtbot, w, "A-002")
    assert ticket_status(db, first.id) == "done"


@pytest.mark.parametrize("db_backend", ["sqlite"], indirect=True)  # the window's own retry, any backend
def test_unreadable_database_goes_offline_and_retries(qtbot: QtBot, stations, issue,  # type: ignore[no-untyped-def]
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    issue("A")
    w = stations.window(1).window
    real = model.read_view
    failures = {"left": 2}

    def flaky(database: Database, number: int) -> model.CounterView:
        if failures["left"] > 0:
            failures["left"] -= 1
            raise DatabaseUnavailable("database unavailable: disk I/O error")
        return real(database, number)

    monkeypatch.setattr(model, "read_view", flaky)
    w.session.refresh()
    wait_state(qtbot, w, model.OFFLINE)
    assert "Data tidak dapat dibaca" in w.status.message
    assert enabled(w) == set()
    wait_state(qtbot, w, model.IDLE)  # retried by itself
    assert failures["left"] == 0
    assert w.status.message == "Tersambung kembali ke basis data."
    assert model.CALL_NEXT in enabled(w)
