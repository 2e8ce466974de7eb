"""Wait estimates: one place that says how long a visitor will wait, as a range.

Every screen and the printed ticket show the same :class:`WaitRange`; they never compute
an estimate of their own. ``low_min == high_min == 0`` means "you are next / now".
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class WaitRange:
    """An estimated wait in whole minutes: the visitor is expected to be called between
    ``low_min`` and ``high_min`` minutes from now."""

    low_min: int
    high_min: int

    @property
    def is_now(self) -> bool:
        """Whether the visitor is expected to be called right away."""
        return self.high_min <= 0


NOW = WaitRange(0, 0)


def estimate_wait(people_ahead: int, average_service_min: float, open_counters: int) -> WaitRange:
    """Minutes until a visitor with ``people_ahead`` in front is called.

    Interface placeholder: people ahead × average visit ÷ open counters as a one-point
    range; the bounded, prior-based estimator replaces it.
    """
    if people_ahead <= 0:
        return NOW
    minutes = math.ceil(people_ahead * average_service_min / max(1, open_counters))
    return WaitRange(minutes, minutes)
