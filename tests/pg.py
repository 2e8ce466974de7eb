"""A throwaway PostgreSQL 15 cluster for the tests.

``PgCluster.create()`` runs ``initdb`` into a fresh temporary folder and starts the
server on a free TCP port of 127.0.0.1 (plus a Unix socket in the same folder), with
``fsync=on`` like a real site. ``create(in_memory=True)`` (the tests' clusters) puts the
folder in memory (``/dev/shm``) when there is room: there ``CREATE DATABASE`` took 25-35
ms, on this machine's disk 100-400 ms, nearly all of it the kernel writing the template's
files, and every PostgreSQL test makes one. A superuser with a password is created, so
the apps connect exactly as at a site: ``postgresql+psycopg://user:password@127.0.0.1:port/db``.

PostgreSQL refuses to run as root: when the tests run as root, every server command runs
as the ``postgres`` system user through ``runuser`` and the folder is handed to that user.

The same cluster can be stopped and started again (``stop()``, ``start()``,
``restart()``) on the same port and data, so tests can take the server away under a
running app and bring it back.
"""

from __future__ import annotations

import atexit
import itertools
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.inmemory import MEMORY_DIR, room_in_memory

PG_BIN = Path(os.environ.get("ANTRIAN_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"))
_names = itertools.count(1)
# Watchdogs removing a destroyed cluster's files after the tests (see PgCluster.destroy).
_removing: list[subprocess.Popen[bytes]] = []
# The room a cluster in memory needs: its databases are dropped after each test (cheap in
# memory), so a cluster stays within a few hundred MB.
MEMORY_NEEDED = 1024**3

# Runs beside the test process and removes the cluster when that process ends in any way,
# even killed (SIGKILL, a CI time-out): its stdin is a pipe from the test process, which
# reaches end-of-file only once every copy of the write end is closed.
_WATCHDOG = r"""
import os, shutil, subprocess, sys
base, pg_ctl, as_postgres = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
sys.stdin.read()
data = os.path.join(base, "data")
if os.path.exists(os.path.join(data, "postmaster.pid")):
    cmd = [pg_ctl, "-D", data, "-m", "immediate", "-w", "stop"]
    if as_postgres:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    subprocess.run(cmd, cwd="/", stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
shutil.rmtree(base, ignore_errors=True)
"""


def pg_available() -> bool:
    """Whether the PostgreSQL 15 server binaries are installed."""
    return (PG_BIN / "initdb").exists() and (PG_BIN / "pg_ctl").exists()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgError(RuntimeError):
    """A server command failed; the message carries its output and the server log tail."""


