"""The Qt bridge of the change feed: signals on the UI thread, outages and recovery."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from db import queue
from db.database import Database
from ui.live import LiveFeed

ROOT = Path(__file__).resolve().parents[2]


def _started(qtbot, db: Database) -> LiveFeed:  # type: ignore[no-untyped-def]
    live = LiveFeed(db)
    with qtbot.waitSignal(live.resync, timeout=20_000):
        live.start()
    assert live.online
    return live


def test_change_from_another_process_arrives_as_a_signal(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    live = _started(qtbot, db)
    seen: list[str] = []
    live.changed.connect(lambda changes: seen.extend(f"{c.kind}:{c.label}" for c in changes))
    url = db.url.render_as_string(hide_password=False)
    script = f"from db import queue\nfrom db.database import Database\nqueue.issue_ticket(Database({url!r}), 'C')\n"
    subprocess.run([sys.executable, "-c", script], check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    qtbot.waitUntil(lambda: "issued:C-001" in seen, timeout=10_000)
    live.stop()


def test_burst_of_changes_none_missed(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    live = _started(qtbot, db)
    labels: list[str] = []
    live.changed.connect(lambda changes: labels.extend(c.label for c in changes if c.kind == "issued"))
    for _ in range(40):
        queue.issue_ticket(db, "E")
    qtbot.waitUntil(lambda: len(labels) == 40, timeout=10_000)
    assert labels == [f"E-{n:03d}" for n in range(1, 41)]
    live.stop()


def test_unreachable_database_reports_lost_and_keeps_retrying(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # A directory where the database file should be: SQLite cannot open it (even as root).
    path = tmp_path / "antrian.db"
    path.mkdir()
    db = Database(f"sqlite:///{path}", migrate=False)
    live = LiveFeed(db)
    with qtbot.waitSignal(live.connection_lost, timeout=10_000):
        live.start()
    assert not live.online
    path.rmdir()  # the folder goes; the feed creates the database on its next attempt
    with qtbot.waitSignals([live.connection_restored, live.resync], timeout=20_000, order="strict"):
        pass
    assert live.online
    live.stop()


@pytest.mark.postgres
def test_pg_server_restart_lost_restored_resync(qtbot, caplog, pg_cluster, pg_url: str) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.INFO, logger="antrian.ui.live")
    db = Database(pg_url)
    live = _started(qtbot, db)
    with qtbot.waitSignal(live.connection_lost, timeout=20_000):
        pg_cluster.stop()
    assert not live.online
    with qtbot.waitSignals([live.connection_restored, live.resync], timeout=30_000, order="strict"):
        pg_cluster.start()
    said = [r.getMessage() for r in caplog.records if r.name == "antrian.ui.live" and r.levelno == logging.INFO]
    assert said == ["database connected", "database connection restored"]  # the first time is no restoring
    seen: list[str] = []
    live.changed.connect(lambda changes: seen.extend(c.kind for c in changes))
    from db.feed import notify_data_changed

    notify_data_changed(db)
    qtbot.waitUntil(lambda: "data" in seen, timeout=10_000)
    live.stop()
    db.dispose()


def test_a_change_seen_keeps_the_sqlite_burst_going(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    """A commit right behind another may get no file event of its own (inotify merges it into
    the first one's when that was not read yet): seeing the first change must not end the
    fast polling, or the second waits for the slow safety poll."""
    if db.dialect != "sqlite":
        pytest.skip("the file watcher is SQLite's")
    from ui.live import BURST_POLL_MS

    live = _started(qtbot, db)
    assert live._watcher is not None
    live._watcher.fileChanged.disconnect(live._on_file_changed)  # the events are delivered by hand below
    labels: list[str] = []
    live.changed.connect(lambda changes: labels.extend(c.label for c in changes if c.kind == "issued"))
    queue.issue_ticket(db, "A")
    live._on_file_changed(f"{db.url.database}-wal")  # the first commit's event, read late
    assert labels == ["A-001"]
    assert live._timer.interval() == BURST_POLL_MS  # still polling fast after the change was seen
    queue.issue_ticket(db, "A")  # no event of its own
    qtbot.waitUntil(lambda: labels == ["A-001", "A-002"], timeout=10_000)
    live.stop()
