"""The NRR per element as horizontal bars (reportlab graphics), each bar coloured by the
grade its value converts to (NRR × 25), its value written after it."""

from __future__ import annotations

from fractions import Fraction

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from db.render.numbers import number
from db.render.texts import text
from db.survey.elements import question
from db.survey.ikm import ElementScore, grade, round_half_up

FONT = "Helvetica"
#: A bar's colour by the grade of its NRR × 25.
GRADE_COLOURS = {"A": colors.HexColor("#2e7d32"), "B": colors.HexColor("#1565c0"),
                 "C": colors.HexColor("#ef6c00"), "D": colors.HexColor("#c62828")}
NO_ANSWER = colors.HexColor("#b0bec5")


def bar_colour(nrr: Fraction | None) -> colors.Color:
    """The colour of an element's bar: its NRR × 25 graded as an IKM; grey without answers."""
    if nrr is None:
        return NO_ANSWER
    return GRADE_COLOURS[grade(round_half_up(nrr * 25)).letter]


def nrr_bars(elements: tuple[ElementScore, ...], width: float, language: str = "id", caption: str = "") -> Drawing:
    """One bar per element (U1 at the top), scale 0–4, labelled ``U1 Persyaratan`` and ``3,25``."""
    label_w = min(210.0, width * 0.42)
    row = 17
    height = 30 + row * len(elements) + 24
    d = Drawing(width, height)
    d.add(String(0, height - 10, caption or text("c_nrr", language), fontName="Helvetica-Bold", fontSize=10))
    chart = HorizontalBarChart()
    chart.x, chart.y = label_w, 22
    chart.width, chart.height = width - label_w - 40, row * len(elements)
    chart.data = [[float(e.nrr) if e.nrr is not None else 0.0 for e in reversed(elements)]]
    chart.categoryAxis.categoryNames = [f"{e.code}  {question(e.key).title(language)}" for e in reversed(elements)]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 4, 1
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = lambda x: number(x, language)
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#dfe4ea")
    chart.barWidth = 10
    chart.groupSpacing = 4
    chart.bars.strokeColor = None
    for i, e in enumerate(reversed(elements)):
        chart.bars[(0, i)].fillColor = bar_colour(e.nrr)
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    shown = [e.nrr_rounded for e in reversed(elements)]
    chart.barLabelFormat = "values"  # the labels below: rounded exactly, decimal comma
    chart.barLabelArray = [[("–" if v is None else number(v, language, 2)) for v in shown]]
    d.add(chart)
    return d
