"""Kiosk lock: frameless, on top, and no way out but the corner gesture plus the supervisor PIN."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt

from db import access
from db.database import Database
from db.errors import LockedOut
from db.passwords import hash_password
from kiosk.lock import MAX_ATTEMPTS
from tests.kiosk.kiosk_harness import KioskApp, kiosk_app_fixture, prepare_sqlite_site, set_settings  # noqa: F401

WAIT_MS = 20_000
PIN = "2468"


@pytest.fixture(scope="module")
def pin_hash() -> str:
    return hash_password(PIN)


def site(tmp_path: Path, **settings: object) -> str:
    url = prepare_sqlite_site(tmp_path / "site.db")
    if settings:
        db = Database(url, migrate=False)
        set_settings(db, **settings)
        db.dispose()
    return url


def tap_corner(qtbot: Any, app: KioskApp, times: int = 5) -> None:
    for _ in range(times):
        qtbot.mouseClick(app.window.corner, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))


def type_pin(qtbot: Any, app: KioskApp, digits: str) -> None:
    for key in [*digits, "OK"]:
        qtbot.mouseClick(app.window.lock.keys[key], Qt.MouseButton.LeftButton)


def on(app: KioskApp, page: Any) -> bool:
    return app.window.stack.currentWidget() is page


def test_locked_window_is_frameless_on_top(qtbot: Any, kiosk_app: Any, tmp_path: Path, pin_hash: str) -> None:
    app: KioskApp = kiosk_app(site(tmp_path, kiosk_pin=pin_hash), locked=True)
    flags = app.window.windowFlags()
    assert flags & Qt.WindowType.FramelessWindowHint
    assert flags & Qt.WindowType.WindowStaysOnTopHint
    assert not app.window.allow_close
    corner = app.window.corner.geometry()
    assert corner.topLeft() == QPoint(0, 0) and corner.width() >= 50


def test_gesture_then_pin_unlocks(qtbot: Any, kiosk_app: Any, tmp_path: Path, pin_hash: str) -> None:
    app: KioskApp = kiosk_app(site(tmp_path, kiosk_pin=pin_hash), locked=True)
    w, lock = app.window, app.window.lock
    tap_corner(qtbot, app, 4)
    assert on(app, w.home)  # four taps are not enough
    tap_corner(qtbot, app, 1)
    assert on(app, lock) and not lock.unlocked()
    assert lock.title.text() == "Masukkan PIN supervisor"

    type_pin(qtbot, app, "1111")
    qtbot.waitUntil(lambda: lock.message.text() == "PIN salah. Coba lagi.", timeout=WAIT_MS)
    assert not lock.unlocked()
    assert lock.dots.text() == "—"

    type_pin(qtbot, app, PIN)
    qtbot.waitUntil(lock.unlocked, timeout=WAIT_MS)
    assert app.log.events("kiosk_unlocked")
    with qtbot.waitSignal(w.exit_requested, timeout=WAIT_MS):
        qtbot.mouseClick(lock.exit, Qt.MouseButton.LeftButton)
    assert w.allow_close


def test_cancel_goes_home_and_forgets(qtbot: Any, kiosk_app: Any, tmp_path: Path, pin_hash: str) -> None:
    app: KioskApp = kiosk_app(site(tmp_path, kiosk_pin=pin_hash), locked=True)
    tap_corner(qtbot, app)
    for key in "24":
        qtbot.mouseClick(app.window.lock.keys[key], Qt.MouseButton.LeftButton)
    assert app.window.lock.dots.text().count("●") == 2
    qtbot.mouseClick(app.window.lock.cancel, Qt.MouseButton.LeftButton)
    assert on(app, app.window.home)
    tap_corner(qtbot, app)
    assert app.window.lock.entered == ""


def test_too_many_wrong_pins_lock_the_keypad(qtbot: Any, kiosk_app: Any, tmp_path: Path, pin_hash: str) -> None:
    app: KioskApp = kiosk_app(site(tmp_path, kiosk_pin=pin_hash), locked=True)
    lock = app.window.lock
    tap_corner(qtbot, app)
    for _attempt in range(1, MAX_ATTEMPTS + 1):
        type_pin(qtbot, app, "0000")
        qtbot.waitUntil(lambda: not lock.checking, timeout=WAIT_MS)
    assert re.fullmatch(r"Terlalu banyak percobaan\. Coba lagi pukul \d\d\.\d\d\.", lock.message.text())
    type_pin(qtbot, app, PIN)  # ignored while locked out
    assert not lock.checking and not lock.unlocked()
    assert app.log.events("kiosk_pin_locked")


def test_pin_lockout_survives_a_restart(qtbot: Any, kiosk_app: Any, tmp_path: Path, pin_hash: str) -> None:
    """The count is in the database: a kiosk restarted after wrong PINs is still locked,
    even for the right PIN, until the time it names."""
    url = site(tmp_path, kiosk_pin=pin_hash)
    db = Database(url, migrate=False)
    try:
        for _ in range(MAX_ATTEMPTS - 1):
            assert access.check_kiosk_pin(db, "0000") is False
        with pytest.raises(LockedOut) as locked:
            access.check_kiosk_pin(db, "0000")
    finally:
        db.dispose()
    app: KioskApp = kiosk_app(url, locked=True)
    lock = app.window.lock
    tap_corner(qtbot, app)
    expected = f"Terlalu banyak percobaan. Coba lagi pukul {locked.value.local_until:%H.%M}."
    qtbot.waitUntil(lambda: lock.message.text() == expected, timeout=WAIT_MS)  # said before any typing
    type_pin(qtbot, app, PIN)  # ignored: the keypad is shut
    assert not lock.checking and not lock.unlocked()
    lock._lockout.stop()  # as if the time had come (the keypad opens), yet the database still says no
    type_pin(qtbot, app, PIN)
    qtbot.waitUntil(lambda: not lock.checking, timeout=WAIT_MS)
    assert lock.message.text() == expected
    assert not lock.unlocked()
    app.window.grab().save(str(tmp_path / "kiosk-pin-locked.png"))


def test_no_pin_locked_gesture_does_nothing(qtbot: Any, kiosk_app: Any, tmp_path: Path) -> None:
    app: KioskApp = kiosk_app(site(tmp_path), locked=True)
    tap_corner(qtbot, app)
    assert on(app, app.window.home)
    assert app.log.events("kiosk_gesture_ignored")


def test_no_pin_windowed_gesture_opens_menu(qtbot: Any, kiosk_app: Any, tmp_path: Path) -> None:
    app: KioskApp = kiosk_app(site(tmp_path), locked=False)
    assert not app.window.windowFlags() & Qt.WindowType.FramelessWindowHint
    tap_corner(qtbot, app)
    assert on(app, app.window.lock) and app.window.lock.unlocked()


def test_idle_leaves_the_pin_screen(qtbot: Any, kiosk_app: Any, tmp_path: Path, pin_hash: str) -> None:
    app: KioskApp = kiosk_app(site(tmp_path, kiosk_pin=pin_hash, kiosk_idle_seconds=1), locked=True)
    tap_corner(qtbot, app)
    qtbot.mouseClick(app.window.lock.keys["2"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: on(app, app.window.home), timeout=WAIT_MS)
    assert app.window.lock.entered == ""
