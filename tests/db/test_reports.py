"""Reports on a hand-computed day (tests/db/reportday.py): every figure worked out here."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from db import reports
from db.clock import FakeClock
from db.database import Database
from db.render.numbers import moment, number, percent
from db.reports import Filters, Period, ReportError, definitions
from db.reports.figures import Stats
from tests.db import reportday
from tests.db.dbtools import counter_id, officer_id, wib

DAY = reportday.DAY
ONE_DAY = Period(DAY, DAY, "day")


@pytest.fixture
def day_db(db: Database, fake_clock: FakeClock) -> Database:
    """The standard test site after the hand-computed day, the clock at 12.00 WIB."""
    reportday.play(db, fake_clock)
    reportday.at(fake_clock, 12, 0)
    return db


def _ids(db: Database) -> dict[str, int]:
    with db.read() as s:
        from sqlalchemy import select

        from db.models import Service

        return {code: i for i, code in s.execute(select(Service.id, Service.code))}


def test_volume_of_the_day(day_db: Database) -> None:
    v = reports.volume(day_db, ONE_DAY)
    ids = _ids(day_db)
    by = {r.service_id: r for r in v.by_service}
    assert set(by) == {ids["A"], ids["B"]}  # only services with visits
    a, b = by[ids["A"]], by[ids["B"]]
    # A: t1 no-show, t2 done (priority, counter), t4 done (transferred in), t5 cancelled.
    assert (a.issued, a.transferred_in, a.served, a.no_show, a.cancelled, a.transferred_out, a.expired, a.open) == \
        (3, 1, 2, 1, 1, 0, 0, 0)
    assert (a.priority, a.ordinary, a.kiosk, a.counter, a.booking) == (1, 2, 2, 1, 0)
    assert a.no_show_rate == pytest.approx(1 / 3)
    # B: t3 transferred out (booking), t6 cancelled (kiosk).
    assert (b.issued, b.transferred_in, b.served, b.no_show, b.cancelled, b.transferred_out) == (2, 0, 0, 0, 1, 1)
    assert (b.priority, b.ordinary, b.kiosk, b.counter, b.booking) == (0, 2, 1, 0, 1)
    assert b.no_show_rate is None
    t = v.total
    assert (t.issued, t.transferred_in, t.served, t.no_show, t.cancelled, t.transferred_out) == (5, 1, 2, 1, 2, 1)
    assert [(r.day, r.service_id, r.issued) for r in v.rows] == [(DAY, ids["A"], 3), (DAY, ids["B"], 2)]


def test_times_of_the_day(day_db: Database) -> None:
    t = reports.times(day_db, ONE_DAY)
    ids = _ids(day_db)
    by = {r.service_id: r for r in t.rows}
    # A waits 5 (t2), 20 (t1), 50 (t4: from 08.10, its entry into B's queue); p90 = 3rd of 3.
    assert by[ids["A"]].waiting == Stats(3, 25.0, 20.0, 50.0, 50.0)
    assert by[ids["A"]].service == Stats(2, 11.5, 11.5, 15.0, 15.0)  # 8 (t2), 15 (t4)
    assert by[ids["B"]].waiting == Stats(1, 30.0, 30.0, 30.0, 30.0)  # t3
    assert by[ids["B"]].service == Stats(0, None, None, None, None)  # transferred, not served
    # All: 5, 20, 30, 50: mean 26.25, median 25, p90 = 4th of 4 (ceil 3.6).
    assert t.total.waiting == Stats(4, 26.25, 25.0, 50.0, 50.0)
    assert t.total.service == Stats(2, 11.5, 11.5, 15.0, 15.0)


def test_compliance_of_the_day(day_db: Database) -> None:
    c = reports.compliance(day_db, ONE_DAY)
    ids = _ids(day_db)
    by = {r.service_id: r for r in c.by_service}
    # A (target 30): t2 5 met, t1 20 met (called; its no-show does not matter), t4 50 not met,
    # t5 left uncalled after 40 min: not met. B: t3 30 met; t6 left after 10 min: not measured.
    assert (by[ids["A"]].measured, by[ids["A"]].met, by[ids["A"]].share) == (4, 2, 0.5)
    assert (by[ids["B"]].measured, by[ids["B"]].met, by[ids["B"]].share) == (1, 1, 1.0)
    assert (c.total.measured, c.total.met, c.total.share) == (5, 3, 0.6)
    assert [(r.day, r.measured, r.met) for r in c.by_day] == [(DAY, 5, 3)]
    assert [(r.day, r.service_id, r.met, r.measured) for r in c.rows] == [(DAY, ids["A"], 2, 4), (DAY, ids["B"], 1, 1)]


def test_arrivals_of_the_day(day_db: Database) -> None:
    a = reports.arrivals(day_db, ONE_DAY)
    # New tickets on Monday: 08h t1 t2 t3, 09h t5, 10h t6 (t4 is a transfer, not an arrival).
    monday = a.counts[0]
    assert (monday[8], monday[9], monday[10]) == (3, 1, 1)
    assert sum(a.by_hour) == 5 and a.by_weekday == [5, 0, 0, 0, 0, 0, 0]
    assert a.peak == (0, 8, 3)
    assert a.days_per_weekday == [1, 0, 0, 0, 0, 0, 0]


def test_staff_of_the_day(day_db: Database) -> None:
    s = reports.staff(day_db, ONE_DAY)
    siti, one = officer_id(day_db, "siti"), counter_id(day_db, 1)
    assert [r.id for r in s.officers] == [siti] and [r.id for r in s.counters] == [one]
    for row in (s.officers[0], s.counters[0]):
        assert (row.visits, row.no_shows) == (2, 1)  # t2, t4 done; t1 no-show
        assert row.service.mean == 11.5
        assert row.no_show_rate == pytest.approx(1 / 3)
        # Idle: 08.00–08.10, 08.55–09.00 (after the transfer), 09.20–10.30 (signed out then);
        # 08.20 and 08.30 close a visit and start the next or a pause at the same minute.
        assert row.idle_min == pytest.approx(10 + 5 + 70)


def test_recalls_of_the_day(day_db: Database) -> None:
    r = reports.recalls(day_db, ONE_DAY)
    ids = _ids(day_db)
    by = {row.service_id: row for row in r.rows}
    a, b = by[ids["A"]], by[ids["B"]]
    assert (a.recalled_visits, a.recalls, a.transferred_out, a.transferred_in) == (1, 1, 0, 1)
    assert (b.recalled_visits, b.recalls, b.transferred_out, b.transferred_in) == (0, 0, 1, 0)
    assert r.flows == [(ids["B"], ids["A"], 1)]


def test_filters(day_db: Database) -> None:
    ids = _ids(day_db)
    only_b = reports.volume(day_db, ONE_DAY, Filters(service="b"))
    assert [r.service_id for r in only_b.by_service] == [ids["B"]] and only_b.total.issued == 2
    # A counter or officer filter keeps the visits called there: t1..t4.
    at_one = reports.volume(day_db, ONE_DAY, Filters(counter=1))
    assert (at_one.total.issued, at_one.total.transferred_in, at_one.total.served) == (3, 1, 2)
    assert reports.staff(day_db, ONE_DAY, Filters(counter=2)).counters == []
    assert reports.volume(day_db, ONE_DAY, Filters(officer="budi")).total.issued == 0
    siti = reports.staff(day_db, ONE_DAY, Filters(officer="siti"))
    assert siti.officers[0].idle_min == pytest.approx(85)
    for bad, message in ((Filters(service="Z"), "no service 'Z'"), (Filters(counter=9), "no counter 9"),
                         (Filters(officer="nobody"), "no officer 'nobody'")):
        with pytest.raises(ReportError, match=message):
            reports.volume(day_db, ONE_DAY, bad)


def test_other_days_are_not_counted(day_db: Database) -> None:
    next_day = Period(DAY + timedelta(days=1), DAY + timedelta(days=1))
    assert reports.volume(day_db, next_day).total.issued == 0
    day_before = Period(DAY - timedelta(days=1), DAY - timedelta(days=1))
    assert reports.staff(day_db, day_before).counters == []  # the day's events come after that period
    assert reports.summary(day_db, reports.month(2026, 3)).volume.total.issued == 5


def test_idle_carries_over_from_an_earlier_day(db: Database, fake_clock: FakeClock) -> None:
    """A counter signed in the evening before and never signed out is idle from the day's start."""
    fake_clock.current = wib(2026, 3, 2, 16, 0)
    from db import queue

    queue.sign_in(db, 1, "siti", "siti123")
    fake_clock.current = wib(2026, 3, 3, 10, 0)
    s = reports.staff(db, Period(date(2026, 3, 3), date(2026, 3, 3)), Filters(counter=1))
    assert s.counters[0].idle_min == pytest.approx(10 * 60)  # 00.00–10.00 (now), in the site's time


