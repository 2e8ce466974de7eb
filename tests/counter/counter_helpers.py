"""Small helpers the counter tests share: key presses, waits, logged events."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from counter.window import CounterWindow
from db import queue
from db.database import Database

WAIT_MS = 15_000


def press(qtbot: QtBot, window: CounterWindow, key: Qt.Key,
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """Press ``key`` in the counter window, as the officer does."""
    qtbot.keyClick(window, key, modifier)


def wait_number(qtbot: QtBot, window: CounterWindow, label: str) -> None:
    """Wait until the big number shows ``label`` ("" for nobody)."""
    qtbot.waitUntil(lambda: window.panel.number.text() == label, timeout=WAIT_MS)


def wait_state(qtbot: QtBot, window: CounterWindow, state: str) -> None:
    """Wait until the counter is in ``state`` (idle, called, serving, paused, offline)."""
    qtbot.waitUntil(lambda: window.session.state == state, timeout=WAIT_MS)


def wait_idle_session(qtbot: QtBot, window: CounterWindow) -> None:
    """Wait until no action is in flight."""
    qtbot.waitUntil(lambda: window.session.busy is None, timeout=WAIT_MS)


def wait_status(qtbot: QtBot, window: CounterWindow, text: str) -> None:
    """Wait until the status line says ``text`` (a part of it)."""
    qtbot.waitUntil(lambda: text in window.status.message, timeout=WAIT_MS)


def logged(caplog: pytest.LogCaptureFixture, event: str) -> list[logging.LogRecord]:
    """Records of the counter's logger with ``extra={"event": event}``."""
    return [r for r in caplog.records if r.name.startswith("antrian.counter") and getattr(r, "event", None) == event]


def enabled(window: CounterWindow) -> set[str]:
    """The actions whose buttons are enabled."""
    return {a for a, b in window.buttons.items() if b.isEnabled()}


def ticket_status(db: Database, ticket_id: int) -> str:
    """A ticket's status as the database has it now."""
    return queue.ticket(db, ticket_id).status
