"""What the board shows: the last snapshot merged with the calls heard since it was read.

A call heard from the change feed goes on the board at once; the snapshot re-read that
follows fills in the rest. Until that snapshot arrives (or if an older one arrives
late) the calls heard live stay on top, so the board never steps back. No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from db.feed import Change
from db.records import OPEN_STATES, CallRecord, CounterState, ServiceQueue, Snapshot
from db.settings import SiteSettings

CALL_KINDS = ("called", "recalled")
MIN_RECENT, MAX_RECENT = 5, 10


def recent_count(settings: SiteSettings) -> int:
    """How many past calls the board lists: the ``recent_calls`` setting, kept within 5–10."""
    return max(MIN_RECENT, min(MAX_RECENT, settings.recent_calls))


@dataclass(frozen=True)
class TileState:
    """One counter's tile: its name and what it shows."""

    number: int
    name: str
    label: str | None  # the ticket at the counter, if any
    paused: bool
    service_code: str | None = None


def call_from_change(change: Change, counter_names: dict[int, str], now: datetime | None = None) -> CallRecord | None:
    """The call a feed change announces, or None when it is not a call (or lacks its details)."""
    if change.kind not in CALL_KINDS or not change.label or change.counter is None:
        return None
    number = int(change.counter)
    return CallRecord(
        event_id=change.event_id, label=change.label, service_code=change.service or "",
        counter_number=number, counter_name=counter_names.get(number) or f"Loket {number}",
        kind=change.kind, at=now or datetime.now(UTC),
    )


class BoardState:
    """The snapshot plus the live calls newer than it; answers what each panel shows."""

    def __init__(self) -> None:
        self.snapshot: Snapshot | None = None
        self._live: list[CallRecord] = []  # newest last; only events newer than the snapshot

    # -- updates ------------------------------------------------------------------------------
    def apply_snapshot(self, snapshot: Snapshot) -> bool:
        """Take a newly read snapshot; False (and ignored) when it is older than the one held.

        A live call is dropped once the snapshot's own call list reaches it. (Not by
        ``last_event_id``: on PostgreSQL each statement of a READ COMMITTED read sees the
        commits made so far, so the last event id may count a call the call list, read
        earlier, lacks.)
        """
        if self.snapshot is not None and snapshot.last_event_id < self.snapshot.last_event_id:
            return False
        self.snapshot = snapshot
        horizon = _call_horizon(snapshot)
        self._live = [c for c in self._live if c.event_id > horizon]
        return True

    def apply_call(self, call: CallRecord) -> bool:
        """Put a call heard live on the board; False when the board already has it."""
        if self.snapshot is not None and call.event_id <= _call_horizon(self.snapshot):
            return False
        if any(c.event_id == call.event_id for c in self._live):
            return False
        self._live.append(call)
        self._live.sort(key=lambda c: c.event_id)
        return True

    # -- what the panels show -------------------------------------------------------------------
    @property
    def settings(self) -> SiteSettings:
        """The site settings of the snapshot (the defaults before the first one)."""
        return self.snapshot.settings if self.snapshot is not None else SiteSettings()

    def counter_names(self) -> dict[int, str]:
        """Counter number → name, from the snapshot."""
        if self.snapshot is None:
            return {}
        return {c.number: c.name for c in self.snapshot.counters}

    def calls(self) -> list[CallRecord]:
        """Every known recent call, newest first (live calls on top of the snapshot's)."""
        known = list(reversed(self._live))
        if self.snapshot is not None:
            known.extend(self.snapshot.recent_calls)
        return known

    def latest(self) -> CallRecord | None:
        """The call in the big panel: the newest one."""
        calls = self.calls()
        return calls[0] if calls else None

    def history(self, count: int | None = None) -> list[CallRecord]:
        """The past calls under the big one: newest first, one row per ticket and counter."""
        limit = count if count is not None else recent_count(self.settings)
        latest = self.latest()
        seen = {(latest.label, latest.counter_number)} if latest else set()
        rows: list[CallRecord] = []
        for call in self.calls()[1:]:
            key = (call.label, call.counter_number)
            if key in seen:
                continue
            seen.add(key)
            rows.append(call)
            if len(rows) >= limit:
                break
        return rows

    def tiles(self) -> list[TileState]:
        """One tile per active counter, with the ticket heard live if newer than the snapshot."""
        if self.snapshot is None:
            return []
        live_at = {c.counter_number: c for c in self._live}  # the newest call per counter wins
        tiles = []
        for c in self.snapshot.counters:
            if not c.active:
                continue
            tiles.append(_tile(c, live_at.get(c.number)))
        return tiles

    def services(self) -> list[ServiceQueue]:
        """The active services with their waiting counts."""
        if self.snapshot is None:
            return []
        return [s for s in self.snapshot.services if s.active]


def _call_horizon(snapshot: Snapshot) -> int:
    """The newest call event the snapshot lists (every call up to it is in the list or older)."""
    return max((c.event_id for c in snapshot.recent_calls), default=0)


def _tile(counter: CounterState, live: CallRecord | None) -> TileState:
    """A counter's tile from the snapshot, overridden by a newer live call."""
    if live is not None:
        return TileState(counter.number, counter.name, live.label, counter.paused, live.service_code)
    current = counter.current
    label = current.label if current is not None and current.status in OPEN_STATES else None
    return TileState(counter.number, counter.name, label, counter.paused,
                     current.service_code if current is not None else None)

