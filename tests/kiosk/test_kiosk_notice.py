"""The supervisor's notice of the day as a band on the kiosk's home screen: shown on its day
only, in the visitor's language, at least 20 px at 1080×1920 and readable (WCAG AA)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QFontInfo

from db.settings import from_rows
from kiosk.home import NOTICE_BACKGROUND, HomeScreen
from tests.kiosk.test_kiosk_readable import PORTRAIT, SAMPLE, sample_snapshot
from ui.i18n import translator
from ui.theme import AA_CONTRAST, INK, contrast_ratio

NOTICE = {"notice_id": "Layanan E-Sertifikasi tutup hari ini", "notice_en": "E-Certification is closed today"}


def _snapshot_with_notice(**notice: str) -> Any:
    snap = sample_snapshot()
    settings = from_rows([*SAMPLE.settings.items(), *notice.items()])
    return replace(snap, settings=settings)


@pytest.fixture
def home(qtbot: Any) -> Any:
    screen = HomeScreen()
    qtbot.addWidget(screen)
    screen.resize(*PORTRAIT)
    screen.show()
    qtbot.waitExposed(screen)
    yield screen
    translator().set_language("id")


def test_the_notice_shows_on_its_day_in_the_visitors_language(home: HomeScreen, tmp_path: Path) -> None:
    today = sample_snapshot().day
    home.apply_snapshot(_snapshot_with_notice(**NOTICE, notice_day=today.isoformat()))
    assert home.notice.isVisibleTo(home) and home.notice.text() == "Layanan E-Sertifikasi tutup hari ini"
    assert QFontInfo(home.notice.font()).pixelSize() >= 20
    assert contrast_ratio(INK, NOTICE_BACKGROUND) >= AA_CONTRAST
    assert home.notice.geometry().bottom() <= home.grid.geometry().top()  # a band above the services
    assert home.grab().save(str(tmp_path / "kiosk-notice.png"))
    translator().set_language("en")
    assert home.notice.text() == "E-Certification is closed today"
    translator().set_language("id")
    home.apply_snapshot(_snapshot_with_notice(**NOTICE, notice_day=(today - timedelta(days=1)).isoformat()))
    assert not home.notice.isVisibleTo(home) and home.notice.text() == ""  # yesterday's is gone
    home.apply_snapshot(sample_snapshot())
    assert not home.notice.isVisibleTo(home)
