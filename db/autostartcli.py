"""``antrian autostart``: set apps and the daily backup to start by themselves (``db.autostart``)."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_autostart_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                           common: argparse.ArgumentParser) -> None:
    """The ``autostart install|remove|list`` sub-command."""
    sp = sub.add_parser("autostart", parents=[common], help="start an app (or the daily backup) by itself",
                        description="install: start APP with the desktop session and restart it when it fails "
                                    "(systemd user units on Linux, Task Scheduler on Windows), or back up every "
                                    "day ('install backup --at 18:30'); remove: undo it; list: what is set.")
    sp.add_argument("action", choices=("install", "remove", "list"))
    sp.add_argument("app", nargs="?", help="kiosk, counter N, display, supervisor, survey N or backup")
    sp.add_argument("counter", nargs="?", type=int, help="the counter number (counter and survey)")
    sp.add_argument("--at", default="18:30", metavar="HH:MM", help="backup: the time of day (default 18:30)")
    sp.add_argument("--to", metavar="DIR", help="backup: the folder (default: 'backups' beside the database)")
    sp.add_argument("--keep", type=int, default=14, metavar="N", help="backup: keep the newest N (default 14)")
    sp.add_argument("--no-enable", action="store_true", help="only write the files; do not register or start")
    sp.set_defaults(func=cmd_autostart)


def cmd_autostart(args: argparse.Namespace) -> int:
    """Install, remove or list the jobs that start by themselves."""
    from db import autostart
    from db.cli import _print

    if args.action == "list":
        jobs = autostart.installed()
        _print(jobs, args.json, "\n".join(jobs) if jobs else "nothing starts by itself on this PC")
        return 0
    if not args.app:
        raise autostart.AutostartError(f"say what to {args.action}: kiosk, counter N, display, supervisor, "
                                       "survey N or backup")
    name = args.app if args.counter is None else f"{args.app}-{args.counter}"
    if args.action == "remove":
        removed = autostart.remove(name)
        _print([str(p) for p in removed], args.json, f"{name} no longer starts by itself")
        return 0
    url = getattr(args, "db", None)
    if url and "://" not in url:
        url = str(Path(url).expanduser().resolve())  # a bare SQLite path: the same file from any folder
    if args.app == "backup":
        if args.counter is not None:
            raise autostart.AutostartError("backup takes no counter number")
        job = autostart.backup_job(args.at, args.to, args.keep, url)
    else:
        job = autostart.app_job(args.app, args.counter, url)
    result = autostart.install(job, enable=not args.no_enable)
    _print({"files": [str(p) for p in result.files], "enabled": result.enabled, "message": result.message},
           args.json, "\n".join([*map(str, result.files), result.message]))
    return 0
