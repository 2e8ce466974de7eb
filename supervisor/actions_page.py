"""The console's "Tindakan" page: find a ticket and steer it, a counter, a service today, the notice.

Every action is one ``db.supervise`` call run through the backend's
:class:`ui.tasks.TaskRunner` (never SQL on the UI thread), as the signed-in
:class:`db.roles.Actor`; the core checks the role and refuses what does not apply, and
the page shows its reason. The lists of services and counters come from the floor
(``db.floor``), re-read through a :class:`ui.reader.SnapshotReader` whenever the change
feed reports a commit.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db import floor, supervise
from db.errors import AntrianError
from db.floor import Floor, ServiceFloor
from db.records import TicketInfo, TicketStatus
from db.roles import Actor
from supervisor import actions_texts  # noqa: F401 - registers the page's texts
from ui.backend import Backend
from ui.i18n import retranslate_on_switch, tr, translator
from ui.reader import SnapshotReader
from ui.theme import DANGER, OK

log = logging.getLogger("antrian.supervisor.actions")

R = TypeVar("R")

COLUMNS = ("number", "service", "status", "counter", "priority")
QUOTA_MAX = 100_000


class ActionsPage(QWidget):
    """Find a ticket and reactivate, move, cancel or prioritise it; pause, resume or free a
    counter; open or close a service now and set today's quota; the notice of the day."""

    #: After each action: its name and whether the core accepted it (tests, the log).
    acted = Signal(str, bool)

    def __init__(self, backend: Backend, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.actor = actor
        self.tickets: list[TicketInfo] = []
        self.floor: Floor | None = None
        self.message_key: tuple[str, dict[str, Any]] | None = None
        self.busy = False
        self._build()
        db = backend.db
        self.reader: SnapshotReader[Floor] = SnapshotReader(backend.runner, lambda: floor.floor(db), self,
                                                            what="the floor", log=log)
        self.reader.loaded.connect(self._show_floor)
        backend.live.changed.connect(self._changed)
        backend.live.resync.connect(self.reader.request_now)
        retranslate_on_switch(self)
        self.reader.request_now()

    # -- building ---------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_find(), 3)
        row = QHBoxLayout()
        row.addWidget(self._build_counters(), 1)
        row.addWidget(self._build_services(), 1)
        layout.addLayout(row)
        layout.addWidget(self._build_notice())
        self.status = QLabel(self)
        self.status.setObjectName("actionStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

    def _build_find(self) -> QGroupBox:
        self.find_box = QGroupBox(self)
        self.find_text = QLineEdit(self.find_box)
        self.find_text.returnPressed.connect(self.find_ticket)
        self.find_button = QPushButton(self.find_box)
        self.find_button.clicked.connect(self.find_ticket)
        self.table = QTableWidget(0, len(COLUMNS), self.find_box)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.reactivate_button = QPushButton(self.find_box)
        self.reactivate_button.clicked.connect(self.reactivate)
        self.move_button = QPushButton(self.find_box)
        self.move_button.clicked.connect(self.move_ticket)
        self.move_to = QComboBox(self.find_box)
        self.cancel_button = QPushButton(self.find_box)
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_reason = QLineEdit(self.find_box)
        self.priority_button = QPushButton(self.find_box)
        self.priority_button.clicked.connect(self.toggle_priority)
        grid = QGridLayout(self.find_box)
        grid.addWidget(self.find_text, 0, 0, 1, 3)
        grid.addWidget(self.find_button, 0, 3)
        grid.addWidget(self.table, 1, 0, 1, 4)
        grid.addWidget(self.reactivate_button, 2, 0)
        grid.addWidget(self.priority_button, 2, 1)
        grid.addWidget(self.move_button, 2, 2)
        grid.addWidget(self.move_to, 2, 3)
        grid.addWidget(self.cancel_button, 3, 0)
        grid.addWidget(self.cancel_reason, 3, 1, 1, 3)
        self._selection_changed()
        return self.find_box

    def _build_counters(self) -> QGroupBox:
        self.counter_box = QGroupBox(self)
        self.counter = QComboBox(self.counter_box)
        self.pause_reason = QLineEdit(self.counter_box)
        self.pause_button = QPushButton(self.counter_box)
        self.pause_button.clicked.connect(self.pause)
        self.resume_button = QPushButton(self.counter_box)
        self.resume_button.clicked.connect(self.resume)
        self.sign_out_button = QPushButton(self.counter_box)
        self.sign_out_button.clicked.connect(self.sign_out)
        grid = QGridLayout(self.counter_box)
        grid.addWidget(self.counter, 0, 0, 1, 3)
        grid.addWidget(self.pause_reason, 1, 0, 1, 2)
        grid.addWidget(self.pause_button, 1, 2)
        grid.addWidget(self.resume_button, 2, 0)
        grid.addWidget(self.sign_out_button, 2, 1, 1, 2)
        return self.counter_box

    def _build_services(self) -> QGroupBox:
        self.service_box = QGroupBox(self)
        self.service = QComboBox(self.service_box)
        self.open_button = QPushButton(self.service_box)
        self.open_button.clicked.connect(lambda: self.set_open(True))
        self.close_button = QPushButton(self.service_box)
        self.close_button.clicked.connect(lambda: self.set_open(False))
        self.hours_button = QPushButton(self.service_box)
        self.hours_button.clicked.connect(lambda: self.set_open(None))
        self.quota_label = QLabel(self.service_box)
        self.quota = QSpinBox(self.service_box)
        self.quota.setRange(1, QUOTA_MAX)
        self.quota_button = QPushButton(self.service_box)
        self.quota_button.clicked.connect(lambda: self.set_quota(self.quota.value()))
        self.own_quota_button = QPushButton(self.service_box)
        self.own_quota_button.clicked.connect(lambda: self.set_quota(None))
        grid = QGridLayout(self.service_box)
        grid.addWidget(self.service, 0, 0, 1, 3)
        grid.addWidget(self.open_button, 1, 0)
        grid.addWidget(self.close_button, 1, 1)
        grid.addWidget(self.hours_button, 1, 2)
        grid.addWidget(self.quota_label, 2, 0)
        grid.addWidget(self.quota, 2, 1)
        grid.addWidget(self.quota_button, 2, 2)
        grid.addWidget(self.own_quota_button, 3, 2)
        return self.service_box

    def _build_notice(self) -> QGroupBox:
        self.notice_box = QGroupBox(self)
        self.notice_id = QLineEdit(self.notice_box)
        self.notice_id.setMaxLength(300)
        self.notice_en = QLineEdit(self.notice_box)
        self.notice_en.setMaxLength(300)
        self.notice_button = QPushButton(self.notice_box)
        self.notice_button.clicked.connect(self.set_notice)
        self.notice_clear = QPushButton(self.notice_box)
        self.notice_clear.clicked.connect(self.clear_notice)
        grid = QGridLayout(self.notice_box)
        grid.addWidget(self.notice_id, 0, 0)
        grid.addWidget(self.notice_button, 0, 1)
        grid.addWidget(self.notice_en, 1, 0)
        grid.addWidget(self.notice_clear, 1, 1)
        return self.notice_box

    # -- texts ------------------------------------------------------------------------------------
    def translate_ui(self) -> None:
        """Every text in the current language (from the state the page keeps)."""
        self.find_box.setTitle(tr("supervisor.actions.find_heading"))
        self.find_text.setPlaceholderText(tr("supervisor.actions.find_hint"))
        self.find_button.setText(tr("supervisor.actions.find"))
        self.table.setHorizontalHeaderLabels([tr(f"supervisor.actions.col_{c}") for c in COLUMNS])
        self.reactivate_button.setText(tr("supervisor.actions.reactivate"))
        self.move_button.setText(tr("supervisor.actions.move"))
        self.cancel_button.setText(tr("supervisor.actions.cancel"))
        self.cancel_reason.setPlaceholderText(tr("supervisor.actions.reason_hint"))
        self.counter_box.setTitle(tr("supervisor.actions.counter_heading"))
        self.pause_reason.setPlaceholderText(tr("supervisor.actions.pause_hint"))
        self.pause_button.setText(tr("supervisor.actions.pause"))
        self.resume_button.setText(tr("supervisor.actions.resume"))
        self.sign_out_button.setText(tr("supervisor.actions.sign_out"))
        self.service_box.setTitle(tr("supervisor.actions.service_heading"))
        self.open_button.setText(tr("supervisor.actions.open_now"))
        self.close_button.setText(tr("supervisor.actions.close_now"))
        self.hours_button.setText(tr("supervisor.actions.by_hours"))
        self.quota_label.setText(tr("supervisor.actions.quota"))
        self.quota_button.setText(tr("supervisor.actions.set_quota"))
        self.own_quota_button.setText(tr("supervisor.actions.own_quota"))
        self.notice_box.setTitle(tr("supervisor.actions.notice_heading"))
        self.notice_id.setPlaceholderText(tr("supervisor.actions.notice_id"))
        self.notice_en.setPlaceholderText(tr("supervisor.actions.notice_en"))
        self.notice_button.setText(tr("supervisor.actions.notice_set"))
        self.notice_clear.setText(tr("supervisor.actions.notice_clear"))
        self._fill_tickets()
        self._fill_choices()
        self._show_message()

    # -- the floor's lists ------------------------------------------------------------------------
    def _changed(self, _changes: list[object]) -> None:
        self.reader.request()

    def _show_floor(self, value: Floor) -> None:
        self.floor = value
        self._fill_choices()

    def _fill_choices(self) -> None:
        """The services (move to, services today) and counters, keeping what is chosen."""
        if self.floor is None:
            return
        english = translator().language == "en"
        services = [(f"{v.code} — {v.name_en if english else v.name_id}", v.code) for v in self.floor.services]
        counters = [(tr("supervisor.actions.counter_item", number=c.number,
                        officer=c.officer or tr("supervisor.actions.nobody")), c.number) for c in self.floor.counters]
        for combo, items in ((self.move_to, services), (self.service, services), (self.counter, counters)):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for text, data in items:
                combo.addItem(text, data)
            at = combo.findData(chosen)
            combo.setCurrentIndex(at if at >= 0 else 0)
            combo.blockSignals(False)
        code = self.service.currentData()
        svc = next((v for v in self.floor.services if v.code == code), None)
        if svc is not None and svc.quota is not None:
            self.quota.setValue(max(svc.quota, 1))

    # -- tickets ----------------------------------------------------------------------------------
    def find_ticket(self) -> None:
        """Find today's tickets with the number typed."""
        text = self.find_text.text()
        db, actor = self.backend.db, self.actor

        def found(rows: list[TicketInfo]) -> None:
            self.tickets = rows
            self._fill_tickets()
            key = "supervisor.actions.found" if rows else "supervisor.actions.found_none"
            self._say(key, count=len(rows), text=text.strip())

        self._run("find", lambda: supervise.find_tickets(db, actor, text), found)

    def _fill_tickets(self) -> None:
        english = translator().language == "en"
        chosen = self.selected()
        self.table.setRowCount(len(self.tickets))
        for row, t in enumerate(self.tickets):
            values = (t.label, t.service_name_en if english else t.service_name_id,
                      tr(f"supervisor.actions.status.{t.status}"), "" if t.counter_number is None else str(t.counter_number),
                      tr("supervisor.actions.yes" if t.priority else "supervisor.actions.no"))
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, t.id)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        if chosen is not None:
            for row, t in enumerate(self.tickets):
                if t.id == chosen.id:
                    self.table.selectRow(row)
        self._selection_changed()

    def selected(self) -> TicketInfo | None:
        """The ticket chosen in the list, if any."""
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.tickets):
            return None
        return self.tickets[rows[0].row()]

    def _selection_changed(self) -> None:
        t = self.selected()
        for button in (self.reactivate_button, self.move_button, self.cancel_button, self.priority_button):
            button.setEnabled(t is not None and not self.busy)
        self.priority_button.setText(tr("supervisor.actions.priority_off" if t is not None and t.priority
                                        else "supervisor.actions.priority_on"))

    def _ticket_action(self, name: str, fn: Callable[[Any, Actor, int], TicketInfo]) -> None:
        t = self.selected()
        if t is None:
            return
        db, actor, ticket_id = self.backend.db, self.actor, t.id

        def done(result: TicketInfo) -> None:
            if result.id == ticket_id:
                self.tickets = [result if x.id == ticket_id else x for x in self.tickets]
            else:  # moved: the old ticket was closed as transferred; the new one joins the list
                self.tickets = [replace(x, status=TicketStatus.TRANSFERRED) if x.id == ticket_id else x
                                for x in self.tickets] + [result]
            self._fill_tickets()
            self._say("supervisor.actions.done", what=f"{tr('supervisor.actions.' + name)} {result.label}")

        self._run(name, lambda: fn(db, actor, ticket_id), done)

    def reactivate(self) -> None:
        """Bring the chosen no-show or cancelled ticket back into its queue."""
        self._ticket_action("reactivate", supervise.reactivate)

    def move_ticket(self) -> None:
        """Move the chosen waiting ticket to the service picked beside the button."""
        code = self.move_to.currentData()
        self._ticket_action("move", lambda db, actor, tid: supervise.move(db, actor, tid, code))

    def cancel(self) -> None:
        """Cancel the chosen ticket, with the reason typed (if any)."""
        reason = self.cancel_reason.text()
        self._ticket_action("cancel", lambda db, actor, tid: supervise.cancel(db, actor, tid, reason))

    def toggle_priority(self) -> None:
        """Make the chosen waiting ticket priority, or ordinary again."""
        t = self.selected()
        wanted = not (t is not None and t.priority)
        name = "priority_on" if wanted else "priority_off"
        self._ticket_action(name, lambda db, actor, tid: supervise.set_priority(db, actor, tid, wanted))

    # -- counters, services, notice ---------------------------------------------------------------
    def _simple(self, name: str, fn: Callable[[], None], what: str, after: Callable[[], None] | None = None) -> None:
        def done(_none: None) -> None:
            if after is not None:
                after()
            self._say("supervisor.actions.done", what=what)

        self._run(name, fn, done)

    def _now_seen(self, code: str, **changes: object) -> None:
        """This page's own change, kept in the floor it shows until the feed's re-read brings it."""
        if self.floor is not None:
            services = tuple(replace(v, **changes) if v.code == code else v for v in self.floor.services)  # type: ignore[arg-type]
            self.floor = replace(self.floor, services=services)
        self.reader.request()

    def pause(self) -> None:
        """Pause the chosen counter with the reason typed."""
        db, actor, number, reason = self.backend.db, self.actor, self.counter.currentData(), self.pause_reason.text()
        self._simple("pause", lambda: supervise.pause_counter(db, actor, number, reason),
                     f"{tr('supervisor.actions.pause')} {self.counter.currentText()}")

    def resume(self) -> None:
        """Resume the chosen counter."""
        db, actor, number = self.backend.db, self.actor, self.counter.currentData()
        self._simple("resume", lambda: supervise.resume_counter(db, actor, number),
                     f"{tr('supervisor.actions.resume')} {self.counter.currentText()}")

    def sign_out(self) -> None:
        """Sign out the officer at the chosen counter."""
        db, actor, number = self.backend.db, self.actor, self.counter.currentData()
        self._simple("sign_out", lambda: supervise.sign_officer_out(db, actor, number),
                     f"{tr('supervisor.actions.sign_out')} {self.counter.currentText()}")

    def _seen(self, code: str) -> ServiceFloor | None:
        """The service as the floor last read showed it (what this supervisor decided on)."""
        return next((v for v in self.floor.services if v.code == code), None) if self.floor else None

    def set_open(self, open_now: bool | None) -> None:
        """Open or close the chosen service for today (``None``: its hours decide); refused
        as a conflict if another supervisor changed it since the floor was read."""
        db, actor, code = self.backend.db, self.actor, self.service.currentData()
        seen = self._seen(code)
        expected = seen.open_override if seen is not None else supervise.UNSET
        key = {True: "open_now", False: "close_now", None: "by_hours"}[open_now]
        self._simple(key, lambda: supervise.set_service_open(db, actor, code, open_now, expected=expected),
                     f"{tr('supervisor.actions.' + key)} {self.service.currentText()}",
                     lambda: self._now_seen(code, open_override=open_now))

    def set_quota(self, quota: int | None) -> None:
        """Today's quota of the chosen service (``None``: its own), with the same conflict check."""
        db, actor, code = self.backend.db, self.actor, self.service.currentData()
        seen = self._seen(code)
        expected = seen.quota_override if seen is not None else supervise.UNSET
        what = f"{tr('supervisor.actions.quota')} {self.service.currentText()}: " + (
            str(quota) if quota is not None else tr("supervisor.actions.own_quota"))
        self._simple("quota", lambda: supervise.set_today_quota(db, actor, code, quota, expected=expected), what,
                     lambda: self._now_seen(code, quota_override=quota))

    def set_notice(self) -> None:
        """Show the texts typed on the kiosk and the display, today only."""
        db, actor, text_id, text_en = self.backend.db, self.actor, self.notice_id.text(), self.notice_en.text()
        self._simple("notice", lambda: supervise.set_notice(db, actor, text_id, text_en), text_id.strip())

    def clear_notice(self) -> None:
        """Take today's notice down."""
        db, actor = self.backend.db, self.actor
        self._simple("notice_clear", lambda: supervise.set_notice(db, actor, ""), tr("supervisor.actions.notice_clear"))

    # -- running ----------------------------------------------------------------------------------
    def _run(self, name: str, fn: Callable[[], R], on_done: Callable[[R], None]) -> None:
        """One core call on the worker; its outcome (or refusal) shown on the UI thread."""
        if self.busy:
            return
        self.busy = True
        self._selection_changed()

        def done(result: R) -> None:
            self.busy = False
            on_done(result)
            self._selection_changed()
            self.acted.emit(name, True)
            log.info("%s done", name, extra={"event": "supervisor_action", "action": name})

        def failed(error: BaseException) -> None:
            self.busy = False
            reason = str(error).strip() or type(error).__name__
            self._say("supervisor.actions.refused" if isinstance(error, AntrianError) else "supervisor.actions.failed",
                      reason=reason[:1].upper() + reason[1:])
            self._selection_changed()
            self.acted.emit(name, False)
            log.warning("%s refused: %s", name, reason, extra={"event": "supervisor_action_refused", "action": name})

        self.backend.runner.run(fn, done, failed)

    def _say(self, key: str, **values: Any) -> None:
        self.message_key = (key, values)
        self._show_message()

    def _show_message(self) -> None:
        if self.message_key is None:
            self.status.setText("")
            return
        key, values = self.message_key
        self.status.setText(tr(key, **values))
        good = key in ("supervisor.actions.done", "supervisor.actions.found")
        self.status.setStyleSheet(f"color: {OK if good else DANGER}; font-weight: bold;")

    def shutdown(self) -> None:
        """Stop reading (the window's shutdown)."""
        self.reader.close()
