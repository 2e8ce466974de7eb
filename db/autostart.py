"""Start the apps by themselves every morning, restart them when they die, and back the
database up every day: what ``antrian autostart`` writes for the platform.

- Linux: systemd **user** units in ``~/.config/systemd/user`` (``antrian-kiosk.service``,
  ``antrian-counter-2.service``, …) started with the graphical session and restarted on
  failure; the daily backup is ``antrian-backup.service`` run by ``antrian-backup.timer``.
  The database URL, when given, goes into ``~/.config/antrian/autostart.env`` (0600), never
  into a unit file.
- Windows: a Task Scheduler task per job (``Antrian\\kiosk``…) registered from its XML with
  ``schtasks``: at log-on, restarted on failure (every minute, up to 999 times); the backup
  at a daily time. The database comes from the user's ``ANTRIAN_DB`` (``setx``) or ``--db``.

The apps exit non-zero on a fatal error (``ui.app``), which is what "on failure" watches.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from db.errors import AntrianError
from db.files import make_private, private_dir

#: The apps that can start by themselves; those marked need a counter number.
APPS = {"kiosk": False, "counter": True, "display": False, "supervisor": False, "survey": True}
PREFIX = "antrian-"
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class AutostartError(AntrianError):
    """An autostart entry that cannot be written, registered or removed; the message says why."""


@dataclass(frozen=True)
class Job:
    """One thing to start: an app at log-on, or the backup at a daily time (``at``, HH:MM)."""

    name: str  # kiosk, counter-2, backup
    description: str
    args: tuple[str, ...]  # after the Python interpreter
    at: str | None = None
    db_url: str | None = None  # None: the user's ANTRIAN_DB (or the default database)

    @property
    def daily(self) -> bool:
        """Whether it runs once a day (the backup) rather than for the whole session."""
        return self.at is not None


def app_job(app: str, counter: int | None = None, db_url: str | None = None) -> Job:
    """The job that starts ``app`` (at ``counter`` for the counter and survey apps)."""
    if app not in APPS:
        raise AutostartError(f"unknown app '{app}' (one of: {', '.join(APPS)}, backup)")
    if APPS[app] != (counter is not None):
        raise AutostartError(f"{app} needs its counter number: antrian autostart install {app} N"
                             if APPS[app] else f"{app} takes no counter number")
    args: tuple[str, ...] = ("-m", app)
    if counter is not None:
        args += ("--counter", str(counter))
    name = app if counter is None else f"{app}-{counter}"
    where = "" if counter is None else f" {counter}" if app == "counter" else f" at counter {counter}"
    return Job(name, f"Antrian {app}{where}", args, db_url=db_url)


def backup_job(at: str = "18:30", to: str | None = None, keep: int = 14, db_url: str | None = None) -> Job:
    """The daily backup at ``at`` (HH:MM), into ``to`` (default beside the database), keeping ``keep``."""
    if not _HHMM.match(at):
        raise AutostartError(f"'{at}' is not a time of day: write it as HH:MM, e.g. 18:30")
    if keep < 1:
        raise AutostartError("--keep must be at least 1")
    args: tuple[str, ...] = ("-m", "db", "backup", "--keep", str(keep))
    if to:
        args += ("--to", str(Path(to).expanduser().resolve()))
    return Job("backup", f"Antrian daily backup at {at}", args, at, db_url)


# -- Linux: systemd user units ------------------------------------------------------------------


def config_home() -> Path:
    """``$XDG_CONFIG_HOME`` or ``~/.config``."""
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")


def unit_dir() -> Path:
    """Where systemd looks for the user's units."""
    return config_home() / "systemd" / "user"


def env_file() -> Path:
    """The private file holding ``ANTRIAN_DB`` for the units."""
    return config_home() / "antrian" / "autostart.env"


def _quote(arg: str) -> str:
    """One argument of ``ExecStart=`` (systemd's quoting: double quotes, backslash escapes; % doubled)."""
    arg = arg.replace("%", "%%")
    if re.fullmatch(r"[A-Za-z0-9_@%+=:,./-]+", arg):
        return arg
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'


