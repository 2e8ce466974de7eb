"""A report as an A4 PDF (reportlab): the site's name and logo, the period and filters,
the summary's headline figures and charts, the tables, the definitions, page numbers.

Portrait, or landscape when a table has more than :data:`PORTRAIT_COLUMNS` columns.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as PdfTable

from db.render import charts
from db.render.ikmpdf import headline as ikm_headline
from db.render.ikmpdf import plan_paragraphs
from db.render.numbers import day, moment, number, percent
from db.render.tables import Table, definitions, filter_text, tables, title
from db.render.texts import WEEKDAY_SHORT, text
from db.reports import Report
from db.reports.figures import ArrivalsReport, ComplianceReport, Summary, VolumeReport
from db.sitetime import zone
from db.survey.ikm import IkmResult

PORTRAIT_COLUMNS = 10
MARGIN = 15 * mm
_STYLES = getSampleStyleSheet()
H1 = ParagraphStyle("h1", parent=_STYLES["Title"], fontName="Helvetica-Bold", fontSize=16, leading=20, alignment=0,
                    spaceAfter=2)
H2 = ParagraphStyle("h2", parent=_STYLES["Heading2"], fontName="Helvetica-Bold", fontSize=11, leading=14,
                    spaceBefore=8, spaceAfter=4)
BODY = ParagraphStyle("body", parent=_STYLES["BodyText"], fontName="Helvetica", fontSize=9, leading=11.5)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=7.5, leading=9.5)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=7.5, leading=9)
HEAD = ParagraphStyle("head", parent=CELL, fontName="Helvetica-Bold")
HEAD_NUM = ParagraphStyle("headnum", parent=HEAD, alignment=TA_RIGHT)


def _esc(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cell_text(value: Any, kind: str, language: str) -> str:
    """One cell as the PDF prints it (``1.234``, ``12,5``, ``92,3%``, ``1 November 2026``, ``–``)."""
    if value is None:
        return "–"
    if kind == "int":
        return number(value, language)
    if kind == "min":
        return number(value, language, 1)
    if kind == "pct":
        return percent(value, language)
    if kind == "dec":
        return number(value, language, 2)
    if kind == "date":
        return day(value, language)
    return str(value)


def _widths(t: Table, width: float, language: str) -> list[float]:
    """Column widths: each number or date column as wide as its longest header word or cell
    (never a word broken), the text columns share the rest."""
    pad = 14.0  # the table cell padding (6 + 6) and a little air
    need = []
    for i, c in enumerate(t.columns):
        words = max((stringWidth(w, "Helvetica-Bold", 7.5) for w in c.header.split()), default=0.0)
        cells = 0.0 if c.kind == "text" else max(
            (stringWidth(cell_text(row[i], c.kind, language), "Helvetica-Bold", 7.5) for row in t.rows), default=0.0)
        need.append(max(words, cells) + pad)
    fixed = sum(n for n, c in zip(need, t.columns, strict=True) if c.kind != "text")
    texts = [i for i, c in enumerate(t.columns) if c.kind == "text"]
    if not texts:
        return [n * width / fixed for n in need]
    spare = width - fixed
    if spare < 90 * len(texts):  # too many numbers: scale them down, keep the text readable
        scale = (width - 90 * len(texts)) / fixed
        return [90.0 if c.kind == "text" else n * scale for n, c in zip(need, t.columns, strict=True)]
    return [spare / len(texts) if c.kind == "text" else n for n, c in zip(need, t.columns, strict=True)]


def pdf_table(t: Table, width: float, language: str) -> list[Flowable]:
    """A table under its title; the header repeats on every page it spans."""
    head = [Paragraph(_esc(c.header), HEAD if c.kind in ("text", "date", "code") else HEAD_NUM) for c in t.columns]
    body: list[list[Any]] = []
    for row in t.rows:
        body.append([Paragraph(_esc(cell_text(v, c.kind, language)), CELL) if c.kind == "text"
                     else cell_text(v, c.kind, language) for v, c in zip(row, t.columns, strict=True)])
    if not body:
        return [Paragraph(_esc(t.title), H2), Paragraph(text("no_data", language), SMALL)]
    table = PdfTable([head, *body], colWidths=_widths(t, width, language), repeatRows=1)
    style = [
        ("FONT", (0, 1), (-1, -1), "Helvetica", 7.5),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dce6f1")),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.HexColor("#5b7fa6")),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f4f6f8")]),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for i, c in enumerate(t.columns):
        if c.kind not in ("text", "date", "code"):
            style.append(("ALIGN", (i, 1), (i, -1), "RIGHT"))
    if t.totals:
        style += [("FONT", (0, -t.totals), (-1, -1), "Helvetica-Bold", 7.5),
                  ("LINEABOVE", (0, -t.totals), (-1, -t.totals), 0.6, colors.grey)]
    table.setStyle(TableStyle(style))
    return [KeepTogether([Paragraph(_esc(t.title), H2), table]) if len(body) < 25 else Paragraph(_esc(t.title), H2),
            *([] if len(body) < 25 else [table])]


def _headline(s: Summary, report: Report, language: str) -> list[Flowable]:
    """The head of the unit's figures at a glance."""
    v, t, c, a, b = s.volume.total, s.times.total, s.compliance.total, s.arrivals, s.bookings.total
    unit = text("minutes_unit", language)
    peak = a.peak
    peak_text = "–" if peak is None else (
        f"{WEEKDAY_SHORT[language][peak[0]]} {peak[1]:02d}.00–{peak[1] + 1:02d}.00 ({number(peak[2], language)})"
        if language == "id" else
        f"{WEEKDAY_SHORT[language][peak[0]]} {peak[1]:02d}:00–{peak[1] + 1:02d}:00 ({number(peak[2], language)})")
    rows = [
        (text("h_issued", language), number(v.issued, language)),
        (text("h_served", language), number(v.served, language)),
        (text("h_no_show_rate", language), percent(v.no_show_rate, language)),
        (text("h_compliance", language), f"{percent(c.share, language)} ({number(c.met, language)} / "
                                         f"{number(c.measured, language)})"),
        (text("h_wait", language), f"{number(t.waiting.mean, language, 1)} / {number(t.waiting.median, language, 1)} {unit}"),
        (text("h_service", language), f"{number(t.service.mean, language, 1)} / {number(t.service.median, language, 1)} {unit}"),
        (text("h_peak", language), peak_text),
        (text("h_bookings", language), f"{number(b.booked, language)} / {number(b.walk_in, language)} "
                                       f"({percent(b.booked_share, language)})"),
    ]
    table = PdfTable([[Paragraph(_esc(k), BODY), Paragraph(f"<b>{_esc(val)}</b>", BODY)] for k, val in rows],
                     colWidths=[70 * mm, 80 * mm])
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#c8d2dc")),
                               ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return [Paragraph(text("headline", language), H2), table]


