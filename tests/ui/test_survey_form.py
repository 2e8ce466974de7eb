"""The survey form on a real database (SQLite and PostgreSQL) with a threaded task runner:
every tap saved in order, back and change, WBK/profile/comment pages as the site asks,
abandoning keeps the answers, a second survey of a ticket is refused, the language
switch keeps the page, and the texts are large and never clipped."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from db.database import Database
from db.survey import Draft
from db.survey.elements import COMMENT_MAX, ELEMENTS, PROFILE, WBK_ITEMS
from tests.survey.survey_helpers import response, served_visit, site_settings
from ui.backend import Backend
from ui.i18n import translator
from ui.live import LiveFeed
from ui.survey_cards import ANSWER_MIN_PX, QUESTION_MIN_PX
from ui.survey_form import SurveyForm, pages_for
from ui.tasks import TaskRunner
from ui.theme import apply_theme

WAIT_MS = 15_000


@pytest.fixture(autouse=True)
def _indonesian(qapp: QApplication) -> Iterator[None]:
    apply_theme(qapp)
    translator().set_language("id")
    yield
    translator().set_language("id")


@pytest.fixture
def form(qtbot: QtBot, db: Database) -> Iterator[SurveyForm]:
    """A form with its own threaded runner on the test's database."""
    runner = TaskRunner()
    widget = SurveyForm(Backend(db, runner, LiveFeed(db)))
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    yield widget
    runner.wait(WAIT_MS)


def settle(qtbot: QtBot, form: SurveyForm) -> None:
    """Until every save queued has come back."""
    qtbot.waitUntil(lambda: form.pending == 0, timeout=WAIT_MS)


def test_each_tap_saves_and_moves_on_to_the_comment_and_the_end(qtbot: QtBot, db: Database, form: SurveyForm) -> None:
    visit = served_visit(db)
    form.begin(visit, site_settings(db, survey_wbk=False, survey_profile=False, survey_comment=True), "counter")
    assert form.page_key() == "u1" and form.progress.text() == "Pertanyaan 1 dari 9"
    assert form.service_label.text() == "Layanan: " + visit.service_name
    assert [b.text() for b in form.question_page.answers] == [ELEMENTS[0].answer(v, "id") for v in (1, 2, 3, 4)]
    activity: list[int] = []
    form.activity.connect(lambda: activity.append(1))
    taps = [4, 3, 2, 1, 4, 3, 4, 4, 3]
    for n, value in enumerate(taps, start=1):
        assert form.page_key() == f"u{n}"
        form.answer(value)
    assert form.page_key() == "comment"
    settle(qtbot, form)
    row = response(db, visit.ticket_id)
    assert row is not None
    assert [row[f"u{i}"] for i in range(1, 10)] == taps
    assert row["channel"] == "counter" and row["language"] == "id" and row["closed_at"] is None
    assert (row["service_id"], row["counter_id"], row["day"]) == (visit.service_id, visit.counter_id, visit.day)
    for key in "bagus":
        form.comment_page.keyboard.press(key)
    assert form.comment_page.edit.toPlainText() == "bagus"
    with qtbot.waitSignal(form.finished, timeout=WAIT_MS):
        form.comment_page.send.click()
    assert len(activity) >= 9 + 5
    assert not form.active and form.page_key() == ""
    qtbot.waitUntil(lambda: (response(db, visit.ticket_id) or {}).get("closed_at") is not None, timeout=WAIT_MS)
    assert response(db, visit.ticket_id)["comment"] == "bagus"  # type: ignore[index]


def test_back_shows_the_answer_chosen_and_a_new_tap_changes_it(qtbot: QtBot, db: Database, form: SurveyForm) -> None:
    visit = served_visit(db)
    form.begin(visit, site_settings(db), "counter")
    assert not form.back_button.isVisibleTo(form)
    form.answer(2)
    form.answer(3)
    assert form.back_button.isVisibleTo(form)
    form.back()
    assert form.page_key() == "u2"
    assert [b.chosen for b in form.question_page.answers] == [False, False, True, False]
    form.question_page.answers[0].click()  # a real tap on the first face
    assert form.page_key() == "u3"
    settle(qtbot, form)
    row = response(db, visit.ticket_id)
    assert row is not None and (row["u1"], row["u2"], row["u3"]) == (2, 1, None)


