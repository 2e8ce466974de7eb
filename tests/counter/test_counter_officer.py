"""The counter window acts as its signed-in officer: once someone else holds the counter
(without the window having heard of it yet), the core refuses the window's actions."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from counter import model
from db import queue
from db.database import Database
from db.models import Counter, Officer
from tests.counter.counter_helpers import logged, ticket_status, wait_idle_session, wait_status


@pytest.fixture(autouse=True)
def _capture_counter_log(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    logging.getLogger("antrian").propagate = True
    caplog.set_level(logging.INFO, logger="antrian.counter")
    yield


def _seat_quietly(db: Database, counter: int, username: str) -> None:
    """Seat ``username`` at ``counter`` without an event: the window's view stays behind."""
    with db.write() as s:
        officer = s.scalar(select(Officer).where(Officer.username == username))
        assert officer is not None
        for c in s.scalars(select(Counter).where(Counter.officer_id == officer.id)):
            c.officer_id = None
        s.flush()
        seat = s.scalar(select(Counter).where(Counter.number == counter))
        assert seat is not None
        seat.officer_id = officer.id


def test_the_window_passes_its_officer_and_is_refused_at_a_counter_not_hers(  # type: ignore[no-untyped-def]
        qtbot: QtBot, stations, issue, db: Database, caplog) -> None:
    a1 = issue("A")
    w = stations.window(1).window  # ready: siti idle, A-001 waiting
    assert w.session.me == w.session.officer.id
    _seat_quietly(db, 1, "budi")
    # No event loop turn in between: the window still believes siti is idle at counter 1.
    w.session.call_next()
    assert w.session.busy == model.CALL_NEXT  # sent to the core
    wait_idle_session(qtbot, w)
    wait_status(qtbot, w, "Anda tidak lagi masuk di loket 1")
    assert ticket_status(db, a1.id) == "waiting"  # nothing was called
    w.session.pause("Salat")
    wait_idle_session(qtbot, w)
    failed = logged(caplog, "action_failed")
    assert [(r.action, r.error_type) for r in failed] == [(model.CALL_NEXT, "NotPermitted"), (model.PAUSE, "NotPermitted")]
    assert queue.call_next(db, 1).ticket is not None  # budi, who is there, can


def test_every_action_of_the_window_names_its_officer(  # type: ignore[no-untyped-def]
        qtbot: QtBot, stations, issue, db: Database, caplog) -> None:
    issue("A")
    w = stations.window(1).window
    w.session.call_next()
    wait_idle_session(qtbot, w)
    assert w.session.state == model.CALLED
    _seat_quietly(db, 1, "budi")
    session = w.session
    for act in (session.recall, session.start_service, session.no_show, session.finish,
                lambda: session.transfer("B"), lambda: session.call_next(close_as="done")):
        act()
        wait_idle_session(qtbot, w)
    failed = [(r.action, r.error_type) for r in logged(caplog, "action_failed")]
    assert failed == [(a, "NotPermitted") for a in (model.RECALL, model.START, model.NO_SHOW, model.FINISH,
                                                    model.TRANSFER, model.CALL_NEXT)]