def systemd_units(job: Job, python: str = sys.executable) -> dict[str, str]:
    """The unit files of ``job`` by file name."""
    exec_start = " ".join(_quote(a) for a in (python, *job.args))
    service = PREFIX + job.name + ".service"
    common = (f"[Unit]\nDescription={job.description}\n")
    env = f"EnvironmentFile=-{env_file()}\n"
    if not job.daily:
        return {service: (
            common
            + "After=graphical-session.target\nPartOf=graphical-session.target\nStartLimitIntervalSec=0\n\n"
            + "[Service]\nType=simple\n" + env + f"ExecStart={exec_start}\n"
            + "Restart=on-failure\nRestartSec=5\n\n"
            + "[Install]\nWantedBy=graphical-session.target\n")}
    timer = PREFIX + job.name + ".timer"
    return {
        service: common + "\n[Service]\nType=oneshot\n" + env + f"ExecStart={exec_start}\n",
        timer: (f"[Unit]\nDescription={job.description}\n\n[Timer]\nOnCalendar=*-*-* {job.at}:00\n"
                f"Persistent=true\nUnit={service}\n\n[Install]\nWantedBy=timers.target\n"),
    }


# -- Windows: Task Scheduler ----------------------------------------------------------------------


def task_name(job: Job) -> str:
    """The task's path in Task Scheduler."""
    return f"Antrian\\{job.name}"


def windows_task_xml(job: Job, python: str = sys.executable, today: date | None = None) -> str:
    """The Task Scheduler definition of ``job`` (XML, for ``schtasks /Create /XML``)."""
    command = python
    if not job.daily and command.lower().endswith("python.exe"):
        command = command[: -len("python.exe")] + "pythonw.exe"  # no console window behind the app
    args = list(job.args)
    if job.db_url:  # Task Scheduler has no environment of its own: the URL is an argument
        args[2:2] = ["--db", job.db_url]
    arguments = subprocess.list2cmdline(args)
    if job.daily:
        start = f"{(today or date.today()).isoformat()}T{job.at}:00"
        trigger = (f"<CalendarTrigger><StartBoundary>{start}</StartBoundary><Enabled>true</Enabled>"
                   "<ScheduleByDay><DaysInterval>1</DaysInterval></ScheduleByDay></CalendarTrigger>")
        limit = "PT2H"
    else:
        trigger = "<LogonTrigger><Enabled>true</Enabled></LogonTrigger>"
        limit = "PT0S"  # no time limit: it runs all day
    return (
        '<?xml version="1.0" encoding="UTF-16"?>\n'
        '<Task version="1.4" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">\n'
        f"  <RegistrationInfo><Description>{escape(job.description)}</Description></RegistrationInfo>\n"
        f"  <Triggers>{trigger}</Triggers>\n"
        '  <Principals><Principal id="Author"><LogonType>InteractiveToken</LogonType>'
        "<RunLevel>LeastPrivilege</RunLevel></Principal></Principals>\n"
        "  <Settings>\n"
        "    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>\n"
        "    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>\n"
        "    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>\n"
        "    <StartWhenAvailable>true</StartWhenAvailable>\n"
        f"    <ExecutionTimeLimit>{limit}</ExecutionTimeLimit>\n"
        "    <RestartOnFailure><Interval>PT1M</Interval><Count>999</Count></RestartOnFailure>\n"
        "  </Settings>\n"
        '  <Actions Context="Author"><Exec>'
        f"<Command>{escape(command)}</Command><Arguments>{escape(arguments)}</Arguments>"
        "</Exec></Actions>\n"
        "</Task>\n"
    )


# -- install / remove -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Installed:
    """What ``install`` did: the files written, whether the platform took the job now, and a
    sentence for the user (how to start it by hand when it could not be enabled)."""

    files: tuple[Path, ...]
    enabled: bool
    message: str


