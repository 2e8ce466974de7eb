"""Wait estimates: one place that says how long a visitor will wait, as a range.

Every screen and the printed ticket show the same :class:`WaitRange`; they never compute
an estimate of their own. ``low_min == high_min == 0`` means "you are next / now".

The estimator is a pure function of plain inputs (:class:`OfficeLoad`); ``db.queue``
gathers them with a few prebuilt statements (``db.statements``). The model:

- **Time per call.** What delays the queue is how long a counter is taken per ticket it
  calls: from the call to the visit's end, walking up and no-shows included. Each
  service starts from its service standard (``target_service_min``) as the prior; today's
  observed figure (its last ``average_window`` closed visits) is blended in as if the
  standard were worth :data:`PRIOR_VISITS` visits, and the result is held between
  :data:`FASTEST` and :data:`SLOWEST` times the standard, so a few quick visits can never
  make "7 ahead" read "2 min".
- **Counters.** Only counters that are active, have an officer signed in and are not
  paused call anyone. A counter busy with a visit is free after the rest of that visit:
  the expected time per call minus what has passed, never less than
  :data:`MIN_REMAINING` of it (a visit over its time is not about to end by itself).
- **Shared counters.** A counter serving several services does not give each a fixed
  share: its capacity goes where its call rule sends it. The estimator replays the
  calls: every open counter, as it becomes free, takes the ticket ``call_next`` would
  take (priority tickets first; then its services in their listed order, or the longest
  wait across them), each call taking that service's time per call. New visitors keep
  arriving at today's recent rate per service until the service closes; those that would
  be called first (priority tickets, or services a counter lists before the visitor's)
  are called first in the replay too. The visitor's wait is when the replay calls them.
- **A range.** The replay gives the expected wait ``W`` after ``k`` calls by ``c``
  counters. Visits vary (coefficient of variation :data:`VISIT_CV`), so the ``k``
  calls are uncertain by ``VISIT_CV·m·√k / c``; the time per call itself is known only
  to a share that shrinks with the visits seen today, and the replay's arrivals and order
  are a guess too (:func:`mean_uncertainty`). The range reaches :data:`Z_LOW` combined
  spreads below ``W`` and :data:`Z_HIGH` above (being called late is worse than early),
  rounded outwards (to 5 minutes above 10), so it never promises more than that
  evidence supports.
- **Nobody signed in.** When no open counter serves the service, nobody can say when it
  will be called: the range then starts at 0 and allows :data:`UNSTAFFED_MIN` more for
  one counter to open (an officer back from a break), and :attr:`WaitRange.staffed` is
  ``False``.

The constants were tuned with ``bench/estimate.py`` on seeds 1–3 and checked on others.
"""

from __future__ import annotations

import heapq
import math
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class WaitRange:
    """An estimated wait in whole minutes: the visitor is expected to be called between
    ``low_min`` and ``high_min`` minutes from now. ``staffed`` is ``False`` when no counter
    serving the service is open right now (the range then assumes one opens)."""

    low_min: int
    high_min: int
    staffed: bool = True

    @property
    def is_now(self) -> bool:
        """Whether the visitor is expected to be called right away."""
        return self.high_min <= 0


NOW = WaitRange(0, 0)

PRIOR_VISITS = 4.0  # the service standard weighs like this many of today's visits
FASTEST = 0.6  # the time per call is never taken below this share of the standard...
SLOWEST = 2.5  # ...nor above this multiple of it
MIN_REMAINING = 0.3  # a visit in progress lasts at least this share of a call's time more
VISIT_CV = 0.3  # how much one call's time varies, averaged over the calls ahead (sd / mean)
MEAN_CV = 0.35  # how far the replay may be off however many visits were seen (arrivals, order)
Z_LOW = 1.0  # the range reaches this many spreads below the expected wait...
Z_HIGH = 1.4  # ...and this many above it
ARRIVAL_WEIGHT = 1.0  # share of today's recent arrival rate expected to go on
UNSTAFFED_MIN = 30.0  # when no counter serving the service is open, one may open this late
HORIZON_MIN = 8 * 60.0
# Arrivals are expected to go on at today's rate this long at most; the replay stops here,
# and a wait beyond it is "more than" that.
ARRIVALS_FOR_MIN = 4 * 60.0


