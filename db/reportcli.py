"""``antrian report``: the command behind ``db.cli``'s report sub-command (kept here so the
command line's own module stays small; nothing heavy is imported until it runs)."""

from __future__ import annotations

import argparse
from pathlib import Path

REPORT_KINDS = ("volume", "times", "compliance", "arrivals", "staff", "recalls", "summary", "month", "year")


def cmd_report(args: argparse.Namespace) -> int:
    """Write a report (``db.reports``) as PDF, XLSX or CSV (``db.render``)."""
    from db import reports
    from db.render import render

    kind = "summary" if args.kind in ("month", "year") else args.kind
    if args.kind in ("month", "year"):
        if not args.period or args.start or args.end:
            example = "2026-11" if args.kind == "month" else "2026"
            raise reports.ReportError(f"give the {args.kind} to report on, e.g. antrian report {args.kind} {example}")
        period = reports.parse_period(args.period)
        if period.kind != args.kind:
            raise reports.ReportError(f"'{args.period}' is not a {args.kind}: write it as "
                                      + ("YYYY-MM, e.g. 2026-11" if args.kind == "month" else "YYYY, e.g. 2026"))
    elif args.start or args.end:
        if not (args.start and args.end) or args.period:
            raise reports.ReportError("give both --from and --to (YYYY-MM-DD), or a period instead of them")
        period = reports.between(args.start, args.end)
    elif args.period:
        period = reports.parse_period(args.period)
    else:
        raise reports.ReportError("give a period (2026-11-05, 2026-W45, 2026-11, 2026) or --from and --to")
    filters = reports.Filters(args.service, args.counter, args.officer)
    out = Path(args.out) if args.out else Path(f"laporan-{args.kind}-{period.first}-{period.last}.{args.format}")
    from db.cli import _open, _print

    result = reports.report(_open(args), kind, period, filters)
    render(result, args.format, out, args.lang)
    _print({"kind": kind, "first": period.first, "last": period.last, "format": args.format, "file": str(out)},
           args.json, f"{out} written ({period.title('en')})")
    return 0
