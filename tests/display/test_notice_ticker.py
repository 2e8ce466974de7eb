"""Today's notice from the supervisor runs first in the board's ticker, in the board's language,
and the board follows it when a supervisor sets or clears it from another connection."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from db import roles, supervise
from db.database import Database
from display.ticker import NOTICE_SEPARATOR as SEP
from display.ticker import running_text
from tests.display import test_board as board_tests
from tests.display.test_board import WAIT_MS, LiveBoard
from ui.i18n import translator

start_board = board_tests.start_board  # the board tests' fixture, shared



def test_running_text_puts_the_notice_first() -> None:
    assert running_text("Selamat datang.", "") == "Selamat datang."
    assert running_text("Selamat datang.", " Loket  3\ntutup. ") == f"Loket 3 tutup.{SEP}Selamat datang."
    assert running_text("", "Loket 3 tutup.") == "Loket 3 tutup."
    assert running_text("", "") == ""


def set_notice_elsewhere(other: Database, text_id: str, text_en: str) -> None:
    """A supervisor sets (or clears) today's notice at the console: another connection."""
    actor = roles.sign_in(other, "supervisor", "supervisor123")
    supervise.set_notice(other, actor, text_id, text_en)


def test_notice_set_elsewhere_runs_first_in_the_ticker(db: Database, site_db_url: str, qtbot: QtBot,
                                                        start_board: Callable[..., LiveBoard]) -> None:
    env = start_board(db, site_db_url)
    ticker = env.board.ticker
    site_text = ticker.text()  # the sample site's ticker
    assert site_text.startswith("Selamat datang")
    set_notice_elsewhere(env.other, "Layanan E-Sertifikasi tutup hari ini.", "E-Certification is closed today.")
    qtbot.waitUntil(lambda: ticker.text().startswith("Layanan E-Sertifikasi"), timeout=WAIT_MS)
    assert ticker.text() == f"Layanan E-Sertifikasi tutup hari ini.{SEP}{site_text}"
    folder = os.environ.get("ANTRIAN_SCREENSHOT_DIR")
    if folder and env.other.dialect == "sqlite":
        Path(folder).mkdir(parents=True, exist_ok=True)
        assert env.board.grab().save(str(Path(folder) / "board-notice.png"))
    translator().set_language("en")
    try:
        assert ticker.text().startswith(f"E-Certification is closed today.{SEP}Welcome")
    finally:
        translator().set_language("id")
    set_notice_elsewhere(env.other, "", "")
    qtbot.waitUntil(lambda: ticker.text() == site_text, timeout=WAIT_MS)