@dataclass(frozen=True)
class Queue:
    """Tickets waiting in one service's ordinary or priority queue."""

    count: int = 0
    oldest_min: float = 0.0  # how long the longest-waiting one has waited, in minutes
    newest_min: float = 0.0  # how long the latest one has waited


@dataclass(frozen=True)
class ServiceLoad:
    """One service as the estimator sees it."""

    target_min: float  # the service standard, minutes per visit
    observed_min: float | None = None  # today's mean counter time per call (call to close)
    observed_n: int = 0  # how many visits that mean rests on
    waiting: Queue = field(default_factory=Queue)
    waiting_priority: Queue = field(default_factory=Queue)
    arrivals_per_min: float = 0.0  # today's recent rate of new ordinary tickets
    priority_arrivals_per_min: float = 0.0
    closes_in_min: float | None = None  # minutes until it stops issuing today (None: open all day)


@dataclass(frozen=True)
class CounterLoad:
    """One counter: what it serves, whether it calls anyone, and its visit in progress."""

    services: tuple[int, ...]  # service ids in the counter's order
    by_service_order: bool  # call rule service_order (else longest wait)
    active: bool = True
    signed_in: bool = True
    paused: bool = False
    busy_service: int | None = None  # service of the visit called or served there now
    busy_for_min: float = 0.0  # minutes since that visit was called

    @property
    def open(self) -> bool:
        """Whether the counter calls visitors now."""
        return self.active and self.signed_in and not self.paused


@dataclass(frozen=True)
class OfficeLoad:
    """Everything the estimator reads: services by id and the counters."""

    services: Mapping[int, ServiceLoad]
    counters: Sequence[CounterLoad]


def minutes_per_call(svc: ServiceLoad) -> float:
    """The expected counter time per call: the standard blended with today's visits, bounded."""
    target = max(float(svc.target_min), 1.0)
    if svc.observed_min is None or svc.observed_n <= 0:
        return target
    blended = (PRIOR_VISITS * target + svc.observed_n * svc.observed_min) / (PRIOR_VISITS + svc.observed_n)
    return min(max(blended, FASTEST * target), SLOWEST * target)


def mean_uncertainty(svc: ServiceLoad) -> float:
    """How far (as a share) :func:`minutes_per_call` may be off, given the visits seen today."""
    return MEAN_CV + VISIT_CV / math.sqrt(PRIOR_VISITS + max(svc.observed_n, 0))


class _Line:
    """One queue (service, priority) in the replay: tickets with their queue times.

    Waiting tickets are spread evenly between the oldest and the newest queue time; new
    arrivals join at the end as the replay's clock passes their expected arrival.
    ``first`` is when the one a counter would call next came: the head of the line, or
    while the line is empty the next arrival (``inf``: nobody more today).
    """

    __slots__ = ("sid", "times", "head", "rate", "next_arrival", "closes", "first")

    def __init__(self, sid: int, q: Queue, rate: float, closes: float | None) -> None:
        self.sid = sid
        n = q.count
        if n == 1:
            self.times = [-q.oldest_min]
        else:
            step = (q.oldest_min - q.newest_min) / (n - 1) if n > 1 else 0.0
            self.times = [-q.oldest_min + i * step for i in range(n)]
        self.head = 0
        self.rate = rate * ARRIVAL_WEIGHT
        self.next_arrival = 1.0 / self.rate if self.rate > 0 else math.inf
        self.closes = closes if closes is not None else math.inf
        if self.next_arrival > self.closes:
            self.next_arrival = math.inf
        self.first = self.times[0] if self.times else self.next_arrival

    def admit(self, t: float) -> None:
        """Let in the arrivals expected up to time ``t`` (none after the service closes)."""
        step = 1.0 / self.rate
        while self.next_arrival <= t:
            self.times.append(self.next_arrival)
            self.next_arrival += step
            if self.next_arrival > self.closes:
                self.next_arrival = math.inf

    def take(self, t: float) -> None:
        """A counter calls the one who is ``first`` (at minute ``t``, not before they came)."""
        if self.head >= len(self.times):
            # Arrivals join only when an empty line is called from: they come after
            # everyone in it, so they never change who is first in a line with people.
            self.admit(t)
        self.head += 1
        self.first = self.times[self.head] if self.head < len(self.times) else self.next_arrival


