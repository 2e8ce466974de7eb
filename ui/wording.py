"""Wording every app writes the same way: the database out of reach (a time of day is
``ui.waittext.clock_text``)."""

from __future__ import annotations

from db.errors import DatabaseUnavailable
from ui.i18n import tr


def database_unavailable_text(error: DatabaseUnavailable, prefix: str) -> str:
    """The sentence for a database out of reach: ``<prefix>.locked`` when it is busy (locked),
    else ``<prefix>.db`` with the driver's detail (the message after its first ": ")."""
    message = str(error)
    if "locked" in message:
        return tr(f"{prefix}.locked")
    detail = message.split(": ", 1)[1] if ": " in message else message
    return tr(f"{prefix}.db", detail=detail)
