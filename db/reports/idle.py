"""Idle time of counters: an officer signed in, the counter not paused, nobody at it.

The state of each counter is replayed from its events (``signed_in``/``signed_out``,
``paused``/``resumed``, a visitor called until closed). Every counter operation needs a
signed-in officer, so a call, a finish or a pause also tells who was signed in: a
counter's state is known from its last event before the period (looked for
``LOOKBACK_DAYS`` back; a counter with no event then counts as signed out).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from db.reports.data import CounterEvent

#: Events a counter itself causes (its signed-in officer acted).
_BY_OFFICER = ("called", "recalled", "started", "finished", "no_show", "transferred", "paused", "resumed")
#: Events that end the visit at a counter.
_CLOSING = ("finished", "no_show", "transferred", "cancelled", "expired")


@dataclass
class _State:
    officer: int | None = None
    paused: bool = False
    ticket: int | None = None

    def idle(self) -> bool:
        return self.officer is not None and not self.paused and self.ticket is None


@dataclass
class IdleTime:
    """Idle minutes per counter id and per officer id within one window."""

    by_counter: dict[int, float] = field(default_factory=dict)
    by_officer: dict[int, float] = field(default_factory=dict)


def _apply(state: _State, e: CounterEvent) -> None:
    """Move a counter's state past one of its events."""
    if e.kind in _BY_OFFICER and e.officer_id is not None:
        state.officer = e.officer_id
    if e.kind == "signed_in":
        state.officer = e.officer_id
    elif e.kind == "signed_out":
        state.officer = None
    elif e.kind == "paused":
        state.paused = True
    elif e.kind == "resumed":
        state.paused = False
    elif e.kind in ("called", "recalled", "started"):
        state.ticket = e.ticket_id
    elif e.kind in _CLOSING and e.ticket_id == state.ticket:
        state.ticket = None


def idle_time(events: Iterable[CounterEvent], start: datetime, end: datetime,
              officer_id: int | None = None) -> IdleTime:
    """Idle minutes of each counter (and each officer signed in while it was idle) between
    ``start`` and ``end``; with ``officer_id`` only that officer's idle time counts."""
    states: dict[int, _State] = defaultdict(_State)
    since: dict[int, datetime] = {}
    by_counter: dict[int, float] = defaultdict(float)
    by_officer: dict[int, float] = defaultdict(float)

    def close(counter: int, until: datetime) -> None:
        st = states[counter]
        begin = max(since.get(counter, start), start)
        until = min(until, end)
        if st.idle() and until > begin and (officer_id is None or st.officer == officer_id):
            span = (until - begin).total_seconds() / 60
            by_counter[counter] += span
            assert st.officer is not None
            by_officer[st.officer] += span

    for e in events:
        if e.at >= end:
            break
        close(e.counter_id, e.at)
        _apply(states[e.counter_id], e)
        since[e.counter_id] = e.at
    for counter in list(states):
        close(counter, end)
    return IdleTime(dict(by_counter), dict(by_officer))
