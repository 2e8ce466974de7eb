"""Backups and restores of the whole database, safe while the apps run.

- SQLite: SQLite's online backup API copies a consistent snapshot page by page from a
  read transaction (in WAL mode writers go on meanwhile); the copy is checked and written
  under a temporary name first, so a half-written file never carries a backup's name.
- PostgreSQL: ``pg_dump`` in its custom format (one consistent snapshot too); restored with
  ``pg_restore --clean --single-transaction``, so a failed restore changes nothing.

A restore replaces everything, so it is refused while apps are connected (their
heartbeats are fresh, or, on PostgreSQL, other sessions are open) unless forced, and the
database as it was is backed up first. A backup older than this version's schema is
upgraded after the restore.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select, text

from db import heartbeat
from db.clock import utcnow
from db.database import Database, check_sqlite_header, default_data_dir, is_damage, mask_url, sqlite_uri
from db.errors import AntrianError
from db.files import make_private, private_dir
from db.migrations import HEAD
from db.models import Heartbeat

#: A backup's file name: ``antrian-20261201T061500Z.db`` (SQLite) or ``….dump`` (pg_dump); a
#: second one in the same second gets ``-2``, a restore's safety copy ends ``-before-restore``.
NAME = re.compile(r"^antrian-(\d{8}T\d{6}Z)(?:-(\d+))?(?:-[a-z-]+)?\.(db|dump)$")


def _pg_bin_dirs() -> list[Path]:
    """The installed PostgreSQL versions' ``bin`` folders, newest first (Debian's layout, and
    Windows' ``Program Files/PostgreSQL/15/bin``)."""
    roots = [Path("/usr/lib/postgresql")]
    if sys.platform == "win32":
        roots.append(Path(os.environ.get("PROGRAMFILES", r"C:\Program Files")) / "PostgreSQL")
    found = [v / "bin" for root in roots if root.is_dir() for v in root.iterdir() if v.name.isdigit()]
    return sorted(found, key=lambda p: int(p.parent.name), reverse=True)


class BackupError(AntrianError):
    """A backup or restore that could not be made; the message says why and what to do."""


@dataclass(frozen=True)
class BackupResult:
    """One backup written: where, how big, when it began (UTC), how long it took, which old ones were removed."""

    path: Path
    size: int
    started_at: datetime
    seconds: float
    removed: tuple[Path, ...] = ()


def default_dir(db: Database) -> Path:
    """Where backups go unless told: ``backups`` beside an SQLite file, else in the user data folder."""
    path = _sqlite_path(db)
    return (path.parent if path is not None else default_data_dir()) / "backups"


def _sqlite_path(db: Database) -> Path | None:
    database = db.url.database or "" if db.dialect == "sqlite" else ""
    return Path(database) if database and database != ":memory:" else None


def _free_path(folder: Path, started: datetime, extension: str, tag: str = "") -> Path:
    """A backup name in ``folder`` that nothing has yet (never overwrite an earlier backup), and
    the newest by :func:`_age`: after ``antrian-…Z.db`` was pruned, a second backup in the same
    second must not take that name again, or the pruning that follows removes it as the oldest."""
    when = f"{started.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    stamp, suffix = f"antrian-{when}", f"{'-' + tag if tag else ''}.{extension}"
    taken = [int(m.group(2) or 1) for p in folder.iterdir()
             if (m := NAME.match(p.name.removesuffix(".partial"))) is not None and m.group(1) == when]
    n = max(taken, default=0) + 1
    while True:
        path = folder / f"{stamp}{'' if n == 1 else f'-{n}'}{suffix}"
        if not path.exists() and not path.with_name(path.name + ".partial").exists():
            return path
        n += 1


def _age(path: Path) -> tuple[str, int]:
    m = NAME.match(path.name)
    assert m is not None
    return m.group(1), int(m.group(2) or 1)


