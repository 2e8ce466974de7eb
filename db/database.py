"""Opening a database: URL resolution, engine settings per dialect, schema migration.

One :class:`Database` per process. ``write()`` gives a session whose transaction takes
the write lock at once (SQLite ``BEGIN IMMEDIATE``), ``read()`` a plain one.
"""

from __future__ import annotations

import logging
import os
import random
import re
import sqlite3
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, exc, text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.orm import Session

from db.errors import (
    AccessDenied,
    AntrianError,
    DatabaseDamaged,
    DatabaseUnavailable,
    ForeignDatabase,
    SchemaTooNew,
    WriteConflict,
)
from db.files import create_private_file, private_dir

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger("antrian.db")

# How long a writer waits for another one's lock before giving up with a clear message.
SQLITE_BUSY_TIMEOUT_MS = int(os.environ.get("ANTRIAN_SQLITE_BUSY_TIMEOUT_MS", "10000"))


def default_data_dir() -> Path:
    """The per-user data directory (database, ticket PDFs, logs, caches)."""
    from platformdirs import user_data_dir

    return Path(os.environ.get("ANTRIAN_DATA_DIR") or user_data_dir("antrian", appauthor=False))


def sqlite_url(path: str | os.PathLike[str]) -> str:
    """The URL of an SQLite file. The path is percent-encoded: SQLAlchemy decodes ``%xx``
    in a URL's database part and a ``?`` starts its query, so ``kantor%201.db`` or
    ``a?b.db`` written as they are would name another file."""
    from urllib.parse import quote

    return "sqlite:///" + quote(str(path), safe="/ ")


def resolve_url(cli_value: str | None = None) -> str:
    """Pick the database URL: ``--db``, else ``ANTRIAN_DB``, else an SQLite file in the data dir.

    A bare file path is taken as SQLite; ``postgresql://`` gets the psycopg 3 driver.
    """
    raw = cli_value or os.environ.get("ANTRIAN_DB") or ""
    raw = raw.strip()
    if not raw:
        return sqlite_url(default_data_dir() / "antrian.db")
    if "://" not in raw:
        return sqlite_url(Path(raw).expanduser().resolve())
    if raw.startswith("postgresql://") or raw.startswith("postgres://"):
        raw = "postgresql+psycopg://" + raw.split("://", 1)[1]
    return raw


# ``scheme://user:password@`` (the password may hold '@') and libpq's ``password=...``.
_URL_PASSWORD = re.compile(r"(?P<head>\b[A-Za-z][A-Za-z0-9+.-]*:/{0,3}[^:/?#@\s]*:)[^\s/]*@")
_DSN_PASSWORD = re.compile(r"(?P<head>\bpassword\s*=\s*)(?:'[^']*'|\S+)", re.IGNORECASE)


def mask_url(text: str) -> str:
    """``text`` with every password of a database URL or connection string in it replaced by ``***``.

    Every message and log line that may carry a URL goes through this: a password never
    reaches a screen, a terminal or a log file.
    """
    text = _URL_PASSWORD.sub(lambda m: m.group("head") + "***@", text)
    return _DSN_PASSWORD.sub(lambda m: m.group("head") + "***", text)


def sqlite_uri(path: str, mode: str = "rw") -> str:
    """An SQLite ``file:`` URI for ``path``, percent-encoded (``#``, ``?``, ``%`` are path characters)."""
    return f"{Path(path).resolve().as_uri()}?mode={mode}"


def check_sqlite_header(path: Path) -> None:
    """Refuse a file that is not an SQLite database before any driver touches it (O(1))."""
    try:
        with open(path, "rb") as f:
            head = f.read(100)
    except OSError as e:
        raise DatabaseUnavailable(f"cannot read the database file {path}: {e.strerror}") from None
    if not head:
        return  # an empty file is an empty database
    page_size = int.from_bytes(head[16:18], "big") if len(head) == 100 else 0
    page_size = 65536 if page_size == 1 else page_size
    if not head.startswith(b"SQLite format 3\x00") or page_size < 512 or page_size & (page_size - 1):
        raise DatabaseDamaged(
            f"{path} is not a database file (not SQLite: another program's file, or its first page is damaged); "
            "nothing was written. Check --db, or run 'antrian doctor' on it"
        )


