"""One office, end to end: real display, kiosk and counter processes on a virtual screen.

A visitor touches the kiosk (xdotool click), an officer presses F1 (xdotool key), and
the logs of the three processes must show the ticket issued, rendered to PDF, called,
shown on the board and announced. Runs on SQLite and on the PostgreSQL test cluster
(over TCP, as PCs of one office network would connect). Then the faults: a counter
killed while serving, the PostgreSQL server restarted under running apps, an SQLite file
locked by another program for longer than the busy timeout.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from db import queue
from db.database import Database
from tests.e2e.appprocess import AppProcess, Xvfb
from tests.sitedb import prepare_site

PASSWORD_ENV = "ANTRIAN_E2E_PASSWORD"

pytestmark = pytest.mark.slow


def _start(apps: list[AppProcess], app: str, url: str, data: Path, xvfb: Xvfb, *extra: str,
           env: dict[str, str] | None = None) -> AppProcess:
    proc = AppProcess(app, ["--db", url, "--windowed", "--data-dir", str(data), *extra],
                      env={**xvfb.env(), PASSWORD_ENV: "siti123", **(env or {})})
    apps.append(proc)
    return proc


def _counter(apps: list[AppProcess], url: str, data: Path, xvfb: Xvfb, env: dict[str, str] | None = None) -> AppProcess:
    return _start(apps, "counter", url, data, xvfb, "--counter", "1", "--user", "siti",
                  "--password-env", PASSWORD_ENV, env=env)


def _touch_service(xvfb: Xvfb, kiosk: AppProcess, code: str) -> None:
    # The kiosk logs where its tiles are once; a second touch reuses that record.
    ready = kiosk.events("kiosk_ready") or [kiosk.wait_for(event="kiosk_ready", timeout=60)]
    x, y, w, h = ready[-1]["tiles"][code]
    xvfb.click(xvfb.window_of(kiosk.pid()), x + w // 2, y + h // 2)


def _press(xvfb: Xvfb, app: AppProcess, key: str) -> None:
    xvfb.key(xvfb.window_of(app.pid()), key)


def test_ticket_issued_printed_called_shown_and_announced(xvfb: Xvfb, apps: list[AppProcess],
                                                          site_db_url: str, tmp_path: Path) -> None:
    data = tmp_path / "data"
    display = _start(apps, "display", site_db_url, data, xvfb, "--size", "1280x720")
    counter = _counter(apps, site_db_url, data, xvfb)
    kiosk = _start(apps, "kiosk", site_db_url, data, xvfb, "--printer", "none", "--size", "1024x768")
    for app in (display, counter, kiosk):
        app.wait_for(event="ready", timeout=90)

    _touch_service(xvfb, kiosk, "A")
    issued = kiosk.wait_for(event="ticket_issued")
    label = issued["label"]
    assert label == "A-001" and issued["service"] == "A"
    pdf = Path(kiosk.wait_for(event="ticket_pdf", label=label)["path"])
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert label in text and "Desk CAPA" in text

    _press(xvfb, counter, "F1")
    called = counter.wait_for(event="called", label=label)
    assert called["counter"] == 1
    display.wait_for(event="board_updated", label=label, counter=1)
    queued = display.wait_for(event="announcement_queued", label=label)
    assert "A nol nol satu" in queued["text"] and "loket satu" in queued["text"].lower()
    display.wait_for(match=lambda r: r["msg"].startswith("announce started") and "nol nol satu" in r["msg"])

    snap = queue.queue_snapshot(Database(site_db_url))
    assert snap.counters[0].current is not None and snap.counters[0].current.label == label
    assert [r.label for r in snap.recent_calls] == [label]


def test_counter_killed_while_serving_gets_its_visitor_back(xvfb: Xvfb, apps: list[AppProcess],
                                                            site_db_url: str, tmp_path: Path) -> None:
    db = Database(site_db_url)
    issued = queue.issue_ticket(db, "B")
    data = tmp_path / "data"
    counter = _counter(apps, site_db_url, data, xvfb)
    counter.wait_for(event="ready", timeout=90)
    _press(xvfb, counter, "F1")
    counter.wait_for(event="called", label=issued.ticket.label)
    _press(xvfb, counter, "F3")
    counter.wait_for(event="started", label=issued.ticket.label)
    counter.kill()

    current = queue.queue_snapshot(db).counters[0].current
    assert current is not None and (current.label, current.status) == (issued.ticket.label, "serving")

    again = _counter(apps, site_db_url, data, xvfb)
    again.wait_for(event="ready", timeout=90)
    _press(xvfb, again, "F4")
    finished = again.wait_for(event="finished", label=issued.ticket.label)
    assert finished["counter"] == 1
    after = queue.ticket(db, issued.ticket.id)
    assert after.status == "done" and after.recall_count == 0
    db.dispose()


@pytest.mark.postgres
def test_postgres_restart_under_running_apps(xvfb: Xvfb, apps: list[AppProcess], pg_cluster,  # type: ignore[no-untyped-def]
                                             pg_url: str, tmp_path: Path) -> None:
    url = pg_url
    prepare_site(url)
    data = tmp_path / "data"
    display = _start(apps, "display", url, data, xvfb, "--size", "1280x720", "--mute")
    counter = _counter(apps, url, data, xvfb)
    kiosk = _start(apps, "kiosk", url, data, xvfb, "--printer", "none", "--size", "1024x768")
    for app in (display, counter, kiosk):
        app.wait_for(event="ready", timeout=90)

    pg_cluster.stop()
    for app in (display, counter, kiosk):
        app.wait_for(event="connection_lost", timeout=60)
    pg_cluster.start()
    for app in (display, counter, kiosk):
        app.wait_for(event="connection_restored", timeout=60)
        assert app.proc.poll() is None

    # Everything works again, with nothing lost or duplicated. The tiles come back once
    # the kiosk has re-read the queue; like a visitor, touch again until one answers.
    for _ in range(15):
        _touch_service(xvfb, kiosk, "A")
        try:
            label = kiosk.wait_for(event="ticket_issued", timeout=3)["label"]
            break
        except AssertionError:
            continue
    else:
        raise AssertionError("the kiosk never issued a ticket after the server came back")
    _press(xvfb, counter, "F1")
    counter.wait_for(event="called", label=label)
    display.wait_for(event="board_updated", label=label)
    db = Database(url)
    with db.read() as s:
        from sqlalchemy import text

        issued = s.execute(text("SELECT count(*) FROM ticket_events WHERE kind = 'issued'")).scalar()
        called = s.execute(text("SELECT count(*) FROM ticket_events WHERE kind = 'called'")).scalar()
    assert (issued, called) == (1, 1)
    db.dispose()


def _hold_lock(path: str, seconds: float, locked: threading.Event) -> None:
    """Another program holding the SQLite write lock (a backup tool, a viewer)."""
    code = (
        "import sqlite3, sys, time\n"
        f"c = sqlite3.connect({path!r}, isolation_level=None)\n"
        "c.execute('BEGIN EXCLUSIVE')\n"
        "print('locked', flush=True)\n"
        f"time.sleep({seconds})\n"
        "c.execute('ROLLBACK')\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    locked.set()
    proc.wait(60)


def test_sqlite_locked_longer_than_busy_timeout(xvfb: Xvfb, apps: list[AppProcess], tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'office.db'}"
    prepare_site(url)
    db = Database(url)
    issued = queue.issue_ticket(db, "A")
    counter = _counter(apps, url, tmp_path / "data", xvfb, env={"ANTRIAN_SQLITE_BUSY_TIMEOUT_MS": "1500"})
    counter.wait_for(event="ready", timeout=90)

    locked = threading.Event()
    holder = threading.Thread(target=_hold_lock, args=(db.url.database, 6, locked))
    holder.start()
    assert locked.wait(30)
    _press(xvfb, counter, "F1")
    failed = counter.wait_for(event="action_failed", timeout=30)
    assert "locked" in str(failed.get("error", failed["msg"])).lower()
    holder.join(60)

    _press(xvfb, counter, "F1")
    counter.wait_for(event="called", label=issued.ticket.label)
    assert counter.proc.poll() is None
    con = sqlite3.connect(str(db.url.database))
    calls = con.execute("SELECT count(*) FROM ticket_events WHERE kind = 'called'").fetchone()[0]
    con.close()
    assert calls == 1
    db.dispose()

