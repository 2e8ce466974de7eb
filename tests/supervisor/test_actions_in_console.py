"""The actions page as a tab of the real console (the shell builds it from its page list, as
the lead's one line in ``supervisor.window.PAGES`` will): it starts there with ``--page actions``,
fits 1366×768, acts, and the floor tab sees what it did."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from db.database import Database
from supervisor.actions_dialogs import ChoiceDialog
from supervisor.actions_page import COUNTERS, ActionsPage
from supervisor.floor_page import FloorPage
from supervisor.window import PAGES, PageSpec
from tests.supervisor.console_helpers import WAIT_MS, Consoles, consoles  # noqa: F401  (the fixture)

ACTIONS = PageSpec("actions", "supervisor.tab.actions", "supervisor.actions_page:ActionsPage")


def test_the_actions_tab_in_the_console(consoles: Consoles, db: Database, qtbot: QtBot) -> None:  # noqa: F811
    pages = [PAGES[0], ACTIONS, *PAGES[1:]]
    shell = consoles.shell(user="supervisor", password="supervisor123", page="actions", pages=pages)
    window = shell.window_
    assert window is not None
    page = window.pages["actions"]
    assert isinstance(page, ActionsPage)
    assert window.tabs.currentWidget() is page
    assert window.tabs.tabText(window.tabs.indexOf(page)) == "Tindakan"
    page.show_section(COUNTERS)
    row = page.counters.row(1)
    assert row.geometry().right() <= page.width()
    assert row.sign_out_button.geometry().right() <= row.width()  # every button on screen at 1366×768
    folder = os.environ.get("ANTRIAN_SCREENSHOT_DIR")
    if folder and db.dialect == "sqlite":
        Path(folder).mkdir(parents=True, exist_ok=True)
        QApplication.sendPostedEvents()
        assert shell.grab().save(str(Path(folder) / "console-actions-1366x768.png"))
    row.pause_button.click()
    qtbot.waitUntil(lambda: page.counters.dialog is not None, timeout=WAIT_MS)
    dialog = page.counters.dialog
    assert isinstance(dialog, ChoiceDialog)
    dialog.choose("Rapat")
    qtbot.waitUntil(lambda: page.status.text() == "Loket 1 dijeda (Rapat).", timeout=WAIT_MS)
    floor_page = window.pages["floor"]
    assert isinstance(floor_page, FloorPage)

    def floor_shows_pause() -> bool:
        view = floor_page.view
        return view is not None and any(c.number == 1 and c.state == "paused" for c in view.floor.counters)

    qtbot.waitUntil(floor_shows_pause, timeout=WAIT_MS)
