"""Site settings: the one declared place with their defaults.

Values live in the ``settings`` table (shared by every PC), one row per key; whatever is
not stored there takes the default below. Code reads them as a :class:`SiteSettings`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from db.models import Setting
from db.sitetime import DEFAULT_TZ, zone
from db.validation import Choice, Clock, Day, Flag, Subset, Template, Text, Whole, Zone

log = logging.getLogger("antrian.db.settings")


@dataclass(frozen=True)
class SiteSettings:
    """Every site setting, typed, with its default: what the screens and the core read.

    Built from the ``settings`` rows by :func:`from_rows` (a stored value that breaks its
    rule reads as the default); ``SiteSettings()`` is the site with nothing stored.
    """

    site_name: str = "Antrian"
    site_subtitle: str = ""
    site_subtitle_en: str = ""  # the subtitle in English mode ("" falls back to site_subtitle)
    logo: str = ""
    language: str = "id"  # first language of the screens: id or en
    timezone: str = DEFAULT_TZ
    day_reset: str = "00:00"  # local time at which numbers restart
    ticket_footer: str = "Layanan ini tidak dipungut biaya"
    ticket_width_mm: int = 80
    keep_ticket_pdfs: int = 200
    priority_enabled: bool = True
    kiosk_return_seconds: int = 8
    kiosk_idle_seconds: int = 60
    kiosk_pin: str = field(default="", repr=False)  # scrypt hash of the supervisor PIN that unlocks the kiosk
    announcement_template_id: str = "Nomor antrian {number}, silakan menuju loket {counter}"
    announcement_template_en: str = "Queue number {number}, please proceed to counter {counter}"
    announcement_languages: tuple[str, ...] = ("id",)  # stored as a JSON list
    announcement_repeat: int = 1
    number_style: str = "digits"  # digits ("A nol nol tujuh") or words ("A tujuh")
    voice_clips_dir: str = ""
    ticker: str = "Selamat datang. Layanan ini tidak dipungut biaya."
    ticker_en: str = "Welcome. This service is free of charge."  # the ticker in English mode
    media_dir: str = ""
    recent_calls: int = 8
    average_window: int = 20  # finished visits used for the average service time
    # The supervisor's message for the kiosk (a banner) and the display's ticker, shown only
    # on the business day ``notice_day`` (ISO date; "" for none): it never outlives its day.
    notice_id: str = ""
    notice_en: str = ""  # in English mode ("" falls back to notice_id)
    notice_day: str = ""
    # The satisfaction survey (SKM): what the survey screen and the kiosk ask besides the nine
    # elements, how long an unanswered screen waits before it sleeps again, how long after a
    # visit the counter's screen still wakes for it, and the period the IKM is counted over.
    survey_idle_seconds: int = 45
    survey_wake_minutes: int = 5
    survey_profile: bool = False  # the respondent profile of the regulation's form (optional answers)
    survey_comment: bool = True
    survey_wbk: bool = False  # the anti-corruption perception items a WBK unit asks
    survey_kiosk: bool = True  # the kiosk offers the survey to a visitor by ticket number
    survey_period: str = "semester"  # quarter, semester or year: the current IKM and the sample target
    display_ikm: bool = False  # the lobby board shows the current period's IKM
    # Bookings (antrian online): whether the kiosk takes booking codes, the check-in window
    # around the booked time, the slot a service's booking quota counts in, and how long a
    # booking's personal data is kept after its day (UU PDP 27/2022).
    booking_kiosk: bool = True
    booking_early_minutes: int = 30
    booking_late_minutes: int = 15
    booking_slot_minutes: int = 30
    booking_retention_days: int = 30

    @property
    def zone(self) -> ZoneInfo:
        """The site's time zone (:func:`db.sitetime.zone`: one fallback for a broken name)."""
        return zone(self.timezone)

    def notice(self, language: str, day: date) -> str:
        """The supervisor's notice of ``language`` (``"id"`` or ``"en"``, falling back to the
        Indonesian one) on business day ``day``; "" when there is none or it is of another day."""
        if not self.notice_day or self.notice_day != day.isoformat():
            return ""
        return (self.notice_en or self.notice_id) if language == "en" else self.notice_id

    def announcement_template(self, language: str) -> str:
        """The announcement template of ``language`` (``"id"`` or ``"en"``)."""
        return self.announcement_template_en if language == "en" else self.announcement_template_id


