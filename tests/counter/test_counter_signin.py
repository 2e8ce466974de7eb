"""Signing in and out at a counter: password check, take-over, leaving, being taken over."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from counter import model
from counter.app import CounterShell, build_parser
from db import queue
from db.database import Database
from tests.counter.counter_helpers import WAIT_MS, logged

Key = Qt.Key


@pytest.fixture(autouse=True)
def _capture_counter_log(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    logging.getLogger("antrian").propagate = True
    caplog.set_level(logging.INFO, logger="antrian.counter")
    yield


def officer_at(db: Database, number: int) -> str | None:
    return next(c.officer for c in queue.queue_snapshot(db).counters if c.number == number)


def fill(qtbot: QtBot, shell: CounterShell, user: str, password: str) -> None:
    page = shell.signin
    page.user.clear()
    qtbot.keyClicks(page.user, user)
    page.password.clear()
    qtbot.keyClicks(page.password, password)
    qtbot.keyClick(page.password, Key.Key_Return)


def free(db: Database, *numbers: int) -> None:
    """Sign the standard test site's officers out of these counters (they start seated)."""
    for number in numbers:
        queue.sign_out(db, number)


def test_wrong_password_is_refused_in_plain_words(qtbot: QtBot, stations, db: Database, caplog, screens) -> None:  # type: ignore[no-untyped-def]
    free(db, 1)
    shell = stations.shell(counter=1).widget
    page = shell.signin
    screens.save(shell, "counter-signin")
    fill(qtbot, shell, "siti", "salah")
    qtbot.waitUntil(lambda: page.message.isVisible() and page.message.text() != "", timeout=WAIT_MS)
    assert page.message.text() == "Nama pengguna atau kata sandi salah."
    assert shell.currentWidget() is page
    # The officer types the password again: the field has the window's focus, its text selected.
    assert shell.focusWidget() is page.password
    assert page.password.selectedText() == "salah"
    assert officer_at(db, 1) is None
    failed = logged(caplog, "action_failed")
    assert failed[0].action == "sign_in" and failed[0].error_type == "AuthError"
    screens.save(shell, "counter-signin-wrong-password")


def test_sign_in_opens_the_counter_and_closing_signs_out(qtbot: QtBot, stations, db: Database, caplog) -> None:  # type: ignore[no-untyped-def]
    free(db, 1, 2, 3)
    st = stations.shell(counter=None)
    shell = st.widget
    page = shell.signin
    assert page.counters.isEnabled()
    assert [page.counters.itemText(i) for i in range(page.counters.count())] == ["Loket 1", "Loket 2", "Loket 3"]
    page.counters.setCurrentIndex(1)
    fill(qtbot, shell, "budi", "budi123")
    qtbot.waitUntil(lambda: shell.counter_window is not None, timeout=WAIT_MS)
    w = shell.counter_window
    assert w.counter == 2 and w.officer.display_name == "Budi Santoso"
    assert shell.windowTitle() == "Antrian — Loket 2 — Budi Santoso"
    assert officer_at(db, 2) == "Budi Santoso"
    assert [(r.officer, r.counter) for r in logged(caplog, "signed_in")] == [("budi", 2)]
    shell.close()
    st.runner.wait(WAIT_MS)
    assert officer_at(db, 2) is None
    assert [r.counter for r in logged(caplog, "signed_out")] == [2]


def test_sign_out_button_returns_to_the_sign_in_page(qtbot: QtBot, stations, db: Database) -> None:  # type: ignore[no-untyped-def]
    st = stations.shell(counter=1)
    shell = st.widget
    fill(qtbot, shell, "siti", "siti123")
    qtbot.waitUntil(lambda: shell.counter_window is not None, timeout=WAIT_MS)
    old = shell.counter_window
    old.sign_out_button.click()
    qtbot.waitUntil(lambda: shell.currentWidget() is shell.signin, timeout=WAIT_MS)
    st.runner.wait(WAIT_MS)
    assert officer_at(db, 1) is None
    assert shell.signin.password.text() == ""
    # The old counter window is gone; switching the language must not touch its remains.
    qtbot.waitUntil(lambda: not shiboken6.isValid(old), timeout=WAIT_MS)
    shell.signin.language_button.click()
    assert shell.signin.heading.text() == "Counter Officer Sign-in"
    shell.signin.language_button.click()


def test_take_over_asks_first(qtbot: QtBot, stations, db: Database, caplog, screens) -> None:  # type: ignore[no-untyped-def]
    queue.sign_in(db, 1, "budi", "budi123", take_over=True)
    shell = stations.shell(counter=1).widget
    page = shell.signin
    assert page.counters.currentText() == "Loket 1 — Budi Santoso"
    assert not page.counters.isEnabled()  # fixed by --counter
    fill(qtbot, shell, "siti", "siti123")
    qtbot.waitUntil(page.takeover.isVisible, timeout=WAIT_MS)
    assert page.takeover_text.text() == "Budi Santoso sedang masuk di Loket 1. Ambil alih?"
    assert officer_at(db, 1) == "Budi Santoso"  # nothing changed before the answer
    screens.save(shell, "counter-signin-takeover")
    qtbot.keyClick(page.takeover_yes, Key.Key_Return)
    qtbot.waitUntil(lambda: shell.counter_window is not None, timeout=WAIT_MS)
    assert officer_at(db, 1) == "Siti Rahmawati"
    assert logged(caplog, "signed_in")[0].take_over is True