def backup(db: Database, to: Path | None = None, keep: int | None = None, *, tag: str = "") -> BackupResult:
    """Write a backup of ``db`` into folder ``to`` (default :func:`default_dir`); with ``keep``,
    then remove all but the newest ``keep`` backups there (only files named as backups)."""
    if keep is not None and keep < 1:
        raise BackupError("--keep must be at least 1 (the backup just made)")
    folder = to or default_dir(db)
    try:
        private_dir(folder)
    except OSError as e:
        raise BackupError(f"cannot create the backup folder {folder}: {e.strerror or e}") from None
    started, clock = utcnow(), time.perf_counter()
    path = _free_path(folder, started, "db" if db.dialect == "sqlite" else "dump", tag)
    partial = path.with_name(path.name + ".partial")
    try:
        if db.dialect == "sqlite":
            _sqlite_backup(db, partial)
        else:
            _pg_dump(db, partial)
        make_private(partial)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    removed = _prune(folder, keep) if keep is not None else ()
    return BackupResult(path, path.stat().st_size, started, time.perf_counter() - clock, removed)


def _sqlite_backup(db: Database, target: Path) -> None:
    source_path = _sqlite_path(db)
    if source_path is None or not source_path.is_file():
        raise BackupError(f"there is no database file to back up at {db.url.database}")
    try:
        with closing(sqlite3.connect(sqlite_uri(str(source_path)), uri=True, timeout=30)) as src, \
                closing(sqlite3.connect(target)) as dst:
            src.backup(dst)  # one step: a consistent snapshot, writers in WAL mode go on
            dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            problems = [r[0] for r in dst.execute("PRAGMA quick_check(3)")]
    except sqlite3.Error as e:
        raise BackupError(f"the backup of {source_path} failed: {e}") from None
    if problems != ["ok"]:
        raise BackupError(f"the backup copy failed its check ({'; '.join(problems)}): run 'antrian doctor'")


def _pg_env(db: Database) -> dict[str, str]:
    """libpq's environment for the database (the password never on a command line)."""
    u = db.url
    env = {**os.environ, "PGHOST": u.host or "localhost", "PGPORT": str(u.port or 5432),
           "PGDATABASE": u.database or "", "PGCONNECT_TIMEOUT": "10"}
    if u.username:
        env["PGUSER"] = u.username
    if u.password:
        env["PGPASSWORD"] = str(u.password)
    return env


def pg_tool(name: str) -> str:
    """The path of ``pg_dump`` / ``pg_restore``: ``ANTRIAN_PG_BIN``, the newest server's
    folder, then ``PATH``; :class:`BackupError` naming the package when there is none."""
    folders = [Path(os.environ["ANTRIAN_PG_BIN"])] if os.environ.get("ANTRIAN_PG_BIN") else []
    exe = name + (".exe" if sys.platform == "win32" else "")
    for folder in folders + _pg_bin_dirs():
        if (folder / exe).is_file():
            return str(folder / exe)
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} was not found: install the PostgreSQL client tools "
                          "(Debian: postgresql-client-15) or set ANTRIAN_PG_BIN to their folder")
    return found


