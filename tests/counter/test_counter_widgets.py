"""The counter window's pieces on their own, fed views read from a real database: the waiting
list (order, waiting times, marks, overdue rows, choosing and calling), the current ticket,
today's figures, the status line, the close prompt and the action buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTreeWidgetItem
from pytestqt.qtbot import QtBot

from counter import model
from counter.widgets import (
    OVERDUE_BG,
    ActionButton,
    ClosePrompt,
    CurrentTicketPanel,
    FiguresPanel,
    StatusLine,
    WaitingList,
)
from db import queue
from db.clock import FakeClock
from db.database import Database
from ui.i18n import translator


def row(wl: WaitingList, i: int) -> QTreeWidgetItem:
    """The list's row ``i`` (it must exist)."""
    item = wl.topLevelItem(i)
    assert item is not None
    return item


def rows(wl: WaitingList) -> list[list[str]]:
    """Every row's four texts, top to bottom."""
    return [[row(wl, i).text(c) for c in range(4)] for i in range(wl.topLevelItemCount())]


def waiting_list(qtbot: QtBot, db: Database) -> WaitingList:
    wl = WaitingList()
    qtbot.addWidget(wl)
    wl.resize(600, 400)
    wl.show()
    return wl


def test_waiting_list_shows_the_calling_order_with_waits_and_marks(
    qtbot: QtBot, db: Database, fake_clock: FakeClock
) -> None:
    first = queue.issue_ticket(db, "A").ticket
    fake_clock.advance(minutes=4)
    vip = queue.issue_ticket(db, "A", priority=True).ticket
    fake_clock.advance(minutes=1)
    view = model.read_view(db, 1)
    wl = waiting_list(qtbot, db)
    wl.show_tickets(view, view.now())
    assert [t.label for t in wl.tickets] == [vip.label, first.label]  # priority first
    assert [wl.headerItem().text(c) for c in range(4)] == ["Nomor", "Layanan", "Menunggu", "Keterangan"]
    assert rows(wl) == [
        [vip.label, "Desk CAPA", "1 mnt", "★ Prioritas"],
        [first.label, "Desk CAPA", "5 mnt", ""],
    ]
    translator().set_language("en")
    wl.retranslate()
    assert [wl.headerItem().text(c) for c in range(4)] == ["Number", "Service", "Waiting", "Note"]
    assert rows(wl)[0] == [vip.label, "CAPA Desk", "1 min", "★ Priority"]


def test_overdue_rows_turn_red_on_the_tick(qtbot: QtBot, db: Database, fake_clock: FakeClock) -> None:
    ticket = queue.issue_ticket(db, "A").ticket
    view = model.read_view(db, 1)
    service = view.service("A")
    assert service is not None and service.target_wait_min > 0
    target = service.target_wait_min
    wl = waiting_list(qtbot, db)
    wl.show_tickets(view, view.now())
    item = row(wl, 0)
    assert item.text(3) == "" and item.background(0).style() == Qt.BrushStyle.NoBrush
    fake_clock.advance(minutes=target + 3, seconds=30)
    wl.tick(view.now())  # no re-read: the clock alone makes it overdue
    item = row(wl, 0)
    assert item.text(0) == ticket.label
    assert item.text(2) == f"{target + 3} mnt"
    assert item.text(3) == "⚠ melewati target 3 mnt"
    assert all(item.background(c).color() == QColor(OVERDUE_BG) for c in range(4))


