"""The supervisor's floor: figures per service and counter worked out by hand, and each alert at its edge."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from db import floor, heartbeat, queue
from db.clock import FakeClock
from db.database import Database
from db.floor import Alert, CounterFloor, Floor, ServiceFloor
from db.models import Service, ServiceDay
from tests.db.dbtools import add_counter, count_statements, set_service, set_setting, wib

DAY = wib(2026, 3, 2).date()


def _at(clock: FakeClock, hour: int, minute: int, second: int = 0) -> datetime:
    """Move the fake clock to ``hour:minute:second`` WIB on the test day; the UTC moment."""
    clock.current = (wib(2026, 3, 2, hour, minute) + timedelta(seconds=second)).astimezone(UTC)
    return clock.current


def _a_morning(db: Database, clock: FakeClock) -> dict[str, int]:
    """The morning the figures below are worked out from (times WIB; services always open):

    09:00 A-001, A-002, E-001 issued      09:10 A-003, B-001 issued
    09:20 counter 1 calls A-001 (waited 20 of A's 30 min: within), starts at once
    09:21 counter 3 calls E-001 (waited 21 of E's 20 min: late), starts 09:22
    09:30 counter 1 finishes A-001, calls A-002 (waited exactly 30: within)
    09:31 counter 1 recalls A-002 (the first call stays 09:30)
    09:35 counter 2 calls B-001 (waited 25 of 30: within), starts 09:36
    09:38 counter 3 finishes E-001 and stands idle; A-003 (which it serves) waits
    counter 4 (F) paused for Salat; counter 5 (D) nobody signed in
    09:39 a kiosk's heartbeat
    """
    ids: dict[str, int] = {}
    _at(clock, 9, 0)
    for code in ("A", "A", "E"):
        t = queue.issue_ticket(db, code).ticket
        ids[t.label] = t.id
    _at(clock, 9, 10)
    for code in ("A", "B"):
        t = queue.issue_ticket(db, code).ticket
        ids[t.label] = t.id
    _at(clock, 9, 20)
    queue.call_ticket(db, 1, ids["A-001"])
    queue.start_service(db, 1)
    _at(clock, 9, 21)
    queue.call_ticket(db, 3, ids["E-001"])
    _at(clock, 9, 22)
    queue.start_service(db, 3)
    _at(clock, 9, 30)
    queue.call_ticket(db, 1, ids["A-002"])  # closes A-001 as done
    _at(clock, 9, 31)
    queue.recall(db, 1)
    _at(clock, 9, 35)
    queue.call_ticket(db, 2, ids["B-001"])
    _at(clock, 9, 36)
    queue.start_service(db, 2)
    add_counter(db, 4, ["F"])
    queue.pause_counter(db, 4, "Salat")
    add_counter(db, 5, ["D"])
    queue.sign_out(db, 5)
    _at(clock, 9, 38)
    queue.finish(db, 3)
    _at(clock, 9, 39)
    heartbeat.beat(db, "kiosk", pc="KIOSK-1")
    _at(clock, 9, 40)
    return ids


def test_floor_figures_worked_out_by_hand(db: Database, fake_clock: FakeClock) -> None:
    ids = _a_morning(db, fake_clock)
    f = floor.floor(db)
    assert (f.now, f.day) == (wib(2026, 3, 2, 9, 40).astimezone(UTC), DAY)
    by_code = {v.code: v for v in f.services}
    assert [v.code for v in f.services] == ["A", "B", "C", "D", "E", "F"]
    assert by_code["A"] == ServiceFloor(
        code="A", name_id="Desk CAPA", name_en="CAPA Desk", colour="#1565c0", open=True, open_override=None,
        waiting=1, oldest_queue_time=wib(2026, 3, 2, 9, 10).astimezone(UTC), target_wait_min=30,
        target_service_min=20, called_today=2, called_within_standard=2, issued_today=3, quota=60,
        quota_override=None,
    )
    assert by_code["A"].within_share() == 1.0
    assert by_code["A"].oldest_wait_min(f.now) == 30.0
    b, c, e = by_code["B"], by_code["C"], by_code["E"]
    assert (b.waiting, b.oldest_queue_time, b.called_today, b.called_within_standard, b.issued_today) == (0, None, 1, 1, 1)
    assert (e.waiting, e.called_today, e.called_within_standard, e.issued_today, e.quota) == (0, 1, 0, 1, 80)
    assert e.within_share() == 0.0
    assert (c.called_today, c.within_share(), c.oldest_wait_min(f.now), c.issued_today) == (0, None, None, 0)

    counters = {c.number: c for c in f.counters}
    assert counters[1] == CounterFloor(
        number=1, name="Loket 1", active=True, officer="Siti Rahmawati", state="called", pause_reason=None,
        ticket_id=ids["A-002"], ticket_label="A-002", ticket_service="A",
        since=wib(2026, 3, 2, 9, 31).astimezone(UTC), target_service_min=20, idle_since=None,
        services=("A", "B"), waiting_for_it=1,
    )
    two, three, four, five = counters[2], counters[3], counters[4], counters[5]
    assert (two.state, two.officer, two.ticket_label, two.since, two.target_service_min, two.services,
            two.waiting_for_it) == ("serving", "Budi Santoso", "B-001", wib(2026, 3, 2, 9, 36).astimezone(UTC), 20,
                                    ("C", "D", "B"), 0)
    assert (three.state, three.ticket_id, three.since, three.idle_since, three.services, three.waiting_for_it) == (
        "idle", None, None, wib(2026, 3, 2, 9, 38).astimezone(UTC), ("E", "F", "A"), 1)
    assert (four.state, four.pause_reason, four.officer, four.idle_since, four.services) == (
        "paused", "Salat", "Petugas 4", None, ("F",))
    assert (five.state, five.officer, five.idle_since, five.waiting_for_it) == ("closed", None, None, 0)
    assert [(a.kind, a.pc) for a in f.apps] == [("kiosk", "KIOSK-1")]
    assert (f.notice_id, f.notice_en) == ("", "")


def test_each_alert_at_its_edge(db: Database, fake_clock: FakeClock) -> None:
    _a_morning(db, fake_clock)
    f = floor.floor(db)
    second = timedelta(seconds=1)
    at_0940 = wib(2026, 3, 2, 9, 40).astimezone(UTC)

    def of(kind: str, now: datetime) -> list[Alert]:
        return [a for a in floor.alerts(f, now) if a.kind == kind]

    # A's oldest (A-003, 09:10) reaches its 30 minutes at 09:40: late only past it.
    assert of("service_late", at_0940) == []
    assert of("service_late", at_0940 + second) == [Alert("service_late", "A", pytest.approx(1 / 60))]
    # Counter 3 idle since 09:38 with A-003 waiting: an alert only past 2 minutes.
    assert of("counter_idle", at_0940) == []
    assert of("counter_idle", at_0940 + second) == [Alert("counter_idle", "3", pytest.approx(2 + 1 / 60))]
    # B-001 served since 09:36 with B's standard of 20 minutes: long past 40 minutes (10:16).
    at_1016 = wib(2026, 3, 2, 10, 16).astimezone(UTC)
    assert of("visit_long", at_1016) == []
    assert of("visit_long", at_1016 + second) == [Alert("visit_long", "2", pytest.approx(1 / 60))]
    # The kiosk beat at 09:39: quiet past 90 seconds (09:40:30).
    at_quiet = wib(2026, 3, 2, 9, 39).astimezone(UTC) + heartbeat.QUIET_AFTER
    assert of("app_quiet", at_quiet) == []
    assert of("app_quiet", at_quiet + second) == [Alert("app_quiet", "kiosk|KIOSK-1|", pytest.approx(1 / 60))]
    assert [a.kind for a in floor.alerts(f, at_1016 + second)] == [
        "service_late", "visit_long", "counter_idle", "app_quiet"]  # services, counters by number, apps


def test_a_counter_idle_with_nobody_waiting_for_it_is_no_alert(db: Database, fake_clock: FakeClock) -> None:
    queue.issue_ticket(db, "C")  # counter 2 serves C; counter 1 (A, B) has nobody
    f = floor.floor(db)
    later = f.now + timedelta(hours=1)
    assert [(a.kind, a.subject) for a in floor.alerts(f, later)] == [("service_late", "C"), ("counter_idle", "2")]


def test_idle_since_is_the_day_start_the_sign_in_or_the_resume(db: Database, fake_clock: FakeClock) -> None:
    # The test site seats its officers with no event left: seated before today began.
    day_start = wib(2026, 3, 2, 0, 0).astimezone(UTC)
    assert {c.number: c.idle_since for c in floor.floor(db).counters} == {1: day_start, 2: day_start, 3: day_start}
    fake_clock.advance(minutes=5)
    queue.sign_in(db, 1, "budi", "budi123", take_over=True)  # budi moves from counter 2 to 1
    queue.pause_counter(db, 3, "Istirahat")
    fake_clock.advance(minutes=5)
    queue.resume_counter(db, 3)
    counters = {c.number: c for c in floor.floor(db).counters}
    assert counters[1].idle_since == wib(2026, 3, 2, 9, 5).astimezone(UTC)
    assert (counters[2].state, counters[2].idle_since) == ("closed", None)
    assert counters[3].idle_since == wib(2026, 3, 2, 9, 10).astimezone(UTC)


def test_a_visitor_sent_on_by_a_counter_counts_where_first_called(db: Database, fake_clock: FakeClock) -> None:
    queue.issue_ticket(db, "A")
    fake_clock.advance(minutes=10)
    queue.call_next(db, 1)
    queue.start_service(db, 1)
    fake_clock.advance(minutes=10)
    queue.transfer(db, 1, "C")  # waits in C from its 09:00 queue time
    fake_clock.advance(minutes=40)
    queue.call_next(db, 2)  # C's first call of its own would be 60 minutes late
    by_code = {v.code: v for v in floor.floor(db).services}
    assert (by_code["A"].called_today, by_code["A"].called_within_standard) == (1, 1)
    assert (by_code["C"].called_today, by_code["C"].issued_today) == (0, 0)


def test_todays_overrides_and_notice(db: Database, fake_clock: FakeClock) -> None:
    with db.write() as s:
        ids = {v.code: v.id for v in s.query(Service)}
        s.add(ServiceDay(service_id=ids["A"], day=DAY, open_override=False, quota_override=None))
        s.add(ServiceDay(service_id=ids["B"], day=DAY, open_override=None, quota_override=5))
        s.add(ServiceDay(service_id=ids["C"], day=DAY - timedelta(days=1), open_override=False, quota_override=1))
        s.add(ServiceDay(service_id=ids["D"], day=DAY, open_override=True, quota_override=None))
    set_service(db, "D", hours={"sat": ["08:00", "12:00"]})  # closed on Mondays by its hours
    set_service(db, "F", active=False)
    set_setting(db, "notice_id", "Layanan E-Sertifikasi tutup hari ini")
    set_setting(db, "notice_en", "E-Certification is closed today")
    set_setting(db, "notice_day", DAY.isoformat())
    f = floor.floor(db)
    got = {v.code: (v.open, v.open_override, v.quota, v.quota_override) for v in f.services}
    assert got == {
        "A": (False, False, 60, None), "B": (True, None, 5, 5), "C": (True, None, 40, None),
        "D": (True, True, 30, None), "E": (True, None, 80, None), "F": (False, None, 100, None),
    }
    assert (f.notice_id, f.notice_en) == ("Layanan E-Sertifikasi tutup hari ini", "E-Certification is closed today")
    fake_clock.advance(days=1)
    f = floor.floor(db)
    assert (f.notice_id, f.notice_en) == ("", "")
    assert {v.code: v.open for v in f.services}["A"] is True  # the override was for yesterday only


def test_the_floor_is_a_handful_of_statements_whatever_the_size(db: Database, fake_clock: FakeClock) -> None:
    _a_morning(db, fake_clock)
    few = count_statements(db, lambda: floor.floor(db))
    assert few <= 10
    for number in range(6, 12):
        add_counter(db, number, ["A", "B", "C"])
    for i in range(30):
        queue.issue_ticket(db, "ABCDEF"[i % 6])
    for number in range(6, 12):
        queue.call_next(db, number)
    assert count_statements(db, lambda: floor.floor(db)) == few  # not one more per counter, service or ticket


def test_floor_dataclasses_are_plain_values() -> None:
    f = Floor(now=datetime(2026, 3, 2, tzinfo=UTC), day=DAY, services=(), counters=(), apps=(), notice_id="",
              notice_en="")
    assert floor.alerts(f, f.now) == []
