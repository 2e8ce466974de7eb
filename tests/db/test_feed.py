"""The change feed in ``db``: commits by other processes arrive, none is missed, outages are reported."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from db import queue
from db.database import Database
from db.feed import LOST, RESTORED, RESYNC, Change, ChangeFeed

ROOT = Path(__file__).resolve().parents[2]


def _collect(feed: ChangeFeed, want: int, timeout: float = 30.0) -> list[Change]:
    got: list[Change] = []
    deadline = time.monotonic() + timeout
    while len([c for c in got if c.event_id]) < want and time.monotonic() < deadline:
        got += feed.wait(0.5)
    return got


def _other_process(url: str, code: str) -> None:
    """Run queue operations in a separate Python process against the same database."""
    script = f"from db import queue\nfrom db.database import Database\ndb = Database({url!r})\n{code}\n"
    subprocess.run([sys.executable, "-c", script], check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_change_from_another_process_reaches_the_feed(db: Database) -> None:
    feed = ChangeFeed(db)
    feed.open()
    try:
        assert feed.poll() == []
        url = db.url.render_as_string(hide_password=False)
        _other_process(url, "queue.issue_ticket(db, 'A'); queue.sign_in(db, 1, 'siti', 'siti123'); queue.call_next(db, 1)")
        changes = _collect(feed, 3)
        kinds = [c.kind for c in changes if c.event_id]
        assert kinds == ["issued", "signed_in", "called"]
        called = [c for c in changes if c.kind == "called"][0]
        assert (called.label, called.service, called.counter) == ("A-001", "A", 1)
    finally:
        feed.close()


def test_the_first_connection_is_logged_as_connected_a_later_one_as_restored(db: Database, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.INFO, logger="antrian.db.feed")
    feed = ChangeFeed(db)
    try:
        assert feed.reconnect() == [Change(RESTORED, detail="connected"), Change(RESYNC)]
        assert feed.reconnect() == [Change(RESTORED, detail="restored"), Change(RESYNC)]
    finally:
        feed.close()
    said = [r.getMessage() for r in caplog.records if r.name == "antrian.db.feed"]
    assert said == ["change feed connected", "change feed restored"]


def test_three_hundred_changes_none_missed(db: Database) -> None:
    from db.models import Service

    with db.write() as s:
        s.query(Service).update({Service.daily_quota: None})
    feed = ChangeFeed(db)
    feed.open()
    try:
        for _ in range(300):
            queue.issue_ticket(db, "B")
        changes = _collect(feed, 300)
        labels = [c.label for c in changes if c.kind == "issued"]
        assert labels == [f"B-{n:03d}" for n in range(1, 301)]
        ids = [c.event_id for c in changes if c.event_id]
        assert ids == sorted(set(ids))
    finally:
        feed.close()


def test_configuration_change_without_event_is_reported(db: Database) -> None:
    from db.feed import notify_data_changed
    from db.models import Setting

    feed = ChangeFeed(db)
    feed.open()
    try:
        with db.write() as s:
            s.merge(Setting(key="ticker", value="Selamat pagi"))
        notify_data_changed(db)
        changes = _collect_kind(feed, "data")
        assert any(c.kind == "data" for c in changes)
    finally:
        feed.close()


def _collect_kind(feed: ChangeFeed, kind: str, timeout: float = 10.0) -> list[Change]:
    got: list[Change] = []
    deadline = time.monotonic() + timeout
    while not any(c.kind == kind for c in got) and time.monotonic() < deadline:
        got += feed.wait(0.2)
    return got


def test_idle_sqlite_feed_writes_nothing(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'idle.db'}")
    path = Path(db.url.database or "")
    feed = ChangeFeed(db)
    feed.open()
    try:
        files = [path, Path(str(path) + "-wal")]
        before = [(f.stat().st_mtime_ns, f.stat().st_size) if f.exists() else None for f in files]
        for _ in range(200):
            assert feed.poll() == []
            time.sleep(0.002)
        after = [(f.stat().st_mtime_ns, f.stat().st_size) if f.exists() else None for f in files]
        assert before == after
    finally:
        feed.close()
        db.dispose()


@pytest.mark.postgres
def test_idle_pg_feed_writes_nothing(pg_url: str) -> None:
    db = Database(pg_url)
    feed = ChangeFeed(db)
    feed.open()
    import psycopg

    u = db.url
    with psycopg.connect(host=u.host, port=u.port, user=u.username, password=u.password, dbname=u.database,
                         autocommit=True) as conn:
        events = lambda: conn.execute("SELECT count(*) FROM ticket_events").fetchone()[0]  # noqa: E731
        before = events()
        for _ in range(100):
            assert feed.poll() == []
            time.sleep(0.005)
        # The feed's own backend sits idle: no open transaction, no transaction id.
        row = conn.execute(
            "SELECT state, xact_start, backend_xid FROM pg_stat_activity WHERE application_name = 'antrian-feed'"
        ).fetchone()
        assert row == ("idle", None, None)
        assert events() == before
    feed.close()
    db.dispose()


@pytest.mark.postgres
def test_pg_restart_reports_lost_then_restored_and_resync(pg_cluster, pg_url: str) -> None:  # type: ignore[no-untyped-def]
    db = Database(pg_url)
    feed = ChangeFeed(db)
    feed.open()
    try:
        pg_cluster.stop()
        deadline = time.monotonic() + 20
        lost: list[Change] = []
        while not lost and time.monotonic() < deadline:
            lost = [c for c in feed.wait(0.5) if c.kind == LOST]
        assert lost, "the feed did not notice the server going away"
        assert not feed.connected
        assert feed.poll() == []  # polling while lost is harmless
        pg_cluster.start()
        back: list[Change] = []
        while not back and time.monotonic() < deadline + 20:
            try:
                back = feed.reconnect()
            except Exception:
                time.sleep(0.2)
        assert [c.kind for c in back] == [RESTORED, RESYNC]
        from db.feed import notify_data_changed

        notify_data_changed(db)
        assert any(c.kind == "data" for c in _collect_kind(feed, "data"))
    finally:
        feed.close()
        db.dispose()
