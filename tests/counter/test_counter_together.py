"""Several counters at once: nobody gets a visitor twice, a transferred visitor keeps their place."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from counter import model
from db import queue
from db.database import Database
from tests.counter.counter_helpers import WAIT_MS, press, wait_number, wait_state


def test_two_counters_calling_at_the_same_moment_get_different_tickets(qtbot: QtBot, stations, issue, db: Database) -> None:  # type: ignore[no-untyped-def]
    for _ in range(10):
        issue("A")  # Loket 1 and Loket 3 both serve Desk CAPA
    one = stations.window(1).window
    three = stations.window(3).window
    seen: list[str] = []
    for round_ in range(5):
        if round_:  # each visitor came: calling next then ends their visit without a question
            for w in (one, three):
                qtbot.mouseClick(w.buttons[model.START], Qt.MouseButton.LeftButton)  # two windows: no keys
                wait_state(qtbot, w, model.SERVING)
                qtbot.waitUntil(lambda w=w: w.session.busy is None, timeout=WAIT_MS)
        before = (one.panel.number.text(), three.panel.number.text())
        # Both officers press at once; each window has its own connection and worker thread.
        qtbot.mouseClick(one.buttons[model.CALL_NEXT], Qt.MouseButton.LeftButton)
        qtbot.mouseClick(three.buttons[model.CALL_NEXT], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda before=before: one.session.busy is None and three.session.busy is None
            and (one.panel.number.text(), three.panel.number.text()) != before
            and one.panel.number.text() != before[0] and three.panel.number.text() != before[1],
            timeout=WAIT_MS,
        )
        a, b = one.panel.number.text(), three.panel.number.text()
        assert a and b and a != b
        seen += [a, b]
    assert len(seen) == len(set(seen)) == 10
    snap = queue.queue_snapshot(db)
    assert {c.number: c.current.label for c in snap.counters if c.current} == {1: seen[-2], 3: seen[-1]}
    assert queue.waiting_tickets(db, 1) == []


def test_transfer_keeps_the_visitors_place(qtbot: QtBot, stations, issue, db: Database, fake_clock) -> None:  # type: ignore[no-untyped-def]
    issue("A")  # 09:00, the visitor who will be sent on
    fake_clock.advance(minutes=5)
    issue("B")  # 09:05, already waiting at Desk Prasertifikasi
    fake_clock.advance(minutes=5)
    one_st = stations.window(1)
    one = one_st.window
    press(qtbot, one, Qt.Key.Key_F1)
    wait_number(qtbot, one, "A-001")
    press(qtbot, one, Qt.Key.Key_F3)
    wait_state(qtbot, one, model.SERVING)
    fake_clock.advance(minutes=3)
    issue("B")  # 09:13, after the transfer's original issue time but before the transfer itself
    fake_clock.advance(minutes=2)
    press(qtbot, one, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: one.chooser is not None, timeout=WAIT_MS)
    one.chooser.choose("B")
    wait_state(qtbot, one, model.IDLE)
    assert "nomor dan urutannya tetap" in one.status.message
    two = stations.window(2).window  # Loket 2 serves C, D, then B
    labels = [t.label for t in two.waiting.tickets]
    assert labels == ["A-001", "B-001", "B-002"]  # issued at 09:00, so first in line at Desk Prasertifikasi
    moved = two.waiting.tickets[0]
    assert moved.service_code == "B" and moved.transferred_from_id is not None
    assert two.waiting.topLevelItem(0).text(2) == "15 mnt"  # waiting time counts from 09:00
    press(qtbot, two, Qt.Key.Key_F1)
    wait_number(qtbot, two, "A-001")
    assert "dialihkan dari layanan lain" in two.panel.details.text()
