"""``antrian report``: the command behind ``db.cli``'s report sub-command (kept here so the
command line's own module stays small; nothing heavy is imported until it runs)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

REPORT_KINDS = ("volume", "times", "compliance", "arrivals", "staff", "recalls", "summary", "month", "year", "ikm",
                "ikm-poster")
PAPERS = ("A4", "A3")


def _period(args: argparse.Namespace) -> Any:
    """The period asked for: positional or ``--period``, or ``--from`` and ``--to``."""
    from db import reports

    if args.period and args.period_option:
        raise reports.ReportError("give the period once: either after the report's name or with --period")
    written = args.period or args.period_option
    if args.kind in ("month", "year"):
        if not written or args.start or args.end:
            example = "2026-11" if args.kind == "month" else "2026"
            raise reports.ReportError(f"give the {args.kind} to report on, e.g. antrian report {args.kind} {example}")
        period = reports.parse_period(written)
        if period.kind != args.kind:
            raise reports.ReportError(f"'{written}' is not a {args.kind}: write it as "
                                      + ("YYYY-MM, e.g. 2026-11" if args.kind == "month" else "YYYY, e.g. 2026"))
        return period
    if args.start or args.end:
        if not (args.start and args.end) or written:
            raise reports.ReportError("give both --from and --to (YYYY-MM-DD), or a period instead of them")
        return reports.between(args.start, args.end)
    if written:
        return reports.parse_period(written)
    if args.kind.startswith("ikm"):
        raise reports.ReportError("give the survey period: a quarter 2026-Q3, a semester 2026-S2, a year 2026, "
                                  "or --from and --to")
    raise reports.ReportError("give a period (2026-11-05, 2026-W45, 2026-11, 2026) or --from and --to")


def cmd_report(args: argparse.Namespace) -> int:
    """Write a report (``db.reports``) as PDF, XLSX or CSV (``db.render``), or the IKM poster."""
    from db import reports
    from db.render import render

    poster = args.kind == "ikm-poster"
    kind = "summary" if args.kind in ("month", "year") else "ikm" if poster else args.kind
    if args.paper is not None and not poster:
        raise reports.ReportError("--paper is for the poster only: antrian report ikm-poster --period 2026-S2 --paper A3")
    if poster and args.format not in (None, "pdf"):
        raise reports.ReportError("the poster is a PDF: leave out --format or write --format pdf")
    fmt = args.format or "pdf"
    period = _period(args)
    filters = reports.Filters(args.service, args.counter, args.officer)
    name = f"poster-ikm-{period.first}-{period.last}-{(args.paper or 'A4').upper()}.pdf" if poster else \
        f"laporan-{args.kind}-{period.first}-{period.last}.{fmt}"
    out = Path(args.out) if args.out else Path(name)
    from db.cli import _open, _print

    result = reports.report(_open(args), kind, period, filters)
    if poster:
        from db.render.poster import write_poster

        write_poster(result, out, args.paper or "A4", args.lang)
    else:
        render(result, fmt, out, args.lang)
    printed = {"kind": args.kind if poster else kind, "first": period.first, "last": period.last,
               "format": fmt, "file": str(out)}
    if poster:
        printed["paper"] = (args.paper or "A4").upper()
    _print(printed, args.json, f"{out} written ({period.title('en')})")
    return 0
