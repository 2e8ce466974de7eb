"""The kiosk's survey fallback, from the home button to the thanks: keypad, look-up, form.

A visitor whose counter has no survey screen types the number printed on their ticket
(:class:`kiosk.survey_entry.SurveyEntryScreen`); :func:`db.survey.find_visit` runs on the
kiosk's task runner and either finds today's finished visit, which
:class:`kiosk.survey_page.SurveyPage` then asks about, or refuses it with a reason the
keypad page words for a visitor. Each step is logged (``kiosk_survey_lookup``,
``kiosk_survey_refused``, ``kiosk_survey_started``, ``kiosk_survey_done``, ``kiosk_survey_left``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QStackedWidget

from db import survey
from db.errors import DatabaseUnavailable
from db.settings import SiteSettings
from db.survey import SurveyRefused, SurveyVisit
from kiosk.survey_entry import SurveyEntryScreen
from kiosk.survey_page import SurveyPage
from ui.backend import Backend

log = logging.getLogger("antrian.kiosk.survey")

#: The keypad page's text for each reason the core refuses a number.
REFUSAL_TEXT = {
    "unknown": "kiosk.survey_unknown",
    "not_finished": "kiosk.survey_not_finished",
    "answered": "kiosk.survey_answered",
    "closed": "kiosk.survey_answered",
    "other_day": "kiosk.survey_other_day",
}


def refusal_key(error: BaseException) -> str:
    """The ``kiosk.survey_*`` text that tells a visitor why ``error`` stopped the survey."""
    if isinstance(error, SurveyRefused):
        return REFUSAL_TEXT.get(error.reason, "kiosk.survey_unknown")
    if isinstance(error, DatabaseUnavailable):
        return "kiosk.survey_offline"
    return "kiosk.survey_error"


class KioskSurvey(QObject):
    """Puts the keypad and the survey pages on the kiosk's stack and runs the look-up.

    ``home`` asks the window to show the home screen (the visitor is done or went back).
    """

    home = Signal()
    activity = Signal()
    settled = Signal()  # a look-up was answered: the survey or a refusal is on screen

    def __init__(self, backend: Backend, stack: QStackedWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db, self.runner = backend.db, backend.runner
        self.stack = stack
        self.settings = SiteSettings()
        self.entry = SurveyEntryScreen(stack)
        self.page = SurveyPage(backend, stack)
        stack.addWidget(self.entry)
        stack.addWidget(self.page)
        self._lookup = 0  # the look-up whose answer is awaited; older answers are dropped
        self.entry.submitted.connect(self._submitted)
        self.entry.cancelled.connect(self.home)
        self.page.done.connect(self._page_done)
        self.page.refused.connect(self._form_refused)
        self.page.activity.connect(self.activity)

    def open(self, codes: Sequence[str], settings: SiteSettings) -> None:
        """Show the keypad for a new visitor; ``codes`` are the services' letters."""
        self.settings = settings
        self._lookup += 1
        self.entry.start(codes)
        self.stack.setCurrentWidget(self.entry)

    def showing(self) -> bool:
        """Whether one of the survey's pages is on screen."""
        return self.stack.currentWidget() in (self.entry, self.page)

    def abandon(self) -> None:
        """The kiosk goes home (idle time-out): a survey in progress is closed, its answers kept."""
        self._lookup += 1
        self.entry.checking = False
        if self.page.visit is not None:
            log.info("survey left at the kiosk", extra={"event": "kiosk_survey_left"})
            self.page.done.disconnect(self._page_done)
            try:
                self.page.abandon()
            finally:
                self.page.done.connect(self._page_done)

    def _submitted(self, label: str) -> None:
        self._lookup += 1
        token, db = self._lookup, self.db
        log.info("survey look-up for %s", label, extra={"event": "kiosk_survey_lookup", "label": label})
        self.runner.run(lambda: survey.find_visit(db, label),
                        lambda visit: self._found(token, visit),
                        lambda error: self._not_found(token, label, error))

    def _found(self, token: int, visit: SurveyVisit) -> None:
        if token != self._lookup or self.stack.currentWidget() is not self.entry:
            return  # the visitor left meanwhile
        self.entry.checking = False
        log.info("survey at the kiosk for %s", visit.label,
                 extra={"event": "kiosk_survey_started", "label": visit.label, "ticket_id": visit.ticket_id})
        self.page.begin(visit, self.settings)
        self.stack.setCurrentWidget(self.page)
        self.settled.emit()

    def _not_found(self, token: int, label: str, error: BaseException) -> None:
        if token != self._lookup:
            return
        key = refusal_key(error)
        reason = getattr(error, "reason", type(error).__name__)
        if key == "kiosk.survey_error":
            log.error("survey look-up for %s failed: %s", label, error, exc_info=error,
                      extra={"event": "kiosk_survey_refused", "label": label, "reason": "error"})
        else:
            log.info("survey for %s refused: %s", label, error,
                     extra={"event": "kiosk_survey_refused", "label": label, "reason": reason})
        self.entry.show_message(key, label=label)
        self.settled.emit()

    def _form_refused(self, text: str) -> None:
        """The form could not save (answered meanwhile on another screen): back to the keypad, saying so."""
        log.info("survey refused while answering: %s", text, extra={"event": "kiosk_survey_refused", "reason": "answered"})
        self.page.visit = None
        self.entry.start(self.entry.codes)
        self.entry.show_text(text)
        self.stack.setCurrentWidget(self.entry)

    def _page_done(self) -> None:
        log.info("survey at the kiosk done", extra={"event": "kiosk_survey_done"})
        self.home.emit()
