"""The audit page: who did what and when, filtered, newest first, exportable as CSV.

The log is append-only in the database (``db.audit``); this page only reads it, through
a :class:`ui.reader.SnapshotReader` (re-read when the change feed reports a commit, so a
supervisor's action appears here at once). Filters: from–to date (the site's days),
officer, action and a text found in the target. "Ekspor CSV" writes what the table shows
(``db.audit.to_csv``) to a file chosen in a dialog.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db import audit, queue
from db.audit import AuditRecord
from db.clock import utcnow
from db.database import Database
from db.roles import Actor
from supervisor.page_common import ShownReadingPage, leave_live, show_status
from supervisor.texts import error_text
from ui.backend import Backend
from ui.i18n import register, retranslate_on_switch, stop_retranslating, tr
from ui.reader import SnapshotReader

log = logging.getLogger("antrian.supervisor.audit")

TEXTS: dict[str, dict[str, str]] = {
    "supervisor.audit.heading": {"id": "Log Audit", "en": "Audit Log"},
    "supervisor.audit.from": {"id": "Dari", "en": "From"},
    "supervisor.audit.to": {"id": "Sampai", "en": "To"},
    "supervisor.audit.officer": {"id": "Petugas", "en": "Officer"},
    "supervisor.audit.action": {"id": "Tindakan", "en": "Action"},
    "supervisor.audit.text": {"id": "Cari sasaran", "en": "Find target"},
    "supervisor.audit.text_hint": {"id": "mis. A-007, Loket 2, layanan B", "en": "e.g. A-007, counter 2, service B"},
    "supervisor.audit.all": {"id": "(semua)", "en": "(all)"},
    "supervisor.audit.apply": {"id": "Tampilkan", "en": "Show"},
    "supervisor.audit.export": {"id": "Ekspor CSV", "en": "Export CSV"},
    "supervisor.audit.export_title": {"id": "Simpan log audit sebagai CSV", "en": "Save the audit log as CSV"},
    "supervisor.audit.exported": {"id": "{n} entri disimpan ke {path}.", "en": "{n} entries saved to {path}."},
    "supervisor.audit.export_failed": {"id": "Berkas tidak dapat disimpan: {error}",
                                       "en": "The file could not be saved: {error}"},
    "supervisor.audit.count": {"id": "{n} entri", "en": "{n} entries"},
    "supervisor.audit.count_limited": {"id": "{n} entri terbaru (persempit penyaring untuk melihat yang lain)",
                                       "en": "the {n} newest entries (narrow the filter to see others)"},
    "supervisor.audit.loading": {"id": "Memuat log audit…", "en": "Loading the audit log…"},
    "supervisor.audit.col.at": {"id": "Waktu", "en": "Time"},
    "supervisor.audit.col.officer": {"id": "Petugas", "en": "Officer"},
    "supervisor.audit.col.action": {"id": "Tindakan", "en": "Action"},
    "supervisor.audit.col.target": {"id": "Sasaran", "en": "Target"},
    "supervisor.audit.col.before": {"id": "Sebelum", "en": "Before"},
    "supervisor.audit.col.after": {"id": "Sesudah", "en": "After"},
    # actions as recorded (db.roles, db.supervise, db.admin); an unknown one shows as stored
    "supervisor.audit.act.signed_in": {"id": "masuk konsol", "en": "signed in"},
    "supervisor.audit.act.signed_out": {"id": "keluar konsol", "en": "signed out"},
    "supervisor.audit.act.ticket_reactivated": {"id": "aktifkan kembali tiket", "en": "reactivate ticket"},
    "supervisor.audit.act.ticket_moved": {"id": "pindahkan tiket", "en": "move ticket"},
    "supervisor.audit.act.ticket_cancelled": {"id": "batalkan tiket", "en": "cancel ticket"},
    "supervisor.audit.act.ticket_priority": {"id": "ubah prioritas tiket", "en": "change ticket priority"},
    "supervisor.audit.act.counter_paused": {"id": "jeda loket", "en": "pause counter"},
    "supervisor.audit.act.counter_resumed": {"id": "lanjutkan loket", "en": "resume counter"},
    "supervisor.audit.act.officer_signed_out": {"id": "keluarkan petugas", "en": "sign officer out"},
    "supervisor.audit.act.service_open_today": {"id": "buka/tutup layanan hari ini", "en": "open/close service today"},
    "supervisor.audit.act.service_quota_today": {"id": "ubah kuota hari ini", "en": "change today's quota"},
    "supervisor.audit.act.notice_set": {"id": "ubah pengumuman", "en": "change notice"},
    "supervisor.audit.act.service_added": {"id": "tambah layanan", "en": "add service"},
    "supervisor.audit.act.service_changed": {"id": "ubah layanan", "en": "change service"},
    "supervisor.audit.act.counter_added": {"id": "tambah loket", "en": "add counter"},
    "supervisor.audit.act.counter_changed": {"id": "ubah loket", "en": "change counter"},
    "supervisor.audit.act.officer_added": {"id": "tambah petugas", "en": "add officer"},
    "supervisor.audit.act.officer_changed": {"id": "ubah petugas", "en": "change officer"},
    "supervisor.audit.act.password_reset": {"id": "atur ulang kata sandi", "en": "reset password"},
    "supervisor.audit.act.kiosk_pin_set": {"id": "atur PIN kios", "en": "set kiosk PIN"},
    "supervisor.audit.act.kiosk_pin_removed": {"id": "hapus PIN kios", "en": "remove kiosk PIN"},
    "supervisor.audit.act.settings_changed": {"id": "ubah pengaturan", "en": "change settings"},
    "supervisor.audit.act.site_applied": {"id": "terapkan berkas situs", "en": "apply site file"},
    "supervisor.audit.act.survey_plan_set": {"id": "ubah rencana tindak lanjut survei", "en": "change survey follow-up plan"},
    "supervisor.audit.act.booking_added": {"id": "tambah booking", "en": "add booking"},
    "supervisor.audit.act.booking_imported": {"id": "impor booking", "en": "import bookings"},
    "supervisor.audit.act.booking_cancelled": {"id": "batalkan booking", "en": "cancel booking"},
}
register(TEXTS)

LIMIT = 2000  # rows read at most; the filters narrow it
DEFAULT_DAYS = 7  # the first view: the last week
COLUMNS = ("at", "officer", "action", "target", "before", "after")


@dataclass(frozen=True)
class AuditFilter:
    """What the page asks for: site days ``since``..``until`` (both included) and the rest."""

    since: date | None = None
    until: date | None = None
    username: str = ""
    action: str = ""
    text: str = ""


@dataclass(frozen=True)
class AuditView:
    """One read: the rows, the site's zone (to show times) and the filter they answer."""

    rows: list[AuditRecord]
    zone: str
    query: AuditFilter
    limited: bool