def test_wbk_and_profile_pages_follow_the_site_settings(qtbot: QtBot, db: Database, form: SurveyForm) -> None:
    settings = site_settings(db, survey_wbk=True, survey_profile=True, survey_comment=False)
    keys = [p.key for p in pages_for(settings)]
    assert keys == [q.key for q in ELEMENTS] + [q.key for q in WBK_ITEMS] + [f.key for f in PROFILE]
    visit = served_visit(db)
    form.begin(visit, settings, "kiosk")
    for _ in ELEMENTS:
        form.answer(3)
    assert form.page_key() == "w1" and form.progress.text() == "Pernyataan 1 dari 5"
    assert form.question_page.intro.text().replace("\u2060", "") == "Seberapa setuju Bapak/Ibu dengan pernyataan berikut?"
    for _ in WBK_ITEMS:
        form.answer(4)
    assert (form.page_key(), form.profile_key()) == ("profile", "age_group")
    assert form.skip_button.isVisibleTo(form)
    assert [o.text() for o in form.choice_page.options][0] == "Di bawah 25 tahun"
    form.choice_page.options[1].click()  # 25–34, saved
    assert form.profile_key() == "gender"
    form.back()
    form.choice_page.options[1].click()  # tapping the chosen one again clears it
    assert form.profile_key() == "age_group" and not any(o.chosen for o in form.choice_page.options)
    form.skip_button.click()
    assert form.profile_key() == "gender"
    form.answer("P")
    with qtbot.waitSignal(form.finished, timeout=WAIT_MS):
        form.answer({"education": "S1", "occupation": None})
    settle(qtbot, form)
    qtbot.waitUntil(lambda: (response(db, visit.ticket_id) or {}).get("closed_at") is not None, timeout=WAIT_MS)
    row = response(db, visit.ticket_id)
    assert row is not None and row["channel"] == "kiosk"
    assert [row[f"w{i}"] for i in range(1, 6)] == [4] * 5
    assert (row["age_group"], row["gender"], row["education"], row["occupation"]) == (None, "P", "S1", None)


def test_abandoned_half_way_keeps_what_was_answered(qtbot: QtBot, db: Database, form: SurveyForm) -> None:
    visit = served_visit(db)
    form.begin(visit, site_settings(db), "counter")
    for value in (4, 4, 3):
        form.answer(value)
    form.abandon()
    assert not form.active and form.page_key() == ""
    form.answer(2)  # a late tap on an idle form does nothing
    settle(qtbot, form)
    qtbot.waitUntil(lambda: (response(db, visit.ticket_id) or {}).get("closed_at") is not None, timeout=WAIT_MS)
    row = response(db, visit.ticket_id)
    assert row is not None
    assert [row[f"u{i}"] for i in range(1, 10)] == [4, 4, 3, None, None, None, None, None, None]


def test_a_comment_typed_but_not_sent_is_kept_when_abandoned(qtbot: QtBot, db: Database, form: SurveyForm) -> None:
    visit = served_visit(db)
    form.begin(visit, site_settings(db, survey_wbk=False, survey_profile=False, survey_comment=True), "counter")
    for _ in ELEMENTS:
        form.answer(4)
    form.comment_page.edit.setPlainText("Ruang tunggu nyaman")
    form.abandon()
    settle(qtbot, form)
    qtbot.waitUntil(lambda: (response(db, visit.ticket_id) or {}).get("closed_at") is not None, timeout=WAIT_MS)
    assert response(db, visit.ticket_id)["comment"] == "Ruang tunggu nyaman"  # type: ignore[index]


def test_a_second_survey_of_a_ticket_is_refused(qtbot: QtBot, db: Database, form: SurveyForm) -> None:
    visit = served_visit(db)
    first = Draft(visit, "kiosk")
    first.save(db, u1=2)
    first.close(db)
    form.begin(visit, site_settings(db), "counter")
    with qtbot.waitSignal(form.refused, timeout=WAIT_MS) as refused:
        form.answer(4)
    assert refused.args == ["Survei untuk nomor ini sudah diisi. Terima kasih."]
    assert not form.active
    form.answer(3)  # the form is idle now: nothing saved, nothing raised
    settle(qtbot, form)
    row = response(db, visit.ticket_id)
    assert row is not None and row["u1"] == 2 and row["channel"] == "kiosk"


