"""The wait estimator's properties (``db.estimate``), on plain inputs: no database needed."""

from __future__ import annotations

from dataclasses import replace

from db.estimate import (
    FASTEST,
    NOW,
    SLOWEST,
    UNSTAFFED_MIN,
    CounterLoad,
    OfficeLoad,
    Queue,
    ServiceLoad,
    WaitRange,
    estimate_wait,
    minutes_per_call,
)

A, B = 1, 2


def office(a: ServiceLoad | None = None, b: ServiceLoad | None = None, *counters: CounterLoad) -> OfficeLoad:
    """Service A (standard 20 min) and B (10 min); counters as given (default: one open for A)."""
    return OfficeLoad(
        services={A: a or ServiceLoad(target_min=20), B: b or ServiceLoad(target_min=10)},
        counters=counters or (CounterLoad(services=(A,), by_service_order=True),),
    )


def waiting(n: int, oldest: float = 30.0) -> Queue:
    return Queue(count=n, oldest_min=oldest, newest_min=1.0 if n > 1 else oldest)


def counter(*services: int, **kw: object) -> CounterLoad:
    return CounterLoad(services=services, by_service_order=True, **kw)  # type: ignore[arg-type]


def contains(w: WaitRange, minutes: float) -> bool:
    return w.low_min <= minutes <= w.high_min


def test_the_standard_is_the_prior_when_nothing_was_seen() -> None:
    assert minutes_per_call(ServiceLoad(target_min=20)) == 20
    w = estimate_wait(office(ServiceLoad(target_min=20, waiting=waiting(3))), A)
    assert contains(w, 3 * 20) and w.low_min < w.high_min
    assert w.staffed


def test_observed_visits_are_blended_in_and_bounded() -> None:
    few = minutes_per_call(ServiceLoad(target_min=20, observed_min=40, observed_n=1))
    many = minutes_per_call(ServiceLoad(target_min=20, observed_min=40, observed_n=40))
    assert 20 < few < many <= 40  # more evidence, closer to what was seen
    assert minutes_per_call(ServiceLoad(target_min=20, observed_min=1, observed_n=100)) == FASTEST * 20
    assert minutes_per_call(ServiceLoad(target_min=20, observed_min=500, observed_n=100)) == SLOWEST * 20


def test_a_few_quick_visits_never_promise_a_short_wait() -> None:
    # The issue: after a few quick visits, "7 ahead · about 2 min".
    quick = ServiceLoad(target_min=20, observed_min=2, observed_n=3, waiting=waiting(7))
    w = estimate_wait(office(quick, None, counter(A), counter(A)), A)
    assert w.low_min >= 10 and w.high_min >= 60
    assert contains(w, 7 * FASTEST * 20 / 2)  # 7 visits of at least 0.6 x the standard, 2 counters


def test_more_evidence_narrows_the_range() -> None:
    unseen = ServiceLoad(target_min=20, waiting=waiting(6))
    seen = replace(unseen, observed_min=20, observed_n=20)
    w_unseen, w_seen = estimate_wait(office(unseen), A), estimate_wait(office(seen), A)
    assert w_seen.high_min - w_seen.low_min < w_unseen.high_min - w_unseen.low_min
    assert contains(w_seen, 6 * 20) and contains(w_unseen, 6 * 20)


def test_only_open_counters_count() -> None:
    a = ServiceLoad(target_min=20, waiting=waiting(6))
    one = estimate_wait(office(a, None, counter(A)), A)
    two = estimate_wait(office(a, None, counter(A), counter(A)), A)
    assert two.high_min < one.high_min
    for closed in (counter(A, signed_in=False), counter(A, paused=True), counter(A, active=False)):
        assert estimate_wait(office(a, None, counter(A), closed), A) == one


def test_nobody_open_is_no_promise_of_now() -> None:
    w = estimate_wait(office(ServiceLoad(target_min=20), None, counter(A, paused=True)), A)
    assert not w.staffed and not w.is_now
    assert w.low_min == 0 and w.high_min >= UNSTAFFED_MIN
    assert not estimate_wait(office(None, None, counter(B)), A).staffed  # open, but not for A


