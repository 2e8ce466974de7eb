"""A report as CSV that Excel opens correctly.

UTF-8 with a byte-order mark (``utf-8-sig``): without it Excel reads the file as the
PC's ANSI code page and breaks every non-ASCII letter. The separator and decimal mark
follow the language's Excel regional settings, since Excel splits a CSV on the list
separator of the PC's region: Indonesian (``id``) uses ``;`` and a decimal comma
(``12,5``), English uses ``,`` and a decimal point. No ``sep=`` line: Excel then ignores
the byte-order mark. Numbers carry no thousands separator (Excel would read ``1.234``
as text in one region or the other); dates are ISO (``2026-11-05``), which Excel reads
as dates in every region. Each table comes under its title, a blank line between tables.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from db.render.tables import Table, filter_text, tables, title
from db.reports import Report


def dialect(language: str) -> tuple[str, str]:
    """``(separator, decimal mark)`` of ``language``."""
    return (";", ",") if language == "id" else (",", ".")


def cell(value: Any, kind: str, decimal: str) -> str:
    """One cell as text: counts as they are, minutes to two places, shares as percent, ISO dates."""
    if value is None:
        return ""
    if kind == "min":
        return f"{value:.2f}".replace(".", decimal)
    if kind == "pct":
        return f"{value * 100:.2f}".replace(".", decimal)
    if kind == "dec":
        return f"{value:.2f}".replace(".", decimal)
    if kind == "date":
        return str(value.isoformat())
    return str(value)


def rows_of(table: Table, decimal: str) -> list[list[str]]:
    """A table's title, header and rows."""
    return [[table.title], [c.header for c in table.columns],
            *([cell(v, c.kind, decimal) for v, c in zip(row, table.columns, strict=True)] for row in table.rows)]


def write_csv(report: Report, path: Path, language: str = "id") -> None:
    """Write every table of ``report`` to one CSV file."""
    sep, decimal = dialect(language)
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f, delimiter=sep, lineterminator="\r\n")
        out.writerow([title(report, language), report.site_name])
        out.writerow([report.period.first.isoformat(), report.period.last.isoformat(), filter_text(report, language)])
        for t in tables(report, language):
            out.writerow([])
            out.writerows(rows_of(t, decimal))
