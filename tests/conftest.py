"""Fixtures every test uses: databases on SQLite and a throwaway PostgreSQL cluster, a fake clock.

Database tests ask for ``db_url`` (an empty database), ``site_db_url`` (the bundled sample
site applied, opening hours cleared) or ``db`` (an opened :class:`Database` on such a
database): each is parametrized over ``sqlite`` and ``postgresql``, so every database
test runs on both. ``pg_cluster`` is the session's PostgreSQL cluster; it can be stopped
and started again (``pg_cluster.stop()`` / ``.start()`` / ``.restart()``).

PostgreSQL under pytest-xdist: every worker runs its own cluster (``initdb`` takes about a
second). A shared cluster would need cross-process reference counting to know who stops
it, and a test that stops the server to check reconnection would break the other
worker's tests in mid-flight; separate clusters keep workers fully independent.
"""

from __future__ import annotations

import os

# Qt tests run without a display; set before anything can import Qt.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
# Passwords hashed at scrypt N = 2^10 instead of 2^17 (128 MiB, 0.4 s each): the test hook of
# db.passwords, inherited by the apps the end-to-end tests start. Tests of the real cost unset it.
os.environ["ANTRIAN_SCRYPT_N"] = "1024"

import contextlib
import fcntl
import gc
import itertools
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
# tests/ and its folders are packages (tests.db, tests.ui, ...): pytest puts the project
# folder on sys.path, never tests/ itself, so a test folder cannot shadow the package it tests.

from db.clock import FakeClock, installed_clock, set_clock  # noqa: E402
from db.database import Database  # noqa: E402
from tests.inmemory import MEMORY_DIR, room_in_memory  # noqa: E402
from tests.pg import PG_BIN, PgCluster, pg_available  # noqa: E402
from tests.sitedb import prepare_site  # noqa: E402
from tests.unmeasured import unmeasure  # noqa: E402

# The fake clock's default start: Monday 2 March 2026, 09:00 in Jakarta (02:00 UTC).
FAKE_START = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)

_counter = itertools.count(1)


# -- the run's files -------------------------------------------------------------------------

# Room the run's own files need in memory (all of a full run's came to 172 MB).
RUN_FILES_NEEDED = 2 * 1024**3
_memory_basetemp: Path | None = None


@pytest.hookimpl(tryfirst=True)  # before the tmp_path plugin reads --basetemp
def pytest_configure(config: pytest.Config) -> None:
    """The run's temporary files (every ``tmp_path``, so the SQLite test databases) go in
    memory when there is room and no ``--basetemp`` was given (``tests.inmemory``): core
    tests on SQLite ran 14.3 s -> 11.1 s. Removed after a run that passed; kept (and
    named) after one that failed. xdist's workers get their folders inside it."""
    global _memory_basetemp
    if config.option.basetemp or hasattr(config, "workerinput") or not room_in_memory(RUN_FILES_NEEDED):
        return
    _memory_basetemp = Path(tempfile.mkdtemp(prefix="antrian-tests-", dir=MEMORY_DIR))
    config.option.basetemp = str(_memory_basetemp)


@pytest.hookimpl(trylast=True)  # after the other plugins' end of session
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The in-memory files of a run that passed are removed; a failed run's are kept."""
    if _memory_basetemp is not None and exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
        shutil.rmtree(_memory_basetemp, ignore_errors=True)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The summary names the in-memory files a failed run kept."""
    if _memory_basetemp is not None and _memory_basetemp.exists():
        terminalreporter.write_line(f"the tests' files are kept in {_memory_basetemp} (in memory: remove it when done)")


# -- pytest-xdist ----------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _exclusive(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """``@pytest.mark.exclusive`` tests (the multi-process races: 8 CPU-bound processes
    each) run one at a time across all xdist workers, never two at once on a 2-core
    machine. A lock file shared by the workers does it, not ``--dist loadgroup``: that
    scheduler hangs for good when a worker crashes (pytest-xdist issues 1323, 1378)."""
    if request.node.get_closest_marker("exclusive") is None:
        yield
        return
    # Under xdist every worker's base folder sits in the session's shared one.
    lock_path = tmp_path_factory.getbasetemp().parent / "antrian-exclusive.lock"
    with open(lock_path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


# -- environment ---------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _isolated_antrian_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the developer's ``ANTRIAN_DB`` or writes into their real data folder."""
    monkeypatch.delenv("ANTRIAN_DB", raising=False)
    monkeypatch.delenv("ANTRIAN_PASSWORD", raising=False)
    monkeypatch.setenv("ANTRIAN_SCRYPT_N", "1024")
    monkeypatch.setenv("ANTRIAN_DATA_DIR", str(tmp_path_factory.mktemp("antrian-data")))


