"""One service button on its own: its texts in both languages, when it can be touched, how it is
painted (the service's colour, grey while unavailable), and text that always fits."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from db.clock import FakeClock
from db.estimate import WaitRange
from db.records import ServiceQueue
from kiosk.tile import GREY_BG, ServiceTile
from ui.i18n import translator

WIB = ZoneInfo("Asia/Jakarta")


def service(**changes: object) -> ServiceQueue:
    """Desk CAPA, open, 12 waiting about 20–30 minutes; keyword arguments replace fields."""
    queue = ServiceQueue(
        code="A", name_id="Desk CAPA", name_en="CAPA Desk",
        description_id="Konsultasi tindakan perbaikan dan pencegahan (CAPA)",
        description_en="Corrective and preventive action (CAPA) consultation",
        colour="#1565c0", active=True, waiting=12, wait=WaitRange(20, 30), issued_today=12, daily_quota=60,
        target_wait_min=30, target_service_min=20, unavailable_reason=None,
    )
    return replace(queue, **changes)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _indonesian() -> Iterator[None]:
    translator().set_language("id")
    yield
    translator().set_language("id")


def make_tile(qtbot: QtBot, queue: ServiceQueue, size: tuple[int, int] = (420, 300)) -> ServiceTile:
    tile = ServiceTile(queue)
    qtbot.addWidget(tile)
    tile.resize(*size)
    tile.show()
    qtbot.waitExposed(tile)
    return tile


def background(tile: ServiceTile) -> str:
    """The colour painted at the top middle of the tile (clear of its rounded corners and texts)."""
    return tile.grab().toImage().pixelColor(tile.width() // 2, 3).name()


def test_open_service_shows_names_description_and_wait(qtbot: QtBot) -> None:
    tile = make_tile(qtbot, service())
    assert tile.texts() == ("Desk CAPA", "CAPA Desk", "Konsultasi tindakan perbaikan dan pencegahan (CAPA)",
                            "12 menunggu · sekitar 20–30 menit")
    assert tile.available() and tile.isEnabled() and tile.reason() is None
    assert tile.text() == "Desk CAPA"
    assert tile.accessibleDescription() == (
        "CAPA Desk. Konsultasi tindakan perbaikan dan pencegahan (CAPA). 12 menunggu · sekitar 20–30 menit")
    assert tile.objectName() == "service_A"


def test_english_puts_the_english_name_first(qtbot: QtBot) -> None:
    tile = make_tile(qtbot, service())
    translator().set_language("en")
    tile.retranslate()
    assert tile.texts() == ("CAPA Desk", "Desk CAPA", "Corrective and preventive action (CAPA) consultation",
                            "12 waiting · about 20–30 min")
    assert tile.text() == "CAPA Desk"


def test_one_name_and_a_missing_translation(qtbot: QtBot) -> None:
    tile = make_tile(qtbot, service(name_en="Desk CAPA", description_en=""))
    translator().set_language("en")
    tile.retranslate()
    first, second, desc, _ = tile.texts()
    assert (first, second) == ("Desk CAPA", "")  # the same name is not shown twice
    assert desc == "Konsultasi tindakan perbaikan dan pencegahan (CAPA)"  # the Indonesian one stands in


def test_nobody_waiting(qtbot: QtBot) -> None:
    tile = make_tile(qtbot, service(waiting=0, wait=WaitRange(0, 0)))
    assert tile.texts()[3] == "Belum ada yang menunggu"


@pytest.mark.parametrize(
    ("changes", "reason", "status"),
    [
        ({"unavailable_reason": "quota"}, "quota", "Kuota hari ini habis"),
        ({"unavailable_reason": "closed"}, "closed", "Tutup"),
        ({"active": False}, "inactive", "Tidak tersedia"),
    ],
)
def test_unavailable_service_is_grey_and_says_why(qtbot: QtBot, changes: dict[str, object], reason: str,
                                                   status: str) -> None:
    tile = make_tile(qtbot, service(**changes))
    assert tile.reason() == reason and not tile.available() and not tile.isEnabled()
    assert tile.texts()[3] == status
    assert background(tile) == GREY_BG


def test_closed_says_when_it_opens(qtbot: QtBot, fake_clock: FakeClock) -> None:
    # Monday 09:00 WIB now; the service opens again on Tuesday at 08:00.
    opens = datetime(2026, 3, 3, 8, 0, tzinfo=WIB)
    tile = make_tile(qtbot, service(unavailable_reason="closed", opens_next=opens))
    assert tile.texts()[3] == "Tutup · Dibuka Selasa pukul 08.00 WIB"


def test_offline_greys_every_tile_until_back(qtbot: QtBot) -> None:
    tile = make_tile(qtbot, service())
    assert background(tile) == "#1565c0"
    tile.set_offline(True)
    assert tile.reason() == "offline" and not tile.isEnabled()
    assert tile.texts()[3] == "Sistem sedang terganggu"
    assert background(tile) == GREY_BG
    tile.set_offline(False)
    assert tile.isEnabled() and tile.texts()[3] == "12 menunggu · sekitar 20–30 menit"
    assert background(tile) == "#1565c0"


def test_working_darkens_and_says_wait(qtbot: QtBot) -> None:
    tile = make_tile(qtbot, service())
    tile.set_working(True)
    assert tile.texts()[3] == "Mohon tunggu…"
    assert background(tile) == QColor("#1565c0").darker(125).name()
    tile.set_working(False)
    assert background(tile) == "#1565c0"


def test_a_new_snapshot_updates_the_tile(qtbot: QtBot) -> None:
    tile = make_tile(qtbot, service())
    tile.set_queue(service(waiting=3, wait=WaitRange(10, 10), colour="#2e7d32"))
    assert tile.texts()[3] == "3 menunggu · sekitar 10 menit"
    assert background(tile) == "#2e7d32"


def test_text_fits_at_a_small_size_and_not_at_a_huge_one(qtbot: QtBot) -> None:
    tile = make_tile(qtbot, service())
    tile.set_point_size(20, 1.0)
    assert tile.point_size() == 20 and tile.fits()
    tile.set_point_size(120, 1.0)
    assert not tile.fits()  # the name alone would need more than three lines
    assert tile.fits_at(20, QSize(420, 300)) and not tile.fits_at(120, QSize(420, 300))


def test_description_is_dropped_before_the_name_gets_small(qtbot: QtBot) -> None:
    tile = make_tile(qtbot, service(), size=(300, 150))
    sizes = [pt / 2 for pt in range(24, 81)]
    with_desc = max((pt for pt in sizes if tile.fits_at(pt, QSize(300, 150), True)), default=0.0)
    without = max(pt for pt in sizes if tile.fits_at(pt, QSize(300, 150), False))
    assert without > with_desc  # the room the description took goes to the name
    tile.set_point_size(without, 1.0, with_description=False)
    assert not tile.show_description and tile.fits()
    tile.set_point_size(without, 1.0, with_description=True)
    assert tile.show_description and not tile.fits()
