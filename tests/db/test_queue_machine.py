"""A hypothesis state machine over the queue operations, checked against a model and invariants.

Each example runs on a fresh copy of the sample site (hours cleared) with a fake clock
that moves a minute per step and sometimes jumps to the next day. After every step the
database is checked on its own (invariants) and against a plain-Python model of the queue:

- no counter holds two tickets, and a ticket is at most at one counter;
- waiting tickets = tickets that entered the queue (issued, re-queued) - those that left it;
- numbers are unique per service and day, and run 1..n without gaps;
- every status change has its event: replaying a ticket's events gives its status;
- the counters' waiting lists are in the order the model predicts;
- no ticket is lost: once a day has started, nothing from an earlier day still waits.
"""

from __future__ import annotations

from collections import Counter as Tally
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select

from db import queue
from db.clock import FakeClock, set_clock
from db.database import Database
from db.errors import CounterPaused, InvalidState, ServiceUnavailable, TicketTaken
from db.models import Counter, DaySequence, Service, Ticket, TicketEvent
from db.sitetime import business_day

START = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # Monday 09:00 in Jakarta
CODES = ("A", "B", "C", "D", "E", "F")
QUOTA = {"A": 60, "B": 60, "C": 40, "D": 30, "E": 80, "F": 100}
COUNTERS = {1: (("A", "B"), "service_order"), 2: (("C", "D", "B"), "service_order"), 3: (("E", "F", "A"), "longest_wait")}
OPEN = ("called", "serving")
CLOSE_AS = st.sampled_from([None, "done", "no_show"])  # how calling may close a visit only called
REPLAY = {"issued": "waiting", "requeued": "waiting", "called": "called", "recalled": "called", "started": "serving",
          "finished": "done", "no_show": "no_show", "cancelled": "cancelled", "transferred": "transferred",
          "expired": "expired"}


@dataclass
class T:
    """The model of one ticket."""

    id: int
    service: str
    day: date
    seq: int
    label: str
    priority: bool
    queue_time: datetime
    status: str = "waiting"


