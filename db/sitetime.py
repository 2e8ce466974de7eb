"""Site-local time: the business day, and whether a service is open right now."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

#: The time zone of a site that configured none, and the one fallback for a name that
#: does not resolve (a broken setting, a PC without that zone's data).
DEFAULT_TZ = "Asia/Jakarta"

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

DAY_NAMES = {
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
MONTH_NAMES = {
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
           "Oktober", "November", "Desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}


def long_date(day: date, language: str = "id") -> str:
    """A date as people write it: ``Senin, 23 November 2026`` (``"id"``) or ``Monday, 23 November 2026``."""
    return f"{DAY_NAMES[language][day.weekday()]}, {day.day} {MONTH_NAMES[language][day.month - 1]} {day.year}"


#: Indonesian time-zone abbreviations, by the site's zone.
ZONE_ABBREVIATIONS = {
    "Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT",
}


def zone_abbreviation(when: datetime) -> str:
    """``WIB``/``WITA``/``WIT`` for an Indonesian zone, else the zone's own abbreviation."""
    key = getattr(when.tzinfo, "key", None)
    if key in ZONE_ABBREVIATIONS:
        return ZONE_ABBREVIATIONS[key]
    return when.tzname() or ""


def zone(name: str | None) -> ZoneInfo:
    """The time zone a configured ``name`` means: the one place a zone is looked up.

    An empty or unknown name falls back to :data:`DEFAULT_TZ` rather than failing a
    ticket, a lockout message or a clock on a screen.
    """
    try:
        return ZoneInfo(name or DEFAULT_TZ)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TZ)


def parse_hhmm(value: str) -> time:
    """Parse ``"08:30"`` into a time; raise ValueError otherwise."""
    hh, mm = value.strip().split(":")
    return time(int(hh), int(mm))


def business_day(now_utc: datetime, tz: str, day_reset: str = "00:00") -> date:
    """The business day ``now_utc`` belongs to: the local date, shifted by the reset time."""
    local = now_utc.astimezone(zone(tz))
    reset = parse_hhmm(day_reset)
    return (local - timedelta(hours=reset.hour, minutes=reset.minute)).date()


def opening_state(hours: dict[str, list[str]], local_now: datetime) -> tuple[bool, str | None]:
    """Whether a service with these weekly ``hours`` is open at ``local_now``.

    Returns ``(open, opens_at)``: ``opens_at`` is today's opening time (``"08:00"``) when
    the service opens later today, else ``None``. An empty mapping means always open.
    """
    if not hours:
        return True, None
    span = hours.get(WEEKDAYS[local_now.weekday()])
    if not span:
        return False, None
    start, end = parse_hhmm(span[0]), parse_hhmm(span[1])
    now = local_now.time().replace(tzinfo=None)
    if start <= now < end:
        return True, None
    return False, (span[0] if now < start else None)


def next_opening(hours: dict[str, list[str]], local_now: datetime) -> datetime | None:
    """When a service with these weekly ``hours`` next opens after ``local_now``.

    The opening time later today, else the opening of the next day that has hours (up to
    a week ahead), in ``local_now``'s time zone. ``None`` when the service is open now,
    has no hours at all (always open) or no day with hours.
    """
    if not hours or opening_state(hours, local_now)[0]:
        return None
    for ahead in range(8):
        day = (local_now + timedelta(days=ahead)).date()
        span = hours.get(WEEKDAYS[day.weekday()])
        if not span:
            continue
        start = datetime.combine(day, parse_hhmm(span[0]), tzinfo=local_now.tzinfo)
        if start > local_now:
            return start
    return None
