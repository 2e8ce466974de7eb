"""The kiosk's survey fallback on a real database (SQLite and PostgreSQL), real runner threads
and the real change feed: the home button, the keypad, the look-up and its refusals worded
for a visitor, the survey form with ``channel="kiosk"``, the thanks, and the idle time-out
that goes home and keeps what was answered."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo, QImage
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from db import queue, survey
from db.database import Database
from db.errors import DatabaseUnavailable
from db.survey import SurveyRefused
from kiosk.survey_entry import START, TicketEntry
from kiosk.survey_flow import refusal_key
from tests.appcli import PROCESS_ON_SQLITE
from tests.kiosk.kiosk_harness import KioskApp, kiosk_app_fixture, set_settings  # noqa: F401
from tests.survey.survey_helpers import response, serve
from ui.i18n import translator
from ui.keyboard import BACKSPACE

WAIT_MS = 20_000
MIN_PX = 20
ROOT = Path(__file__).resolve().parents[2]


def click(qtbot: Any, widget: QWidget) -> None:
    """A touch in the middle of ``widget``."""
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def on(app: KioskApp, page: QWidget) -> bool:
    return app.window.stack.currentWidget() is page


def type_number(qtbot: Any, app: KioskApp, label: str) -> None:
    """Touch the keypad's keys for ``label`` (``A-007``), then the start button."""
    entry = app.window.survey.entry
    assert entry.keypad is not None
    for ch in label.replace("-", ""):
        click(qtbot, entry.keypad.keys[ch])
    assert entry.number.text() == label
    click(qtbot, entry.start_button)


def open_keypad(qtbot: Any, app: KioskApp) -> None:
    home = app.window.home
    assert home.survey.isVisible() and home.survey.text() == "Isi Survei Kepuasan"
    click(qtbot, home.survey)
    assert on(app, app.window.survey.entry)


def answer_everything(qtbot: Any, app: KioskApp, value: int = 4) -> None:
    """Go through every page of the form: ``value`` to each question, skip the profile, a short comment."""
    form = app.window.survey.page.form
    while form.active:
        key = form.page_key()
        if key == "profile":
            form.answer(None)
        elif key == "comment":
            form.answer("Pelayanan cepat.")
        else:
            form.answer(value)
    qtbot.waitUntil(lambda: form.pending == 0, timeout=WAIT_MS)


def screenshot(app: KioskApp, name: str) -> None:
    folder = os.environ.get("ANTRIAN_SCREENSHOT_DIR")
    if folder and app.db.dialect == "sqlite":
        Path(folder).mkdir(parents=True, exist_ok=True)
        assert app.window.grab().save(str(Path(folder) / name))


def small_texts(root: QWidget) -> list[tuple[str, int]]:
    """Visible texts under ``MIN_PX`` (rich text and empty labels left out)."""
    return [(w.text(), QFontInfo(w.font()).pixelSize()) for w in root.findChildren(QLabel) + root.findChildren(QPushButton)
            if w.isVisibleTo(root) and w.text() and not w.text().startswith("<")
            and QFontInfo(w.font()).pixelSize() < MIN_PX]


# -- typing -----------------------------------------------------------------------------------------


def test_ticket_entry_reads_as_printed() -> None:
    entry = TicketEntry(("A", "B", "AB"))
    assert entry.shown() == "—" and entry.label() == "" and not entry.complete()
    for key in "A07":
        entry.press(key)
    assert entry.shown() == "A-07" and entry.label() == "A-007"
    entry.press("B")  # another letter replaces the code, the digits stay
    assert entry.label() == "B-007"
    for _ in range(2):
        entry.press(BACKSPACE)
    assert entry.shown() == "B-" and not entry.complete()
    entry.press(BACKSPACE)
    assert entry.shown() == "—"
    entry.press("A")
    entry.press("B")  # AB is a code: letters before any digit spell it
    entry.press("1")
    assert entry.label() == "AB-001"
    entry.press("Z")  # no code starts with Z
    assert entry.code == "AB"
    for key in "23456":
        entry.press(key)
    assert entry.digits == "1234"  # at most four digits
    fresh = TicketEntry(("A",))
    fresh.press("0")
    fresh.code = "A"
    assert fresh.shown() == "A-0" and not fresh.complete()  # number 0 is no ticket


