"""The IKM's arithmetic (Permenpan RB 14/2017): every expected value worked out by hand here."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from db.reports import ReportError, parse_period
from db.reports.period import Period, current_period
from db.survey import ikm
from db.survey.ikm import ElementScore, grade, index, krejcie_morgan, nrr, round_half_up, weakest


def test_nrr_is_the_exact_mean_of_the_answers() -> None:
    assert nrr(10, 3) == Fraction(10, 3)  # 4 + 3 + 3 = 10 over 3 answers, not 3.33
    assert nrr(0, 0) is None


def test_index_of_a_worked_example() -> None:
    # Four visitors; the fourth answered only U1.
    #   U1: 4+3+4+2 = 13 / 4   U2: 4+3+3 = 10 / 3   U3: 3+3+2 = 8 / 3
    #   U4: 3+4+4 = 11 / 3     U5: 4+3+3 = 10 / 3   U6: 3+3+4 = 10 / 3
    #   U7: 4+4+4 = 12 / 3     U8: 2+3+3 =  8 / 3   U9: 3+3+4 = 10 / 3
    # Σ NRR = 13/4 + (10+8+11+10+10+12+8+10)/3 = 39/12 + 316/12 = 355/12
    # IKM = 355/12 × 1/9 × 25 = 8875/108 = 82,1759… → 82,18, grade B (Baik).
    nrrs = [Fraction(13, 4), Fraction(10, 3), Fraction(8, 3), Fraction(11, 3), Fraction(10, 3), Fraction(10, 3),
            Fraction(12, 3), Fraction(8, 3), Fraction(10, 3)]
    assert index(nrrs) == Decimal("82.18")
    assert grade(Decimal("82.18")).letter == "B"
    # Rounding each NRR first would give 3,25+3,33+2,67+3,67+3,33+3,33+4+2,67+3,33 = 29,58
    # → 29,58 / 9 × 25 = 82,1666… = 82,17: the index is rounded only at the end.
    assert index([Fraction(str(round_half_up(v))) for v in nrrs]) == Decimal("82.17")


def test_index_rounds_half_up_only_at_the_end() -> None:
    # Eight NRR of 3,5 and one of 3,7898: Σ = 28 + 3,7898 = 31,7898; / 9 × 25 = 88,305 exactly,
    # which rounds half up to 88,31 (grade A), not to the binary float's 88,30.
    nrrs = [Fraction(7, 2)] * 8 + [Fraction("3.7898")]
    assert sum(nrrs) / 9 * 25 == Fraction("88.305")
    assert index(nrrs) == Decimal("88.31")
    assert grade(index(nrrs) or Decimal(0)).letter == "A"
    # One ten-thousandth less: Σ = 31,7897 → 88,30472… → 88,30 (grade B).
    assert index([Fraction(7, 2)] * 8 + [Fraction("3.7897")]) == Decimal("88.30")
    assert round_half_up(Fraction(1, 8)) == Decimal("0.13")  # 0,125 → 0,13
    assert round_half_up(Fraction(5, 2), 0) == Decimal("3")
    with pytest.raises(ValueError):
        round_half_up(Fraction(-1, 2))


def test_index_bounds_and_missing_elements() -> None:
    assert index([Fraction(4)] * 9) == Decimal("100.00")  # 4 × 25
    assert index([Fraction(1)] * 9) == Decimal("25.00")  # 1 × 25
    assert index([Fraction(4)] * 8 + [None]) is None  # U9 not answered yet: no index
    assert index([]) is None
    # The WBK index over five items: 7/2 + 4 + 4 + 7/2 + 4 = 19; 19 / 5 × 25 = 95,00.
    assert index([Fraction(7, 2), Fraction(4), Fraction(4), Fraction(7, 2), Fraction(4)]) == Decimal("95.00")


@pytest.mark.parametrize(("value", "letter", "name"), [
    ("100.00", "A", "Sangat Baik"), ("88.31", "A", "Sangat Baik"),
    ("88.30", "B", "Baik"), ("76.61", "B", "Baik"),
    ("76.60", "C", "Kurang Baik"), ("65.00", "C", "Kurang Baik"),
    ("64.99", "D", "Tidak Baik"), ("25.00", "D", "Tidak Baik"),
])
def test_grade_edges(value: str, letter: str, name: str) -> None:
    g = grade(Decimal(value))
    assert (g.letter, g.name("id")) == (letter, name)
    assert g.name("en")


@pytest.mark.parametrize("value", ["24.99", "100.01", "0"])
def test_grade_outside_the_scale(value: str) -> None:
    with pytest.raises(ValueError):
        grade(Decimal(value))


@pytest.mark.parametrize(("population", "sample"), [
    # The published Krejcie–Morgan table (the regulation's appendix).
    (10, 10), (15, 14), (20, 19), (50, 44), (100, 80), (200, 132), (500, 217), (1000, 278), (10_000, 370),
    (1_000_000, 384), (1, 1), (0, 0),
])
def test_krejcie_morgan_table(population: int, sample: int) -> None:
    assert krejcie_morgan(population) == sample


def test_krejcie_morgan_by_hand() -> None:
    # N = 100: 3,841 × 100 × 0,25 = 96,025; 0,05² × 99 + 3,841 × 0,25 = 0,2475 + 0,96025 = 1,20775;
    # 96,025 / 1,20775 = 79,507… → 80.  N = 50: 48,0125 / (0,1225 + 0,96025) = 44,34… → 44.
    assert krejcie_morgan(100) == 80
    assert krejcie_morgan(50) == 44


def test_weakest_lowest_nrr_ties_by_code() -> None:
    elements = [ElementScore("u1", "U1", 4, 13, Fraction(13, 4)), ElementScore("u8", "U8", 3, 8, Fraction(8, 3)),
                ElementScore("u3", "U3", 3, 8, Fraction(8, 3)), ElementScore("u2", "U2", 0, 0, None),
                ElementScore("u4", "U4", 3, 12, Fraction(4))]
    assert [e.code for e in weakest(elements)] == ["U3", "U8", "U1"]
    assert [e.code for e in weakest(elements, 1)] == ["U3"]
    assert elements[0].nrr_rounded == Decimal("3.25") and elements[3].nrr_rounded is None


@pytest.mark.parametrize(("text", "first", "last", "kind", "title_id", "title_en"), [
    ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30), "quarter", "Triwulan III 2026", "Q3 2026"),
    ("2026-q1", date(2026, 1, 1), date(2026, 3, 31), "quarter", "Triwulan I 2026", "Q1 2026"),
    ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31), "quarter", "Triwulan IV 2026", "Q4 2026"),
    ("2026-S2", date(2026, 7, 1), date(2026, 12, 31), "semester", "Semester II 2026", "Second half of 2026"),
    ("2026-S1", date(2026, 1, 1), date(2026, 6, 30), "semester", "Semester I 2026", "First half of 2026"),
])
def test_survey_periods(text: str, first: date, last: date, kind: str, title_id: str, title_en: str) -> None:
    p = parse_period(text)
    assert (p.first, p.last, p.kind) == (first, last, kind)
    assert (p.title("id"), p.title("en")) == (title_id, title_en)


@pytest.mark.parametrize("text", ["2026-Q5", "2026-Q0", "2026-S3", "2026-H2"])
def test_bad_survey_periods(text: str) -> None:
    with pytest.raises(ReportError, match="is not a period"):
        parse_period(text)


def test_previous_periods() -> None:
    assert parse_period("2026-Q1").previous() == Period(date(2025, 10, 1), date(2025, 12, 31), "quarter")
    assert parse_period("2026-S1").previous() == Period(date(2025, 7, 1), date(2025, 12, 31), "semester")
    assert parse_period("2026-S2").previous() == Period(date(2026, 1, 1), date(2026, 6, 30), "semester")
    assert parse_period("2026").previous() == Period(date(2025, 1, 1), date(2025, 12, 31), "year")
    assert parse_period("2026-03").previous() == Period(date(2026, 2, 1), date(2026, 2, 28), "month")
    # From–to: the same number of days just before (10 – 19 November: 10 days → 31 October – 9 November).
    assert Period(date(2026, 11, 10), date(2026, 11, 19)).previous() == \
        Period(date(2026, 10, 31), date(2026, 11, 9), "range")


def test_current_period() -> None:
    day = date(2026, 12, 1)
    assert current_period("semester", day) == parse_period("2026-S2")
    assert current_period("quarter", day) == parse_period("2026-Q4")
    assert current_period("year", day) == parse_period("2026")
    assert current_period("quarter", date(2026, 4, 1)) == parse_period("2026-Q2")
    assert ikm.current_period is current_period
    with pytest.raises(ReportError):
        current_period("range", day)