@pytest.fixture
def unmeasured_subprocesses(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Python processes this test starts are not measured by coverage (``tests.unmeasured``)."""
    unmeasure(monkeypatch)


@pytest.fixture(autouse=True)
def _ui_thread_garbage_collection(request: pytest.FixtureRequest) -> Iterator[None]:
    """Qt tests collect reference cycles on the UI thread only, as the apps do
    (``ui.collector``); whatever cycles a test leaves behind (its windows, runners and
    feeds) are collected at its end, here on the UI thread, never by chance on the next
    test's database worker thread."""
    if "qapp" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("qapp")
    from ui.collector import UiThreadCollector

    collector = UiThreadCollector()
    try:
        yield
    finally:
        collector.release()
        _freeze_survivors()


# Qt tests run so far in this worker, and how many of them between two full scans.
_qt_tests = itertools.count(1)
THAW_EVERY = 50


def _freeze_survivors() -> None:
    """After a Qt test's full collection, what survived it is frozen (``gc.freeze``): the
    next test's collection scans only what that test made. About 3,000 objects survive
    each test, mostly for a while (caches, pools); scanning them all again at every test
    end took 0.13 s a time by the hundredth test (tests/counter: 17 s of its 84). Every
    ``THAW_EVERY`` tests everything is scanned once again, so cycles that became garbage
    meanwhile are still freed (otherwise some 450 KB a test stays for good)."""
    if next(_qt_tests) % THAW_EVERY == 0:
        gc.unfreeze()
        gc.collect()
    gc.freeze()


@pytest.fixture
def fake_clock() -> Iterator[FakeClock]:
    """A :class:`FakeClock` installed as the core's clock (Mon 2 Mar 2026, 09:00 WIB); restored after.

    Move it with ``fake_clock.advance(minutes=5)`` or set ``fake_clock.current``.
    """
    clock = FakeClock(FAKE_START)
    set_clock(clock)
    try:
        yield clock
    finally:
        set_clock(None)


# -- PostgreSQL ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """This worker's throwaway PostgreSQL 15 cluster, running; removed at the end of the session.

    ``pg_cluster.url(name)`` gives a database URL, ``create_database()`` a new database,
    ``stop()`` / ``start()`` / ``restart()`` take the same server (same port, same data)
    down and up again, ``ensure_running()`` starts it if stopped.
    """
    if not pg_available():
        pytest.skip(f"PostgreSQL 15 is not installed ({PG_BIN / 'initdb'} missing; apt-get install postgresql-15)")
    cluster = PgCluster.create(in_memory=True)
    try:
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture
def pg_url(pg_cluster: PgCluster) -> Iterator[str]:
    """URL of a new, empty database on the cluster (PostgreSQL-only tests)."""
    pg_cluster.ensure_running()
    name = pg_cluster.create_database()
    yield pg_cluster.url(name)
    _drop_test_databases(pg_cluster, [name])


@pytest.fixture
def pg_site_url(pg_cluster: PgCluster, request: pytest.FixtureRequest) -> Iterator[str]:
    """URL of a new PostgreSQL database with the sample site, opening hours cleared (PostgreSQL-only tests)."""
    pg_cluster.ensure_running()
    name = pg_cluster.create_database(template=_site_template(request, "postgresql"))
    yield pg_cluster.url(name)
    _drop_test_databases(pg_cluster, [name])


def _drop_test_databases(cluster: PgCluster, names: list[str]) -> None:
    """Drop a finished test's databases if the cluster is in memory, where that costs
    ~7 ms; on a disk ``DROP DATABASE`` forces a checkpoint (seconds each with fsync=on),
    and the whole cluster is thrown away at the end of the session anyway. A test that
    stopped the server gets it started again, for the next test."""
    cluster.ensure_running()
    if not cluster.in_memory:
        return
    for name in names:
        # A database some test left in an odd state stays: the cluster's end removes it.
        with contextlib.suppress(Exception):
            cluster.drop_database(name)


def pytest_collection_finish(session: pytest.Session) -> None:
    """What collection imported (Qt, SQLAlchemy, the apps, the test modules) is left out of
    garbage collection from here on (``gc.freeze``): it lives to the end anyway. Every Qt
    test ends with a full collection on the UI thread (``_ui_thread_garbage_collection``),
    and SQLAlchemy's and Qt's objects cost about 1 µs each to scan: about 130,000 of them
    made each of those collections 0.1-0.2 s longer (tests/supervisor: teardowns 62 s -> 35 s)."""
    gc.collect()
    gc.freeze()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that use the cluster directly get the ``postgres`` mark (``-m "not postgres"`` skips them)."""
    for item in items:
        if {"pg_cluster", "pg_url", "pg_site_url"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.postgres)


# -- databases on both backends ------------------------------------------------------------


class DbFactory:
    """Makes new databases of one backend for one test; PostgreSQL's are dropped after it
    where that is cheap (:func:`_drop_test_databases`)."""

    def __init__(self, backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
        self.backend = backend
        self.tmp_path = tmp_path
        self._request = request
        self._pg_databases: list[str] = []

    @property
    def cluster(self) -> PgCluster:
        return self._request.getfixturevalue("pg_cluster")

    def __call__(self, site: bool = False) -> str:
        """URL of a new database: empty, or (``site=True``) with the sample site, hours cleared."""
        n = next(_counter)
        if self.backend == "sqlite":
            path = self.tmp_path / f"antrian-{n}.db"
            if site:
                _copy_sqlite(_site_template(self._request, "sqlite"), path)
            return f"sqlite:///{path}"
        self.cluster.ensure_running()
        template = _site_template(self._request, "postgresql") if site else None
        name = self.cluster.create_database(template=template)
        self._pg_databases.append(name)
        return self.cluster.url(name)

    def cleanup(self) -> None:
        """After the test: its PostgreSQL databases dropped (see :func:`_drop_test_databases`)."""
        if self._pg_databases:
            _drop_test_databases(self.cluster, self._pg_databases)


_templates: dict[str, str] = {}


def _site_template(request: pytest.FixtureRequest, backend: str) -> str:
    """A prepared sample-site database, built once per session; copied for each test.

    Built by the real clock whichever test asks first: a test that had installed its own
    clock first (the state machine, the report properties) stamped the site file's audit
    entry in its March, and the audit page's tests in the same worker found it missing."""
    if backend not in _templates:
        clock = installed_clock()
        set_clock(None)
        try:
            _build_site_template(request, backend)
        finally:
            set_clock(clock)
    return _templates[backend]


def _build_site_template(request: pytest.FixtureRequest, backend: str) -> None:
    if backend == "sqlite":
        path = request.getfixturevalue("tmp_path_factory").mktemp("templates") / "site.db"
        prepare_site(f"sqlite:///{path}")
        _templates[backend] = str(path)
    else:
        cluster: PgCluster = request.getfixturevalue("pg_cluster")
        name = cluster.create_database(f"antrian_site_template_{os.getpid()}")
        prepare_site(cluster.url(name))
        _templates[backend] = name


def _copy_sqlite(source: str, dest: Path) -> None:
    """Copy an SQLite database through the backup API (consistent even with a WAL)."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(dest)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_backend(request: pytest.FixtureRequest) -> str:
    """``"sqlite"`` or ``"postgresql"``: every test using it (or the fixtures below) runs on both."""
    return str(request.param)


@pytest.fixture
def new_db_url(db_backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[DbFactory]:
    """Factory: ``new_db_url()`` an empty database's URL, ``new_db_url(site=True)`` a prepared one."""
    factory = DbFactory(db_backend, tmp_path, request)
    yield factory
    factory.cleanup()


@pytest.fixture
def db_url(new_db_url: DbFactory) -> str:
    """URL of a fresh, empty database (no schema): an SQLite file in tmp_path, or a new PostgreSQL database."""
    return new_db_url()


@pytest.fixture
def site_db_url(new_db_url: DbFactory) -> str:
    """URL of a fresh database with the schema and the bundled sample site, opening hours cleared."""
    return new_db_url(site=True)


@pytest.fixture
def db(site_db_url: str) -> Iterator[Database]:
    """An opened :class:`Database` on ``site_db_url`` (sample site, every service always open)."""
    database = Database(site_db_url)
    yield database
    database.dispose()


# -- coverage ------------------------------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def _trace_task_runner_threads() -> Iterator[None]:
    """Coverage sees the work done on ``ui.tasks.TaskRunner`` threads.

    Coverage (Python 3.11) traces the threads Python's ``threading`` starts; the runner's
    threads are Qt's (``QThreadPool``), so whatever ran there (every database call a window
    makes) counted as never run. Under coverage, each job first installs the trace function
    ``threading`` would have given the thread; without coverage nothing changes.
    """
    import threading

    trace = threading.gettrace()
    if trace is None:
        yield
        return
    from ui import tasks

    def traced(call: Callable[[], object]) -> object:
        if sys.gettrace() is None:  # a Qt thread's first job: trace it from here on
            sys.settrace(trace)
        return call()

    job_run = tasks._Job.run  # the QRunnable's entry point: its own lines are measured too
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tasks._Job, "run", lambda self: traced(lambda: job_run(self)))
        yield
