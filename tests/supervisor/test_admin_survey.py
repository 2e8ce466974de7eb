"""The Administration page's "Survei" sub-page on a real database (SQLite and PostgreSQL):
it shows the survey settings as stored, saves what changed (audited), refuses a conflict
with another administrator, and reads in both languages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from db import admin, audit, queue
from supervisor.admin_survey import SURVEY_SETTINGS, SurveySettingsPanel
from tests.supervisor.test_admin_pages import CONFLICT, Harness, other_admin
from ui.i18n import translator


@pytest.fixture
def harness(qtbot: Any, site_db_url: str) -> Iterator[Harness]:
    h = Harness(qtbot, site_db_url)
    yield h
    h.close()


def test_the_defaults_are_shown(harness: Harness) -> None:
    panel: SurveySettingsPanel = harness.page.survey
    # The sample site asks the profile and the WBK items and shows the IKM on the board.
    assert panel.values() == {"survey_profile": True, "survey_comment": True, "survey_wbk": True,
                              "survey_kiosk": True, "display_ikm": True, "survey_idle_seconds": 45,
                              "survey_wake_minutes": 5, "survey_period": "semester"}
    assert set(panel.values()) == set(SURVEY_SETTINGS)
    assert panel.period.currentText() == "Semester"
    assert panel.flags["survey_wbk"].text().startswith("Persepsi antikorupsi (unit WBK)")
    panel.save_button.click()
    assert panel.status.text() == "Tidak ada yang berubah."


def test_save_what_changed_and_it_is_audited(harness: Harness) -> None:
    panel: SurveySettingsPanel = harness.page.survey
    panel.flags["survey_wbk"].setChecked(False)
    panel.flags["display_ikm"].setChecked(False)
    panel.flags["survey_comment"].setChecked(False)
    panel.numbers["survey_idle_seconds"].setValue(90)
    panel.period.setCurrentIndex(panel.period.findData("quarter"))
    assert panel.changes() == {"survey_wbk": False, "display_ikm": False, "survey_comment": False,
                               "survey_idle_seconds": 90, "survey_period": "quarter"}
    panel.save_button.click()
    assert panel.status.text() == "Tersimpan."
    st = queue.queue_snapshot(harness.db).settings
    assert (st.survey_wbk, st.display_ikm, st.survey_comment, st.survey_idle_seconds, st.survey_period) == (
        False, False, False, 90, "quarter")
    assert (st.survey_profile, st.survey_kiosk, st.survey_wake_minutes) == (True, True, 5)
    entry = audit.entries(harness.db)[0]
    assert entry.action == "settings_changed"
    assert entry.after == {"survey_wbk": False, "display_ikm": False, "survey_comment": False,
                           "survey_idle_seconds": 90, "survey_period": "quarter"}
    assert panel.changes() == {}  # reloaded: the form is what is stored


def test_the_spin_boxes_keep_to_the_rules(harness: Harness) -> None:
    panel: SurveySettingsPanel = harness.page.survey
    idle, wake = panel.numbers["survey_idle_seconds"], panel.numbers["survey_wake_minutes"]
    assert (idle.minimum(), idle.maximum(), wake.minimum(), wake.maximum()) == (10, 600, 1, 120)
    idle.setValue(5)
    assert idle.value() == 10


def test_another_administrator_saved_meanwhile(harness: Harness) -> None:
    panel: SurveySettingsPanel = harness.page.survey
    rina = other_admin(harness.db, harness.actor)
    admin.save_settings(harness.db, rina, {"survey_profile": False}, admin.site_settings(harness.db, rina))
    panel.flags["survey_kiosk"].setChecked(False)
    panel.save_button.click()  # only the kiosk changed here: rina's profile setting is another one, and stays
    assert panel.status.text() == "Tersimpan."
    st = queue.queue_snapshot(harness.db).settings
    assert (st.survey_profile, st.survey_kiosk) == (False, False)
    assert not panel.flags["survey_profile"].isChecked()  # reloaded after the save
    admin.save_settings(harness.db, rina, {"survey_period": "year"}, admin.site_settings(harness.db, rina))
    panel.period.setCurrentIndex(panel.period.findData("quarter"))
    panel.save_button.click()
    assert panel.status.text() == CONFLICT.format("rina")
    assert panel.period.currentData() == "year"  # reloaded: what rina saved


def test_both_languages(harness: Harness) -> None:
    panel: SurveySettingsPanel = harness.page.survey
    translator().set_language("en")
    try:
        assert panel.period.currentText() == "Half-year"
        assert panel.labels["survey_period"].text() == "Survey Period (IKM)"
        assert panel.flags["display_ikm"].text() == "Show the current period's IKM on the lobby display"
        assert panel.save_button.text() == "Save"
    finally:
        translator().set_language("id")
    assert panel.flags["display_ikm"].text() == "Tampilkan IKM periode berjalan di layar ruang tunggu"
    assert panel.hints["idle_hint"].text() == "tanpa sentuhan; jawaban yang sudah diisi tetap tersimpan"