# ``PRAGMA quick_check`` reads every page: on Antrian's schema 3-6 ms per MB from the page
# cache (bench/integrity.py: 14 MB 66 ms, 71 MB 400 ms; the full integrity_check 2-3 times
# that), more from a cold disk. A busy desk (300 tickets a day) grows ~50 MB a year. Up to
# this size the check runs whenever a process opens the database (a command, an app's
# first connection in the background, a reconnect), at most ~0.2 s; a bigger file gets the
# O(1) header and schema check only, and ``antrian doctor`` for the full one. Either way a
# damaged page met later is refused with the same message before anything is written.
QUICK_CHECK_MAX_BYTES = int(os.environ.get("ANTRIAN_QUICK_CHECK_MAX_BYTES", str(32 * 1024 * 1024)))


def is_damage(message: str) -> bool:
    """Whether an SQLite error message says the file is damaged (not merely locked or gone)."""
    return any(m in message for m in ("malformed", "file is not a database", "disk image", "database corrupt"))


def quick_check(conn: sqlite3.Connection, path: str) -> None:
    """Raise :class:`DatabaseDamaged` if SQLite's ``quick_check`` finds a damaged page.

    Skipped for files over :data:`QUICK_CHECK_MAX_BYTES` (see there).
    """
    try:
        if not path or path == ":memory:" or os.path.getsize(path) > QUICK_CHECK_MAX_BYTES:
            return
        rows = [str(r[0]) for r in conn.execute("PRAGMA quick_check(3)").fetchall()]
    except OSError:
        return
    except sqlite3.DatabaseError as e:
        if not is_damage(str(e)):
            return  # locked, busy, gone: not this check's business, the next real step reports it
        rows = [str(e)]
    if rows != ["ok"]:
        first = " ".join(" ".join(rows).replace("*** in database main ***", "").split())[:200]
        raise DatabaseDamaged(
            f"the database file {path} is damaged ({first}); nothing was written. Stop the apps and run "
            "'antrian doctor' for a full check and what to do"
        )


def parse_url(raw: str) -> URL:
    """Parse and check a database URL; raise :class:`DatabaseUnavailable` with a clear reason."""
    try:
        url = make_url(raw)
    except (exc.ArgumentError, ValueError):  # ValueError: a port that is not a number
        raise DatabaseUnavailable(
            f"'{mask_url(raw)}' is not a database URL (expected sqlite:///path/to/antrian.db "
            "or postgresql://user:password@host/dbname)"
        ) from None
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise DatabaseUnavailable(
            f"unsupported database '{url.get_backend_name()}': use sqlite or postgresql"
        )
    if url.get_backend_name() == "postgresql" and url.drivername != "postgresql+psycopg":
        url = url.set(drivername="postgresql+psycopg")
    return url


def describe_error(error: BaseException) -> str:
    """One plain sentence for a driver error (no SQL, no traceback)."""
    orig = getattr(error, "orig", None) or error
    msg = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    msg = mask_url(msg)
    if "database is locked" in msg:
        return (
            "the database file is locked by another program and stayed locked for "
            f"{SQLITE_BUSY_TIMEOUT_MS / 1000:g} s; the action was not done, try again"
        )
    return msg


def _sqlite_connection(conn: Connection) -> sqlite3.Connection:
    """The driver's own connection under an SQLite ``conn``."""
    raw = conn.connection.dbapi_connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


def _begin_immediate(conn: Connection) -> None:
    """``BEGIN IMMEDIATE`` on SQLite, waiting for the write lock in short steps.

    SQLite's own busy handler sleeps up to 100 ms between tries. When several processes
    write back to back (8 processes issuing tickets in a loop), the gaps between their
    transactions last about a millisecond, so a waiting process could miss every gap for
    the whole busy timeout and fail. Trying every millisecond or two catches the gaps.
    Writers first wait for their turn (:func:`_take_turn`), which they hold until their
    transaction has ended (:func:`_end_turn`, when the connection goes back to the pool):
    the next writer wakes as the lock comes free, and finds it free. The tries here are
    for writers without a turn (another program, a turn not come within the busy timeout)
    and bounded by ``SQLITE_BUSY_TIMEOUT_MS`` from the moment the turn came.
    """
    raw = _sqlite_connection(conn)
    info = conn.connection.info
    _end_turn(info)  # one left by a transaction whose end was not seen
    fd = _take_turn(raw)
    try:
        deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
        _wait_for_write_lock(conn, raw, deadline)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        raise
    if fd >= 0:
        info[_TURN] = fd


