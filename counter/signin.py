"""Signing in at a counter: officer name, password, counter; confirming a take-over.

The password is checked by the core (``queue.sign_in``, scrypt) on the task runner's
thread. When another officer is signed in at the chosen counter the page asks
"Siti Rahmawati sedang masuk di Loket 1. Ambil alih?" and signs in with
``take_over=True`` only once confirmed. Too many wrong passwords in a row lock the
username for a while (``db.access``, kept in the database); the page then names the time:
"Terlalu banyak percobaan. Coba lagi pukul 10.35."
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter.texts import counter_name, error_text
from db import queue
from db.errors import CounterOccupied, DatabaseUnavailable
from db.records import OfficerInfo, Snapshot
from ui import signin_parts as parts
from ui.backend import Backend
from ui.i18n import retranslate_on_switch, tr, translator
from ui.theme import DANGER, MUTED, WARNING

log = logging.getLogger("antrian.counter")

RETRY_MS = (1000, 2000, 5000)


@dataclass(frozen=True)
class SignInOptions:
    """How this PC signs in: its fixed counter, and an officer who signs in unattended.

    From the command line (``--counter``, ``--user``, ``--password-env``) to the page, unchanged.
    """

    counter: int | None = None  # this PC's counter; None: chosen at sign-in
    user: str | None = None
    password: str | None = None

    @property
    def unattended(self) -> bool:
        """Whether an officer signs in without anyone typing (user and password given)."""
        return bool(self.user and self.password)


class SignInPage(QWidget):
    """The sign-in form. ``signed_in(officer, counter)`` once the core accepted it.

    ``ready`` is emitted once the counters are loaded (drives ``--screenshot`` when no
    officer signs in automatically).
    """

    signed_in = Signal(object, int)
    ready = Signal()
    site_loaded = Signal(object)  # the first Snapshot read (site settings, counters)

    def __init__(
        self,
        backend: Backend,
        options: SignInOptions | None = None,
        *,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("signInPage")
        self.db, self.runner, self.live = backend.db, backend.runner, backend.live
        options = options or SignInOptions()
        user, password, fixed_counter = options.user, options.password, options.counter
        self.fixed_counter = fixed_counter
        self._auto = (user, password) if user and password else None
        self._busy = False
        self._loading = False
        self._loaded = False
        self._pending_takeover: tuple[str, str, int] | None = None
        self._takeover_officer = ""
        self._message_key: tuple[str, dict[str, object]] | None = None
        self._message_level = "error"
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self.load_counters)
        self._attempt = 0
        self._snapshot: Snapshot | None = None
        self._build()
        if user:
            self.user.setText(user)
        self.live.connection_restored.connect(self._on_restored)
        retranslate_on_switch(self)
        self.load_counters()
        if fixed_counter is not None:
            self._try_auto()  # a known counter: no need to wait for the counter list

    # -- building ---------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 24)
        outer.addLayout(self._build_top())
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self._build_card())
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.submit_button.clicked.connect(self.submit)
        self.takeover_yes.clicked.connect(self.confirm_takeover)
        self.takeover_no.clicked.connect(self.cancel_takeover)
        self._add_shortcuts()

    def _build_top(self) -> QHBoxLayout:
        """The site's name and the language button above the card."""
        top, self.site, self.language_button = parts.site_row()
        return top

    def _build_card(self) -> QFrame:
        """The white card: heading, the form, the message, the take-over question, the button."""
        self.card, form_box, self.heading = parts.card("QLineEdit, QComboBox", 560, 640)
        form_box.addLayout(self._build_form())
        self.message = parts.message_label()
        form_box.addWidget(self.message)
        form_box.addWidget(self._build_takeover())
        self.submit_button = parts.submit_button()
        form_box.addWidget(self.submit_button)
        return self.card

    def _build_form(self) -> QFormLayout:
        """User name, password and counter, each with its label."""
        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(12)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.user, self.password = parts.credentials()
        self.counters = QComboBox()
        self.counters.setObjectName("counterCombo")
        self.user_label, self.password_label, self.counter_label = QLabel(), QLabel(), QLabel()
        form.addRow(self.user_label, self.user)
        form.addRow(self.password_label, self.password)
        form.addRow(self.counter_label, self.counters)
        return form

    def _build_takeover(self) -> QFrame:
        """The question asked when the counter is taken: text, then no and yes (hidden until then)."""
        self.takeover = QFrame()
        self.takeover.setObjectName("takeover")
        self.takeover.setStyleSheet(
            f"QFrame#takeover {{ background: #fff3e0; border: 2px solid {WARNING}; border-radius: 8px; }}"
        )
        tk = QVBoxLayout(self.takeover)
        self.takeover_text = QLabel()
        self.takeover_text.setObjectName("takeoverText")
        self.takeover_text.setWordWrap(True)
        self.takeover_text.setStyleSheet("font-size: 14pt; font-weight: bold;")
        tk.addWidget(self.takeover_text)
        tk_buttons = QHBoxLayout()
        tk_buttons.addStretch(1)
        self.takeover_no = QPushButton()
        self.takeover_yes = QPushButton()
        self.takeover_yes.setObjectName("takeoverYes")
        self.takeover_no.setObjectName("takeoverNo")
        for b in (self.takeover_no, self.takeover_yes):
            b.setMinimumHeight(42)
            b.setStyleSheet("font-size: 13pt; padding: 4px 16px;")
            tk_buttons.addWidget(b)
        tk.addLayout(tk_buttons)
        self.takeover.hide()
        return self.takeover

    def _add_shortcuts(self) -> None:
        """Enter signs in, Escape cancels a take-over, Ctrl+L switches the language."""
        for key in ("Return", "Enter"):
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(self._on_enter)
        esc = QShortcut(QKeySequence("Escape"), self)
        esc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        esc.activated.connect(self.cancel_takeover)
        lang = QShortcut(QKeySequence("Ctrl+L"), self)
        lang.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        lang.activated.connect(translator().toggle)

    def translate_ui(self) -> None:
        """Every text in the current language."""
        self.heading.setText(tr("counter.signin.heading"))
        self.user_label.setText(tr("counter.signin.user"))
        self.password_label.setText(tr("counter.signin.password"))
        self.counter_label.setText(tr("counter.signin.counter"))
        self.submit_button.setText(tr("counter.signin.busy") if self._busy else tr("counter.signin.submit"))
        self.language_button.setText(tr("counter.language"))
        self.takeover_yes.setText(tr("counter.signin.takeover_yes"))
        self.takeover_no.setText(tr("counter.signin.takeover_no"))
        if self._pending_takeover is not None:
            self.takeover_text.setText(tr("counter.signin.takeover", officer=self._takeover_officer,
                                          counter=counter_name(self._pending_takeover[2])))
        if self._message_key is not None:
            key, values = self._message_key
            self._set_message(tr(key, **values), self._message_level, key=self._message_key)
        if self._snapshot is not None:
            self._fill_counters(self._snapshot)

    # -- counters ---------------------------------------------------------------------------------
    def load_counters(self) -> None:
        """Read the counters (and who sits where) in the background."""
        if self._loading:
            return
        self._loading = True
        if not self._loaded:
            self._show_key("counter.signin.loading", level="info")
        self.runner.run(lambda: queue.queue_snapshot(self.db, last_calls=0), self._on_counters, self._on_counters_failed)

    def _on_counters(self, snap: Snapshot) -> None:
        self._loading = False
        self._attempt = 0
        first = not self._loaded
        self._loaded = True
        self._snapshot = snap
        self.site.setText(snap.site_name)
        self._fill_counters(snap)
        if self._message_key is not None and self._message_key[0] == "counter.signin.loading":
            self._clear_message()
        if not any(c.active for c in snap.counters):
            self._show_key("counter.signin.no_counters")
        elif self.fixed_counter is not None and self.counters.findData(self.fixed_counter) < 0:
            self._set_message(error_text(_no_counter(self.fixed_counter)), "error")
        if self._auto is not None:
            self._try_auto()
        elif first:
            (self.password if self.user.text() else self.user).setFocus()
        if first:
            self.site_loaded.emit(snap)
            QTimer.singleShot(0, self.ready.emit)

    def _on_counters_failed(self, error: BaseException) -> None:
        self._loading = False
        self._set_message(error_text(error), "error")
        delay = RETRY_MS[min(self._attempt, len(RETRY_MS) - 1)]
        self._attempt += 1
        self._retry.start(delay)

    def _on_restored(self) -> None:
        if not self._loaded:
            self.load_counters()
        self._try_auto()

    def _try_auto(self) -> None:
        """Sign in unattended (``--user`` and ``--password-env``) until the database answers."""
        if self._auto is None or self._busy:
            return
        if self.fixed_counter is None and self.counters.currentData() is None:
            return  # the counter list is not there yet
        user, password = self._auto
        self.password.setText(password)
        self.submit(user=user, password=password)

    def _fill_counters(self, snap: Snapshot) -> None:
        chosen = self.counters.currentData()
        self.counters.clear()
        for c in snap.counters:
            if not c.active:
                continue
            name = counter_name(c.number)
            text = tr("counter.signin.occupied_by", name=name, officer=c.officer) if c.officer else name
            self.counters.addItem(text, c.number)
        wanted = self.fixed_counter if self.fixed_counter is not None else chosen
        if wanted is not None and self.counters.findData(wanted) >= 0:
            self.counters.setCurrentIndex(self.counters.findData(wanted))
        self.counters.setEnabled(self.fixed_counter is None)

    # -- signing in -------------------------------------------------------------------------------
    def _on_enter(self) -> None:
        if self.takeover.isVisible():
            self.confirm_takeover()
        else:
            self.submit()

    def submit(self, *, user: str | None = None, password: str | None = None) -> None:
        """Check the form and sign in (Enter)."""
        if self._busy:
            return
        user = (user if user is not None else self.user.text()).strip()
        password = password if password is not None else self.password.text()
        if not user or not password:
            self._show_key("counter.signin.need_user")
            return
        number = self.fixed_counter if self.fixed_counter is not None else self.counters.currentData()
        if number is None:
            self._show_key("counter.signin.no_counter")
            return
        self._sign_in(user, password, int(number), take_over=False)

    def confirm_takeover(self) -> None:
        """Take the counter over from the officer signed in there."""
        if self._pending_takeover is None or self._busy:
            return
        user, password, number = self._pending_takeover
        self._sign_in(user, password, number, take_over=True)

    def cancel_takeover(self) -> None:
        """Do not take the counter over (Esc)."""
        self._pending_takeover = None
        self.takeover.hide()
        self.submit_button.show()

    def _sign_in(self, user: str, password: str, number: int, *, take_over: bool) -> None:
        self._set_busy(True)
        self._clear_message()
        db = self.db

        def done(officer: OfficerInfo) -> None:
            self._set_busy(False)
            self._auto = None
            self._pending_takeover = None
            self.takeover.hide()
            self.submit_button.show()
            self.password.clear()
            log.info("%s signed in at counter %d", officer.username, number,
                     extra={"event": "signed_in", "counter": number, "officer": officer.username,
                            "take_over": take_over})
            self.signed_in.emit(officer, number)

        def failed(error: BaseException) -> None:
            self._set_busy(False)
            if not isinstance(error, DatabaseUnavailable):
                self._auto = None  # a wrong password stays wrong: the officer takes over
            if isinstance(error, CounterOccupied):
                self._pending_takeover = (user, password, number)
                self._takeover_officer = error.officer
                self.takeover_text.setText(tr("counter.signin.takeover", officer=error.officer,
                                              counter=counter_name(number)))
                self.takeover.show()
                self.submit_button.hide()
                self.takeover_yes.setFocus()
                log.info("counter %d occupied by %s", number, error.officer,
                         extra={"event": "counter_occupied", "counter": number, "officer": error.officer})
                return
            log.warning("sign-in at counter %d failed: %s", number, error,
                        extra={"event": "action_failed", "action": "sign_in", "counter": number,
                               "error": str(error), "error_type": type(error).__name__})
            self._set_message(error_text(error), "error")
            self.password.selectAll()
            self.password.setFocus()

        self.runner.run(lambda: queue.sign_in(db, number, user, password, take_over=take_over), done, failed)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.submit_button.setEnabled(not busy)
        self.submit_button.setText(tr("counter.signin.busy") if busy else tr("counter.signin.submit"))

    # -- messages ---------------------------------------------------------------------------------
    def show_message(self, text: str, level: str = "error") -> None:
        """Show a sentence above the sign-in button (after a take-over, a failure...)."""
        self._set_message(text, level)

    def _show_key(self, key: str, level: str = "error", **values: object) -> None:
        self._set_message(tr(key, **values), level, key=(key, values))

    def _set_message(self, text: str, level: str, key: tuple[str, dict[str, object]] | None = None) -> None:
        self._message_key = key
        self._message_level = level
        colour = DANGER if level == "error" else (MUTED if level == "info" else WARNING)
        self.message.setStyleSheet(f"font-size: 13pt; color: {colour}; font-weight: {'bold' if level == 'error' else 'normal'};")
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _clear_message(self) -> None:
        self._message_key = None
        self.message.clear()
        self.message.hide()

    def reset(self, message: str = "", level: str = "info") -> None:
        """Back to an empty form (after signing out), with an optional message."""
        self.password.clear()
        self.cancel_takeover()
        self._clear_message()
        if message:
            self._set_message(message, level)
        self.load_counters()
        (self.password if self.user.text() else self.user).setFocus()


def _no_counter(number: int) -> Exception:
    from db.errors import NotFound

    return NotFound(f"counter {number} does not exist")
