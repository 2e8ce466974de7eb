"""The kiosk for a 60-year-old: every text at least 20 px at 1080×1920, and every text
colour on every background at least 4.5:1 (WCAG AA), for the sample site's tile colours
and the theme's own. Sizes are read from the widgets' fonts, not judged by eye."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtGui import QColor, QFontInfo
from PySide6.QtWidgets import QLabel, QPushButton

from db import siteconfig
from db.estimate import WaitRange
from db.records import IssuedTicket, ServiceQueue, Snapshot, TicketInfo
from db.settings import from_rows
from kiosk import confirm
from kiosk import tile as tile_module
from kiosk.confirm import PRINTED, ConfirmationScreen
from kiosk.home import HomeScreen
from ui import theme
from ui.i18n import translator
from ui.theme import AA_CONTRAST, contrast_ratio, text_colour_on

PORTRAIT = (1080, 1920)
MIN_PX = 20
SAMPLE = siteconfig.load(siteconfig.SAMPLE)


def sample_snapshot(waiting: int = 7) -> Snapshot:
    queues = tuple(
        ServiceQueue(code=s["code"], name_id=s["name_id"], name_en=s["name_en"], description_id=s["description_id"],
                     description_en=s["description_en"], colour=s["colour"], active=True, waiting=waiting,
                     wait=WaitRange(20, 35), issued_today=waiting, daily_quota=60, target_wait_min=30,
                     target_service_min=20, unavailable_reason="closed" if s["code"] == "F" else None,
                     opens_next=datetime(2026, 3, 9, 8, 0, tzinfo=ZoneInfo("Asia/Jakarta")) if s["code"] == "F" else None)
        for s in SAMPLE.services
    )
    settings = from_rows(SAMPLE.settings.items())
    return Snapshot(day=date(2026, 3, 6), taken_at=datetime(2026, 3, 6, 9, tzinfo=UTC),
                    site_name=settings.site_name, counters=(), recent_calls=(), services=queues,
                    settings=settings)


def px(font: Any) -> int:
    return QFontInfo(font).pixelSize()


@pytest.fixture(params=["id", "en"])
def language(request: pytest.FixtureRequest) -> Any:
    translator().set_language(request.param)
    yield request.param
    translator().set_language("id")


def test_every_home_text_is_at_least_20_px(qtbot: Any, language: str) -> None:
    home = HomeScreen()
    qtbot.addWidget(home)
    home.resize(*PORTRAIT)
    home.show()
    home.apply_snapshot(sample_snapshot())
    qtbot.waitExposed(home)
    home.layout().activate()
    home.grid.relayout()
    small = [(w.text(), px(w.font())) for w in home.findChildren(QLabel) + home.findChildren(QPushButton)
             if w.isVisibleTo(home) and w.text() and not w.text().startswith("<") and px(w.font()) < MIN_PX]
    assert not small
    for t in home.grid.tiles.values():
        pieces = t._compute(t.point_size()).pieces
        texts = {p.text: px(p.font) for p in pieces if p.text}
        assert len(texts) >= 3
        assert min(texts.values()) >= MIN_PX, (t.code, texts)
    closed = home.grid.tiles["F"].texts()[3]
    assert closed in ("Tutup · Dibuka Senin pukul 08.00 WIB", "Closed · Opens Monday at 08:00 WIB")


def test_confirmation_figures_are_large(qtbot: Any, language: str) -> None:
    screen = ConfirmationScreen(arm_ms=0)
    qtbot.addWidget(screen)
    screen.resize(*PORTRAIT)
    screen.show()
    now = datetime(2026, 3, 6, 2, 0, tzinfo=UTC)
    info = TicketInfo(1, "A-007", "A", "Desk CAPA", "CAPA Desk", now.date(), 7, "waiting", False, now, now)
    screen.show_ticket(IssuedTicket(info, 4, WaitRange(20, 30), "Direktorat", ""), PRINTED)
    screen.set_countdown(8)
    qtbot.waitExposed(screen)
    labels = [w for w in screen.findChildren(QLabel) + screen.findChildren(QPushButton)
              if w.isVisibleTo(screen) and w.text()]
    assert all(px(w.font()) >= MIN_PX for w in labels), [(w.text(), px(w.font())) for w in labels]
    assert screen.ahead.text() == "4"
    assert screen.wait.text() in ("sekitar 20–30 menit", "about 20–30 min")
    body = px(screen.hint.font())
    assert px(screen.ahead.font()) >= 2 * body and px(screen.wait.font()) >= 1.3 * body
    assert px(screen.ahead.font()) >= 60 and px(screen.wait.font()) >= 40


def test_contrast_formula_matches_wcag() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # WCAG's classic near miss
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)


def test_every_sample_tile_colour_reads_at_aa() -> None:
    """Each tile's text (and the status band, a shade darker) on every sample colour; white wins
    where it reads (a darker palette rather than black on some tiles)."""
    for service in SAMPLE.services:
        bg = service["colour"]
        ink = text_colour_on(bg)
        assert ink == "#ffffff", f"{service['code']} {bg} needs black text"
        band = QColor(bg)
        shade = tile_module.QColor(0, 0, 0, 46)
        alpha = shade.alpha() / 255
        band = QColor(round(band.red() * (1 - alpha)), round(band.green() * (1 - alpha)), round(band.blue() * (1 - alpha)))
        pressed = QColor(bg).darker(125)
        for surface in (bg, band, pressed):
            assert contrast_ratio(ink, surface) >= AA_CONTRAST, (service["code"], QColor(surface).name())


def test_theme_colours_read_at_aa() -> None:
    """Every pairing the kiosk draws with the theme's colours."""
    white = "#ffffff"
    pairs = [
        (theme.INK, white), (theme.INK, theme.BACKGROUND), (theme.MUTED, white), (theme.ACCENT, white),
        (tile_module.GREY_INK, tile_module.GREY_BG),
    ]
    for colour in (theme.ACCENT, theme.DANGER, theme.WARNING, theme.OK, theme.MUTED, theme.INK):
        pairs.append((text_colour_on(colour), colour))  # status pills and bands
    for colour in confirm._PRINT_COLOUR.values():
        pairs.append((text_colour_on(colour), colour))
    bad = [(fg, bg, round(contrast_ratio(fg, bg), 2)) for fg, bg in pairs if contrast_ratio(fg, bg) < AA_CONTRAST]
    assert not bad
