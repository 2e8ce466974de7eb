"""The screens' IKM cache: the whole IKM is read again only when a survey or the plan of the
period is saved, or the period or day changes; a heartbeat (SQLite's feed says "data") reads
one cheap stamp only."""

from __future__ import annotations

from datetime import date

from db import heartbeat, roles, survey
from db.clock import FakeClock
from db.database import Database
from db.survey.ikmcache import IkmCache
from tests.db.dbtools import count_statements
from tests.db.surveyseed import respond

MONDAY = date(2026, 3, 2)  # the fake clock's business day


def test_the_ikm_is_read_again_only_when_it_may_have_changed(db: Database, fake_clock: FakeClock) -> None:
    cache = IkmCache()
    first = cache.read(db)
    assert first.period.kind == "semester" and (first.period.first, first.period.last) == (date(2026, 1, 1),
                                                                                            date(2026, 6, 30))
    assert first.today == MONDAY and first.result.index is None and cache.computed == 1
    heartbeat.beat(db, "kiosk", pc="LOBBY")
    cheap = count_statements(db, lambda: cache.read(db))
    assert cache.computed == 1 and cheap <= 4  # the settings (with the time), the two stamps
    respond(db, "A", MONDAY, [4, 4, 4, 4, 4, 4, 4, 4, 3])
    assert cache.read(db).result.respondents == 1 and cache.computed == 2
    sup = roles.sign_in(db, "supervisor", "supervisor123")
    survey.set_plan(db, sup, date(2026, 1, 1), date(2026, 6, 30), "Menambah kursi.")
    assert cache.read(db).result.plan == "Menambah kursi." and cache.computed == 3
    assert cache.read(db, "quarter").period.last == date(2026, 3, 31) and cache.computed == 4
    respond(db, "A", date(2026, 7, 1), [1] * 9)  # another period's survey changes nothing here
    cache.read(db, "quarter")
    assert cache.computed == 4
    fake_clock.advance(days=31)  # April: a new quarter
    assert cache.read(db, "quarter").period.first == date(2026, 4, 1) and cache.computed == 5
