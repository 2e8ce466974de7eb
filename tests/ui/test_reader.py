"""The shared snapshot reader: coalescing, failure and recovery, order, pausing, closing.

Every test runs the real :class:`ui.tasks.TaskRunner` (reads on its worker thread); the
reads that touch a database read the real one from the fixtures.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from db import queue
from db.database import Database, describe_error
from db.errors import DatabaseUnavailable
from db.records import Snapshot
from ui.reader import RETRY_MS, SnapshotReader
from ui.tasks import TaskRunner

WAIT_MS = 20_000  # a hang guard, not a speed limit
GATE_S = 30


class Gate:
    """Holds the first read on the worker until the test opens it; later reads pass."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.opened = threading.Event()

    def hold(self) -> None:
        self.entered.set()
        assert self.opened.wait(GATE_S), "the test never opened the gate"

    def wait_entered(self) -> None:
        assert self.entered.wait(GATE_S), "the read never started"


class Turnstile:
    """Every read waits on the worker for a permit the test hands out one at a time."""

    def __init__(self) -> None:
        self.arrived = threading.Semaphore(0)
        self.permits = threading.Semaphore(0)

    def pass_through(self) -> None:
        self.arrived.release()
        assert self.permits.acquire(timeout=GATE_S), "the test never let the read through"

    def wait_arrived(self) -> None:
        assert self.arrived.acquire(timeout=GATE_S), "the read never started"


def drain(qtbot: QtBot, runner: TaskRunner) -> None:
    """Wait until every result the runner has produced so far has been delivered."""
    seen: list[None] = []
    runner.run(lambda: None, seen.append)  # results come back in submission order
    qtbot.waitUntil(lambda: bool(seen), timeout=WAIT_MS)


@contextmanager
def reading(read: Callable[[], Any], **options: Any) -> Iterator[tuple[TaskRunner, SnapshotReader[Any], list[Any], list[str]]]:
    """A reader of ``read`` on its own real TaskRunner, with the lists its results and its
    failures arrive in; closed, and the runner waited for, at the end."""
    runner = TaskRunner()
    reader: SnapshotReader[Any] = SnapshotReader(runner, read, **options)
    loaded: list[Any] = []
    failed: list[str] = []
    reader.loaded.connect(loaded.append)
    reader.failed.connect(failed.append)
    try:
        yield runner, reader, loaded, failed
    finally:
        reader.close()
        runner.wait()


def waiting(snapshot: Snapshot) -> int:
    """Tickets waiting over all services."""
    return sum(s.waiting for s in snapshot.services)


# -- coalescing ------------------------------------------------------------------------------------


def test_requests_while_a_read_is_in_flight_give_exactly_one_more_read(qtbot: QtBot, db: Database) -> None:
    gate = Gate()
    calls: list[int] = []

    def read() -> Snapshot:
        calls.append(1)
        snapshot = queue.queue_snapshot(db)
        if len(calls) == 1:
            gate.hold()  # the first snapshot is taken; the changes below come after it
        return snapshot

    with reading(read) as (runner, reader, loaded, failed):
        reader.request()
        assert reader.busy
        gate.wait_entered()
        for _ in range(10):  # ten commits, each reported by the feed: ten requests
            queue.issue_ticket(db, "A")
            reader.request()
        reader.request_now()
        gate.opened.set()
        qtbot.waitUntil(lambda: len(loaded) == 2, timeout=WAIT_MS)
        drain(qtbot, runner)
        assert len(calls) == 2 and reader.reads == 2 and len(loaded) == 2
        assert [waiting(s) for s in loaded] == [0, 10]  # the follow-up read saw every change
        assert reader.value is loaded[-1] and not reader.busy and reader.idle()


def test_a_request_after_the_read_came_back_reads_again(qtbot: QtBot, db: Database) -> None:
    with reading(lambda: queue.queue_snapshot(db)) as (runner, reader, loaded, failed):
        reader.request()
        qtbot.waitUntil(lambda: len(loaded) == 1, timeout=WAIT_MS)
        queue.issue_ticket(db, "B")
        reader.request()
        qtbot.waitUntil(lambda: len(loaded) == 2, timeout=WAIT_MS)
        assert reader.reads == 2
        assert [waiting(s) for s in loaded] == [0, 1]


# -- order -----------------------------------------------------------------------------------------


