"""The ``antrian`` command line.

Errors print one line (``antrian: error: …``) and exit non-zero, never a traceback.
The apps start as their own processes (``python -m kiosk``), so nothing here imports Qt.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import getpass
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from db.autostartcli import add_autostart_commands
from db.backupcli import add_backup_commands
from db.bookingcli import add_booking_commands
from db.errors import AntrianError, VisitNotStarted
from db.surveycli import add_survey_commands

if TYPE_CHECKING:
    from db.database import Database
    from db.roles import Actor

APPS = ("kiosk", "counter", "display", "supervisor", "survey")


def _json_default(value: object) -> object:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(type(value).__name__)


def _print(obj: Any, as_json: bool, text: str) -> None:
    if as_json:
        data = dataclasses.asdict(obj) if dataclasses.is_dataclass(obj) and not isinstance(obj, type) else obj
        print(json.dumps(data, default=_json_default, ensure_ascii=False))
    else:
        print(text)


def _open(args: argparse.Namespace, *, create: bool = False) -> Database:
    """The database of ``--db``. Only ``antrian init`` passes ``create=True``: every
    other command refuses a missing file instead of making folders and an empty database."""
    from db.database import Database, resolve_url

    return Database(resolve_url(args.db), create=create)


AS_HELP = ("act as this {who}, signed in for the command (needed once an administrator exists); "
           "their password is read from the first line of standard input, or asked at a terminal")


def _as_password(args: argparse.Namespace) -> str | None:
    """The ``--as`` officer's password: the first line of standard input, or asked at a terminal."""
    if getattr(args, "as_user", None) is None:
        return None
    if sys.stdin.isatty():
        return getpass.getpass(f"password of {args.as_user}: ")
    line = sys.stdin.readline()
    if not line:
        raise AntrianError(f"--as {args.as_user}: give their password as the first line of standard input")
    return line.rstrip("\r\n")


@contextmanager
def _acting(args: argparse.Namespace, db: Database, password: str | None, *,
            who: str = "an administrator") -> Iterator[Actor | None]:
    """The officer of ``--as`` signed in (``db.roles.sign_in``) for the command, signed out
    after it; None while the database has no active administrator yet (set-up). The
    operation itself checks the role again inside its own transaction."""
    from db import roles

    if password is None:
        with db.read() as s:
            if roles.has_admin(s):
                raise AntrianError(f"this needs {who}: add --as USERNAME")
        yield None
        return
    actor = roles.sign_in(db, args.as_user, password, place="antrian command line")
    try:
        yield actor
    finally:
        roles.sign_out(db, actor)


def cmd_init(args: argparse.Namespace) -> int:
    """Create the schema and apply a site file (the bundled sample when none is given)."""
    from db import siteconfig

    password = _as_password(args)
    cfg = siteconfig.load(Path(args.config) if args.config else siteconfig.SAMPLE)
    db = _open(args, create=True)
    with _acting(args, db, password) as actor:
        changed = siteconfig.apply(db, cfg, actor=actor)
    _print(changed, args.json, f"{db.where} is ready; changed: {changed}")
    return 0


