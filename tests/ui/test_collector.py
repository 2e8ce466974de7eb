"""Reference cycles are collected on the UI thread, never on a background worker."""

from __future__ import annotations

import gc
import threading

from ui.collector import UiThreadCollector
from ui.tasks import TaskRunner


class _Cycle:
    """An object in a reference cycle that records the thread which freed it."""

    freed_on: list[int] = []

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        _Cycle.freed_on.append(threading.get_ident())


def _allocate_a_lot() -> list[list[int]]:
    """What a database job does to the collector: many container objects (a result set).

    They are returned, not dropped: CPython counts frees against allocations, so a job
    that frees them all before the UI thread's next tick would leave no collection due
    and the test would depend on the tick landing while the job runs."""
    return [[i] for i in range(200_000)]


def test_cycles_dropped_while_a_worker_allocates_are_freed_on_the_ui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    collector = UiThreadCollector(tick_ms=20)  # the conftest's own collector is already running: nested is fine
    runner = TaskRunner()
    _Cycle.freed_on.clear()
    _Cycle()  # garbage at once, but only a collection can free it
    done: list[list[list[int]]] = []
    runner.run(_allocate_a_lot, done.append)
    qtbot.waitUntil(lambda: bool(done) and bool(_Cycle.freed_on), timeout=10_000)
    runner.wait()
    assert _Cycle.freed_on == [threading.get_ident()]
    collector.release()


def test_without_it_a_worker_thread_frees_the_cycle(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The hazard the collector removes: CPython collects on whichever thread allocates."""
    gc.enable()  # as a plain Python process would be
    try:
        _Cycle.freed_on.clear()
        worker: list[int] = []

        def job() -> None:
            worker.append(threading.get_ident())
            _allocate_a_lot()

        gc.collect()
        _Cycle()
        thread = threading.Thread(target=job)
        thread.start()
        thread.join()
        assert _Cycle.freed_on == worker
    finally:
        gc.disable()


def test_release_collects_now_and_gives_collection_back(qtbot) -> None:  # type: ignore[no-untyped-def]
    gc.enable()
    collector = UiThreadCollector()
    assert not gc.isenabled()
    _Cycle.freed_on.clear()
    _Cycle()
    collector.release()
    assert _Cycle.freed_on == [threading.get_ident()]
    assert gc.isenabled()
    gc.disable()  # back to the state the conftest's collector keeps during a Qt test