def test_choosing_and_calling_a_ticket(qtbot: QtBot, db: Database, fake_clock: FakeClock) -> None:
    tickets = [queue.issue_ticket(db, "A").ticket for _ in range(3)]
    view = model.read_view(db, 1)
    wl = waiting_list(qtbot, db)
    wl.show_tickets(view, view.now())
    assert wl.selected_ticket() is None
    wl.select_ticket(tickets[1].id)
    assert wl.selected_ticket() == tickets[1]
    # Another read (someone else called the first one) keeps the choice while it still waits.
    queue.call_next(db, 3)  # counter 3 serves A too
    view = model.read_view(db, 1)
    wl.show_tickets(view, view.now())
    assert [t.label for t in wl.tickets] == [tickets[1].label, tickets[2].label]
    assert wl.selected_ticket() == tickets[1]
    with qtbot.waitSignal(wl.call_requested) as called:
        qtbot.keyClick(wl, Qt.Key.Key_Return)
    assert called.args == [tickets[1].id, tickets[1].label]
    item = row(wl, 1)
    with qtbot.waitSignal(wl.call_requested) as called:
        wl.itemDoubleClicked.emit(item, 0)
    assert called.args == [tickets[2].id, tickets[2].label]


def test_current_ticket_called_then_served_then_gone(qtbot: QtBot, db: Database, fake_clock: FakeClock) -> None:
    issued = queue.issue_ticket(db, "A", priority=True).ticket
    fake_clock.advance(minutes=7)
    queue.call_next(db, 1)
    view = model.read_view(db, 1)
    panel = CurrentTicketPanel()
    qtbot.addWidget(panel)
    panel.show()
    labels: list[str] = []
    panel.label_changed.connect(labels.append)
    current = view.current
    assert current is not None and current.label == issued.label
    state = model.counter_state(True, view.counter.paused, current)
    assert state == model.CALLED
    fake_clock.advance(minutes=2, seconds=5)
    service = view.service("A")
    assert service is not None
    panel.show_state(state, current, service.colour, None, view.now())
    assert panel.number.isVisible() and panel.number.text() == issued.label
    assert panel.chip.text() == "A" and panel.service.text() == "Desk CAPA"
    assert panel.state.text() == "Dipanggil — menunggu pengunjung datang"
    assert panel.details.text() == "Menunggu 7 mnt sebelum dipanggil  ·  ★ Prioritas"
    assert panel.timer.text() == "Dipanggil 2 mnt 5 dtk yang lalu"
    fake_clock.advance(seconds=10)
    panel.tick(view.now())
    assert panel.timer.text() == "Dipanggil 2 mnt 15 dtk yang lalu"

    queue.start_service(db, 1)
    fake_clock.advance(minutes=1)
    view = model.read_view(db, 1)
    panel.show_state(model.SERVING, view.current, None, None, view.now())
    assert panel.state.text() == "Sedang dilayani" and panel.timer.text() == "Lama layanan 1 mnt 0 dtk"
    translator().set_language("en")
    panel.retranslate(view.now())
    assert panel.state.text() == "Being served" and panel.service.text() == "CAPA Desk"
    assert panel.details.text() == "Waited 7 min before the call  ·  ★ Priority"
    translator().set_language("id")

    queue.finish(db, 1)
    view = model.read_view(db, 1)
    assert view.current is None
    panel.show_state(model.IDLE, None, None, None, view.now())
    assert not panel.number.isVisible() and not panel.chip.isVisible()
    assert panel.state.text() == "Tidak ada pengunjung di loket" and panel.timer.text() == ""
    assert labels == [issued.label, ""]  # each change once, not on every redraw

    queue.pause_counter(db, 1, "Salat")
    view = model.read_view(db, 1)
    assert view.counter.paused
    panel.show_state(model.counter_state(True, True, None), None, None, "Salat", view.now())
    assert panel.state.text() == "Loket dijeda (Salat)"
    assert panel.details.text() == "Tekan F8 untuk melanjutkan"
    panel.show_state(model.PAUSED, None, None, None, view.now())
    assert panel.state.text() == "Loket dijeda"


