"""The IKM in a PDF: the index and grade large, respondents against the minimum sample,
the WBK index, the NRR chart, the weakest elements; and the follow-up plan as a paragraph."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, TableStyle
from reportlab.platypus import Table as PdfTable

from db.render.ikmchart import GRADE_COLOURS, nrr_bars
from db.render.numbers import number, percent
from db.render.texts import text
from db.survey.elements import question
from db.survey.ikm import IkmResult

BIG = ParagraphStyle("ikm_big", fontName="Helvetica-Bold", fontSize=30, leading=34)
BODY = ParagraphStyle("ikm_body", fontName="Helvetica", fontSize=9, leading=11.5)
H2 = ParagraphStyle("ikm_h2", fontName="Helvetica-Bold", fontSize=11, leading=14, spaceBefore=8, spaceAfter=4)


def esc(value: str) -> str:
    """``value`` safe inside a reportlab paragraph."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def respondents_text(r: IkmResult, language: str) -> str:
    """``5 dari 86 (5,8%)``, or the count alone without a target."""
    if not r.target_sample:
        return number(r.respondents, language)
    return text("of_target", language, n=number(r.respondents, language), target=number(r.target_sample, language),
                share=percent(r.progress, language))


def headline(r: IkmResult, width: float, language: str, heading: bool = False) -> list[Flowable]:
    """The index and grade, respondents against the target, the WBK index and the weakest elements."""
    out: list[Flowable] = [Paragraph(text("t_ikm", language), H2)] if heading else []
    if r.index is None or r.grade is None:
        big = Paragraph("–", BIG)
        grade_text = text("no_ikm", language)
    else:
        colour = GRADE_COLOURS[r.grade.letter].hexval()[2:]
        big = Paragraph(f'<font color="#{colour}">{number(r.index, language, 2)}</font>', BIG)
        grade_text = f"<b>{text('grade', language)}: {r.grade.letter} ({esc(r.grade.name(language))})</b>"
    rows = [[text("h_respondents", language), respondents_text(r, language)],
            [text("complete", language), number(r.complete, language)],
            [text("previous_visitors", language), number(r.previous_visitors, language)]]
    if r.wbk is not None:
        rows.append([text("h_wbk", language), number(r.wbk.index, language, 2)])
    if r.weakest:
        rows.append([text("h_weakest", language), ", ".join(
            f"{e.code} {question(e.key).title(language)} ({number(e.nrr_rounded, language, 2)})" for e in r.weakest)])
    facts = PdfTable([[Paragraph(esc(k), BODY), Paragraph(f"<b>{esc(v)}</b>", BODY)] for k, v in rows],
                     colWidths=[56 * mm, width - 56 * mm - 62 * mm])
    facts.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#c8d2dc")),
                               ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    left = [big, Paragraph(grade_text, BODY)]
    block = PdfTable([[left, facts]], colWidths=[62 * mm, width - 62 * mm])
    block.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    out += [block, Spacer(1, 4 * mm), nrr_bars(r.elements, width, language)]
    return out


def plan_paragraphs(plan: str, language: str) -> list[Flowable]:
    """The follow-up plan under its heading, line breaks kept."""
    body = esc(plan).replace("\n", "<br/>") if plan.strip() else f"<i>{text('no_plan', language)}</i>"
    return [Paragraph(text("t_plan", language), H2), Paragraph(body, BODY)]
