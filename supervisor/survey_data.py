"""What the "Survei" tab reads and writes, without widgets: the IKM of a survey period as
plain values (:class:`SurveyView`), the period asked for (:class:`SurveyQuery`), saving the
follow-up plan, and the words and numbers the page shows (``87,45``, ``Semester II 2026``).

Everything here that touches the database runs on the page's task runner; the figures are
the core's (``db.survey.ikm.results``), never computed a second time here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from db import roles
from db import survey as surveys
from db.database import Database
from db.render.numbers import number
from db.reports import Period
from db.survey import ikm
from db.survey.ikmcache import IkmCache
from ui.theme import ACCENT, DANGER, OK, WARNING

#: The survey period kinds the page offers (the site's ``survey_period`` choices).
PERIOD_KINDS = ("quarter", "semester", "year")
#: How many comments the page lists (the newest first); the report holds all of them.
COMMENTS_SHOWN = 30
#: The colour of each grade's letter.
GRADE_COLOURS = {"A": OK, "B": ACCENT, "C": WARNING, "D": DANGER}


@dataclass(frozen=True)
class SurveyQuery:
    """The period asked for: its kind and a day in it; ``None`` for the site's own survey
    period (``survey_period``) and the site's business day today."""

    kind: str | None = None
    day: date | None = None


class QueryHolder:
    """The query the next read uses: a plain holder the worker reads, never a widget."""

    def __init__(self, value: SurveyQuery) -> None:
        self.value = value


@dataclass(frozen=True)
class ElementView:
    """One element (or WBK item) as the page shows it: its NRR (None without answers)."""

    key: str
    code: str
    answers: int
    nrr: float | None


@dataclass(frozen=True)
class ServiceView:
    """One service's IKM in the period."""

    code: str
    name_id: str
    name_en: str
    respondents: int
    index: Decimal | None
    grade: str  # the letter, "" without an IKM

    def name(self, language: str) -> str:
        """The service's name in ``language``."""
        return self.name_en if language == "en" and self.name_en else self.name_id


@dataclass(frozen=True)
class SurveyView:
    """The IKM of one survey period, read in one go, ready to show."""

    period: Period
    today: date
    site_kind: str  # the site's survey period kind (what "now" means)
    respondents: int
    complete: int
    target: int
    previous_visitors: int
    index: Decimal | None
    grade: str  # "A".."D", "" without an IKM
    grade_id: str
    grade_en: str
    elements: tuple[ElementView, ...]
    weakest: tuple[str, ...]  # element keys, the weakest first
    wbk_index: Decimal | None
    wbk: tuple[ElementView, ...]
    services: tuple[ServiceView, ...]
    comments: tuple[str, ...]  # the newest first, at most COMMENTS_SHOWN
    plan: str

    def grade_name(self, language: str) -> str:
        """The grade's name (``Baik``/``Good``) in ``language``."""
        return self.grade_en if language == "en" else self.grade_id

    def is_current(self) -> bool:
        """Whether the period holds today."""
        return self.period.first <= self.today <= self.period.last


def _nrr(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def _elements(scores: tuple[ikm.ElementScore, ...]) -> tuple[ElementView, ...]:
    return tuple(ElementView(e.key, e.code, e.answers, _nrr(e.nrr)) for e in scores)


def read_survey(db: Database, query: SurveyQuery) -> SurveyView:
    """The IKM of the period ``query`` asks for (on the runner's thread)."""
    return SurveyReader().read(db, query)


class SurveyReader:
    """:func:`read_survey` over an :class:`~db.survey.ikmcache.IkmCache`: the whole IKM is read
    again only when something it shows may have changed (a survey or the plan saved, another
    period or day). Used from the runner's one thread only.

    A service renamed shows its new name with the next survey saved or period chosen.
    """

    def __init__(self) -> None:
        self.cache = IkmCache()

    def read(self, db: Database, query: SurveyQuery) -> SurveyView:
        """The view of the period ``query`` asks for."""
        reading = self.cache.read(db, query.kind, query.day)
        return view_of(reading.result, reading.period, reading.today, reading.settings.survey_period)


def view_of(result: ikm.IkmResult, period: Period, today: date, site_kind: str) -> SurveyView:
    """The core's result as the page shows it (pure)."""
    grade = result.grade
    wbk = result.wbk
    services = tuple(
        ServiceView(r.service.code, r.service.name_id, r.service.name_en, r.respondents, r.index,
                    r.grade.letter if r.grade is not None else "")
        for r in result.per_service if r.service is not None)
    return SurveyView(
        period=period, today=today, site_kind=site_kind, respondents=result.respondents, complete=result.complete,
        target=result.target_sample, previous_visitors=result.previous_visitors, index=result.index,
        grade=grade.letter if grade is not None else "", grade_id=grade.name_id if grade is not None else "",
        grade_en=grade.name_en if grade is not None else "", elements=_elements(result.elements),
        weakest=tuple(e.key for e in result.weakest), wbk_index=wbk.index if wbk is not None else None,
        wbk=_elements(wbk.items) if wbk is not None else (), services=services,
        comments=result.comments[:COMMENTS_SHOWN], plan=result.plan)


def save_plan(db: Database, actor: roles.Actor, period: Period, text: str) -> str:
    """Save the follow-up plan of ``period`` (last save wins; audited) and return it as stored."""
    surveys.set_plan(db, actor, period.first, period.last, text)
    return surveys.plan(db, period.first, period.last)


def stepped(kind: str, period: Period, steps: int) -> Period:
    """The period of ``kind`` ``steps`` periods after ``period`` (before it when negative)."""
    for _ in range(abs(steps)):
        day = period.last + timedelta(days=1) if steps > 0 else period.first - timedelta(days=1)
        period = ikm.current_period(kind, day)
    return period


def index_text(value: Decimal | None, language: str) -> str:
    """The IKM as the reports write it (``87,45``), ``–`` when there is none yet."""
    return number(value, language, 2)


def nrr_text(value: float | None, language: str) -> str:
    """An element's mean answer (``3,45``), ``–`` without answers."""
    return number(value, language, 2)
