"""The survey screen's resting pages: asleep between visits, and a message (the thanks
after the last answer, or why a survey cannot be taken)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

import survey.texts  # noqa: F401 - registers the texts
from db.sitetime import DEFAULT_TZ
from ui.faces import face_pixmap
from ui.i18n import retranslate_on_switch, tr
from ui.survey_cards import keep_together, pixel_font
from ui.theme import ACCENT, INK, MUTED
from ui.widgets import ClockLabel


def _label(name: str, colour: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setStyleSheet(f"color: {colour};")
    return label


class SleepPage(QWidget):
    """Between visits: the thanks for the visit, the site's name, the date and time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sleepPage")
        self.site_name = ""
        box = QVBoxLayout(self)
        box.setContentsMargins(40, 30, 40, 40)
        box.setSpacing(18)
        self.site = _label("siteName", ACCENT)
        self.thanks = _label("sleepThanks", INK)
        self.hint = _label("sleepHint", MUTED)
        self.clock = ClockLabel(DEFAULT_TZ)
        self.clock.setObjectName("sleepClock")
        self.clock.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.clock.setStyleSheet(f"color: {MUTED};")
        box.addStretch(2)
        box.addWidget(self.site)
        box.addSpacing(10)
        box.addWidget(self.thanks)
        box.addWidget(self.hint)
        box.addStretch(3)
        box.addWidget(self.clock)
        retranslate_on_switch(self)

    def set_site(self, name: str, timezone: str) -> None:
        """Show the site's name; the clock in its time zone."""
        self.site_name = name
        self.site.setText(name)
        self.clock.set_timezone(timezone)

    def translate_ui(self) -> None:
        """The texts in the current language."""
        self.thanks.setText(keep_together(tr("survey.app.sleep_thanks")))
        self.hint.setText(tr("survey.app.sleep_hint"))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Texts sized with the screen (the thanks at least 40 px)."""
        super().resizeEvent(event)
        f = min(event.size().width() / 1280, event.size().height() / 760)
        self.site.setFont(pixel_font(max(26, round(34 * f)), bold=True))
        self.thanks.setFont(pixel_font(max(40, round(56 * f)), bold=True))
        self.hint.setFont(pixel_font(max(22, round(28 * f))))
        self.clock.setFont(pixel_font(max(24, round(30 * f))))


class MessagePage(QWidget):
    """A message for a few seconds: a happy face and the thanks, or a refusal's sentence."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messagePage")
        self.key = "survey.app.done_title"
        self.text_shown = ""  # a refusal's sentence, shown as it is
        box = QVBoxLayout(self)
        box.setContentsMargins(40, 30, 40, 40)
        box.setSpacing(20)
        self.face = QLabel()
        self.face.setObjectName("messageFace")
        self.face.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = _label("messageTitle", INK)
        self.detail = _label("messageDetail", MUTED)
        box.addStretch(1)
        box.addWidget(self.face)
        box.addWidget(self.title)
        box.addWidget(self.detail)
        box.addStretch(1)
        self._face_px = 160
        retranslate_on_switch(self)

    def show_thanks(self) -> None:
        """The thanks after the last answer."""
        self.text_shown = ""
        self.translate_ui()

    def show_text(self, text: str) -> None:
        """A sentence (a refusal) as it is, without the happy face."""
        self.text_shown = text
        self.translate_ui()

    def translate_ui(self) -> None:
        """The thanks in the current language (a refusal stays as it was worded)."""
        thanks = not self.text_shown
        self.face.setVisible(thanks)
        if thanks:
            self.face.setPixmap(face_pixmap(4, self._face_px))
            self.title.setText(keep_together(tr("survey.app.done_title")))
            self.detail.setText(tr("survey.app.done_text"))
        else:  # "Survei … sudah diisi. Terima kasih.": the first sentence large, the rest below
            first, dot, rest = self.text_shown.partition(". ")
            self.title.setText(keep_together(first + (dot.strip() if rest else "")))
            self.detail.setText(keep_together(rest))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Texts and face sized with the screen."""
        super().resizeEvent(event)
        f = min(event.size().width() / 1280, event.size().height() / 760)
        self._face_px = max(96, round(180 * f))
        self.title.setFont(pixel_font(max(36, round(50 * f)), bold=True))
        self.detail.setFont(pixel_font(max(22, round(28 * f))))
        if not self.text_shown:
            self.face.setPixmap(face_pixmap(4, self._face_px))
