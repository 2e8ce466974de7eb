"""Every app's heartbeat: through the task runner, at start and on a timer; a failure is logged once."""

from __future__ import annotations

import logging

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from db import heartbeat
from db.database import Database
from ui.heartbeat import Heartbeat
from ui.tasks import TaskRunner


def _beats(db: Database) -> list[heartbeat.AppBeat]:
    with db.read() as s:
        return heartbeat.read(s)


def test_an_app_beats_at_start_and_on_its_timer_then_forgets_itself(qtbot: QtBot, db: Database) -> None:
    runner = TaskRunner()
    beats = Heartbeat(db, runner, "counter", counter=2)
    assert beats.enabled and beats._timer.interval() == 30_000
    beats.start()
    qtbot.waitUntil(lambda: beats.beats == 1, timeout=10_000)
    (row,) = _beats(db)
    assert (row.kind, row.pc, row.counter) == ("counter", heartbeat.this_pc(), 2)
    first_seen = row.last_seen
    beats._timer.timeout.emit()  # the interval passes
    qtbot.waitUntil(lambda: beats.beats == 2, timeout=10_000)
    (row,) = _beats(db)
    assert row.last_seen >= first_seen and row.started_at <= first_seen
    beats.stop()
    runner.wait()
    assert _beats(db) == []  # stopped on purpose: not "quiet"


def test_a_counter_chosen_at_sign_in_moves_the_row(qtbot: QtBot, db: Database) -> None:
    runner = TaskRunner(synchronous=True)
    beats = Heartbeat(db, runner, "counter")
    beats.start()
    assert [(b.kind, b.counter) for b in _beats(db)] == [("counter", None)]
    beats.set_counter(3)
    assert [(b.kind, b.counter) for b in _beats(db)] == [("counter", 3)]
    beats.set_counter(3)  # the same counter: nothing to do
    assert beats.beats == 2
    beats.stop()
    assert _beats(db) == []


def test_a_kind_without_heartbeats_sends_none(qtbot: QtBot, db: Database) -> None:
    runner = TaskRunner()
    beats = Heartbeat(db, runner, "reports")
    beats.start()
    beats.stop()
    runner.wait()
    assert not beats.enabled and _beats(db) == []


def test_a_failed_beat_is_logged_once_until_one_works(qtbot: QtBot, db: Database,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    runner = TaskRunner(synchronous=True)
    beats = Heartbeat(db, runner, "kiosk")
    with db.write() as s:
        s.execute(text("ALTER TABLE heartbeats RENAME TO heartbeats_away"))
    with caplog.at_level(logging.WARNING, logger="antrian.ui.heartbeat"):
        beats.beat()
        beats.beat()
        beats.beat()
    failures = [r for r in caplog.records if getattr(r, "event", "") == "heartbeat_failed"]
    assert len(failures) == 1 and beats.failing and beats.beats == 0
    with db.write() as s:
        s.execute(text("ALTER TABLE heartbeats_away RENAME TO heartbeats"))
    with caplog.at_level(logging.INFO, logger="antrian.ui.heartbeat"):
        beats.beat()
    assert not beats.failing and beats.beats == 1
    assert any(getattr(r, "event", "") == "heartbeat_restored" for r in caplog.records)
    assert [b.kind for b in _beats(db)] == ["kiosk"]