def read_audit(db: Database, query: AuditFilter, limit: int = LIMIT) -> AuditView:
    """The entries matching ``query``, newest first (runs on the task runner's thread)."""
    with db.read() as s:
        settings = queue.read_settings(s)
    tz = settings.zone

    def start_of(day: date) -> datetime:
        return datetime.combine(day, time(), tz).astimezone(UTC)

    since = start_of(query.since) if query.since else None
    until = start_of(query.until + timedelta(days=1)) if query.until else None
    rows = audit.entries(db, since=since, until=until, username=query.username or None,
                         action=query.action or None, target=query.text.strip() or None, limit=limit)
    return AuditView(rows, settings.timezone, query, len(rows) >= limit)


def action_text(action: str) -> str:
    """An action as recorded (``signed_in``) in words (``masuk konsol``); as stored when unknown."""
    key = f"supervisor.audit.act.{action}"
    text = tr(key)
    return action if text == key else text


def value_text(value: Any) -> str:
    """A before/after value in one line: ``{"open": true}`` as ``open: true``."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return ", ".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in value.items())
    return json.dumps(value, ensure_ascii=False)


class _Query:
    """The filter the next read uses (a plain holder the worker reads, never a widget)."""

    def __init__(self, value: AuditFilter) -> None:
        self.value = value


class AuditPage(ShownReadingPage):
    """The audit log, newest first. ``ready`` once the first read is on screen."""

    READ_AT_ONCE_ON_SHOW = False
    ready = Signal()
    exported = Signal(str)  # the path written

    def __init__(self, backend: Backend, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditPage")
        self.backend = backend
        self.actor = actor
        self.view: AuditView | None = None
        self._ready = False
        self._shut = False
        self._message: tuple[str, dict[str, object], str] | None = None
        today = utcnow().date()  # replaced by the site's day once the first read names its zone
        self._query = _Query(AuditFilter(since=today - timedelta(days=DEFAULT_DAYS), until=today))
        self._officers: set[str] = set()
        self._actions: set[str] = set()
        self._build()
        self._set_dates(self._query.value)
        db, query = backend.db, self._query
        self.reader: SnapshotReader[AuditView] = SnapshotReader(
            backend.runner, lambda: read_audit(db, query.value), self, what="the audit log", log=log)
        self.reader.loaded.connect(self._show)
        self.reader.failed.connect(self._failed)
        backend.live.changed.connect(self._on_changes)
        backend.live.resync.connect(self.reader.request_now)
        retranslate_on_switch(self)
        self.reader.request_now()

    # -- building ---------------------------------------------------------------------------------
    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(16, 12, 16, 12)
        root.setSpacing(8)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        root.addWidget(self.heading)
        bar = QHBoxLayout()
        bar.setSpacing(8)
        self.from_label, self.to_label = QLabel(), QLabel()
        self.officer_label, self.action_label, self.text_label = QLabel(), QLabel(), QLabel()
        self.since_edit, self.until_edit = QDateEdit(), QDateEdit()
        for edit, name in ((self.since_edit, "sinceEdit"), (self.until_edit, "untilEdit")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd-MM-yyyy")
        self.officer_combo = QComboBox()
        self.officer_combo.setObjectName("officerCombo")
        self.officer_combo.setMinimumWidth(130)
        self.action_combo = QComboBox()
        self.action_combo.setObjectName("actionCombo")
        self.action_combo.setMinimumWidth(150)
        self.text_edit = QLineEdit()
        self.text_edit.setObjectName("textEdit")
        self.text_edit.setMaxLength(120)
        self.text_edit.returnPressed.connect(self.apply_filter)
        self.apply_button = QPushButton()
        self.apply_button.setObjectName("applyButton")
        self.apply_button.clicked.connect(lambda _c=False: self.apply_filter())
        self.export_button = QPushButton()
        self.export_button.setObjectName("exportButton")
        self.export_button.clicked.connect(lambda _c=False: self.export_csv())
        for label, widget in ((self.from_label, self.since_edit), (self.to_label, self.until_edit),
                              (self.officer_label, self.officer_combo), (self.action_label, self.action_combo),
                              (self.text_label, self.text_edit)):
            bar.addWidget(label)
            bar.addWidget(widget, 2 if widget is self.text_edit else 0)
        bar.addWidget(self.apply_button)
        bar.addStretch(0)
        bar.addWidget(self.export_button)
        root.addLayout(bar)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("auditTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for i in range(len(COLUMNS)):
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.setStyleSheet("QTableWidget { font-size: 11pt; }")
        root.addWidget(self.table, 1)
        self.status = QLabel()
        self.status.setObjectName("auditStatus")
        self.status.setWordWrap(True)
        root.addWidget(self.status)

    def translate_ui(self) -> None:
        """Every text in the current language."""
        self.heading.setText(tr("supervisor.audit.heading"))
        self.from_label.setText(tr("supervisor.audit.from"))
        self.to_label.setText(tr("supervisor.audit.to"))
        self.officer_label.setText(tr("supervisor.audit.officer"))
        self.action_label.setText(tr("supervisor.audit.action"))
        self.text_label.setText(tr("supervisor.audit.text"))
        self.text_edit.setPlaceholderText(tr("supervisor.audit.text_hint"))
        self.apply_button.setText(tr("supervisor.audit.apply"))
        self.export_button.setText(tr("supervisor.audit.export"))
        self.table.setHorizontalHeaderLabels([tr(f"supervisor.audit.col.{c}") for c in COLUMNS])
        self._fill_choices()
        if self.view is not None:
            self._fill_table(self.view)
        self._show_status()

    # -- filtering --------------------------------------------------------------------------------
    def current_filter(self) -> AuditFilter:
        """The filter the controls show now."""
        since, until = self.since_edit.date().toPython(), self.until_edit.date().toPython()
        assert isinstance(since, date) and isinstance(until, date)
        if until < since:
            since, until = until, since
        return AuditFilter(since=since, until=until, username=self.officer_combo.currentData() or "",
                           action=self.action_combo.currentData() or "", text=self.text_edit.text().strip())

    def apply_filter(self, query: AuditFilter | None = None) -> None:
        """Read again with ``query`` (default: what the controls show)."""
        query = query or self.current_filter()
        if query != self.current_filter():
            self._set_dates(query)
            self.text_edit.setText(query.text)
        self._query.value = query
        self._message = ("supervisor.audit.loading", {}, "info")
        self._show_status()
        self.reader.request_now()

    def _set_dates(self, query: AuditFilter) -> None:
        if query.since:
            self.since_edit.setDate(QDate(query.since.year, query.since.month, query.since.day))
        if query.until:
            self.until_edit.setDate(QDate(query.until.year, query.until.month, query.until.day))

    def _fill_choices(self) -> None:
        """The officer and action lists: "(semua)" and every name seen in the log so far."""
        for combo, names, chosen in ((self.officer_combo, self._officers, self._query.value.username),
                                     (self.action_combo, self._actions, self._query.value.action)):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(tr("supervisor.audit.all"), "")
            for name in sorted(names | ({chosen} if chosen else set())):
                combo.addItem(action_text(name) if combo is self.action_combo else name, name)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
            combo.blockSignals(False)

    # -- reading ----------------------------------------------------------------------------------
    def _on_changes(self, _changes: list[object]) -> None:
        """Re-read while shown; a hidden page (another tab) reads once it is shown again, so it
        never delays the floor's reads on the shared runner."""
        self.read_while_shown()

    def _show(self, view: AuditView) -> None:
        if self.view is None:
            # The first view covers the site's last week, by the site's calendar. The first read
            # went by the machine's (UTC) date, which before 07.00 WIB is still yesterday: read
            # again by the site's before showing anything.
            today = utcnow().astimezone(ZoneInfo(view.zone)).date()
            wanted = replace(view.query, since=today - timedelta(days=DEFAULT_DAYS), until=today)
            if wanted != view.query:
                self._query.value = wanted
                self._set_dates(wanted)
                self.reader.request_now()
                return
        self.view = view
        seen_officers = {r.username for r in view.rows}
        seen_actions = {r.action for r in view.rows}
        if not (seen_officers <= self._officers and seen_actions <= self._actions):
            self._officers |= seen_officers
            self._actions |= seen_actions
            self._fill_choices()
        self._fill_table(view)
        self._message = None
        self._show_status()
        if not self._ready:
            self._ready = True
            QTimer.singleShot(0, self.ready.emit)

    def _fill_table(self, view: AuditView) -> None:
        tz = ZoneInfo(view.zone)
        self.table.setUpdatesEnabled(False)
        try:
            self.table.setRowCount(len(view.rows))
            for i, r in enumerate(view.rows):
                local = r.at.astimezone(tz)
                cells = (local.strftime("%d-%m-%Y %H.%M.%S"), r.username, action_text(r.action), r.target,
                         value_text(r.before), value_text(r.after))
                for j, text in enumerate(cells):
                    item = self.table.item(i, j)
                    if item is None:
                        item = QTableWidgetItem()
                        self.table.setItem(i, j, item)
                    if item.text() != text:
                        item.setText(text)
                        item.setToolTip(text if j >= 3 else "")
        finally:
            self.table.setUpdatesEnabled(True)

    def _failed(self, text: str) -> None:
        self._message = ("supervisor.err.db", {"detail": text}, "error")
        self._show_status()

    def _show_status(self) -> None:
        if self._message is not None:
            key, values, level = self._message
            text = tr(key, **values)
        elif self.view is not None:
            key = "supervisor.audit.count_limited" if self.view.limited else "supervisor.audit.count"
            text, level = tr(key, n=len(self.view.rows)), "info"
        else:
            text, level = tr("supervisor.audit.loading"), "info"
        show_status(self.status, text, level)

    # -- export -----------------------------------------------------------------------------------
    def export_csv(self, path: str | None = None) -> None:
        """Write the rows shown to ``path`` (asked for in a dialog when not given)."""
        if self.view is None:
            return
        if path is None:
            default = f"audit-{utcnow().date().isoformat()}.csv"
            path, _filter = QFileDialog.getSaveFileName(self, tr("supervisor.audit.export_title"), default, "CSV (*.csv)")
            if not path:
                return
        rows = list(self.view.rows)
        target = Path(path)

        def write() -> int:
            target.write_text(audit.to_csv(rows), encoding="utf-8", newline="")
            return len(rows)

        def done(n: int) -> None:
            log.info("audit log exported to %s", target, extra={"event": "audit_exported", "rows": n})
            self._message = ("supervisor.audit.exported", {"n": n, "path": str(target)}, "ok")
            self._show_status()
            self.exported.emit(str(target))

        def failed(error: BaseException) -> None:
            log.warning("audit export to %s failed: %s", target, error)
            self._message = ("supervisor.audit.export_failed", {"error": error_text(error) if not isinstance(error, OSError)
                                                                else error.strerror or str(error)}, "error")
            self._show_status()

        self.backend.runner.run(write, done, failed)

    def shutdown(self) -> None:
        """Stop reading (the window is going away)."""
        if self._shut:
            return
        self._shut = True
        leave_live(self.backend, self.reader, self._on_changes)
        stop_retranslating(self)

