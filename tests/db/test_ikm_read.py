"""The IKM read from a real database (SQLite and PostgreSQL): a hand-computed period."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from fractions import Fraction

import pytest

from db import reports
from db.database import Database
from db.reports import ReportError, parse_period
from db.survey import ikm
from tests.db.dbtools import count_statements
from tests.db.surveyseed import respond, set_plan, visits

Q3 = parse_period("2026-Q3")
AUG = date(2026, 8, 3)


def _seed(db: Database) -> None:
    """Service A: three complete responses and one with only U1; service B: one, all 2."""
    respond(db, "A", AUG, [4, 4, 3, 3, 4, 3, 4, 2, 3], gender="L", age_group="25-34", comment="Antrean rapi",
            w1=4, w2=4, w3=4, w4=3, w5=4, at=datetime(2026, 8, 3, 2, 0, tzinfo=UTC))
    respond(db, "A", AUG, [3, 3, 3, 4, 3, 3, 4, 3, 3], gender="P", w1=3, w2=4, w3=4, w4=4, w5=4)
    respond(db, "A", date(2026, 9, 30), [4, 3, 2, 4, 3, 4, 4, 3, 4], gender="P", comment="Ruang tunggu panas",
            at=datetime(2026, 9, 30, 4, 0, tzinfo=UTC))
    respond(db, "A", AUG, [2, None, None, None, None, None, None, None, None], comment="")
    respond(db, "A", AUG, None, w1=1, gender="L")  # no element answered: not a respondent
    respond(db, "A", date(2026, 10, 1), [1] * 9)  # the next quarter
    respond(db, "B", AUG, [2] * 9, comment="Loket B lambat")
    # The previous quarter (April – June): 100 visits of A and 10 of B finished, 7 no-shows.
    visits(db, "A", date(2026, 5, 4), 100)
    visits(db, "B", date(2026, 6, 30), 10)
    visits(db, "A", date(2026, 5, 4), 7, status="no_show")
    visits(db, "A", date(2026, 7, 1), 50)  # this quarter: not the previous one
    set_plan(db, Q3.first, Q3.last, "Menambah kursi di ruang tunggu.")
    set_plan(db, date(2026, 7, 1), date(2026, 12, 31), "Rencana semester")


def test_unit_and_services_by_hand(db: Database) -> None:
    _seed(db)
    r = ikm.results(db, Q3)
    # Unit: A's four respondents and B's one (the W1-only response is not a respondent).
    #   U1: 4+3+4+2+2 = 15 / 5 = 3     U2: 4+3+3+2 = 12 / 4 = 3     U3: 3+3+2+2 = 10 / 4
    #   U4: 3+4+4+2 = 13 / 4           U5: 4+3+3+2 = 12 / 4 = 3     U6: 3+3+4+2 = 12 / 4 = 3
    #   U7: 4+4+4+2 = 14 / 4           U8: 2+3+3+2 = 10 / 4         U9: 3+3+4+2 = 12 / 4 = 3
    #   Σ = 3+3+2,5+3,25+3+3+3,5+2,5+3 = 26,75; 26,75 / 9 × 25 = 74,305… → 74,31, C (Kurang Baik).
    assert (r.respondents, r.complete) == (5, 4)
    assert [(e.answers, e.total) for e in r.elements] == [(5, 15), (4, 12), (4, 10), (4, 13), (4, 12), (4, 12),
                                                           (4, 14), (4, 10), (4, 12)]
    assert r.elements[2].nrr == Fraction(5, 2)
    assert r.index == Decimal("74.31")
    assert r.grade is not None and (r.grade.letter, r.grade.name_id) == ("C", "Kurang Baik")
    assert [e.code for e in r.weakest] == ["U3", "U8", "U1"]  # 2,5, 2,5 (by code), then 3 (U1 before U2)
    # Previous quarter: 100 + 10 finished visits; Krejcie–Morgan for 110:
    # 3,841 × 110 × 0,25 = 105,6275; 0,0025 × 109 + 0,96025 = 1,23275; 105,6275 / 1,23275 = 85,68… → 86.
    assert (r.previous_visitors, r.target_sample) == (110, 86)
    assert r.progress == pytest.approx(5 / 86)
    # WBK: two respondents (the W1-only response counts here). W1: 4+3+1 = 8 / 3; W2..W5:
    # (4+4)/2, (4+4)/2, (3+4)/2, (4+4)/2. Σ = 8/3 + 4 + 4 + 7/2 + 4 = 109/6; / 5 × 25 = 90,833… → 90,83.
    assert r.wbk is not None and r.wbk.respondents == 3
    assert r.wbk.index == Decimal("90.83")
    # Newest first (30 September 04.00, 3 August 03.00 and 02.00 UTC); the empty comment left out.
    assert r.comments == ("Ruang tunggu panas", "Loket B lambat", "Antrean rapi")
    assert r.plan == "Menambah kursi di ruang tunggu."
    assert r.profile == {"gender": {"L": 1, "P": 2}, "age_group": {"25-34": 1}}  # respondents only
    a, b = r.per_service
    assert a.service is not None and b.service is not None and (a.service.code, b.service.code) == ("A", "B")
    # A alone: Σ = 13/4 + 79/3 = 355/12; / 9 × 25 = 8875/108 = 82,175… → 82,18 (B, Baik).
    assert (a.respondents, a.complete, a.index) == (4, 3, Decimal("82.18"))
    assert a.grade is not None and a.grade.letter == "B"
    assert [e.code for e in a.weakest] == ["U3", "U8", "U1"]  # 8/3, 8/3, 13/4
    assert (a.previous_visitors, a.target_sample) == (100, 80)
    assert a.comments == ("Ruang tunggu panas", "Antrean rapi")
    # B: every answer 2 → 2 × 25 = 50,00 (D, Tidak Baik); 10 visitors before → 10.
    assert (b.respondents, b.index, b.target_sample) == (1, Decimal("50.00"), 10)
    assert b.grade is not None and b.grade.letter == "D" and b.wbk is None
    assert r.per_service[0].plan == r.plan


def test_one_service_and_no_answers(db: Database) -> None:
    _seed(db)
    b = ikm.results(db, Q3, service="b")
    assert b.service is not None and b.service.code == "B" and b.per_service == ()
    assert (b.respondents, b.index, b.comments) == (1, Decimal("50.00"), ("Loket B lambat",))
    c = ikm.results(db, Q3, service="C")  # no response, no visitor: an empty result, no index
    assert (c.respondents, c.index, c.grade, c.target_sample, c.weakest) == (0, None, None, 0, ())
    assert all(e.nrr is None for e in c.elements)
    empty = ikm.results(db, parse_period("2025-S1"))
    assert (empty.respondents, empty.index, empty.wbk, empty.plan, empty.per_service) == (0, None, None, "", ())
    with pytest.raises(ReportError, match="there is no service 'Z'"):
        ikm.results(db, Q3, service="Z")


def test_one_element_unanswered_gives_no_index(db: Database) -> None:
    respond(db, "A", AUG, [4, 4, 4, 4, 4, 4, 4, 4, None])
    r = ikm.results(db, Q3)
    assert (r.respondents, r.complete, r.index, r.grade) == (1, 0, None, None)
    assert r.elements[8].nrr is None and r.elements[0].nrr == 4


def test_reads_stay_flat(db: Database) -> None:
    respond(db, "A", AUG, [3] * 9, comment="satu", gender="L")
    few = count_statements(db, lambda: ikm.results(db, Q3))
    for n in range(12):
        respond(db, "A" if n % 2 else "B", AUG, [4] * 9, comment=f"komentar {n}", gender="P", education="S1")
    assert count_statements(db, lambda: ikm.results(db, Q3)) == few
    assert few <= 8


def test_ikm_is_a_report_and_in_the_summary(db: Database) -> None:
    _seed(db)
    rep = reports.report(db, "ikm", Q3)
    assert rep.kind == "ikm" and rep.figures.index == Decimal("74.31")
    summary = reports.summary(db, reports.month(2026, 8))
    assert summary.ikm is not None
    # August alone: the respondents of 3 August (not the one of 30 September).
    #   U1: 4+3+2+2 = 11/4; U2..U9 from the three complete ones: U2 (4+3+2)/3 = 3, U3 (3+3+2)/3 = 8/3,
    #   U4 (3+4+2)/3 = 3, U5 (4+3+2)/3 = 3, U6 (3+3+2)/3 = 8/3, U7 (4+4+2)/3 = 10/3, U8 (2+3+2)/3 = 7/3,
    #   U9 (3+3+2)/3 = 8/3. Σ = 11/4 + (9+8+9+9+8+10+7+8)/3 = 33/12 + 272/12 = 305/12;
    #   / 9 × 25 = 7625/108 = 70,601… → 70,60 (C).
    assert (summary.ikm.respondents, summary.ikm.index) == (4, Decimal("70.60"))
    assert summary.ikm.comments == ("Loket B lambat", "Antrean rapi")
    filtered = reports.report(db, "ikm", Q3, reports.Filters(service="A"))
    assert filtered.figures.index == Decimal("82.18")
    assert reports.volume(db, Q3).total.served == 50 + 6  # the visits of this quarter (not the survey)