def test_take_over_can_be_declined(qtbot: QtBot, stations, db: Database) -> None:  # type: ignore[no-untyped-def]
    queue.sign_in(db, 1, "budi", "budi123", take_over=True)
    shell = stations.shell(counter=1).widget
    page = shell.signin
    fill(qtbot, shell, "siti", "siti123")
    qtbot.waitUntil(page.takeover.isVisible, timeout=WAIT_MS)
    qtbot.keyClick(page.password, Key.Key_Escape)
    assert not page.takeover.isVisible()
    assert page.submit_button.isVisible()
    assert shell.counter_window is None
    assert officer_at(db, 1) == "Budi Santoso"


def test_unattended_sign_in(qtbot: QtBot, stations, db: Database) -> None:  # type: ignore[no-untyped-def]
    shell = stations.shell(counter=3, user="agus", password="agus123").widget
    assert shell.counter_window is not None  # ready comes from the main window
    assert shell.counter_window.session.state == model.IDLE
    assert officer_at(db, 3) == "Agus Pratama"


def test_taken_over_from_another_pc(qtbot: QtBot, stations, db: Database) -> None:  # type: ignore[no-untyped-def]
    shell = stations.shell(counter=1, user="siti", password="siti123").widget
    queue.sign_in(db, 1, "budi", "budi123", take_over=True)  # at another PC
    qtbot.waitUntil(lambda: shell.currentWidget() is shell.signin, timeout=WAIT_MS)
    assert shell.signin.message.text() == "Budi Santoso mengambil alih Loket 1. Silakan masuk kembali."
    shell.close()
    stations.all[-1].runner.wait(WAIT_MS)
    assert officer_at(db, 1) == "Budi Santoso"  # leaving does not sign the new officer out


def test_sign_in_page_in_english(qtbot: QtBot, stations, db: Database) -> None:  # type: ignore[no-untyped-def]
    free(db, 1)
    shell = stations.shell(counter=1).widget
    page = shell.signin
    qtbot.keyClick(page.user, Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.heading.text() == "Counter Officer Sign-in", timeout=WAIT_MS)
    assert page.counters.currentText() == "Counter 1"
    fill(qtbot, shell, "siti", "wrong")
    qtbot.waitUntil(lambda: page.message.text() == "Wrong username or password.", timeout=WAIT_MS)


def test_command_line_options() -> None:
    args = build_parser().parse_args(["--counter", "2", "--user", "budi", "--password-env", "PW", "--db", "x.db"])
    assert (args.counter, args.user, args.password_env, args.db) == (2, "budi", "PW", "x.db")
    assert not args.fullscreen


def test_keys_do_nothing_on_the_sign_in_page(qtbot: QtBot, stations, db: Database) -> None:  # type: ignore[no-untyped-def]
    queue.issue_ticket(db, "A")
    shell = stations.shell(counter=1).widget
    qtbot.keyClick(shell.signin.user, Key.Key_F1)  # the counter's keys belong to its main window only
    assert queue.waiting_tickets(db, 1)[0].status == "waiting"


def test_signing_out_while_an_action_runs(qtbot: QtBot, stations, db: Database, caplog) -> None:  # type: ignore[no-untyped-def]
    import threading

    queue.issue_ticket(db, "A")
    st = stations.shell(counter=1, user="siti", password="siti123")
    shell = st.widget
    w = shell.counter_window
    gate = threading.Event()
    st.runner.run(lambda: gate.wait(WAIT_MS / 1000))
    qtbot.keyClick(w, Key.Key_F1)
    assert w.session.busy == model.CALL_NEXT
    w.sign_out_button.click()  # the call is still on its way
    assert shell.currentWidget() is shell.signin
    gate.set()
    st.runner.wait(WAIT_MS)
    events = [getattr(r, "event", None) for r in caplog.records]
    assert events.index("called") < events.index("signed_out")  # logged in the order it happened
    assert [r.label for r in logged(caplog, "called")] == ["A-001"]
    assert officer_at(db, 1) is None
    snap = queue.queue_snapshot(db)
    assert snap.counters[0].current is not None and snap.counters[0].current.label == "A-001"


def test_lockout_is_shown_with_the_time(qtbot: QtBot, stations, db: Database, caplog, screens) -> None:  # type: ignore[no-untyped-def]
    """After too many wrong passwords the page says until when, in Indonesian, even for the right one."""
    import re
    from zoneinfo import ZoneInfo

    from sqlalchemy import select

    from db.access import MAX_FAILURES
    from db.errors import AuthError
    from db.models import Lockout

    free(db, 1)
    for _ in range(MAX_FAILURES):
        with pytest.raises(AuthError):
            queue.sign_in(db, 1, "siti", "salah")
    with db.read() as s:
        until = s.scalar(select(Lockout.locked_until).where(Lockout.subject == "officer:siti"))
    assert until is not None
    shell = stations.shell(counter=1).widget
    page = shell.signin
    fill(qtbot, shell, "siti", "siti123")
    qtbot.waitUntil(lambda: page.message.isVisible() and page.message.text() != "", timeout=WAIT_MS)
    local = until.astimezone(ZoneInfo("Asia/Jakarta"))
    assert page.message.text() == f"Terlalu banyak percobaan. Coba lagi pukul {local:%H.%M}."
    assert re.fullmatch(r"Terlalu banyak percobaan\. Coba lagi pukul \d\d\.\d\d\.", page.message.text())
    assert shell.counter_window is None and officer_at(db, 1) is None
    assert logged(caplog, "action_failed")[-1].error_type == "LockedOut"
    screens.save(shell, "counter-signin-locked-out")
