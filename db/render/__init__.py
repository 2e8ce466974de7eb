"""Reports rendered as PDF (reportlab), XLSX (openpyxl) and CSV, in Indonesian or English.

``render(report, fmt, path, language)`` writes one :class:`db.reports.Report`; the
pieces: :mod:`db.render.tables` (a report as titled tables, shared by every format),
:mod:`db.render.numbers` (Indonesian and English number and date style), and one module
per format.
"""

from __future__ import annotations

from pathlib import Path

from db.reports import Report

FORMATS = ("pdf", "xlsx", "csv")


def render(report: Report, fmt: str, path: Path, language: str = "id") -> Path:
    """Write ``report`` to ``path`` as ``fmt`` (``pdf``, ``xlsx`` or ``csv``); returns the path."""
    if fmt == "pdf":
        from db.render.pdf import write_pdf

        write_pdf(report, path, language)
    elif fmt == "xlsx":
        from db.render.xlsx import write_xlsx

        write_xlsx(report, path, language)
    elif fmt == "csv":
        from db.render.csvfile import write_csv

        write_csv(report, path, language)
    else:
        raise ValueError(f"unknown format '{fmt}' (pdf, xlsx or csv)")
    return path