def _run_pg(db: Database, args: list[str], what: str) -> None:
    try:
        done = subprocess.run(args, env=_pg_env(db), capture_output=True, text=True, timeout=3600,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise BackupError(f"{what} failed: {e}") from None
    if done.returncode != 0:
        lines = [line for line in (done.stderr or done.stdout).splitlines() if line.strip()]
        raise BackupError(f"{what} failed: {mask_url(lines[-1] if lines else f'exit code {done.returncode}')}")


def _pg_dump(db: Database, target: Path) -> None:
    _run_pg(db, [pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={target}"], "pg_dump")


def _prune(folder: Path, keep: int) -> tuple[Path, ...]:
    """Remove all but the newest ``keep`` backups in ``folder`` (named as backups; others untouched)."""
    backups = sorted((p for p in folder.iterdir() if p.is_file() and NAME.match(p.name)), key=_age, reverse=True)
    old = tuple(backups[keep:])
    for p in old:
        p.unlink(missing_ok=True)
    return old


# -- restore ------------------------------------------------------------------------------------


def connected(db: Database) -> list[str]:
    """What is using the database now: apps whose heartbeat is fresh (``kiosk on PC-1``), and on
    PostgreSQL every other open session."""
    found: list[str] = []
    with db.read() as s:
        now = utcnow()
        for h in s.scalars(select(Heartbeat).order_by(Heartbeat.kind, Heartbeat.pc, Heartbeat.counter_number)):
            if now - h.last_seen <= heartbeat.QUIET_AFTER:
                at = "" if h.counter_number is None else f" {h.counter_number}" if h.kind == "counter" \
                    else f" at counter {h.counter_number}"
                found.append(f"{h.kind}{at} on {h.pc}")
    if db.dialect == "postgresql":
        db.engine.dispose()  # this process's own idle connections are not "others"
        with db.engine.connect() as conn:
            others = conn.execute(text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND backend_type = 'client backend'")).scalar_one()
        db.engine.dispose()
        if others:
            found.append(f"{others} other connection{'s' if others != 1 else ''} to the server")
    return found


@dataclass(frozen=True)
class RestoreResult:
    """A restore done: from which file, the safety backup of what was there, and the schema before upgrading."""

    source: Path
    safety: BackupResult
    revision: str | None


def restore(db: Database, source: Path, *, force: bool = False, safety_dir: Path | None = None) -> RestoreResult:
    """Replace the database with the backup ``source``: refused while apps are connected
    (unless ``force``); the current database is backed up first (``-before-restore``)."""
    if not source.is_file():
        raise BackupError(f"there is no backup file {source}")
    is_sqlite_file = source.read_bytes()[:16] == b"SQLite format 3\x00"
    if is_sqlite_file != (db.dialect == "sqlite"):
        kind = "an SQLite backup" if is_sqlite_file else "not an SQLite backup (a pg_dump file?)"
        raise BackupError(f"{source} is {kind}; it cannot be restored into {db.where}")
    revision = _sqlite_revision(source) if is_sqlite_file else None
    users = connected(db)
    if users and not force:
        raise BackupError("apps are still using the database (" + ", ".join(users) + "): close them first, "
                          "or add --force")
    safety = backup(db, safety_dir, tag="before-restore")
    if db.dialect == "sqlite":
        _sqlite_restore(db, source)
    else:
        _run_pg(db, [pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
                     f"--dbname={db.url.database}", str(source)], "pg_restore")
    db.engine.dispose()
    db.ensure_schema()  # an older backup is brought up to this version's schema
    return RestoreResult(source, safety, revision)


def _sqlite_revision(source: Path) -> str | None:
    """The schema revision of an SQLite backup file, refusing a damaged, foreign or newer one."""
    check_sqlite_header(source)
    try:
        with closing(sqlite3.connect(sqlite_uri(str(source), "ro"), uri=True)) as conn:
            if [r[0] for r in conn.execute("PRAGMA quick_check(3)")] != ["ok"]:
                raise BackupError(f"{source} is damaged (quick_check failed): choose another backup")
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"alembic_version", "tickets"} <= tables:
                raise BackupError(f"{source} is not an Antrian database")
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as e:
        raise BackupError(f"{source} cannot be read as a backup: {e}"
                          + (" (the file is damaged)" if is_damage(str(e)) else "")) from None
    rev = revision[0] if revision else None
    if rev is not None and rev > HEAD:
        raise BackupError(f"{source} comes from a newer Antrian (schema {rev}, this one knows {HEAD}): update Antrian")
    return rev


def _sqlite_restore(db: Database, source: Path) -> None:
    target = _sqlite_path(db)
    assert target is not None
    db.engine.dispose()
    try:
        with closing(sqlite3.connect(sqlite_uri(str(source), "ro"), uri=True)) as src, \
                closing(sqlite3.connect(sqlite_uri(str(target)), uri=True, timeout=30)) as dst:
            src.backup(dst)  # page by page under the destination's write lock: all or nothing
    except sqlite3.Error as e:
        raise BackupError(f"the restore into {target} failed (nothing was changed): {e}") from None
