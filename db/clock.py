"""The one source of "now" for the core, so tests can move time (day rollover, hours).

Two clocks exist:

- the **process clock**, :func:`utcnow`: this PC's clock, unless a test clock is
  installed with :func:`set_clock`. Screens use it between reads; on SQLite (one file,
  one PC) the core stamps every write with it.
- the **office clock**, :func:`db.queue.site_now`: on PostgreSQL the server's
  ``now()`` read inside the transaction that writes, so kiosks and counters whose PCs
  disagree about the time cannot reorder the queue or mix clocks in a wait.

A test clock (:class:`FakeClock`, installed with ``set_clock``) *replaces* the server's
time too while it is installed (:func:`installed_clock` tells the core): tests then move
time the same way on SQLite and PostgreSQL, and exact timestamps stay exact. An offset
added to the server's time was the other choice; it was not taken because the server's
clock keeps running between statements, so a test could never assert a stamp exactly
and a day rollover would depend on when the test ran. The process clock itself
(:func:`system_now`) is what a test moves to play a PC with a wrong clock: a worker
process replaces it and must still see server time on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta


def system_now() -> datetime:
    """This PC's clock, as an aware UTC datetime (never the test clock)."""
    return datetime.now(UTC)


_override: Callable[[], datetime] | None = None


def utcnow() -> datetime:
    """The process clock: the test clock when one is installed, else this PC's clock (UTC)."""
    return _override() if _override is not None else system_now()


def installed_clock() -> Callable[[], datetime] | None:
    """The installed test clock, or ``None`` when the real clocks are in use."""
    return _override


def set_clock(now: Callable[[], datetime] | None) -> None:
    """Install a test clock (on both databases it replaces every "now"); ``None`` restores the real ones."""
    global _override
    _override = now


class FakeClock:
    """A clock that stands still until moved; install with ``set_clock(clock)``."""

    def __init__(self, start: datetime) -> None:
        self.current = start.astimezone(UTC)

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        """Move the clock forward by ``timedelta(**delta)``."""
        self.current += timedelta(**delta)
