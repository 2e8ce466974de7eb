"""The supervisor's notice of the day runs first on the lobby board's ticker (real database and feed)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from db import roles, supervise
from db.database import Database
from display.board import NOTICE_SEPARATOR
from tests.display.test_board import WAIT_MS, LiveBoard, start_board  # noqa: F401 - start_board: the fixture
from ui.i18n import translator

TICKER = "Selamat datang di layanan tatap muka."


@pytest.fixture
def board_env(db: Database, site_db_url: str, request: pytest.FixtureRequest) -> Iterator[LiveBoard]:
    """The lobby board on ``db`` (both backends), in Indonesian."""
    translator().set_language("id")
    yield request.getfixturevalue("start_board")(db, site_db_url)
    translator().set_language("id")


def test_the_notice_runs_before_the_ticker_and_goes_when_cleared(board_env: LiveBoard, qtbot: QtBot) -> None:
    env = board_env
    ticker = env.board.ticker
    assert ticker.text().startswith(TICKER)  # no notice yet
    sup = roles.sign_in(env.other, "supervisor", "supervisor123")
    supervise.set_notice(env.other, sup, "Layanan E-Sertifikasi tutup hari ini", "E-Certification is closed today")
    qtbot.waitUntil(lambda: ticker.text().startswith("Layanan E-Sertifikasi tutup hari ini" + NOTICE_SEPARATOR + TICKER),
                    timeout=WAIT_MS)
    translator().set_language("en")
    qtbot.waitUntil(lambda: ticker.text().startswith("E-Certification is closed today" + NOTICE_SEPARATOR + "Welcome"),
                    timeout=WAIT_MS)
    translator().set_language("id")
    supervise.set_notice(env.other, sup, "")
    qtbot.waitUntil(lambda: ticker.text().startswith(TICKER), timeout=WAIT_MS)
