"""The "Survei" tab on a real database (SQLite and PostgreSQL): the IKM of the site's current
survey period, other periods, the core's figures as the page writes them, the follow-up
plan saved and audited, re-reading when surveys close, and both languages."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from db import audit, roles, survey
from db.clock import FakeClock
from db.database import Database
from db.reports import parse_period
from db.survey import ikm
from supervisor.survey_data import SurveyQuery, SurveyReader, index_text, stepped, view_of
from supervisor.survey_page import SurveyPage
from supervisor.window import PAGES
from tests.db.dbtools import count_statements
from tests.db.surveyseed import respond, set_plan, visits
from tests.supervisor import console_helpers
from tests.supervisor.console_helpers import WAIT_MS, Consoles
from ui.i18n import translator

consoles = console_helpers.consoles  # the fixture

Q2, Q3, S2 = parse_period("2026-Q2"), parse_period("2026-Q3"), parse_period("2026-S2")
AUG = date(2026, 8, 3)
PLAN = "Menambah kursi di ruang tunggu."


@pytest.fixture
def survey_db(db: Database, fake_clock: FakeClock) -> Database:
    """The quarter computed by hand in tests/db/test_ikm_read.py (Q3 2026), the clock on
    Monday 17 August 2026, 10.00 WIB."""
    respond(db, "A", AUG, [4, 4, 3, 3, 4, 3, 4, 2, 3], gender="L", comment="Antrean rapi",
            w1=4, w2=4, w3=4, w4=3, w5=4, at=datetime(2026, 8, 3, 2, 0, tzinfo=UTC))
    respond(db, "A", AUG, [3, 3, 3, 4, 3, 3, 4, 3, 3], gender="P", w1=3, w2=4, w3=4, w4=4, w5=4)
    respond(db, "A", date(2026, 9, 30), [4, 3, 2, 4, 3, 4, 4, 3, 4], comment="Ruang tunggu panas",
            at=datetime(2026, 9, 30, 4, 0, tzinfo=UTC))
    respond(db, "A", AUG, [2, None, None, None, None, None, None, None, None])
    respond(db, "A", AUG, None, w1=1)  # no element answered: not a respondent
    respond(db, "B", AUG, [2] * 9, comment="Loket B lambat")
    visits(db, "A", date(2026, 5, 4), 100)
    visits(db, "B", date(2026, 6, 30), 10)
    set_plan(db, Q3.first, Q3.last, PLAN)
    fake_clock.current = datetime(2026, 8, 17, 3, 0, tzinfo=UTC)
    return db


def _page(consoles: Consoles, user: str = "supervisor") -> SurveyPage:
    page = consoles.page(SurveyPage, user=user)
    assert isinstance(page, SurveyPage)
    return page


def _ask(qtbot: QtBot, page: SurveyPage, kind: str | None = None, steps: int = 0) -> None:
    """Choose the period kind (and step), waiting for the view."""
    if kind is not None and kind != page.period_kind():
        page.kind_combo.setCurrentIndex(page.kind_combo.findData(kind))
        _wait_answered(qtbot, page)
    if steps:
        page.step_period(steps)
        _wait_answered(qtbot, page)


def _wait_answered(qtbot: QtBot, page: SurveyPage) -> None:
    """Wait until the period asked for is the one shown (a read asked before may come first)."""
    qtbot.waitUntil(lambda: page.view is not None and page.answered(page.view), timeout=WAIT_MS)
    assert page.plan.isEnabled()


def test_the_page_is_a_tab_for_supervisors() -> None:
    spec = next(p for p in PAGES if p.key == "survey")
    assert spec.page_class() is SurveyPage and not spec.admin_only


def test_the_sites_current_period_first(consoles: Consoles, survey_db: Database) -> None:
    page = _page(consoles)
    assert page.period_kind() == "semester"  # the sample site counts per semester
    assert page.period_text.text() == "Semester II 2026 (berjalan)"
    assert not page.current_button.isEnabled()
    unit = ikm.results(survey_db, S2)
    assert page.card.ikm_value.text() == index_text(unit.index, "id") == "74,31"  # S2 holds only Q3's answers so far
    assert page.status.text() == "Semester II 2026: 1 Juli 2026 – 31 Desember 2026."


def test_the_hand_computed_quarter(qtbot: QtBot, consoles: Consoles, survey_db: Database) -> None:
    page = _page(consoles)
    _ask(qtbot, page, "quarter")
    assert page.period_text.text() == "Triwulan III 2026 (berjalan)"
    # By hand (tests/db/test_ikm_read.py): Σ NRR = 26,75; 26,75 / 9 × 25 = 74,305… → 74,31, C.
    assert page.card.ikm_value.text() == "74,31"
    assert page.card.grade_label.text() == "Mutu C · Kurang Baik"
    # Krejcie–Morgan for the 110 visitors of Q2: 85,68… → 86.
    assert page.card.respondents_label.text() == "Responden: 5 dari sampel minimum 86"
    assert (page.card.sample_bar.value(), page.card.sample_bar.maximum()) == (5, 86)
    assert page.card.sample_label.text() == "Sampel minimum (Krejcie–Morgan) dari 110 pengunjung periode sebelumnya."
    assert page.card.complete_label.text() == "Mengisi kesembilan unsur: 4"
    assert page.card.wbk_label.text() == "Indeks Persepsi Antikorupsi (WBK): 90,83"
    assert page.weakest_label.text() == ("Unsur terendah: U3 Waktu Penyelesaian; U8 Penanganan Pengaduan, Saran, "
                                         "dan Masukan; U1 Persyaratan")
    rows = page.bars.rows
    assert [r.label for r in rows][:2] == ["U1  Persyaratan", "U2  Sistem, Mekanisme, dan Prosedur"]
    assert [r.text for r in rows] == ["3,00", "3,00", "2,50", "3,25", "3,00", "3,00", "3,50", "2,50", "3,00"]
    assert [r.weak for r in rows] == [True, False, True, False, False, False, False, True, False]
    table = page.services_table
    assert [[table.item(r, c).text() for c in range(4)] for r in range(table.rowCount())] == [
        ["A – Desk CAPA", "4", "82,18", "B"], ["B – Desk Prasertifikasi", "1", "50,00", "D"]]
    comments = [page.comments_list.item(i).text() for i in range(page.comments_list.count())]
    assert comments == ["“Ruang tunggu panas”", "“Loket B lambat”", "“Antrean rapi”"]
    assert page.plan.text() == PLAN
    assert page.plan.title() == "Rencana Tindak Lanjut — Triwulan III 2026"


def test_other_periods_and_back(qtbot: QtBot, consoles: Consoles, survey_db: Database) -> None:
    page = _page(consoles)
    _ask(qtbot, page, "quarter", steps=-1)
    assert page.period_text.text() == "Triwulan II 2026"
    assert page.card.ikm_value.text() == "–"
    assert page.card.grade_label.text() == "Belum ada IKM: setiap unsur perlu dijawab sedikitnya sekali."
    assert page.card.respondents_label.text() == "Responden: 0 dari sampel minimum 0"
    assert page.weakest_label.text() == "Unsur terendah: belum ada jawaban."
    assert page.comments_list.item(0).text() == "Belum ada saran atau komentar."
    assert not page.card.wbk_label.isVisible() and page.plan.text() == ""
    assert page.current_button.isEnabled()
    _ask(qtbot, page, "year")  # the year holding Q2
    assert page.period_text.text() == "2026 (berjalan)"
    assert page.card.ikm_value.text() == index_text(ikm.results(survey_db, parse_period("2026")).index, "id")
    _ask(qtbot, page, steps=1)
    assert page.period_text.text() == "2027"
    page.show_current()
    _wait_answered(qtbot, page)
    assert page.period_text.text() == "2026 (berjalan)"


def test_the_plan_is_saved_and_audited(qtbot: QtBot, consoles: Consoles, survey_db: Database) -> None:
    page = _page(consoles)
    _ask(qtbot, page, "quarter")
    new_plan = PLAN + "\nMemperjelas alur pengaduan (U8) di papan informasi."
    page.plan.edit.setPlainText(new_plan)
    assert page.plan.status.text() == "Ada perubahan yang belum disimpan."
    assert page.plan.count.text() == f"{len(new_plan)}/4.000 karakter"
    with qtbot.waitSignal(page.plan_saved, timeout=WAIT_MS):
        page.plan.save_button.click()
    assert page.plan.status.text() == "Rencana tindak lanjut disimpan."
    assert survey.plan(survey_db, Q3.first, Q3.last) == new_plan
    entry = audit.entries(survey_db, action="survey_plan_set")[0]
    assert (entry.username, entry.target, entry.before, entry.after) == (
        "supervisor", "2026-07-01..2026-09-30", {"plan": PLAN}, {"plan": new_plan})
    assert survey.plan(survey_db, S2.first, S2.last) == ""  # only that quarter's


def test_a_plan_too_long_or_refused(qtbot: QtBot, consoles: Consoles, survey_db: Database) -> None:
    page = _page(consoles)
    page.plan.edit.setPlainText("x" * 4001)
    assert page.plan.count.text() == "4.001/4.000 karakter"
    page.plan.save_button.click()
    assert page.plan.status.text() == "Rencana terlalu panjang: paling banyak 4.000 karakter."
    page.plan.edit.setPlainText("Bel \x07 rusak")
    page.plan.save_button.click()
    qtbot.waitUntil(lambda: page.plan.status.text().startswith("Rencana tidak disimpan: "), timeout=WAIT_MS)
    assert survey.plan(survey_db, S2.first, S2.last) == ""


def test_typing_is_kept_when_results_are_read_again(qtbot: QtBot, consoles: Consoles, survey_db: Database) -> None:
    page = _page(consoles)
    page.plan.edit.setPlainText("Sedang diketik")
    with qtbot.waitSignal(page.shown, timeout=WAIT_MS):
        page.reader.request_now()
    assert page.plan.text() == "Sedang diketik" and page.plan.modified()


def _answer_at_the_kiosk(db: Database, code: str, answer: int, comment: str = "") -> None:
    """A visit of ``code`` finished today, surveyed as the kiosk does it (``find_visit``,
    ``Draft.save`` and ``close``, which the feed reports on both databases)."""
    today = date(2026, 8, 17)
    visits(db, code, today, 1)
    draft = survey.Draft(survey.find_visit(db, f"{code}-001"), "kiosk")
    draft.save(db, comment=comment, **{f"u{i}": answer for i in range(1, 10)})
    draft.close(db)


def test_a_survey_closed_elsewhere_is_read_again(qtbot: QtBot, consoles: Consoles, survey_db: Database) -> None:
    page = _page(consoles)
    label = page.card.respondents_label
    assert label.text().startswith("Responden: 5 ")
    _answer_at_the_kiosk(survey_db, "C", 4, "Cepat sekali")
    qtbot.waitUntil(lambda: label.text().startswith("Responden: 6 "), timeout=WAIT_MS)
    # Newest first: after the seeded 30 September one (stamped ahead of the clock), before 3 August's.
    assert page.comments_list.item(1).text() == "“Cepat sekali”"
    page.hide()
    _answer_at_the_kiosk(survey_db, "D", 3)
    qtbot.wait(200)  # the feed reports it while the page is hidden: read once shown
    page.show()
    qtbot.waitUntil(lambda: label.text().startswith("Responden: 7 "), timeout=WAIT_MS)


def test_both_languages(qtbot: QtBot, consoles: Consoles, survey_db: Database) -> None:
    page = _page(consoles)
    _ask(qtbot, page, "quarter")
    translator().set_language("en")
    try:
        assert page.period_text.text() == "Q3 2026 (current)"
        assert page.card.grade_label.text() == "Grade C · Less than good"
        assert page.card.ikm_value.text() == "74.31"
        assert page.card.respondents_label.text() == "Respondents: 5 of a minimum sample of 86"
        assert page.bars.rows[2].label == "U3  Completion time"
        assert page.plan.title() == "Follow-up Plan — Q3 2026"
        assert page.kind_combo.currentText() == "Quarter"
    finally:
        translator().set_language("id")
    assert page.kind_combo.currentText() == "Triwulan"


def test_the_view_without_an_ikm_and_the_steps(survey_db: Database) -> None:
    empty = ikm.results(survey_db, Q2)
    view = view_of(empty, Q2, date(2026, 8, 17), "semester")
    assert (view.index, view.grade, view.grade_name("id"), view.wbk_index, view.services) == (None, "", "", None, ())
    assert not view.is_current() and SurveyQuery().kind is None
    assert stepped("quarter", Q3, -1) == Q2 and stepped("semester", S2, 1) == parse_period("2027-S1")
    assert stepped("year", parse_period("2026"), -2) == parse_period("2024")
    full = view_of(ikm.results(survey_db, Q3), Q3, date(2026, 8, 17), "quarter")
    assert full.index == Decimal("74.31") and full.grade_name("en") == "Less than good" and full.is_current()


def test_in_the_console_window(consoles: Consoles, survey_db: Database) -> None:
    shell = consoles.shell(user="supervisor", password="supervisor123", page="survey")
    window = shell.window_
    assert window is not None
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "Lantai", "Tindakan", "Booking", "Laporan", "Survei", "Audit"]
    page = window.pages["survey"]
    assert isinstance(page, SurveyPage) and window.tabs.currentWidget() is page
    assert page.card.ikm_value.text() == "74,31"


def test_it_fits_and_paints_at_1366x768(consoles: Consoles, survey_db: Database, tmp_path: Path) -> None:
    """The console's smallest size: the page's area under the header and tabs, nothing cut off."""
    page = _page(consoles)
    page.resize(1366, 660)
    assert page.minimumSizeHint().width() <= 1366 and page.minimumSizeHint().height() <= 660
    shot = page.grab()  # paints the bars too
    assert shot.save(str(tmp_path / "survey.png"))
    assert page.bars.height() >= page.bars.minimumSizeHint().height()
    for button in (page.plan.save_button, page.current_button, page.next_button):
        corner = button.mapTo(page, button.rect().bottomRight())
        assert page.rect().contains(corner), button.text()


def test_a_failed_read_is_said_and_retried(qtbot: QtBot, consoles: Consoles, survey_db: Database) -> None:
    page = _page(consoles)
    with survey_db.write() as s:
        s.execute(text("ALTER TABLE survey_periods RENAME TO survey_periods_away"))
    page.reader.request_now()
    qtbot.waitUntil(lambda: page.status.text().startswith("Hasil survei tidak dapat dibaca: "), timeout=WAIT_MS)
    assert page.status.text().endswith("Mencoba lagi…") and page.card.ikm_value.text() == "74,31"  # the last view stays
    with survey_db.write() as s:
        s.execute(text("ALTER TABLE survey_periods_away RENAME TO survey_periods"))
    qtbot.waitUntil(lambda: page.status.text() == "Semester II 2026: 1 Juli 2026 – 31 Desember 2026.", timeout=WAIT_MS)


def test_the_whole_ikm_is_read_again_only_when_it_may_have_changed(survey_db: Database) -> None:
    reader, q3 = SurveyReader(), SurveyQuery("quarter", AUG)
    full = count_statements(survey_db, lambda: reader.read(survey_db, q3))
    assert reader.cache.computed == 1
    cheap = count_statements(survey_db, lambda: reader.read(survey_db, SurveyQuery("quarter", date(2026, 7, 1))))
    first = reader.read(survey_db, q3)
    assert reader.cache.computed == 1  # nothing changed: the IKM read before
    assert cheap < full and cheap <= 4  # the settings (with the time), the responses' stamp, the plan's
    _answer_at_the_kiosk(survey_db, "C", 4)
    again = reader.read(survey_db, q3)
    assert reader.cache.computed == 2 and again.respondents == first.respondents + 1
    sup = roles.sign_in(survey_db, "supervisor", "supervisor123")
    survey.set_plan(survey_db, sup, Q3.first, Q3.last, "Rencana baru")
    assert reader.read(survey_db, q3).plan == "Rencana baru"
    assert reader.read(survey_db, SurveyQuery("semester", AUG)).period == S2
