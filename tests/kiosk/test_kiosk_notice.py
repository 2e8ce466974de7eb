"""Today's notice from the supervisor on the kiosk's home screen: shown on its day only, in the
kiosk's language, large and readable (at least 20 px at 1080×1920, AA contrast)."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtGui import QFontInfo

from db import roles, supervise
from db.database import Database
from db.settings import from_rows
from kiosk.home import HomeScreen
from kiosk.notice import NOTICE_BG, NOTICE_INK
from tests.kiosk.kiosk_harness import KioskApp, kiosk_app_fixture  # noqa: F401  (provides the ``kiosk_app`` fixture)
from tests.kiosk.test_kiosk_readable import MIN_PX, PORTRAIT, SAMPLE, sample_snapshot
from ui.i18n import translator
from ui.theme import AA_CONTRAST, contrast_ratio

WAIT_MS = 15_000
NOTICE_ID = "Layanan E-Sertifikasi tutup hari ini."
NOTICE_EN = "The E-Certification service is closed today."


def with_notice(text_id: str, text_en: str = "", *, days_late: int = 0) -> Any:
    """The sample snapshot with a notice set for its day (or for ``days_late`` days earlier)."""
    snap = sample_snapshot()
    day = snap.day - timedelta(days=days_late)
    rows = {**SAMPLE.settings, "notice_id": text_id, "notice_en": text_en, "notice_day": day.isoformat()}
    return replace(snap, settings=from_rows(rows.items()))


def home_at(qtbot: Any, size: tuple[int, int]) -> HomeScreen:
    home = HomeScreen()
    qtbot.addWidget(home)
    home.resize(*size)
    home.show()
    qtbot.waitExposed(home)
    return home


def test_notice_shows_on_its_day_in_the_kiosk_language(qtbot: Any) -> None:
    home = home_at(qtbot, (1280, 800))
    home.apply_snapshot(sample_snapshot())
    assert not home.notice.isVisibleTo(home)  # nothing set: no banner
    home.apply_snapshot(with_notice(NOTICE_ID, NOTICE_EN))
    assert home.notice.isVisibleTo(home)
    assert home.notice.text() == NOTICE_ID
    translator().set_language("en")
    try:
        assert home.notice.text() == NOTICE_EN
        home.apply_snapshot(with_notice(NOTICE_ID))  # no English text: the Indonesian one
        assert home.notice.text() == NOTICE_ID
    finally:
        translator().set_language("id")
    assert home.notice.y() >= home.header.geometry().bottom()  # under the header, over the services
    assert home.notice.geometry().bottom() <= home.grid.geometry().top()
    home.apply_snapshot(with_notice(NOTICE_ID, days_late=1))  # yesterday's notice is gone
    assert not home.notice.isVisibleTo(home)
    home.apply_snapshot(with_notice(""))
    assert not home.notice.isVisibleTo(home)


def test_notice_is_large_and_readable_in_portrait(qtbot: Any) -> None:
    home = home_at(qtbot, PORTRAIT)
    home.apply_snapshot(with_notice(NOTICE_ID, NOTICE_EN))
    home.layout().activate()
    assert QFontInfo(home.notice.font()).pixelSize() >= MIN_PX
    assert contrast_ratio(NOTICE_INK, NOTICE_BG) >= AA_CONTRAST
    folder = os.environ.get("ANTRIAN_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        assert home.grab().save(str(Path(folder) / "kiosk-notice-portrait.png"))


def test_a_long_notice_wraps_instead_of_widening_the_kiosk(qtbot: Any) -> None:
    home = home_at(qtbot, (1280, 800))
    home.apply_snapshot(with_notice("Pengumuman. " * 25))
    home.layout().activate()
    assert home.width() == 1280
    assert home.notice.width() <= 1280
    assert home.notice.height() > QFontInfo(home.notice.font()).pixelSize() * 2  # more than one line
    folder = os.environ.get("ANTRIAN_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        assert home.grab().save(str(Path(folder) / "kiosk-notice-landscape.png"))


def test_the_kiosk_shows_a_notice_a_supervisor_sets_elsewhere(qtbot: Any, kiosk_app: Any, site_db_url: str) -> None:
    app: KioskApp = kiosk_app(site_db_url)
    banner = app.window.home.notice
    assert not banner.isVisibleTo(app.window)
    console = Database(site_db_url)
    try:
        actor = roles.sign_in(console, "supervisor", "supervisor123")
        supervise.set_notice(console, actor, NOTICE_ID, NOTICE_EN)
        qtbot.waitUntil(lambda: banner.isVisibleTo(app.window) and banner.text() == NOTICE_ID, timeout=WAIT_MS)
        supervise.set_notice(console, actor, "")
        qtbot.waitUntil(lambda: not banner.isVisibleTo(app.window), timeout=WAIT_MS)
    finally:
        console.dispose()
