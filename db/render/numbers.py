"""Numbers and dates as the reports write them.

Indonesian: ``1.234,5`` (dot between thousands, comma before decimals), ``92,3%``,
``1 November 2026``; English: ``1,234.5``, ``92.3%``, ``1 November 2026``.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from db.reports.period import date_text


def number(value: float | int | Decimal | None, language: str = "id", places: int = 0) -> str:
    """``value`` with ``places`` decimals in the language's style; ``–`` for None. A Decimal
    (an IKM or NRR already rounded half up) is printed exactly, never through a float."""
    if value is None:
        return "–"
    text = f"{value:,.{places}f}"
    if language == "id":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def percent(share: float | None, language: str = "id", places: int = 1) -> str:
    """A share (0–1) as a percentage: ``92,3%``."""
    return "–" if share is None else number(share * 100, language, places) + "%"


def day(d: date, language: str = "id") -> str:
    """``1 November 2026``."""
    return date_text(d, language)


def moment(at: datetime, tz: ZoneInfo, language: str = "id") -> str:
    """A moment in the site's time: ``1 November 2026 pukul 08.05 WIB`` / ``1 November 2026, 08:05 WIB``."""
    local = at.astimezone(tz)
    zone = local.tzname() or ""
    if language == "id":
        return f"{date_text(local.date(), 'id')} pukul {local:%H.%M} {zone}".rstrip()
    return f"{date_text(local.date(), 'en')}, {local:%H:%M} {zone}".rstrip()