def _charts(report: Report, width: float, language: str) -> list[Flowable]:
    f = report.figures
    label = datetime.now(zone(report.timezone)).tzname() or ""
    out: list[Flowable] = []
    volume = f.volume if isinstance(f, Summary) else f if isinstance(f, VolumeReport) else None
    compliance = f.compliance if isinstance(f, Summary) else f if isinstance(f, ComplianceReport) else None
    arrivals = f.arrivals if isinstance(f, Summary) else f if isinstance(f, ArrivalsReport) else None
    if volume is not None and volume.by_service:
        out += [Spacer(1, 4 * mm), charts.volume_bars(volume, report, width, language)]
    if compliance is not None and any(r.share is not None for r in compliance.by_day):
        out += [Spacer(1, 4 * mm), charts.compliance_line(compliance, width, language)]
    if arrivals is not None and any(arrivals.by_weekday):
        out += [Spacer(1, 4 * mm), charts.arrivals_heatmap(arrivals, width, language, label)]
    return out


def _logo(path: str) -> Flowable | None:
    """The site's logo, 18 mm high, or None when it is not set or cannot be read."""
    if not path or not Path(path).is_file():
        return None
    try:
        img = Image(path)
        ratio = img.imageWidth / img.imageHeight
        return Image(path, width=18 * mm * ratio, height=18 * mm)
    except Exception:  # a broken image never stops the report
        return None


def _heading(report: Report, width: float, language: str) -> list[Flowable]:
    tz = zone(report.timezone)
    lines = [Paragraph(_esc(report.site_name), H1), Paragraph(f"<b>{_esc(title(report, language))}</b>", BODY),
             Paragraph(f"{text('period', language)}: {_esc(report.period.title(language))}", BODY)]
    if report.filters.describe():
        lines.append(Paragraph(f"{text('filters', language)}: {_esc(filter_text(report, language))}", BODY))
    lines.append(Paragraph(f"{text('generated', language)}: {_esc(moment(report.generated_at, tz, language))}", SMALL))
    logo = _logo(report.logo)
    if logo is None:
        return [*lines, Spacer(1, 3 * mm)]
    head = PdfTable([[logo, lines]], colWidths=[logo.drawWidth + 4 * mm, width - logo.drawWidth - 4 * mm])
    head.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [head, Spacer(1, 3 * mm)]


def _numbered(report: Report, language: str) -> type[Canvas]:
    """A canvas that writes "Halaman n dari m" and the report's name at the foot of every page."""
    footer = f"{report.site_name} · {title(report, language)} · {report.period.title(language)}"

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                width, _ = self._pagesize
                self.setFont("Helvetica", 7.5)
                self.setFillColor(colors.grey)
                self.drawString(MARGIN, 8 * mm, footer[:120])
                of = " dari " if language == "id" else " of "
                self.drawRightString(width - MARGIN, 8 * mm, text("page", language, n=self._pageNumber) + of + str(total))
                super().showPage()
            super().save()

    return NumberedCanvas


def _has_plan(f: object) -> bool:
    """Whether the IKM shown (alone or in the summary) has a follow-up plan written."""
    r = f.ikm if isinstance(f, Summary) else f
    return isinstance(r, IkmResult) and bool(r.plan.strip())


def write_pdf(report: Report, path: Path, language: str = "id") -> None:
    """Write ``report`` as an A4 PDF."""
    compact = report.kind == "summary"
    tabs = tables(report, language, compact=compact)
    wide = any(len(t.columns) > PORTRAIT_COLUMNS for t in tabs)
    size = landscape(A4) if wide else A4
    doc = SimpleDocTemplate(str(path), pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=MARGIN + 4 * mm, title=f"{title(report, language)} – {report.period.title(language)}",
                            author=report.site_name)
    width = size[0] - 2 * MARGIN
    story: list[Flowable] = _heading(report, width, language)
    f = report.figures
    if isinstance(f, Summary):
        story += _headline(f, report, language)
    if isinstance(f, IkmResult):
        story += ikm_headline(f, width, language)
    story += _charts(report, width, language)
    if isinstance(f, Summary) and f.ikm is not None and f.ikm.respondents:
        story += ikm_headline(f.ikm, width, language, heading=True)
    for t in tabs:
        story += plan_paragraphs(t.rows[0][1] if f is not None and _has_plan(f) else "", language) \
            if t.key == "plan" else pdf_table(t, width, language)
    story += [Paragraph(text("definitions", language), H2), Paragraph(_esc(definitions(report, language)), SMALL)]
    doc.build(story, canvasmaker=_numbered(report, language))
