"""The survey screen of one counter: asleep between visits, awake with the survey when that
counter finishes one.

What wakes it: the change feed reporting ``finished`` at its counter (and the start and
every ``resync``, so a visit that ended just before is still asked about). Each time it
reads :func:`db.survey.visit_for_counter` through a :class:`ui.reader.SnapshotReader`
(never on the UI thread); a visit it has not offered yet starts the survey, abandoning
one still open. Other counters' finishes are ignored. After ``survey_idle_seconds``
without a touch it abandons the survey (the answers stay) and sleeps; after the last
answer it thanks the visitor for a few seconds; a refusal is shown for a few seconds.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

import survey.texts  # noqa: F401 - registers the texts
from db import queue
from db import survey as core
from db.feed import DATA, Change
from db.settings import SiteSettings
from db.survey import SurveyVisit
from survey.pages import MessagePage, SleepPage
from ui.backend import Backend
from ui.i18n import retranslate_on_switch, stop_retranslating, tr, translator
from ui.reader import SnapshotReader
from ui.survey_cards import pixel_font
from ui.survey_form import SurveyForm
from ui.widgets import ClockLabel, OfflineBanner, header_bar

log = logging.getLogger("antrian.survey.window")

THANKS_MS = 6000  # the thanks after the last answer
MESSAGE_MS = 7000  # a refusal
MS_PER_SECOND = 1000  # of the idle time (tests shorten it)


@dataclass(frozen=True)
class Wake:
    """What one read found: the visit to ask about (None: nothing) and the site's settings."""

    visit: SurveyVisit | None
    settings: SiteSettings


def read_wake(backend: Backend, counter: int) -> Wake:
    """The read behind the screen (on the runner's worker): the visit to ask about and the settings."""
    return Wake(core.visit_for_counter(backend.db, counter), queue.site_settings(backend.db))


