"""``antrian autostart``: the systemd user units and Task Scheduler tasks it writes, checked
by the tools that read them where they are installed; nothing is enabled in the tests."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from db import autostart
from db.autostart import AutostartError
from tests.db.test_cli import error_line, ok, run, run_here

TASK = "{http://schemas.microsoft.com/windows/2004/02/mit/task}"


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private ``XDG_CONFIG_HOME`` (and ``LOCALAPPDATA``) for this test."""
    home = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "local"))
    return home


def test_jobs_and_their_refusals() -> None:
    job = autostart.app_job("survey", 3, "postgresql://antrian:rahasia@10.0.0.2/antrian")
    assert (job.name, job.description, job.args) == ("survey-3", "Antrian survey at counter 3",
                                                     ("-m", "survey", "--counter", "3"))
    assert autostart.app_job("counter", 2).description == "Antrian counter 2"
    assert autostart.app_job("kiosk").args == ("-m", "kiosk") and not autostart.app_job("kiosk").daily
    for bad, message in ((("counter",), "needs its counter number"), (("display", 1), "takes no counter number"),
                         (("printer",), "unknown app 'printer'")):
        with pytest.raises(AutostartError, match=message):
            autostart.app_job(*bad)  # type: ignore[arg-type]
    backup = autostart.backup_job("07:05", None, 3)
    assert backup.daily and backup.at == "07:05" and backup.args == ("-m", "db", "backup", "--keep", "3")
    for at in ("7:05", "24:00", "18.30", ""):
        with pytest.raises(AutostartError, match="not a time of day"):
            autostart.backup_job(at)
    with pytest.raises(AutostartError, match="at least 1"):
        autostart.backup_job("18:30", keep=0)


def test_units_keep_the_password_out_and_restart_on_failure(config_home: Path) -> None:
    url = "postgresql://antrian:rah asia%@10.0.0.2/antrian"
    result = autostart.install(autostart.app_job("counter", 2, url), enable=False)
    unit = config_home / "systemd" / "user" / "antrian-counter-2.service"
    env = config_home / "antrian" / "autostart.env"
    assert result.files == (env, unit) and not result.enabled
    assert result.message == "written; start it with: systemctl --user enable --now antrian-counter-2.service"
    text = unit.read_text()
    assert "rah asia" not in text and f"EnvironmentFile=-{env}" in text
    assert f"ExecStart={sys.executable} -m counter --counter 2\n" in text
    assert "Restart=on-failure\n" in text and "WantedBy=graphical-session.target" in text
    assert env.read_text() == f"ANTRIAN_DB={url}\n"
    if os.name == "posix":
        assert stat.S_IMODE(env.stat().st_mode) == 0o600

    autostart.install(autostart.backup_job("18:30", str(config_home / "cadangan"), 7), enable=False)
    timer = (config_home / "systemd" / "user" / "antrian-backup.timer").read_text()
    assert "OnCalendar=*-*-* 18:30:00\nPersistent=true\n" in timer and "WantedBy=timers.target" in timer
    service = (config_home / "systemd" / "user" / "antrian-backup.service").read_text()
    assert "Type=oneshot" in service and f"-m db backup --keep 7 --to {config_home / 'cadangan'}" in service
    assert autostart.installed() == ["backup", "counter-2"]

    verify = shutil.which("systemd-analyze")
    if verify is not None:  # systemd's own reader finds nothing wrong with them
        units = sorted(str(p) for p in (config_home / "systemd" / "user").iterdir())
        checked = subprocess.run([verify, "verify", *units], capture_output=True, text=True, timeout=120)
        assert checked.returncode == 0, checked.stderr

    assert autostart.remove("backup") == [config_home / "systemd" / "user" / f"antrian-backup.{k}"
                                          for k in ("timer", "service")]
    assert autostart.installed() == ["counter-2"]
    with pytest.raises(AutostartError, match="nothing called 'backup'"):
        autostart.remove("backup")