_first = operator.attrgetter("first")
# Per open counter: (calls by service order, (priority lines, ordinary lines), all its lines).
_Desk = tuple[bool, tuple[list[_Line], list[_Line]], list[_Line]]


def _lines(office: OfficeLoad) -> dict[tuple[int, bool], _Line]:
    """Every queue of the office, ordinary and priority, as a line of arrival times."""
    lines: dict[tuple[int, bool], _Line] = {}
    for sid, svc in office.services.items():
        closes = min(svc.closes_in_min if svc.closes_in_min is not None else math.inf, ARRIVALS_FOR_MIN)
        lines[(sid, False)] = _Line(sid, svc.waiting, svc.arrivals_per_min, closes)
        lines[(sid, True)] = _Line(sid, svc.waiting_priority, svc.priority_arrivals_per_min, closes)
    return lines


def _desks(office: OfficeLoad, lines: dict[tuple[int, bool], _Line], minutes: dict[int, float],
           heap: list[tuple[float, int]]) -> list[_Desk]:
    """The open counters, each pushed on ``heap`` at the minute it is next free."""
    desks: list[_Desk] = []
    for c in office.counters:
        if not (c.open and c.services):
            continue
        free = 0.0
        if c.busy_service is not None:
            per_call = minutes.get(c.busy_service, 0.0)
            free = max(per_call - c.busy_for_min, MIN_REMAINING * per_call)
        served = [sid for sid in c.services if sid in office.services]
        if not served:
            continue
        groups = ([lines[(sid, True)] for sid in served], [lines[(sid, False)] for sid in served])
        heapq.heappush(heap, (free, len(desks)))
        desks.append((c.by_service_order, groups, groups[0] + groups[1]))
    return desks


def _pick(groups: tuple[list[_Line], list[_Line]], t: float, by_service_order: bool) -> _Line | None:
    """The line a counter calls from at minute ``t`` (priority tickets first), or ``None``:
    the first in the counter's order with someone there, or the one there longest."""
    for group in groups:
        if by_service_order:
            for line in group:
                if line.first <= t:
                    return line
        elif group:
            line = min(group, key=_first)  # the first of equals, in the counter's order
            if line.first <= t:
                return line
    return None


