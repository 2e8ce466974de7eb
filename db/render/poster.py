"""The IKM poster: one page (A4 or A3, portrait) to publish the index, as the regulation asks.

The site's logo and name, "INDEKS KEPUASAN MASYARAKAT", the period, the IKM huge in its
grade's colour, the grade letter and name, the respondents, the NRR per element, the
regulation it follows. Drawn in A4 units; A3 is the same page scaled by √2.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.lib import colors
from reportlab.lib.pagesizes import A3, A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from db.render.ikmchart import GRADE_COLOURS, nrr_bars
from db.render.numbers import number
from db.render.texts import text
from db.reports import Report
from db.survey.ikm import IkmResult

PAPERS = {"A4": A4, "A3": A3}
INK = colors.HexColor("#263238")
MUTED = colors.HexColor("#607d8b")


def _centred(c: Canvas, y: float, value: str, font: str, size: float, width: float, colour: colors.Color = INK) -> None:
    """``value`` centred on the page at ``y``, made smaller until it fits the margins."""
    while size > 6 and stringWidth(value, font, size) > width - 30 * mm:
        size -= 1
    c.setFont(font, size)
    c.setFillColor(colour)
    c.drawCentredString(width / 2, y, value)


def _logo(c: Canvas, path: str, width: float, top: float) -> float:
    """The logo centred under ``top`` (30 mm high); the height used (0 without a readable logo)."""
    if not path or not Path(path).is_file():
        return 0.0
    try:
        img = ImageReader(path)
        w, h = img.getSize()
    except Exception:  # a broken image never stops the poster
        return 0.0
    height = 30 * mm
    c.drawImage(img, (width - height * w / h) / 2, top - height, height * w / h, height, mask="auto")
    return height + 6 * mm


def write_poster(report: Report, path: Path, paper: str = "A4", language: str = "id") -> Path:
    """Write the IKM ``report`` (``reports.report(db, "ikm", period)``) as a one-page poster
    on ``paper`` (``A4`` or ``A3``); returns the path."""
    if paper.upper() not in PAPERS:
        raise ValueError(f"unknown paper '{paper}' (A4 or A3)")
    r = report.figures
    if not isinstance(r, IkmResult):
        raise TypeError("a poster shows the IKM: make the report with kind 'ikm'")
    size = PAPERS[paper.upper()]
    scale = size[0] / A4[0]
    c = Canvas(str(path), pagesize=size)
    c.setTitle(f"{text('poster_title', language)} – {report.period.title(language)}")
    c.setAuthor(report.site_name)
    c.scale(scale, scale)
    width, height = A4
    y = height - 18 * mm
    y -= _logo(c, report.logo, width, y)
    _centred(c, y - 14, report.site_name, "Helvetica-Bold", 18, width)
    y -= 30 * mm
    _centred(c, y, text("poster_title", language), "Helvetica-Bold", 30, width, colors.HexColor("#0d47a1"))
    y -= 13 * mm
    _centred(c, y, report.period.title(language), "Helvetica", 20, width, MUTED)
    colour = GRADE_COLOURS[r.grade.letter] if r.grade is not None else MUTED
    y -= 55 * mm
    _centred(c, y, "–" if r.index is None else number(r.index, language, 2), "Helvetica-Bold", 130, width, colour)
    y -= 22 * mm
    if r.grade is not None:
        radius = 11 * mm
        c.setFillColor(colour)
        c.circle(width / 2 - 42 * mm, y + 3 * mm, radius, stroke=0, fill=1)
        c.setFillColor(colors.white)
        c.setFont("Helvetica-Bold", 34)
        c.drawCentredString(width / 2 - 42 * mm, y + 3 * mm - 12, r.grade.letter)
        c.setFillColor(INK)
        c.setFont("Helvetica", 13)
        c.drawString(width / 2 - 26 * mm, y + 7 * mm, text("poster_quality", language))
        c.setFont("Helvetica-Bold", 24)
        c.drawString(width / 2 - 26 * mm, y - 3 * mm, r.grade.name(language).upper())
    else:
        _centred(c, y, text("no_ikm", language), "Helvetica", 13, width, MUTED)
    y -= 20 * mm
    _centred(c, y, text("poster_respondents", language, n=number(r.respondents, language)), "Helvetica", 16, width)
    chart = nrr_bars(r.elements, width - 50 * mm, language)
    top, bottom = y - 10 * mm, 34 * mm  # the chart fits between the respondents and the footer
    k = min(1.0, (top - bottom) / chart.height)  # smaller when a logo takes its room
    c.saveState()
    c.translate((width - chart.width * k) / 2, top - chart.height * k)
    c.scale(k, k)
    renderPDF.draw(chart, c, 0, 0)
    c.restoreState()
    _centred(c, 24 * mm, text("poster_thanks", language), "Helvetica-Oblique", 12, width)
    _centred(c, 16 * mm, text("poster_basis", language), "Helvetica", 9, width, MUTED)
    c.showPage()
    c.save()
    return path
