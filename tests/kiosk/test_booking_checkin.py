"""Booking check-in at a real kiosk window (SQLite and PostgreSQL, real runner threads, real
change feed, real ticket PDFs): a scanner's fast keys on the home screen and over the keypad,
a person's slow typing that never counts as a scan, the keypad path, every answer's page
text, two kiosks checking one code in at once, and the bookings' upkeep on its timer.

The clock is the test clock: Monday 2 March 2026, 09:00 WIB.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from sqlalchemy import select, text

from db import booking, queue, roles
from db.database import Database
from db.models import Booking
from db.sitetime import zone
from kiosk.booking_entry import ROWS, CodeEntry
from tests.appcli import PROCESS_ON_SQLITE
from tests.kiosk.kiosk_harness import KioskApp, kiosk_app_fixture, pdf_text, set_service, set_settings  # noqa: F401
from ui.i18n import translator
from ui.keyboard import BACKSPACE

WAIT_MS = 20_000
MONDAY = date(2026, 3, 2)
WEDNESDAY = date(2026, 3, 4)
ROOT = Path(__file__).resolve().parents[2]
# A scanner's keys back to back. A real one's come a few milliseconds apart and carry the
# window system's timestamps, which the filter reads (test_booking_scanner checks that); QTest's
# carry none, so they are timed on arrival, and on a loaded machine even a 2 ms wait between them
# can run a paint that takes longer than a person's key. No wait, then: no paint in between.
SCANNER_DELAY_MS = 0
PERSON_DELAY_MS = 150  # a quick typist still needs this long from key to key


_BOSSES: dict[str, roles.Actor] = {}


def boss(db: Database) -> roles.Actor:
    """The test site's supervisor, signed in once per database."""
    key = f"{id(db)} {url_of(db)}"
    if key not in _BOSSES:
        _BOSSES[key] = roles.sign_in(db, "supervisor", "supervisor123")
    return _BOSSES[key]


def book(db: Database, at: time, service: str = "A", day: date = MONDAY) -> str:
    """A booking for ``service`` at ``at`` on ``day``; its code."""
    return booking.add(db, booking.NewBooking(service_code=service, day=day, time=at), actor=boss(db)).code


def url_of(db: Database) -> str:
    return db.url.render_as_string(hide_password=False)


