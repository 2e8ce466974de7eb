"""The satisfaction survey as a visitor answers it: one question per page, a tap saves.

:class:`SurveyForm` asks the nine SKM elements (``db.survey.elements.ELEMENTS``), then, as
the site's settings ask, the WBK items, the respondent profile (one optional question a
page, "Lewati" skips it) and a comment typed on the on-screen keyboard. Every tap saves at
once through the backend's task runner (``db.survey.Draft.save``, one transaction, in the
order tapped) and moves on, so a visitor who walks away half-way leaves what they
answered. The survey screen at a counter and the kiosk's fallback both embed it; the
owner shows the thanks (``finished``), restarts its idle timer on ``activity`` and shows
a refusal (``refused(text)``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from db.errors import AntrianError
from db.settings import SiteSettings
from db.survey import Draft, SurveyRefused, SurveyVisit
from db.survey.elements import COMMENT_MAX, ELEMENTS, PROFILE, WBK_ITEMS, question
from ui.backend import Backend
from ui.i18n import retranslate_on_switch, tr, translator
from ui.survey_pages import ChoicePage, CommentPage, QuestionPage, Scale, keep_together, pixel_font
from ui.survey_texts import refusal_text
from ui.theme import ACCENT, MUTED

log = logging.getLogger("antrian.ui.survey_form")

PROFILE_KEYS = tuple(f.key for f in PROFILE)


@dataclass(frozen=True)
class _Page:
    kind: str  # "question", "profile" or "comment"
    key: str  # the column: u1.., w1.., age_group.., comment


def pages_for(settings: SiteSettings) -> list[_Page]:
    """The pages a visitor goes through with these site settings, in order."""
    pages = [_Page("question", q.key) for q in ELEMENTS]
    if settings.survey_wbk:
        pages += [_Page("question", q.key) for q in WBK_ITEMS]
    if settings.survey_profile:
        pages += [_Page("profile", f.key) for f in PROFILE]
    if settings.survey_comment:
        pages.append(_Page("comment", "comment"))
    return pages


class SurveyForm(QWidget):
    """One visitor's survey, page by page; every answer saved as it is tapped.

    Signals: ``finished`` (the last page answered: the owner shows its thanks),
    ``activity`` (any touch: the owner restarts its idle timer), ``refused(text)`` (the
    survey cannot go on, e.g. this ticket was answered already; the text is for the
    visitor), ``saved(keys)`` (a save reached the database: the keys it wrote, comma-joined).
    """

    finished = Signal()
    activity = Signal()
    refused = Signal(str)
    saved = Signal(str)

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("surveyForm")
        self.backend = backend
        self.visit: SurveyVisit | None = None
        self.channel = "counter"
        self.pages: list[_Page] = []
        self.index = 0
        self.answers: dict[str, object] = {}  # what the visitor chose, as tapped (shown when going back)
        self.pending = 0  # saves queued and not yet back
        self._draft: Draft | None = None
        self._scale = Scale()

        box = QVBoxLayout(self)
        box.setContentsMargins(24, 12, 24, 20)
        box.setSpacing(10)
        top = QHBoxLayout()
        self.back_button = QPushButton()
        self.back_button.setObjectName("backButton")
        self.back_button.setStyleSheet(f"QPushButton {{ color: {ACCENT}; background: transparent; border: 2px solid"
                                       f" {ACCENT}; border-radius: 10px; padding: 6px 18px; }}")
        self.back_button.clicked.connect(self.back)
        self.service_label = QLabel()
        self.service_label.setObjectName("serviceLabel")
        self.service_label.setStyleSheet(f"color: {MUTED};")
        self.progress = QLabel()
        self.progress.setObjectName("progressLabel")
        self.progress.setStyleSheet(f"color: {MUTED};")
        top.addWidget(self.back_button)
        top.addSpacing(16)
        top.addWidget(self.service_label, 1)
        top.addWidget(self.progress)
        box.addLayout(top)
        self.stack = QStackedWidget()
        self.question_page = QuestionPage()
        self.question_page.answered.connect(self.answer)
        self.choice_page = ChoicePage()
        self.choice_page.chosen.connect(self._choose)
        self.skip_button = self.choice_page.skip
        self.skip_button.clicked.connect(lambda: self.answer(None))
        self.comment_page = CommentPage(COMMENT_MAX)
        self.comment_page.send.clicked.connect(lambda: self.answer(self.comment_page.edit.toPlainText()))
        self.comment_page.keyboard.pressed.connect(lambda _key: self.activity.emit())
        self.comment_page.edit.textChanged.connect(self.activity.emit)
        for page in (self.question_page, self.choice_page, self.comment_page):
            self.stack.addWidget(page)
        box.addWidget(self.stack, 1)
        self._apply_scale()
        retranslate_on_switch(self)

    # -- the API -----------------------------------------------------------------------------------
    @property
    def active(self) -> bool:
        """Whether a visitor's survey is on the form."""
        return self._draft is not None

    def begin(self, visit: SurveyVisit, settings: SiteSettings, channel: str) -> None:
        """Start the survey of ``visit`` on its first page (an unfinished one is abandoned)."""
        if self._draft is not None:
            self.abandon()
        self.visit = visit
        self.channel = channel
        self.pages = pages_for(settings)
        self.index = 0
        self.answers = {}
        self.comment_page.edit.clear()
        self._draft = Draft(visit, channel, translator().language)
        log.info("survey of %s begun (%s)", visit.label, channel,
                 extra={"event": "survey_begun", "label": visit.label, "channel": channel})
        self._show()

    def abandon(self) -> None:
        """Stop asking (the visitor left): what was answered stays saved, the draft is closed."""
        if self._draft is None:
            return
        page = self.page_key()
        draft, self._draft = self._draft, None
        comment = self.comment_page.edit.toPlainText().strip()
        if page == "comment" and comment:
            self._save(draft, {"comment": comment})
        log.info("survey abandoned on page %s", page, extra={"event": "survey_abandoned", "page": page})
        self._close(draft)

    def page_key(self) -> str:
        """The page shown: ``u1``..``u9``, ``w1``..``w5``, ``profile`` or ``comment`` ("" when idle)."""
        if not self.pages or self._draft is None:
            return ""
        page = self._page()
        return "profile" if page.kind == "profile" else page.key

    def profile_key(self) -> str:
        """On a profile page, the field asked (``age_group``, ``gender``, …); else ""."""
        return self._page().key if self.page_key() == "profile" else ""

    def answer(self, value: object) -> None:
        """What a tap does on the page shown; saves it and moves on.

        On a question page ``value`` is the answer 1..4. On a profile page it is the field's
        code, ``None`` to skip the field, or a dict of several fields' codes (all saved, the
        profile left). On the comment page it is the text ("" for none); it ends the survey.
        """
        if self._draft is None or not self.pages:
            return
        self.activity.emit()
        page = self._page()
        if page.kind == "question":
            if not isinstance(value, int) or not 1 <= value <= 4:
                raise ValueError(f"an answer is 1..4, not {value!r}")
            self._record({page.key: value})
        elif page.kind == "profile":
            if isinstance(value, dict):
                self._record({k: v for k, v in value.items() if v is not None})
                while self.index + 1 < len(self.pages) and self.pages[self.index + 1].kind == "profile":
                    self.index += 1
            elif value is not None:
                self._record({page.key: value})
        else:
            text = str(value or "").strip()
            if text:
                self._record({"comment": text})
        self._next()

    def back(self) -> None:
        """Show the previous page (its saved answer marked)."""
        if self._draft is None or self.index == 0:
            return
        self.activity.emit()
        self.index -= 1
        self._show()

    # -- saving ------------------------------------------------------------------------------------
    def _record(self, values: dict[str, object]) -> None:
        assert self._draft is not None
        self.answers.update(values)
        self._save(self._draft, values)

    def _save(self, draft: Draft, values: dict[str, object]) -> None:
        db = self.backend.db
        language = translator().language
        self.pending += 1
        self.backend.runner.run(lambda: draft.save(db, language=language, **values),
                                lambda _none: self._saved(values),
                                lambda e: self._failed(draft, e))

    def _saved(self, values: dict[str, object]) -> None:
        self.pending -= 1
        self.saved.emit(",".join(values))

    def _failed(self, draft: Draft, error: BaseException) -> None:
        self.pending -= 1
        if isinstance(error, SurveyRefused):
            text = refusal_text(error.reason, str(error))
            log.info("survey refused: %s", error, extra={"event": "survey_refused", "reason": error.reason})
        elif isinstance(error, AntrianError):
            text = tr("survey.not_saved")
            log.warning("survey answer not saved: %s", error)
        else:
            text = tr("survey.not_saved")
            log.error("survey answer not saved", exc_info=error)
        if draft is not self._draft:
            return  # a survey already over: its owner has moved on
        self._draft = None
        self.refused.emit(text)

    def _close(self, draft: Draft) -> None:
        db = self.backend.db
        self.backend.runner.run(lambda: draft.close(db), None,
                                lambda e: log.warning("closing the survey failed: %s", e))

    # -- pages -------------------------------------------------------------------------------------
    def _page(self) -> _Page:
        return self.pages[min(self.index, len(self.pages) - 1)]

    def _next(self) -> None:
        if self.index + 1 >= len(self.pages):
            draft, self._draft = self._draft, None
            if draft is not None:
                self._close(draft)
            log.info("survey finished", extra={"event": "survey_finished"})
            self.finished.emit()
            return
        self.index += 1
        self._show()

    def _choose(self, code: object) -> None:
        """A profile option tapped: saved at once; tapping the chosen one again clears it."""
        page = self._page()
        if self._draft is None or page.kind != "profile":
            return
        if code is None:
            self._record({page.key: None})
            self.activity.emit()
            self._show()
        else:
            self.answer(code)

    def _show(self) -> None:
        if not self.pages:
            return
        page = self._page()
        language = translator().language
        self.back_button.setVisible(self.index > 0)
        if self.visit is not None:
            self.service_label.setText(tr("survey.service", service=self.visit.service_title(language)))
        if page.kind == "question":
            q = question(page.key)
            wbk = page.key.startswith("w")
            keys = [p.key for p in self.pages if p.kind == "question" and p.key.startswith(page.key[0])]
            n = keys.index(page.key) + 1
            self.progress.setText(tr("survey.wbk_progress" if wbk else "survey.progress", n=n, total=len(keys)))
            chosen = self.answers.get(page.key)
            self.question_page.show_question(tr("survey.wbk_intro") if wbk else "", q.title(language), q.text(language),
                                             [q.answer(v, language) for v in range(1, 5)],
                                             chosen if isinstance(chosen, int) else None)
            self.stack.setCurrentWidget(self.question_page)
        elif page.kind == "profile":
            field = next(f for f in PROFILE if f.key == page.key)
            keys = [p.key for p in self.pages if p.kind == "profile"]
            self.progress.setText(tr("survey.profile_progress", n=keys.index(page.key) + 1, total=len(keys)))
            chosen = self.answers.get(page.key)
            self.choice_page.show_choices(field.label.get(language, field.label["id"]), tr("survey.profile_note"),
                                          [(code, field.option_text(code, language)) for code in field.codes()],
                                          chosen if isinstance(chosen, str) else None)
            self.choice_page.set_scale(self._scale)
            self.stack.setCurrentWidget(self.choice_page)
        else:
            self.progress.setText("")
            self.comment_page.title.setText(keep_together(tr("survey.comment_title")))
            self.comment_page.note.setText(tr("survey.comment_note"))
            self.comment_page.edit.setPlaceholderText(tr("survey.comment_hint"))
            self.stack.setCurrentWidget(self.comment_page)
            self.comment_page.edit.setFocus()

    def translate_ui(self) -> None:
        """Every text in the current language; the page shown stays."""
        self.back_button.setText(tr("survey.back"))
        self.skip_button.setText(tr("survey.skip"))
        self.comment_page.send.setText(tr("survey.send"))
        self._show()

    # -- sizes -------------------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        """Scale the texts with the form."""
        super().resizeEvent(event)
        scale = Scale.for_size(event.size().width(), event.size().height())
        if scale != self._scale:
            self._scale = scale
            self._apply_scale()

    def _apply_scale(self) -> None:
        s = self._scale
        for widget in (self.back_button, self.service_label, self.progress):
            widget.setFont(pixel_font(s.small_px))
        self.question_page.set_scale(s)
        self.choice_page.set_scale(s)
        self.comment_page.set_scale(s)
