"""Bookings in the core: codes, the rules of adding, the check-in window at its edges, the
call order of booked tickets, the sweep and the purge (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
import weakref
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from db import audit, booking, queue, roles
from db.booking import BookingRefused, NewBooking
from db.booking.codes import ALPHABET, check_character
from db.database import Database
from db.models import Booking, Service
from tests.db.dbtools import set_service, set_setting

TODAY = date(2026, 3, 2)  # the fake clock's Monday, 09:00 WIB


# Weakly keyed: an id() outlives its object, and a later test's database given the same id
# got the earlier one's actor, whose session that database does not have ("the console
# session has ended", seen once on PostgreSQL in a full run).
_ACTORS: weakref.WeakKeyDictionary[Database, roles.Actor] = weakref.WeakKeyDictionary()


def boss(db: Database) -> roles.Actor:
    """The test site's supervisor, signed in once per database."""
    if db not in _ACTORS:
        _ACTORS[db] = roles.sign_in(db, "supervisor", "supervisor123")
    return _ACTORS[db]


def add(db: Database, new: NewBooking) -> booking.BookingInfo:
    """``booking.add`` as the supervisor."""
    return booking.add(db, new, actor=boss(db))


def add_many(db: Database, rows: list[NewBooking]) -> booking.ImportResult:
    """``booking.add_many`` as the supervisor."""
    return booking.add_many(db, rows, actor=boss(db))


def cancel(db: Database, code: str, reason: str | None = None) -> booking.BookingInfo:
    """``booking.cancel`` as the supervisor."""
    return booking.cancel(db, code, reason=reason, actor=boss(db))


def at(hhmm: str, day: date = TODAY) -> NewBooking:
    """A booking of service A at ``hhmm`` on ``day``."""
    return NewBooking("A", day, time.fromisoformat(hhmm))


def wib(day: date, hhmm: str) -> datetime:
    """A WIB wall-clock time as UTC."""
    h, m = map(int, hhmm.split(":"))
    return datetime(day.year, day.month, day.day, h, m, tzinfo=UTC) - timedelta(hours=7)


# -- codes --------------------------------------------------------------------------------------


def test_codes_leave_out_look_alikes_and_carry_a_check_character() -> None:
    assert not set("01OI") & set(ALPHABET)
    codes = {booking.new_code() for _ in range(500)}
    # Random bodies of 32**5: two of 500 coincide about once in 270 runs (the store draws
    # again on a taken code), so "all but a few distinct" is what holds every time.
    assert len(codes) >= 495
    for code in list(codes)[:50]:
        assert booking.normalise_code(code) == code
        assert booking.normalise_code(f" {code[:3].lower()}-{code[3:]} ") == code
        assert booking.grouped(code) == f"{code[:3]} {code[3:]}"
    code = next(iter(codes))
    for i in range(5):  # every single substitution of the body is caught
        for ch in ALPHABET:
            if ch != code[i]:
                typo = code[:i] + ch + code[i + 1:]
                if abs(ALPHABET.index(ch) - ALPHABET.index(code[i])) != 31:
                    assert booking.normalise_code(typo) is None, typo
    swapped = code[1] + code[0] + code[2:]
    if code[0] != code[1] and {code[0], code[1]} != {ALPHABET[0], ALPHABET[31]}:
        assert booking.normalise_code(swapped) is None
    assert booking.normalise_code("K7P4Q") is None
    assert booking.normalise_code("K7P4Q0") is None
    assert check_character("22222") in ALPHABET


# -- adding ---------------------------------------------------------------------------------------


def test_add_stores_a_booking_with_its_local_time_and_cleaned_personal_data(db: Database, fake_clock) -> None:
    b = add(db, NewBooking("a", TODAY, time(10, 30), name="  Siti   Aminah ", company="CV Maju",
                                   nib="1234 5678 90123", phone="+62 812-3456-789"))
    assert (b.service_code, b.day, b.local_time, b.status) == ("A", TODAY, time(10, 30), "booked")
    assert b.booked_at == wib(TODAY, "10:30")
    assert (b.name, b.company, b.nib, b.phone) == ("Siti Aminah", "CV Maju", "1234567890123", "08123456789")
    assert booking.find(db, booking.grouped(b.code).lower()) == b
    assert [x.code for x in booking.bookings(db)] == [b.code]
    assert audit.entries(db, action="booking_added")[0].target == b.code