def click(qtbot: Any, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def scan(qtbot: Any, target: QWidget, text: str, delay_ms: int = SCANNER_DELAY_MS) -> None:
    """What a scanner does: the characters, then Enter, ``delay_ms`` apart. QTest's events carry no
    time of their own, so they are timed on arrival: pending paints go first."""
    QTest.qWait(50)
    QTest.keyClicks(target, text, Qt.KeyboardModifier.NoModifier, delay_ms)
    QTest.keyClick(target, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, delay_ms)


def idle(qtbot: Any, app: KioskApp) -> None:
    """Nothing of the window's own in flight (a scan measures the gaps between keys)."""
    w = app.window
    qtbot.waitUntil(lambda: not w.desk.in_flight and not w.flow.busy(), timeout=WAIT_MS)
    w.go_home()


def answered(qtbot: Any, app: KioskApp, n: int) -> dict[str, Any]:
    """The ``n``-th check-in answer (1-based), once it has arrived and is on screen."""
    qtbot.waitUntil(lambda: len(app.log.events("booking_checkin", "booking_failed")) >= n, timeout=WAIT_MS)
    event = app.log.events("booking_checkin", "booking_failed")[n - 1]
    w = app.window
    qtbot.waitUntil(lambda: w.stack.currentWidget() in (w.confirm, w.booking_result), timeout=WAIT_MS)
    return event


def result_text(app: KioskApp) -> str:
    assert app.window.stack.currentWidget() is app.window.booking_result
    return app.window.booking_result.message_text()


def pdf_of(qtbot: Any, app: KioskApp, label: str) -> Path:
    qtbot.waitUntil(lambda: any(e["label"] == label for e in app.log.events("ticket_pdf")), timeout=WAIT_MS)
    return Path([e for e in app.log.events("ticket_pdf") if e["label"] == label][-1]["path"])


# -- the code being typed -----------------------------------------------------------------------------


def test_code_entry_takes_only_the_code_alphabet() -> None:
    entry = CodeEntry()
    assert entry.shown() == "___ ___" and not entry.complete()
    for key in "k0O1I7p":  # lower case read as upper; 0, O, 1 and I are no code characters
        entry.press(key)
    assert entry.chars == "K7P" and entry.shown() == "K7P ___"
    for key in "4QXZ":
        entry.press(key)
    assert entry.chars == "K7P4QX" and entry.shown() == "K7P 4QX" and entry.complete()  # six at most
    entry.press(BACKSPACE)
    assert entry.shown() == "K7P 4Q_" and not entry.complete()
    assert "".join(ROWS) == booking.ALPHABET and {len(r) for r in ROWS} == {8}


# -- a scanner ----------------------------------------------------------------------------------------


def test_scanner_on_the_home_screen_gives_a_booked_ticket(qtbot: Any, kiosk_app: Any, db: Database,
                                                          fake_clock: Any) -> None:
    code = book(db, time(9, 30))
    app: KioskApp = kiosk_app(url_of(db))
    w = app.window
    assert w.home.booking.isVisible() and w.home.booking.text() == "Punya kode booking?"
    idle(qtbot, app)
    # As a scanner types it: lower case with the separator of the slip.
    scan(qtbot, w.home, f"{code[:3].lower()}-{code[3:].lower()}")
    event = answered(qtbot, app, 1)
    assert event["outcome"] == "issued" and event["code"] == code
    assert w.stack.currentWidget() is w.confirm
    texts = w.confirm.texts()
    assert "A-001" in texts and "Booking pukul 09.30 WIB" in texts
    path = pdf_of(qtbot, app, "A-001")
    text = pdf_text(path)
    assert "A-001" in text and "BOOKING 09.30 WIB" in text
    [ticket] = app.tickets()
    assert ticket.source == "booking" and ticket.label == "A-001"
    assert [e["code"] for e in app.log.events("booking_scan")] == [code]

    # The same code again (the visitor scans twice): the same number, printed again, said so.
    idle(qtbot, app)
    scan(qtbot, w.home, code)
    assert answered(qtbot, app, 2)["outcome"] == "reprint"
    assert "Kode ini sudah check-in. Nomor Anda tetap A-001." in w.confirm.texts()
    qtbot.waitUntil(lambda: len([e for e in app.log.events("ticket_pdf") if e["label"] == "A-001"]) == 2,
                    timeout=WAIT_MS)
    assert len(app.tickets()) == 1

    # English, on the language switch.
    translator().set_language("en")
    assert "This code is already checked in. Your number is still A-001." in w.confirm.texts()


def test_a_person_typing_is_no_scan(qtbot: Any, kiosk_app: Any, db: Database, fake_clock: Any) -> None:
    code = book(db, time(9, 30))
    app: KioskApp = kiosk_app(url_of(db))
    w = app.window
    idle(qtbot, app)
    scan(qtbot, w.home, code, PERSON_DELAY_MS)
    scan(qtbot, w.home, code[:3], SCANNER_DELAY_MS)  # fast, but too short to be a code
    QTest.keyClicks(w.home, code, Qt.KeyboardModifier.NoModifier, SCANNER_DELAY_MS)  # no Enter
    QTest.qWait(PERSON_DELAY_MS)
    QTest.keyClick(w.home, Qt.Key.Key_Return)  # Enter long after
    QTest.qWait(200)
    assert app.log.events("booking_scan", "booking_checkin") == []
    assert w.stack.currentWidget() is w.home and app.tickets() == []


def test_scanner_over_the_keypad_and_with_shift(qtbot: Any, kiosk_app: Any, db: Database, fake_clock: Any) -> None:
    code = book(db, time(9, 30))
    app: KioskApp = kiosk_app(url_of(db))
    w = app.window
    idle(qtbot, app)
    click(qtbot, w.home.booking)
    entry = w.booking_entry
    assert w.stack.currentWidget() is entry
    click(qtbot, entry.keypad.keys["K"])  # type: ignore[union-attr]  # the visitor began typing, then scanned
    # A scanner in upper case sends Shift with each letter.
    for ch in code:
        shift = Qt.KeyboardModifier.ShiftModifier if ch.isalpha() else Qt.KeyboardModifier.NoModifier
        if ch.isalpha():
            QTest.keyPress(entry, Qt.Key.Key_Shift, Qt.KeyboardModifier.NoModifier, SCANNER_DELAY_MS)
        QTest.keyClick(entry, ch, shift, SCANNER_DELAY_MS)
        if ch.isalpha():
            QTest.keyRelease(entry, Qt.Key.Key_Shift, Qt.KeyboardModifier.NoModifier, SCANNER_DELAY_MS)
    QTest.keyClick(entry, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, SCANNER_DELAY_MS)
    event = answered(qtbot, app, 1)
    assert event["outcome"] == "issued" and event["code"] == code
    assert len(app.log.events("booking_checkin")) == 1  # the keypad's own Enter did not check it in again
    assert [t.label for t in app.tickets()] == ["A-001"]


# -- the keypad ---------------------------------------------------------------------------------------


def test_keypad_path(qtbot: Any, kiosk_app: Any, db: Database, fake_clock: Any) -> None:
    code = book(db, time(9, 15), service="B")
    app: KioskApp = kiosk_app(url_of(db), size=(1080, 1920))
    w = app.window
    click(qtbot, w.home.booking)
    entry = w.booking_entry
    assert entry.title.text() == "Check-in booking" and entry.back.text() == "Batal"
    assert entry.start_button.text() == "Cek" and not entry.start_button.isEnabled()
    assert set(entry.keypad.keys) == set(booking.ALPHABET) | {BACKSPACE}  # type: ignore[union-attr]
    for ch in code[:5]:
        click(qtbot, entry.keypad.keys[ch])  # type: ignore[union-attr]
    assert entry.number.text() == f"{code[:3]} {code[3:5]}_" and not entry.start_button.isEnabled()
    click(qtbot, entry.keypad.keys[code[5]])  # type: ignore[union-attr]
    assert entry.number.text() == f"{code[:3]} {code[3:]}" and entry.start_button.isEnabled()
    click(qtbot, entry.start_button)
    event = answered(qtbot, app, 1)
    assert event["outcome"] == "issued"
    assert app.log.events("booking_typed")[0]["code"] == code
    assert "B-001" in w.confirm.texts() and "Booking pukul 09.15 WIB" in w.confirm.texts()

    # "Batal" goes home, typing nothing.
    idle(qtbot, app)
    click(qtbot, w.home.booking)
    click(qtbot, entry.back)
    assert w.stack.currentWidget() is w.home

    # The survey's keypad opened by mistake: a scan there still checks the code in.
    other = book(db, time(9, 15), service="B")
    click(qtbot, w.home.survey)
    assert w.stack.currentWidget() is w.survey.entry
    scan(qtbot, w.survey.entry, other)
    assert answered(qtbot, app, 2)["outcome"] == "issued"
    assert "B-002" in w.confirm.texts() and app.log.events("kiosk_survey_lookup") == []


def test_no_button_and_no_scanner_when_the_site_says_so(qtbot: Any, kiosk_app: Any, db: Database,
                                                         fake_clock: Any) -> None:
    code = book(db, time(9, 30))
    set_settings(db, booking_kiosk=False)
    app: KioskApp = kiosk_app(url_of(db))
    w = app.window
    assert not w.home.booking.isVisible()
    idle(qtbot, app)
    scan(qtbot, w.home, code)
    QTest.qWait(200)
    assert app.log.events("booking_scan") == [] and app.tickets() == []


# -- each answer --------------------------------------------------------------------------------------


def test_answers_without_a_number(qtbot: Any, kiosk_app: Any, db: Database, fake_clock: Any) -> None:
    later = book(db, time(10, 30))
    wednesday = book(db, time(10, 0), day=WEDNESDAY)
    cancelled = book(db, time(9, 30))
    booking.cancel(db, cancelled, actor=boss(db))
    closed = book(db, time(9, 30), service="D")
    set_service(db, "D", active=False)
    stranger = booking.new_code()
    wrong = stranger[:5] + next(c for c in booking.ALPHABET if booking.normalise_code(stranger[:5] + c) is None)
    app: KioskApp = kiosk_app(url_of(db))
    w = app.window
    expected = [
        (later, "early", "Belum waktunya check-in\nAnda datang terlalu awal. Silakan kembali pukul 10.00 WIB.\n"
                         "Booking Anda: Desk CAPA, Senin, 2 Maret 2026 pukul 10.30 WIB."),
        (wednesday, "early", "Belum waktunya check-in\nAnda datang terlalu awal. Silakan kembali pada "
                             "Rabu, 4 Maret 2026 pukul 09.30 WIB.\n"
                             "Booking Anda: Desk CAPA, Rabu, 4 Maret 2026 pukul 10.00 WIB."),
        (cancelled, "cancelled", f"Booking dibatalkan\nBooking dengan kode {cancelled[:3]} {cancelled[3:]} "
                                 "sudah dibatalkan."),
        (stranger, "unknown", f"Kode booking tidak ditemukan\nKode booking {stranger[:3]} {stranger[3:]} tidak "
                              "terdaftar. Silakan periksa kembali kode Anda."),
        (wrong, "invalid", f"Kode booking tidak benar\nKode {wrong[:3]} {wrong[3:]} tidak benar. "
                           "Silakan periksa kembali kode Anda."),
        (closed, "unavailable", "Layanan tidak tersedia\nLayanan"),
    ]
    for n, (code, outcome, wanted) in enumerate(expected, 1):
        idle(qtbot, app)
        scan(qtbot, w.home, code)
        assert answered(qtbot, app, n)["outcome"] == outcome, code
        assert result_text(app).startswith(wanted), result_text(app)
        assert result_text(app).endswith("Silakan hubungi petugas bila memerlukan bantuan.")
        assert w.booking_result.again.isVisible() == (outcome in ("unknown", "invalid"))
    assert app.tickets() == []

    # "Ketik ulang kode" opens the keypad; the answer page goes home by itself.
    click(qtbot, w.booking_result.again)
    assert w.stack.currentWidget() is w.booking_entry and w.booking_entry.typed() == ""
    idle(qtbot, app)
    scan(qtbot, w.home, later)
    answered(qtbot, app, len(expected) + 1)
    translator().set_language("en")
    assert result_text(app).startswith("Too early to check in\nYou are too early. Please come back at 10:00 WIB.")
    w.booking_result.seconds_left = 1
    qtbot.waitUntil(lambda: w.stack.currentWidget() is w.home, timeout=WAIT_MS)


def test_late_used_and_missed(qtbot: Any, kiosk_app: Any, db: Database, fake_clock: Any) -> None:
    early_one = book(db, time(9, 5), service="C")  # its window closes at 09.20
    served = book(db, time(9, 15))
    tomorrow_missed = book(db, time(9, 45), service="E")
    app: KioskApp = kiosk_app(url_of(db))
    w = app.window

    idle(qtbot, app)
    scan(qtbot, w.home, served)
    assert answered(qtbot, app, 1)["outcome"] == "issued"
    [ticket] = app.tickets()
    queue.call_ticket(db, 1, ticket.id)
    queue.start_service(db, 1)
    queue.finish(db, 1)
    idle(qtbot, app)
    scan(qtbot, w.home, served)
    assert answered(qtbot, app, 2)["outcome"] == "used"
    assert result_text(app).startswith("Kode booking sudah digunakan\nKode booking ini sudah digunakan untuk "
                                       "nomor A-001 dan layanannya sudah selesai.")

    fake_clock.advance(minutes=30)  # 09.30: past the 09.05 booking's window
    idle(qtbot, app)
    scan(qtbot, w.home, early_one)
    event = answered(qtbot, app, 3)
    assert event["outcome"] == "late" and event["label"] == "C-001"
    assert w.stack.currentWidget() is w.confirm
    assert ("Waktu booking Anda (09.05 WIB) sudah lewat. Anda mendapat nomor antrean biasa."
            in w.confirm.texts())
    assert "BOOKING" not in pdf_text(pdf_of(qtbot, app, "C-001"))  # an ordinary ticket
    assert [t.source for t in app.tickets()] == ["booking", "kiosk"]

    fake_clock.advance(days=1)
    idle(qtbot, app)
    scan(qtbot, w.home, tomorrow_missed)
    assert answered(qtbot, app, 4)["outcome"] == "missed"
    assert result_text(app).startswith("Tanggal booking sudah lewat\nBooking Anda untuk Senin, 2 Maret 2026 "
                                       "sudah lewat. Silakan ambil nomor antrean biasa.")


# -- two kiosks, one code -----------------------------------------------------------------------------


def test_two_kiosks_one_code_one_ticket(qtbot: Any, kiosk_app: Any, db: Database, fake_clock: Any) -> None:
    code = book(db, time(9, 30))
    first: KioskApp = kiosk_app(url_of(db))
    second: KioskApp = kiosk_app(url_of(db))
    for app in (first, second):
        idle(qtbot, app)
    # Both at once: each window's runner checks in on its own connection.
    assert first.window.check_booking(code, "scan") and second.window.check_booking(code, "scan")
    qtbot.waitUntil(lambda: len(first.log.events("booking_checkin")) == 2, timeout=WAIT_MS)  # one log, both windows
    outcomes = sorted(e["outcome"] for e in first.log.events("booking_checkin"))
    assert outcomes == ["issued", "reprint"]
    assert {e["label"] for e in first.log.events("booking_checkin")} == {"A-001"}
    assert [t.label for t in first.tickets()] == ["A-001"]
    for app in (first, second):
        qtbot.waitUntil(lambda a=app: a.window.stack.currentWidget() is a.window.confirm, timeout=WAIT_MS)
        assert "A-001" in app.window.confirm.texts()


# -- upkeep -------------------------------------------------------------------------------------------


def test_housekeeping_runs_on_its_timer(qtbot: Any, kiosk_app: Any, db: Database, fake_clock: Any) -> None:
    code = book(db, time(9, 5))
    app: KioskApp = kiosk_app(url_of(db))
    keeper = app.window.housekeeper
    assert keeper.timer.isActive()  # started with the window
    fake_clock.advance(minutes=25)  # the 09.05 booking's window closed at 09.20
    runs = keeper.runs
    keeper.set_interval(50)
    qtbot.waitUntil(lambda: keeper.runs >= runs + 2, timeout=WAIT_MS)  # more than once: it keeps running
    events = app.log.events("booking_housekeep")
    assert sum(e["no_shows"] for e in events) == 1
    with db.read() as s:
        assert s.scalar(select(Booking.status).where(Booking.code == code)) == "no_show"
    keeper.set_interval(60_000)


def test_housekeeping_failure_is_logged_not_fatal(qtbot: Any, kiosk_app: Any, db: Database, fake_clock: Any) -> None:
    app: KioskApp = kiosk_app(url_of(db))
    keeper = app.window.housekeeper
    with db.write() as s:  # a real failure: the table the upkeep works on is gone for a while
        s.execute(text("ALTER TABLE bookings RENAME TO bookings_away"))
    try:
        runs = keeper.runs
        assert keeper.run_now()
        qtbot.waitUntil(lambda: keeper.runs > runs, timeout=WAIT_MS)
        [failure] = app.log.events("booking_housekeep_failed")
        assert "bookings" in failure["reason"]
        assert keeper.timer.isActive() and app.window.isVisible()  # it tries again later
    finally:
        with db.write() as s:
            s.execute(text("ALTER TABLE bookings_away RENAME TO bookings"))
    assert keeper.run_now()
    qtbot.waitUntil(lambda: len(app.log.events("booking_housekeep")) == 1, timeout=WAIT_MS)


def test_dataclass_fields_the_kiosk_reads() -> None:
    """The kiosk reads these of the core's records (a rename shows here first)."""
    assert {"outcome", "booking", "issued", "opens_at", "reason"} <= {f.name for f in dataclasses.fields(booking.CheckIn)}
    assert {"booked_at", "service_name_id", "service_name_en", "ticket_label"} <= {
        f.name for f in dataclasses.fields(booking.BookingInfo)}


# -- as a process: --show-booking for screenshots -----------------------------------------------------


@PROCESS_ON_SQLITE
def test_show_booking_screenshots(db: Database, site_db_url: str, tmp_path: Path) -> None:
    """``antrian kiosk --show-booking [CODE]``: the keypad with the start of a code typed, or the
    whole code scanned and answered before the window calls itself ready (real clock)."""
    now = datetime.now(UTC).astimezone(zone("Asia/Jakarta"))
    soon = now.replace(minute=0 if now.minute < 30 else 30, second=0, microsecond=0) + timedelta(minutes=30)
    code = book(db, soon.time(), day=soon.date())
    # The check-in window opens booking_early_minutes before: a ticket if it is open now, even
    # for the first half hour of tomorrow (it is, at 23.45 WIB), else "too early".
    opens, _ = booking.window(queue.site_settings(db), soon.astimezone(UTC))
    expected = "issued" if datetime.now(UTC) >= opens else "early"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    for shown, event in ((code[:4], ""), (code, "booking_checkin")):
        shot = tmp_path / f"kiosk-{shown}.png"
        done = subprocess.run([sys.executable, "-m", "kiosk", "--db", site_db_url, "--screenshot", str(shot),
                               "--size", "1080x1920", "--show-booking", shown, "--printer", "none",
                               "--json-logging", "--data-dir", str(tmp_path / "data")],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        records = []
        for line in done.stderr.splitlines():
            with contextlib.suppress(ValueError):
                records.append(json.loads(line))
        assert done.returncode == 0, records[-5:]
        events = [r.get("event") for r in records]
        if event:
            assert events.index(event) < events.index("ready") < events.index("screenshot")
            assert [r["outcome"] for r in records if r.get("event") == event] == [expected]
        else:
            assert "booking_checkin" not in events
        image = QImage(str(shot))
        assert (image.width(), image.height()) == (1080, 1920)
