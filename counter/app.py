"""Starting the counter app: options, the sign-in page and the main window in one window.

    python -m counter [--counter N] [--user NAME --password-env VAR] [--db URL] ...

With ``--user`` and ``--password-env`` the officer signs in unattended (tests, the demo);
``--screenshot FILE`` then shows the main window with its data, saves it and exits.
Signing out happens when the window closes or the process is asked to stop.
"""

from __future__ import annotations

import argparse
import logging
import os

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QStackedWidget, QWidget

from counter.alert import WaitingSound
from counter.signin import SignInOptions, SignInPage
from counter.texts import counter_name
from counter.window import CounterWindow
from db.records import OfficerInfo, Snapshot
from ui.app import base_parser, counter_arg, run, start
from ui.backend import Backend
from ui.i18n import LANGUAGES, retranslate_on_switch, tr, translator

log = logging.getLogger("antrian.counter")

DEFAULT_SIZE = (1280, 800)


def build_parser() -> argparse.ArgumentParser:
    """The counter's options on top of every app's (``ui.app.base_parser``)."""
    p = base_parser("counter", "The officer's counter window: call, serve and send on visitors.")
    p.add_argument("--counter", type=counter_arg, metavar="N", help="this PC's counter number (else chosen at sign-in)")
    p.add_argument("--user", metavar="NAME", help="officer username (signs in unattended with --password-env)")
    p.add_argument("--password-env", metavar="VAR", help="environment variable holding the officer's password")
    p.add_argument("--fullscreen", action="store_true", help="full screen instead of a normal window")
    return p


class CounterShell(QStackedWidget):
    """The app's one top-level window: the sign-in page, then the counter window.

    ``ready`` is emitted once real data is on screen: the main window's first view when
    an officer signs in unattended, else the sign-in page with its counters.
    """

    ready = Signal()

    def __init__(
        self,
        backend: Backend,
        *,
        signin: SignInOptions | None = None,
        sound: WaitingSound | None = None,
        follow_site_language: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.backend = backend
        self.db, self.runner, self.live = backend.db, backend.runner, backend.live
        self.sound = sound
        self.setMinimumSize(900, 600)
        self.counter_window: CounterWindow | None = None
        self._ready_sent = False
        self._signed_in = False
        options = signin or SignInOptions()
        self.signin = SignInPage(backend, options)
        self.addWidget(self.signin)
        self.signin.signed_in.connect(self._open_counter)
        if follow_site_language:
            self.signin.site_loaded.connect(self._site_language)
        if not options.unattended:
            self.signin.ready.connect(self._emit_ready)
        retranslate_on_switch(self)

    def _emit_ready(self) -> None:
        if not self._ready_sent:
            self._ready_sent = True
            self.ready.emit()

    def _site_language(self, snap: Snapshot) -> None:
        """Start in the site's first language (``--lang`` overrides it)."""
        language = snap.settings.language
        if language in LANGUAGES:
            translator().set_language(language)

    def translate_ui(self) -> None:
        """The window title in the current language: the app, and the counter and officer once seated."""
        w = self.counter_window
        if w is not None:
            self.setWindowTitle(f"{tr('counter.title')} — {counter_name(w.counter)} — {w.officer.display_name}")
        else:
            self.setWindowTitle(tr("counter.title"))

    def _open_counter(self, officer: OfficerInfo, number: int) -> None:
        self._drop_window()
        w = CounterWindow(self.backend, number, officer, sound=self.sound)
        self.counter_window = w
        self._signed_in = True
        self.addWidget(w)
        self.setCurrentWidget(w)
        w.ready.connect(self._emit_ready)
        w.sign_out_requested.connect(self.sign_out)
        w.signed_out_elsewhere.connect(self._taken_over)
        self.translate_ui()

    def _drop_window(self) -> None:
        w = self.counter_window
        if w is None:
            return
        self.counter_window = None
        w.shutdown()
        self.removeWidget(w)
        w.deleteLater()

    def sign_out(self) -> None:
        """Leave the counter and go back to the sign-in page."""
        w = self.counter_window
        if w is None or not self._signed_in:
            return
        self._signed_in = False
        name = counter_name(w.counter)
        w.session.sign_out()
        self._drop_window()
        self.setCurrentWidget(self.signin)
        self.signin.reset()
        self.translate_ui()
        log.info("back to sign-in after leaving %s", name)

    def _taken_over(self, officer: str) -> None:
        """Someone else signed in at this counter: nothing to sign out, back to sign-in."""
        w = self.counter_window
        if w is None:
            return
        self._signed_in = False
        number = w.counter
        self._drop_window()
        self.setCurrentWidget(self.signin)
        if officer:
            text = tr("counter.signin.taken_over", officer=officer, counter=counter_name(number))
        else:
            text = tr("counter.signin.signed_out_elsewhere", counter=counter_name(number))
        self.signin.reset(text, "error")
        self.translate_ui()
        log.warning("counter %d taken over by %s", number, officer or "nobody",
                    extra={"event": "taken_over", "counter": number, "officer": officer})

    def sign_out_now(self) -> None:
        """Sign out on the way out (window closed, or the process asked to stop)."""
        w = self.counter_window
        if w is not None and self._signed_in:
            self._signed_in = False
            w.shutdown()
            w.session.sign_out()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window signs the officer out."""
        self.sign_out_now()
        super().closeEvent(event)


def main(argv: list[str] | None = None) -> int:
    """Run the counter app; returns the exit code."""
    args = build_parser().parse_args(argv)
    if not args.fullscreen:
        args.windowed = True  # officers work beside other programs
    password: str | None = None
    if args.password_env:
        password = os.environ.get(args.password_env) or None
    ctx = start("counter", args)
    sound = WaitingSound(ctx.data_dir / "sounds", ctx.app)
    shell = CounterShell(
        ctx.backend, signin=SignInOptions(args.counter, args.user, password), sound=sound,
        follow_site_language=args.lang is None,
    )
    if args.password_env and password is None:
        shell.signin.show_message(tr("counter.signin.env_missing", var=args.password_env), "error")
        log.error("environment variable %s holds no password", args.password_env)
    beats = ctx.heartbeat
    if beats is not None:  # the heartbeat names the counter chosen at sign-in
        shell.signin.signed_in.connect(lambda _officer, number: beats.set_counter(number))
    ctx.app.aboutToQuit.connect(shell.sign_out_now)
    return run(ctx, shell, default_size=DEFAULT_SIZE, ready_signal=shell.ready)
