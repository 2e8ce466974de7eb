"""Today's notice end to end: a supervisor sets it from another process, and the real kiosk
(its banner) and the real display (first in its ticker) show it, then take it down when it is
cleared. SQLite and PostgreSQL; the apps run as processes on a virtual screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import roles, supervise
from db.database import Database
from tests.e2e.appprocess import AppProcess, Xvfb

pytestmark = pytest.mark.slow

NOTICE = "Layanan E-Sertifikasi tutup hari ini."


def test_kiosk_and_display_show_the_notice_set_at_the_console(xvfb: Xvfb, apps: list[AppProcess],
                                                                 site_db_url: str, tmp_path: Path) -> None:
    data = tmp_path / "data"
    started = {}
    for app, extra in (("display", ["--size", "1280x720"]), ("kiosk", ["--printer", "none", "--size", "1024x768"])):
        proc = AppProcess(app, ["--db", site_db_url, "--windowed", "--data-dir", str(data), *extra], env=xvfb.env())
        apps.append(proc)
        started[app] = proc
    display, kiosk = started["display"], started["kiosk"]
    for proc in (display, kiosk):
        proc.wait_for(event="ready", timeout=90)
    console = Database(site_db_url)
    try:
        actor = roles.sign_in(console, "supervisor", "supervisor123")
        supervise.set_notice(console, actor, NOTICE, "E-Certification is closed today.")
        assert kiosk.wait_for(event="notice_shown", text=NOTICE, timeout=60)
        display.wait_for(event="ticker_text", match=lambda r: str(r["text"]).startswith(f"{NOTICE} • "), timeout=60)
        supervise.set_notice(console, actor, "")
        kiosk.wait_for(event="notice_shown", text="", timeout=60)
        display.wait_for(event="ticker_text", match=lambda r: not str(r["text"]).startswith(NOTICE), timeout=60)
    finally:
        console.dispose()
