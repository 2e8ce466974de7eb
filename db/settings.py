"""Site settings: the one declared place with their defaults.

Values live in the ``settings`` table (shared by every PC); whatever is not stored there
takes the default below.
"""

from __future__ import annotations

from typing import Any

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


def coerce(key: str, value: Any) -> Any:
    """Check ``value`` against the default's type for ``key``; raise ValueError if it does not fit."""
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
    elif isinstance(default, list):
        if not isinstance(value, list):
            raise ValueError(f"setting '{key}' must be a list")
    return value
