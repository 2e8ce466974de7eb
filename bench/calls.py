"""Calls committed in the bench's process, timed until an app in its own process shows them.

Used by the benches of the apps that watch the floor (display board, supervisor console):
the same calls, the same pauses between them and the same figures, so their latencies compare.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from typing import Any

from bench.stats import percentile, summarize
from db import queue
from db.database import Database


def timed_calls(db: Database, calls: int, counters: int,
                seen: Callable[[int, str], dict[str, Any]]) -> tuple[list[float], list[float]]:
    """``calls`` × ``queue.call_next`` at counters 1 … ``counters`` in turn; after each,
    ``seen(counter, label)`` waits for the app's log record of it (its ``t`` = ``time.time()``).

    Returns the milliseconds from each commit to the record, and from each call's start.
    """
    rng = random.Random(7)
    latencies, from_start = [], []
    for i in range(calls):
        counter = i % counters + 1
        before = time.time()
        result = queue.call_next(db, counter, close_as="done")
        committed = time.time()
        assert result.ticket is not None, "ran out of waiting tickets"
        record = seen(counter, result.ticket.label)
        latencies.append((float(record["t"]) - committed) * 1000)
        from_start.append((float(record["t"]) - before) * 1000)
        time.sleep(rng.uniform(0.05, 0.15))  # between calls, off any timer's phase
    return latencies, from_start


def latency_figures(calls: int, latencies: list[float], from_start: list[float]) -> dict[str, Any]:
    """The JSON figures of :func:`timed_calls`: median, p95, max and min (commit to record) and
    the p95 from the call's start, in ms."""
    figures = summarize(latencies)
    return {
        "calls": calls,
        "median_ms": round(figures.median, 2),
        "p95_ms": round(figures.p95, 2),
        "max_ms": round(figures.max, 2),
        "min_ms": round(figures.min, 2),
        "p95_from_call_start_ms": round(percentile(from_start, 95), 2),
    }


def machine() -> dict[str, Any]:
    """The machine the figures were measured on: its CPUs and its load over the last minute."""
    return {"cpus": os.cpu_count(), "load_1min": round(os.getloadavg()[0], 2)}
