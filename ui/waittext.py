"""How a wait estimate and an opening time read on screen and on paper, in both languages.

Every screen and the printed ticket word a :class:`db.estimate.WaitRange` the same way:
``sekitar 20–30 menit`` / ``about 20–30 min``, one number when both ends agree, and
``segera`` / ``soon`` when the visitor is expected to be called right away. The short
form (the board's narrow column) uses the abbreviations ``mnt`` / ``min``.
"""

from __future__ import annotations

import functools
from datetime import datetime

from db.estimate import WaitRange
from db.sitetime import DAY_NAMES, zone_abbreviation
from ui.i18n import register, translator

TEXTS: dict[str, dict[str, str]] = {
    "wait.now": {"id": "segera", "en": "soon"},
    "wait.minutes": {"id": "sekitar {m} menit", "en": "about {m} min"},
    "wait.minutes_range": {"id": "sekitar {low}–{high} menit", "en": "about {low}–{high} min"},
    # No counter serving the service is open: no lower bound, an honest upper one.
    "wait.unstaffed": {"id": "paling lama sekitar {m} menit", "en": "up to about {m} min"},
    "wait.short_unstaffed": {"id": "≤ {m} mnt", "en": "≤ {m} min"},
    "wait.hours": {"id": "sekitar {h} jam", "en": "about {h} h"},
    "wait.hours_range": {"id": "sekitar {low}–{high} jam", "en": "about {low}–{high} h"},
    "wait.short_minutes": {"id": "± {m} mnt", "en": "~{m} min"},
    "wait.short_minutes_range": {"id": "± {low}–{high} mnt", "en": "~{low}–{high} min"},
    "wait.short_hours": {"id": "± {h} jam", "en": "~{h} h"},
    "wait.short_hours_range": {"id": "± {low}–{high} jam", "en": "~{low}–{high} h"},
    "opens.today": {"id": "Dibuka pukul {time} {zone}", "en": "Opens at {time} {zone}"},
    "opens.day": {"id": "Dibuka {day} pukul {time} {zone}", "en": "Opens {day} at {time} {zone}"},
    "opens.short_today": {"id": "buka {time}", "en": "opens {time}"},
    "opens.short_day": {"id": "buka {day}", "en": "opens {day}"},
}
register(TEXTS)

#: Up to this many minutes a wait is told in minutes; beyond it in whole hours.
MINUTES_UP_TO = 180

def _say(key: str, language: str | None, **values: object) -> str:
    return TEXTS[key][language or translator().language].format(**values)


def wait_text(wait: WaitRange, *, short: bool = False, language: str | None = None) -> str:
    """``wait`` in ``language`` (default: the current one): ``sekitar 20–30 menit``,
    ``about 25 min``, ``segera``, ``paling lama sekitar 50 menit`` while no counter of the
    service is open; ``short`` abbreviates (``± 20–30 mnt``)."""
    tr = functools.partial(_say, language=language)
    if wait.is_now:
        return tr("wait.now")
    prefix = "wait.short_" if short else "wait."
    if not wait.staffed and wait.high_min <= MINUTES_UP_TO:
        return tr(prefix + "unstaffed", m=wait.high_min)
    low, high = max(0, wait.low_min), max(wait.low_min, wait.high_min)
    if high <= MINUTES_UP_TO:
        if low == high:
            return tr(prefix + "minutes", m=high)
        return tr(prefix + "minutes_range", low=low, high=high)
    low_h, high_h = max(1, low // 60), -(-high // 60)  # whole hours, rounded outwards
    if low_h == high_h:
        return tr(prefix + "hours", h=high_h)
    return tr(prefix + "hours_range", low=low_h, high=high_h)


def clock_text(when: datetime, language: str | None = None) -> str:
    """A time of day as Indonesians write it, ``08.00`` (PUEBI); English keeps ``08:00``."""
    sep = ":" if (language or translator().language) == "en" else "."
    return f"{when.hour:02d}{sep}{when.minute:02d}"


def opening_text(opens: datetime, now: datetime, language: str | None = None) -> str:
    """When a closed service opens next: ``Dibuka pukul 08.00 WIB`` (later today) or
    ``Dibuka Senin pukul 08.00 WIB`` (another day)."""
    language = language or translator().language
    values = {"time": clock_text(opens, language), "zone": zone_abbreviation(opens)}
    if opens.date() == now.astimezone(opens.tzinfo).date():
        return _say("opens.today", language, **values).strip()
    return _say("opens.day", language, day=DAY_NAMES[language][opens.weekday()], **values).strip()


def opening_short(opens: datetime, now: datetime, language: str | None = None) -> str:
    """A closed service's next opening in a narrow column: ``buka 08.00`` today, else ``buka Senin``."""
    language = language or translator().language
    if opens.date() == now.astimezone(opens.tzinfo).date():
        return _say("opens.short_today", language, time=clock_text(opens, language))
    return _say("opens.short_day", language, day=DAY_NAMES[language][opens.weekday()])