def test_refusals_are_worded_for_a_visitor() -> None:
    assert refusal_key(SurveyRefused("unknown", "x")) == "kiosk.survey_unknown"
    assert refusal_key(SurveyRefused("not_finished", "x")) == "kiosk.survey_not_finished"
    assert refusal_key(SurveyRefused("answered", "x")) == "kiosk.survey_answered"
    assert refusal_key(SurveyRefused("closed", "x")) == "kiosk.survey_answered"
    assert refusal_key(SurveyRefused("something new", "x")) == "kiosk.survey_unknown"
    assert refusal_key(DatabaseUnavailable("gone")) == "kiosk.survey_offline"
    assert refusal_key(RuntimeError("bug")) == "kiosk.survey_error"


# -- the whole way ----------------------------------------------------------------------------------


def test_survey_by_ticket_number_from_home_to_thanks(qtbot: Any, kiosk_app: Any, db: Database, site_db_url: str) -> None:
    label = serve(db, 1, "A")
    app: KioskApp = kiosk_app(site_db_url, size=(1080, 1920))
    w = app.window
    open_keypad(qtbot, app)
    entry = w.survey.entry
    assert entry.title.text() == "Survei Kepuasan Masyarakat"
    assert set(entry.codes) == {"A", "B", "C", "D", "E", "F"}
    assert not entry.start_button.isEnabled()
    screenshot(app, "kiosk-survey-keypad.png")
    type_number(qtbot, app, label)
    qtbot.waitUntil(lambda: on(app, w.survey.page), timeout=WAIT_MS)
    page = w.survey.page
    assert page.heading.text() == f"Survei untuk nomor {label}"
    assert page.form.service_label.text() == "Layanan: Desk CAPA"
    assert page.form.page_key() == "u1"
    assert not small_texts(w)
    screenshot(app, "kiosk-survey-question.png")

    answer_everything(qtbot, app, 3)
    assert page.thanking() and page.thanks_title.text().replace("\u2060", "") == "Terima kasih atas penilaian Bapak/Ibu"
    screenshot(app, "kiosk-survey-thanks.png")
    click(qtbot, page)  # at once: the second tap of a double tap, ignored
    assert on(app, page)
    qtbot.waitUntil(lambda: not page._arming.isActive(), timeout=WAIT_MS)
    click(qtbot, page)
    assert on(app, w.home)

    visit_id = app.log.events("kiosk_survey_started")[0]["ticket_id"]
    qtbot.waitUntil(lambda: (response(db, visit_id) or {}).get("closed_at") is not None, timeout=WAIT_MS)
    row = response(db, visit_id)
    assert row is not None
    assert row["channel"] == "kiosk" and row["counter_id"] is not None
    assert [row[f"u{i}"] for i in range(1, 10)] == [3] * 9
    assert row["comment"] == "Pelayanan cepat."

    # The same number again: refused, in the visitor's words, and the keypad stays for another try.
    open_keypad(qtbot, app)
    type_number(qtbot, app, label)
    qtbot.waitUntil(lambda: entry.message_text() == "Survei untuk nomor ini sudah diisi. Terima kasih.", timeout=WAIT_MS)
    assert on(app, entry) and not entry.checking
    assert [e["reason"] for e in app.log.events("kiosk_survey_refused")] == ["answered"]


def test_unknown_and_unfinished_numbers_are_refused(qtbot: Any, kiosk_app: Any, db: Database, site_db_url: str) -> None:
    waiting = queue.issue_ticket(db, "B").ticket.label  # taken, not served yet
    app: KioskApp = kiosk_app(site_db_url, size=(1080, 1920))
    entry = app.window.survey.entry
    open_keypad(qtbot, app)
    type_number(qtbot, app, "A-042")
    qtbot.waitUntil(lambda: entry.message_text().startswith("Nomor A-042 tidak ditemukan hari ini."), timeout=WAIT_MS)
    for _ in range(3):
        click(qtbot, entry.keypad.keys[BACKSPACE])  # type: ignore[union-attr]
    assert entry.message_text() == ""  # typing again clears the message
    click(qtbot, entry.keypad.keys["A"])  # type: ignore[union-attr]
    for _ in range(3):
        click(qtbot, entry.keypad.keys[BACKSPACE])  # type: ignore[union-attr]
    type_number(qtbot, app, waiting)
    qtbot.waitUntil(lambda: "Survei dapat diisi setelah layanan selesai." in entry.message_text(), timeout=WAIT_MS)
    assert entry.message_text() == f"Nomor {waiting} belum selesai dilayani. Survei dapat diisi setelah layanan selesai."
    assert not small_texts(app.window)
    screenshot(app, "kiosk-survey-refused.png")
    assert [e["reason"] for e in app.log.events("kiosk_survey_refused")] == ["unknown", "not_finished"]
    click(qtbot, entry.back)
    assert on(app, app.window.home)


