"""The console as its own process: ``python -m supervisor`` and ``antrian supervisor``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.appcli import PROCESS_ON_SQLITE, run_app


def run_console(cmd: list[str], tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], list[dict[str, object]]]:
    return run_app(cmd, tmp_path, CONSOLE_PW="supervisor123")


@PROCESS_ON_SQLITE
@pytest.mark.parametrize(("entry", "page"), [("python -m supervisor", "floor"), ("antrian supervisor", "audit")])
def test_screenshot_after_an_unattended_sign_in(site_db_url: str, tmp_path: Path, entry: str, page: str) -> None:
    shot = tmp_path / "console.png"
    args = ["--user", "supervisor", "--password-env", "CONSOLE_PW", "--screenshot", str(shot), "--json-logging",
            "--size", "1366x768", "--page", page]
    if entry == "python -m supervisor":
        cmd = [sys.executable, "-m", "supervisor", "--db", site_db_url, *args]
    else:
        cmd = [sys.executable, "-m", "db", "--db", site_db_url, "supervisor", *args]
    done, lines = run_console(cmd, tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    events = [line.get("event") for line in lines]
    assert events.index("signed_in") < events.index("ready") < events.index("screenshot") < events.index("signed_out")
    if page == "floor":
        assert events.index("floor_shown") < events.index("ready")
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1366, 768)


@PROCESS_ON_SQLITE
def test_missing_password_variable_is_explained(site_db_url: str, tmp_path: Path) -> None:
    shot = tmp_path / "signin.png"
    cmd = [sys.executable, "-m", "supervisor", "--db", site_db_url, "--user", "supervisor",
           "--password-env", "NOT_SET_ANYWHERE", "--screenshot", str(shot), "--json-logging"]
    done, lines = run_console(cmd, tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert any("NOT_SET_ANYWHERE" in str(line.get("msg")) for line in lines)
    assert not any(line.get("event") == "signed_in" for line in lines)
    assert shot.exists()