class PgCluster:
    """One throwaway cluster: ``create()`` it, ``destroy()`` it when done."""

    user = "antrian"
    host = "127.0.0.1"

    def __init__(self, base: Path, port: int, password: str, in_memory: bool = False) -> None:
        self.base = base
        self.in_memory = in_memory  # the files are in memory: dropping a database is cheap
        self.datadir = base / "data"
        self.sockdir = base / "sock"
        self.logfile = base / "server.log"
        self.port = port
        self.password = password
        self._as_postgres = os.geteuid() == 0
        self._watchdog: subprocess.Popen[bytes] | None = None

    # -- life cycle ------------------------------------------------------------------------
    @classmethod
    def create(cls, attempts: int = 5, in_memory: bool = False) -> PgCluster:
        """initdb a new cluster and start it on a free port (retrying if the port is taken).

        ``in_memory``: in ``tests.inmemory.MEMORY_DIR`` if it has ``MEMORY_NEEDED`` free,
        else in the temp folder like any other. Benchmarks leave it off: their figures are
        a site's, on a disk.
        """
        if not pg_available():
            raise PgError(f"PostgreSQL server binaries not found in {PG_BIN}")
        in_memory = in_memory and room_in_memory(MEMORY_NEEDED)
        base = Path(tempfile.mkdtemp(prefix="antrian-pg-", dir=MEMORY_DIR if in_memory else None))
        cluster = cls(base, free_port(), secrets.token_hex(12), in_memory)
        cluster._watchdog = subprocess.Popen(
            [sys.executable, "-c", _WATCHDOG, str(base), str(PG_BIN / "pg_ctl"), "1" if cluster._as_postgres else "0"],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,  # a Ctrl-C to the test run must not kill it before it cleans up
        )
        try:
            cluster._initdb()
            for attempt in range(attempts):
                try:
                    cluster.start()
                    break
                except PgError:
                    # Another process may have taken the port between picking and binding.
                    if attempt == attempts - 1:
                        raise
                    cluster.port = free_port()
        except BaseException:
            cluster.destroy()
            raise
        atexit.register(cluster.destroy)
        return cluster

    def _initdb(self) -> None:
        self.sockdir.mkdir(parents=True)
        pwfile = self.base / "pwfile"
        pwfile.write_text(self.password + "\n")
        if self._as_postgres:
            pw = pwd.getpwnam("postgres")
            for path in (self.base, self.sockdir, pwfile):
                os.chown(path, pw.pw_uid, pw.pw_gid)
        self._run(
            str(PG_BIN / "initdb"), "-D", str(self.datadir), "-U", self.user, f"--pwfile={pwfile}",
            "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--no-locale",
            "--no-sync",  # the throwaway cluster's files; the server itself runs with fsync=on
        )
        pwfile.unlink()

    def start(self) -> None:
        """Start the server (again) on the same port and data; wait until it accepts connections."""
        options = (
            f"-p {self.port} -k {self.sockdir} -c listen_addresses={self.host} -c fsync=on "
            "-c max_connections=200 -c shared_buffers=32MB"
        )
        if self.in_memory:
            # Each CREATE DATABASE writes its template's 8 MB to the WAL: checkpoint (and
            # recycle the WAL) every ~20 of them rather than every ~120 (the 1 GB default).
            options += " -c max_wal_size=160MB -c min_wal_size=32MB"
        self._run(
            str(PG_BIN / "pg_ctl"), "-D", str(self.datadir), "-l", str(self.logfile), "-w", "-t", "60",
            "-o", options, "start",
        )

    def stop(self, mode: str = "fast") -> None:
        """Stop the server: ``fast`` (disconnect clients, clean shut-down), ``immediate``, ``smart``."""
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.datadir), "-w", "-t", "60", "-m", mode, "stop")

    def restart(self, mode: str = "fast") -> None:
        """Stop and start the same cluster."""
        self.stop(mode)
        self.start()

    def is_running(self) -> bool:
        """Whether the server process is up (``pg_ctl status``)."""
        result = self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.datadir), "status", check=False)
        return result.returncode == 0

    def ensure_running(self) -> None:
        """Start the server if a test left it stopped."""
        if not self._postmaster_alive() and not self.is_running():
            self.start()

    def _postmaster_alive(self) -> bool:
        """Whether the process named in ``postmaster.pid`` exists: asked before every test's
        database, where ``pg_ctl status`` (through ``runuser``) cost 15 ms a time."""
        try:
            pid = int((self.datadir / "postmaster.pid").read_text().split("\n", 1)[0])
            os.kill(pid, 0)
        except (OSError, ValueError):
            return False
        return True

    def destroy(self) -> None:
        """Stop the server (if running) and remove every file of the cluster.

        The files go in the background: the watchdog removes them once its pipe is closed
        here. A session's cluster holds hundreds of test databases (some 200,000 files);
        removing them took the last test of each worker 40-50 s.
        """
        if self.base.exists() and (self.datadir / "postmaster.pid").exists():
            self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.datadir), "-w", "-m", "immediate", "stop", check=False)
        if self._watchdog is not None:
            watchdog, self._watchdog = self._watchdog, None
            watchdog.stdin.close()  # type: ignore[union-attr]  # the watchdog removes the folder now
            _removing.append(watchdog)  # still running: kept, not collected with a warning
        else:
            shutil.rmtree(self.base, ignore_errors=True)

    # -- databases -------------------------------------------------------------------------
    def url(self, dbname: str = "postgres") -> str:
        """SQLAlchemy URL of a database on this cluster, over TCP with the password."""
        return f"postgresql+psycopg://{self.user}:{self.password}@{self.host}:{self.port}/{dbname}"

    def connect(self, dbname: str = "postgres"):  # type: ignore[no-untyped-def]
        """An autocommit psycopg connection as the superuser, over TCP."""
        import psycopg

        return psycopg.connect(
            host=self.host, port=self.port, user=self.user, password=self.password, dbname=dbname,
            autocommit=True, connect_timeout=10,
        )

    def execute(self, sql: str, dbname: str = "postgres") -> None:
        """Run one statement in autocommit (``CREATE DATABASE`` and friends)."""
        with self.connect(dbname) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def create_database(self, name: str | None = None, template: str | None = None) -> str:
        """Create a database (empty, or a copy of ``template``) and return its name."""
        name = name or f"t{os.getpid()}_{next(_names)}"
        sql = f'CREATE DATABASE "{name}"'
        if template:
            sql += f' TEMPLATE "{template}"'
        self.execute(sql)
        return name

    def drop_database(self, name: str) -> None:
        """Drop a database, disconnecting whoever still uses it."""
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def log_tail(self, lines: int = 30) -> str:
        """The end of the server log (for error messages)."""
        try:
            return "\n".join(self.logfile.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    # -- running server commands -----------------------------------------------------------
    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        cmd = list(args)
        if self._as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env["LC_ALL"] = "C"
        result = subprocess.run(
            cmd, cwd=self.base, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True
        )
        if check and result.returncode != 0:
            raise PgError(
                f"{' '.join(args[:1])} {' '.join(args[-1:])} failed ({result.returncode}):\n"
                f"{result.stdout}{result.stderr}\n--- server log ---\n{self.log_tail()}"
            )
        return result

    def __repr__(self) -> str:
        return f"PgCluster(port={self.port}, data={self.datadir})"
