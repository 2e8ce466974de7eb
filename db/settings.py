"""Site settings: the one declared place with their defaults.

Values live in the ``settings`` table (shared by every PC); whatever is not stored there
takes the default below.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from db.validation import Choice, Clock, Flag, Subset, Template, Text, Whole, Zone

log = logging.getLogger("antrian.db.settings")

DEFAULTS: dict[str, Any] = {
    "site_name": "Antrian",
    "site_subtitle": "",
    "site_subtitle_en": "",  # the subtitle in English mode ("" falls back to site_subtitle)
    "logo": "",
    "language": "id",  # first language of the screens: id or en
    "timezone": "Asia/Jakarta",
    "day_reset": "00:00",  # local time at which numbers restart
    "ticket_footer": "Layanan ini tidak dipungut biaya",
    "ticket_width_mm": 80,
    "keep_ticket_pdfs": 200,
    "priority_enabled": True,
    "kiosk_return_seconds": 8,
    "kiosk_idle_seconds": 60,
    "kiosk_pin": "",  # scrypt hash of the supervisor PIN that unlocks the kiosk
    "announcement_template_id": "Nomor antrian {number}, silakan menuju loket {counter}",
    "announcement_template_en": "Queue number {number}, please proceed to counter {counter}",
    "announcement_languages": ["id"],
    "announcement_repeat": 1,
    "number_style": "digits",  # digits ("A nol nol tujuh") or words ("A tujuh")
    "voice_clips_dir": "",
    "ticker": "Selamat datang. Layanan ini tidak dipungut biaya.",
    "ticker_en": "Welcome. This service is free of charge.",  # the ticker in English mode
    "media_dir": "",
    "recent_calls": 8,
    "average_window": 20,  # finished visits used for the average service time
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
    kiosk and display down; it is logged and replaced by its default.
    """
    values = dict(DEFAULTS)
    for key, value in stored:
        if key in DEFAULTS:
            try:
                value = coerce(key, value)
            except ValueError as e:
                if (key, repr(value)) not in _REPORTED:  # once per process, not on every read
                    _REPORTED.add((key, repr(value)))
                    log.warning("ignoring stored %s; the default %r applies", e, DEFAULTS[key])
                continue
        values[key] = value
    return values
