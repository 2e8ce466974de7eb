"""The survey core: which visit a counter's screen asks about, the kiosk's lookup by number,
answers saved one by one, one survey per ticket, and the follow-up plan."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from db import audit, queue, roles, survey
from db.clock import FakeClock
from db.database import Database
from db.errors import NotPermitted
from db.models import SurveyResponse
from db.survey import Draft, SurveyRefused, SurveyVisit
from db.survey.elements import COMMENT_MAX, ELEMENTS, PROFILE, WBK_ITEMS, question
from db.validation import InvalidValue
from tests.db.dbtools import officer_id, set_setting


def serve(db: Database, counter: int, code: str = "A") -> str:
    """Issue a ticket of ``code`` and serve it to the end at ``counter``; its label."""
    label = queue.issue_ticket(db, code).ticket.label
    assert queue.call_next(db, counter).ticket.label == label  # type: ignore[union-attr]
    queue.start_service(db, counter)
    queue.finish(db, counter)
    return label


def response(db: Database, ticket_id: int) -> dict[str, Any]:
    """The survey row of a ticket as a dict."""
    with db.read() as s:
        row = s.scalar(select(SurveyResponse).where(SurveyResponse.ticket_id == ticket_id))
        assert row is not None
        return {c.key: getattr(row, c.key) for c in SurveyResponse.__table__.columns}


# -- the questions ----------------------------------------------------------------------------------


def test_every_question_has_both_languages_and_four_answers() -> None:
    assert [q.code for q in ELEMENTS] == [f"U{i}" for i in range(1, 10)]
    assert [q.code for q in WBK_ITEMS] == [f"W{i}" for i in range(1, 6)]
    for q in ELEMENTS + WBK_ITEMS:
        for lang in ("id", "en"):
            assert q.text(lang).endswith(("?", ".")) and q.title(lang)
            assert len({q.answer(v, lang) for v in (1, 2, 3, 4)}) == 4
    assert question("u8").title("id") == "Penanganan Pengaduan, Saran, dan Masukan"
    assert question("w3").answer(4, "en") == "Strongly agree"
    with pytest.raises(KeyError):
        question("u10")
    gender = PROFILE[1]
    assert gender.option_text("P", "id") == "Perempuan" and gender.option_text("X", "id") == "X"


# -- which visit ------------------------------------------------------------------------------------


def test_the_counter_screen_asks_about_its_own_latest_finished_visit(db: Database, fake_clock: FakeClock) -> None:
    assert survey.visit_for_counter(db, 1) is None
    label = serve(db, 1)
    visit = survey.visit_for_counter(db, 1)
    assert visit is not None and visit.label == label and visit.counter_number == 1
    assert visit.service_code == "A" and visit.officer_id == officer_id(db, "siti")
    assert visit.service_title("id") != visit.service_title("en")
    assert survey.visit_for_counter(db, 2) is None  # another counter's screen stays asleep
    # Too long ago: nothing to ask any more (survey_wake_minutes, 5 by default).
    fake_clock.advance(minutes=5)
    assert survey.visit_for_counter(db, 1) == visit
    fake_clock.advance(seconds=1)
    assert survey.visit_for_counter(db, 1) is None


def test_a_visit_still_open_or_ended_as_no_show_is_not_asked_about(db: Database, fake_clock: FakeClock) -> None:
    queue.issue_ticket(db, "A")
    queue.call_next(db, 1)
    assert survey.visit_for_counter(db, 1) is None  # called, not finished
    queue.mark_no_show(db, 1)
    assert survey.visit_for_counter(db, 1) is None
    serve(db, 1)
    queue.issue_ticket(db, "A")
    queue.call_next(db, 1)
    queue.mark_no_show(db, 1)  # the latest visit there was a no-show: not the earlier one either
    assert survey.visit_for_counter(db, 1) is None


def test_a_visit_already_answered_does_not_wake_the_screen(db: Database, fake_clock: FakeClock) -> None:
    serve(db, 1)
    visit = survey.visit_for_counter(db, 1)
    assert visit is not None
    Draft(visit, "counter").save(db, u1=4)
    assert survey.visit_for_counter(db, 1) is None


@pytest.mark.parametrize("typed", ["A-001", "a1", "A 001", "a-1", " A001 "])
def test_the_kiosk_finds_a_finished_visit_by_its_number(db: Database, fake_clock: FakeClock, typed: str) -> None:
    serve(db, 1)
    visit = survey.find_visit(db, typed)
    assert visit.label == "A-001" and visit.day == date(2026, 3, 2)


def test_the_kiosk_refuses_unknown_unfinished_and_answered_numbers(db: Database, fake_clock: FakeClock) -> None:
    for typed, reason in (("A-001", "unknown"), ("", "unknown"), ("7", "unknown"), ("ABCD1", "unknown")):
        with pytest.raises(SurveyRefused) as info:
            survey.find_visit(db, typed)
        assert info.value.reason == reason
    queue.issue_ticket(db, "A")
    with pytest.raises(SurveyRefused) as info:
        survey.find_visit(db, "A-001")
    assert info.value.reason == "not_finished" and "A-001" in str(info.value)
    queue.call_next(db, 1)
    queue.start_service(db, 1)
    queue.finish(db, 1)
    Draft(survey.find_visit(db, "A-001"), "kiosk").save(db, u1=3)
    with pytest.raises(SurveyRefused) as info:
        survey.find_visit(db, "A-001")
    assert info.value.reason == "answered"
    # The next business day the number is someone else's (or nobody's).
    fake_clock.advance(days=1)
    with pytest.raises(SurveyRefused) as info:
        survey.find_visit(db, "A-001")
    assert info.value.reason == "unknown"


def test_a_transferred_visit_is_found_as_the_one_that_finished(db: Database, fake_clock: FakeClock) -> None:
    queue.issue_ticket(db, "A")
    queue.call_next(db, 1)
    queue.start_service(db, 1)
    queue.transfer(db, 1, "C")  # the same number waits for service C (counter 2's)
    with pytest.raises(SurveyRefused) as info:
        survey.find_visit(db, "A-001")
    assert info.value.reason == "not_finished"
    queue.call_next(db, 2)
    queue.start_service(db, 2)
    queue.finish(db, 2)
    visit = survey.find_visit(db, "A-001")
    assert visit.service_code == "C" and visit.counter_number == 2


# -- saving -----------------------------------------------------------------------------------------


def test_answers_are_saved_one_by_one_and_kept_when_left_half_way(db: Database, fake_clock: FakeClock) -> None:
    serve(db, 2, "C")
    visit = survey.visit_for_counter(db, 2)
    assert visit is not None
    draft = Draft(visit, "counter", "en")
    draft.save(db, u1=4)
    first = response(db, visit.ticket_id)
    assert first["u1"] == 4 and first["u2"] is None and first["closed_at"] is None
    assert (first["channel"], first["language"], first["day"]) == ("counter", "en", date(2026, 3, 2))
    assert first["officer_id"] == officer_id(db, "budi") and first["service_id"] == visit.service_id
    fake_clock.advance(seconds=20)
    draft.save(db, u2=3, language="id")
    draft.save(db, u1=2)  # changed on the way back
    draft.close(db)  # walked away after two questions
    row = response(db, visit.ticket_id)
    assert (row["u1"], row["u2"], row["u3"], row["language"]) == (2, 3, None, "id")
    assert row["closed_at"] == fake_clock() and row["updated_at"] == fake_clock()
    assert draft.saved == {"u1": 2, "u2": 3, "language": "id"}
    with pytest.raises(SurveyRefused) as info:
        draft.save(db, u3=4)
    assert info.value.reason == "closed"
    draft.close(db)  # idempotent
    assert response(db, visit.ticket_id)["u3"] is None


def test_profile_wbk_and_comment(db: Database, fake_clock: FakeClock) -> None:
    serve(db, 1)
    visit = survey.find_visit(db, "A-001")
    draft = Draft(visit, "kiosk")
    draft.save(db, **{q.key: 4 for q in ELEMENTS}, w3=1)
    draft.save(db, age_group="25-34", gender="P", education="S1", occupation="SWASTA")
    draft.save(db, comment="  Ruang tunggu\nnyaman,   terima kasih. " + "x" * 600)
    row = response(db, visit.ticket_id)
    assert row["w3"] == 1 and row["u9"] == 4 and row["gender"] == "P" and row["occupation"] == "SWASTA"
    assert row["comment"].startswith("Ruang tunggu nyaman, terima kasih. xx") and len(row["comment"]) == COMMENT_MAX
    draft.save(db, comment="   ", gender=None)
    row = response(db, visit.ticket_id)
    assert row["comment"] is None and row["gender"] is None


@pytest.mark.parametrize("bad", [{"u1": 5}, {"u1": 0}, {"w2": True}, {"u3": "4"}, {"gender": "X"},
                                 {"age_group": "20"}, {"comment": 3}, {"language": "fr"}, {"u10": 1}, {"name": "Siti"}])
def test_bad_answers_are_refused_before_the_database(db: Database, fake_clock: FakeClock, bad: dict[str, Any]) -> None:
    serve(db, 1)
    draft = Draft(survey.find_visit(db, "A-001"), "kiosk")
    with pytest.raises(ValueError):
        draft.save(db, **bad)
    assert draft.response_id is None
    with pytest.raises(ValueError, match="channel"):
        Draft(draft.visit, "web")


def test_the_database_itself_refuses_an_answer_out_of_range(db: Database, fake_clock: FakeClock) -> None:
    serve(db, 1)
    draft = Draft(survey.find_visit(db, "A-001"), "kiosk")
    draft.save(db, u1=4)
    with pytest.raises(Exception, match="(?i)check|constraint"), db.write() as s:
        s.get(SurveyResponse, draft.response_id).u2 = 7  # type: ignore[union-attr]


def test_a_second_survey_for_a_ticket_is_refused(db: Database, fake_clock: FakeClock) -> None:
    serve(db, 1)
    visit = survey.find_visit(db, "A-001")
    at_counter, at_kiosk = Draft(visit, "counter"), Draft(visit, "kiosk")
    at_counter.save(db, u1=4)
    with pytest.raises(SurveyRefused) as info:
        at_kiosk.save(db, u1=1)
    assert info.value.reason == "answered"
    assert at_kiosk.response_id is None and response(db, visit.ticket_id)["u1"] == 4
    at_kiosk.close(db)  # nothing saved: nothing to close
    with db.read() as s:
        assert s.scalar(select(SurveyResponse.closed_at)) is None


def test_two_screens_starting_the_same_ticket_at_once_make_one_survey(db: Database, fake_clock: FakeClock) -> None:
    serve(db, 1)
    visit = survey.find_visit(db, "A-001")
    drafts = [Draft(visit, "kiosk") for _ in range(4)]
    outcomes: list[str] = []
    barrier = threading.Barrier(len(drafts))

    def start(d: Draft) -> None:
        barrier.wait()
        try:
            d.save(db, u1=2)
            outcomes.append("saved")
        except SurveyRefused as e:
            outcomes.append(e.reason)

    threads = [threading.Thread(target=start, args=(d,)) for d in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["answered"] * 3 + ["saved"]
    with db.read() as s:
        assert s.scalar(select(SurveyResponse.id).where(SurveyResponse.ticket_id == visit.ticket_id)) is not None
        assert len(s.scalars(select(SurveyResponse.id)).all()) == 1


def test_the_survey_names_no_person(db: Database) -> None:
    columns = set(SurveyResponse.__table__.columns.keys())
    assert not columns & {"name", "phone", "email", "nik", "address", "company"}


# -- the follow-up plan -----------------------------------------------------------------------------


def test_the_follow_up_plan_is_a_supervisors_audited_text(db: Database, fake_clock: FakeClock) -> None:
    first, last = date(2026, 7, 1), date(2026, 12, 31)
    assert survey.plan(db, first, last) == ""
    sup = roles.sign_in(db, "supervisor", "supervisor123")
    survey.set_plan(db, sup, first, last, "  Menambah kursi ruang tunggu.\nMemperjelas papan persyaratan.  ")
    assert survey.plan(db, first, last) == "Menambah kursi ruang tunggu.\nMemperjelas papan persyaratan."
    assert survey.plan(db, first, date(2026, 9, 30)) == ""  # another period
    survey.set_plan(db, sup, first, last, "Menambah kursi ruang tunggu.\nMemperjelas papan persyaratan.")  # unchanged
    survey.set_plan(db, sup, first, last, "")
    entries = audit.entries(db, action="survey_plan_set")
    assert [(e.username, e.target) for e in entries] == [("supervisor", "2026-07-01..2026-12-31")] * 2
    assert {e.after["plan"] for e in entries} == {"", "Menambah kursi ruang tunggu.\nMemperjelas papan persyaratan."}
    with pytest.raises(InvalidValue):
        survey.set_plan(db, sup, first, last, "x" * (survey.PLAN_MAX + 1))
    with pytest.raises(ValueError, match="before it starts"):
        survey.set_plan(db, sup, last, first, "x")
    with pytest.raises(NotPermitted):
        survey.set_plan(db, None, first, last, "tanpa masuk")  # an administrator exists
    roles.sign_out(db, sup)
    with pytest.raises(NotPermitted):
        survey.set_plan(db, sup, first, last, "sesi berakhir")


def test_settings_are_the_sites(db: Database) -> None:
    set_setting(db, "survey_idle_seconds", 90)
    st = queue.site_settings(db)
    assert st.survey_idle_seconds == 90 and st.survey_comment and st.survey_wbk  # the sample site asks the WBK items


def test_survey_visit_is_a_plain_value(db: Database, fake_clock: FakeClock) -> None:
    serve(db, 1)
    visit = survey.find_visit(db, "A-001")
    assert isinstance(visit, SurveyVisit) and visit == survey.find_visit(db, "a-1")
