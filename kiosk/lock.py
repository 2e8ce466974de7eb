"""The way out of a locked kiosk: a hidden corner gesture, then the supervisor PIN.

:class:`CornerTaps` is an invisible square in the window's top-left corner that counts
taps; five within three seconds emit ``triggered``. :class:`LockScreen` asks for the
PIN on a touch keypad and then offers the supervisor menu. The PIN is checked by the
core (``db.access.check_kiosk_pin``, scrypt) on the task runner's thread; wrong PINs in a
row are counted in the database, so restarting the kiosk does not reset a lockout.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QStackedLayout, QVBoxLayout, QWidget

from db import access
from db.clock import utcnow
from db.database import Database
from db.errors import LockedOut
from kiosk.fit import make_font, scale_for
from ui.i18n import retranslate_on_switch, tr
from ui.tasks import TaskRunner
from ui.theme import ACCENT, DANGER, INK, MUTED, mm, restyle
from ui.waittext import clock_text

log = logging.getLogger("antrian.kiosk.lock")

TAPS = 5
WITHIN_S = 3.0
MAX_ATTEMPTS = access.MAX_FAILURES
PIN_MAX = 12


class CornerTaps(QWidget):
    """An invisible touch area; ``taps`` presses within ``within_s`` seconds emit ``triggered``."""

    triggered = Signal()

    def __init__(self, parent: QWidget, *, taps: int = TAPS, within_s: float = WITHIN_S) -> None:
        super().__init__(parent)
        self.setObjectName("cornerTaps")
        self.taps = taps
        self.within_s = within_s
        self._times: list[float] = []
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)

    def place(self) -> None:
        """Sit in the parent's top-left corner, 25 mm square, above everything else."""
        side = mm(self, 25)
        self.setGeometry(0, 0, side, side)
        self.raise_()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Count a tap."""
        now = time.monotonic()
        self._times = [t for t in self._times if now - t <= self.within_s] + [now]
        if len(self._times) >= self.taps:
            self._times.clear()
            self.triggered.emit()
        event.accept()


class LockScreen(QWidget):
    """PIN keypad and, once unlocked, the supervisor menu (close the kiosk, or back)."""

    cancelled = Signal()
    exit_requested = Signal()

    def __init__(self, parent: QWidget | None = None, db: Database | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setObjectName("lock")
        self.setMinimumSize(200, 200)
        self.pin_hash = ""
        self.entered = ""
        self.failures = 0
        self.checking = False
        self.runner = TaskRunner(self)
        self._message_key = ""
        self._lockout = QTimer(self)
        self._lockout.setSingleShot(True)
        self._lockout.timeout.connect(self._end_lockout)
        self._locked_until: datetime | None = None  # the site's local time the lockout ends

        self.card = QFrame(self)
        self.card.setObjectName("lockCard")
        self.card.setStyleSheet("#lockCard { background: white; border-radius: 18px; }")
        self.pages = QStackedLayout()
        pin_page, admin_page = QWidget(), QWidget()
        self.pages.addWidget(pin_page)
        self.pages.addWidget(admin_page)
        self._build_pin_page(pin_page)
        self._build_admin_page(admin_page)

        card_layout = QVBoxLayout(self.card)
        card_layout.addLayout(self.pages)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(self.card, 2)
        outer.addStretch(1)
        retranslate_on_switch(self)

    def _build_pin_page(self, pin_page: QWidget) -> None:
        """Title, the entered digits as dots, the message, the keypad and cancel."""
        self.title = QLabel(pin_page)
        self.title.setObjectName("pinTitle")
        self.dots = QLabel(pin_page)
        self.dots.setObjectName("pinDots")
        self.message = QLabel(pin_page)
        self.message.setObjectName("pinMessage")
        self.message.setStyleSheet(f"color: {DANGER};")
        for label in (self.title, self.dots, self.message):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
        keys = QGridLayout()
        self.keys: dict[str, QPushButton] = {}
        for i, key in enumerate(["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]):
            button = QPushButton(key, pin_page)
            button.setObjectName(f"key_{key}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _c=False, k=key: self.press(k))
            keys.addWidget(button, i // 3, i % 3)
            self.keys[key] = button
        self.cancel = QPushButton(pin_page)
        self.cancel.setObjectName("pinCancel")
        self.cancel.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cancel.clicked.connect(self.cancelled)
        pin_layout = QVBoxLayout(pin_page)
        pin_layout.addWidget(self.title)
        pin_layout.addWidget(self.dots)
        pin_layout.addWidget(self.message)
        pin_layout.addLayout(keys)
        pin_layout.addWidget(self.cancel)
        self.keys_layout = keys

    def _build_admin_page(self, admin_page: QWidget) -> None:
        """The supervisor menu: close the kiosk, or back."""
        self.admin_title = QLabel(admin_page)
        self.admin_title.setObjectName("adminTitle")
        self.admin_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.exit = QPushButton(admin_page)
        self.exit.setObjectName("exitKiosk")
        self.exit.clicked.connect(self.exit_requested)
        self.back = QPushButton(admin_page)
        self.back.setObjectName("adminBack")
        self.back.clicked.connect(self.cancelled)
        for b in (self.exit, self.back):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        admin_layout = QVBoxLayout(admin_page)
        admin_layout.addStretch(1)
        admin_layout.addWidget(self.admin_title)
        admin_layout.addWidget(self.exit)
        admin_layout.addWidget(self.back)
        admin_layout.addStretch(1)

    # -- entering -------------------------------------------------------------------------
    def start(self, pin_hash: str) -> None:
        """Ask for the PIN (``pin_hash`` empty: go straight to the menu)."""
        self.pin_hash = pin_hash
        self.entered = ""
        self._message_key = ""
        self.pages.setCurrentIndex(0 if pin_hash else 1)
        self._show_message()
        self._show_dots()
        if pin_hash and self.db is not None and not self._lockout.isActive():
            db = self.db
            self.runner.run(lambda: access.current_lockout(db, access.KIOSK_PIN), self._lockout_known,
                            lambda _e: None)  # unreadable now: the first attempt will tell

    def _lockout_known(self, locked: LockedOut | None) -> None:
        """A lockout from earlier (another session, before a restart): say so before any typing."""
        if locked is not None and not self.checking:
            self._lock_until(locked)
            self._show_message()

    def reset(self) -> None:
        """Forget what was typed and leave the menu (idle time-out)."""
        self.entered = ""
        self._message_key = ""
        self.pages.setCurrentIndex(0)
        self._show_dots()
        self._show_message()

    def unlocked(self) -> bool:
        """Whether the supervisor menu is showing."""
        return self.pages.currentIndex() == 1

    def press(self, key: str) -> None:
        """One key of the keypad."""
        if self.checking or self._lockout.isActive():
            return
        if key == "⌫":
            self.entered = self.entered[:-1]
        elif key == "OK":
            self._check()
        elif len(self.entered) < PIN_MAX:
            self.entered += key
            self._message_key = ""
            self._show_message()
        self._show_dots()

    def _check(self) -> None:
        if not self.entered:
            return
        self.checking = True
        self._message_key = "kiosk.pin_checking"
        self._show_message()
        pin, db = self.entered, self.db
        if db is None:
            self._checked(False)
            return
        self.runner.run(lambda: access.check_kiosk_pin(db, pin), self._checked, self._check_failed)

    def _check_failed(self, error: BaseException) -> None:
        self.checking = False
        self.entered = ""
        self._show_dots()
        if isinstance(error, LockedOut):
            self._lock_until(error)
            log.warning("kiosk PIN locked until %s", error.local_until.strftime("%H:%M"),
                        extra={"event": "kiosk_pin_locked", "until": error.until.isoformat()})
        else:
            log.warning("the kiosk PIN could not be checked: %s", error,
                        extra={"event": "kiosk_pin_unchecked", "error": str(error)})
            self._message_key = "kiosk.pin_unavailable"
        self._show_message()

    def _lock_until(self, locked: LockedOut) -> None:
        """Keep the keypad shut until the lockout ends, naming the time."""
        self._locked_until = locked.local_until
        self._lockout.start(max(1000, int((locked.until - utcnow()).total_seconds() * 1000)))
        self._message_key = "kiosk.pin_locked"

    def _checked(self, ok: bool) -> None:
        self.checking = False
        self.entered = ""
        self._show_dots()
        if ok:
            self.failures = 0
            self._message_key = ""
            self.pages.setCurrentIndex(1)
            log.info("kiosk unlocked with the supervisor PIN", extra={"event": "kiosk_unlocked"})
        else:
            self.failures += 1
            log.warning("wrong kiosk PIN (%d)", self.failures, extra={"event": "kiosk_pin_wrong", "failures": self.failures})
            self._message_key = "kiosk.pin_wrong"
        self._show_message()

    def _end_lockout(self) -> None:
        self._locked_until = None
        self._message_key = ""
        self._show_message()

    # -- texts ----------------------------------------------------------------------------
    def _show_dots(self) -> None:
        self.dots.setText("● " * len(self.entered) if self.entered else "—")

    def _show_message(self) -> None:
        if self._message_key == "kiosk.pin_locked" and self._locked_until is not None:
            self.message.setText(tr(self._message_key, time=clock_text(self._locked_until)))
        else:
            self.message.setText(tr(self._message_key) if self._message_key else "")
        restyle(self.message, f"color: {MUTED if self._message_key == 'kiosk.pin_checking' else DANGER};")

    def translate_ui(self) -> None:
        """Re-read every text in the current language."""
        self.title.setText(tr("kiosk.pin_title"))
        self.cancel.setText(tr("kiosk.cancel"))
        self.admin_title.setText(tr("kiosk.admin_title"))
        self.exit.setText(tr("kiosk.exit"))
        self.back.setText(tr("kiosk.back"))
        self._show_message()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Scale fonts and keys with the window."""
        super().resizeEvent(event)
        s = scale_for(self.window().size() if self.window() is not self else self.size())
        touch = max(mm(self, 20), round(72 * s))
        self.title.setFont(make_font(22 * s, True))
        self.dots.setFont(make_font(26 * s, True))
        self.message.setFont(make_font(16 * s))
        self.admin_title.setFont(make_font(24 * s, True))
        style = (f"QPushButton {{ background: #eef1f5; color: {INK}; border: 2px solid #c5ccd6;"
                 f" border-radius: {round(10 * s)}px; }} QPushButton:pressed {{ background: #d5dbe4; }}")
        sheets = {b: style for b in [*self.keys.values(), self.cancel, self.back]}
        sheets[self.exit] = style.replace("#eef1f5", DANGER).replace(INK, "white")
        sheets[self.keys["OK"]] = style.replace("#eef1f5", ACCENT).replace(INK, "white")
        for b, sheet in sheets.items():
            b.setFont(make_font(20 * s, True))
            b.setMinimumHeight(touch)
            restyle(b, sheet)
        self.keys_layout.setSpacing(round(10 * s))