def install(job: Job, *, enable: bool = True, platform: str = sys.platform) -> Installed:
    """Write (and, with ``enable``, register and start) ``job`` for this platform."""
    if platform == "win32":
        return _install_windows(job, enable)
    folder = unit_dir()
    try:
        private_dir(folder)
        written = []
        if job.db_url:
            private_dir(env_file().parent)
            env_file().write_text(f"ANTRIAN_DB={job.db_url}\n", encoding="utf-8")
            make_private(env_file())
            written.append(env_file())
        for name, content in systemd_units(job).items():
            (folder / name).write_text(content, encoding="utf-8")
            written.append(folder / name)
    except OSError as e:
        raise AutostartError(f"cannot write the autostart files in {folder}: {e.strerror or e}") from None
    unit = PREFIX + job.name + (".timer" if job.daily else ".service")
    if not enable:
        return Installed(tuple(written), False, f"written; start it with: systemctl --user enable --now {unit}")
    problem = _systemctl("daemon-reload") or _systemctl("enable", "--now", unit)
    if problem:
        return Installed(tuple(written), False,
                         f"written, but systemd did not take it ({problem}); in the desktop session run: "
                         f"systemctl --user enable --now {unit}")
    return Installed(tuple(written), True, f"{unit} enabled and started")


def _systemctl(*args: str) -> str | None:
    """Run ``systemctl --user ARGS``; its complaint (one line) or None when it worked."""
    exe = shutil.which("systemctl")
    if exe is None:
        return "systemctl is not installed"
    try:
        done = subprocess.run([exe, "--user", *args], capture_output=True, text=True, timeout=60,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as e:
        return str(e)
    if done.returncode == 0:
        return None
    lines = [line for line in (done.stderr or done.stdout).splitlines() if line.strip()]
    return lines[-1] if lines else f"exit code {done.returncode}"


def _install_windows(job: Job, enable: bool) -> Installed:
    folder = _windows_dir()
    path = folder / f"{job.name}.xml"
    try:
        private_dir(folder)
        path.write_text(windows_task_xml(job), encoding="utf-16")
    except OSError as e:
        raise AutostartError(f"cannot write {path}: {e.strerror or e}") from None
    command = ["schtasks", "/Create", "/TN", task_name(job), "/XML", str(path), "/F"]
    if not enable:
        return Installed((path,), False, "written; register it with: " + subprocess.list2cmdline(command))
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except OSError as e:
        return Installed((path,), False, f"written, but schtasks failed ({e})")
    if done.returncode != 0:
        return Installed((path,), False, f"written, but schtasks refused it: {(done.stderr or done.stdout).strip()}")
    return Installed((path,), True, f"task {task_name(job)} registered")


def remove(name: str, *, platform: str = sys.platform) -> list[Path]:
    """Stop and remove the job called ``name`` (``kiosk``, ``counter-2``, ``backup``); the files removed."""
    if platform == "win32":
        subprocess.run(["schtasks", "/Delete", "/TN", f"Antrian\\{name}", "/F"], capture_output=True, timeout=60)
        path = _windows_dir() / f"{name}.xml"
        path.unlink(missing_ok=True)
        return [path]
    units = [unit_dir() / f"{PREFIX}{name}.{kind}" for kind in ("timer", "service")]
    present = [u for u in units if u.exists()]
    if not present:
        raise AutostartError(f"nothing called '{name}' is set to start by itself (see: antrian autostart list)")
    _systemctl("disable", "--now", *(u.name for u in present))
    for u in present:
        u.unlink()
    _systemctl("daemon-reload")
    return present


def installed(*, platform: str = sys.platform) -> list[str]:
    """The jobs set to start by themselves on this PC (from the files ``install`` wrote)."""
    if platform == "win32":
        folder = _windows_dir()
        return sorted(p.stem for p in folder.glob("*.xml")) if folder.is_dir() else []
    folder = unit_dir()
    if not folder.is_dir():
        return []
    return sorted(p.name[len(PREFIX):-len(".service")] for p in folder.glob(f"{PREFIX}*.service"))


def _windows_dir() -> Path:
    return Path(os.environ.get("LOCALAPPDATA") or Path.home()) / "antrian" / "autostart"