def test_idle_goes_home_and_keeps_the_answers(qtbot: Any, kiosk_app: Any, db: Database, site_db_url: str) -> None:
    set_settings(db, kiosk_idle_seconds=2)
    label = serve(db, 1, "A")
    app: KioskApp = kiosk_app(site_db_url)
    w = app.window
    open_keypad(qtbot, app)
    type_number(qtbot, app, label)
    qtbot.waitUntil(lambda: on(app, w.survey.page), timeout=WAIT_MS)
    form = w.survey.page.form
    form.answer(4)
    form.answer(2)
    assert form.page_key() == "u3"
    qtbot.waitUntil(lambda: on(app, w.home), timeout=WAIT_MS)  # nobody touches the screen
    assert not form.active and app.log.events("kiosk_survey_left")
    ticket_id = app.log.events("kiosk_survey_started")[0]["ticket_id"]
    qtbot.waitUntil(lambda: (response(db, ticket_id) or {}).get("closed_at") is not None, timeout=WAIT_MS)
    row = response(db, ticket_id)
    assert row is not None and (row["u1"], row["u2"], row["u3"]) == (4, 2, None)


def test_thanks_go_home_by_themselves(qtbot: Any, kiosk_app: Any, db: Database, site_db_url: str) -> None:
    set_settings(db, kiosk_return_seconds=1, survey_wbk=False, survey_profile=False, survey_comment=False)
    label = serve(db, 1, "A")
    app: KioskApp = kiosk_app(site_db_url)
    w = app.window
    open_keypad(qtbot, app)
    type_number(qtbot, app, label)
    qtbot.waitUntil(lambda: on(app, w.survey.page), timeout=WAIT_MS)
    answer_everything(qtbot, app, 2)  # the nine questions only, as the site asks
    assert w.survey.page.thanking()
    qtbot.waitUntil(lambda: on(app, w.home), timeout=WAIT_MS)
    ticket_id = app.log.events("kiosk_survey_started")[0]["ticket_id"]
    qtbot.waitUntil(lambda: (response(db, ticket_id) or {}).get("closed_at") is not None, timeout=WAIT_MS)
    row = response(db, ticket_id)
    assert row is not None and [row[f"u{i}"] for i in range(1, 10)] == [2] * 9 and row["w1"] is None


def test_leaving_the_survey_keeps_the_answers(qtbot: Any, kiosk_app: Any, db: Database, site_db_url: str) -> None:
    label = serve(db, 1, "A")
    app: KioskApp = kiosk_app(site_db_url, size=(1920, 1080))
    w = app.window
    open_keypad(qtbot, app)
    w.survey.entry.setFocus()
    for ch in label.replace("-", ""):  # a physical keyboard works too
        qtbot.keyClick(w.survey.entry, ch)
    qtbot.keyClick(w.survey.entry, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: on(app, w.survey.page), timeout=WAIT_MS)
    screenshot(app, "kiosk-survey-question-landscape.png")
    w.survey.page.form.answer(1)
    click(qtbot, w.survey.page.leave)
    assert on(app, w.home)
    ticket_id = app.log.events("kiosk_survey_started")[0]["ticket_id"]
    qtbot.waitUntil(lambda: (response(db, ticket_id) or {}).get("closed_at") is not None, timeout=WAIT_MS)
    assert response(db, ticket_id)["u1"] == 1  # type: ignore[index]


def test_a_survey_answered_meanwhile_elsewhere_is_refused_in_the_form(
        qtbot: Any, kiosk_app: Any, db: Database, site_db_url: str) -> None:
    label = serve(db, 1, "A")
    app: KioskApp = kiosk_app(site_db_url)
    w = app.window
    open_keypad(qtbot, app)
    type_number(qtbot, app, label)
    qtbot.waitUntil(lambda: on(app, w.survey.page), timeout=WAIT_MS)
    other = survey.Draft(survey.find_visit(db, label), "counter")  # the counter's screen, first
    other.save(db, u1=4)
    w.survey.page.form.answer(2)
    entry = w.survey.entry
    qtbot.waitUntil(lambda: on(app, entry), timeout=WAIT_MS)
    assert entry.message_text() == "Survei untuk nomor ini sudah diisi. Terima kasih."


