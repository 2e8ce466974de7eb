"""The console's sign-in, header, tabs and sign-out, on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from db import audit
from db.database import Database
from supervisor.app import ConsoleShell, build_parser
from supervisor.audit_page import AuditPage
from supervisor.texts import duration_text, error_text, minutes_text
from supervisor.window import PAGE_NAMES, PAGES, ConsoleWindow, PageSpec
from tests.supervisor import console_helpers
from tests.supervisor.console_helpers import WAIT_MS, Consoles
from ui.i18n import translator

consoles = console_helpers.consoles  # the fixture

AUDIT_ONLY = [
    PageSpec("audit", "supervisor.tab.audit", "supervisor.audit_page:AuditPage"),
    # an admin-only tab (the real administration page is added at merge): the audit page stands in
    PageSpec("admin", "supervisor.tab.admin", "supervisor.audit_page:AuditPage", admin_only=True),
]


def _sign_in(qtbot: QtBot, shell: ConsoleShell, user: str, password: str) -> None:
    shell.signin.user.setText(user)
    shell.signin.password.setText(password)
    shell.signin.submit_button.click()
    qtbot.waitUntil(lambda: not shell.signin._busy, timeout=WAIT_MS)


def _tabs(window: ConsoleWindow) -> list[str]:
    return [window.tabs.tabText(i) for i in range(window.tabs.count())]


def test_supervisor_signs_in_sees_header_and_tabs_but_not_administration(qtbot: QtBot, consoles: Consoles) -> None:
    shell = consoles.shell(pages=AUDIT_ONLY, page="audit")
    assert shell.currentWidget() is shell.signin
    assert shell.signin.site.text()  # the site's name was read
    _sign_in(qtbot, shell, "supervisor", "supervisor123")
    qtbot.waitUntil(lambda: shell.window_ is not None, timeout=WAIT_MS)
    w = shell.window_
    assert w is not None and shell.currentWidget() is w
    assert _tabs(w) == ["Audit"]  # "Administrasi" only for an administrator
    assert "Dewi Lestari" in w.who_label.text() and "Koordinator Layanan" in w.who_label.text()
    assert w.site_label.text() == shell.signin.site.text()
    assert w.sign_out_button.text() == "Keluar"
    assert shell.windowTitle() == "Konsol Koordinator Layanan — Dewi Lestari"
    translator().set_language("en")
    assert _tabs(w) == ["Audit"] and w.sign_out_button.text() == "Sign out"
    assert "Service supervisor" in w.who_label.text()


def test_admin_signs_in_unattended_and_sees_administration(qtbot: QtBot, consoles: Consoles) -> None:
    shell = consoles.shell(user="admin", password="admin123", pages=AUDIT_ONLY, page="admin")
    w = shell.window_
    assert w is not None
    assert _tabs(w) == ["Audit", "Administrasi"]
    assert w.tabs.currentWidget() is w.pages["admin"]
    assert isinstance(w.pages["admin"], AuditPage)
    assert w.show_page("audit") and w.tabs.currentWidget() is w.pages["audit"]
    assert not w.show_page("actions")


def test_a_supervisor_asking_for_administration_gets_the_first_page(consoles: Consoles) -> None:
    shell = consoles.shell(user="supervisor", password="supervisor123", pages=AUDIT_ONLY, page="admin")
    assert shell.window_ is not None and list(shell.window_.pages) == ["audit"]
    assert shell.window_.tabs.currentWidget() is shell.window_.pages["audit"]


def test_an_officer_is_refused_with_a_clear_sentence(qtbot: QtBot, consoles: Consoles) -> None:
    shell = consoles.shell(pages=AUDIT_ONLY)
    _sign_in(qtbot, shell, "siti", "siti123")
    assert shell.window_ is None
    assert shell.signin.message.text() == "Akun ini bukan koordinator layanan atau administrator."
    _sign_in(qtbot, shell, "", "")
    assert shell.signin.message.text() == "Isi nama pengguna dan kata sandi."


def test_wrong_password_then_lockout_read_as_at_the_counter(qtbot: QtBot, consoles: Consoles) -> None:
    shell = consoles.shell(pages=AUDIT_ONLY)
    _sign_in(qtbot, shell, "supervisor", "wrong")
    assert shell.signin.message.text() == "Nama pengguna atau kata sandi salah."
    for _ in range(5):
        _sign_in(qtbot, shell, "supervisor", "wrong")
    assert shell.signin.message.text().startswith("Terlalu banyak percobaan. Coba lagi pukul ")
    translator().set_language("en")
    _sign_in(qtbot, shell, "supervisor", "supervisor123")
    assert shell.signin.message.text().startswith("Too many attempts. Try again at ")
    assert shell.window_ is None


def test_unattended_sign_in_with_a_wrong_password_waits_for_a_person(consoles: Consoles) -> None:
    shell = consoles.shell(pages=AUDIT_ONLY)  # ready at the sign-in page
    assert shell.signin.heading.text() == "Masuk Koordinator Layanan"
    assert shell.signin.language_button.text() == "English"


def test_keluar_ends_the_session_and_closing_the_window_too(qtbot: QtBot, consoles: Consoles, db: Database) -> None:
    shell = consoles.shell(user="supervisor", password="supervisor123", pages=AUDIT_ONLY, page="audit")
    assert shell.window_ is not None
    shell.window_.sign_out_button.click()
    assert shell.currentWidget() is shell.signin and shell.window_ is None
    assert shell.signin.message.text() == "Anda telah keluar."
    qtbot.waitUntil(lambda: [e.action for e in audit.entries(db, username="supervisor")][:1] == ["signed_out"],
                    timeout=WAIT_MS)
    _sign_in(qtbot, shell, "supervisor", "supervisor123")
    qtbot.waitUntil(lambda: shell.window_ is not None, timeout=WAIT_MS)
    shell.close()
    qtbot.waitUntil(lambda: [e.action for e in audit.entries(db, username="supervisor")]
                    == ["signed_out", "signed_in", "signed_out", "signed_in"], timeout=WAIT_MS)
    shell.sign_out_now()  # a second time does nothing
    assert shell.actor is None


def test_the_page_list_and_options() -> None:
    assert [p.key for p in PAGES] == ["floor", "actions", "booking", "admin", "reports", "survey", "audit"]
    assert tuple(p.key for p in PAGES) == PAGE_NAMES
    args = build_parser().parse_args(["--user", "admin", "--password-env", "PW", "--page", "audit", "--lang", "en"])
    assert (args.user, args.password_env, args.page, args.lang) == ("admin", "PW", "audit", "en")
    assert build_parser().parse_args([]).page == "floor"
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--page", "nowhere"])


def test_durations_and_errors_in_both_languages(qapp: object) -> None:
    from db.errors import DatabaseUnavailable, InvalidState, NotPermitted

    translator().set_language("id")
    try:
        assert duration_text(42) == "42 dtk"
        assert duration_text(268) == "4 mnt 28 dtk"
        assert duration_text(12 * 60 + 5) == "12 mnt"
        assert duration_text(3900) == "1 jam 5 mnt"
        assert minutes_text(30) == "30 mnt" and minutes_text(90) == "1 jam 30 mnt" and minutes_text(120) == "2 jam"
        assert error_text(NotPermitted("the console session has ended; sign in again")) == \
            "Sesi konsol sudah berakhir; silakan masuk lagi."
        assert error_text(NotPermitted("this account has been disabled")) == "This account has been disabled"
        assert error_text(DatabaseUnavailable("database is locked")) == \
            "Basis data sedang dikunci program lain. Coba lagi."
        assert error_text(DatabaseUnavailable("cannot reach: server down")) == \
            "Basis data tidak dapat dijangkau (server down)."
        assert error_text(InvalidState("ticket is done")) == "Ticket is done"
        assert error_text(KeyError("x")) == "Terjadi kesalahan tak terduga (KeyError)."
        translator().set_language("en")
        assert duration_text(268) == "4 min 28 s" and duration_text(3900) == "1 h 5 min"
    finally:
        translator().set_language("id")