def test_exec_start_quotes_what_needs_it() -> None:
    units = autostart.systemd_units(autostart.backup_job("18:30", "/srv/cadangan antrian/100%"), "/opt/my python/py")
    line = next(x for x in units["antrian-backup.service"].splitlines() if x.startswith("ExecStart="))
    assert line == 'ExecStart="/opt/my python/py" -m db backup --keep 14 --to "/srv/cadangan antrian/100%%"'


def test_windows_tasks(config_home: Path, tmp_path: Path) -> None:
    job = autostart.app_job("kiosk", db_url="postgresql://antrian:pw@10.0.0.2/antrian")
    xml = autostart.windows_task_xml(job, r"C:\Antrian\python.exe")
    root = ET.fromstring(xml.encode("utf-16"))
    assert root.find(f"{TASK}Triggers/{TASK}LogonTrigger") is not None
    assert root.findtext(f"{TASK}Actions/{TASK}Exec/{TASK}Command") == r"C:\Antrian\pythonw.exe"
    assert root.findtext(f"{TASK}Actions/{TASK}Exec/{TASK}Arguments") == (
        "-m kiosk --db postgresql://antrian:pw@10.0.0.2/antrian")
    assert root.findtext(f"{TASK}Settings/{TASK}RestartOnFailure/{TASK}Count") == "999"
    assert root.findtext(f"{TASK}Settings/{TASK}ExecutionTimeLimit") == "PT0S"
    daily = autostart.windows_task_xml(autostart.backup_job("18:30", r"D:\Cadangan Antrian"), r"C:\Py\python.exe",
                                       today=date(2026, 12, 1))
    root = ET.fromstring(daily.encode("utf-16"))
    trigger = root.find(f"{TASK}Triggers/{TASK}CalendarTrigger")
    assert trigger is not None and trigger.findtext(f"{TASK}StartBoundary") == "2026-12-01T18:30:00"
    assert root.findtext(f"{TASK}Actions/{TASK}Exec/{TASK}Command") == r"C:\Py\python.exe"  # a console is fine
    assert "--to" in (root.findtext(f"{TASK}Actions/{TASK}Exec/{TASK}Arguments") or "")

    written = autostart.install(job, enable=False, platform="win32")
    assert written.files == (tmp_path / "local" / "antrian" / "autostart" / "kiosk.xml",)
    assert written.message.startswith("written; register it with: schtasks /Create /TN Antrian\\kiosk /XML ")
    assert written.files[0].read_text(encoding="utf-16") == autostart.windows_task_xml(job)
    assert autostart.installed(platform="win32") == ["kiosk"]


def test_the_command_line(config_home: Path, tmp_path: Path) -> None:
    env = {"XDG_CONFIG_HOME": str(config_home)}
    out = ok(run("autostart", "install", "display", "--no-enable", "--db", "antrian.db", env=env))
    assert out.splitlines()[-1] == "written; start it with: systemctl --user enable --now antrian-display.service"
    assert (config_home / "antrian" / "autostart.env").read_text() == f"ANTRIAN_DB={Path('antrian.db').resolve()}\n"
    shown = json.loads(ok(run_here("autostart", "install", "backup", "--at", "06:00", "--no-enable", "--json", env=env)))
    assert shown["enabled"] is False and len(shown["files"]) == 2
    assert ok(run_here("autostart", "list", env=env)) == "backup\ndisplay\n"
    assert ok(run_here("autostart", "remove", "display", env=env)) == "display no longer starts by itself\n"
    assert error_line(run_here("autostart", "install", env=env)) == (
        "antrian: error: say what to install: kiosk, counter N, display, supervisor, survey N or backup")
    assert "needs its counter number" in error_line(run_here("autostart", "install", "counter", "--no-enable", env=env))
    assert "backup takes no counter number" in error_line(run_here("autostart", "install", "backup", "2", env=env))
    assert "not a time of day" in error_line(run_here("autostart", "install", "backup", "--at", "6", env=env))
    assert "nothing called 'kiosk'" in error_line(run_here("autostart", "remove", "kiosk", env=env))
