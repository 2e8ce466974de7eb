"""``antrian survey-plan``: show or set the follow-up plan (*rencana tindak lanjut*) of a
survey period, which the IKM report prints (kept here so ``db.cli`` stays small)."""

from __future__ import annotations

import argparse
from pathlib import Path

from db.errors import AntrianError


def add_survey_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    """The ``survey-plan`` sub-command."""
    from db.cli import AS_HELP

    sp = sub.add_parser("survey-plan", parents=[common], help="show or set the follow-up plan of a survey period",
                        description="The unit's follow-up plan (rencana tindak lanjut) for a survey period, "
                                    "printed in its IKM report. Without --text, --file or --clear it is shown.")
    sp.add_argument("--period", help="a semester 2026-S2, a quarter 2026-Q3, a year 2026 or a month 2026-11")
    sp.add_argument("--from", dest="start", metavar="DATE", help="first business day, YYYY-MM-DD")
    sp.add_argument("--to", dest="end", metavar="DATE", help="last business day, YYYY-MM-DD (included)")
    what = sp.add_mutually_exclusive_group()
    what.add_argument("--text", help="the plan")
    what.add_argument("--file", help="a UTF-8 text file holding the plan")
    what.add_argument("--clear", action="store_true", help="remove the plan")
    sp.add_argument("--as", dest="as_user", metavar="USERNAME", help=AS_HELP.format(who="supervisor or administrator"))
    sp.set_defaults(func=cmd_survey_plan)


def cmd_survey_plan(args: argparse.Namespace) -> int:
    """Show the plan of the period, or set it (``--text``/``--file``/``--clear``) as ``--as``."""
    from db import reports, survey
    from db.cli import _acting, _as_password, _open, _print

    if args.period and not (args.start or args.end):
        period = reports.parse_period(args.period)
    elif args.start and args.end and not args.period:
        period = reports.between(args.start, args.end)
    else:
        raise reports.ReportError("give a period (e.g. --period 2026-S2) or both --from and --to")
    first, last = period.first, period.last
    new = _new_plan(args)
    db = _open(args)
    if new is not None:
        password = _as_password(args)
        with _acting(args, db, password, who="a supervisor or administrator") as actor:
            survey.set_plan(db, actor, first, last, new)
    plan = survey.plan(db, first, last)
    shown = plan or ("(no follow-up plan for this period)")
    _print({"first": first, "last": last, "plan": plan}, args.json, f"{first} .. {last}\n{shown}")
    return 0


def _new_plan(args: argparse.Namespace) -> str | None:
    if args.clear:
        return ""
    if args.file:
        try:
            return Path(args.file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise AntrianError(f"cannot read the plan from {args.file}: {e}") from None
    return args.text
