"""Which actions fit which counter state (plain rules, no database)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from counter import model
from db.estimate import WaitRange
from db.records import ServiceQueue, TicketInfo

NOW = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)


def ticket(status: str = "called", minutes_ago: float = 10) -> TicketInfo:
    issued = NOW - timedelta(minutes=minutes_ago)
    return TicketInfo(
        id=1, label="A-001", service_code="A", service_name_id="Desk CAPA", service_name_en="CAPA Desk",
        day=date(2026, 3, 2), seq=1, status=status, priority=False, issued_at=issued, queue_time=issued,
    )


def service(target: int = 30) -> ServiceQueue:
    return ServiceQueue(
        code="A", name_id="Desk CAPA", name_en="CAPA Desk", description_id="", description_en="", colour="#1565c0",
        active=True, waiting=1, wait=WaitRange(0, 0), issued_today=1, daily_quota=None, target_wait_min=target,
        target_service_min=20, unavailable_reason=None,
    )


ALLOWED = {
    # state: actions that may run
    "idle": {model.CALL_NEXT, model.CALL_CHOSEN, model.PAUSE},
    "called": set(model.ACTIONS) - {model.PAUSE},  # a visitor at the counter: close the visit first
    "serving": {model.CALL_NEXT, model.CALL_CHOSEN, model.FINISH, model.TRANSFER},
    "paused_idle": {model.PAUSE},
    "paused_serving": {model.FINISH, model.TRANSFER, model.PAUSE},
    "offline": set(),
}


@pytest.mark.parametrize("case", sorted(ALLOWED))
def test_actions_fit_the_state(case: str) -> None:
    online = case != "offline"
    paused = case.startswith("paused")
    current = None
    if case in ("called", "serving"):
        current = ticket(case)
    elif case == "paused_serving":
        current = ticket("serving")
    allowed = {
        a for a in model.ACTIONS
        if model.blocked_reason(a, online=online, paused=paused, current=current, has_selection=True) is None
    }
    assert allowed == ALLOWED[case]


def test_call_chosen_needs_a_choice() -> None:
    assert model.blocked_reason(model.CALL_CHOSEN, online=True, paused=False, current=None, has_selection=False) == (
        "counter.why.no_selection"
    )


def test_reasons_say_why() -> None:
    assert model.blocked_reason(model.CALL_NEXT, online=True, paused=True, current=None) == "counter.why.paused"
    assert model.blocked_reason(model.RECALL, online=True, paused=False, current=None) == "counter.why.no_visitor"
    assert model.blocked_reason(model.START, online=True, paused=False, current=ticket("serving")) == "counter.why.not_called"
    assert model.blocked_reason(model.FINISH, online=False, paused=False, current=ticket()) == "counter.why.offline"
    assert model.blocked_reason(model.PAUSE, online=True, paused=False, current=ticket("serving")) == "counter.why.close_first"


def test_only_a_visit_only_called_needs_a_close_choice() -> None:
    assert model.needs_close_choice(ticket("called"))
    assert not model.needs_close_choice(ticket("serving"))
    assert not model.needs_close_choice(None)


def test_counter_state() -> None:
    assert model.counter_state(False, False, ticket()) == model.OFFLINE
    assert model.counter_state(True, True, ticket()) == model.PAUSED
    assert model.counter_state(True, False, None) == model.IDLE
    assert model.counter_state(True, False, ticket("serving")) == model.SERVING
    assert model.counter_state(True, False, ticket("done")) == model.IDLE


def test_overdue_after_the_services_target_wait() -> None:
    assert not model.is_overdue(ticket("waiting", 29), service(30), NOW)
    assert model.is_overdue(ticket("waiting", 31), service(30), NOW)
    assert model.overdue_minutes(ticket("waiting", 41), service(30), NOW) == 11
    assert not model.is_overdue(ticket("waiting", 300), None, NOW)
    assert not model.is_overdue(ticket("waiting", 300), replace(service(), target_wait_min=0), NOW)


def test_the_view_counts_time_on_the_office_clock(db, db_backend: str, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """This PC's clock runs 5 minutes slow: "called 0 s ago" still reads 0 s, because the
    window counts on the clock that stamped the ticket (the server's on PostgreSQL)."""
    from db import clock, queue

    clock.set_clock(None)
    monkeypatch.setattr(clock, "system_now", lambda: datetime.now(UTC) - timedelta(minutes=5))
    queue.sign_in(db, 1, "siti", "siti123")
    queue.issue_ticket(db, "A")
    called = queue.call_next(db, 1).ticket
    before = clock.utcnow()
    view = model.read_view(db, 1)
    after = clock.utcnow()
    assert called is not None and called.called_at is not None
    assert view.now() >= called.called_at  # never "called -5 min ago"
    expected = timedelta(0) if db_backend == "sqlite" else timedelta(minutes=5)  # the server runs on true time
    assert abs(view.clock_offset - expected) <= after - before