def test_button_only_where_the_site_offers_it(qtbot: Any, kiosk_app: Any, db: Database, site_db_url: str) -> None:
    set_settings(db, survey_kiosk=False)
    app: KioskApp = kiosk_app(site_db_url)
    assert not app.window.home.survey.isVisible()
    app.window.open_survey()  # nothing: the site does not offer it
    assert on(app, app.window.home)


@pytest.mark.parametrize("language", ["id", "en"])
def test_keypad_texts_are_large_and_translated(qtbot: Any, kiosk_app: Any, db: Database, site_db_url: str,
                                               language: str) -> None:
    app: KioskApp = kiosk_app(site_db_url, size=(1080, 1920), language=language)
    home = app.window.home
    assert home.survey.text() == ("Isi Survei Kepuasan" if language == "id" else "Satisfaction survey")
    assert not small_texts(home)
    click(qtbot, home.survey)
    entry = app.window.survey.entry
    entry.show_message("kiosk.survey_not_finished", label="A-007")
    assert not small_texts(app.window)
    translator().set_language("id" if language == "en" else "en")
    assert entry.title.text() == ("Survei Kepuasan Masyarakat" if language == "en" else "Satisfaction survey")
    assert "A-007" in entry.message_text()
    assert not small_texts(app.window)
    entry.press(START)  # nothing typed: nothing happens
    assert not entry.checking


# -- as a process: --show-survey for screenshots ------------------------------------------------------


def run_kiosk(*args: str, tmp_path: Path) -> tuple[int, list[dict[str, object]]]:
    """``python -m kiosk`` with JSON logging; its exit code and log records."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "kiosk", *args, "--printer", "none", "--json-logging",
                           "--data-dir", str(tmp_path / "data")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    records = []
    for line in done.stderr.splitlines():
        with contextlib.suppress(ValueError):
            records.append(json.loads(line))
    return done.returncode, records


@PROCESS_ON_SQLITE
def test_show_survey_screenshots(db: Database, site_db_url: str, tmp_path: Path) -> None:
    label = serve(db, 1, "A")
    waiting = queue.issue_ticket(db, "B").ticket.label
    for number, event in ((label, "kiosk_survey_started"), (waiting, "kiosk_survey_refused"), ("", "")):
        shot = tmp_path / f"kiosk-{number or 'keypad'}.png"
        extra = ("--show-survey", number) if number else ("--show-survey",)
        code, records = run_kiosk("--db", site_db_url, "--screenshot", str(shot), "--size", "1080x1920", *extra,
                                  tmp_path=tmp_path)
        assert code == 0, records[-5:]
        events = [r.get("event") for r in records]
        if event:  # the page settled before the window called itself ready
            assert events.index(event) < events.index("ready") < events.index("screenshot")
        image = QImage(str(shot))
        assert (image.width(), image.height()) == (1080, 1920)
    assert survey.find_visit(db, label).label == label  # looking is not answering: no response was made


def test_an_answer_that_comes_after_the_visitor_left_is_dropped(
        qtbot: Any, kiosk_app: Any, db: Database, site_db_url: str) -> None:
    label = serve(db, 1, "A")
    app: KioskApp = kiosk_app(site_db_url)
    w = app.window
    gate = threading.Event()
    open_keypad(qtbot, app)
    w.runner.run(lambda: gate.wait(WAIT_MS / 1000), None, None)  # the database is slow to answer
    type_number(qtbot, app, label)
    assert w.survey.entry.checking
    click(qtbot, w.survey.entry.back)  # the visitor gives up and goes home
    assert on(app, w.home)
    gate.set()
    qtbot.waitUntil(lambda: bool(app.log.events("kiosk_survey_lookup")), timeout=WAIT_MS)
    w.runner.wait(WAIT_MS)
    qtbot.wait(50)  # the look-up's answer is delivered on the UI thread
    assert on(app, w.home) and not app.log.events("kiosk_survey_started")
