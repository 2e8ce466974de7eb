"""The survey inside the kiosk: the ticket's number and service over the survey form, then thanks.

The questions, answers and saving are :class:`ui.survey_form.SurveyForm`'s (the same form
the counter's survey screen shows, with ``channel="kiosk"``); this page adds what the
kiosk needs around it: which visit is being rated, a way to leave (the answers given so
far are kept), and the thank-you view that returns home by itself (after
``kiosk_return_seconds``, as a new number does) or on a touch.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QStackedLayout, QVBoxLayout, QWidget

from db.settings import SiteSettings
from db.survey import SurveyVisit
from kiosk import texts  # noqa: F401 - registers the kiosk's texts
from kiosk.fit import make_font, scale_for
from ui.backend import Backend
from ui.i18n import retranslate_on_switch, tr
from ui.survey_cards import keep_together
from ui.survey_form import SurveyForm
from ui.theme import ACCENT, INK, MUTED, OK, mm

CHANNEL = "kiosk"
ARM_MS = 1000  # touches on the thanks are ignored this long


class SurveyPage(QWidget):
    """The survey form for one visit; ``done`` once the visitor is finished or leaves."""

    done = Signal()
    refused = Signal(str)  # the core's sentence, e.g. answered meanwhile at another screen
    activity = Signal()

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("surveyPage")
        self.setMinimumSize(200, 200)
        self.visit: SurveyVisit | None = None
        self.scale = 1.0
        self.heading = QLabel(self)
        self.heading.setObjectName("surveyHeading")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet(f"background: {ACCENT}; color: white;")
        self.form = SurveyForm(backend, self)
        self.form.finished.connect(self._finished)
        self.form.refused.connect(self.refused)
        self.form.activity.connect(self.activity)
        self.leave = QPushButton(self)
        self.leave.setObjectName("surveyLeave")
        self.leave.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.leave.clicked.connect(self.abandon)
        self.thanks = QFrame(self)
        self.thanks.setObjectName("surveyThanks")
        self.thanks_title = QLabel(self.thanks)
        self.thanks_title.setObjectName("thanksTitle")
        self.thanks_hint = QLabel(self.thanks)
        self.thanks_hint.setObjectName("thanksHint")
        for label in (self.thanks_title, self.thanks_hint):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
        self.thanks_title.setStyleSheet(f"color: {OK};")
        self.thanks_hint.setStyleSheet(f"color: {INK};")
        thanks_layout = QVBoxLayout(self.thanks)
        thanks_layout.addStretch(1)
        thanks_layout.addWidget(self.thanks_title)
        thanks_layout.addWidget(self.thanks_hint)
        thanks_layout.addStretch(1)

        asking = QWidget(self)
        self.asking_layout = QVBoxLayout(asking)
        self.asking_layout.setContentsMargins(0, 0, 0, 0)
        self.asking_layout.addWidget(self.heading)
        self.asking_layout.addWidget(self.form, 1)
        self.asking_layout.addWidget(self.leave, 0, Qt.AlignmentFlag.AlignHCenter)
        self.views = QStackedLayout(self)
        self.views.addWidget(asking)
        self.views.addWidget(self.thanks)
        self._thanks_timer = QTimer(self)
        self._thanks_timer.setSingleShot(True)
        self._thanks_timer.timeout.connect(self.done)
        self._arming = QTimer(self)  # the second tap of a double tap on the last answer is not "go home"
        self._arming.setSingleShot(True)
        self._arming.setInterval(ARM_MS)
        retranslate_on_switch(self)

    def begin(self, visit: SurveyVisit, settings: SiteSettings) -> None:
        """Ask the survey about ``visit`` (the first question)."""
        self.visit = visit
        self._thanks_timer.stop()
        self._thanks_timer.setInterval(max(1, settings.kiosk_return_seconds) * 1000)  # as long as a new number shows
        self.views.setCurrentIndex(0)
        self.translate_ui()
        self.form.begin(visit, settings, CHANNEL)

    def abandon(self) -> None:
        """Leave the survey (the visitor's choice or the idle time-out): the answers given are kept."""
        self._thanks_timer.stop()
        if self.visit is not None and self.views.currentIndex() == 0:
            self.form.abandon()
        self.visit = None
        self.done.emit()

    def thanking(self) -> bool:
        """Whether the thank-you view is showing."""
        return self.views.currentIndex() == 1

    def _finished(self) -> None:
        self.visit = None
        self.views.setCurrentIndex(1)
        self._thanks_timer.start()
        self._arming.start()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A touch on the thank-you view goes home at once."""
        if self.thanking() and not self._arming.isActive():
            self._thanks_timer.stop()
            self.done.emit()
        event.accept()

    def translate_ui(self) -> None:
        """Every text in the current language."""
        visit = self.visit
        if visit is not None:
            self.heading.setText(tr("kiosk.survey_for", label=visit.label))  # the form names the service
        self.leave.setText(tr("kiosk.survey_leave"))
        self.thanks_title.setText(keep_together(tr("kiosk.survey_thanks")))
        self.thanks_hint.setText(keep_together(tr("kiosk.survey_thanks_hint")))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Scale the kiosk's own texts with the window (the form sizes its own)."""
        super().resizeEvent(event)
        s = scale_for(self.window().size() if self.window() is not self else self.size())
        self.scale = s
        pad = round(14 * s)
        self.heading.setFont(make_font(20 * s, True))
        self.heading.setContentsMargins(pad, pad, pad, pad)
        self.asking_layout.setSpacing(round(10 * s))
        self.leave.setFont(make_font(18 * s, True))
        self.leave.setMinimumSize(max(mm(self, 50), round(300 * s)), max(mm(self, 18), round(64 * s)))
        self.leave.setStyleSheet(
            f"QPushButton {{ background: white; color: {MUTED}; border: 3px solid {MUTED};"
            f" border-radius: {round(12 * s)}px; padding: 6px {round(24 * s)}px; margin-bottom: {round(12 * s)}px; }}"
            f" QPushButton:pressed {{ background: #e3e8ef; }}")
        self.thanks_title.setFont(make_font(34 * s, True))
        self.thanks_hint.setFont(make_font(20 * s))
