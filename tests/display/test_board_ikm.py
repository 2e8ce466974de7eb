"""The board's IKM line: the current survey period's IKM and grade at the end of the ticker,
only while the site shows it (``display_ikm``) and an IKM exists, refreshed when a survey is
closed elsewhere (the feed), never on a timer. Real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtGui import QFontMetrics
from pytestqt.qtbot import QtBot

from db import admin, queue, roles, survey
from db.clock import utcnow
from db.database import Database
from db.render.numbers import number
from db.reports.period import Period, current_period
from db.sitetime import business_day
from display.board import floor_px
from display.ikm import IkmLine, ikm_text, read_ikm_line
from display.ticker import NOTICE_SEPARATOR as SEP
from display.ticker import running_text
from tests.db.surveyseed import respond
from tests.display import test_board as board_tests
from tests.display.test_board import WAIT_MS, LiveBoard
from ui.i18n import translator

start_board = board_tests.start_board  # the board tests' fixture, shared

ALL_FOUR = [4] * 9
ALL_THREE = [3] * 9
DELAY_MS = 300


def today(db: Database) -> date:
    st = queue.site_settings(db)
    return business_day(utcnow(), st.timezone, st.day_reset)


def semester(db: Database) -> Period:
    return current_period("semester", today(db))


def set_settings(db: Database, **changes: object) -> None:
    """Change settings as the console does (audited, announced to the other PCs)."""
    actor = roles.sign_in(db, "admin", "admin123")
    current = admin.site_settings(db, actor)
    admin.save_settings(db, actor, dict(changes), {k: current[k] for k in changes})


def answer_at_the_counter(db: Database, counter: int, answers: list[int], qtbot: QtBot) -> None:
    """A visit served to the end at ``counter`` and its survey answered and closed, as a survey screen does."""
    label = queue.issue_ticket(db, "A").ticket.label
    queue.call_next(db, counter)
    queue.start_service(db, counter)
    queue.finish(db, counter)
    # A visitor takes a moment to start answering. (SQLite's feed reports the commits of one poll
    # as their events, so answers saved in the very poll of the finish would pass unreported.)
    qtbot.wait(100)
    draft = survey.Draft(survey.find_visit(db, label), "counter")
    for i, value in enumerate(answers, start=1):
        draft.save(db, **{f"u{i}": value})
    draft.close(db)


# -- the words --------------------------------------------------------------------------------------


def test_the_line_in_both_languages() -> None:
    period = current_period("semester", date(2026, 12, 1))
    line = IkmLine(period.title("id"), period.title("en"), Decimal("87.45"), "B", "Baik", "Good", 12)
    assert ikm_text(line) == "Indeks Kepuasan Masyarakat Semester II 2026: 87,45 (B, Baik)"
    translator().set_language("en")
    try:
        assert ikm_text(line) == "Community Satisfaction Index — Second half of 2026: 87.45 (B, Good)"
    finally:
        translator().set_language("id")
    assert ikm_text(None) == ""
    assert number(Decimal("100.00"), "id", 2) == "100,00" and number(Decimal("90"), "en", 2) == "90.00"


def test_running_text_puts_the_ikm_last() -> None:
    assert running_text("Selamat datang.", "", "IKM") == f"Selamat datang.{SEP}IKM"
    assert running_text("Selamat datang.", "Loket 3 tutup.", "IKM") == f"Loket 3 tutup.{SEP}Selamat datang.{SEP}IKM"
    assert running_text("", "", "IKM") == "IKM"
    assert running_text("Selamat datang.", "", "") == "Selamat datang."


# -- reading ----------------------------------------------------------------------------------------


def test_read_line_only_with_the_setting_and_an_ikm(db: Database) -> None:
    set_settings(db, display_ikm=True)
    assert read_ikm_line(db) is None  # no answers yet: no IKM
    day = today(db)
    respond(db, "A", day, ALL_FOUR)
    respond(db, "B", day, ALL_THREE)
    respond(db, "C", day, [4, None, None, None, None, None, None, None, None])
    line = read_ikm_line(db)
    # By hand: U1 = (4 + 3 + 4) / 3 = 11/3, U2..U9 = (4 + 3) / 2 = 7/2;
    # IKM = (11/3 + 8 × 7/2) / 9 × 25 = (11/3 + 28) / 9 × 25 = (95/3) / 9 × 25 = 2375/27 = 87.962… → 87,96 (B).
    assert line is not None
    assert line.index == Decimal("87.96") and (line.letter, line.grade_id, line.grade_en) == ("B", "Baik", "Good")
    assert line.respondents == 3
    assert line.period_id == semester(db).title("id")
    set_settings(db, display_ikm=False)
    assert read_ikm_line(db) is None


def test_an_element_without_answers_means_no_ikm(db: Database) -> None:
    set_settings(db, display_ikm=True)
    respond(db, "A", today(db), [4, 4, 4, 4, 4, 4, 4, 4, None])
    assert read_ikm_line(db) is None


def test_the_survey_period_follows_the_setting(db: Database) -> None:
    set_settings(db, display_ikm=True, survey_period="quarter")
    respond(db, "A", today(db), ALL_THREE)
    line = read_ikm_line(db)
    assert line is not None and line.index == Decimal("75.00") and line.letter == "C"  # 3 × 25
    assert line.period_id == current_period("quarter", today(db)).title("id")
    assert line.period_id.startswith("Triwulan ")


# -- on the board -----------------------------------------------------------------------------------


def test_board_shows_the_ikm_and_follows_a_survey_closed_elsewhere(
        db: Database, site_db_url: str, qtbot: QtBot, start_board: Callable[..., LiveBoard]) -> None:
    set_settings(db, display_ikm=True)
    day = today(db)
    respond(db, "B", day, ALL_FOUR)  # seeded straight into the tables: services the queue does not number here
    respond(db, "C", day, ALL_THREE)
    env = start_board(db, site_db_url, ikm_delay_ms=DELAY_MS)
    ticker = env.board.ticker
    title = semester(db).title("id")
    # (4 + 3) / 2 = 3.5 for every element: IKM = 3.5 × 25 = 87.50, grade B.
    qtbot.waitUntil(lambda: ticker.text().endswith(f"Indeks Kepuasan Masyarakat {title}: 87,50 (B, Baik)"), timeout=WAIT_MS)
    assert ticker.text().startswith("Selamat datang")
    assert ticker.ticker_font().pixelSize() >= floor_px(1920, 1080)
    folder = os.environ.get("ANTRIAN_SCREENSHOT_DIR")
    if folder and env.other.dialect == "sqlite":
        Path(folder).mkdir(parents=True, exist_ok=True)
        # The ticker scrolled to where the IKM begins, as a visitor sees it pass.
        words = ticker.text()
        start = words.index("Indeks Kepuasan")
        ticker._offset = QFontMetrics(ticker.ticker_font()).horizontalAdvance(words[:start]) - ticker.height()
        ticker.update()
        assert env.board.grab().save(str(Path(folder) / "board-ikm.png"))

    # A visitor answers everything with 4 at counter 1's survey screen, on another connection:
    # (4 + 3 + 4) / 3 = 11/3 per element, IKM = 11/3 × 25 = 91.666… → 91,67, grade A.
    reads = env.controller.ikm.reader.reads
    answer_at_the_counter(env.other, 1, ALL_FOUR, qtbot)
    qtbot.waitUntil(lambda: ticker.text().endswith(f"{title}: 91,67 (A, Sangat Baik)"), timeout=WAIT_MS)
    # Nine answers and a close arrive in a burst: coalesced into a few reads, not one each.
    assert env.controller.ikm.reader.reads - reads <= 3

    # Another change without events (a setting; on SQLite a heartbeat too) is read, but the IKM
    # is not computed again: its answers did not change.
    reads, computed = env.controller.ikm.reader.reads, env.controller.ikm.source.computed
    set_settings(env.other, ticker="Selamat datang di layanan tatap muka.")
    qtbot.waitUntil(lambda: env.controller.ikm.reader.reads > reads and not env.controller.ikm.reader.busy,
                    timeout=WAIT_MS)
    assert env.controller.ikm.source.computed == computed
    ikm_words = f"Indeks Kepuasan Masyarakat {title}: 91,67 (A, Sangat Baik)"
    qtbot.waitUntil(lambda: ticker.text() == f"Selamat datang di layanan tatap muka.{SEP}{ikm_words}", timeout=WAIT_MS)

    translator().set_language("en")
    try:
        assert ticker.text().endswith(f"Community Satisfaction Index — {semester(db).title('en')}: 91.67 (A, Very good)")
    finally:
        translator().set_language("id")

    # Hidden as soon as the site turns it off, back when it turns it on again.
    set_settings(env.other, display_ikm=False)
    qtbot.waitUntil(lambda: "Indeks Kepuasan" not in ticker.text(), timeout=WAIT_MS)
    assert ticker.text().startswith("Selamat datang")
    set_settings(env.other, display_ikm=True)
    qtbot.waitUntil(lambda: ticker.text().endswith("91,67 (A, Sangat Baik)"), timeout=WAIT_MS)


def test_nothing_while_there_is_no_ikm_and_no_reading_on_a_timer(
        db: Database, site_db_url: str, qtbot: QtBot, start_board: Callable[..., LiveBoard]) -> None:
    set_settings(db, display_ikm=True)
    env = start_board(db, site_db_url, ikm_delay_ms=DELAY_MS)
    reader = env.controller.ikm.reader
    qtbot.waitUntil(lambda: reader.reads >= 1 and not reader.busy, timeout=WAIT_MS)
    assert env.controller.ikm.line is None
    assert "Indeks Kepuasan" not in env.board.ticker.text()
    reads = reader.reads
    qtbot.wait(3 * DELAY_MS)  # quiet database: no read
    assert reader.reads == reads
    # A ticket and a call are not surveys: the IKM is not read again for them.
    queue.issue_ticket(env.other, "A")
    queue.call_next(env.other, 1)
    qtbot.waitUntil(lambda: bool(env.painted), timeout=WAIT_MS)
    qtbot.wait(3 * DELAY_MS)
    assert reader.reads == reads
