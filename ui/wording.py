"""Wording every app writes the same way: a time of day, and the database out of reach."""

from __future__ import annotations

from datetime import datetime

from db.errors import DatabaseUnavailable
from ui.i18n import tr, translator


def clock_time(moment: datetime) -> str:
    """A time of day as the current language writes it: PUEBI's "10.35", English "10:35"."""
    return moment.strftime("%H:%M" if translator().language == "en" else "%H.%M")


def database_unavailable_text(error: DatabaseUnavailable, prefix: str) -> str:
    """The sentence for a database out of reach: ``<prefix>.locked`` when it is busy (locked),
    else ``<prefix>.db`` with the driver's detail (the message after its first ": ")."""
    message = str(error)
    if "locked" in message:
        return tr(f"{prefix}.locked")
    detail = message.split(": ", 1)[1] if ": " in message else message
    return tr(f"{prefix}.db", detail=detail)