@pytest.mark.parametrize(("new", "reason", "field"), [
    (NewBooking("Z", TODAY, time(10)), "unknown_service", "service"),
    (NewBooking("A", TODAY, time(8, 44)), "past", "date"),  # its window closed at 08.59
    (NewBooking("A", TODAY - timedelta(days=1), time(12)), "past", "date"),
    (NewBooking("A", TODAY, time(10), nib="12345"), "bad_value", "nib"),
    (NewBooking("A", TODAY, time(10), phone="call me"), "bad_value", "phone"),
    (NewBooking("A", TODAY, time(10), name="x" * 121), "bad_value", "name"),
    (NewBooking("A", TODAY, time(10), code="ABCDEF"), "bad_code", "code"),
])
def test_add_refuses_what_breaks_a_rule(db: Database, fake_clock, new: NewBooking, reason: str, field: str) -> None:
    with pytest.raises(BookingRefused) as e:
        add(db, new)
    assert (e.value.reason, e.value.field, e.value.index) == (reason, field, 0)
    assert booking.bookings(db, new.day) == []


def test_a_window_still_open_can_be_booked(db: Database, fake_clock) -> None:
    assert add(db, at("08:45")).status == "booked"  # closes at 09.00: now


def test_opening_hours_and_closed_days_refuse_a_booking(db: Database, fake_clock) -> None:
    set_service(db, "A", hours={"mon": ["08:00", "12:00"], "tue": ["08:00", "12:00"]})
    with pytest.raises(BookingRefused) as e:
        add(db, at("12:00"))
    assert (e.value.reason, e.value.field) == ("outside_hours", "time")
    with pytest.raises(BookingRefused) as e:
        add(db, at("10:00", date(2026, 3, 4)))  # a Wednesday
    assert (e.value.reason, e.value.field) == ("closed_day", "date")
    assert add(db, at("11:59")).local_time == time(11, 59)


def test_the_slot_quota_keeps_bookings_from_crowding_out_walk_ins(db: Database, fake_clock) -> None:
    set_service(db, "A", booking_quota=2)
    add(db, at("10:00"))
    add(db, at("10:29"))
    with pytest.raises(BookingRefused) as e:
        add(db, at("10:15"))
    assert (e.value.reason, e.value.field) == ("quota", "time")
    assert "10:00-10:30" in str(e.value)
    assert add(db, at("10:30")).local_time == time(10, 30)  # the next slot
    cancel(db, booking.bookings(db)[0].code)
    add(db, at("10:15"))  # a cancelled booking frees its place
    assert booking.slot_use(db, "A", TODAY) == {time(10): 2, time(10, 30): 1}
    set_service(db, "B", booking_quota=0)
    with pytest.raises(BookingRefused) as e:
        add(db, NewBooking("B", TODAY, time(10)))
    assert e.value.reason == "no_bookings"


def test_add_many_is_all_or_nothing_lists_every_fault_and_is_idempotent(db: Database, fake_clock) -> None:
    rows = [NewBooking("A", TODAY, time(10), import_key="k1"), NewBooking("Z", TODAY, time(10), import_key="k2"),
            NewBooking("B", TODAY, time(7), import_key="k3"), NewBooking("C", TODAY, time(11), import_key="k4")]
    with pytest.raises(BookingRefused) as e:
        add_many(db, rows)
    assert [(x.index, x.field, x.reason) for x in e.value.errors] == [(1, "service", "unknown_service"),
                                                                         (2, "date", "past")]
    assert "(and 1 more)" in str(e.value)
    assert booking.bookings(db) == []
    good = [rows[0], rows[3], NewBooking("A", TODAY, time(10), import_key="k5", code=booking.new_code())]
    first = add_many(db, good)
    assert (first.added, first.unchanged) == (3, 0)
    assert first.codes[2] == good[2].code
    again = add_many(db, good)
    assert (again.added, again.unchanged, again.codes) == (0, 3, first.codes)
    assert len(booking.bookings(db)) == 3
    assert len(audit.entries(db, action="booking_imported")) == 1
    with pytest.raises(BookingRefused) as e:  # the same code again, in another row
        add(db, NewBooking("A", TODAY, time(11), code=good[2].code))
    assert e.value.reason == "duplicate_code"