def test_the_language_switch_keeps_the_page_and_is_saved(qtbot: QtBot, db: Database, form: SurveyForm) -> None:
    visit = served_visit(db)
    form.begin(visit, site_settings(db), "counter")
    form.answer(3)
    form.answer(3)
    translator().set_language("en")
    assert form.page_key() == "u3"
    assert form.question_page.question.text().replace("\u2060", "") == ELEMENTS[2].text("en")
    assert form.progress.text() == "Question 3 of 9" and form.back_button.text() == "‹ Back"
    assert form.service_label.text() == "Service: " + visit.service_title("en")
    form.answer(4)
    settle(qtbot, form)
    row = response(db, visit.ticket_id)
    assert row is not None and row["language"] == "en" and row["u3"] == 4


@pytest.mark.parametrize("size", [(1280, 800), (1024, 600), (1080, 1500)])
def test_texts_are_large_and_never_clipped(qtbot: QtBot, db: Database, form: SurveyForm,
                                           size: tuple[int, int]) -> None:
    visit = served_visit(db)
    form.resize(*size)
    form.begin(visit, site_settings(db, survey_wbk=True, survey_profile=True, survey_comment=True), "counter")
    QApplication.processEvents()
    assert form.size().width() == size[0] and form.size().height() == size[1]
    for language in ("id", "en"):
        translator().set_language(language)
        while form.page_key() != "profile":
            assert form.question_page.question.font().pixelSize() >= QUESTION_MIN_PX
            for button in form.question_page.answers:
                assert button.text_px >= ANSWER_MIN_PX
                assert button.text_fits(), (form.page_key(), button.text(), size)
            form.answer(3)
        while form.page_key() == "profile":
            for option in form.choice_page.options:
                assert option.text_px >= ANSWER_MIN_PX
            form.answer(None)
        assert form.page_key() == "comment"
        assert form.comment_page.title.font().pixelSize() >= QUESTION_MIN_PX
        QApplication.processEvents()
        assert form.comment_page.send.geometry().bottom() <= form.comment_page.height()
        form.abandon()
        settle(qtbot, form)
        visit = served_visit(db)
        form.begin(visit, site_settings(db, survey_wbk=True, survey_profile=True), "counter")
    assert form.minimumSizeHint().height() <= size[1]


def test_wrong_taps_are_refused_and_back_stops_at_the_first_page(db: Database, form: SurveyForm) -> None:
    form.begin(served_visit(db), site_settings(db), "counter")
    form.back()
    assert form.page_key() == "u1"
    with pytest.raises(ValueError, match="1..4"):
        form.answer(5)
    assert form.page_key() == "u1" and form.pending == 0


def test_a_comment_is_cut_at_its_limit(db: Database, form: SurveyForm) -> None:
    form.begin(served_visit(db), site_settings(db, survey_wbk=False, survey_profile=False), "counter")
    for _ in ELEMENTS:
        form.answer(4)
    form.comment_page.edit.setPlainText("x" * (COMMENT_MAX + 30))
    assert form.comment_page.edit.toPlainText() == "x" * COMMENT_MAX


def test_an_unreachable_database_is_told_to_the_visitor(qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "gone.db"
    folder.mkdir()  # a folder where the file should be: SQLite cannot open it
    broken = Database(f"sqlite:///{folder}", migrate=False)
    runner = TaskRunner()
    widget = SurveyForm(Backend(broken, runner, LiveFeed(broken)))
    qtbot.addWidget(widget)
    try:
        widget.begin(served_visit(db), site_settings(db), "counter")
        with qtbot.waitSignal(widget.refused, timeout=WAIT_MS) as refused:
            widget.answer(3)
        assert refused.args == ["Maaf, jawaban Bapak/Ibu belum dapat disimpan. Silakan coba lagi nanti."]
        assert not widget.active
    finally:
        runner.wait(WAIT_MS)
        broken.dispose()


def test_a_tall_screen_shows_the_answers_two_by_two(db: Database, form: SurveyForm) -> None:
    form.begin(served_visit(db), site_settings(db), "kiosk")
    QApplication.processEvents()
    page = form.question_page
    assert page.columns == 4 and {page.grid.getItemPosition(page.grid.indexOf(b))[0] for b in page.answers} == {0}
    form.resize(1080, 1500)  # the kiosk's portrait screen
    QApplication.processEvents()
    assert page.columns == 2
    assert [page.grid.getItemPosition(page.grid.indexOf(b))[:2] for b in page.answers] == [(0, 0), (0, 1), (1, 0), (1, 1)]