def test_report_carries_its_heading(day_db: Database) -> None:
    r = reports.report(day_db, "summary", reports.month(2026, 3), Filters(service="A"))
    assert r.kind == "summary" and r.site_name == "Direktorat Pengawasan Produksi Obat"
    assert r.period.title("id") == "Maret 2026" and r.period.title("en") == "March 2026"
    assert r.filters.describe() == [("service", "A")]
    assert r.figures.volume.total.issued == 3
    with pytest.raises(ReportError, match="no report 'nope'"):
        reports.report(day_db, "nope", ONE_DAY)


# -- definitions, periods, numbers (no database) -----------------------------------------------


def test_statistics_definitions() -> None:
    assert definitions.median([3.0, 1.0, 2.0]) == 2.0
    assert definitions.median([4.0, 1.0, 2.0, 3.0]) == 2.5
    assert definitions.median([]) is None
    values = [float(i) for i in range(1, 11)]  # 1..10: p90 = 9th value
    assert definitions.percentile(values, 90) == 9.0
    assert definitions.percentile([7.0], 90) == 7.0
    assert definitions.percentile([], 90) is None
    assert definitions.no_show_rate(0, 0) is None and definitions.no_show_rate(3, 1) == 0.25


def test_periods() -> None:
    assert reports.parse_period("2026-11") == Period(date(2026, 11, 1), date(2026, 11, 30), "month")
    assert reports.parse_period("2026-12").last == date(2026, 12, 31)
    assert reports.parse_period("2024-02").last == date(2024, 2, 29)
    assert reports.parse_period("2026-W45") == Period(date(2026, 11, 2), date(2026, 11, 8), "week")
    assert reports.parse_period("2026") == Period(date(2026, 1, 1), date(2026, 12, 31), "year")
    assert reports.parse_period("2026-11-05") == Period(date(2026, 11, 5), date(2026, 11, 5), "day")
    assert reports.between("2026-11-01", "2026-11-03").days == [date(2026, 11, d) for d in (1, 2, 3)]
    assert Period(date(2026, 11, 1), date(2026, 11, 7), "week").title("id") == "1 November 2026 – 7 November 2026"
    assert reports.parse_period("2026-11-05").title("en") == "5 November 2026"
    for bad in ("2026-13", "2026-W60", "2026-02-30", "last month", "11/2026"):
        with pytest.raises(ReportError):
            reports.parse_period(bad)
    with pytest.raises(ReportError, match="ends"):
        reports.between("2026-11-05", "2026-11-01")
    with pytest.raises(ReportError, match="not a date"):
        reports.between("2026-11-31", "2026-12-01")
    with pytest.raises(ReportError, match="no month 13"):
        reports.month(2026, 13)


def test_indonesian_and_english_numbers() -> None:
    assert number(1234.5, "id", 1) == "1.234,5" and number(1234.5, "en", 1) == "1,234.5"
    assert number(1234567, "id") == "1.234.567" and number(None) == "–"
    assert percent(0.923, "id") == "92,3%" and percent(0.923, "en") == "92.3%" and percent(None) == "–"
    from zoneinfo import ZoneInfo

    at = wib(2026, 11, 1, 8, 5)
    assert moment(at, ZoneInfo("Asia/Jakarta"), "id") == "1 November 2026 pukul 08.05 WIB"
    assert moment(at, ZoneInfo("Asia/Jakarta"), "en") == "1 November 2026, 08:05 WIB"
