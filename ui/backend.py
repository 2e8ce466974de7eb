"""What a window needs to reach the shared database, bundled: passed down, never unpacked.

A window hands the same three objects to the pages and sessions it builds; one value
keeps their constructors short and lets a new window (supervisor, survey, check-in) take
the same bundle.
"""

from __future__ import annotations

from dataclasses import dataclass

from db.database import Database
from ui.live import LiveFeed
from ui.tasks import TaskRunner


@dataclass(frozen=True)
class Backend:
    """The database, the worker that runs every query on it, and its change feed."""

    db: Database
    runner: TaskRunner
    live: LiveFeed