def cmd_config(args: argparse.Namespace) -> int:
    """Apply or export the site configuration file."""
    from db import siteconfig

    if args.action == "apply":
        password = _as_password(args)
        cfg = siteconfig.load(Path(args.file))  # checked whole before opening the database
        db = _open(args)
        with _acting(args, db, password) as actor:
            changed = siteconfig.apply(db, cfg, actor=actor)
        _print(changed, args.json, f"applied {args.file}; changed: {changed}")
    elif args.as_user is not None:  # optional here: the exported file holds no secret
        password = _as_password(args)
        db = _open(args)
        with _acting(args, db, password) as actor:
            text = siteconfig.export(db, actor)
    else:
        text = siteconfig.export(_open(args))
    if args.action == "export":
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
    from db.records import TicketStatus

    close_as = args.close_as.replace("-", "_") if args.close_as else None
    try:
        result = queue.call_next(_open(args), args.counter, close_as=close_as)
    except VisitNotStarted as e:
        raise VisitNotStarted(f"{e} (--close-as done or --close-as no-show)", e.label) from None
    text = f"counter {args.counter}: " + (
        f"{result.ticket.label} ({result.ticket.service_name_id})" if result.ticket else "nobody is waiting"
    )
    if result.finished is not None:
        closed = "no-show" if result.finished.status == TicketStatus.NO_SHOW else "done"
        text = f"{result.finished.label} {closed}; {text}"
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
    """Add an officer or change a password (``db.admin``: an administrator's, audited)."""
    from db import admin

    as_password = _as_password(args)
    password = args.password or os.environ.get("ANTRIAN_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            raise AntrianError("give --password (or ANTRIAN_PASSWORD) when not at a terminal")
        password = getpass.getpass("password: ")
    _check_officer(args, password)
    db = _open(args)
    with _acting(args, db, as_password) as actor:
        if args.action == "add":
            spec = admin.OfficerSpec(args.username, args.name or args.username, args.role, True)
            admin.save_officer(db, actor, spec, None, password=password)
        else:
            admin.reset_password(db, actor, args.username, password)  # a new password lifts a lockout
    _print({"username": args.username, "action": args.action}, args.json, f"officer {args.username}: done")
    return 0


def _secret(args: argparse.Namespace, from_stdin: bool, prompt: str, *, confirm: bool = False) -> str:
    """A password or PIN: one line of standard input (``--…-stdin``), else asked without echo."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise AntrianError("not at a terminal: pipe the secret in and add --password-stdin / --pin-stdin")
    value = getpass.getpass(prompt)
    if confirm and getpass.getpass("again: ") != value:
        raise AntrianError("the two entries differ; nothing was changed")
    return value


def cmd_sign_in(args: argparse.Namespace) -> int:
    """Sign an officer in at a counter (the password is asked, or read from stdin)."""
    from db import queue

    password = _secret(args, args.password_stdin, "password: ")
    officer = queue.sign_in(_open(args), args.counter, args.username, password, take_over=args.take_over)
    _print({"counter": args.counter, "username": officer.username, "display_name": officer.display_name},
           args.json, f"{officer.display_name} signed in at counter {args.counter}")
    return 0


def cmd_sign_out(args: argparse.Namespace) -> int:
    """Sign whoever is at a counter out (a supervisor's action once an administrator exists)."""
    from db import queue, supervise
    from db.errors import NotSignedIn

    password = _as_password(args)
    db = _open(args)
    with _acting(args, db, password, who="a supervisor or administrator") as actor:
        if actor is None:
            queue.sign_out(db, args.counter)
        else:
            with contextlib.suppress(NotSignedIn):  # nobody there already: the same outcome
                supervise.sign_officer_out(db, actor, args.counter)
    _print({"counter": args.counter}, args.json, f"counter {args.counter}: nobody signed in")
    return 0


def cmd_kiosk_pin(args: argparse.Namespace) -> int:
    """Set (hashed) or remove the supervisor PIN that unlocks a locked kiosk."""
    from db import access, admin

    password = _as_password(args)
    pin = ""
    if args.action == "set":
        pin = _secret(args, args.pin_stdin, "kiosk PIN (4-12 digits): ", confirm=True)
        problem = access.pin_problem(pin)
        if problem:
            raise AntrianError(problem)
    db = _open(args)
    with _acting(args, db, password) as actor:
        admin.set_kiosk_pin(db, actor, pin)  # hashed; lifts a PIN lockout
    _print({"kiosk_pin": args.action}, args.json, "kiosk PIN " + ("set" if args.action == "set" else "removed"))
    return 0


def _check_officer(args: argparse.Namespace, password: str) -> None:
    """The site file's rules for officers (db.validation), before anything is written."""
    from db import validation

    if args.action == "add":
        validation.username(args.username)
        if args.name is not None:
            args.name = validation.display_name(args.name)
    validation.password(password)


def cmd_doctor(args: argparse.Namespace) -> int:
    """Check the database thoroughly and say what to do about each problem."""
    from db import doctor
    from db.database import resolve_url

    report = doctor.examine(resolve_url(args.db))
    if args.json:
        _print([dataclasses.asdict(f) for f in report], True, "")
    else:
        print(doctor.render(report))
    return 0 if all(f.ok for f in report) else 1


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

    _add_site_commands(sub, common)
    _add_queue_commands(sub, common)
    _add_access_commands(sub, common)
    _add_app_commands(sub, common)
    _add_report_commands(sub, common)
    add_survey_commands(sub, common)
    add_backup_commands(sub, common)
    add_autostart_commands(sub, common)
    add_booking_commands(sub, common)
    return p


def _add_site_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    """init, config: the database and its site file."""
    sp = sub.add_parser("init", parents=[common], help="create the database and apply a site file")
    sp.add_argument("--config", help="site TOML file (default: the bundled sample)")
    sp.add_argument("--as", dest="as_user", metavar="USERNAME", help=AS_HELP.format(who="administrator"))
    sp.set_defaults(func=cmd_init)

    sp = sub.add_parser("config", parents=[common], help="apply or export the site file")
    sp.add_argument("action", choices=("apply", "export"))
    sp.add_argument("file", nargs="?", help="file to apply, or to export into (default: stdout)")
    sp.add_argument("--as", dest="as_user", metavar="USERNAME",
                    help=AS_HELP.format(who="administrator") + " (optional for export: the file holds no secret)")
    sp.set_defaults(func=cmd_config)


def _add_queue_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    """issue, call-next, status, doctor: the queue from a terminal."""
    sp = sub.add_parser("issue", parents=[common], help="issue a ticket")
    sp.add_argument("service", help="service code, e.g. A")
    sp.add_argument("--priority", action="store_true", help="elderly, disabled or pregnant visitor")
    sp.set_defaults(func=cmd_issue)

    sp = sub.add_parser("call-next", parents=[common], help="call the next visitor to a counter")
    sp.add_argument("--counter", type=int, required=True)
    sp.add_argument("--close-as", choices=("done", "no-show"),
                    help="how to close a visitor who was called but never started "
                         "(required then; a visit being served always ends as done)")
    sp.set_defaults(func=cmd_call_next)

    sp = sub.add_parser("status", parents=[common], help="show the queue")
    sp.set_defaults(func=cmd_status)

    sp = sub.add_parser("doctor", parents=[common], help="check the database (integrity, schema, settings)")
    sp.set_defaults(func=cmd_doctor)


def _add_access_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    """officer, sign-in, sign-out, kiosk-pin: who may do what."""
    sp = sub.add_parser("officer", parents=[common], help="add an officer or change a password")
    sp.add_argument("action", choices=("add", "passwd"))
    sp.add_argument("username")
    sp.add_argument("--name", help="display name (add)")
    sp.add_argument("--role", choices=("officer", "supervisor", "admin"), default="officer")
    sp.add_argument("--password", help="the officer's new password (else $ANTRIAN_PASSWORD, else asked)")
    sp.add_argument("--as", dest="as_user", metavar="USERNAME", help=AS_HELP.format(who="administrator"))
    sp.set_defaults(func=cmd_officer)

    sp = sub.add_parser("sign-in", parents=[common], help="sign an officer in at a counter")
    sp.add_argument("--counter", type=int, required=True)
    sp.add_argument("username")
    sp.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    sp.add_argument("--take-over", action="store_true", help="take the counter from the officer signed in there")
    sp.set_defaults(func=cmd_sign_in)

    sp = sub.add_parser("sign-out", parents=[common], help="sign the officer at a counter out")
    sp.add_argument("--counter", type=int, required=True)
    sp.add_argument("--as", dest="as_user", metavar="USERNAME",
                    help=AS_HELP.format(who="supervisor or administrator"))
    sp.set_defaults(func=cmd_sign_out)

    sp = sub.add_parser("kiosk-pin", parents=[common], help="set or remove the kiosk's supervisor PIN")
    sp.add_argument("action", choices=("set", "clear"))
    sp.add_argument("--pin-stdin", action="store_true",
                    help="read the PIN from standard input (the line after the --as password)")
    sp.add_argument("--as", dest="as_user", metavar="USERNAME", help=AS_HELP.format(who="administrator"))
    sp.set_defaults(func=cmd_kiosk_pin)


def _add_app_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    """kiosk, counter, display (passed through to the app) and demo."""
    for app in APPS:
        sp = sub.add_parser(app, parents=[common], help=f"start the {app}", add_help=False)
        sp.add_argument("rest", nargs=argparse.REMAINDER)
        sp.set_defaults(func=cmd_app)

    sp = sub.add_parser("demo", parents=[common], help="run a demo office: display, kiosk, two counters and a survey screen")
    sp.add_argument("--simulate", action="store_true", help="visitors arrive and officers serve by themselves")
    sp.add_argument("--fresh", action="store_true", help="start from an empty demo database")
    sp.set_defaults(func=cmd_demo)


def _add_report_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    """report: the service-standard reports and the IKM as PDF, XLSX or CSV, and the IKM poster
    (``db.reportcli``)."""
    from db.reportcli import PAPERS, REPORT_KINDS, cmd_report

    sp = sub.add_parser("report", parents=[common], help="write a report (PDF, XLSX or CSV)",
                        description="Reports on the service standard. 'month 2026-11' and 'year 2026' write "
                                    "the summary for the head of the unit; 'ikm --period 2026-S2' the satisfaction "
                                    "index (IKM) and 'ikm-poster --period 2026-S2 --paper A3' its poster.")
    sp.add_argument("kind", choices=REPORT_KINDS)
    sp.add_argument("period", nargs="?", help="a day 2026-11-05, an ISO week 2026-W45, a month 2026-11, "
                                              "a quarter 2026-Q3, a semester 2026-S2 or a year 2026")
    sp.add_argument("--period", dest="period_option", metavar="PERIOD", help="the period, as the argument above")
    sp.add_argument("--from", dest="start", metavar="DATE", help="first business day, YYYY-MM-DD")
    sp.add_argument("--to", dest="end", metavar="DATE", help="last business day, YYYY-MM-DD (included)")
    sp.add_argument("--service", help="only this service (its code, e.g. A)")
    sp.add_argument("--counter", type=int, help="only visits called to this counter (its number)")
    sp.add_argument("--officer", help="only this officer (username)")
    sp.add_argument("--format", choices=("pdf", "xlsx", "csv"), help="pdf (default), xlsx or csv")
    sp.add_argument("--paper", type=str.upper, choices=PAPERS, help="the poster's paper: A4 (default) or A3")
    sp.add_argument("--out", help="file to write (default: laporan-KIND-FIRST-LAST.FORMAT here)")
    sp.add_argument("--lang", choices=("id", "en"), default="id", help="language of the report (default: id)")
    sp.set_defaults(func=cmd_report)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``antrian`` command."""
    parser = build_parser()
    # The core logs (a wrong password, a lockout) for the apps' log files; here the one
    # error line says it all, without Python's last-resort handler echoing the log to stderr.
    if not logging.getLogger("antrian").handlers and not logging.getLogger().handlers:
        logging.getLogger("antrian").addHandler(logging.NullHandler())
    # psycopg warns on stderr when it drops a pipeline after a refused statement; the
    # refusal itself is reported in the one error line.
    logging.getLogger("psycopg").setLevel(logging.ERROR)
    args, extra = parser.parse_known_args(argv)
    if args.command in APPS:
        args.rest = [*extra, *args.rest]
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        if getattr(args, "counter", None) is not None:  # every command that takes --counter
            from db.validation import counter_number

            args.counter = counter_number(args.counter)
        return int(args.func(args) or 0)
    except AntrianError as e:
        return _fail(str(e))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (``antrian status | head``): nothing to report
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as e:  # never a traceback: one line, without SQL parameters or passwords
        if os.environ.get("ANTRIAN_DEBUG"):
            raise
        return _fail(_unexpected(e))


def _fail(message: str) -> int:
    from db.database import mask_url

    print(f"antrian: error: {mask_url(message)}", file=sys.stderr)
    return 2


def _unexpected(error: Exception) -> str:
    """One line for an error the core did not translate (ANTRIAN_DEBUG=1 shows the traceback)."""
    from sqlalchemy import exc

    from db.database import describe_error

    if isinstance(error, exc.DBAPIError):
        return f"the database refused the action: {describe_error(error)} (nothing was written)"
    if isinstance(error, OSError):
        return f"{error.strerror or error}" + (f": {error.filename}" if error.filename else "")
    first = (str(error).strip().splitlines() or [""])[0]
    return f"unexpected {type(error).__name__}: {first} (run with ANTRIAN_DEBUG=1 for details)"


if __name__ == "__main__":
    sys.exit(main())
