"""Site-local time (business day, opening hours) and the replaceable clock."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from db import clock
from db.clock import FakeClock, set_clock
from db.sitetime import business_day, next_opening, opening_state, parse_hhmm, zone
from tests.db.dbtools import wib

UTC = UTC


@pytest.mark.parametrize(
    ("utc", "reset", "expected"),
    [
        (datetime(2026, 3, 2, 16, 59, tzinfo=UTC), "00:00", date(2026, 3, 2)),  # 23:59 WIB
        (datetime(2026, 3, 2, 17, 0, tzinfo=UTC), "00:00", date(2026, 3, 3)),  # 00:00 WIB
        (datetime(2026, 3, 2, 19, 59, tzinfo=UTC), "03:00", date(2026, 3, 2)),  # 02:59 WIB, reset at 03:00
        (datetime(2026, 3, 2, 20, 0, tzinfo=UTC), "03:00", date(2026, 3, 3)),
        (datetime(2026, 12, 31, 17, 30, tzinfo=UTC), "00:00", date(2027, 1, 1)),
    ],
)
def test_business_day_in_jakarta(utc: datetime, reset: str, expected: date) -> None:
    assert business_day(utc, "Asia/Jakarta", reset) == expected


def test_business_day_other_zones() -> None:
    noon_utc = datetime(2026, 3, 2, 16, 30, tzinfo=UTC)
    assert business_day(noon_utc, "Asia/Jakarta") == date(2026, 3, 2)  # 23:30 WIB
    assert business_day(noon_utc, "Asia/Makassar") == date(2026, 3, 3)  # 00:30 WITA
    assert business_day(noon_utc, "Not/AZone") == date(2026, 3, 2)  # unknown: falls back to Jakarta


def test_zone_fallback() -> None:
    assert str(zone("Asia/Jayapura")) == "Asia/Jayapura"
    assert str(zone("Mars/Olympus")) == "Asia/Jakarta"
    assert str(zone("")) == "Asia/Jakarta"


@pytest.mark.parametrize("bad", ["8", "24:00", "08:60", "aa:bb", "08:00:00", ""])
def test_parse_hhmm_rejects(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_hhmm(bad)


def test_parse_hhmm() -> None:
    assert parse_hhmm(" 08:30 ").hour == 8 and parse_hhmm("08:30").minute == 30
    assert parse_hhmm("0:05").minute == 5


HOURS = {"mon": ["08:00", "15:00"], "fri": ["08:00", "14:30"]}


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        (wib(2026, 3, 2, 7, 0), (False, "08:00")),
        (wib(2026, 3, 2, 8, 0), (True, None)),
        (wib(2026, 3, 2, 14, 59), (True, None)),
        (wib(2026, 3, 2, 15, 0), (False, None)),
        (wib(2026, 3, 3, 10, 0), (False, None)),  # Tuesday: not listed
        (wib(2026, 3, 6, 14, 29), (True, None)),
        (wib(2026, 3, 6, 14, 30), (False, None)),
    ],
)
def test_opening_state(local: datetime, expected: tuple[bool, str | None]) -> None:
    assert opening_state(HOURS, local) == expected


def test_no_hours_means_always_open() -> None:
    assert opening_state({}, wib(2026, 3, 8, 3, 0)) == (True, None)


def test_fake_clock_and_restore() -> None:
    fake = FakeClock(wib(2026, 3, 2, 9, 0))
    assert fake().tzinfo == UTC and fake() == datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    set_clock(fake)
    try:
        assert clock.utcnow() == fake.current
        fake.advance(minutes=90)
        assert clock.utcnow() == datetime(2026, 3, 2, 3, 30, tzinfo=UTC)
    finally:
        set_clock(None)
    real = clock.utcnow()
    assert real.tzinfo is not None and abs((real - datetime.now(UTC)).total_seconds()) < 60


def test_fake_clock_fixture(fake_clock: FakeClock) -> None:
    assert clock.utcnow() == fake_clock.current == wib(2026, 3, 2, 9, 0)
    fake_clock.advance(days=1)
    assert clock.utcnow() == wib(2026, 3, 3, 9, 0)


WEEK = {d: ["08:00", "15:00"] for d in ("mon", "tue", "wed", "thu")} | {"fri": ["08:00", "14:30"]}


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        (wib(2026, 3, 2, 7, 0), wib(2026, 3, 2, 8, 0)),  # Monday before opening: today
        (wib(2026, 3, 2, 8, 0), None),  # open now
        (wib(2026, 3, 2, 15, 0), wib(2026, 3, 3, 8, 0)),  # Monday after closing: Tuesday
        (wib(2026, 3, 6, 14, 30), wib(2026, 3, 9, 8, 0)),  # Friday after closing: Monday
        (wib(2026, 3, 7, 10, 0), wib(2026, 3, 9, 8, 0)),  # Saturday: Monday
        (wib(2026, 3, 8, 23, 59), wib(2026, 3, 9, 8, 0)),  # Sunday night: Monday
    ],
)
def test_next_opening(local: datetime, expected: datetime | None) -> None:
    opens = next_opening(WEEK, local)
    assert opens == expected
    if opens is not None:
        assert opens.tzinfo == local.tzinfo and opens > local
        assert opening_state(WEEK, opens) == (True, None)


def test_next_opening_one_day_a_week() -> None:
    only_wed = {"wed": ["09:30", "11:00"]}
    assert next_opening(only_wed, wib(2026, 3, 4, 11, 0)) == wib(2026, 3, 11, 9, 30)  # next week's Wednesday
    assert next_opening(only_wed, wib(2026, 3, 4, 9, 0)) == wib(2026, 3, 4, 9, 30)


def test_next_opening_without_hours() -> None:
    assert next_opening({}, wib(2026, 3, 7, 10, 0)) is None  # no hours: always open