# The defaults as stored values (JSON types: a list where the dataclass holds a tuple).
DEFAULTS: dict[str, Any] = {
    f.name: list(f.default) if isinstance(f.default, tuple) else f.default for f in fields(SiteSettings)
}

PATH_MAX = 1000

# What each setting may hold (db.validation): checked before every write, and a stored
# value that breaks its rule is read as the default (see ``effective``).
RULES: dict[str, Any] = {
    "site_name": Text(120),
    "site_subtitle": Text(200),
    "site_subtitle_en": Text(200),
    "logo": Text(PATH_MAX),
    "language": Choice(("id", "en")),
    "timezone": Zone(),
    "day_reset": Clock(),
    "ticket_footer": Text(300, multiline=True),
    "ticket_width_mm": Choice((80, 58)),
    "keep_ticket_pdfs": Whole(1, 100_000),
    "priority_enabled": Flag(),
    "kiosk_return_seconds": Whole(1, 600),
    "kiosk_idle_seconds": Whole(1, 3600),
    "kiosk_pin": Text(300),
    "announcement_template_id": Template(),
    "announcement_template_en": Template(),
    "announcement_languages": Subset(("id", "en")),
    "announcement_repeat": Whole(1, 5),
    "number_style": Choice(("digits", "words")),
    "voice_clips_dir": Text(PATH_MAX),
    "ticker": Text(1000),
    "ticker_en": Text(1000),
    "media_dir": Text(PATH_MAX),
    "recent_calls": Whole(1, 50),
    "average_window": Whole(1, 1000),
    "notice_id": Text(300),
    "notice_en": Text(300),
    "notice_day": Day(),
    "survey_idle_seconds": Whole(10, 600),
    "survey_wake_minutes": Whole(1, 120),
    "survey_profile": Flag(),
    "survey_comment": Flag(),
    "survey_wbk": Flag(),
    "survey_kiosk": Flag(),
    "survey_period": Choice(("quarter", "semester", "year")),
    "display_ikm": Flag(),
    "booking_kiosk": Flag(),
    "booking_early_minutes": Whole(0, 240),
    "booking_late_minutes": Whole(0, 240),
    "booking_slot_minutes": Choice((10, 15, 20, 30, 60)),
    "booking_retention_days": Whole(1, 3650),
}


def coerce(key: str, value: Any) -> Any:
    """Check ``value`` against ``key``'s type and rule; raise ValueError if it does not fit."""
    if key not in DEFAULTS:
        raise ValueError(f"unknown setting '{key}'")
    default = DEFAULTS[key]
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ValueError(f"setting '{key}' must be true or false")
    elif isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"setting '{key}' must be a whole number")
    elif isinstance(default, str):
        if not isinstance(value, str):
            raise ValueError(f"setting '{key}' must be text")
    elif isinstance(default, list) and not isinstance(value, list):
        raise ValueError(f"setting '{key}' must be a list")
    rule = RULES.get(key)
    if rule is None:  # a setting declared without a rule: its type is all we know
        rule = Text(PATH_MAX) if isinstance(default, str) else None
    return rule.check(f"setting '{key}'", value) if rule is not None else value


_REPORTED: set[tuple[str, str]] = set()


def effective(stored: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """Every setting's value: the stored ones that pass their rule, else the default.

    A value written before the rules existed (``average_window = -1``) must not take the
    kiosk and display down; it is logged and replaced by its default. Stored keys that no
    setting declares are left out.
    """
    values = dict(DEFAULTS)
    for key, value in stored:
        if key not in DEFAULTS:
            continue
        try:
            values[key] = coerce(key, value)
        except ValueError as e:
            if (key, repr(value)) not in _REPORTED:  # once per process, not on every read
                _REPORTED.add((key, repr(value)))
                log.warning("ignoring stored %s; the default %r applies", e, DEFAULTS[key])
    return values


def store(s: Session, key: str, value: Any) -> bool:
    """Write one setting row in the open transaction ``s``; whether its value changed."""
    row = s.get(Setting, key)
    if row is None:
        s.add(Setting(key=key, value=value))
        return True
    if row.value == value:
        return False
    row.value = value
    return True


def from_rows(stored: Iterable[tuple[str, Any]]) -> SiteSettings:
    """The one reader: ``(key, value)`` setting rows as :class:`SiteSettings` (see :func:`effective`)."""
    values: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in effective(stored).items()}
    return SiteSettings(**values)