def test_figures_of_the_day(qtbot: QtBot, db: Database, fake_clock: FakeClock) -> None:
    panel = FiguresPanel()
    qtbot.addWidget(panel)
    assert panel.heading.text() == "Hari ini di loket ini"
    assert [panel.values[k].text() for k in ("served", "no_shows", "average")] == ["—", "—", "—"]
    for minutes in (3, 4):
        queue.issue_ticket(db, "A")
        queue.call_next(db, 1)
        queue.start_service(db, 1)
        fake_clock.advance(minutes=minutes)
        queue.finish(db, 1)
    queue.issue_ticket(db, "A")
    queue.call_next(db, 1)
    queue.call_next(db, 1, close_as="no_show")
    figures = model.read_view(db, 1).figures
    assert (figures.served, figures.no_shows, figures.average_service_min) == (2, 1, 3.5)
    panel.show_figures(figures)
    assert [panel.values[k].text() for k in ("served", "no_shows", "average")] == ["2", "1", "3,5 mnt"]
    assert [panel.captions[k].text() for k in ("served", "no_shows", "average")] == [
        "Dilayani", "Tidak hadir", "Rata-rata layanan"]
    translator().set_language("en")
    panel.retranslate()
    assert panel.values["average"].text() == "3.5 min" and panel.heading.text() == "Today at this counter"


def test_status_line_levels(qtbot: QtBot) -> None:
    line = StatusLine()
    qtbot.addWidget(line)
    assert line.text() == "" and "transparent" in line.styleSheet()
    line.show_message("A-001 dipanggil", "success")
    assert line.text() == "✔  A-001 dipanggil" and line.level == "success" and line.message == "A-001 dipanggil"
    assert "#e7f4ea" in line.styleSheet() and "bold" not in line.styleSheet()
    line.show_message("Gagal", "error")
    assert line.text() == "✖  Gagal" and "#fdecea" in line.styleSheet() and "font-weight: bold" in line.styleSheet()
    line.show_message("Catatan", "unknown")  # an unknown level looks like info
    assert line.text() == "ℹ  Catatan" and "#e8f0fe" in line.styleSheet()


def test_close_prompt_offers_the_choices(qtbot: QtBot) -> None:
    prompt = ClosePrompt()
    qtbot.addWidget(prompt)
    assert not prompt.isVisible()
    prompt.ask("A-004")
    assert prompt.isVisible() and prompt.label == "A-004"
    assert prompt.question.text() == "A-004 belum mulai dilayani — F5 Tidak hadir · F4 Selesai"
    assert [b.text() for b in prompt.buttons.values()] == ["Tidak hadir  (F5)", "Selesai  (F4)", "Batal  (Esc)"]
    for key in ("no_show", "done"):
        with qtbot.waitSignal(prompt.chosen) as chosen:
            qtbot.mouseClick(prompt.buttons[key], Qt.MouseButton.LeftButton)
        assert chosen.args == [key]
    with qtbot.waitSignal(prompt.cancelled):
        qtbot.mouseClick(prompt.buttons["cancel"], Qt.MouseButton.LeftButton)
    translator().set_language("en")
    prompt.retranslate()
    assert prompt.question.text() == "A-004 has not been served yet — F5 No-show · F4 Finished"


def test_action_button_shows_title_and_key(qtbot: QtBot) -> None:
    button = ActionButton("call_next", "F1", primary=True)
    qtbot.addWidget(button)
    button.set_texts("Panggil berikutnya")
    assert button.text() == "Panggil berikutnya" and button.key_cap.text() == "F1"
    assert button.toolTip() == "Panggil berikutnya (F1)" and button.accessibleName() == "Panggil berikutnya"
    assert button.objectName() == "action_call_next" and button.focusPolicy() == Qt.FocusPolicy.NoFocus
    button.set_texts("Jeda", "F8 / Spasi")
    assert button.key_cap.text() == "F8 / Spasi" and button.toolTip() == "Jeda (F8 / Spasi)"
    with qtbot.waitSignal(button.clicked):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_new_day_read_has_no_old_tickets(qtbot: QtBot, db: Database, fake_clock: FakeClock) -> None:
    queue.issue_ticket(db, "A")
    wl = waiting_list(qtbot, db)
    view = model.read_view(db, 1)
    wl.show_tickets(view, view.now())
    assert wl.topLevelItemCount() == 1
    fake_clock.advance(days=1)
    view = model.read_view(db, 1)
    wl.show_tickets(view, view.now())
    assert wl.topLevelItemCount() == 0 and wl.tickets == ()
