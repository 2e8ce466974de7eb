"""Today's notice from the supervisor, as a banner on the kiosk's home screen.

The text comes with every snapshot (``SiteSettings.notice(language, day)``: only on the
day it was set for), in the kiosk's current language; the banner is hidden when there
is none.
"""

from __future__ import annotations

import logging
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from db.settings import SiteSettings
from kiosk.fit import make_font
from ui.i18n import retranslate_on_switch, translator

log = logging.getLogger("antrian.kiosk.notice")

NOTICE_BG = "#fff4ce"  # pale amber: stands out on the kiosk's light ground
NOTICE_INK = "#3d2e00"  # dark brown on it: far above 4.5:1
NOTICE_EDGE = "#ef6c00"
NOTICE_PT = 19.0  # at the 1280×800 reference, scaled like the rest of the home screen


class NoticeBanner(QLabel):
    """One or two lines of notice under the kiosk's header; hidden while there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notice")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._settings = SiteSettings()
        self._day: date | None = None
        self.set_scale(1.0)
        self.hide()
        retranslate_on_switch(self)

    def set_notice(self, settings: SiteSettings, day: date) -> None:
        """Show the notice of ``settings`` for business day ``day`` (hidden when none)."""
        self._settings = settings
        self._day = day
        self.translate_ui()

    def set_scale(self, scale: float) -> None:
        """Size the text and its padding with the home screen's scale."""
        pad_v, pad_h = round(10 * scale), round(18 * scale)
        self.setFont(make_font(NOTICE_PT * scale, True))
        self.setStyleSheet(f"QLabel#notice {{ background: {NOTICE_BG}; color: {NOTICE_INK};"
                           f" border-bottom: {max(2, round(3 * scale))}px solid {NOTICE_EDGE};"
                           f" padding: {pad_v}px {pad_h}px; }}")

    def translate_ui(self) -> None:
        """The notice in the current language."""
        text = self._settings.notice(translator().language, self._day) if self._day is not None else ""
        text = " ".join(text.split())
        if text != self.text():
            log.info("notice %s", f"shown: {text}" if text else "taken down",
                     extra={"event": "notice_shown", "text": text})
        self.setText(text)
        self.setVisible(bool(text))
