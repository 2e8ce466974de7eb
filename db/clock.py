"""The one source of "now" for the core, so tests can move time (day rollover, hours)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

_now: Callable[[], datetime] = lambda: datetime.now(timezone.utc)


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return _now()


def set_clock(now: Callable[[], datetime] | None) -> None:
    """Replace the clock (tests); ``None`` restores the real one."""
    global _now
    _now = now if now is not None else (lambda: datetime.now(timezone.utc))


class FakeClock:
    """A clock that stands still until moved; install with ``set_clock(clock)``."""

    def __init__(self, start: datetime) -> None:
        self.current = start.astimezone(timezone.utc)

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        """Move the clock forward by ``timedelta(**delta)``."""
        from datetime import timedelta

        self.current += timedelta(**delta)