def test_cancel_only_a_booking_waiting_to_be_checked_in(db: Database, fake_clock) -> None:
    b = add(db, at("09:10"))
    assert booking.check_in(db, b.code).outcome == "issued"
    with pytest.raises(BookingRefused) as e:
        cancel(db, b.code)
    assert e.value.reason == "not_cancellable"
    with pytest.raises(BookingRefused) as e:
        cancel(db, booking.new_code())
    assert e.value.reason == "not_found"
    other = add(db, at("11:00"))
    assert cancel(db, other.code, "visitor called").status == "cancelled"
    assert booking.check_in(db, other.code).outcome == "cancelled"
    assert audit.entries(db, action="booking_cancelled")[0].after["reason"] == "visitor called"


# -- check-in -------------------------------------------------------------------------------------


def test_the_window_at_its_edges(db: Database, fake_clock) -> None:
    b = add(db, at("09:30"))  # window 09.00 .. 09.45
    fake_clock.current = wib(TODAY, "08:59") - timedelta(seconds=1)
    early = booking.check_in(db, b.code)
    assert (early.outcome, early.opens_at) == ("early", wib(TODAY, "09:00"))
    fake_clock.current = wib(TODAY, "09:00")
    done = booking.check_in(db, b.code)
    assert done.outcome == "issued" and done.issued is not None
    t = done.issued.ticket
    assert (t.source, t.queue_time, t.label) == ("booking", wib(TODAY, "09:30"), "A-001")
    assert done.booking is not None and (done.booking.status, done.booking.ticket_label) == ("checked_in", "A-001")

    late_edge = add(db, at("09:45"))
    fake_clock.current = wib(TODAY, "10:00")  # its last moment
    assert booking.check_in(db, late_edge.code).outcome == "issued"
    too_late = add(db, at("09:50"))
    fake_clock.current = wib(TODAY, "10:05") + timedelta(seconds=1)
    late = booking.check_in(db, too_late.code)
    assert late.outcome == "late" and late.issued is not None
    assert (late.issued.ticket.source, late.issued.ticket.queue_time) == ("kiosk", fake_clock.current)
    assert late.booking is not None and late.booking.status == "late"
    again = booking.check_in(db, too_late.code)  # the same ordinary number, not a second one
    assert again.outcome == "reprint" and again.issued is not None
    assert again.issued.ticket.label == late.issued.ticket.label


def test_other_days_and_settings(db: Database, fake_clock) -> None:
    set_setting(db, "booking_early_minutes", 60)
    set_setting(db, "booking_late_minutes", 0)
    tomorrow = add(db, at("10:00", TODAY + timedelta(days=1)))
    result = booking.check_in(db, tomorrow.code)
    assert (result.outcome, result.opens_at) == ("early", wib(TODAY + timedelta(days=1), "09:00"))
    b = add(db, at("10:00"))
    assert booking.check_in(db, b.code).outcome == "issued"  # an hour early is inside now
    fake_clock.current = wib(TODAY + timedelta(days=2), "09:00")
    assert booking.check_in(db, tomorrow.code).outcome == "missed"
    assert booking.check_in(db, "").outcome == "invalid"
    assert booking.check_in(db, "not a code at all").outcome == "invalid"
    assert booking.check_in(db, booking.new_code()).outcome == "unknown"


def test_a_booking_served_already_is_used_and_a_closed_service_is_unavailable(db: Database, fake_clock) -> None:
    b = add(db, at("09:00"))
    first = booking.check_in(db, b.code)
    assert first.issued is not None
    called = queue.call_next(db, 1)
    assert called.ticket is not None and called.ticket.id == first.issued.ticket.id
    at_counter = booking.check_in(db, b.code)
    assert at_counter.outcome == "reprint" and at_counter.issued is not None and at_counter.issued.people_ahead == 0
    queue.start_service(db, 1)
    queue.finish(db, 1)
    assert booking.check_in(db, b.code).outcome == "used"
    c = add(db, NewBooking("C", TODAY, time(9, 10)))
    with db.write() as s:
        from db.models import ServiceDay
        svc_id = s.scalar(select(Service.id).where(Service.code == "C"))
        s.add(ServiceDay(service_id=svc_id, day=TODAY, open_override=False))
    refused = booking.check_in(db, c.code)
    assert (refused.outcome, refused.reason) == ("unavailable", "closed")
    assert booking.find(db, c.code).status == "booked"