class QueueMachine(RuleBasedStateMachine):
    """Drives the real queue operations and keeps a model of what they should have done."""

    make_url: Callable[[], str]  # set by the test before running

    def __init__(self) -> None:
        super().__init__()
        self.clock = FakeClock(START)
        set_clock(self.clock)
        self.db = Database(self.make_url())
        self.t: dict[int, T] = {}
        self.current: dict[int, int | None] = {n: None for n in COUNTERS}
        self.paused: dict[int, bool] = {n: False for n in COUNTERS}
        self.issued: Tally[tuple[str, date]] = Tally()
        self.expired_through: date | None = None

    tickets = Bundle("tickets")

    def teardown(self) -> None:
        self.db.dispose()
        set_clock(None)

    # -- the model ---------------------------------------------------------------------------
    @property
    def day(self) -> date:
        return business_day(self.clock.current, "Asia/Jakarta", "00:00")

    def _expire(self) -> None:
        """What issue_ticket and call_next do first, once per day and process."""
        if self.expired_through == self.day:
            return
        at_counters = {tid for tid in self.current.values() if tid is not None}
        for t in self.t.values():
            if t.day < self.day and (t.status == "waiting" or (t.status == "called" and t.id in at_counters)):
                t.status = "expired"
                for n, tid in self.current.items():
                    if tid == t.id:
                        self.current[n] = None
        self.expired_through = self.day

    def _order(self, n: int) -> list[int]:
        """The waiting tickets counter ``n`` would call, in order."""
        services, rule_ = COUNTERS[n]
        waiting = [t for t in self.t.values() if t.status == "waiting" and t.day == self.day and t.service in services]

        def key(t: T) -> tuple[object, ...]:
            position = services.index(t.service) if rule_ == "service_order" else 0
            return (not t.priority, position, t.queue_time, t.id)

        return [t.id for t in sorted(waiting, key=key)]

    def _close(self, n: int, close_as: str | None = "done") -> int | None:
        tid = self.current[n]
        self.current[n] = None
        if tid is not None and self.t[tid].status in OPEN:
            self.t[tid].status = "no_show" if close_as == "no_show" and self.t[tid].status == "called" else "done"
            return tid
        return None

    def _refuses_to_close(self, n: int, close_as: str | None, expiring: bool) -> bool:
        """Whether calling at ``n`` must be refused: a visit only called needs ``close_as``,
        and a visit being served is no no-show. A called ticket of an earlier day expires first."""
        cur = self._current(n)
        if cur is None or (expiring and self.expired_through != self.day and cur.day < self.day and cur.status == "called"):
            return False
        return (cur.status == "called" and close_as is None) or (cur.status == "serving" and close_as == "no_show")

    def _current(self, n: int) -> T | None:
        tid = self.current[n]
        return self.t[tid] if tid is not None else None

    # -- rules ------------------------------------------------------------------------------------
    @rule(target=tickets, code=st.sampled_from(CODES), priority=st.booleans())
    def issue(self, code: str, priority: bool):  # type: ignore[no-untyped-def]
        self.clock.advance(minutes=1)
        if self.issued[(code, self.day)] >= QUOTA[code]:
            with pytest.raises(ServiceUnavailable):
                queue.issue_ticket(self.db, code, priority=priority)
            return multiple()
        got = queue.issue_ticket(self.db, code, priority=priority).ticket
        self._expire()
        self.issued[(code, self.day)] += 1
        seq = self.issued[(code, self.day)]
        assert (got.label, got.seq, got.day, got.status) == (f"{code}-{seq:03d}", seq, self.day, "waiting")
        self.t[got.id] = T(got.id, code, self.day, seq, got.label, priority, self.clock.current)
        return got.id

    @rule(n=st.sampled_from(sorted(COUNTERS)), close_as=CLOSE_AS)
    def call_next(self, n: int, close_as: str | None) -> None:
        self.clock.advance(minutes=1)
        if self.paused[n]:
            with pytest.raises(CounterPaused):
                queue.call_next(self.db, n, close_as=close_as)
            return
        if self._refuses_to_close(n, close_as, expiring=True):
            with pytest.raises(InvalidState):
                queue.call_next(self.db, n, close_as=close_as)
            return
        result = queue.call_next(self.db, n, close_as=close_as)
        self._expire()
        finished = self._close(n, close_as)
        if finished is not None:
            assert result.finished is not None and result.finished.status == self.t[finished].status
        order = self._order(n)
        expected = order[0] if order else None
        assert (result.finished.id if result.finished else None) == finished
        assert (result.ticket.id if result.ticket else None) == expected
        if expected is not None:
            self.t[expected].status = "called"
            self.current[n] = expected

    @rule(n=st.sampled_from(sorted(COUNTERS)), tid=tickets, close_as=CLOSE_AS)
    def call_ticket(self, n: int, tid: int, close_as: str | None) -> None:
        self.clock.advance(minutes=1)
        if self.paused[n]:
            with pytest.raises(CounterPaused):
                queue.call_ticket(self.db, n, tid, close_as=close_as)
        elif self.t[tid].status != "waiting":
            with pytest.raises(TicketTaken):
                queue.call_ticket(self.db, n, tid, close_as=close_as)
        elif self._refuses_to_close(n, close_as, expiring=False):
            with pytest.raises(InvalidState):
                queue.call_ticket(self.db, n, tid, close_as=close_as)
        else:
            result = queue.call_ticket(self.db, n, tid, close_as=close_as)
            finished = self._close(n, close_as)
            assert (result.finished.id if result.finished else None) == finished
            assert result.ticket is not None and result.ticket.id == tid
            self.t[tid].status = "called"
            self.current[n] = tid

    def _at_counter(self, n: int, op: Callable[[Database, int], object], allowed: tuple[str, ...]) -> T | None:
        """Run a counter action; it must succeed exactly when the current ticket's status allows it."""
        self.clock.advance(minutes=1)
        cur = self._current(n)
        if cur is None or cur.status not in allowed:
            with pytest.raises(InvalidState):
                op(self.db, n)
            return None
        info = op(self.db, n)
        assert getattr(info, "id", cur.id) == cur.id
        return cur

    @rule(n=st.sampled_from(sorted(COUNTERS)))
    def recall(self, n: int) -> None:
        self._at_counter(n, queue.recall, ("called",))

    @rule(n=st.sampled_from(sorted(COUNTERS)))
    def start(self, n: int) -> None:
        cur = self._at_counter(n, queue.start_service, ("called",))
        if cur is not None:
            cur.status = "serving"

    @rule(n=st.sampled_from(sorted(COUNTERS)))
    def finish(self, n: int) -> None:
        if self._at_counter(n, queue.finish, OPEN) is not None:
            self._close(n)

    @rule(n=st.sampled_from(sorted(COUNTERS)))
    def no_show(self, n: int) -> None:
        cur = self._at_counter(n, queue.mark_no_show, ("called",))
        if cur is not None:
            cur.status = "no_show"
            self.current[n] = None

    @rule(target=tickets, n=st.sampled_from(sorted(COUNTERS)), code=st.sampled_from(CODES))
    def transfer(self, n: int, code: str):  # type: ignore[no-untyped-def]
        self.clock.advance(minutes=1)
        cur = self._current(n)
        if cur is None or cur.status not in OPEN or cur.service == code:
            with pytest.raises(InvalidState):
                queue.transfer(self.db, n, code)
            return multiple()
        moved = queue.transfer(self.db, n, code)
        cur.status = "transferred"
        self.current[n] = None
        seq, label = cur.seq, cur.label
        if cur.day != self.day:  # a visit from before the day turned takes today's next number there
            self.issued[(code, self.day)] += 1
            seq = self.issued[(code, self.day)]
            label = f"{code}-{seq:03d}"
        assert (moved.label, moved.service_code, moved.queue_time, moved.priority) == (
            label, code, cur.queue_time, cur.priority)
        assert moved.transferred_from_id == cur.id
        assert moved.day == self.day  # today's queue, even for a visit from before midnight
        self.t[moved.id] = T(moved.id, code, moved.day, seq, label, cur.priority, cur.queue_time)
        return moved.id

    @rule(tid=tickets)
    def cancel(self, tid: int) -> None:
        self.clock.advance(minutes=1)
        t = self.t[tid]
        if t.status not in ("waiting", "called"):
            with pytest.raises(InvalidState):
                queue.cancel(self.db, tid)
            return
        assert queue.cancel(self.db, tid).status == "cancelled"
        t.status = "cancelled"
        for n, cur in self.current.items():
            if cur == tid:
                self.current[n] = None

    @rule(n=st.sampled_from(sorted(COUNTERS)))
    def pause(self, n: int) -> None:
        self.clock.advance(minutes=1)
        cur = self._current(n)
        if self.paused[n] or (cur is not None and cur.status in OPEN):
            with pytest.raises(InvalidState):  # already paused, or a visitor is at the counter
                queue.pause_counter(self.db, n)
        else:
            queue.pause_counter(self.db, n, "istirahat")
            self.paused[n] = True

    @rule(n=st.sampled_from(sorted(COUNTERS)))
    def resume(self, n: int) -> None:
        self.clock.advance(minutes=1)
        if not self.paused[n]:
            with pytest.raises(InvalidState):
                queue.resume_counter(self.db, n)
        else:
            queue.resume_counter(self.db, n)
            self.paused[n] = False

    @rule()
    def next_day(self) -> None:
        self.clock.advance(days=1)

    # -- invariants --------------------------------------------------------------------------------
    @invariant()
    def database_is_consistent(self) -> None:
        """Read everything once and check the invariants on it, then against the model."""
        with self.db.read() as s:
            counters = s.execute(select(Counter.id, Counter.number, Counter.current_ticket_id)).all()
            rows = s.execute(select(Ticket.id, Ticket.status, Ticket.counter_id, Ticket.service_id, Ticket.day,
                                    Ticket.seq, Ticket.label, Ticket.transferred_from_id)).all()
            events = s.execute(select(TicketEvent.ticket_id, TicketEvent.kind)
                               .where(TicketEvent.ticket_id.is_not(None)).order_by(TicketEvent.id)).all()
            codes = dict(s.execute(select(Service.id, Service.code)).all())
            last = {(codes[sid], d): n for sid, d, n in s.execute(
                select(DaySequence.service_id, DaySequence.day, DaySequence.last_seq)).all()}
        status = {r.id: r.status for r in rows}

        # no counter holds two tickets; a ticket is at most at one counter
        held = [tid for _, _, tid in counters if tid is not None]
        assert len(held) == len(set(held)), "a ticket is at two counters"
        open_tickets = {r.id: r.counter_id for r in rows if r.status in OPEN}
        assert sorted(held) == sorted(open_tickets), (held, open_tickets)
        assert all(open_tickets[tid] == cid for cid, _, tid in counters if tid is not None)

        # every status change has its event: replaying the events gives each ticket's status
        replayed: dict[int, str] = {}
        entered = left = 0
        for tid, kind in events:
            if kind in ("issued", "requeued"):
                entered += 1
            if replayed.get(tid) == "waiting" and REPLAY[kind] != "waiting":
                left += 1
            replayed[tid] = REPLAY[kind]
        assert replayed == status

        # waiting = issued (and re-queued) - left the queue
        assert sum(1 for v in status.values() if v == "waiting") == entered - left

        # numbers unique per service and day, 1..n without gaps
        # (a transfer keeps its number, except one from an earlier day: it takes the day's next)
        day_of = {r.id: r.day for r in rows}
        numbers = [(codes[r.service_id], r.day, r.seq) for r in rows
                   if r.transferred_from_id is None or day_of[r.transferred_from_id] != r.day]
        assert len(numbers) == len(set(numbers)), "a number was issued twice"
        per: dict[tuple[str, date], list[int]] = {}
        for code, d, seq in numbers:
            per.setdefault((code, d), []).append(seq)
        assert {k: sorted(v) for k, v in per.items()} == {k: list(range(1, n + 1)) for k, n in last.items()}
        assert all(r.label == f"{codes[r.service_id]}-{r.seq:03d}" for r in rows if r.transferred_from_id is None)

        # ... and the model agrees
        assert status == {tid: t.status for tid, t in self.t.items()}
        assert {number: tid for _, number, tid in counters} == self.current
        assert last == {k: v for k, v in self.issued.items() if v}

        # no ticket is lost: once today's first action ran, nothing from an earlier day waits
        if self.expired_through == self.day:
            stale = [t for t in self.t.values() if t.status == "waiting" and t.day != self.day]
            assert not stale, f"waiting but never callable: {stale}"

    @invariant()
    def waiting_list_in_model_order(self) -> None:
        n = 1 + len(self.t) % len(COUNTERS)  # one counter per step keeps the steps cheap
        assert [t.id for t in queue.waiting_tickets(self.db, n)] == self._order(n)


@pytest.mark.slow
@pytest.mark.exclusive
def test_queue_state_machine(db_backend: str, new_db_url) -> None:  # type: ignore[no-untyped-def]
    QueueMachine.make_url = staticmethod(lambda: new_db_url(site=True))  # type: ignore[method-assign]
    examples, steps = (40, 30) if db_backend == "sqlite" else (12, 30)
    run_state_machine_as_test(
        QueueMachine,
        settings=settings(max_examples=examples, stateful_step_count=steps, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]),
    )