def test_results_arrive_in_order_and_the_last_one_is_the_newest(qtbot: QtBot, db: Database) -> None:
    """Requests interleaved with commits: no result ever goes back in time."""
    in_flight = {"now": 0, "most": 0}
    lock = threading.Lock()

    def read() -> Snapshot:
        with lock:
            in_flight["now"] += 1
            in_flight["most"] = max(in_flight["most"], in_flight["now"])
        try:
            return queue.queue_snapshot(db)
        finally:
            with lock:
                in_flight["now"] -= 1

    with reading(read) as (runner, reader, loaded, failed):
        for i in range(30):
            queue.issue_ticket(db, "A")
            reader.request()
            if i % 3 == 0:
                qtbot.waitUntil(lambda: not reader.busy, timeout=WAIT_MS)  # let some results in between
        qtbot.waitUntil(lambda: reader.idle() and bool(loaded) and waiting(loaded[-1]) == 30, timeout=WAIT_MS)
        drain(qtbot, runner)
        counts = [waiting(s) for s in loaded]
        assert counts == sorted(counts)
        ids = [s.last_event_id for s in loaded]
        assert ids == sorted(ids)
        assert in_flight["most"] == 1  # never two reads at once, so never a stale one after a newer one
        assert reader.reads == len(loaded) < 30  # coalesced: fewer reads than requests


# -- failure and recovery ----------------------------------------------------------------------------


def _unplugged(site_db_url: str) -> tuple[Database, Callable[[], None], Callable[[], None]]:
    """A database on a file that is not there (an unmounted share), and how to unplug/replug it."""
    path = Path(make_url(site_db_url).database or "")
    away = path.with_name("away")
    away.mkdir()

    def move(src: Path, dst: Path) -> None:
        for suffix in ("", "-wal", "-shm"):
            item = src.with_name(src.name + suffix)
            if item.exists():
                item.rename(dst.with_name(dst.name + suffix))

    def unplug() -> None:
        move(path, away / path.name)

    def replug() -> None:
        move(away / path.name, path)

    return Database(site_db_url, create=False, migrate=False), unplug, replug


@pytest.mark.parametrize("db_backend", ["sqlite"], indirect=True)
def test_failed_reads_are_retried_until_the_database_is_back(qtbot: QtBot, site_db_url: str) -> None:
    database, unplug, replug = _unplugged(site_db_url)
    unplug()
    try:
        with reading(lambda: queue.queue_snapshot(database)) as (runner, reader, loaded, failed):
            online: list[bool] = []
            reader.online_changed.connect(online.append)
            reader.request()
            qtbot.waitUntil(lambda: len(failed) >= 2, timeout=WAIT_MS)  # the first try and a retry by itself
            assert isinstance(reader.error, DatabaseUnavailable)
            assert failed[0] == describe_error(reader.error) and "\n" not in failed[0]
            assert failed[0].startswith("database unavailable: ") and "does not exist" in failed[0]
            assert not reader.online and reader.failures >= 2 and online == [False]
            assert loaded == []
            replug()
            qtbot.waitUntil(lambda: bool(loaded), timeout=WAIT_MS)  # the next retry finds it
            assert reader.online and reader.failures == 0 and reader.error is None
            assert online == [False, True]
            assert not reader.retry_pending
            assert loaded[0].services
    finally:
        database.dispose()


@pytest.mark.parametrize("db_backend", ["sqlite"], indirect=True)
def test_a_request_after_a_failure_reads_at_once(qtbot: QtBot, site_db_url: str) -> None:
    """A retry is pending after the failure; a request (the feed's resync) does not wait for it."""
    database, unplug, replug = _unplugged(site_db_url)
    unplug()
    try:
        with reading(lambda: queue.queue_snapshot(database), retry_ms=(600_000,)) as (runner, reader, loaded, failed):
            reader.request()
            qtbot.waitUntil(lambda: bool(failed), timeout=WAIT_MS)
            assert reader.retry_pending
            replug()
            reader.request()
            assert not reader.retry_pending
            qtbot.waitUntil(lambda: bool(loaded), timeout=WAIT_MS)
            assert reader.reads == 2 and reader.online
    finally:
        database.dispose()


@pytest.mark.parametrize("db_backend", ["sqlite"], indirect=True)
def test_a_request_during_a_failing_read_is_read_at_once_after_it(qtbot: QtBot, site_db_url: str) -> None:
    database, unplug, replug = _unplugged(site_db_url)
    unplug()
    turnstile = Turnstile()

    def read() -> Snapshot:
        turnstile.pass_through()
        return queue.queue_snapshot(database)

    try:
        with reading(read, retry_ms=(600_000,)) as (runner, reader, loaded, failed):
            try:
                reader.request()
                turnstile.wait_arrived()
                reader.request()  # a change arrived while the (failing) read runs
                turnstile.permits.release()
                qtbot.waitUntil(lambda: bool(failed), timeout=WAIT_MS)
                assert reader.reads == 2 and reader.busy  # the second read started without the retry's pause
                assert not reader.retry_pending
                turnstile.wait_arrived()
                turnstile.permits.release()
                qtbot.waitUntil(lambda: len(failed) == 2, timeout=WAIT_MS)
                assert not reader.busy and loaded == [] and reader.retry_pending
                replug()
            finally:
                turnstile.permits.release()
    finally:
        database.dispose()


