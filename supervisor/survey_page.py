"""The "Survei" tab: the satisfaction survey's IKM for a survey period (the site's current
one first), its grade, the respondents against the minimum sample, the mean answer (NRR)
of each element as bars, the weakest elements, the IKM per service, the latest comments,
and the follow-up plan (*rencana tindak lanjut*) the unit writes for the period.

The figures are the core's (``db.survey.ikm.results``), read by a
:class:`ui.reader.SnapshotReader` on the page's own task runner (a period's grouped read
must not hold up the floor's reads) and read again, a little later, when the change feed
reports a survey closed or other data changed while the page is shown. Saving the plan
(``db.survey.set_plan``, audited) runs on the same runner.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db import feed
from db.feed import Change
from db.render.numbers import number
from db.reports.period import date_text
from db.roles import Actor
from db.survey.elements import question
from supervisor.page_common import ShownReadingPage, leave_live, show_status
from supervisor.survey_bars import BarRow, NrrBars
from supervisor.survey_card import IndexCard
from supervisor.survey_data import (
    PERIOD_KINDS,
    QueryHolder,
    SurveyQuery,
    SurveyReader,
    SurveyView,
    index_text,
    nrr_text,
    save_plan,
    stepped,
)
from supervisor.survey_plan import PlanEditor
from supervisor.texts import error_text
from ui.backend import Backend
from ui.i18n import register, retranslate_on_switch, stop_retranslating, tr, translator
from ui.reader import SnapshotReader
from ui.tasks import TaskRunner

log = logging.getLogger("antrian.supervisor.survey")

TEXTS: dict[str, dict[str, str]] = {
    "supervisor.tab.survey": {"id": "Survei", "en": "Survey"},
    "supervisor.survey.heading": {"id": "Survei Kepuasan Masyarakat", "en": "Satisfaction Survey"},
    "supervisor.survey.period": {"id": "Periode", "en": "Period"},
    "supervisor.survey.p.quarter": {"id": "Triwulan", "en": "Quarter"},
    "supervisor.survey.p.semester": {"id": "Semester", "en": "Half-year"},
    "supervisor.survey.p.year": {"id": "Tahun", "en": "Year"},
    "supervisor.survey.previous": {"id": "Periode sebelumnya", "en": "Previous period"},
    "supervisor.survey.next": {"id": "Periode berikutnya", "en": "Next period"},
    "supervisor.survey.current": {"id": "Periode Berjalan", "en": "Current Period"},
    "supervisor.survey.running": {"id": "{period} (berjalan)", "en": "{period} (current)"},
    "supervisor.survey.elements": {"id": "Nilai Rata-rata per Unsur (NRR, skala 1–4)",
                                   "en": "Mean Answer per Element (NRR, scale 1–4)"},
    "supervisor.survey.weakest": {"id": "Unsur terendah: {names}", "en": "Weakest elements: {names}"},
    "supervisor.survey.no_weakest": {"id": "Unsur terendah: belum ada jawaban.",
                                     "en": "Weakest elements: no answers yet."},
    "supervisor.survey.services": {"id": "IKM per Layanan", "en": "IKM per Service"},
    "supervisor.survey.col.service": {"id": "Layanan", "en": "Service"},
    "supervisor.survey.col.respondents": {"id": "Responden", "en": "Respondents"},
    "supervisor.survey.col.ikm": {"id": "IKM", "en": "IKM"},
    "supervisor.survey.col.grade": {"id": "Mutu", "en": "Grade"},
    "supervisor.survey.comments": {"id": "Saran dan Komentar Terbaru", "en": "Latest Suggestions and Comments"},
    "supervisor.survey.no_comments": {"id": "Belum ada saran atau komentar.", "en": "No suggestions or comments yet."},
    "supervisor.survey.loading": {"id": "Memuat hasil survei…", "en": "Loading the survey results…"},
    "supervisor.survey.read_failed": {"id": "Hasil survei tidak dapat dibaca: {error}. Mencoba lagi…",
                                      "en": "Cannot read the survey results: {error}. Retrying…"},
    "supervisor.survey.shown": {"id": "{period}: {first} – {last}.", "en": "{period}: {first} – {last}."},
}
register(TEXTS)

REFRESH_DELAY_MS = 3000  # a burst of surveys closing costs one read a few seconds later
SERVICE_ROWS = 6  # rows the per-service table shows without scrolling
ROW_PX = 22


class SurveyPage(ShownReadingPage):
    """The survey results of one period and its follow-up plan, for a supervisor or an
    administrator. ``ready`` once the first read (or its failure) is on screen; ``shown``
    after every view painted; ``plan_saved`` after the plan was stored."""

    ready = Signal()
    shown = Signal()
    plan_saved = Signal()

    def __init__(self, backend: Backend, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("surveyPage")
        self.backend = backend
        self.actor = actor
        self.runner = TaskRunner(self, synchronous=backend.runner.synchronous)
        self.view: SurveyView | None = None
        self._ready = False
        self._shut = False
        self._error = ""
        self._query = QueryHolder(SurveyQuery())
        self._build()
        db, query, cached = backend.db, self._query, SurveyReader()
        self.reader: SnapshotReader[SurveyView] = SnapshotReader(
            self.runner, lambda: cached.read(db, query.value), self, what="the survey results", log=log,
            delay_ms=REFRESH_DELAY_MS)
        self.reader.loaded.connect(self._show)
        self.reader.failed.connect(self._failed)
        backend.live.changed.connect(self._on_changes)
        backend.live.resync.connect(self.reader.request_now)
        retranslate_on_switch(self)
        self.reader.request_now()

    # -- building ---------------------------------------------------------------------------------
    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(16, 10, 16, 10)
        root.setSpacing(8)
        top = QHBoxLayout()
        top.setSpacing(8)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.period_label = QLabel()
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("surveyKind")
        for kind in PERIOD_KINDS:
            self.kind_combo.addItem("", kind)
        self.kind_combo.currentIndexChanged.connect(lambda _i: self._kind_chosen())
        self.previous_button, self.next_button = QPushButton("◀"), QPushButton("▶")
        for button, step in ((self.previous_button, -1), (self.next_button, 1)):
            button.setFixedWidth(36)
            button.clicked.connect(lambda _c=False, s=step: self.step_period(s))
        self.current_button = QPushButton()
        self.current_button.setObjectName("currentPeriodButton")
        self.current_button.clicked.connect(lambda _c=False: self.show_current())
        self.period_text = QLabel()
        self.period_text.setObjectName("surveyPeriodText")
        self.period_text.setStyleSheet("font-size: 12pt; font-weight: bold;")
        top.addWidget(self.heading)
        top.addSpacing(16)
        for w in (self.period_label, self.kind_combo, self.previous_button, self.next_button):
            top.addWidget(w)
        top.addSpacing(6)
        top.addWidget(self.period_text, 1)
        top.addWidget(self.current_button)
        root.addLayout(top)

        body = QHBoxLayout()
        body.setSpacing(12)
        left = QVBoxLayout()
        left.setSpacing(8)
        self.card = IndexCard()
        left.addWidget(self.card)
        self.elements_box = QGroupBox()
        box = QVBoxLayout(self.elements_box)
        self.bars = NrrBars()
        self.weakest_label = QLabel()
        self.weakest_label.setObjectName("weakestLabel")
        self.weakest_label.setWordWrap(True)
        self.weakest_label.setStyleSheet("font-size: 10.5pt;")
        box.addWidget(self.bars)
        box.addWidget(self.weakest_label)
        box.addStretch(1)  # on a large screen the room left is below, not between bars and names
        left.addWidget(self.elements_box, 1)
        body.addLayout(left, 11)

        right = QVBoxLayout()
        right.setSpacing(8)
        self.services_box = QGroupBox()
        services = QVBoxLayout(self.services_box)
        self.services_table = QTableWidget(0, 4)
        self.services_table.setObjectName("surveyServices")
        self.services_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.services_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.services_table.verticalHeader().setVisible(False)
        self.services_table.verticalHeader().setDefaultSectionSize(ROW_PX)
        header = self.services_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.services_table.setStyleSheet("QTableWidget { font-size: 10pt; }")
        self._size_services(0)
        services.addWidget(self.services_table)
        right.addWidget(self.services_box)
        self.comments_box = QGroupBox()
        comments = QVBoxLayout(self.comments_box)
        self.comments_list = QListWidget()
        self.comments_list.setObjectName("surveyComments")
        self.comments_list.setWordWrap(True)
        self.comments_list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.comments_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.comments_list.setStyleSheet("QListWidget { font-size: 10.5pt; } QListWidget::item { padding: 4px 2px; "
                                         "border-bottom: 1px solid #dde3ea; }")
        self.comments_list.setMinimumHeight(120)
        comments.addWidget(self.comments_list)
        right.addWidget(self.comments_box, 3)
        self.plan = PlanEditor()
        self.plan.save_requested.connect(self.save_plan)
        right.addWidget(self.plan, 2)
        body.addLayout(right, 10)
        root.addLayout(body, 1)

        self.status = QLabel()
        self.status.setObjectName("surveyStatus")
        self.status.setWordWrap(True)
        root.addWidget(self.status)

    def translate_ui(self) -> None:
        """Every text in the current language (from the view last read)."""
        self.heading.setText(tr("supervisor.survey.heading"))
        self.period_label.setText(tr("supervisor.survey.period"))
        for i, kind in enumerate(PERIOD_KINDS):
            self.kind_combo.setItemText(i, tr(f"supervisor.survey.p.{kind}"))
        self.previous_button.setToolTip(tr("supervisor.survey.previous"))
        self.next_button.setToolTip(tr("supervisor.survey.next"))
        self.current_button.setText(tr("supervisor.survey.current"))
        self.elements_box.setTitle(tr("supervisor.survey.elements"))
        self.services_box.setTitle(tr("supervisor.survey.services"))
        self.services_table.setHorizontalHeaderLabels(
            [tr(f"supervisor.survey.col.{c}") for c in ("service", "respondents", "ikm", "grade")])
        self.comments_box.setTitle(tr("supervisor.survey.comments"))
        if self.view is not None:
            self._fill(self.view)
        self._show_status()

    # -- the period -------------------------------------------------------------------------------
    def period_kind(self) -> str:
        """The kind of period chosen (``quarter``, ``semester`` or ``year``)."""
        return str(self.kind_combo.currentData() or "semester")

    def ask(self, query: SurveyQuery) -> None:
        """Read the period ``query`` asks for now; the plan waits (read-only) until it is shown."""
        self._query.value = query
        self.plan.setEnabled(False)
        self.reader.request_now()

    def answered(self, view: SurveyView) -> bool:
        """Whether ``view`` is the period the page asks for now (not one read before)."""
        query = self._query.value
        if query.kind is not None and view.period.kind != query.kind:
            return False
        day = view.today if query.day is None else query.day
        return view.period.first <= day <= view.period.last

    def step_period(self, steps: int) -> None:
        """Show the period ``steps`` on from the one shown (back when negative)."""
        if self.view is None:
            return
        period = stepped(self.period_kind(), self.view.period, steps)
        self.ask(SurveyQuery(self.period_kind(), period.first))

    def show_current(self) -> None:
        """Show the period holding today, of the kind chosen."""
        self.ask(SurveyQuery(self.period_kind(), None))

    def _kind_chosen(self) -> None:
        view = self.view
        if view is None or view.period.kind == self.period_kind():
            return
        self.ask(SurveyQuery(self.period_kind(), view.today if view.is_current() else view.period.first))

    # -- reading ----------------------------------------------------------------------------------
    def _on_changes(self, changes: list[object]) -> None:
        """A survey closed or other data changed: read again a little later while shown; a
        hidden page reads once it is shown again."""
        if not any(isinstance(c, Change) and c.kind in (feed.SURVEY, feed.DATA) for c in changes):
            return
        self.read_while_shown()

    def _show(self, view: SurveyView) -> None:
        if self._shut:
            return
        new_period = self.view is None or self.view.period != view.period
        self.view = view
        self._error = ""
        index = PERIOD_KINDS.index(view.period.kind) if view.period.kind in PERIOD_KINDS else 1
        if index != self.kind_combo.currentIndex():
            self.kind_combo.blockSignals(True)
            self.kind_combo.setCurrentIndex(index)
            self.kind_combo.blockSignals(False)
        self.plan.show_plan(view.plan, view.period.title(translator().language), new_period=new_period)
        self.plan.setEnabled(self.answered(view))
        self._fill(view)
        self._show_status()
        self.shown.emit()
        self._mark_ready()

    def _fill(self, view: SurveyView) -> None:
        lang = translator().language
        title = view.period.title(lang)
        self.period_text.setText(tr("supervisor.survey.running", period=title) if view.is_current() else title)
        self.current_button.setEnabled(not view.is_current())
        self.plan.period_title = title
        self.plan.translate_ui()
        self.card.show_view(view, lang)
        weak = set(view.weakest)
        self.bars.set_rows([BarRow(f"{e.code}  {question(e.key).title(lang)}", e.nrr, nrr_text(e.nrr, lang),
                                   e.key in weak) for e in view.elements])
        names = [f"{question(k).code} {question(k).title(lang)}" for k in view.weakest]
        self.weakest_label.setText(tr("supervisor.survey.weakest", names="; ".join(names)) if names
                                   else tr("supervisor.survey.no_weakest"))
        self._fill_services(view, lang)
        self._fill_comments(view)

    def _size_services(self, rows: int) -> None:
        """The table as tall as its rows (at most :data:`SERVICE_ROWS`; it scrolls past that)."""
        header = self.services_table.horizontalHeader().sizeHint().height()
        self.services_table.setFixedHeight(header + ROW_PX * max(1, min(rows, SERVICE_ROWS)) + 4)

    def _fill_services(self, view: SurveyView, lang: str) -> None:
        table = self.services_table
        table.setRowCount(len(view.services))
        self._size_services(len(view.services))
        for r, service in enumerate(view.services):
            cells = (f"{service.code} – {service.name(lang)}", number(service.respondents, lang),
                     index_text(service.index, lang), service.grade or "–")
            for c, text in enumerate(cells):
                item = table.item(r, c)
                if item is None:
                    item = QTableWidgetItem()
                    table.setItem(r, c, item)
                item.setText(text)
                item.setToolTip(text if c == 0 else "")
                align = Qt.AlignmentFlag.AlignLeft if c == 0 else (
                    Qt.AlignmentFlag.AlignCenter if c == 3 else Qt.AlignmentFlag.AlignRight)
                item.setTextAlignment(align | Qt.AlignmentFlag.AlignVCenter)

    def _fill_comments(self, view: SurveyView) -> None:
        self.comments_list.clear()
        if not view.comments:
            item = QListWidgetItem(tr("supervisor.survey.no_comments"))
            item.setForeground(Qt.GlobalColor.gray)
            self.comments_list.addItem(item)
            return
        for text in view.comments:
            self.comments_list.addItem(QListWidgetItem(f"“{text}”"))

    def _failed(self, text: str) -> None:
        if self._shut:
            return
        self._error = text
        self._show_status()
        self._mark_ready()

    def _show_status(self) -> None:
        if self._error:
            show_status(self.status, tr("supervisor.survey.read_failed", error=self._error), "error")
        elif self.view is None:
            show_status(self.status, tr("supervisor.survey.loading"), "info")
        else:
            lang = translator().language
            period = self.view.period
            show_status(self.status, tr("supervisor.survey.shown", period=period.title(lang),
                                        first=date_text(period.first, lang), last=date_text(period.last, lang)), "info")

    def _mark_ready(self) -> None:
        if not self._ready:
            self._ready = True
            QTimer.singleShot(0, self.ready.emit)

    # -- the plan ---------------------------------------------------------------------------------
    def save_plan(self, text: str) -> None:
        """Store ``text`` as the follow-up plan of the period shown (on the page's runner)."""
        if self.view is None or self._shut:
            return
        db, actor, period = self.backend.db, self.actor, self.view.period

        def done(stored: str) -> None:
            if self._shut:
                return
            log.info("survey plan saved for %s..%s", period.first, period.last,
                     extra={"event": "survey_plan_saved", "first": period.first.isoformat()})
            if self.view is not None and self.view.period == period:
                self.plan.saved(stored)
            self.plan_saved.emit()
            self.reader.request_now()

        def failed(error: BaseException) -> None:
            if not self._shut:
                log.warning("survey plan not saved: %s", error)
                self.plan.say("supervisor.survey.plan.failed", "error", reason=error_text(error))

        self.runner.run(lambda: save_plan(db, actor, period, text), done, failed)

    def shutdown(self) -> None:
        """Stop reading (the window is going away); work already queued is dropped."""
        if self._shut:
            return
        self._shut = True
        leave_live(self.backend, self.reader, self._on_changes)
        stop_retranslating(self)
