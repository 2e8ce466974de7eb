"""The survey screen of a counter on a real database and change feed (SQLite and PostgreSQL):
it wakes on its own counter's finish and not another's, asks, thanks, refuses a ticket
answered already, sleeps after the idle time keeping the answers, and keeps the page when
the visitor switches language."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from db import queue
from db.database import Database
from db.feed import notify_data_changed
from db.survey import Draft, visit_for_counter
from db.survey.elements import ELEMENTS
from survey.window import SurveyWindow
from tests.db.dbtools import set_setting
from tests.pg import PgCluster
from tests.survey.conftest import WAIT_MS, Screens
from tests.survey.survey_helpers import response, serve

UNBROKEN = "\u2060"


def plain(text: str) -> str:
    """A shown text without its word joiners."""
    return text.replace(UNBROKEN, "")


def wait_state(qtbot: QtBot, window: SurveyWindow, state: str) -> None:
    qtbot.waitUntil(lambda: window.state == state, timeout=WAIT_MS)


def closed(db: Database, ticket_id: int) -> bool:
    row = response(db, ticket_id)
    return row is not None and row["closed_at"] is not None


def test_sleeps_with_the_thanks_for_the_visit_and_the_site_name(qtbot: QtBot, db: Database, screens: Screens) -> None:
    window = screens.open(2)
    assert window.state == "sleeping" and window.stack.currentWidget() is window.sleep_page
    assert plain(window.sleep_page.thanks.text()) == "Terima kasih atas kunjungan Bapak/Ibu"
    assert window.sleep_page.site.text() == window.settings.site_name != ""  # type: ignore[union-attr]
    assert window.title.text() == "Loket 2"
    assert window.sleep_page.thanks.font().pixelSize() >= 40


def test_wakes_on_its_own_counter_finish_and_not_another(qtbot: QtBot, db: Database, screens: Screens) -> None:
    window = screens.open(1)
    states: list[str] = []
    window.state_changed.connect(states.append)
    reads = window.reader.reads
    serve(db, 2, "C")  # counter 2 finishes: not this screen's visitor
    qtbot.waitUntil(lambda: window.backend.live.feed._last_event > 0, timeout=WAIT_MS)
    label = serve(db, 1, "A")
    wait_state(qtbot, window, "asking")
    assert states == ["asking"]
    assert window.form.visit is not None and window.form.visit.label == label
    assert window.form.page_key() == "u1"
    assert window.title.text() == "Survei Kepuasan Masyarakat · Loket 1"
    assert window.form.service_label.text() == "Layanan: " + window.form.visit.service_name
    assert window.reader.reads >= reads + 1


def test_a_visit_that_ended_just_before_the_start_is_asked_about(qtbot: QtBot, db: Database, screens: Screens) -> None:
    label = serve(db, 3, "E")
    window = screens.open(3)
    assert window.state == "asking" and window.form.visit is not None and window.form.visit.label == label


def test_the_last_answer_thanks_and_sleeps_again(qtbot: QtBot, db: Database, screens: Screens) -> None:
    set_setting(db, "survey_wbk", False)
    set_setting(db, "survey_profile", False)
    set_setting(db, "survey_comment", False)
    window = screens.open(1)
    serve(db, 1)
    wait_state(qtbot, window, "asking")
    visit = window.form.visit
    assert visit is not None
    for _ in ELEMENTS:
        window.form.answer(4)
    assert window.state == "message" and window.message_page.face.isVisibleTo(window)
    assert plain(window.message_page.title.text()) == "Terima kasih atas penilaian Bapak/Ibu"
    wait_state(qtbot, window, "sleeping")
    qtbot.waitUntil(lambda: closed(db, visit.ticket_id), timeout=WAIT_MS)
    row = response(db, visit.ticket_id)
    assert row is not None and [row[f"u{i}"] for i in range(1, 10)] == [4] * 9 and row["channel"] == "counter"
    assert visit_for_counter(db, 1) is None  # answered: never offered again


def test_a_second_answer_for_a_ticket_is_refused_and_the_screen_sleeps(qtbot: QtBot, db: Database,
                                                                       screens: Screens) -> None:
    window = screens.open(1)
    serve(db, 1)
    wait_state(qtbot, window, "asking")
    visit = window.form.visit
    assert visit is not None
    at_kiosk = Draft(visit, "kiosk")  # the visitor answered at the kiosk meanwhile
    at_kiosk.save(db, u1=1)
    at_kiosk.close(db)
    window.form.answer(4)
    wait_state(qtbot, window, "message")
    assert window.message_page.title.text() == "Survei untuk nomor ini sudah diisi."
    assert window.message_page.detail.text() == "Terima kasih."
    assert not window.message_page.face.isVisibleTo(window)
    wait_state(qtbot, window, "sleeping")
    row = response(db, visit.ticket_id)
    assert row is not None and (row["u1"], row["channel"]) == (1, "kiosk")


def test_idle_time_abandons_the_survey_keeping_what_was_answered(qtbot: QtBot, db: Database, screens: Screens) -> None:
    window = screens.open(1)
    serve(db, 1)
    wait_state(qtbot, window, "asking")
    visit = window.form.visit
    assert visit is not None
    for value in (3, 2, 4):
        window.form.answer(value)
    wait_state(qtbot, window, "sleeping")  # 10 s idle, shortened to 100 ms here
    qtbot.waitUntil(lambda: closed(db, visit.ticket_id), timeout=WAIT_MS)
    row = response(db, visit.ticket_id)
    assert row is not None
    assert [row[f"u{i}"] for i in range(1, 10)] == [3, 2, 4, None, None, None, None, None, None]
    assert not window.form.active
    # the same visit is not asked about again (its survey was left, not lost)
    queue.issue_ticket(db, "B")
    qtbot.wait(50)
    assert window.state == "sleeping"


def test_a_new_finish_while_asking_starts_the_new_visit(qtbot: QtBot, db: Database, screens: Screens) -> None:
    window = screens.open(1)
    serve(db, 1)
    wait_state(qtbot, window, "asking")
    first = window.form.visit
    assert first is not None
    window.form.answer(2)
    label = serve(db, 1, "B")
    qtbot.waitUntil(lambda: window.form.visit is not None and window.form.visit.label == label, timeout=WAIT_MS)
    assert window.state == "asking" and window.form.page_key() == "u1"
    qtbot.waitUntil(lambda: closed(db, first.ticket_id), timeout=WAIT_MS)
    assert response(db, first.ticket_id)["u1"] == 2  # type: ignore[index]


def test_the_language_switch_keeps_the_page_and_sleep_returns_to_the_site_language(
        qtbot: QtBot, db: Database, screens: Screens) -> None:
    window = screens.open(1)
    serve(db, 1)
    wait_state(qtbot, window, "asking")
    window.form.answer(4)
    window.form.answer(4)
    assert window.language_button.text() == "English"
    window.language_button.click()
    assert window.form.page_key() == "u3"
    assert plain(window.form.question_page.question.text()) == ELEMENTS[2].text("en")
    assert window.title.text() == "Satisfaction Survey · Counter 1" and window.language_button.text() == "Bahasa Indonesia"
    window.sleep()
    assert window.state == "sleeping" and window.language_button.text() == "English"
    assert plain(window.sleep_page.thanks.text()) == "Terima kasih atas kunjungan Bapak/Ibu"


def test_a_tablet_of_1024x600_shows_the_question_unclipped(qtbot: QtBot, db: Database, screens: Screens) -> None:
    window = screens.open(1, size=(1024, 600))
    serve(db, 1)
    wait_state(qtbot, window, "asking")
    assert window.height() == 600
    for _ in range(3):
        for button in window.form.question_page.answers:
            assert button.text_fits(), button.text()
        window.form.answer(3)


def test_a_settings_change_shows_while_asleep(qtbot: QtBot, db: Database, screens: Screens) -> None:
    window = screens.open(2)
    set_setting(db, "site_name", "Balai Besar POM Bandung")
    notify_data_changed(db)  # PostgreSQL: tell the screens (SQLite's feed sees the commit itself)
    qtbot.waitUntil(lambda: window.sleep_page.site.text() == "Balai Besar POM Bandung", timeout=WAIT_MS)
    window.language_button.click()  # a visitor tries the other language while it sleeps
    set_setting(db, "site_name", "Balai Besar POM di Bandung")
    notify_data_changed(db)
    qtbot.waitUntil(lambda: window.sleep_page.site.text() == "Balai Besar POM di Bandung", timeout=WAIT_MS)
    assert window.sleep_page.thanks.text() == "Thank you for your visit"  # a re-read keeps the visitor's choice


@pytest.mark.postgres
def test_the_offline_banner_while_postgresql_is_away_and_a_finish_after_it_wakes(
        qtbot: QtBot, pg_cluster: PgCluster, pg_site_url: str) -> None:
    counter_pc = Database(pg_site_url)
    factory = Screens(qtbot, pg_site_url)
    try:
        window = factory.open(1)
        assert not window.banner.isVisibleTo(window)
        pg_cluster.stop()
        try:
            qtbot.waitUntil(lambda: window.banner.isVisibleTo(window), timeout=WAIT_MS)
            assert window.banner.text() == "Koneksi ke basis data terputus — mencoba menyambungkan kembali…"
            assert window.state == "sleeping"
        finally:
            pg_cluster.ensure_running()
        qtbot.waitUntil(lambda: not window.banner.isVisibleTo(window), timeout=WAIT_MS)
        counter_pc.dispose()  # connections the restart killed
        label = serve(counter_pc, 1)
        qtbot.waitUntil(lambda: window.form.visit is not None and window.form.visit.label == label, timeout=WAIT_MS)
    finally:
        factory.close_all()
        counter_pc.dispose()
