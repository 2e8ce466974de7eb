"""The change feed: every process learns within milliseconds what another one committed.

- PostgreSQL: ``LISTEN antrian`` on an autocommit connection of its own; the queue
  operations ``pg_notify`` inside their transaction, so a change is heard only once
  committed. ``fileno()`` is the socket to watch for readability.
- SQLite: ``PRAGMA data_version`` on an autocommit connection of its own, polled by the
  caller every few milliseconds. It changes whenever another connection commits; a poll
  reads no pages and writes nothing. New rows of ``ticket_events`` give the details.

``poll()`` never blocks. After a lost connection it reports ``lost``; ``reconnect()``
(blocking: call it off the UI thread) brings it back and reports ``restored`` followed
by ``resync``, after which a screen re-reads everything (notifications sent while the
feed was away are gone).
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from db.database import Database, mask_url, sqlite_uri

if TYPE_CHECKING:
    import psycopg
    from sqlalchemy.orm import Session

log = logging.getLogger("antrian.db.feed")

#: The one PostgreSQL NOTIFY channel: the queue operations notify on it, the feed listens.
CHANNEL = "antrian"

# Kinds the feed adds to the queue operations' own (issued, called, …).
LOST = "lost"
RESTORED = "restored"
RESYNC = "resync"
DATA = "data"  # something changed that wrote no event (settings, services, counters)
SURVEY = "survey"  # a satisfaction survey was closed (PostgreSQL; SQLite reports DATA)


@dataclass(frozen=True)
class Change:
    """One change heard by the feed."""

    kind: str
    event_id: int = 0
    label: str | None = None
    service: str | None = None
    counter: int | None = None
    detail: str | None = None


class ChangeFeed:
    """Watches the database for commits by any process (including this one)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.connected = False
        self._opened_before = False  # the first connection is "connected", later ones "restored"
        self._sqlite: sqlite3.Connection | None = None
        self._pg: psycopg.Connection[Any] | None = None
        self._data_version = -1
        self._last_event = 0
        self.last_error = ""

    # -- connection ---------------------------------------------------------------------------
    def open(self) -> None:
        """Connect; raises on failure (the caller reports it and retries with :meth:`reconnect`)."""
        if self.db.dialect == "sqlite":
            path = self.db.url.database or ""
            # mode=rw: a vanished file (an unmounted share) must never come back empty.
            conn = sqlite3.connect(sqlite_uri(path), uri=True, isolation_level=None,
                                   check_same_thread=False, timeout=1)
            conn.execute("PRAGMA busy_timeout = 1000")
            self._data_version = conn.execute("PRAGMA data_version").fetchone()[0]
            self._last_event = conn.execute("SELECT coalesce(max(id), 0) FROM ticket_events").fetchone()[0]
            self._sqlite = conn
        else:
            import psycopg

            url = self.db.url
            pg = psycopg.connect(
                host=url.host or "", port=url.port or 5432, user=url.username or "",
                password=url.password or "", dbname=url.database or "", autocommit=True,
                connect_timeout=3, application_name="antrian-feed",
            )
            pg.execute(f"LISTEN {CHANNEL}")
            cur = pg.execute("SELECT coalesce(max(id), 0) FROM ticket_events")
            row = cur.fetchone()
            self._last_event = int(row[0]) if row else 0
            self._pg = pg
        self.connected = self._opened_before = True

    def close(self) -> None:
        """Close the feed's own connection."""
        for conn in (self._sqlite, self._pg):
            if conn is not None:
                with contextlib.suppress(Exception):  # closing a dead connection may fail; nothing to do
                    conn.close()
        self._sqlite = self._pg = None
        self.connected = False

    def fileno(self) -> int | None:
        """The PostgreSQL socket to watch (``None`` for SQLite, which is polled)."""
        if self._pg is None:
            return None
        return int(self._pg.pgconn.socket)

    def reconnect(self) -> list[Change]:
        """Try once to connect again (blocking); on success report restored + resync.

        The restored change's ``detail`` is ``"connected"`` for the feed's first connection and
        ``"restored"`` for any later one (nothing was lost the first time)."""
        how = "restored" if self._opened_before else "connected"
        self.close()
        self.db.ensure_schema()  # a fresh or just-restored database may still lack it
        self.open()
        log.info("change feed %s", how)
        return [Change(RESTORED, detail=how), Change(RESYNC)]

    def _lost(self, error: BaseException) -> list[Change]:
        was = self.connected
        self.last_error = mask_url(str(error).strip().splitlines()[0]) if str(error).strip() else type(error).__name__
        self.close()
        if was:
            log.warning("change feed lost: %s", self.last_error)
            return [Change(LOST, detail=self.last_error)]
        return []

    # -- polling ------------------------------------------------------------------------------
    def poll(self) -> list[Change]:
        """Changes committed since the last poll; never blocks."""
        if not self.connected:
            return []
        try:
            if self._sqlite is not None:
                return self._poll_sqlite()
            return self._poll_pg()
        except Exception as e:  # any driver error means the connection is gone
            return self._lost(e)

    def _poll_sqlite(self) -> list[Change]:
        assert self._sqlite is not None
        version = self._sqlite.execute("PRAGMA data_version").fetchone()[0]
        if version == self._data_version:
            return []
        self._data_version = version
        rows = self._sqlite.execute(
            "SELECT e.id, e.kind, e.label, s.code, c.number, e.detail FROM ticket_events e "
            "LEFT JOIN services s ON s.id = e.service_id LEFT JOIN counters c ON c.id = e.counter_id "
            "WHERE e.id > ? ORDER BY e.id",
            (self._last_event,),
        ).fetchall()
        if not rows:
            return [Change(DATA)]
        self._last_event = rows[-1][0]
        return [Change(kind, i, label, code, number, detail) for i, kind, label, code, number, detail in rows]

    def _poll_pg(self) -> list[Change]:
        assert self._pg is not None
        pgconn = self._pg.pgconn
        pgconn.consume_input()
        if pgconn.status != 0:  # CONNECTION_OK
            raise ConnectionError("connection to the database server was lost")
        changes = []
        while (n := pgconn.notifies()) is not None:
            try:
                data = json.loads(n.extra.decode())
            except ValueError:
                changes.append(Change(DATA))
                continue
            self._last_event = max(self._last_event, int(data.get("id") or 0))
            changes.append(
                Change(data.get("kind", DATA), int(data.get("id") or 0), data.get("label"),
                       data.get("service"), data.get("counter"))
            )
        if not changes and pgconn.socket < 0:
            raise ConnectionError("connection to the database server was lost")
        return changes

    def wait(self, timeout: float) -> list[Change]:
        """Block up to ``timeout`` seconds for changes (for scripts and benchmarks, not UIs)."""
        import select

        deadline = time.monotonic() + timeout
        while True:
            changes = self.poll()
            remaining = deadline - time.monotonic()
            if changes or remaining <= 0 or not self.connected:
                return changes
            fd = self.fileno()
            if fd is not None:
                select.select([fd], [], [], remaining)
            else:
                time.sleep(min(0.005, remaining))


def notify_data_changed(db: Database) -> None:
    """Tell listeners that configuration changed (PostgreSQL; SQLite sees it by itself)."""
    if db.dialect != "postgresql":
        return
    with db.write() as s:
        announce_data_changed(s)


def announce_data_changed(s: Session) -> None:
    """Inside the caller's write transaction: listeners on other PCs re-read services and
    settings once it commits (PostgreSQL; SQLite's feed sees the file change by itself)."""
    if s.get_bind().dialect.name == "postgresql":
        from sqlalchemy import text

        s.execute(text("SELECT pg_notify(:c, :p)"), {"c": CHANNEL, "p": json.dumps({"kind": DATA})})
