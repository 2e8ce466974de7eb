"""The "Laporan" tab: pick a report, a period and filters, see its tables, save it as PDF,
XLSX or CSV; for the IKM (quarter, semester, year or from–to) also its one-page poster
on A4 or A3.

The reports are the core's (``db.reports``, written by ``db.render``); this page only asks
for them. Every report read and every file written runs on the page's own task runner
(a year over a million tickets takes seconds, and the floor's reads on the console's
``backend.runner`` must not wait behind it): while one runs, a busy bar moves, the status line says what is being
done and the buttons wait. The preview is built the first time the tab is shown (the
month so far, by default) and again on "Tampilkan"; a report reads the past, so nothing
re-reads by itself. Saving reads the report afresh and shows what was saved.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.render.texts import text as report_text
from db.reports import Filters, ReportError
from db.roles import Actor
from supervisor.page_common import show_status
from supervisor.reports_data import (
    FORMATS,
    PAPERS,
    PERIOD_KINDS,
    REPORT_KINDS,
    Choices,
    Preview,
    ReportRequest,
    make_preview,
    period_of,
    preview_of,
    read_choices,
    report_error_text,
    save_poster,
    save_report,
    shifted,
)
from supervisor.reports_table import PreviewModel
from ui.backend import Backend
from ui.i18n import register, retranslate_on_switch, stop_retranslating, tr, translator
from ui.tasks import TaskRunner
from ui.theme import DANGER, MUTED

log = logging.getLogger("antrian.supervisor.reports")
T = TypeVar("T")

TEXTS: dict[str, dict[str, str]] = {
    "supervisor.tab.reports": {"id": "Laporan", "en": "Reports"},
    "supervisor.reports.heading": {"id": "Laporan Standar Pelayanan", "en": "Service Standard Reports"},
    "supervisor.reports.kind": {"id": "Laporan", "en": "Report"},
    "supervisor.reports.summary": {"id": "Ringkasan (semua laporan)", "en": "Summary (every report)"},
    "supervisor.reports.period": {"id": "Periode", "en": "Period"},
    "supervisor.reports.p.day": {"id": "Hari", "en": "Day"},
    "supervisor.reports.p.week": {"id": "Minggu", "en": "Week"},
    "supervisor.reports.p.month": {"id": "Bulan", "en": "Month"},
    "supervisor.reports.p.quarter": {"id": "Triwulan", "en": "Quarter"},
    "supervisor.reports.p.semester": {"id": "Semester", "en": "Half-year"},
    "supervisor.reports.p.year": {"id": "Tahun", "en": "Year"},
    "supervisor.reports.p.range": {"id": "Rentang tanggal", "en": "Date range"},
    "supervisor.reports.anchor.day": {"id": "Tanggal", "en": "Date"},
    "supervisor.reports.anchor.week": {"id": "Minggu dari", "en": "Week of"},
    "supervisor.reports.anchor.month": {"id": "Bulan", "en": "Month"},
    "supervisor.reports.anchor.quarter": {"id": "Bulan", "en": "Month"},  # the quarter holding it
    "supervisor.reports.anchor.semester": {"id": "Bulan", "en": "Month"},
    "supervisor.reports.anchor.year": {"id": "Tahun", "en": "Year"},
    "supervisor.reports.anchor.range": {"id": "Dari", "en": "From"},
    "supervisor.reports.until": {"id": "Sampai", "en": "To"},
    "supervisor.reports.previous": {"id": "Periode sebelumnya", "en": "Previous period"},
    "supervisor.reports.next": {"id": "Periode berikutnya", "en": "Next period"},
    "supervisor.reports.service": {"id": "Layanan", "en": "Service"},
    "supervisor.reports.counter": {"id": "Loket", "en": "Counter"},
    "supervisor.reports.officer": {"id": "Petugas", "en": "Officer"},
    "supervisor.reports.all_services": {"id": "(semua layanan)", "en": "(all services)"},
    "supervisor.reports.all_counters": {"id": "(semua loket)", "en": "(all counters)"},
    "supervisor.reports.all_officers": {"id": "(semua petugas)", "en": "(all officers)"},
    "supervisor.reports.show": {"id": "Tampilkan", "en": "Show"},
    "supervisor.reports.save_pdf": {"id": "Simpan PDF", "en": "Save PDF"},
    "supervisor.reports.save_xlsx": {"id": "Simpan XLSX", "en": "Save XLSX"},
    "supervisor.reports.save_csv": {"id": "Simpan CSV", "en": "Save CSV"},
    "supervisor.reports.save_title": {"id": "Simpan laporan sebagai {fmt}", "en": "Save the report as {fmt}"},
    "supervisor.reports.poster": {"id": "Poster {paper}", "en": "Poster {paper}"},
    "supervisor.reports.poster_tip": {"id": "Poster IKM satu halaman untuk diumumkan (PDF {paper})",
                                      "en": "One-page IKM poster to publish (PDF, {paper})"},
    "supervisor.reports.poster_title": {"id": "Simpan poster IKM {paper}", "en": "Save the IKM poster ({paper})"},
    "supervisor.reports.saving_poster": {"id": "Menyusun dan menyimpan poster IKM {paper}…",
                                         "en": "Making and saving the IKM poster ({paper})…"},
    "supervisor.reports.poster_saved": {"id": "Poster IKM disimpan ke {path}.", "en": "IKM poster saved to {path}."},
    "supervisor.reports.tables": {"id": "Tabel", "en": "Tables"},
    "supervisor.reports.subtitle": {"id": "Periode: {period}{filters} · dibuat {at}",
                                    "en": "Period: {period}{filters} · generated {at}"},
    "supervisor.reports.filtered": {"id": " · saringan: {filters}", "en": " · filter: {filters}"},
    "supervisor.reports.loading": {"id": "Memuat daftar layanan, loket dan petugas…",
                                   "en": "Loading the services, counters and officers…"},
    "supervisor.reports.making": {"id": "Menyusun laporan…", "en": "Making the report…"},
    "supervisor.reports.saving": {"id": "Menyusun dan menyimpan {fmt}…", "en": "Making and saving the {fmt}…"},
    "supervisor.reports.shown": {"id": "Laporan ditampilkan: {n} tabel.", "en": "Report shown: {n} tables."},
    "supervisor.reports.saved": {"id": "Laporan disimpan ke {path}.", "en": "Report saved to {path}."},
    "supervisor.reports.empty": {"id": "Belum ada laporan. Pilih laporan dan periode, lalu tekan \"Tampilkan\".",
                                 "en": "No report yet. Choose a report and a period, then press \"Show\"."},
}
register(TEXTS)

MAX_COLUMN = 220  # pixels: the widest a column gets (its cells' full text is in a tooltip)
_FORMATS_SHOWN = {"pdf": ("PDF", "PDF (*.pdf)"), "xlsx": ("XLSX", "Excel (*.xlsx)"), "csv": ("CSV", "CSV (*.csv)")}
_DATE_FORMATS = {"day": "dd-MM-yyyy", "week": "dd-MM-yyyy", "month": "MM-yyyy", "quarter": "MM-yyyy",
                 "semester": "MM-yyyy", "year": "yyyy", "range": "dd-MM-yyyy"}


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(edit: QDateEdit) -> date:
    value = edit.date().toPython()
    assert isinstance(value, date)
    return value


class ReportsPage(QWidget):
    """The reports tab for a supervisor or administrator.

    ``ready`` once the first preview (or its failure) is on screen; ``previewed`` after
    every preview shown; ``saved(path)`` after a file is written; ``failed(text)`` with the
    sentence shown when something could not be done.
    """

    ready = Signal()
    previewed = Signal()
    saved = Signal(str)
    failed = Signal(str)

    def __init__(self, backend: Backend, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportsPage")
        self.backend = backend
        self.runner = TaskRunner(self, synchronous=backend.runner.synchronous)
        self.actor = actor
        self.choices: Choices | None = None
        self.preview: Preview | None = None
        self.folder = Path.home()
        self._busy = 0
        self._ready = False
        self._shut = False
        self._wanted = False  # a preview is due once the choices are read
        self._status: tuple[str, str] = ("", "info")  # (text, level)
        self._status_source: Callable[[], str] | None = None  # re-writes the status after a language switch
        self.model = PreviewModel()
        self._build()
        retranslate_on_switch(self)
        self._load_choices()

    # -- building ---------------------------------------------------------------------------------
    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(16, 10, 16, 10)
        root.setSpacing(8)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        root.addWidget(self.heading)

        first = QHBoxLayout()
        first.setSpacing(8)
        self.kind_label, self.period_label, self.anchor_label, self.until_label = QLabel(), QLabel(), QLabel(), QLabel()
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("kindCombo")
        for kind in REPORT_KINDS:
            self.kind_combo.addItem("", kind)
        self.period_combo = QComboBox()
        self.period_combo.setObjectName("periodCombo")
        for kind in PERIOD_KINDS:
            self.period_combo.addItem("", kind)
        self.period_combo.setCurrentIndex(PERIOD_KINDS.index("month"))
        self.anchor_edit, self.until_edit = QDateEdit(), QDateEdit()
        for edit, name in ((self.anchor_edit, "anchorEdit"), (self.until_edit, "untilEdit")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd-MM-yyyy")
            edit.dateChanged.connect(lambda _d: self._show_period())
        self.previous_button, self.next_button = QPushButton("◀"), QPushButton("▶")
        for button, step in ((self.previous_button, -1), (self.next_button, 1)):
            button.setFixedWidth(36)
            button.clicked.connect(lambda _c=False, s=step: self.step_period(s))
        self.period_text = QLabel()
        self.period_text.setObjectName("periodText")
        self.period_text.setStyleSheet("font-size: 11pt; font-weight: bold;")
        self.period_combo.currentIndexChanged.connect(lambda _i: self._period_kind_changed())
        for label, widget in ((self.kind_label, self.kind_combo), (self.period_label, self.period_combo),
                              (self.anchor_label, self.anchor_edit), (self.until_label, self.until_edit)):
            first.addWidget(label)
            first.addWidget(widget)
        first.addWidget(self.previous_button)
        first.addWidget(self.next_button)
        first.addSpacing(6)
        first.addWidget(self.period_text, 1)
        self.poster_buttons: dict[str, QPushButton] = {}  # on the first row: the second one is full
        for paper in PAPERS:
            button = QPushButton()
            button.setObjectName(f"poster{paper}Button")
            button.clicked.connect(lambda _c=False, p=paper: self.save_poster(p))
            self.poster_buttons[paper] = button
            first.addWidget(button)
        self.kind_combo.currentIndexChanged.connect(lambda _i: self._show_poster_buttons())
        self._show_poster_buttons()
        root.addLayout(first)

        second = QHBoxLayout()
        second.setSpacing(8)
        self.service_label, self.counter_label, self.officer_label = QLabel(), QLabel(), QLabel()
        self.service_combo, self.counter_combo, self.officer_combo = QComboBox(), QComboBox(), QComboBox()
        for combo, name, width in ((self.service_combo, "serviceCombo", 220), (self.counter_combo, "counterCombo", 140),
                                   (self.officer_combo, "officerCombo", 180)):
            combo.setObjectName(name)
            combo.setMinimumWidth(width)
        for label, widget in ((self.service_label, self.service_combo), (self.counter_label, self.counter_combo),
                              (self.officer_label, self.officer_combo)):
            second.addWidget(label)
            second.addWidget(widget)
        second.addStretch(1)
        self.show_button = QPushButton()
        self.show_button.setObjectName("showButton")
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(lambda _c=False: self.show_report())
        second.addWidget(self.show_button)
        self.save_buttons: dict[str, QPushButton] = {}
        for fmt in FORMATS:
            button = QPushButton()
            button.setObjectName(f"save{fmt.capitalize()}Button")
            button.clicked.connect(lambda _c=False, f=fmt: self.save(f))
            self.save_buttons[fmt] = button
            second.addWidget(button)
        root.addLayout(second)

        self.title_label = QLabel()
        self.title_label.setObjectName("reportTitle")
        self.title_label.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.subtitle_label = QLabel()
        self.subtitle_label.setObjectName("reportSubtitle")
        self.subtitle_label.setStyleSheet(f"font-size: 10pt; color: {MUTED};")
        self.subtitle_label.setWordWrap(True)
        root.addWidget(self.title_label)
        root.addWidget(self.subtitle_label)

        body = QHBoxLayout()
        body.setSpacing(10)
        side = QVBoxLayout()
        side.setSpacing(4)
        self.tables_label = QLabel()
        self.tables_label.setStyleSheet(f"font-size: 10pt; color: {MUTED};")
        self.table_list = QListWidget()
        self.table_list.setObjectName("tableList")
        self.table_list.setFixedWidth(225)
        self.table_list.setWordWrap(True)
        self.table_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.table_list.setStyleSheet("QListWidget { font-size: 10.5pt; } QListWidget::item { padding: 5px 4px; }")
        self.table_list.currentRowChanged.connect(self._table_chosen)
        side.addWidget(self.tables_label)
        side.addWidget(self.table_list, 1)
        body.addLayout(side)
        self.table_view = QTableView()
        self.table_view.setObjectName("previewTable")
        self.table_view.setModel(self.model)
        self.table_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table_view.setAlternatingRowColors(True)
        self.table_view.setWordWrap(False)
        self.table_view.verticalHeader().setVisible(False)
        self.table_view.verticalHeader().setDefaultSectionSize(26)
        self.table_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table_view.horizontalHeader().setMaximumSectionSize(MAX_COLUMN)  # a long service name is cut
        self.table_view.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table_view.setStyleSheet("QTableView { font-size: 10pt; } QHeaderView::section { font-weight: bold; "
                                      "padding: 3px 4px; }")
        body.addWidget(self.table_view, 1)
        root.addLayout(body, 1)

        bottom = QHBoxLayout()
        bottom.setSpacing(10)
        self.busy_bar = QProgressBar()
        self.busy_bar.setObjectName("busyBar")
        self.busy_bar.setRange(0, 0)  # moving back and forth: how long is not known
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setFixedSize(160, 14)
        self.busy_bar.setVisible(False)
        self.status = QLabel()
        self.status.setObjectName("reportsStatus")
        self.status.setWordWrap(True)
        bottom.addWidget(self.busy_bar)
        bottom.addWidget(self.status, 1)
        root.addLayout(bottom)
        self._period_kind_changed()

    def translate_ui(self) -> None:
        """Every text in the current language (the preview is re-written when it is in the other one)."""
        self.heading.setText(tr("supervisor.reports.heading"))
        self.kind_label.setText(tr("supervisor.reports.kind"))
        lang = translator().language
        for i, kind in enumerate(REPORT_KINDS):
            self.kind_combo.setItemText(i, tr("supervisor.reports.summary") if kind == "summary"
                                        else report_text(kind, lang))
        self.period_label.setText(tr("supervisor.reports.period"))
        for i, kind in enumerate(PERIOD_KINDS):
            self.period_combo.setItemText(i, tr(f"supervisor.reports.p.{kind}"))
        self.anchor_label.setText(tr(f"supervisor.reports.anchor.{self.period_kind()}"))
        self.until_label.setText(tr("supervisor.reports.until"))
        self.previous_button.setToolTip(tr("supervisor.reports.previous"))
        self.next_button.setToolTip(tr("supervisor.reports.next"))
        self.service_label.setText(tr("supervisor.reports.service"))
        self.counter_label.setText(tr("supervisor.reports.counter"))
        self.officer_label.setText(tr("supervisor.reports.officer"))
        self.show_button.setText(tr("supervisor.reports.show"))
        for fmt, button in self.save_buttons.items():
            button.setText(tr(f"supervisor.reports.save_{fmt}"))
        for paper, button in self.poster_buttons.items():
            button.setText(tr("supervisor.reports.poster", paper=paper))
            button.setToolTip(tr("supervisor.reports.poster_tip", paper=paper))
        self.tables_label.setText(tr("supervisor.reports.tables"))
        self._fill_filters()
        self._show_period()
        if self.preview is not None and self.preview.language != lang:
            self._rewrite_preview(lang)
        self._show_status()

    # -- period and filters -----------------------------------------------------------------------
    def period_kind(self) -> str:
        """``day``, ``week``, ``month``, ``year`` or ``range``."""
        return str(self.period_combo.currentData() or "month")

    def set_period(self, kind: str, anchor: date, until: date | None = None) -> None:
        """Choose the period of ``kind`` holding ``anchor`` (for ``range``: ``anchor``..``until``)."""
        for edit in (self.anchor_edit, self.until_edit):
            edit.blockSignals(True)
        self.period_combo.setCurrentIndex(PERIOD_KINDS.index(kind))
        self.anchor_edit.setDate(_qdate(anchor))
        self.until_edit.setDate(_qdate(until or anchor))
        for edit in (self.anchor_edit, self.until_edit):
            edit.blockSignals(False)
        self._show_period()

    def step_period(self, steps: int) -> None:
        """Move to the period ``steps`` on (back when negative)."""
        kind = self.period_kind()
        anchor, until = shifted(kind, _pydate(self.anchor_edit), _pydate(self.until_edit), steps)
        self.set_period(kind, anchor, until)

    def _period_kind_changed(self) -> None:
        kind = self.period_kind()
        if kind == "range":
            # From the period shown before: a month becomes its first..last day.
            before = getattr(self, "_last_kind", "month")
            if before != "range":
                period = period_of(before, _pydate(self.anchor_edit))
                self.set_period("range", period.first, period.last)
        self._last_kind = kind
        self.anchor_edit.setDisplayFormat(_DATE_FORMATS[kind])
        self.until_label.setVisible(kind == "range")
        self.until_edit.setVisible(kind == "range")
        self.anchor_label.setText(tr(f"supervisor.reports.anchor.{kind}"))
        self._show_period()

    def _show_period(self) -> None:
        """The chosen period in words (or, for a backwards range, why it cannot be)."""
        try:
            period = period_of(self.period_kind(), _pydate(self.anchor_edit), _pydate(self.until_edit))
        except ReportError as e:
            self.period_text.setStyleSheet(f"font-size: 11pt; font-weight: bold; color: {DANGER};")
            self.period_text.setText(report_error_text(e))
            return
        self.period_text.setStyleSheet("font-size: 11pt; font-weight: bold;")
        self.period_text.setText(period.title(translator().language))

    def _fill_filters(self) -> None:
        """The filter lists: "(semua …)" and the site's services, counters and officers."""
        lang = translator().language
        services = self.choices.services if self.choices else []
        counters = self.choices.counters if self.choices else []
        officers = self.choices.officers if self.choices else []
        lists: list[tuple[QComboBox, str, list[tuple[str, object]]]] = [
            (self.service_combo, "all_services",
             [(f"{code} – {name_en if lang == 'en' else name_id}", code) for code, name_id, name_en in services]),
            (self.counter_combo, "all_counters", [(name or str(number), number) for number, name in counters]),
            (self.officer_combo, "all_officers", [(f"{name} ({user})", user) for user, name in officers]),
        ]
        for combo, all_key, items in lists:
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(tr(f"supervisor.reports.{all_key}"), None)
            for label, value in items:
                combo.addItem(label, value)
            combo.setCurrentIndex(max(0, combo.findData(chosen)) if chosen is not None else 0)
            combo.blockSignals(False)

    def set_filters(self, filters: Filters) -> None:
        """Choose ``filters`` in the lists (a value not listed leaves "(semua …)")."""
        for combo, value in ((self.service_combo, filters.service), (self.counter_combo, filters.counter),
                             (self.officer_combo, filters.officer)):
            combo.setCurrentIndex(0 if value is None else max(0, combo.findData(value)))

    def set_kind(self, kind: str) -> None:
        """Choose the report ``kind`` (a key of ``db.reports.KINDS``)."""
        self.kind_combo.setCurrentIndex(REPORT_KINDS.index(kind))

    def current_request(self) -> ReportRequest:
        """The report the controls ask for; :class:`ReportError` when the period runs backwards."""
        period = period_of(self.period_kind(), _pydate(self.anchor_edit), _pydate(self.until_edit))
        filters = Filters(self.service_combo.currentData(), self.counter_combo.currentData(),
                          self.officer_combo.currentData())
        return ReportRequest(str(self.kind_combo.currentData()), period, filters)

    # -- running ----------------------------------------------------------------------------------
    def _run(self, fn: Callable[[], T], done: Callable[[T], object], status: Callable[[], str],
             on_error: Callable[[BaseException], object]) -> None:
        """Run ``fn`` on the runner with the busy bar moving and the buttons waiting."""
        self._busy += 1
        self._set_status(status, "info")
        self._update_busy()

        def finished(result: T) -> None:
            self._busy -= 1
            self._update_busy()
            done(result)

        def went_wrong(error: BaseException) -> None:
            self._busy -= 1
            self._update_busy()
            on_error(error)

        self.runner.run(fn, finished, went_wrong)

    def busy(self) -> bool:
        """Whether a report is being read or saved."""
        return self._busy > 0

    def _update_busy(self) -> None:
        busy = self._busy > 0
        self.busy_bar.setVisible(busy)
        for button in (self.show_button, *self.save_buttons.values(), *self.poster_buttons.values()):
            button.setEnabled(not busy)

    def _load_choices(self) -> None:
        db = self.backend.db
        self._run(lambda: read_choices(db), self._got_choices, lambda: tr("supervisor.reports.loading"),
                  lambda e: self._fail(e, None))

    def _got_choices(self, choices: Choices) -> None:
        self.choices = choices
        self._fill_filters()
        self.set_period(self.period_kind(), choices.today)
        if self._wanted or self.isVisible():
            self._wanted = False
            self.show_report()
        else:
            self._set_status(lambda: tr("supervisor.reports.empty"), "info")

    def showEvent(self, event: QShowEvent) -> None:
        """The first time the tab is shown: the default report (this month so far)."""
        super().showEvent(event)
        if self.preview is None and not self.busy():
            self.show_report()

    def show_report(self) -> None:
        """Read the report the controls ask for and show it."""
        if self._shut:
            return
        if self.choices is None:  # the lists are not read yet (or failed): read them, then this
            self._wanted = True
            if not self.busy():
                self._load_choices()
            return
        try:
            request = self.current_request()
        except ReportError as e:
            self._fail(e, None)
            return
        db, lang = self.backend.db, translator().language
        self._run(lambda: make_preview(db, request, lang), self._show_preview,
                  lambda: tr("supervisor.reports.making"), lambda e: self._fail(e, None))

    def save(self, fmt: str, path: str | None = None) -> None:
        """Save the report the controls ask for as ``fmt`` to ``path`` (asked for in a dialog
        when not given)."""
        if self._shut or self.busy():
            return
        try:
            request = self.current_request()
        except ReportError as e:
            self._fail(e, None)
            return
        shown, pattern = _FORMATS_SHOWN[fmt]
        if path is None:
            path, _chosen = QFileDialog.getSaveFileName(self, tr("supervisor.reports.save_title", fmt=shown),
                                                        str(self.folder / request.file_name(fmt)), pattern)
            if not path:
                return
        target = Path(path)
        if target.suffix.lower() != f".{fmt}":
            target = target.with_name(f"{target.name}.{fmt}")
        self.folder = target.parent
        db, lang = self.backend.db, translator().language

        def written(preview: Preview) -> None:
            log.info("report %s saved to %s", request.kind, target,
                     extra={"event": "report_saved", "kind": request.kind, "format": fmt})
            self._show_preview(preview)
            self.saved.emit(str(target))

        self._run(lambda: save_report(db, request, fmt, target, lang), written,
                  lambda: tr("supervisor.reports.saving", fmt=shown), lambda e: self._fail(e, target))

    def _show_poster_buttons(self) -> None:
        """The poster buttons only beside the IKM report."""
        for button in self.poster_buttons.values():
            button.setVisible(self.kind_combo.currentData() == "ikm")

    def save_poster(self, paper: str, path: str | None = None) -> None:
        """Save the IKM poster of the period (and filters) chosen on ``paper`` (A4 or A3) to
        ``path`` (asked for in a dialog when not given)."""
        if self._shut or self.busy():
            return
        try:
            request = self.current_request()
        except ReportError as e:
            self._fail(e, None)
            return
        if path is None:
            path, _chosen = QFileDialog.getSaveFileName(self, tr("supervisor.reports.poster_title", paper=paper),
                                                        str(self.folder / request.poster_name(paper)), "PDF (*.pdf)")
            if not path:
                return
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(f"{target.name}.pdf")
        self.folder = target.parent
        db, lang = self.backend.db, translator().language

        def written(preview: Preview) -> None:
            log.info("IKM poster saved to %s", target, extra={"event": "poster_saved", "paper": paper})
            self._show_preview(preview)
            self._set_status(lambda: tr("supervisor.reports.poster_saved", path=str(target)), "ok")
            self.saved.emit(str(target))

        self._run(lambda: save_poster(db, request, paper, target, lang), written,
                  lambda: tr("supervisor.reports.saving_poster", paper=paper), lambda e: self._fail(e, target))

    def _rewrite_preview(self, language: str) -> None:
        """The preview shown, written again in ``language`` (no database read)."""
        preview = self.preview
        assert preview is not None
        self.runner.run(lambda: preview_of(preview.request, preview.report, language, preview.saved_to),
                                self._rewritten)

    def _rewritten(self, preview: Preview) -> None:
        if not self._shut and self.preview is not None and preview.report is self.preview.report:
            self._fill_preview(preview)

    # -- showing ----------------------------------------------------------------------------------
    def _show_preview(self, preview: Preview) -> None:
        if self._shut:
            return
        self._fill_preview(preview)
        saved_to = preview.saved_to
        if saved_to is not None:
            self._set_status(lambda: tr("supervisor.reports.saved", path=str(saved_to)), "ok")
        else:
            count = len(preview.tables)
            self._set_status(lambda: tr("supervisor.reports.shown", n=count), "info")
        self.previewed.emit()
        self._mark_ready()

    def _fill_preview(self, preview: Preview) -> None:
        if preview.language != translator().language:  # switched meanwhile: write it again
            self.preview = preview
            self._rewrite_preview(translator().language)
            return
        keep = self.table_list.currentRow()
        old = self.preview
        same_tables = old is not None and [t.key for t in old.tables] == [t.key for t in preview.tables]
        self.preview = preview
        self.title_label.setText(preview.title)
        filters = tr("supervisor.reports.filtered", filters=preview.filter_text) if preview.filter_text else ""
        self.subtitle_label.setText(tr("supervisor.reports.subtitle", period=preview.period_text, filters=filters,
                                       at=preview.generated_text))
        self.table_list.blockSignals(True)
        self.table_list.clear()
        for t in preview.tables:
            self.table_list.addItem(t.title)
        self.table_list.blockSignals(False)
        row = keep if same_tables and 0 <= keep < len(preview.tables) else 0
        self.table_list.setCurrentRow(row)
        self._table_chosen(row)

    def _table_chosen(self, row: int) -> None:
        tables = self.preview.tables if self.preview is not None else []
        self.model.set_table(tables[row] if 0 <= row < len(tables) else None)

    def shown_table(self) -> list[list[str]]:
        """The cells of the table shown now, as the screen writes them (for tests and copying)."""
        m = self.model
        return [[str(m.data(m.index(r, c))) for c in range(m.columnCount())] for r in range(m.rowCount())]

    def _fail(self, error: BaseException, path: Path | None) -> None:
        if self._shut:
            return
        log.warning("report failed: %s", error)
        self._wanted = False
        self._set_status(lambda: report_error_text(error, path), "error")
        self.failed.emit(self.status.text())
        self._mark_ready()

    def _mark_ready(self) -> None:
        if not self._ready:
            self._ready = True
            QTimer.singleShot(0, self.ready.emit)

    def _set_status(self, source: Callable[[], str], level: str) -> None:
        self._status_source = source
        self._status = (source(), level)
        self._show_status()

    def _show_status(self) -> None:
        if self._status_source is not None:
            self._status = (self._status_source(), self._status[1])
        text, level = self._status
        show_status(self.status, text, level)

    def shutdown(self) -> None:
        """Stop showing results (the window is going away); work already queued is dropped."""
        if self._shut:
            return
        self._shut = True
        stop_retranslating(self)