class _Replay:
    """The replay's state: the lines, the open counters, when each is next free (a heap of
    ``(minute, desk)``), and the calls made so far by which counters."""

    __slots__ = ("lines", "desks", "heap", "calls", "used")

    def __init__(self, lines: dict[tuple[int, bool], _Line], desks: list[_Desk], heap: list[tuple[float, int]],
                 calls: int = 0, used: set[int] | None = None) -> None:
        self.lines = lines
        self.desks = desks
        self.heap = heap
        self.calls = calls
        self.used = used if used is not None else set()

    @classmethod
    def of(cls, office: OfficeLoad, minutes: dict[int, float]) -> _Replay:
        """The replay at minute 0: everyone waiting in line, every open counter about to be free."""
        lines = _lines(office)
        heap: list[tuple[float, int]] = []
        return cls(lines, _desks(office, lines, minutes, heap), heap)

    def fork(self) -> _Replay:
        """A copy to go on from here on its own (what the copy does leaves this one as it is)."""
        copies: dict[int, _Line] = {}
        for line in self.lines.values():
            twin = copies[id(line)] = _Line.__new__(_Line)
            for slot in _Line.__slots__:
                setattr(twin, slot, getattr(line, slot))
            twin.times = list(line.times)
        desks: list[_Desk] = []
        for by_service_order, (priority, ordinary), _ in self.desks:
            groups = ([copies[id(x)] for x in priority], [copies[id(x)] for x in ordinary])
            desks.append((by_service_order, groups, groups[0] + groups[1]))
        lines = {key: copies[id(line)] for key, line in self.lines.items()}
        return _Replay(lines, desks, list(self.heap), self.calls, set(self.used))

    def seat(self, key: tuple[int, bool]) -> tuple[_Line, int]:
        """The visitor joins the end of line ``key`` with queue time now: their line and place."""
        own = self.lines[key]
        own.times.append(0.0)
        own.next_arrival = math.inf  # who comes after the visitor in their own queue never goes first
        own.first = own.times[own.head]
        return own, len(own.times) - 1

    def run(self, minutes: dict[int, float], own: _Line | None = None, place: int = -1,
            emptied: Callable[[_Line], bool] | None = None) -> tuple[float, int, int]:
        """Replay the calls until ``own``'s line calls ``place``: ``(minute, calls before,
        counters that called)``; ``inf`` when that does not come within the horizon.
        ``emptied`` is told of each line whose last visitor has just been called; the
        replay stops (``nan`` minutes) when it answers that nothing more is wanted."""
        heap, desks, used = self.heap, self.desks, self.used
        while heap:
            t, i = heapq.heappop(heap)
            if t > HORIZON_MIN:
                break
            by_service_order, groups, every = desks[i]
            pick = _pick(groups, t, by_service_order)
            if pick is None:
                # Nobody to call now: the counter looks again when the next visitor could arrive.
                nxt = min(every, key=_first).first
                if nxt < math.inf:
                    heapq.heappush(heap, (nxt, i))
                continue
            if pick is own and pick.head == place:
                return t, self.calls, max(len(used), 1)
            pick.take(t)
            self.calls += 1
            used.add(i)
            heapq.heappush(heap, (t + minutes[pick.sid], i))
            if emptied is not None and pick.head == len(pick.times) and emptied(pick):
                return math.nan, self.calls, max(len(used), 1)
        return math.inf, self.calls, max(len(used), 1)


def _replay(office: OfficeLoad, service_id: int, priority: bool, minutes: dict[int, float]) -> tuple[float, int, int]:
    """When the visitor (last in their queue, with queue time now) is called: ``(minutes,
    calls before, counters that called)``; ``inf`` minutes when no open counter serves them."""
    replay = _Replay.of(office, minutes)
    own, place = replay.seat((service_id, priority))
    return replay.run(minutes, own, place)


def _replays(office: OfficeLoad, service_ids: Sequence[int], minutes: dict[int, float]) -> dict[int, tuple[float, int, int]]:
    """:func:`_replay` of an ordinary visitor of each of ``service_ids``, from one shared replay.

    Until the last of those waiting in a visitor's line is called, the visitor changes
    nothing (they are behind everyone in their line, and who joins after them is let in
    only when the line is empty). So one replay runs without visitors, and the moment a
    line empties it is forked: the fork seats that line's visitor and goes on until they
    are called. A line that is empty from the start is forked at once.
    """
    found: dict[int, tuple[float, int, int]] = {}
    base = _Replay.of(office, minutes)
    watched = {id(base.lines[(sid, False)]): sid for sid in service_ids}

    def diverge(line: _Line) -> bool:
        sid = watched.pop(id(line), None)
        if sid is not None:
            fork = base.fork()
            own, place = fork.seat((sid, False))
            found[sid] = fork.run(minutes, own, place)
        return not watched

    for sid in service_ids:
        line = base.lines[(sid, False)]
        if line.head == len(line.times):
            diverge(line)
    if watched:
        end = base.run(minutes, emptied=diverge)
        for sid in watched.values():  # their lines never emptied: neither would the visitor be called
            found[sid] = end
    return found


