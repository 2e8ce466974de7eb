"""Small widgets more than one app uses: the offline banner, the clock and the header strip."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from db.sitetime import DEFAULT_TZ, zone
from ui.i18n import retranslate_on_switch, tr, translator
from ui.live import LiveFeed
from ui.theme import ACCENT, DANGER


class OfflineBanner(QLabel):
    """A red bar shown while the database is unreachable; hidden once it is back."""

    def __init__(self, live: LiveFeed, parent: QWidget | None = None, *, point_size: int = 16,
                 offline_key: str = "offline", connecting_key: str = "connecting") -> None:
        """``offline_key``/``connecting_key`` name the texts shown (a kiosk speaks to visitors)."""
        super().__init__(parent)
        self._offline_key = offline_key
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setStyleSheet(
            f"background: {DANGER}; color: white; font-weight: bold; font-size: {point_size}pt; padding: 10px;"
        )
        self.setObjectName("offlineBanner")
        self._key = connecting_key
        # Bound methods, not lambdas: PySide drops these connections when the widget dies,
        # so the feed never calls into a deleted banner.
        live.connection_lost.connect(self._on_lost)
        live.connection_restored.connect(self.hide)
        retranslate_on_switch(self)
        self.setVisible(not live.online)

    def set_offline(self, offline: bool) -> None:
        """Show or hide the banner from the window's own failed reads (the feed may look fine)."""
        if offline:
            self._on_lost("")
        else:
            self.hide()

    def _on_lost(self, _reason: str) -> None:
        self._key = self._offline_key
        self.translate_ui()
        self.show()

    def translate_ui(self) -> None:
        """Set the text in the current language."""
        self.setText(tr(self._key))


class ClockLabel(QLabel):
    """Local date and time, updated on the minute (and every second with ``seconds``)."""

    def __init__(self, tz: str = DEFAULT_TZ, parent: QWidget | None = None, *, seconds: bool = False,
                 with_date: bool = True) -> None:
        super().__init__(parent)
        self.tz = zone(tz)
        self.seconds = seconds
        self.with_date = with_date
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self._timer.start(1000)
        retranslate_on_switch(self)

    def set_timezone(self, tz: str) -> None:
        """Show another zone (the site's setting may arrive after start-up)."""
        self.tz = zone(tz)
        self.refresh()

    def translate_ui(self) -> None:
        """The date in the current language."""
        self.refresh()

    def refresh(self) -> None:
        """Redraw the time now."""
        now = datetime.now(self.tz)
        clock = now.strftime("%H:%M:%S" if self.seconds else "%H:%M")
        self.setText(f"{translator().date_text(now)}  {clock}" if self.with_date else clock)


HEADER_STYLE = (
    f"QWidget#header {{ background: {ACCENT}; }} QLabel {{ color: white; }}"
    "QPushButton { color: white; background: rgba(255,255,255,0.12); border: 1px solid rgba(255,255,255,0.6);"
    " border-radius: 6px; padding: 6px 14px; font-size: 11pt; }"
    "QPushButton:hover { background: rgba(255,255,255,0.25); }"
)


def header_bar() -> tuple[QWidget, QHBoxLayout]:
    """A window's header strip (``header``: accent background, white labels and outlined
    buttons) and its row to fill."""
    bar = QWidget()
    bar.setObjectName("header")
    bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    bar.setStyleSheet(HEADER_STYLE)
    row = QHBoxLayout(bar)
    row.setContentsMargins(16, 8, 16, 8)
    row.setSpacing(14)
    return bar, row


def header_controls() -> tuple[ClockLabel, QPushButton, QPushButton]:
    """The right end of a header: the clock, the language button (``languageButton``) and the
    sign-out button (``signOutButton``); the buttons take no keyboard focus. Texts are the caller's."""
    clock = ClockLabel()
    clock.setStyleSheet("font-size: 12pt;")
    language_button = QPushButton()
    language_button.setObjectName("languageButton")
    sign_out_button = QPushButton()
    sign_out_button.setObjectName("signOutButton")
    for b in (language_button, sign_out_button):
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return clock, language_button, sign_out_button
