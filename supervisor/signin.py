"""Signing in to the console: only a supervisor or an administrator gets in.

The password is checked by the core (``db.roles.sign_in``, scrypt, the same lockout as the
counters) on the task runner's thread. An officer without the role is refused with
"Akun ini bukan koordinator layanan atau administrator."; a wrong password and a lockout
read as at the counter ("Terlalu banyak percobaan. Coba lagi pukul 10.35.").
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFormLayout, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from db import queue, roles
from db.errors import DatabaseUnavailable
from db.heartbeat import this_pc
from db.settings import SiteSettings
from supervisor.texts import error_text
from ui import signin_parts as parts
from ui.backend import Backend
from ui.i18n import retranslate_on_switch, tr
from ui.theme import DANGER, MUTED

log = logging.getLogger("antrian.supervisor.signin")

RETRY_MS = (1000, 2000, 5000)


class SignInPage(QWidget):
    """The sign-in form. ``signed_in(Actor)`` once the core accepted it; ``ready`` once the
    site is read (the page is then complete, for ``--screenshot`` without ``--user``)."""

    signed_in = Signal(object)  # db.roles.Actor
    ready = Signal()
    site_loaded = Signal(object)  # the first SiteSettings read (site name, language)

    def __init__(self, backend: Backend, *, user: str | None = None, password: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("supervisorSignIn")
        self.db, self.runner, self.live = backend.db, backend.runner, backend.live
        self._auto = (user, password) if user and password else None
        self._busy = False
        self._loaded = False
        self._attempt = 0
        self._message_key: str | None = None
        self._message_level = "error"
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self.load_site)
        self._build()
        if user:
            self.user.setText(user)
        self.live.connection_restored.connect(self._on_restored)
        retranslate_on_switch(self)
        self.load_site()
        self._try_auto()

    # -- building ---------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 24)
        top, self.site, self.language_button = parts.site_row()
        self.site.setObjectName("siteName")
        outer.addLayout(top)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self._build_card())
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        for key in ("Return", "Enter"):
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(self.submit)

    def _build_card(self) -> QFrame:
        card, box, self.heading = parts.card("QLineEdit", 520, 620)
        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(12)
        self.user, self.password = parts.credentials()
        self.user_label, self.password_label = QLabel(), QLabel()
        form.addRow(self.user_label, self.user)
        form.addRow(self.password_label, self.password)
        box.addLayout(form)
        self.message = parts.message_label()
        box.addWidget(self.message)
        self.submit_button = parts.submit_button()
        self.submit_button.clicked.connect(lambda _checked=False: self.submit())
        box.addWidget(self.submit_button)
        return card

    def translate_ui(self) -> None:
        """Every text in the current language."""
        self.heading.setText(tr("supervisor.signin.heading"))
        self.user_label.setText(tr("supervisor.signin.user"))
        self.password_label.setText(tr("supervisor.signin.password"))
        self.submit_button.setText(tr("supervisor.signin.busy" if self._busy else "supervisor.signin.submit"))
        self.language_button.setText(tr("supervisor.language"))
        if self._message_key is not None:
            self._set_message(tr(self._message_key), self._message_level, key=self._message_key)

    # -- the site -------------------------------------------------------------------------------
    def load_site(self) -> None:
        """Read the site's name in the background (retried while the database is away)."""
        db = self.db
        self.runner.run(lambda: queue.site_settings(db), self._on_site, self._on_site_failed)

    def _on_site(self, site: SiteSettings) -> None:
        self._attempt = 0
        self.site.setText(site.site_name)
        if not self._loaded:
            self._loaded = True
            self.site_loaded.emit(site)
            if self._auto is None:
                QTimer.singleShot(0, self.ready.emit)
            (self.password if self.user.text() else self.user).setFocus()

    def _on_site_failed(self, error: BaseException) -> None:
        if self._auto is None:
            self._set_message(error_text(error), "error")
        self._retry.start(RETRY_MS[min(self._attempt, len(RETRY_MS) - 1)])
        self._attempt += 1

    def _on_restored(self) -> None:
        if not self._loaded:
            self.load_site()
        self._try_auto()

    # -- signing in -----------------------------------------------------------------------------
    def _try_auto(self) -> None:
        """Sign in unattended (``--user`` and ``--password-env``) until the database answers."""
        if self._auto is not None and not self._busy:
            user, password = self._auto
            self.submit(user=user, password=password)

    def submit(self, *, user: str | None = None, password: str | None = None) -> None:
        """Check the form and sign in (Enter)."""
        if self._busy:
            return
        user = (user if user is not None else self.user.text()).strip()
        password = password if password is not None else self.password.text()
        if not user or not password:
            self._show_key("supervisor.signin.need_user")
            return
        self._busy = True
        self.submit_button.setEnabled(False)
        self.submit_button.setText(tr("supervisor.signin.busy"))
        self._clear_message()
        db, place = self.db, f"console@{this_pc()}"
        self.runner.run(lambda: roles.sign_in(db, user, password, place=place),
                        self._done, lambda e: self._failed(user, e))

    def _done(self, actor: roles.Actor) -> None:
        self._set_busy(False)
        self._auto = None
        self.password.clear()
        log.info("%s signed in to the console", actor.username,
                 extra={"event": "signed_in", "officer": actor.username, "role": actor.role})
        self.signed_in.emit(actor)

    def _failed(self, user: str, error: BaseException) -> None:
        self._set_busy(False)
        if not isinstance(error, DatabaseUnavailable):
            self._auto = None  # a wrong password stays wrong: someone has to type
        log.warning("console sign-in of %s failed: %s", user, error,
                    extra={"event": "action_failed", "action": "sign_in", "officer": user,
                           "error": str(error), "error_type": type(error).__name__})
        self._set_message(error_text(error), "error")
        self.password.selectAll()
        self.password.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.submit_button.setEnabled(not busy)
        self.submit_button.setText(tr("supervisor.signin.busy" if busy else "supervisor.signin.submit"))

    # -- messages -------------------------------------------------------------------------------
    def show_message(self, text: str, level: str = "error") -> None:
        """Show a sentence above the button (after signing out, a missing password...)."""
        self._set_message(text, level)

    def _show_key(self, key: str, level: str = "error") -> None:
        self._set_message(tr(key), level, key=key)

    def _set_message(self, text: str, level: str, key: str | None = None) -> None:
        self._message_key = key
        self._message_level = level
        colour = DANGER if level == "error" else MUTED
        weight = "bold" if level == "error" else "normal"
        self.message.setStyleSheet(f"font-size: 13pt; color: {colour}; font-weight: {weight};")
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _clear_message(self) -> None:
        self._message_key = None
        self.message.clear()
        self.message.hide()

    def reset(self, message_key: str | None = None) -> None:
        """Back to an empty form (after signing out), with an optional message."""
        self.password.clear()
        self._clear_message()
        if message_key:
            self._show_key(message_key, "info")
        (self.password if self.user.text() else self.user).setFocus()
