"""The widgets the apps share: the offline banner follows the real change feed, the clock its zone."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot

from db.database import Database
from ui.i18n import translator
from ui.live import LiveFeed
from ui.widgets import ClockLabel, OfflineBanner

WAIT_MS = 20_000


@pytest.fixture(autouse=True)
def _indonesian() -> Iterator[None]:
    translator().set_language("id")
    yield
    translator().set_language("id")


@pytest.fixture
def missing_db(tmp_path: Path) -> Iterator[tuple[Database, Path]]:
    """A database SQLite cannot open yet: a folder stands where its file belongs (even root cannot open it)."""
    path = tmp_path / "antrian.db"
    path.mkdir()
    db = Database(f"sqlite:///{path}", migrate=False)
    yield db, path
    db.dispose()


def test_banner_says_connecting_until_the_feed_is_online(qtbot: QtBot, db: Database) -> None:
    live = LiveFeed(db)
    banner = OfflineBanner(live)
    qtbot.addWidget(banner)
    banner.show()
    assert banner.isVisible() and banner.text() == "Menyambungkan ke basis data…"
    with qtbot.waitSignal(live.connection_restored, timeout=WAIT_MS):
        live.start()
    assert not banner.isVisible()
    live.stop()


def test_banner_shows_the_outage_and_hides_when_the_database_is_back(
    qtbot: QtBot, missing_db: tuple[Database, Path]
) -> None:
    db, path = missing_db
    live = LiveFeed(db)
    banner = OfflineBanner(live)
    qtbot.addWidget(banner)
    banner.show()
    with qtbot.waitSignal(live.connection_lost, timeout=WAIT_MS):
        live.start()
    assert banner.isVisible()
    assert banner.text() == "Koneksi ke basis data terputus — mencoba menyambungkan kembali…"
    translator().set_language("en")  # the outage text follows a language switch
    assert banner.text() == "Connection to the database lost — reconnecting…"
    path.rmdir()  # the folder goes; the feed creates the database on its next attempt
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=WAIT_MS)
    assert live.online
    live.stop()


def test_banner_follows_the_window_own_failed_reads(qtbot: QtBot, db: Database) -> None:
    live = LiveFeed(db)  # never started: the feed itself says nothing
    banner = OfflineBanner(live, point_size=14)
    qtbot.addWidget(banner)
    banner.show()
    assert banner.text() == "Menyambungkan ke basis data…"
    banner.set_offline(True)
    assert banner.isVisible() and banner.text() == "Koneksi ke basis data terputus — mencoba menyambungkan kembali…"
    banner.set_offline(False)
    assert not banner.isVisible()
    banner.set_offline(True)
    translator().set_language("en")
    assert banner.isVisible() and banner.text() == "Connection to the database lost — reconnecting…"
    assert "font-size: 14pt" in banner.styleSheet()


def _around(tz: ZoneInfo, fmt: str) -> list[str]:
    """The clock text now and a moment either side (a minute may turn during the test)."""
    now = datetime.now(tz)
    return [(now + timedelta(seconds=d)).strftime(fmt) for d in (-2, 0, 2)]


def test_clock_shows_the_zone_time_and_follows_a_zone_change(qtbot: QtBot) -> None:
    label = ClockLabel("Asia/Jakarta", with_date=False)
    qtbot.addWidget(label)
    assert label.text() in _around(ZoneInfo("Asia/Jakarta"), "%H:%M")
    label.set_timezone("Asia/Jayapura")  # WIT, two hours ahead of WIB
    assert label.text() in _around(ZoneInfo("Asia/Jayapura"), "%H:%M")
    wib = datetime.now(ZoneInfo("Asia/Jakarta")).hour
    wit = int(label.text().split(":")[0])
    assert (wit - wib) % 24 in (2, 3)  # 3 only if an hour turned in between


def test_clock_with_seconds_ticks(qtbot: QtBot) -> None:
    label = ClockLabel("UTC", seconds=True, with_date=False)
    qtbot.addWidget(label)
    assert label.text() in _around(ZoneInfo("UTC"), "%H:%M:%S")
    first = label.text()
    qtbot.waitUntil(lambda: label.text() != first, timeout=5_000)  # the timer runs on its own
    assert label.text() in _around(ZoneInfo("UTC"), "%H:%M:%S")


def test_clock_date_in_the_current_language(qtbot: QtBot) -> None:
    label = ClockLabel("UTC")
    qtbot.addWidget(label)
    today = datetime.now(UTC)
    date_id = translator().date_text(today)
    assert label.text().startswith(date_id + "  ")
    translator().set_language("en")
    date_en = translator().date_text(today)
    assert date_en != date_id
    assert label.text().startswith(date_en + "  ")
    assert label.text().split("  ")[1] in _around(ZoneInfo("UTC"), "%H:%M")