def _round_range(low: float, high: float) -> tuple[int, int]:
    """Whole minutes rounded outwards; to 5 minutes once the wait passes 10."""
    lo = max(0, math.floor(low))
    hi = max(0, math.ceil(high))
    if lo >= 10:
        lo = lo // 5 * 5
    if hi > 10:
        hi = -(-hi // 5) * 5
    return lo, hi


def estimate_wait(office: OfficeLoad, service_id: int, *, priority: bool = False) -> WaitRange:
    """The wait of a visitor joining ``service_id``'s queue now (after everyone waiting).

    ``office`` must not count the visitor's own ticket among the waiting.
    """
    minutes = _minutes(office)
    staffed = _staffed(office, service_id)
    if not staffed:
        office = _unstaffed(office, service_id)
    return _wait_range(office, service_id, minutes, staffed, _replay(office, service_id, priority, minutes))


def estimate_waits(office: OfficeLoad) -> dict[int, WaitRange]:
    """:func:`estimate_wait` of an ordinary visitor of every service, by service id.

    The staffed services share one replay (:func:`_replays`): the screens read every
    service's estimate on every change, and six replays of the same calls cost a
    snapshot as much as all its statements.
    """
    minutes = _minutes(office)
    staffed = [sid for sid in office.services if _staffed(office, sid)]
    replays = _replays(office, staffed, minutes) if staffed else {}
    waits = {}
    for sid in office.services:
        if sid in replays:
            waits[sid] = _wait_range(office, sid, minutes, True, replays[sid])
        else:
            waits[sid] = estimate_wait(office, sid)
    return waits


def _minutes(office: OfficeLoad) -> dict[int, float]:
    """Each service's expected counter time per call (:func:`minutes_per_call`)."""
    return {sid: minutes_per_call(s) for sid, s in office.services.items()}


def _staffed(office: OfficeLoad, service_id: int) -> bool:
    """Whether an open counter serves the service now."""
    return any(c.open and service_id in c.services for c in office.counters)


def _unstaffed(office: OfficeLoad, service_id: int) -> OfficeLoad:
    """The office as the estimate sees it for a service nobody serves now: one counter,
    serving only it, opens within UNSTAFFED_MIN (an officer back from a break, or signing in)."""
    return OfficeLoad(office.services, [CounterLoad(services=(service_id,), by_service_order=True)])


def _wait_range(office: OfficeLoad, service_id: int, minutes: dict[int, float], staffed: bool,
                replayed: tuple[float, int, int]) -> WaitRange:
    """The range around a replay's ``(minute called, calls before, counters that called)``."""
    wait, calls, used = replayed
    if math.isinf(wait):
        return WaitRange(int(HORIZON_MIN), int(HORIZON_MIN), staffed)
    if staffed and wait <= 0:  # a counter free now takes the visitor
        return NOW
    per_call = minutes[service_id]
    visits = calls + sum(1 for c in office.counters if c.open and c.busy_service is not None)
    spread_visits = VISIT_CV * per_call * math.sqrt(max(visits, 1)) / used
    spread_mean = mean_uncertainty(office.services[service_id]) * wait
    spread = math.hypot(spread_visits, spread_mean)
    low, high = wait - Z_LOW * spread, wait + Z_HIGH * spread
    if not staffed:
        low, high = 0.0, high + UNSTAFFED_MIN
    lo, hi = _round_range(low, high)
    return WaitRange(lo, max(hi, 1), staffed)
