"""The summary's charts, drawn with reportlab's own graphics (no plotting library):
bars per service, a line of compliance per day, an hour × weekday heat map."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors

from db.render.numbers import number
from db.render.texts import WEEKDAY_SHORT, text
from db.reports import Report
from db.reports.figures import ArrivalsReport, ComplianceReport, VolumeReport

ISSUED = colors.HexColor("#90a4ae")
SERVED = colors.HexColor("#1565c0")
FONT = "Helvetica"


def _caption(d: Drawing, caption: str) -> None:
    d.add(String(0, d.height - 10, caption, fontName="Helvetica-Bold", fontSize=10))


def volume_bars(v: VolumeReport, report: Report, width: float, language: str = "id") -> Drawing:
    """Issued and served tickets per service, two bars each, counts above the bars."""
    d = Drawing(width, 190)
    _caption(d, text("c_volume", language))
    rows = v.by_service
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 35, width - 150, 125
    chart.data = [[r.issued for r in rows] or [0], [r.served for r in rows] or [0]]
    chart.categoryAxis.categoryNames = [report.services[r.service_id].code if r.service_id is not None else ""
                                        for r in rows] or [""]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = lambda x: number(x, language)
    chart.bars[0].fillColor = ISSUED
    chart.bars[1].fillColor = SERVED
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 6
    chart.barLabelFormat = lambda x: number(x, language)
    chart.barLabels.nudge = 6
    d.add(chart)
    legend = Legend()
    legend.x, legend.y = width - 100, 140
    legend.fontName, legend.fontSize = FONT, 8
    legend.colorNamePairs = [(ISSUED, text("issued", language)), (SERVED, text("served", language))]
    d.add(legend)
    return d


def compliance_line(c: ComplianceReport, width: float, language: str = "id") -> Drawing:
    """Compliance (%) of all services per business day with visits measured."""
    d = Drawing(width, 180)
    _caption(d, text("c_compliance", language))
    days = [r for r in c.by_day if r.share is not None]
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 40, 35, width - 60, 115
    chart.data = [[(r.share or 0) * 100 for r in days] or [0]]
    every = max(1, len(days) // 16)
    chart.categoryAxis.categoryNames = [f"{r.day.day}/{r.day.month}" if i % every == 0 and r.day else ""
                                        for i, r in enumerate(days)] or [""]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 45 if len(days) > 12 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(days) > 12 else "n"
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = lambda x: number(x, language) + "%"
    chart.lines[0].strokeColor = SERVED
    chart.lines[0].strokeWidth = 1.5
    chart.joinedLines = 1
    d.add(chart)
    return d


def _heat(share: float) -> colors.Color:
    """White (0, no arrivals) to deep blue (1, the busiest hour)."""
    return colors.Color(1 - 0.85 * share, 1 - 0.6 * share, 1 - 0.2 * share)


def arrivals_heatmap(a: ArrivalsReport, width: float, language: str = "id", zone_label: str = "") -> Drawing:
    """Hours (columns) × weekdays (rows), each cell shaded by its arrivals and labelled with them."""
    by_hour = a.by_hour
    used = [h for h in range(24) if by_hour[h]] or [8]
    hours = list(range(min(used), max(used) + 1))
    weekdays = [w for w in range(7) if a.by_weekday[w]] or list(range(5))
    left, top_pad, cell_h = 34, 24, 20
    cell_w = min(52.0, (width - left - 10) / len(hours))
    height = top_pad + cell_h * len(weekdays) + 30
    d = Drawing(width, height)
    _caption(d, text("c_heatmap", language))
    values = [a.counts[w][h] for w in weekdays for h in hours if a.counts[w][h]]
    peak, low = max(values, default=1), min(values, default=0)

    def shade(value: int) -> float:
        """0 for no arrivals; else from 0.2 (the quietest hour) to 1 (the busiest), so peaks stand out."""
        return 0.0 if not value else 0.2 + 0.8 * ((value - low) / (peak - low) if peak > low else 1.0)

    y0 = height - top_pad
    for row, w in enumerate(weekdays):
        y = y0 - (row + 1) * cell_h
        d.add(String(left - 4, y + 5, WEEKDAY_SHORT[language][w], fontName=FONT, fontSize=8, textAnchor="end"))
        for col, h in enumerate(hours):
            value = a.counts[w][h]
            x = left + col * cell_w
            d.add(Rect(x, y, cell_w, cell_h, fillColor=_heat(shade(value)), strokeColor=colors.white, strokeWidth=0.5))
            if value:
                ink = colors.white if shade(value) > 0.55 else colors.black
                d.add(String(x + cell_w / 2, y + 5, number(value, language), fontName=FONT, fontSize=6.5,
                             textAnchor="middle", fillColor=ink))
    base = y0 - len(weekdays) * cell_h
    for col, h in enumerate(hours):
        d.add(String(left + col * cell_w + cell_w / 2, base - 10, f"{h:02d}", fontName=FONT, fontSize=7,
                     textAnchor="middle"))
    d.add(String(left, base - 22, text("hour", language) + (f" ({zone_label})" if zone_label else ""), fontName=FONT, fontSize=7))
    d.add(Line(left, base, left + len(hours) * cell_w, base, strokeColor=colors.grey, strokeWidth=0.5))
    return d
