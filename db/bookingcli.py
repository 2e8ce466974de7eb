"""``antrian booking …``: import, add, list, cancel bookings, write a booking slip, and the
daily housekeeping (no-shows, the personal-data purge); kept here so ``db.cli`` stays small.

Commands that change bookings act ``--as`` a supervisor or administrator, like
``antrian survey-plan``. A refused import prints every problem on its own line.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from db.errors import AntrianError

if TYPE_CHECKING:
    from db.booking import BookingInfo
    from db.database import Database

STATUSES = ("booked", "checked_in", "late", "cancelled", "no_show")
_WHO = "supervisor or administrator"


def add_booking_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    """The ``booking`` command and its sub-commands."""
    from db.cli import AS_HELP

    as_help = AS_HELP.format(who=_WHO)
    top = sub.add_parser("booking", parents=[common], help="bookings of the online queue: import, add, list, cancel, slip",
                         description="Bookings (antrian online): visitors who booked a service and a time check in "
                                     "at the kiosk with their code.")
    bsub = top.add_subparsers(dest="booking_command", required=True, metavar="ACTION")

    sp = bsub.add_parser("import", parents=[common], help="add the bookings of a CSV, XLSX or JSON file",
                         description="A file an online form exports: one booking a row, with columns layanan/service, "
                                     "tanggal/date, jam/time and optionally kode/code, nama/name, perusahaan/company, "
                                     "nib, telepon/phone, id/ref. A file with any problem is refused whole; importing "
                                     "the same file again changes nothing.")
    sp.add_argument("file", help="the file (.csv comma or semicolon separated, .xlsx first sheet, .json)")
    sp.add_argument("--as", dest="as_user", metavar="USERNAME", help=as_help)
    sp.set_defaults(func=cmd_booking_import)

    sp = bsub.add_parser("add", parents=[common], help="add one booking")
    sp.add_argument("--service", required=True, help="the service's code (e.g. A) or name")
    sp.add_argument("--date", required=True, help="the day, YYYY-MM-DD (or DD/MM/YYYY)")
    sp.add_argument("--time", required=True, help="the booked time, HH:MM (local)")
    sp.add_argument("--name", help="the visitor's name")
    sp.add_argument("--company", help="the visitor's company")
    sp.add_argument("--nib", help="the company's NIB (13 digits)")
    sp.add_argument("--phone", help="the visitor's phone number")
    sp.add_argument("--code", help="the code the online system gave (else a new one is made)")
    sp.add_argument("--as", dest="as_user", metavar="USERNAME", help=as_help)
    sp.set_defaults(func=cmd_booking_add)

    sp = bsub.add_parser("list", parents=[common], help="list bookings (default: today's)")
    sp.add_argument("--date", help="the day, YYYY-MM-DD (default: today)")
    sp.add_argument("--service", help="only this service (its code)")
    sp.add_argument("--status", choices=STATUSES, help="only bookings with this status")
    sp.set_defaults(func=cmd_booking_list)

    sp = bsub.add_parser("cancel", parents=[common], help="cancel a booking")
    sp.add_argument("code", help="the booking's code")
    sp.add_argument("--reason", help="why (kept in the audit log)")
    sp.add_argument("--as", dest="as_user", metavar="USERNAME", help=as_help)
    sp.set_defaults(func=cmd_booking_cancel)

    sp = bsub.add_parser("pdf", parents=[common], help="write a booking's confirmation slip (PDF)")
    sp.add_argument("code", help="the booking's code")
    sp.add_argument("--out", help="the file to write (default: booking-CODE.pdf here)")
    sp.set_defaults(func=cmd_booking_pdf)

    sp = bsub.add_parser("housekeep", parents=[common], help="mark missed bookings no-show and erase old personal data",
                         description="What the kiosks do every few minutes: bookings whose check-in window closed "
                                     "become no-shows; personal data older than booking_retention_days is erased.")
    sp.set_defaults(func=cmd_booking_housekeep)


def _row(b: BookingInfo) -> dict[str, Any]:
    return {"code": b.code, "service": b.service_code, "date": b.day, "time": b.local_time.strftime("%H:%M"),
            "status": b.status, "ticket": b.ticket_label, "name": b.name, "company": b.company, "nib": b.nib,
            "phone": b.phone, "origin": b.origin, "purged": b.purged}


def cmd_booking_import(args: argparse.Namespace) -> int:
    """Import a file as ``--as``; a refusal lists every problem, one a line."""
    from db.booking.importer import ImportRefused, import_file
    from db.cli import _acting, _as_password, _open, _print

    path = Path(args.file)
    password = _as_password(args)
    db = _open(args)
    try:
        with _acting(args, db, password, who=f"a {_WHO}") as actor:
            result = import_file(db, path, actor=actor)
    except ImportRefused as e:
        if args.json:
            print(json.dumps({"file": str(path), "imported": False, "more": e.more,
                              "errors": [{"row": r.row, "item": r.item, "column": r.column, "message": r.message}
                                         for r in e.errors]}, ensure_ascii=False))
        print(f"antrian: error: {e.heading}:", file=sys.stderr)
        for problem in e.errors:
            print(f"  {problem}", file=sys.stderr)
        if e.more:
            print(f"  … and {e.more} more", file=sys.stderr)
        return 2
    _print({"file": str(path), "imported": True, "added": result.added, "unchanged": result.unchanged,
            "codes": list(result.codes)}, args.json,
           f"{path.name}: {result.added} added, {result.unchanged} already imported")
    return 0


def cmd_booking_add(args: argparse.Namespace) -> int:
    """Add one booking as ``--as``; prints its code."""
    from db import booking
    from db.booking.importer import check_booking, site_services
    from db.cli import _acting, _as_password, _open, _print

    fields = {k: getattr(args, k) for k in ("service", "date", "time", "name", "company", "nib", "phone", "code")}
    password = _as_password(args)
    db = _open(args)
    new = check_booking(fields, site_services(db), labels={k: f"--{k}" for k in fields})
    with _acting(args, db, password, who=f"a {_WHO}") as actor:
        info = booking.add(db, new, origin="cli", actor=actor)
    _print(_row(info), args.json, f"{info.code}  {info.service_code}  {info.day.isoformat()} "
                                  f"{info.local_time:%H:%M}  {info.service_name_id}")
    return 0


def _today(db: Database) -> date:
    from db.clock import utcnow
    from db.queue import site_settings
    from db.sitetime import business_day

    st = site_settings(db)
    return business_day(utcnow(), st.timezone, st.day_reset)


def cmd_booking_list(args: argparse.Namespace) -> int:
    """A table of the bookings of a day (today by default), or ``--json``."""
    from db import booking
    from db.booking.importer import parse_date
    from db.cli import _open, _print

    db = _open(args)
    day = parse_date(args.date, "--date:") if args.date else _today(db)
    rows = booking.bookings(db, day, service_code=args.service.upper() if args.service else None, status=args.status)
    if args.json:
        _print([_row(b) for b in rows], True, "")
        return 0
    _print(None, False, _table(rows, day))
    return 0


def _table(rows: list[BookingInfo], day: date) -> str:
    what = f"bookings of {day.isoformat()}"
    if not rows:
        return f"no {what}"
    head = ("CODE", "SVC", "DATE", "TIME", "STATUS", "TICKET", "NAME", "COMPANY", "PHONE")
    body = [(b.code, b.service_code, b.day.isoformat(), f"{b.local_time:%H:%M}", b.status, b.ticket_label or "",
             _cut(b.name), _cut(b.company), b.phone or "") for b in rows]
    widths = [max(len(r[i]) for r in (head, *body)) for i in range(len(head))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in (head, *body)]
    counts: dict[str, int] = {}
    for b in rows:
        counts[b.status] = counts.get(b.status, 0) + 1
    summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
    return "\n".join([*lines, "", f"{len(rows)} {what}: {summary}"])


def _cut(text: str | None, width: int = 28) -> str:
    text = text or ""
    return text if len(text) <= width else text[: width - 1] + "…"


def cmd_booking_cancel(args: argparse.Namespace) -> int:
    """Cancel a booking as ``--as``."""
    from db import booking
    from db.cli import _acting, _as_password, _open, _print

    password = _as_password(args)
    db = _open(args)
    with _acting(args, db, password, who=f"a {_WHO}") as actor:
        info = booking.cancel(db, args.code, reason=args.reason, actor=actor)
    _print(_row(info), args.json, f"{info.code} cancelled ({info.service_code} {info.day.isoformat()} "
                                  f"{info.local_time:%H:%M})")
    return 0


def cmd_booking_pdf(args: argparse.Namespace) -> int:
    """Write the booking's slip."""
    from db import booking
    from db.booking.slip import write_slip
    from db.cli import _open, _print

    db = _open(args)
    code = booking.normalise_code(args.code) or args.code.strip().upper()
    out = Path(args.out) if args.out else Path(f"booking-{code}.pdf")
    if out.parent and not out.parent.is_dir():
        raise AntrianError(f"no folder {out.parent} to write {out.name} in")
    written = write_slip(db, code, out)
    _print({"code": code, "file": str(written)}, args.json, f"{written} written")
    return 0


def cmd_booking_housekeep(args: argparse.Namespace) -> int:
    """Mark missed bookings no-show and purge old personal data; print both counts."""
    from db import booking
    from db.cli import _open, _print

    no_shows, purged = booking.housekeep(_open(args))
    _print({"no_shows": no_shows, "purged": purged}, args.json,
           f"{no_shows} booking(s) marked no-show, personal data of {purged} booking(s) erased")
    return 0
