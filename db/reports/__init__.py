"""Reports on the service standard (issue 13): definitions, periods, filters and figures.

One function per report, each reading in one read transaction (never the write lock)
and returning plain dataclasses; ``db.render`` turns them into PDF, XLSX and CSV.
The definitions an auditor checks are in :mod:`db.reports.definitions`.

>>> from db.reports import month, volume
>>> figures = volume(db, month(2026, 11))          # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from db.database import Database
from db.reports.data import Dataset, ServiceRow, load
from db.reports.figures import (
    ArrivalsReport,
    ComplianceReport,
    RecallsReport,
    StaffReport,
    Summary,
    TimesReport,
    VolumeReport,
    arrivals_of,
    compliance_of,
    recalls_of,
    staff_of,
    summary_of,
    times_of,
    volume_of,
)
from db.reports.period import Filters, Period, ReportError, between, current_period, month, parse_period

__all__ = [
    "KINDS", "ArrivalsReport", "ComplianceReport", "Dataset", "Filters", "Period", "RecallsReport", "Report",
    "ReportError", "ServiceRow",
    "StaffReport", "Summary", "TimesReport", "VolumeReport", "arrivals", "between", "compliance", "current_period",
    "ikm_of", "load", "month",
    "parse_period", "recalls", "report", "report_of", "staff", "summary", "times", "volume",
]


def volume(db: Database, period: Period, filters: Filters | None = None) -> VolumeReport:
    """Volume per service and day: issued, served, no-show, cancelled, transferred; priority, source."""
    return volume_of(load(db, period, filters))


def times(db: Database, period: Period, filters: Filters | None = None) -> TimesReport:
    """Waiting and service times per service: average, median, 90th percentile, maximum."""
    return times_of(load(db, period, filters))


def compliance(db: Database, period: Period, filters: Filters | None = None) -> ComplianceReport:
    """Compliance with the service standard per service, per day, as a share."""
    return compliance_of(load(db, period, filters))


def arrivals(db: Database, period: Period, filters: Filters | None = None) -> ArrivalsReport:
    """Arrivals by hour of day and weekday."""
    return arrivals_of(load(db, period, filters))


def staff(db: Database, period: Period, filters: Filters | None = None) -> StaffReport:
    """Per officer and per counter: visits, service time, idle time, no-shows."""
    return staff_of(load(db, period, filters))


def recalls(db: Database, period: Period, filters: Filters | None = None) -> RecallsReport:
    """Recalls and transfers."""
    return recalls_of(load(db, period, filters))


def summary(db: Database, period: Period, filters: Filters | None = None) -> Summary:
    """Every report over one read: the monthly (or yearly) summary, with the period's IKM."""
    return summary_of(load(db, period, filters, survey=True))


def ikm_of(ds: Dataset) -> Any:
    """The IKM (``db.survey.ikm.IkmResult``) of a dataset read with ``survey=True``."""
    if ds.ikm is None:
        raise ReportError("the IKM was not read: load the dataset with survey=True")
    return ds.ikm


#: Each report by its name on the command line (and in the console's list).
KINDS: dict[str, Callable[[Dataset], Any]] = {
    "volume": volume_of,
    "times": times_of,
    "compliance": compliance_of,
    "arrivals": arrivals_of,
    "staff": staff_of,
    "recalls": recalls_of,
    "summary": summary_of,
    "ikm": ikm_of,
}
#: The reports that need the survey's responses read too.
SURVEY_KINDS = ("summary", "ikm")


@dataclass(frozen=True)
class Report:
    """One report's figures with what its heading and rows name: the renderers' input."""

    kind: str
    figures: Any  # the dataclass KINDS[kind] returns
    period: Period
    filters: Filters
    site_name: str
    logo: str
    timezone: str
    generated_at: datetime  # UTC
    services: dict[int, ServiceRow]
    counters: dict[int, tuple[int, str]]  # id -> (number, name)
    officers: dict[int, tuple[str, str]]  # id -> (username, display name)


def report(db: Database, kind: str, period: Period, filters: Filters | None = None) -> Report:
    """The report called ``kind`` (a key of :data:`KINDS`), ready for ``db.render``."""
    if kind not in KINDS:
        raise ReportError(f"there is no report '{kind}' (known: {', '.join(KINDS)})")
    return report_of(kind, load(db, period, filters, survey=kind in SURVEY_KINDS))


def report_of(kind: str, ds: Dataset) -> Report:
    """:func:`report` of a dataset already read."""
    st = ds.settings
    return Report(kind, KINDS[kind](ds), ds.period, ds.filters, st.site_name, st.logo, st.timezone, ds.now,
                  ds.services, ds.counters, ds.officers)
