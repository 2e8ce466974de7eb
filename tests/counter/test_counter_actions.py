"""Every counter action from its key, on SQLite and PostgreSQL, checked in the database and the log."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from counter import model
from counter.choosers import OTHER
from db import queue
from db.database import Database
from tests.counter.counter_helpers import (
    WAIT_MS,
    enabled,
    logged,
    press,
    ticket_status,
    wait_idle_session,
    wait_number,
    wait_state,
    wait_status,
)

Key = Qt.Key


@pytest.fixture(autouse=True)
def _capture_counter_log(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    logging.getLogger("antrian").propagate = True
    caplog.set_level(logging.INFO, logger="antrian.counter")
    yield


def test_call_next_asks_how_a_visit_only_called_ends(qtbot: QtBot, stations, issue, db: Database, caplog, screens) -> None:  # type: ignore[no-untyped-def]
    """Issue 10: F1 past a visitor who was called and never served asks (F5 no-show, F4 done,
    Esc neither) instead of counting them served; Space only calls at a free counter."""
    a1, a2, a3 = issue("A"), issue("A"), issue("A")
    w = stations.window(1).window
    assert w.session.state == model.IDLE
    assert w.buttons[model.CALL_NEXT].key_cap.text() == "F1 / Spasi"
    press(qtbot, w, Key.Key_Space)  # the counter is free: Space calls
    wait_number(qtbot, w, "A-001")
    wait_state(qtbot, w, model.CALLED)
    assert ticket_status(db, a1.id) == "called"
    assert "A-001 dipanggil" in w.status.message
    assert w.buttons[model.CALL_NEXT].key_cap.text() == "F1"  # Space no longer calls
    press(qtbot, w, Key.Key_Space)  # ...and never closes a visit
    wait_status(qtbot, w, "Spasi hanya memanggil saat loket kosong")
    assert not w.close_prompt.isVisible()

    press(qtbot, w, Key.Key_F1)  # asks; nothing is written
    qtbot.waitUntil(w.close_prompt.isVisible, timeout=WAIT_MS)
    assert w.close_prompt.question.text() == "A-001 belum mulai dilayani — F5 Tidak hadir · F4 Selesai"
    assert [b.text() for b in w.close_prompt.buttons.values()] == ["Tidak hadir  (F5)", "Selesai  (F4)", "Batal  (Esc)"]
    screens.save(w, "counter-close-prompt")
    wait_idle_session(qtbot, w)
    assert ticket_status(db, a1.id) == "called" and ticket_status(db, a2.id) == "waiting"
    press(qtbot, w, Key.Key_F5)  # A-001 did not come: no-show, and A-002 is called
    wait_number(qtbot, w, "A-002")
    assert not w.close_prompt.isVisible()
    assert ticket_status(db, a1.id) == "no_show" and ticket_status(db, a2.id) == "called"
    wait_status(qtbot, w, "A-001 ditandai tidak hadir; A-002 dipanggil.")
    qtbot.waitUntil(lambda: w.figures.values["no_shows"].text() == "1", timeout=WAIT_MS)
    assert w.figures.values["served"].text() == "0"

    press(qtbot, w, Key.Key_F1)
    qtbot.waitUntil(w.close_prompt.isVisible, timeout=WAIT_MS)
    press(qtbot, w, Key.Key_Escape)  # neither: nothing happens
    assert not w.close_prompt.isVisible()
    press(qtbot, w, Key.Key_F4)  # with the prompt gone, F4 is "finish" again, without a call
    wait_state(qtbot, w, model.IDLE)
    assert ticket_status(db, a2.id) == "done" and ticket_status(db, a3.id) == "waiting"

    press(qtbot, w, Key.Key_F1)  # A-003 called
    wait_number(qtbot, w, "A-003")
    a4 = issue("A")
    press(qtbot, w, Key.Key_F1)
    qtbot.waitUntil(w.close_prompt.isVisible, timeout=WAIT_MS)
    w.close_prompt.buttons["done"].click()  # the mouse answers as F4 does
    wait_number(qtbot, w, "A-004")
    assert ticket_status(db, a3.id) == "done" and ticket_status(db, a4.id) == "called"

    press(qtbot, w, Key.Key_F3)  # A-004 is served: calling next ends it as done, no question
    wait_state(qtbot, w, model.SERVING)
    press(qtbot, w, Key.Key_F1)
    wait_state(qtbot, w, model.IDLE)
    assert not w.close_prompt.isVisible()
    assert ticket_status(db, a4.id) == "done"
    assert [r.label for r in logged(caplog, "called")] == ["A-001", "A-002", "A-003", "A-004"]
    assert [(r.label, r.via) for r in logged(caplog, "no_show")] == [("A-001", "call")]
    assert [r.label for r in logged(caplog, "finished")] == ["A-002", "A-003", "A-004"]
    assert [r.label for r in logged(caplog, "close_asked")] == ["A-001", "A-002", "A-003"]


def test_the_close_prompt_follows_a_stale_view(qtbot: QtBot, stations, issue, db: Database) -> None:  # type: ignore[no-untyped-def]
    """The window thought the visit was served; the core says it was only called: the
    refusal becomes the same question, never a silent close."""
    a1, a2 = issue("A"), issue("A")
    w = stations.window(1).window
    press(qtbot, w, Key.Key_F1)
    wait_state(qtbot, w, model.CALLED)
    wait_idle_session(qtbot, w)
    w.session.view = w.session.view.with_counter(current=replace(w.session.current, status="serving"))
    w.session.call_next()
    qtbot.waitUntil(w.close_prompt.isVisible, timeout=WAIT_MS)
    assert w.close_prompt.label == "A-001"
    assert ticket_status(db, a1.id) == "called" and ticket_status(db, a2.id) == "waiting"


def test_call_next_with_nobody_waiting_says_so(qtbot: QtBot, stations) -> None:  # type: ignore[no-untyped-def]
    w = stations.window(1).window
    press(qtbot, w, Key.Key_F1)
    wait_status(qtbot, w, "Tidak ada pengunjung yang menunggu")
    assert w.session.state == model.IDLE


def test_recall_start_finish(qtbot: QtBot, stations, issue, db: Database, caplog) -> None:  # type: ignore[no-untyped-def]
    t = issue("A")
    w = stations.window(1).window
    press(qtbot, w, Key.Key_F1)
    wait_state(qtbot, w, model.CALLED)
    press(qtbot, w, Key.Key_F2)
    qtbot.waitUntil(lambda: "dipanggil ulang" in w.status.message, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "dipanggil ulang 1×" in w.panel.details.text(), timeout=WAIT_MS)
    assert queue.ticket(db, t.id).recall_count == 1
    press(qtbot, w, Key.Key_F3)
    wait_state(qtbot, w, model.SERVING)
    assert ticket_status(db, t.id) == "serving"
    assert w.panel.state.text() == "Sedang dilayani"
    assert w.panel.timer.text().startswith("Lama layanan")
    press(qtbot, w, Key.Key_F4)
    wait_state(qtbot, w, model.IDLE)
    wait_number(qtbot, w, "")
    assert ticket_status(db, t.id) == "done"
    qtbot.waitUntil(lambda: w.figures.values["served"].text() == "1", timeout=WAIT_MS)
    for event in ("recalled", "started", "finished"):
        assert [(r.label, r.counter) for r in logged(caplog, event)] == [("A-001", 1)]


def test_no_show(qtbot: QtBot, stations, issue, db: Database, caplog) -> None:  # type: ignore[no-untyped-def]
    t = issue("B")
    w = stations.window(1).window
    press(qtbot, w, Key.Key_F1)
    wait_state(qtbot, w, model.CALLED)
    press(qtbot, w, Key.Key_F5)
    wait_state(qtbot, w, model.IDLE)
    assert ticket_status(db, t.id) == "no_show"
    assert "B-001 ditandai tidak hadir" in w.status.message
    qtbot.waitUntil(lambda: w.figures.values["no_shows"].text() == "1", timeout=WAIT_MS)
    assert [r.label for r in logged(caplog, "no_show")] == ["B-001"]


def test_transfer_with_f6_and_the_chooser(qtbot: QtBot, stations, issue, db: Database, caplog, screens) -> None:  # type: ignore[no-untyped-def]
    t = issue("A")
    w = stations.window(1).window
    press(qtbot, w, Key.Key_F1)
    wait_state(qtbot, w, model.CALLED)
    press(qtbot, w, Key.Key_F6)
    qtbot.waitUntil(lambda: w.chooser is not None and w.chooser.isVisible(), timeout=WAIT_MS)
    chooser = w.chooser
    assert chooser is not None
    assert "A" not in chooser.values()  # not to its own service
    assert chooser.values()[0] == "B"
    screens.save(chooser, "counter-transfer-chooser")
    qtbot.keyClick(chooser, Key.Key_1)  # digits choose at once
    wait_state(qtbot, w, model.IDLE)
    assert ticket_status(db, t.id) == "transferred"
    moved = queue.waiting_tickets(db, 2)
    assert [(m.label, m.service_code) for m in moved] == [("A-001", "B")]
    assert "A-001 dialihkan ke Desk Prasertifikasi" in w.status.message
    record = logged(caplog, "transferred")[0]
    assert (record.label, record.counter, record.to) == ("A-001", 1, "B")


def test_transfer_chooser_can_be_cancelled(qtbot: QtBot, stations, issue, db: Database) -> None:  # type: ignore[no-untyped-def]
    t = issue("A")
    w = stations.window(1).window
    press(qtbot, w, Key.Key_F1)
    wait_state(qtbot, w, model.CALLED)
    press(qtbot, w, Key.Key_F6)
    qtbot.waitUntil(lambda: w.chooser is not None and w.chooser.isVisible(), timeout=WAIT_MS)
    qtbot.keyClick(w.chooser, Key.Key_Escape)
    qtbot.waitUntil(lambda: w.chooser is None, timeout=WAIT_MS)
    assert ticket_status(db, t.id) == "called"


def test_call_a_chosen_ticket_with_enter_and_double_click(qtbot: QtBot, stations, issue, db: Database, caplog) -> None:  # type: ignore[no-untyped-def]
    first, second, third = issue("A"), issue("B"), issue("A")
    w = stations.window(1).window
    assert [t.label for t in w.waiting.tickets] == ["A-001", "A-002", "B-001"]  # Loket 1 serves A before B
    assert model.CALL_CHOSEN not in enabled(w)  # nothing chosen yet
    press(qtbot, w, Key.Key_Return)
    wait_status(qtbot, w, "Pilih dulu nomor di daftar tunggu")
    w.waiting.setFocus()
    w.waiting.select_ticket(second.id)
    assert model.CALL_CHOSEN in enabled(w)
    press(qtbot, w, Key.Key_Return)
    wait_number(qtbot, w, "B-001")
    assert ticket_status(db, second.id) == "called"
    assert ticket_status(db, first.id) == "waiting"
    qtbot.waitUntil(lambda: [t.label for t in w.waiting.tickets] == ["A-001", "A-002"], timeout=WAIT_MS)
    item = w.waiting.topLevelItem(1)
    rect = w.waiting.visualItemRect(item)
    qtbot.mouseClick(w.waiting.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(w.waiting.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    # B-001 was only called: the chosen call asks how that visit ends, as F1 does
    qtbot.waitUntil(w.close_prompt.isVisible, timeout=WAIT_MS)
    assert w.close_prompt.question.text().startswith("B-001 belum mulai dilayani")
    assert ticket_status(db, second.id) == "called" and ticket_status(db, third.id) == "waiting"
    press(qtbot, w, Key.Key_F4)
    wait_number(qtbot, w, "A-002")
    assert ticket_status(db, third.id) == "called"
    assert ticket_status(db, second.id) == "done"
    assert [r.label for r in logged(caplog, "called")] == ["B-001", "A-002"]


def test_pause_with_reason_stops_calls_and_f8_resumes(qtbot: QtBot, stations, issue, db: Database, caplog) -> None:  # type: ignore[no-untyped-def]
    t = issue("A")
    w = stations.window(1).window
    press(qtbot, w, Key.Key_F8)
    qtbot.waitUntil(lambda: w.chooser is not None and w.chooser.isVisible(), timeout=WAIT_MS)
    assert [w.chooser.list.item(i).text() for i in range(w.chooser.list.count())] == [
        "1   Istirahat", "2   Salat", "3   Rapat", "4   Lainnya…",
    ]
    qtbot.keyClick(w.chooser, Key.Key_2)
    wait_state(qtbot, w, model.PAUSED)
    qtbot.waitUntil(lambda: w.panel.state.text() == "Loket dijeda (Salat)", timeout=WAIT_MS)
    assert w.buttons[model.PAUSE].text() == "Lanjutkan"
    assert not w.buttons[model.CALL_NEXT].isEnabled()
    snap = queue.queue_snapshot(db)
    assert (snap.counters[0].paused, snap.counters[0].pause_reason) == (True, "Salat")
    # A paused counter calls nobody, and says why instead of ignoring the key.
    press(qtbot, w, Key.Key_F1)
    wait_status(qtbot, w, "Loket sedang dijeda")
    assert ticket_status(db, t.id) == "waiting"
    press(qtbot, w, Key.Key_F8)
    wait_state(qtbot, w, model.IDLE)
    assert w.buttons[model.PAUSE].text() == "Jeda"
    press(qtbot, w, Key.Key_F1)
    wait_number(qtbot, w, "A-001")
    assert [r.reason for r in logged(caplog, "paused")] == ["Salat"]
    assert len(logged(caplog, "resumed")) == 1


def test_pause_with_a_typed_reason(qtbot: QtBot, stations, db: Database) -> None:  # type: ignore[no-untyped-def]
    w = stations.window(1).window
    press(qtbot, w, Key.Key_F8)
    qtbot.waitUntil(lambda: w.chooser is not None and w.chooser.isVisible(), timeout=WAIT_MS)
    chooser = w.chooser
    qtbot.keyClick(chooser, Key.Key_4)  # "Lainnya…": asks for the words first
    assert chooser.isVisible() and chooser.other.isVisible()
    qtbot.keyClicks(chooser.other, "Pelatihan 2 jam")
    qtbot.keyClick(chooser.other, Key.Key_Return)
    wait_state(qtbot, w, model.PAUSED)
    wait_idle_session(qtbot, w)
    assert queue.queue_snapshot(db).counters[0].pause_reason == "Pelatihan 2 jam"
    assert w.status.level != "error"  # paused once, not twice
    press(qtbot, w, Key.Key_F8)
    wait_state(qtbot, w, model.IDLE)
    press(qtbot, w, Key.Key_F8)
    qtbot.waitUntil(lambda: w.chooser is not None and w.chooser.isVisible(), timeout=WAIT_MS)
    w.chooser.choose(OTHER, "Rapat koordinasi")
    wait_state(qtbot, w, model.PAUSED)
    assert queue.queue_snapshot(db).counters[0].pause_reason == "Rapat koordinasi"


def test_buttons_follow_the_state(qtbot: QtBot, stations, issue, screens) -> None:  # type: ignore[no-untyped-def]
    issue("A")
    issue("A", priority=True)
    w = stations.window(1).window
    always = {model.CALL_NEXT, model.PAUSE}
    assert enabled(w) == always
    screens.save(w, "counter-idle")
    press(qtbot, w, Key.Key_F1)
    wait_state(qtbot, w, model.CALLED)
    assert enabled(w) == set(model.ACTIONS) - {model.CALL_CHOSEN, model.PAUSE}
    screens.save(w, "counter-called")
    assert model.PAUSE not in enabled(w)  # a visitor is at the counter
    press(qtbot, w, Key.Key_F3)
    wait_state(qtbot, w, model.SERVING)
    assert enabled(w) == {model.CALL_NEXT, model.FINISH, model.TRANSFER}
    screens.save(w, "counter-serving")
    press(qtbot, w, Key.Key_F8)  # no pause while a visitor is served: says so, asks nothing
    wait_status(qtbot, w, "Selesaikan A-002 dulu sebelum menjeda loket.")
    assert w.chooser is None and w.session.state == model.SERVING
    press(qtbot, w, Key.Key_F4)
    wait_number(qtbot, w, "")
    wait_idle_session(qtbot, w)
    press(qtbot, w, Key.Key_F8)
    qtbot.waitUntil(lambda: w.chooser is not None, timeout=WAIT_MS)
    screens.save(w.chooser, "counter-pause-chooser")
    qtbot.keyClick(w.chooser, Key.Key_1)
    wait_state(qtbot, w, model.PAUSED)
    wait_idle_session(qtbot, w)
    assert enabled(w) == {model.PAUSE}
    screens.save(w, "counter-paused")


def test_keys_pressed_while_an_action_runs(qtbot: QtBot, stations, issue, db: Database) -> None:  # type: ignore[no-untyped-def]
    """One action at a time: "call next" waits its turn, anything else is refused out loud."""
    first, second = issue("A"), issue("A")
    st = stations.window(1)
    w = st.window
    press(qtbot, w, Key.Key_F1)
    wait_state(qtbot, w, model.CALLED)
    wait_idle_session(qtbot, w)
    gate = threading.Event()
    st.runner.run(lambda: gate.wait(WAIT_MS / 1000))  # the database is slow for a moment
    press(qtbot, w, Key.Key_F4)  # finish: now in flight
    assert w.session.busy == model.FINISH
    press(qtbot, w, Key.Key_F2)
    assert "tindakan sebelumnya masih berjalan" in w.status.message
    press(qtbot, w, Key.Key_F1)  # queued, not dropped
    assert "Panggil berikutnya akan dijalankan" in w.status.message
    gate.set()
    wait_number(qtbot, w, "A-002")
    wait_idle_session(qtbot, w)
    assert ticket_status(db, first.id) == "done"
    assert ticket_status(db, second.id) == "called"
    assert queue.ticket(db, first.id).recall_count == 0  # the refused recall never ran
    third = issue("A")
    qtbot.waitUntil(lambda: len(w.waiting.tickets) == 1, timeout=WAIT_MS)
    press(qtbot, w, Key.Key_F3)  # A-002 is served
    wait_state(qtbot, w, model.SERVING)
    wait_idle_session(qtbot, w)
    gate = threading.Event()
    st.runner.run(lambda: gate.wait(WAIT_MS / 1000))
    press(qtbot, w, Key.Key_F1)  # calling A-003 (and ending A-002's visit)...
    press(qtbot, w, Key.Key_F1)  # ...a second call now would end A-003's visit unseen
    assert w.status.message == "Sedang memanggil… tunggu sebentar."
    gate.set()
    wait_number(qtbot, w, "A-003")
    wait_idle_session(qtbot, w)
    assert ticket_status(db, third.id) == "called"


def test_ticket_taken_by_another_counter(qtbot: QtBot, stations, issue, db: Database, caplog, screens) -> None:  # type: ignore[no-untyped-def]
    issue("A")
    wanted = issue("A")
    w = stations.window(1).window
    w.waiting.setFocus()
    w.waiting.select_ticket(wanted.id)
    screens.save(w, "counter-chosen")
    queue.call_ticket(db, 3, wanted.id)  # Loket 3 was quicker; this window has not heard yet
    press(qtbot, w, Key.Key_Return)
    wait_status(qtbot, w, "A-002 baru saja diambil oleh loket 3.")
    assert w.status.level == "error"
    screens.save(w, "counter-ticket-taken")
    assert w.session.state == model.IDLE  # nothing half-done
    qtbot.waitUntil(lambda: [t.label for t in w.waiting.tickets] == ["A-001"], timeout=WAIT_MS)
    failed = logged(caplog, "action_failed")
    assert failed and failed[0].error_type == "TicketTaken" and failed[0].counter == 1


def test_actions_that_do_not_fit_say_why(qtbot: QtBot, stations) -> None:  # type: ignore[no-untyped-def]
    w = stations.window(1).window
    for key in (Key.Key_F2, Key.Key_F3, Key.Key_F4, Key.Key_F5, Key.Key_F6):
        w.status.show_message("")
        press(qtbot, w, key)
        assert w.status.message == "Tidak ada pengunjung di loket."
        assert w.status.level == "error"


def test_someone_waiting_at_an_idle_counter(qtbot: QtBot, stations, issue) -> None:  # type: ignore[no-untyped-def]
    st = stations.window(1)
    w = st.window
    assert not w.cue.isVisible()
    with qtbot.waitSignal(w.session.visitor_waiting, timeout=WAIT_MS):
        issue("B")  # at the kiosk, another process
    qtbot.waitUntil(w.cue.isVisible, timeout=WAIT_MS)
    assert st.sound.played == 1
    assert "tekan F1" in w.cue.text()
    issue("A")  # a second visitor: no second sound while the first still waits
    qtbot.waitUntil(lambda: len(w.waiting.tickets) == 2, timeout=WAIT_MS)
    assert st.sound.played == 1
    press(qtbot, w, Key.Key_F1)
    wait_state(qtbot, w, model.CALLED)
    assert not w.cue.isVisible()


def test_waiting_list_marks_priority_and_overdue(qtbot: QtBot, stations, issue, fake_clock) -> None:  # type: ignore[no-untyped-def]
    issue("A")
    fake_clock.advance(minutes=31)  # Desk CAPA's target wait is 30 minutes
    issue("B")
    issue("A", priority=True)
    w = stations.window(1).window
    labels = [w.waiting.topLevelItem(i).text(0) for i in range(w.waiting.topLevelItemCount())]
    assert labels == ["A-002", "A-001", "B-001"]  # priority first
    notes = [w.waiting.topLevelItem(i).text(3) for i in range(3)]
    assert notes[0] == "★ Prioritas"
    assert notes[1] == "⚠ melewati target 1 mnt"
    assert notes[2] == ""
    assert w.waiting.topLevelItem(1).text(2) == "31 mnt"
    assert w.waiting.topLevelItem(1).background(0).color().name() == "#fdecea"
    assert w.waiting.topLevelItem(2).background(0).style() == Qt.BrushStyle.NoBrush
    # ...and the colour really reaches the screen (a style sheet on ::item would hide it).
    image = w.waiting.viewport().grab().toImage()
    overdue_row = w.waiting.visualItemRect(w.waiting.topLevelItem(1))
    plain_row = w.waiting.visualItemRect(w.waiting.topLevelItem(2))
    x = w.waiting.columnViewportPosition(1) + w.waiting.columnWidth(1) - 6  # right of the text
    assert image.pixelColor(x, overdue_row.center().y()).name() == "#fdecea"
    assert image.pixelColor(x, plain_row.center().y()).name() == "#ffffff"
    assert w.waiting_heading.text() == "Daftar Tunggu (3)"


def test_english_toggle(qtbot: QtBot, stations, issue, screens) -> None:  # type: ignore[no-untyped-def]
    issue("A")
    w = stations.window(1).window
    assert w.buttons[model.CALL_NEXT].text() == "Panggil Berikutnya"
    assert w.buttons[model.CALL_NEXT].key_cap.text() == "F1 / Spasi"
    press(qtbot, w, Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: w.buttons[model.CALL_NEXT].text() == "Call Next", timeout=WAIT_MS)
    assert w.buttons[model.CALL_NEXT].key_cap.text() == "F1 / Space"
    assert w.waiting_heading.text() == "Waiting (1)"
    assert w.panel.state.text() == "No visitor at the counter"
    press(qtbot, w, Key.Key_F2)
    assert w.status.message == "There is no visitor at the counter."
    screens.save(w, "counter-english")
    w.language_button.click()
    assert w.buttons[model.CALL_NEXT].text() == "Panggil Berikutnya"
