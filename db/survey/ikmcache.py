"""The current (or a chosen) survey period's IKM for a screen that shows it live: read again
only when something it depends on changed.

The change feed reports every commit on SQLite (a heartbeat too) and a semester's IKM over
a large history takes about half a second to read, so a screen that re-read it on every
change would keep a core busy. :class:`IkmCache` first takes one cheap, indexed look (the
period's responses: how many, the last saved, the highest id; when its follow-up plan was
last saved) and reads the whole IKM only when that, the period or the day changed. The lobby
board and the console's Survei tab both read through one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.database import Database
from db.models import SurveyPeriod, SurveyResponse
from db.reports.period import Period, current_period
from db.settings import SiteSettings
from db.survey.ikm import IkmResult, results

_R = SurveyResponse.__table__.c


def change_stamp(s: Session, period: Period) -> tuple[Any, ...]:
    """In the caller's read: a value that changes whenever a survey of ``period`` is saved or
    its follow-up plan is (a renamed service aside)."""
    responses = s.execute(select(func.count(), func.max(_R.updated_at), func.max(_R.id))
                          .where(_R.day >= period.first, _R.day <= period.last)).one()
    plan = s.execute(select(SurveyPeriod.updated_at).where(SurveyPeriod.first == period.first,
                                                           SurveyPeriod.last == period.last)).scalar()
    return (*responses, plan)


@dataclass(frozen=True)
class IkmReading:
    """One read: the period, the site's business day and settings then, and the IKM."""

    period: Period
    today: date
    settings: SiteSettings
    result: IkmResult


class IkmCache:
    """:func:`db.survey.ikm.results` of the period asked for, computed again only when its
    :func:`change_stamp` (or the period) changed. Use it from one thread (a screen's runner)."""

    def __init__(self) -> None:
        self.computed = 0  # whole IKMs read (tests check that a heartbeat reads none)
        self._key: tuple[Any, ...] | None = None
        self._result: IkmResult | None = None

    def read(self, db: Database, kind: str | None = None, day: date | None = None) -> IkmReading:
        """The IKM of the period of ``kind`` (default: the site's ``survey_period``) holding
        ``day`` (default: the site's business day now, by the office clock)."""
        from db.queue import site_now

        with db.read() as s:
            _now, today, st = site_now(s)
            period = current_period(kind or st.survey_period, day or today)
            key = (period, change_stamp(s, period))
        if key != self._key or self._result is None:
            self._result = results(db, period)
            self._key = key
            self.computed += 1
        return IkmReading(period, today, st, self._result)
