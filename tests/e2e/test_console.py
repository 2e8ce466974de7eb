"""The supervisor console end to end: real console and counter processes on a virtual screen.

A visitor takes a ticket (another process), the officer presses F1 in the real counter
app, and the real console's floor paints the call (its ``floor_updated`` log line names
the number at each counter). Both apps report heartbeats; closing the console ends its
session (audit log) and removes its heartbeat. SQLite and PostgreSQL (over TCP).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from db import audit, heartbeat, queue
from db.database import Database
from tests.e2e.appprocess import AppProcess, Xvfb

PASSWORD_ENV = "ANTRIAN_E2E_PASSWORD"

pytestmark = pytest.mark.slow


def _beats(db: Database) -> list[tuple[str, int | None]]:
    with db.read() as s:
        return sorted(((b.kind, b.counter) for b in heartbeat.read(s)), key=str)


def test_the_console_shows_a_call_made_at_a_real_counter(xvfb: Xvfb, apps: list[AppProcess],
                                                         site_db_url: str, tmp_path: Path) -> None:
    data = tmp_path / "data"
    db = Database(site_db_url)
    console = AppProcess("supervisor", ["--db", site_db_url, "--data-dir", str(data), "--size", "1366x768",
                                        "--user", "supervisor", "--password-env", PASSWORD_ENV],
                         env={**xvfb.env(), PASSWORD_ENV: "supervisor123"})
    apps.append(console)
    counter = AppProcess("counter", ["--db", site_db_url, "--windowed", "--data-dir", str(data), "--counter", "1",
                                     "--user", "siti", "--password-env", PASSWORD_ENV],
                         env={**xvfb.env(), PASSWORD_ENV: "siti123"})
    apps.append(counter)
    for app in (console, counter):
        app.wait_for(event="ready", timeout=90)
    assert console.events("signed_in")[-1]["role"] == "supervisor"

    label = queue.issue_ticket(db, "A").ticket.label  # the kiosk
    console.wait_for(event="floor_updated", match=lambda r: r.get("waiting") == 1, timeout=30)
    xvfb.key(xvfb.window_of(counter.pid()), "F1")
    counter.wait_for(event="called", label=label)
    shown = console.wait_for(event="floor_updated", match=lambda r: (r.get("tickets") or {}).get("1") == label,
                             timeout=30)
    assert shown["waiting"] == 0
    assert ("supervisor", None) in _beats(db) and ("counter", 1) in _beats(db)

    assert console.stop() == 0
    assert ("supervisor", None) not in _beats(db)  # stopped on purpose: not reported quiet
    actions = [(e.username, e.action) for e in audit.entries(db, username="supervisor")]
    assert actions[:2] == [("supervisor", "signed_out"), ("supervisor", "signed_in")]
    db.dispose()