def test_checking_in_ignores_the_daily_quota_it_was_accepted_against(db: Database, fake_clock) -> None:
    b = add(db, at("09:15"))
    set_service(db, "A", daily_quota=1)
    queue.issue_ticket(db, "A")
    with pytest.raises(queue.ServiceUnavailable):
        queue.issue_ticket(db, "A")
    assert booking.check_in(db, b.code).outcome == "issued"


def test_a_booked_ticket_queues_at_its_booked_time(db: Database, fake_clock) -> None:
    """The fair rule: walk-ins who came before the booked time go first, those after it go later."""
    b = add(db, at("09:20"))
    before = [queue.issue_ticket(db, "A") for _ in range(2)]  # 09.00
    fake_clock.advance(minutes=5)
    checked = booking.check_in(db, b.code)  # 09.05, booked 09.20
    assert checked.issued is not None and checked.issued.people_ahead == 2
    fake_clock.advance(minutes=20)  # 09.25: after the booked time
    after = queue.issue_ticket(db, "A")
    assert after.people_ahead == 3
    order = [t.label for t in queue.waiting_tickets(db, 1)]
    booked = checked.issued.ticket.label
    assert order.index(booked) == 2
    assert order.index(after.ticket.label) == 3
    assert [order.index(t.ticket.label) for t in before] == [0, 1]
    late_b = add(db, at("09:20", TODAY + timedelta(days=7)))
    assert late_b.status == "booked"


def test_a_late_check_in_within_the_window_goes_before_later_walk_ins(db: Database, fake_clock) -> None:
    b = add(db, at("09:05"))
    queue.issue_ticket(db, "A")  # 09.00
    fake_clock.advance(minutes=10)
    walk_in = queue.issue_ticket(db, "A")  # 09.10
    fake_clock.advance(minutes=5)
    checked = booking.check_in(db, b.code)  # 09.15, booked 09.05
    assert checked.issued is not None and checked.issued.people_ahead == 1
    order = [t.label for t in queue.waiting_tickets(db, 1)]
    assert order.index(checked.issued.ticket.label) < order.index(walk_in.ticket.label)


def test_two_kiosks_checking_in_one_code_at_once_get_one_ticket(db: Database, fake_clock) -> None:
    b = add(db, at("09:10"))
    results: list[booking.CheckIn] = []
    barrier = threading.Barrier(4)

    def kiosk() -> None:
        barrier.wait()
        results.append(booking.check_in(db, b.code))

    threads = [threading.Thread(target=kiosk) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.outcome for r in results) == ["issued", "reprint", "reprint", "reprint"]
    labels = {r.issued.ticket.label for r in results if r.issued}
    assert len(labels) == 1
    assert len(queue.waiting_tickets(db, 1)) == 1


# -- housekeeping --------------------------------------------------------------------------------


def test_the_sweep_marks_bookings_whose_window_closed_as_no_shows(db: Database, fake_clock) -> None:
    gone = add(db, at("09:00"))
    still = add(db, at("09:30"))
    fake_clock.current = wib(TODAY, "09:15")
    assert booking.sweep_no_shows(db) == 0  # 09.00's window closes at 09.15, included
    fake_clock.advance(seconds=1)
    assert booking.housekeep(db) == (1, 0)
    assert booking.find(db, gone.code).status == "no_show"
    assert booking.find(db, still.code).status == "booked"
    late = booking.check_in(db, gone.code)  # still today: an ordinary ticket
    assert late.outcome == "late" and late.booking is not None and late.booking.status == "late"
    assert sorted(b.status for b in booking.bookings(db, TODAY)) == ["booked", "late"]


def test_the_purge_erases_personal_data_after_the_retention_days(db: Database, fake_clock) -> None:
    set_setting(db, "booking_retention_days", 7)
    b = add_many(db, [NewBooking("A", TODAY, time(9, 30), name="Budi", company="PT X",
                                         nib="1234567890123", phone="0812345678", import_key="row-1")])
    fake_clock.current += timedelta(days=7)
    assert booking.purge(db) == 0
    fake_clock.current += timedelta(days=1)
    assert booking.housekeep(db) == (1, 1)
    gone = booking.find(db, b.codes[0])
    assert (gone.name, gone.company, gone.nib, gone.phone, gone.purged) == (None, None, None, None, True)
    assert (gone.service_code, gone.day, gone.status) == ("A", TODAY, "no_show")
    with db.read() as s:
        assert s.scalar(select(Booking.import_key)) is None
    assert booking.purge(db) == 0
