"""A report as an Excel workbook (openpyxl): real numbers and dates, one sheet per table.

openpyxl rather than xlsxwriter: it writes and reads, so the tests read every workbook
back with the same library, and it is pure Python (no build on the office's Windows PCs).
Counts are integers, minutes floats shown with one decimal, shares numbers shown as a
percentage, dates Excel dates shown as ``1 November 2026``: Excel computes with all of them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from db.render.numbers import moment
from db.render.tables import Table, definitions, filter_text, tables, title
from db.render.texts import text
from db.reports import Report
from db.sitetime import zone

FORMATS = {"int": "#,##0", "min": "0.0", "pct": "0.0%", "date": "d mmmm yyyy", "text": "@", "dec": "0.00", "code": "@"}
_HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")


def sheet_name(name: str, used: set[str]) -> str:
    """An Excel sheet name: at most 31 characters, none of ``[]:*?/\\``, unique."""
    base = re.sub(r"[\[\]:*?/\\]", "-", name)[:31].strip() or "Sheet"
    candidate, n = base, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate.lower())
    return candidate


def _write_table(ws: Any, t: Table) -> None:
    ws.append([t.title])
    ws.cell(row=1, column=1).font = Font(bold=True, size=12)
    ws.append([c.header for c in t.columns])
    for i, _ in enumerate(t.columns, start=1):
        c = ws.cell(row=2, column=i)
        c.font = Font(bold=True)
        c.fill = _HEADER_FILL
        c.alignment = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(t.rows, start=3):
        bold = r - 3 >= len(t.rows) - t.totals
        for i, (value, col) in enumerate(zip(row, t.columns, strict=True), start=1):
            c = ws.cell(row=r, column=i, value=value)
            if value is not None and col.kind != "text":
                c.number_format = FORMATS[col.kind]
            if bold:
                c.font = Font(bold=True)
    for i, col in enumerate(t.columns, start=1):
        width = max([len(col.header) // 2 + 2, 10] + [len(str(row[i - 1])) + 2 for row in t.rows if col.kind == "text"])
        ws.column_dimensions[get_column_letter(i)].width = min(width, 45)
    ws.freeze_panes = "A3"


def write_xlsx(report: Report, path: Path, language: str = "id") -> None:
    """Write ``report``: a first sheet with its heading and definitions, then one sheet per table."""
    wb = Workbook()
    info = wb.active
    assert info is not None
    used: set[str] = set()
    info.title = sheet_name(text("headline", language), used)
    tz = zone(report.timezone)
    info.append([title(report, language)])
    info.cell(row=1, column=1).font = Font(bold=True, size=14)
    info.append([report.site_name])
    info.append([text("period", language), report.period.first, report.period.last])
    info.cell(row=3, column=2).number_format = FORMATS["date"]
    info.cell(row=3, column=3).number_format = FORMATS["date"]
    info.append([text("filters", language), filter_text(report, language) or "–"])
    info.append([text("generated", language), moment(report.generated_at, tz, language)])
    info.append([])
    info.append([text("definitions", language)])
    info.append([definitions(report, language)])
    info.cell(row=8, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    info.column_dimensions["A"].width = 100
    info.column_dimensions["B"].width = 22
    info.column_dimensions["C"].width = 22
    info.row_dimensions[8].height = 120
    for t in tables(report, language):
        ws = wb.create_sheet(sheet_name(t.title, used))
        _write_table(ws, t)
        if t.key == "ikm_elements" and t.rows:
            _nrr_chart(ws, t, language)
    wb.save(path)


def _nrr_chart(ws: Any, t: Table, language: str) -> None:
    """A bar chart of the NRR column (the last) beside the table, scale 0–4."""
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    chart.type = "bar"
    chart.title = text("c_nrr", language)
    chart.legend = None
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 4
    chart.y_axis.majorUnit = 1
    column = len(t.columns)
    last = 2 + len(t.rows)
    chart.add_data(Reference(ws, min_col=column, min_row=2, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=3, max_row=last))
    chart.x_axis.scaling.orientation = "maxMin"  # U1 at the top
    chart.height, chart.width = 9, 16
    ws.add_chart(chart, f"{get_column_letter(column + 2)}2")
