"""The screens' estimates of every service from one shared replay (``estimate_waits``) are
exactly each service's own estimate (``estimate_wait``), whatever the office."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.estimate import CounterLoad, OfficeLoad, Queue, ServiceLoad, estimate_wait, estimate_waits


@st.composite
def queues(draw: st.DrawFn, most: int) -> Queue:
    """Up to ``most`` waiting, the oldest queued up to two hours ago, the newest after it."""
    count = draw(st.integers(0, most))
    if count == 0:
        return Queue()
    oldest = draw(st.floats(0, 120, allow_nan=False))
    newest = oldest if count == 1 else draw(st.floats(0, oldest, allow_nan=False))
    return Queue(count=count, oldest_min=oldest, newest_min=newest)


@st.composite
def services(draw: st.DrawFn) -> ServiceLoad:
    """A service with its standard, today's evidence, its queues and arrivals."""
    seen = draw(st.integers(0, 30))
    return ServiceLoad(
        target_min=draw(st.sampled_from([1.0, 3.0, 5.0, 7.5, 10.0, 15.0, 20.0, 30.0])),
        observed_min=draw(st.floats(0.5, 40, allow_nan=False)) if seen else None,
        observed_n=seen,
        waiting=draw(queues(120)),
        waiting_priority=draw(queues(6)),
        arrivals_per_min=draw(st.sampled_from([0.0, 0.05, 0.3, 1.0, 2.5])),
        priority_arrivals_per_min=draw(st.sampled_from([0.0, 0.02, 0.2])),
        closes_in_min=draw(st.one_of(st.none(), st.floats(0, 300, allow_nan=False))),
    )


@st.composite
def offices(draw: st.DrawFn) -> OfficeLoad:
    """One to six services and up to eight counters, each serving some of them (or a service
    that no longer exists) in its own order, open or not, free or busy."""
    ids = list(range(1, draw(st.integers(1, 6)) + 1))
    loads = {sid: draw(services()) for sid in ids}
    counters = []
    for _ in range(draw(st.integers(0, 8))):
        served = draw(st.lists(st.sampled_from([*ids, 99]), unique=True, max_size=len(ids) + 1))
        busy = draw(st.one_of(st.none(), st.sampled_from(ids)))
        counters.append(CounterLoad(
            services=tuple(served), by_service_order=draw(st.booleans()),
            active=draw(st.booleans()) or draw(st.booleans()), signed_in=draw(st.booleans()) or draw(st.booleans()),
            paused=draw(st.booleans()) and draw(st.booleans()),
            busy_service=busy, busy_for_min=draw(st.floats(0, 40, allow_nan=False)) if busy else 0.0,
        ))
    return OfficeLoad(loads, counters)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(offices())
def test_the_shared_replay_gives_each_service_its_own_estimate(office: OfficeLoad) -> None:
    assert estimate_waits(office) == {sid: estimate_wait(office, sid) for sid in office.services}


def test_a_line_empty_from_the_start_and_one_emptied_later_share_the_replay() -> None:
    # A's line empties after its 5 are called; B's is empty at once; C's outlasts the horizon.
    # The first counter calls in its order: A, then B, then C; so A's visitor and B's are
    # each the sixth it calls.
    office = OfficeLoad(
        services={
            1: ServiceLoad(target_min=10, waiting=Queue(5, 20.0, 2.0)),
            2: ServiceLoad(target_min=10),
            3: ServiceLoad(target_min=30, waiting=Queue(200, 90.0, 1.0)),
        },
        counters=[CounterLoad(services=(1, 2, 3), by_service_order=True),
                  CounterLoad(services=(3,), by_service_order=True)],
    )
    waits = estimate_waits(office)
    assert waits == {sid: estimate_wait(office, sid) for sid in (1, 2, 3)}
    assert waits[1] == waits[2] and 0 < waits[1].low_min < waits[1].high_min < waits[3].low_min == 480
