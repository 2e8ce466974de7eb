"""Starting the supervisor console: options, the sign-in page and the main window in one window.

    python -m supervisor [--db URL] [--user NAME --password-env VAR] [--screenshot FILE]
                         [--page floor|actions|booking|admin|reports|survey|audit] [--size WxH] [--lang id|en]

With ``--user`` and ``--password-env`` the supervisor signs in unattended (tests, the
screenshots); ``--screenshot FILE`` then shows the ``--page`` with its real data, saves it
and exits. Closing the window (or stopping the process) ends the console session
(``db.roles.sign_out``), recorded in the audit log.
"""

from __future__ import annotations

import argparse
import logging
import os

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QStackedWidget, QWidget

from db import roles
from db.settings import SiteSettings
from supervisor.signin import SignInPage
from supervisor.window import PAGE_NAMES, ConsoleWindow, PageSpec, preload
from ui.app import base_parser, run, start
from ui.backend import Backend
from ui.i18n import LANGUAGES, retranslate_on_switch, tr, translator

log = logging.getLogger("antrian.supervisor")

DEFAULT_SIZE = (1366, 768)


def build_parser() -> argparse.ArgumentParser:
    """The console's options on top of every app's (``ui.app.base_parser``)."""
    p = base_parser("supervisor", "The service supervisor's console: the live floor, actions, administration, audit.")
    p.add_argument("--user", metavar="NAME", help="supervisor or administrator username (unattended with --password-env)")
    p.add_argument("--password-env", metavar="VAR", help="environment variable holding the password")
    p.add_argument("--page", choices=PAGE_NAMES, default="floor", help="the page shown first (default: floor)")
    p.add_argument("--fullscreen", action="store_true", help="full screen instead of a normal window")
    return p


class ConsoleShell(QStackedWidget):
    """The app's one top-level window: the sign-in page, then the console window.

    ``ready`` is emitted once real data is on screen: the first page's data after an
    unattended sign-in, else the sign-in page with the site's name.
    """

    ready = Signal()

    def __init__(self, backend: Backend, *, user: str | None = None, password: str | None = None,
                 page: str = "floor", pages: list[PageSpec] | None = None, follow_site_language: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.page = page
        self.pages = pages
        self.setMinimumSize(1000, 640)
        self.window_: ConsoleWindow | None = None
        self.actor: roles.Actor | None = None
        self._ready_sent = False
        self._site_name = ""
        self.signin = SignInPage(backend, user=user, password=password)
        self.addWidget(self.signin)
        self.signin.signed_in.connect(self._open_console)
        self.signin.site_loaded.connect(self._site_loaded)
        if follow_site_language:
            self.signin.site_loaded.connect(self._site_language)
        if not (user and password):
            self.signin.ready.connect(self._emit_ready)
        QTimer.singleShot(0, lambda: preload(pages))
        retranslate_on_switch(self)

    def _emit_ready(self) -> None:
        if not self._ready_sent:
            self._ready_sent = True
            self.ready.emit()

    def _site_loaded(self, site: SiteSettings) -> None:
        self._site_name = site.site_name
        if self.window_ is not None:
            self.window_.set_site_name(site.site_name)

    def _site_language(self, site: SiteSettings) -> None:
        """Start in the site's first language (``--lang`` overrides it)."""
        if site.language in LANGUAGES:
            translator().set_language(site.language)

    def translate_ui(self) -> None:
        """The window title: the console, and who is signed in."""
        title = tr("supervisor.title")
        self.setWindowTitle(f"{title} — {self.actor.display_name}" if self.actor is not None else title)

    def _open_console(self, actor: roles.Actor) -> None:
        self._drop_window()
        self.actor = actor
        w = ConsoleWindow(self.backend, actor, site_name=self._site_name, page=self.page, pages=self.pages)
        self.window_ = w
        self.addWidget(w)
        self.setCurrentWidget(w)
        w.ready.connect(self._emit_ready)
        w.sign_out_requested.connect(self.sign_out)
        self.translate_ui()

    def _drop_window(self) -> None:
        w = self.window_
        if w is None:
            return
        self.window_ = None
        w.shutdown()
        self.removeWidget(w)
        w.deleteLater()

    def _end_session(self) -> None:
        """End the console session in the background (queued behind the pages' work)."""
        actor, self.actor = self.actor, None
        if actor is None:
            return
        db = self.backend.db

        def leave() -> None:
            roles.sign_out(db, actor)
            log.info("%s signed out of the console", actor.username,
                     extra={"event": "signed_out", "officer": actor.username})

        def failed(error: BaseException) -> None:
            log.warning("console sign-out of %s failed: %s", actor.username, error,
                        extra={"event": "action_failed", "action": "sign_out", "error": str(error)})

        self.backend.runner.run(leave, None, failed)

    def sign_out(self) -> None:
        """"Keluar": end the session and go back to the sign-in page."""
        if self.actor is None:
            return
        self._end_session()
        self._drop_window()
        self.setCurrentWidget(self.signin)
        self.signin.reset("supervisor.signin.signed_out")
        self.translate_ui()

    def sign_out_now(self) -> None:
        """Sign out on the way out (window closed, or the process asked to stop)."""
        w = self.window_
        if w is not None:
            w.shutdown()
        self._end_session()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window ends the console session."""
        self.sign_out_now()
        super().closeEvent(event)


def main(argv: list[str] | None = None) -> int:
    """Run the supervisor console; returns the exit code."""
    args = build_parser().parse_args(argv)
    if not args.fullscreen:
        args.windowed = True  # a desk PC: the console sits beside other programs
    password: str | None = None
    if args.password_env:
        password = os.environ.get(args.password_env) or None
    ctx = start("supervisor", args)
    shell = ConsoleShell(ctx.backend, user=args.user, password=password, page=args.page,
                         follow_site_language=args.lang is None)
    if args.password_env and password is None:
        shell.signin.show_message(tr("supervisor.signin.env_missing", var=args.password_env), "error")
        log.error("environment variable %s holds no password", args.password_env)
    ctx.app.aboutToQuit.connect(shell.sign_out_now)
    return run(ctx, shell, default_size=DEFAULT_SIZE, ready_signal=shell.ready)
