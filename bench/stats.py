"""The statistics every benchmark reports, computed one way so that figures compare.

**Percentiles are linear interpolation between closest ranks** (Hyndman & Fan type 7):
for ``n`` sorted values ``x[0] … x[n-1]`` the ``p``-th percentile sits at the fractional
index ``k = (n - 1) · p / 100`` and is ``x[⌊k⌋] + (x[⌊k⌋+1] − x[⌊k⌋]) · (k − ⌊k⌋)``.
It is numpy's default (``numpy.percentile``), ``statistics.quantiles(method="inclusive")``
and a spreadsheet's ``PERCENTILE.INC``, so anyone can reproduce a figure; its 50th
percentile is exactly ``statistics.median``, so the median and the p95 of one summary come
from one definition; and it moves smoothly with the data, where a nearest-rank p95 of a
short run jumps from one sample to the next.

Before this module the benches used four definitions (interpolated, nearest rank with
``round(p·n + ½)``, nearest rank with ``⌈p·n⌉``, and the floor of the interpolated index);
on 20 samples they pick different values, so a p95 of one bench could not be set beside
another's.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

#: The fields of :class:`Summary` a :func:`summary` dict holds by default, in this order.
FIELDS: tuple[str, ...] = ("median", "p95", "mean", "min", "max")


def percentile(values: Iterable[float], p: float) -> float:
    """The ``p``-th percentile (0 … 100) of ``values``, linear between closest ranks.

    Raises ValueError for no values or ``p`` outside 0 … 100.
    """
    data = sorted(values)
    if not data:
        raise ValueError("percentile of no values")
    if not 0 <= p <= 100:
        raise ValueError(f"percentile {p} outside 0..100")
    k = (len(data) - 1) * p / 100
    lo = math.floor(k)
    hi = min(lo + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (k - lo)


@dataclass(frozen=True)
class Summary:
    """Count, minimum, median, 95th percentile, maximum and mean of some samples."""

    n: int
    min: float
    median: float
    p95: float
    max: float
    mean: float


def summarize(values: Iterable[float]) -> Summary:
    """The :class:`Summary` of ``values`` (at least one); percentiles as :func:`percentile`."""
    data: Sequence[float] = sorted(values)
    if not data:
        raise ValueError("summary of no values")
    return Summary(n=len(data), min=data[0], median=percentile(data, 50), p95=percentile(data, 95),
                   max=data[-1], mean=statistics.fmean(data))


def summary(values: Iterable[float], digits: int = 2, *, unit: str = "",
            fields: Sequence[str] = FIELDS) -> dict[str, Any]:
    """A JSON-ready summary: ``{"n": …, "median<unit>": …, …}``, rounded to ``digits``.

    ``fields`` picks and orders the figures (names of :class:`Summary` fields); ``unit`` is
    appended to each key (``"_ms"`` gives ``median_ms``). No values give ``{"n": 0}``.
    """
    data = list(values)
    if not data:
        return {"n": 0}
    s = summarize(data)
    return {"n": s.n, **{f"{name}{unit}": round(float(getattr(s, name)), digits) for name in fields}}
