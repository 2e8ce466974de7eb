"""Booked visitors at the counter (issue 15): the waiting list marks them with their booked
local time ("◷ Booking 09.30", English "◷ Booked 09:30") in the booked colour, the current
ticket panel says so too, and their wait counts from the booked time (their place in the
queue). A ticket that is not booked carries no mark."""

from __future__ import annotations

from datetime import date, time, timedelta

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTreeWidgetItem
from pytestqt.qtbot import QtBot

from counter import model
from counter.widgets import BOOKED_INK, INK, PRIORITY_INK, CurrentTicketPanel, WaitingList
from db import booking, queue, roles
from db.clock import FakeClock
from db.database import Database
from tests.db.booked import booked_ticket
from ui.i18n import translator


def rows(wl: WaitingList) -> list[list[str]]:
    """Every row's four texts, top to bottom."""
    items = [wl.topLevelItem(i) for i in range(wl.topLevelItemCount())]
    return [[item.text(c) for c in range(4)] for item in items if item is not None]


def item(wl: WaitingList, i: int) -> QTreeWidgetItem:
    found = wl.topLevelItem(i)
    assert found is not None
    return found


def test_booked_time_is_the_queue_time_in_the_site_zone(db: Database, fake_clock: FakeClock) -> None:
    walk_in = queue.issue_ticket(db, "A").ticket
    booked = booked_ticket(db, "A", fake_clock() + timedelta(minutes=30))  # 09.00 WIB now, booked 09.30
    at = model.booked_time(booked, "Asia/Jakarta")
    assert at is not None and (at.hour, at.minute) == (9, 30)
    at_wita = model.booked_time(booked, "Asia/Makassar")
    assert at_wita is not None and (at_wita.hour, at_wita.minute) == (10, 30)
    assert model.booked_time(walk_in) is None


def test_waiting_list_marks_booked_visitors_with_their_booked_time(
    qtbot: QtBot, db: Database, fake_clock: FakeClock
) -> None:
    early = queue.issue_ticket(db, "A").ticket  # 09.00
    booked = booked_ticket(db, "A", fake_clock() + timedelta(minutes=5))  # checked in early for 09.05
    fake_clock.advance(minutes=10)
    late_walk_in = queue.issue_ticket(db, "A").ticket  # 09.10: after the booked time
    booked_vip = booked_ticket(db, "B", fake_clock() - timedelta(minutes=2), priority=True)
    fake_clock.advance(minutes=1)
    view = model.read_view(db, 1)
    wl = WaitingList()
    qtbot.addWidget(wl)
    wl.resize(700, 400)
    wl.show()
    wl.show_tickets(view, view.now())
    labels = [t.label for t in wl.tickets]
    # Priority first, then the queue time: the booked visitor (09.05) between the walk-ins.
    assert labels.index(booked.label) == labels.index(early.label) + 1
    assert labels.index(late_walk_in.label) == labels.index(booked.label) + 1
    texts = {r[0]: r for r in rows(wl)}
    assert texts[booked.label][2] == "6 mnt"  # waiting since the booked time, not the check-in
    assert texts[booked.label][3] == "◷ Booking 09.05"
    assert texts[early.label][3] == "" and texts[late_walk_in.label][3] == ""
    assert texts[booked_vip.label][3] == "★ Prioritas  ◷ Booking 09.08"
    row = item(wl, labels.index(booked.label))
    assert row.foreground(0).color() == QColor(BOOKED_INK) and row.foreground(3).color() == QColor(BOOKED_INK)
    assert item(wl, labels.index(booked_vip.label)).foreground(0).color() == QColor(PRIORITY_INK)
    assert item(wl, labels.index(early.label)).foreground(0).color() == QColor(INK)
    translator().set_language("en")
    wl.retranslate()
    assert {r[0]: r for r in rows(wl)}[booked.label][3] == "◷ Booked 09:05"


def test_a_visitor_checked_in_early_waits_from_the_booked_time(qtbot: QtBot, db: Database, fake_clock: FakeClock) -> None:
    booked = booked_ticket(db, "A", fake_clock() + timedelta(minutes=20))
    view = model.read_view(db, 1)
    wl = WaitingList()
    qtbot.addWidget(wl)
    wl.show_tickets(view, view.now())
    assert rows(wl) == [[booked.label, "Desk CAPA", "0 dtk", "◷ Booking 09.20"]]
    fake_clock.advance(minutes=23)
    wl.tick(view.now())
    assert rows(wl)[0][2] == "3 mnt"


def test_current_panel_says_the_visitor_booked(qtbot: QtBot, db: Database, fake_clock: FakeClock) -> None:
    booked = booked_ticket(db, "A", fake_clock() - timedelta(minutes=4))
    fake_clock.advance(minutes=3)
    queue.call_next(db, 1)
    view = model.read_view(db, 1)
    current = view.current
    assert current is not None and current.label == booked.label
    panel = CurrentTicketPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.show_state(model.CALLED, current, None, None, view.now(), view.timezone)
    assert panel.details.text() == "Menunggu 7 mnt sebelum dipanggil  ·  ◷ Booking 08.56"
    translator().set_language("en")
    panel.retranslate(view.now())
    assert panel.details.text() == "Waited 7 min before the call  ·  ◷ Booked 08:56"
    walk_in = queue.issue_ticket(db, "A").ticket
    queue.call_next(db, 1, close_as="done")
    view = model.read_view(db, 1)
    assert view.current is not None and view.current.id == walk_in.id
    panel.show_state(model.CALLED, view.current, None, None, view.now(), view.timezone)
    assert "Booked" not in panel.details.text()


def test_a_ticket_checked_in_from_a_booking_is_marked(qtbot: QtBot, db: Database, fake_clock: FakeClock) -> None:
    """The real path: a booking for 09.15 checked in at 09.05 (``db.booking.check_in``)."""
    actor = roles.sign_in(db, "supervisor", "supervisor123")
    code = booking.add(db, booking.NewBooking("A", date(2026, 3, 2), time(9, 15)), actor=actor).code
    walk_in = queue.issue_ticket(db, "A").ticket  # 09.00
    fake_clock.advance(minutes=5)
    result = booking.check_in(db, code)
    assert result.outcome == "issued" and result.issued is not None
    fake_clock.advance(minutes=5)
    later = queue.issue_ticket(db, "A").ticket  # 09.10, before the booked time: goes first
    fake_clock.advance(minutes=10)  # 09.20
    view = model.read_view(db, 1)
    wl = WaitingList()
    qtbot.addWidget(wl)
    wl.show_tickets(view, view.now())
    assert rows(wl) == [
        [walk_in.label, "Desk CAPA", "20 mnt", ""],
        [later.label, "Desk CAPA", "10 mnt", ""],
        [result.issued.ticket.label, "Desk CAPA", "5 mnt", "◷ Booking 09.15"],
    ]