class SurveyWindow(QWidget):
    """The visitor-facing survey screen of counter ``counter``.

    ``ready`` once the first read is on screen; ``state`` is ``sleeping``, ``asking`` or
    ``message``; ``follow_site_language`` returns to the site's language at each sleep.
    """

    ready = Signal()
    state_changed = Signal(str)

    def __init__(self, backend: Backend, counter: int, *, follow_site_language: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("surveyWindow")
        self.backend = backend
        self.counter = counter
        self.follow_site_language = follow_site_language
        self.settings: SiteSettings | None = None
        self.state = "sleeping"
        self.offered: set[int] = set()  # tickets this screen has asked about (never twice)
        self._ready_sent = False

        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        bar, row = header_bar()
        self.title = QLabel()
        self.title.setObjectName("headerTitle")
        self.clock = ClockLabel(with_date=False)
        self.language_button = QPushButton()
        self.language_button.setObjectName("languageButton")
        self.language_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.language_button.setStyleSheet("font-size: 20px; padding: 8px 20px;")
        self.language_button.clicked.connect(self._toggle_language)
        row.addWidget(self.title, 1)
        row.addWidget(self.clock)
        row.addWidget(self.language_button)
        box.addWidget(bar)
        self.banner = OfflineBanner(backend.live)
        box.addWidget(self.banner)
        self.stack = QStackedWidget()
        self.sleep_page = SleepPage()
        self.form = SurveyForm(backend)
        self.message_page = MessagePage()
        for page in (self.sleep_page, self.form, self.message_page):
            self.stack.addWidget(page)
        box.addWidget(self.stack, 1)
        self.title.setFont(pixel_font(22, bold=True))
        self.clock.setStyleSheet("font-size: 22px;")

        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.timeout.connect(self._idle_timeout)
        self.back_to_sleep = QTimer(self)
        self.back_to_sleep.setSingleShot(True)
        self.back_to_sleep.timeout.connect(self.sleep)
        self.form.activity.connect(self._touched)
        self.form.finished.connect(self._finished)
        self.form.refused.connect(self._refused)

        self.reader: SnapshotReader[Wake] = SnapshotReader(backend.runner, lambda: read_wake(backend, counter), self,
                                                           what="the counter's last visit", log=log)
        self.reader.loaded.connect(self._loaded)
        self.reader.online_changed.connect(lambda online: self.banner.set_offline(not online))
        backend.live.changed.connect(self._changed)
        backend.live.resync.connect(self.reader.request_now)
        retranslate_on_switch(self)
        self.reader.request_now()

    # -- reading -------------------------------------------------------------------------------------
    def _changed(self, changes: list[Change]) -> None:
        """A finish at this counter wakes the screen; settings may change while it sleeps."""
        mine = any(c.kind == "finished" and c.counter == self.counter for c in changes)
        if mine or (self.state == "sleeping" and any(c.kind == DATA for c in changes)):
            self.reader.request()

    def _loaded(self, wake: Wake) -> None:
        self.settings = wake.settings
        self.sleep_page.set_site(wake.settings.site_name, wake.settings.timezone)
        self.clock.set_timezone(wake.settings.timezone)
        if not self._ready_sent and self.follow_site_language:
            translator().set_language(wake.settings.language)  # later, at each sleep
        visit = wake.visit
        if visit is not None and visit.ticket_id not in self.offered:
            self.ask(visit, wake.settings)
        if not self._ready_sent:
            self._ready_sent = True
            self.ready.emit()

    # -- states --------------------------------------------------------------------------------------
    def ask(self, visit: SurveyVisit, settings: SiteSettings) -> None:
        """Wake with the survey of ``visit`` (a survey still open is abandoned, its answers kept)."""
        self.offered.add(visit.ticket_id)
        self.back_to_sleep.stop()
        self.form.begin(visit, settings, "counter")
        self._set_state("asking", self.form)
        self.idle.start(settings.survey_idle_seconds * MS_PER_SECOND)
        if self.isVisible():
            self.repaint()  # painted now, so the log line below marks what the visitor sees
        log.info("survey shown for %s", visit.label,
                 extra={"event": "survey_shown", "label": visit.label, "counter": self.counter, "t": time.time()})

    def sleep(self) -> None:
        """Back to the resting page (an open survey is abandoned, its answers kept)."""
        self.idle.stop()
        self.back_to_sleep.stop()
        self.form.abandon()
        if self.follow_site_language and self.settings is not None:
            translator().set_language(self.settings.language)
        self._set_state("sleeping", self.sleep_page)

    def _set_state(self, state: str, page: QWidget) -> None:
        self.state = state
        self.stack.setCurrentWidget(page)
        self.translate_ui()
        self.state_changed.emit(state)

    def _touched(self) -> None:
        if self.state == "asking" and self.settings is not None:
            self.idle.start(self.settings.survey_idle_seconds * MS_PER_SECOND)

    def _idle_timeout(self) -> None:
        log.info("nobody touched the survey; sleeping", extra={"event": "survey_idle"})
        self.sleep()

    def _finished(self) -> None:
        self.idle.stop()
        self.message_page.show_thanks()
        self._set_state("message", self.message_page)
        self.back_to_sleep.start(THANKS_MS)

    def _refused(self, text: str) -> None:
        self.idle.stop()
        self.message_page.show_text(text)
        self._set_state("message", self.message_page)
        self.back_to_sleep.start(MESSAGE_MS)

    def _toggle_language(self) -> None:
        translator().toggle()
        self._touched()

    def translate_ui(self) -> None:
        """Header texts in the current language."""
        where = tr("survey.app.counter", n=self.counter)
        self.title.setText(f"{tr('survey.app.title')} · {where}" if self.state == "asking" else where)
        self.clock.setVisible(self.state != "sleeping")  # the resting page shows its own
        self.language_button.setText(tr("survey.app.language"))

    def shutdown(self) -> None:
        """Stop reading and timers (the window is closing): an open survey is abandoned."""
        self.idle.stop()
        self.back_to_sleep.stop()
        self.form.abandon()
        self.reader.close()
        stop_retranslating(self)
