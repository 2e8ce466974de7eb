"""Report periods (a day, an ISO week, a month, a year, or from–to) and filters.

A period is a run of the site's **business days** (``tickets.day``, as the queue
defines them: the local date shifted by the day-reset time), first and last included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from db.errors import AntrianError
from db.sitetime import MONTH_NAMES, parse_hhmm

#: How far before a period the counters' state (signed in, paused, visitor at it) is looked for.
LOOKBACK_DAYS = 7


class ReportError(AntrianError):
    """A report request that cannot be made: a bad date, period, service, counter or officer."""


@dataclass(frozen=True)
class Period:
    """Business days ``first`` .. ``last`` (both included); ``kind`` is how it was asked for
    (``day``, ``week``, ``month``, ``quarter``, ``semester``, ``year``, ``range``)."""

    first: date
    last: date
    kind: str = "range"

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ReportError(f"the period ends ({self.last}) before it starts ({self.first})")

    @property
    def days(self) -> list[date]:
        """Every business day of the period, in order."""
        return [self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1)]

    def start_utc(self, tz: ZoneInfo, day_reset: str = "00:00") -> datetime:
        """The moment the first business day begins, in UTC."""
        return _day_start(self.first, tz, day_reset)

    def end_utc(self, tz: ZoneInfo, day_reset: str = "00:00") -> datetime:
        """The moment the last business day ends (the next one begins), in UTC."""
        return _day_start(self.last + timedelta(days=1), tz, day_reset)

    def title(self, language: str = "id") -> str:
        """The period as a heading says it: ``November 2026``, ``Triwulan III 2026`` / ``Q3 2026``,
        ``Semester II 2026`` / ``Second half of 2026``, ``1 – 7 November 2026``, ``2026``."""
        if self.kind == "year":
            return str(self.first.year)
        if self.kind == "quarter":
            q = (self.first.month - 1) // 3 + 1
            return f"Triwulan {_ROMAN[q]} {self.first.year}" if language == "id" else f"Q{q} {self.first.year}"
        if self.kind == "semester":
            half = 1 if self.first.month == 1 else 2
            if language == "id":
                return f"Semester {_ROMAN[half]} {self.first.year}"
            return f"{'First' if half == 1 else 'Second'} half of {self.first.year}"
        if self.kind == "month":
            return f"{MONTH_NAMES[language][self.first.month - 1]} {self.first.year}"
        if self.first == self.last:
            return date_text(self.first, language)
        return f"{date_text(self.first, language)} – {date_text(self.last, language)}"


    def previous(self) -> Period:
        """The period of the same kind just before this one: the previous month, quarter,
        semester or year; for a day, week or from–to, the same number of days just before."""
        if self.kind in _MONTHS_OF:
            step = _MONTHS_OF[self.kind]
            index = self.first.year * 12 + self.first.month - 1 - step
            return months(index // 12, index % 12 + 1, step, self.kind)
        length = self.last - self.first + timedelta(days=1)
        return Period(self.first - length, self.first - timedelta(days=1), self.kind)


_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
#: How many months each calendar period kind spans.
_MONTHS_OF = {"month": 1, "quarter": 3, "semester": 6, "year": 12}
#: The kinds a survey period can be (``survey_period`` setting), besides from–to.
SURVEY_KINDS = ("quarter", "semester", "year")


def months(year: int, first_month: int, count: int, kind: str) -> Period:
    """The business days of ``count`` calendar months from ``first_month`` of ``year``."""
    first = date(year, first_month, 1)
    end = year * 12 + first_month - 1 + count
    return Period(first, date(end // 12, end % 12 + 1, 1) - timedelta(days=1), kind)


def current_period(kind: str, day: date) -> Period:
    """The month, quarter, semester or year (``kind``) that ``day`` belongs to."""
    if kind not in _MONTHS_OF:
        raise ReportError(f"'{kind}' is not a kind of period: quarter, semester, year or month")
    step = _MONTHS_OF[kind]
    return months(day.year, (day.month - 1) // step * step + 1, step, kind)


def date_text(d: date, language: str = "id") -> str:
    """A date as the reports write it: ``1 November 2026``."""
    return f"{d.day} {MONTH_NAMES[language][d.month - 1]} {d.year}"


def _day_start(d: date, tz: ZoneInfo, day_reset: str) -> datetime:
    reset = parse_hhmm(day_reset)
    return datetime.combine(d, reset, tzinfo=tz).astimezone(UTC)


def parse_date(text: str) -> date:
    """``2026-11-05`` as a date, or :class:`ReportError` naming what was wrong."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ReportError(f"'{text}' is not a date: write it as YYYY-MM-DD, e.g. 2026-11-05") from None


_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)
_SEMESTER = re.compile(r"^(\d{4})-S([12])$", re.IGNORECASE)


def parse_period(text: str) -> Period:
    """A period written as a day (``2026-11-05``), an ISO week (``2026-W45``), a month
    (``2026-11``), a quarter (``2026-Q3``), a semester (``2026-S2``) or a year (``2026``)."""
    value = text.strip()
    try:
        if m := _YEAR.match(value):
            year = int(m[1])
            return Period(date(year, 1, 1), date(year, 12, 31), "year")
        if m := _QUARTER.match(value):
            return months(int(m[1]), int(m[2]) * 3 - 2, 3, "quarter")
        if m := _SEMESTER.match(value):
            return months(int(m[1]), int(m[2]) * 6 - 5, 6, "semester")
        if m := _MONTH.match(value):
            return month(int(m[1]), int(m[2]))
        if m := _WEEK.match(value):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return Period(monday, monday + timedelta(days=6), "week")
    except ValueError:
        raise ReportError(f"'{text}' is not a period: no such day, week or month") from None
    if re.match(r"^\d{4}-\d{1,2}-\d{1,2}$", value):
        d = parse_date(value)
        return Period(d, d, "day")
    raise ReportError(f"'{text}' is not a period: write a day 2026-11-05, a week 2026-W45, a month 2026-11, "
                      "a quarter 2026-Q3, a semester 2026-S2 or a year 2026")


def month(year: int, month_number: int) -> Period:
    """The business days of one calendar month."""
    if not 1 <= month_number <= 12:
        raise ReportError(f"there is no month {month_number}: write 2026-11 for November 2026")
    first = date(year, month_number, 1)
    following = date(year + (month_number == 12), month_number % 12 + 1, 1)
    return Period(first, following - timedelta(days=1), "month")


def between(first: str, last: str) -> Period:
    """The period from ``first`` to ``last`` (``YYYY-MM-DD``, both included)."""
    return Period(parse_date(first), parse_date(last), "range")


@dataclass(frozen=True)
class Filters:
    """What a report is narrowed to: one service (its code), one counter (its number), one
    officer (username). ``None`` means all."""

    service: str | None = None
    counter: int | None = None
    officer: str | None = None

    def describe(self) -> list[tuple[str, str]]:
        """The filters set, as ``(name, value)`` pairs for a report's heading."""
        pairs = [("service", self.service), ("counter", None if self.counter is None else str(self.counter)),
                 ("officer", self.officer)]
        return [(k, v) for k, v in pairs if v is not None]