def test_a_free_counter_and_nobody_ahead_is_now() -> None:
    assert estimate_wait(office(), A) == NOW
    assert NOW.is_now


def test_visits_in_progress_are_counted() -> None:
    busy = counter(A, busy_service=A, busy_for_min=5.0)
    w = estimate_wait(office(None, None, busy), A)
    assert not w.is_now and contains(w, 15)  # the visit has about 15 minutes to go
    late = estimate_wait(office(None, None, counter(A, busy_service=A, busy_for_min=60.0)), A)
    assert not late.is_now  # far over its time, it still has a little to go
    ahead = estimate_wait(office(ServiceLoad(target_min=20, waiting=waiting(2)), None, busy), A)
    assert ahead.low_min > w.low_min and contains(ahead, 15 + 2 * 20)


def test_priority_with_every_counter_busy_is_not_now() -> None:
    a = ServiceLoad(target_min=20, waiting=waiting(5))
    busy = (counter(A, busy_service=A, busy_for_min=2.0), counter(A, busy_service=A, busy_for_min=8.0))
    priority = estimate_wait(office(a, None, *busy), A, priority=True)
    ordinary = estimate_wait(office(a, None, *busy), A)
    assert not priority.is_now and priority.high_min >= 10  # the first counter frees in about 12 min
    assert contains(priority, 12)
    assert priority.high_min < ordinary.low_min + 20 and ordinary.high_min > priority.high_min
    # Priority tickets already waiting go first even for a priority visitor.
    more = replace(a, waiting_priority=waiting(2))
    assert estimate_wait(office(more, None, *busy), A, priority=True).low_min > priority.low_min


def test_a_shared_counter_serves_its_first_service_first() -> None:
    # Counter 1 calls A before B; with A's queue long, B waits behind all of A.
    a_long = ServiceLoad(target_min=20, waiting=waiting(4))
    b = ServiceLoad(target_min=10)
    shared = estimate_wait(office(a_long, b, counter(A, B)), B)
    assert contains(shared, 4 * 20)
    # A longest-wait counter takes B's visitor after the A tickets that came before only.
    fair = CounterLoad(services=(A, B), by_service_order=False)
    assert estimate_wait(office(a_long, b, fair), B).low_min >= shared.low_min - 5
    # A second counter that serves only B takes the visitor at once.
    assert estimate_wait(office(a_long, b, counter(A, B), counter(B)), B) == NOW


def test_arrivals_that_go_first_are_counted_until_closing() -> None:
    # Counter 1 calls A before B; A tickets keep arriving every 10 minutes.
    a = ServiceLoad(target_min=20, arrivals_per_min=0.1)
    b = ServiceLoad(target_min=10, waiting=waiting(1))
    busy = counter(A, B, busy_service=A, busy_for_min=0.0)
    open_all_day = estimate_wait(office(a, b, busy), B)
    closing = estimate_wait(office(replace(a, closes_in_min=5.0), b, busy), B)
    assert open_all_day.high_min > closing.high_min
    assert contains(closing, 20 + 10)  # the visit now, the B ahead; nothing comes after closing


def test_no_arrival_is_expected_after_closing_however_late_the_line_is_called() -> None:
    # A (one arrival every 20 minutes) goes before B; the only counter is busy for an
    # hour, so it first looks at A's line long after A has closed.
    b = ServiceLoad(target_min=10)
    busy = counter(A, B, busy_service=A, busy_for_min=0.0)

    def wait(closes: float) -> WaitRange:
        a = ServiceLoad(target_min=60, arrivals_per_min=0.05, closes_in_min=closes)
        return estimate_wait(office(a, b, busy), B)

    assert wait(30.0) == wait(25.0)  # one A visitor (at minute 20) either way, none at minute 40
    assert wait(45.0).high_min > wait(30.0).high_min  # open at minute 40: a second one


def test_range_is_ordered_and_rounded_outwards() -> None:
    for n in range(0, 30, 3):
        w = estimate_wait(office(ServiceLoad(target_min=20, waiting=waiting(n))), A)
        assert 0 <= w.low_min <= w.high_min
        if w.high_min > 10:
            assert w.high_min % 5 == 0
