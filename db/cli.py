"""The ``antrian`` command line.

Errors print one line (``antrian: error: …``) and exit non-zero, never a traceback.
The apps start as their own processes (``python -m kiosk``), so nothing here imports Qt.
"""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

from db.errors import AntrianError

APPS = ("kiosk", "counter", "display")


def _json_default(value: object) -> object:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(type(value).__name__)


def _print(obj: Any, as_json: bool, text: str) -> None:
    if as_json:
        data = dataclasses.asdict(obj) if dataclasses.is_dataclass(obj) else obj
        print(json.dumps(data, default=_json_default, ensure_ascii=False))
    else:
        print(text)


def _open(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from db.database import Database, resolve_url

    return Database(resolve_url(args.db))


def cmd_init(args: argparse.Namespace) -> int:
    """Create the schema and apply a site file (the bundled sample when none is given)."""
    from db import siteconfig

    cfg = siteconfig.load(Path(args.config) if args.config else siteconfig.SAMPLE)
    db = _open(args)
    changed = siteconfig.apply(db, cfg)
    _print(changed, args.json, f"database ready at {db!r}; changed: {changed}")
    return 0


def cmd_config(args: argparse.Namespace) -> int:
    """Apply or export the site configuration file."""
    from db import siteconfig

    if args.action == "apply":
        cfg = siteconfig.load(Path(args.file))  # checked whole before opening the database
        changed = siteconfig.apply(_open(args), cfg)
        _print(changed, args.json, f"applied {args.file}; changed: {changed}")
    else:
        text = siteconfig.export(_open(args))
        if args.file:
            Path(args.file).write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    return 0


def wait_text(wait: Any) -> str:
    """A :class:`db.estimate.WaitRange` as the command line prints it: ``now``, ``20–35 min``."""
    if wait.is_now:
        text = "now"
    elif wait.low_min == wait.high_min:
        text = f"~{wait.high_min} min"
    else:
        text = f"{wait.low_min}–{wait.high_min} min"
    return text if wait.staffed else f"{text} (no counter open)"


def cmd_issue(args: argparse.Namespace) -> int:
    """Issue a ticket from the command line (source ``counter``)."""
    from db import queue

    issued = queue.issue_ticket(_open(args), args.service.upper(), priority=args.priority, source="counter")
    _print(issued, args.json, f"{issued.ticket.label}  {issued.ticket.service_name_id}  "
           f"ahead: {issued.people_ahead}  wait: {wait_text(issued.wait)}")
    return 0


def cmd_call_next(args: argparse.Namespace) -> int:
    """Call the next visitor to a counter."""
    from db import queue

    result = queue.call_next(_open(args), args.counter)
    text = f"counter {args.counter}: " + (
        f"{result.ticket.label} ({result.ticket.service_name_id})" if result.ticket else "nobody is waiting"
    )
    _print(result, args.json, text)
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    """Print the queue snapshot."""
    from db import queue

    snap = queue.queue_snapshot(_open(args))
    if args.json:
        data = dataclasses.asdict(snap)
        data.pop("settings", None)
        _print(data, True, "")
        return 0
    lines = [f"{snap.site_name} — {snap.day.isoformat()}", "", "Services:"]
    for q in snap.services:
        state = q.unavailable_reason or "open"
        lines.append(f"  {q.code}  {q.name_id:<40} waiting {q.waiting:>3}  wait {wait_text(q.wait):<12}  "
                     f"issued {q.issued_today}{'/' + str(q.daily_quota) if q.daily_quota else ''}  [{state}]")
    lines += ["", "Counters:"]
    for c in snap.counters:
        now = c.current.label + " " + c.current.status if c.current else "-"
        state = "paused" if c.paused else ("open" if c.officer else "nobody signed in")
        lines.append(f"  {c.number}  {c.name:<12} {now:<16} {state}  {c.officer or ''}")
    lines += ["", "Last calls:"] + [f"  {r.label} -> {r.counter_name}" for r in snap.recent_calls]
    print("\n".join(lines))
    return 0


def cmd_officer(args: argparse.Namespace) -> int:
    """Add an officer or change a password."""
    from sqlalchemy import select

    from db.models import Officer
    from db.passwords import hash_password

    password = args.password or os.environ.get("ANTRIAN_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            raise AntrianError("give --password (or ANTRIAN_PASSWORD) when not at a terminal")
        password = getpass.getpass("password: ")
    if len(password) < 4:
        raise AntrianError("the password must have at least 4 characters")
    db = _open(args)
    with db.write() as s:
        officer = s.scalar(select(Officer).where(Officer.username == args.username))
        if args.action == "add":
            if officer is not None:
                raise AntrianError(f"officer '{args.username}' already exists")
            s.add(Officer(username=args.username, display_name=args.name or args.username,
                          role=args.role, password_hash=hash_password(password), active=True))
        else:
            if officer is None:
                raise AntrianError(f"officer '{args.username}' does not exist")
            officer.password_hash = hash_password(password)
    _print({"username": args.username, "action": args.action}, args.json, f"officer {args.username}: done")
    return 0


def cmd_app(args: argparse.Namespace) -> int:
    """Start one of the apps as its own process, passing the remaining arguments through."""
    env = dict(os.environ)
    if args.db:
        env["ANTRIAN_DB"] = args.db
    return subprocess.call([sys.executable, "-m", args.command, *args.rest], env=env)


def cmd_demo(args: argparse.Namespace) -> int:
    """Run the demo office (see ``db.demo``)."""
    from db import demo

    return demo.run(args)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every sub-command."""
    db_help = "database URL or SQLite file (default: $ANTRIAN_DB or the user data dir)"
    # The options work before and after the sub-command; SUPPRESS keeps a sub-parser
    # from overwriting a value given before it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help=db_help)
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print JSON")

    p = argparse.ArgumentParser(prog="antrian", description="Antrian queue-ticket system")
    p.add_argument("--db", default=None, help=db_help)
    p.add_argument("--json", action="store_true", default=False, help="print JSON")
    sub = p.add_subparsers(dest="command", required=True)

    sp = sub.add_parser("init", parents=[common], help="create the database and apply a site file")
    sp.add_argument("--config", help="site TOML file (default: the bundled sample)")
    sp.set_defaults(func=cmd_init)

    sp = sub.add_parser("config", parents=[common], help="apply or export the site file")
    sp.add_argument("action", choices=("apply", "export"))
    sp.add_argument("file", nargs="?", help="file to apply, or to export into (default: stdout)")
    sp.set_defaults(func=cmd_config)

    sp = sub.add_parser("issue", parents=[common], help="issue a ticket")
    sp.add_argument("service", help="service code, e.g. A")
    sp.add_argument("--priority", action="store_true", help="elderly, disabled or pregnant visitor")
    sp.set_defaults(func=cmd_issue)

    sp = sub.add_parser("call-next", parents=[common], help="call the next visitor to a counter")
    sp.add_argument("--counter", type=int, required=True)
    sp.set_defaults(func=cmd_call_next)

    sp = sub.add_parser("status", parents=[common], help="show the queue")
    sp.set_defaults(func=cmd_status)

    sp = sub.add_parser("officer", parents=[common], help="add an officer or change a password")
    sp.add_argument("action", choices=("add", "passwd"))
    sp.add_argument("username")
    sp.add_argument("--name", help="display name (add)")
    sp.add_argument("--role", choices=("officer", "supervisor", "admin"), default="officer")
    sp.add_argument("--password", help="the password (else $ANTRIAN_PASSWORD, else asked)")
    sp.set_defaults(func=cmd_officer)

    for app in APPS:
        sp = sub.add_parser(app, parents=[common], help=f"start the {app}", add_help=False)
        sp.add_argument("rest", nargs=argparse.REMAINDER)
        sp.set_defaults(func=cmd_app)

    sp = sub.add_parser("demo", parents=[common], help="run a demo office: display, kiosk and two counters")
    sp.add_argument("--simulate", action="store_true", help="visitors arrive and officers serve by themselves")
    sp.add_argument("--fresh", action="store_true", help="start from an empty demo database")
    sp.set_defaults(func=cmd_demo)
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``antrian`` command."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if args.command in APPS:
        args.rest = [*extra, *args.rest]
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        return int(args.func(args) or 0)
    except AntrianError as e:
        print(f"antrian: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