def _wait_for_write_lock(conn: Connection, raw: sqlite3.Connection, deadline: float) -> None:
    """``BEGIN IMMEDIATE`` tried every millisecond or two until ``deadline``, then once more the usual way."""
    raw.execute("PRAGMA busy_timeout = 0")
    try:
        while time.monotonic() < deadline:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) and "busy" not in str(e):
                    break  # not a lock wait: the last try below reports it
            time.sleep(random.uniform(0.0005, 0.002))
        conn.exec_driver_sql("BEGIN IMMEDIATE")  # the last try; fails the usual (wrapped) way
    finally:
        with suppress(sqlite3.Error):
            raw.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")


# Beside the SQLite file, like its -wal and -shm: the lock writers take turns on.
WRITERS_SUFFIX = "-writers"
# Where a connection keeps the open ``-writers`` file whose lock is its turn (the pool
# record's ``info``), from its ``BEGIN IMMEDIATE`` to the end of its transaction.
_TURN = "antrian_writers_turn"


def _take_turn(raw: sqlite3.Connection) -> int:
    """Wait for the turn to write to ``raw``'s file: the lock of ``<file>-writers``; its open
    file descriptor, or -1 when writing without a turn.

    Waiting for SQLite's write lock means trying again and again (see
    :func:`_begin_immediate`). With 16 processes writing on two cores, fifteen of them
    trying every millisecond or two took the CPU the writer needed: throughput fell to a
    quarter and a ticket took up to 0.9 s. Here the waiters sleep in the kernel
    (``flock``) until the writer before them has ended its transaction, then take
    SQLite's lock at once. (Passing the turn on as soon as the lock was taken left the
    next writer trying every millisecond or two: the lock stood free for about a
    millisecond at each hand-over, as long as a whole ticket holds it.) SQLite's lock
    stays what makes writes safe: a writer that finds no lock file (no POSIX ``flock``,
    a read-only folder, an in-memory database) simply tries as before, and so does one
    whose turn does not come within the busy timeout (a process stopped, not killed,
    while it had the turn): it waits no longer than it would for SQLite's lock.
    """
    fd = -1
    try:
        import fcntl

        database = raw.execute("PRAGMA database_list").fetchone()[2]
        if database:
            fd = os.open(f"{database}{WRITERS_SUFFIX}", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not _wait_for_turn(fd, SQLITE_BUSY_TIMEOUT_MS / 1000):
                    os.close(fd)
                    fd = -1
    except (ImportError, OSError, sqlite3.Error):
        if fd >= 0:
            os.close(fd)
            fd = -1
    return fd


def _end_turn(info: dict[Any, Any]) -> None:
    """Pass the turn on: close the ``-writers`` file a connection's transaction held (if any)."""
    fd = info.pop(_TURN, -1)
    if fd >= 0:
        os.close(fd)  # closing the file ends the lock


def _wait_for_turn(fd: int, timeout: float) -> bool:
    """Wait at most ``timeout`` seconds for the ``flock`` on ``fd``; whether it came.

    ``flock`` itself cannot time out, so a helper thread waits in it, on a duplicate of
    ``fd``: both share the open file, and so the lock. The thread closes its duplicate as
    soon as it has the lock; the lock then lasts while ``fd`` is open. If the wait is given
    up, ``fd`` is closed here, and the thread's close, whenever the lock comes, ends it.
    """
    import fcntl

    came = threading.Event()
    dup = os.dup(fd)

    def wait() -> None:
        try:
            fcntl.flock(dup, fcntl.LOCK_EX)
            came.set()
        except OSError:
            pass
        finally:
            os.close(dup)

    threading.Thread(target=wait, name="antrian-writers-turn", daemon=True).start()
    return came.wait(timeout)


def _open_existing_sqlite(path: str) -> sqlite3.Connection:
    """Connect to an SQLite file that must already exist (read-write, never created)."""
    if not Path(path).is_file():
        raise sqlite3.OperationalError(
            f"the database file {path} does not exist (create it with 'antrian init', "
            "or check that its folder or network share is available)"
        )
    return sqlite3.connect(sqlite_uri(path), uri=True,
                           timeout=SQLITE_BUSY_TIMEOUT_MS / 1000, check_same_thread=False)


def _enter_wal(cur: sqlite3.Cursor) -> None:
    """Put the file in WAL mode, retrying while another process holds it.

    Switching the journal mode needs an exclusive lock, and SQLite answers "database is
    locked" at once, without its busy handler, when several processes open a new file
    together; so this waits here, within the same budget as any other lock."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    pause = 0.005
    while True:
        try:
            mode = cur.execute("PRAGMA journal_mode").fetchone()[0]
            if mode != "wal" and mode != "memory":  # an in-memory database has no WAL
                mode = cur.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode in ("wal", "memory"):
                return
            # SQLite answers the old mode when it could not switch: treat it as locked.
            if time.monotonic() >= deadline:
                raise sqlite3.OperationalError("database is locked (could not switch to WAL)")
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() >= deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.1)


# Every Database of this process (on SQLite: for _open_here).
_databases: weakref.WeakSet[Database] = weakref.WeakSet()


def _open_here(path: Path, opening: Database) -> bool:
    """Whether another ``Database`` of this process already has the SQLite file ``path``.

    Its header was checked when that one opened it, and must not be read again: closing
    any descriptor of an SQLite file drops every POSIX lock the process holds on it,
    SQLite's own included. Another process could then take the file for itself (the last
    connection to close resets the write-ahead log) while this one still reads it: in the
    tests, a command run in-process beside an open ``Database`` and an app in another
    process made the database look damaged.
    """
    try:
        key = path.resolve()
        for other in list(_databases):
            theirs = other._sqlite_path()
            if other is not opening and theirs is not None and theirs.resolve() == key:
                return True
    except OSError:
        pass
    return False


class Database:
    """A process's handle on the shared database."""

    def __init__(self, url: str | None = None, *, migrate: bool = True, create: bool = True) -> None:
        """Open ``url`` (see :func:`resolve_url`). With ``create=False`` a missing SQLite
        file is an error instead of a new empty database: the apps use that, so a kiosk
        pointed at an unmounted share never runs on a fresh, empty office."""
        self.create = create
        self.url = parse_url(resolve_url(url))
        self.dialect = self.url.get_backend_name()
        made = self._prepare_file()
        _databases.add(self)
        try:
            self.engine = self._create_engine()
            self._write_engine = self.engine.execution_options(antrian_write=True)
            if migrate:
                self.ensure_schema()
        except BaseException:
            self._remove_new_file(made)  # a failed ``init`` leaves no stub behind
            raise

    @property
    def where(self) -> str:
        """The database for messages: the SQLite file, or the URL without its password."""
        if self.dialect == "sqlite":
            return f"the database file {self.url.database}"
        return f"the database {self.url.render_as_string(hide_password=True)}"

    def _sqlite_path(self) -> Path | None:
        database = (self.url.database or "") if self.dialect == "sqlite" else ""
        return Path(database) if database and database != ":memory:" else None

    def _prepare_file(self) -> list[Path]:
        """SQLite: check an existing file's header; with ``create``, make a missing file
        (0600, in 0700 folders). Returns what was made, for :meth:`_remove_new_file`."""
        path = self._sqlite_path()
        if path is None:
            return []
        if path.exists():
            if path.is_file() and not _open_here(path, self):
                check_sqlite_header(path)
            return []
        if not self.create:
            return []  # the engine's creator refuses it with the usual sentence
        try:
            made = private_dir(path.parent)
        except OSError as e:
            raise DatabaseUnavailable(f"cannot create folder {path.parent}: {e.strerror or e}") from None
        try:
            if create_private_file(path):
                made.append(path)
        except OSError as e:
            self._remove_new_file(made)
            raise DatabaseUnavailable(f"cannot create {path}: {e.strerror or e}") from None
        return made

    def _remove_new_file(self, made: list[Path]) -> None:
        if not made:
            return
        engine = getattr(self, "engine", None)
        if engine is not None:
            engine.dispose()
        for item in reversed(made):
            try:
                if item.is_dir():
                    item.rmdir()  # only if still empty
                else:
                    for extra in ("-wal", "-shm", "-journal", WRITERS_SUFFIX):
                        Path(f"{item}{extra}").unlink(missing_ok=True)
                    item.unlink(missing_ok=True)
            except OSError:
                pass

    # -- engine ---------------------------------------------------------------------------
    def _create_engine(self) -> Engine:
        if self.dialect == "sqlite":
            database = self.url.database or ""
            extra: dict[str, object] = {}
            if not self.create and database and database != ":memory:":
                extra["creator"] = lambda: _open_existing_sqlite(database)
            engine = create_engine(self.url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **extra)

            @event.listens_for(engine, "connect")
            def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
                # Let SQLAlchemy, not the driver, decide when transactions begin.
                dbapi_conn.isolation_level = None
                cur = dbapi_conn.cursor()
                cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
                _enter_wal(cur)
                cur.execute("PRAGMA synchronous = FULL")
                cur.execute("PRAGMA foreign_keys = ON")
                cur.close()

            # A write's turn ends with its transaction: the connection goes back to the
            # pool (committed or rolled back), or is thrown away.
            @event.listens_for(engine.pool, "reset")
            def _on_reset(_dbapi_conn: object, record: Any, _state: object) -> None:
                _end_turn(record.info)

            @event.listens_for(engine.pool, "invalidate")
            def _on_invalidate(_dbapi_conn: object, record: Any, _error: object) -> None:
                _end_turn(record.info)

            @event.listens_for(engine, "begin")
            def _on_begin(conn: Connection) -> None:
                # BEGIN IMMEDIATE takes the write lock up front: a select-then-update can
                # never interleave with another writer.
                write = conn.get_execution_options().get("antrian_write", False)
                if write:
                    _begin_immediate(conn)
                else:
                    conn.exec_driver_sql("BEGIN")

            return engine
        return create_engine(
            self.url,
            pool_pre_ping=True,
            pool_size=3,
            max_overflow=5,
            connect_args={"connect_timeout": 5, "application_name": "antrian"},
        )

    # -- sessions -------------------------------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session in one write transaction, committed on success, rolled back on error."""
        with self._session(self._write_engine) as s:
            yield s

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; its transaction is rolled back at the end.

        On PostgreSQL the transaction is REPEATABLE READ, READ ONLY: every statement of
        a snapshot sees the same moment (READ COMMITTED would let a commit in between
        show up in one statement and not the next). SQLite reads are snapshots anyway.
        """
        with self._session(self.engine, commit=False) as s:
            if self.dialect == "postgresql":
                s.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
            yield s

    @contextmanager
    def write_connection(self) -> Iterator[Connection]:
        """A bare connection in one write transaction: committed on success, rolled back on error.

        For the hot paths (issuing a ticket, calling the next one): no ORM session and no
        unit of work, which together cost several times the commit itself.
        """
        with self._database_errors(), self._write_engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def read_connection(self) -> Iterator[Connection]:
        """A bare connection in one short read transaction (no ORM session), for the few
        reads a hot path makes after its commit, outside the write lock.

        Unlike :meth:`read`, PostgreSQL keeps its default READ COMMITTED here: these
        reads need no single snapshot, and setting one costs a round trip.
        """
        with self._database_errors(), self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def _session(self, bind: Engine, commit: bool = True) -> Iterator[Session]:
        session = Session(bind=bind, expire_on_commit=False, autoflush=True)
        with self._database_errors():
            try:
                yield session
                if commit:
                    session.commit()
                else:
                    session.rollback()
            except BaseException:
                session.rollback()
                raise
            finally:
                session.close()

    @contextmanager
    def _database_errors(self) -> Iterator[None]:
        """Driver errors as the core's own: a deadlock victim, an unavailable database,
        a damaged file, a role without write rights, a value the database refused."""
        try:
            yield
        except exc.OperationalError as e:
            if getattr(e.orig, "sqlstate", None) in ("40001", "40P01"):
                raise WriteConflict(f"the database aborted a conflicting action: {describe_error(e)}") from e
            raise self.translate(e) or DatabaseUnavailable(f"database unavailable: {describe_error(e)}") from e
        except exc.DBAPIError as e:
            if e.connection_invalidated:
                raise DatabaseUnavailable(f"database connection lost: {describe_error(e)}") from e
            translated = self.translate(e)
            if translated is None:
                raise
            raise translated from e

    def translate(self, error: exc.DBAPIError) -> AntrianError | None:
        """The user's sentence for a damaged file, missing rights or a refused value, else ``None``."""
        msg = describe_error(error)
        orig = getattr(error, "orig", None)
        state = getattr(orig, "sqlstate", None) or ""
        if self.dialect == "sqlite" and is_damage(msg):
            return DatabaseDamaged(
                f"{self.where} is damaged ({msg}); nothing was written. Stop the apps and run "
                "'antrian doctor' for a full check and what to do"
            )
        if state == "42501" or "readonly database" in msg or "read-only" in msg:
            who = (f"the database user '{self.url.username}'" if self.dialect == "postgresql"
                   else "this user")
            return AccessDenied(
                f"{who} may not change {self.where} ({msg}); nothing was written. "
                + ("Grant it write rights (GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "
                   "public TO ...; and USAGE on its sequences) or use the owner's account"
                   if self.dialect == "postgresql" else "Check the file's and its folder's permissions")
            )
        if isinstance(error, exc.DataError) or state.startswith("22"):
            return AntrianError(f"the database refused a value ({msg}); nothing was written")
        return None

    # -- schema ---------------------------------------------------------------------------
    def current_revision(self) -> str | None:
        """The schema revision stored in the database, ``None`` for an empty database.

        Plain SQL: importing Alembic costs ~15 MB and ~0.3 s, so it is loaded only when
        an upgrade is really needed.
        """
        from sqlalchemy import inspect

        try:
            with self.engine.connect() as conn:
                if not inspect(conn).has_table("alembic_version"):
                    return None
                return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except exc.DBAPIError as e:
            # OperationalError (server down, bad password) and DatabaseError alike
            # (SQLite: "file is not a database").
            raise self.translate(e) or DatabaseUnavailable(f"cannot open database: {describe_error(e)}") from e

    def quick_check(self) -> None:
        """SQLite: refuse a damaged file before anything is written into it (see :func:`quick_check`)."""
        if self.dialect != "sqlite":
            return
        with self.engine.connect() as conn:
            quick_check(_sqlite_connection(conn), self.url.database or "")

    def foreign_tables(self) -> list[str]:
        """Tables in the database that are not Antrian's (another program's data)."""
        from sqlalchemy import inspect

        from db.models import Base

        ours = set(Base.metadata.tables) | {"alembic_version"}
        try:
            with self.engine.connect() as conn:
                names = inspect(conn).get_table_names()
        except exc.DBAPIError as e:
            raise self.translate(e) or DatabaseUnavailable(f"cannot open database: {describe_error(e)}") from e
        return sorted(set(names) - ours)

    def ensure_schema(self) -> None:
        """Create or upgrade the schema in place; refuse a database from a newer version."""
        from db.migrations import HEAD

        current = self.current_revision()
        if self.dialect == "sqlite" and current is not None:
            self.quick_check()
        if current == HEAD:
            return
        if current is None:
            # Only ``antrian init`` (create=True) makes a database, and never inside
            # another program's.
            others = self.foreign_tables()
            if others:
                raise ForeignDatabase(
                    f"{self.where} belongs to another program (it holds tables such as "
                    f"{', '.join(others[:3])}); Antrian writes nothing into it: give Antrian its own database"
                )
            if not self.create:
                raise ForeignDatabase(f"{self.where} holds no Antrian data yet: create it with 'antrian init'")
        from alembic.script import ScriptDirectory

        script = ScriptDirectory.from_config(self._alembic_config())
        known = {rev.revision for rev in script.walk_revisions()}
        if current is not None and current not in known:
            if not self._has_antrian_tables():
                raise ForeignDatabase(
                    f"{self.where} belongs to another program (its schema '{current}' is not Antrian's); "
                    "Antrian writes nothing into it: give Antrian its own database"
                )
            raise SchemaTooNew(
                f"this database was written by a newer Antrian (schema {current}); "
                "upgrade Antrian on this PC before using it"
            )
        self.upgrade()

    def upgrade(self) -> None:
        """Run the Alembic migrations up to head (serialized across processes)."""
        from alembic import command

        cfg = self._alembic_config()
        try:
            with self._write_engine.begin() as conn:
                if self.dialect == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(7226)"))
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except exc.DBAPIError as e:
            raise self.translate(e) or DatabaseUnavailable(f"cannot prepare database: {describe_error(e)}") from e
        log.info("schema at %s", self.current_revision())

    def _has_antrian_tables(self) -> bool:
        from sqlalchemy import inspect

        with self.engine.connect() as conn:
            return {"tickets", "services", "counters"} <= set(inspect(conn).get_table_names())

    def _alembic_config(self) -> Config:
        """Alembic's config without the URL: ``env.py`` runs on the connection handed in
        through ``attributes``. A URL in configparser breaks on ``%`` (an encoded password,
        ``#`` in a path, every Windows profile path) and would carry the password."""
        from alembic.config import Config

        cfg = Config()
        # configparser syntax: a '%' in the install path is written '%%'.
        cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations").replace("%", "%%"))
        return cfg

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def __repr__(self) -> str:
        return f"Database({self.url.render_as_string(hide_password=True)})"