def test_the_backoff_grows_and_stays_at_its_last_step(qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:

    def read() -> int:
        raise DatabaseUnavailable("database unavailable: server closed the connection\nDETAIL: more")

    steps = (600_000, 1_200_000, 2_400_000)  # long: the test asks again itself, never waits for one
    with reading(read, what="the test data", retry_ms=steps) as (runner, reader, loaded, failed):
        with caplog.at_level(logging.WARNING, logger="antrian.ui.reader"):
            for n in range(1, 6):
                reader.request()
                qtbot.waitUntil(lambda n=n: len(failed) == n, timeout=WAIT_MS)
                assert reader.retry_pending
        assert failed == ["database unavailable: server closed the connection"] * 5
        assert reader.failures == 5
        records = [r for r in caplog.records if r.name == "antrian.ui.reader"]
        assert [r.levelno for r in records] == [logging.WARNING] * 5
        delays = [int(r.getMessage().rsplit("retrying in ", 1)[1].split()[0]) for r in records]
        assert delays == [600_000, 1_200_000, 2_400_000, 2_400_000, 2_400_000]
        assert records[0].getMessage().startswith("reading the test data failed: database unavailable")
        assert tuple(sorted(RETRY_MS)) == RETRY_MS  # the shared schedule only grows too


def test_a_defect_in_the_read_is_logged_with_its_traceback(qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:

    def read() -> int:
        raise KeyError("services")

    with reading(read, log=logging.getLogger("antrian.test.reader")) as (runner, reader, loaded, failed):
        with caplog.at_level(logging.WARNING, logger="antrian.test.reader"):
            reader.request()
            qtbot.waitUntil(lambda: bool(failed), timeout=WAIT_MS)
        assert failed == ["'services'"]
        (record,) = [r for r in caplog.records if r.name == "antrian.test.reader"]
        assert record.levelno == logging.ERROR and record.exc_info is not None


def test_forget_failures_counts_as_online_again(qtbot: QtBot) -> None:

    def read() -> int:
        raise DatabaseUnavailable("database unavailable: no route to host")

    with reading(read, retry_ms=(600_000,)) as (runner, reader, loaded, failed):
        reader.request()
        qtbot.waitUntil(lambda: bool(failed), timeout=WAIT_MS)
        assert not reader.online
        reader.forget_failures()
        assert reader.online and reader.failures == 0 and reader.error is None


# -- pausing, delaying, closing --------------------------------------------------------------------


def test_paused_requests_wait_for_resume_and_share_one_read(qtbot: QtBot, db: Database) -> None:
    with reading(lambda: queue.queue_snapshot(db)) as (runner, reader, loaded, failed):
        reader.pause()
        for _ in range(5):
            queue.issue_ticket(db, "A")
            reader.request()
        assert reader.reads == 0 and reader.idle()
        reader.resume()
        qtbot.waitUntil(lambda: bool(loaded), timeout=WAIT_MS)
        drain(qtbot, runner)
        assert reader.reads == 1 and waiting(loaded[0]) == 5
        reader.pause()
        reader.request_now()  # start-up, resync or a retry read even while paused
        qtbot.waitUntil(lambda: len(loaded) == 2, timeout=WAIT_MS)
        reader.resume()  # nothing was requested meanwhile: no read
        drain(qtbot, runner)
        assert reader.reads == 2


def test_a_delay_gathers_requests_into_one_read(qtbot: QtBot, db: Database) -> None:
    with reading(lambda: queue.queue_snapshot(db), delay_ms=20) as (runner, reader, loaded, failed):
        for _ in range(5):
            reader.request()
        assert not reader.idle() and reader.reads == 0  # the delay runs, nothing is read yet
        qtbot.waitUntil(lambda: bool(loaded), timeout=WAIT_MS)
        drain(qtbot, runner)
        assert reader.reads == 1
        reader.request()
        reader.request_now()  # skips the delay
        assert reader.busy and reader.reads == 2
        qtbot.waitUntil(lambda: len(loaded) == 2, timeout=WAIT_MS)
        drain(qtbot, runner)
        assert reader.reads == 2


def test_a_closed_reader_drops_the_read_in_flight_and_reads_no_more(qtbot: QtBot, db: Database) -> None:
    gate = Gate()

    def read() -> Snapshot:
        gate.hold()
        return queue.queue_snapshot(db)

    with reading(read) as (runner, reader, loaded, failed):
        reader.request()
        gate.wait_entered()
        reader.request()  # would need a follow-up read
        reader.close()
        gate.opened.set()
        drain(qtbot, runner)
        reader.request()
        reader.request_now()
        drain(qtbot, runner)
        assert loaded == [] and reader.reads == 1
