"""The "Booking" tab: one day's bookings (today first; "◀ ▶" and a calendar for the others)
with their time, code, service, visitor, status and ticket, the counts per status, each
service's bookings against its quota per slot, a filter by service and status, and the
supervisor's actions: "Tambah booking", "Batalkan" (with a reason, confirmed), "Impor
berkas…" (``db.booking.importer``; a refused file lists its faults by row and column)
and "Simpan bukti (PDF)…" (``db.booking.slip``).

Supervisors and administrators both use it (the console signs in nobody else; the core
checks the role again in every action, ``db.roles.require``). Everything runs on the
page's own task runner (an import of a day's file must not hold up the floor's reads):
the day is read by a :class:`ui.reader.SnapshotReader`, again after every action and a
little after the change feed reports data changed or a ticket issued (a kiosk's check-in)
while the page is shown. The page also runs the bookings' housekeeping (no-shows, the
personal data's retention) every few minutes, as the kiosks do.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db import booking, feed
from db.booking import BookingInfo, ImportResult, importer
from db.feed import Change
from db.roles import Actor
from supervisor.actions_dialogs import ChoiceDialog, ConfirmDialog
from supervisor.booking_data import BookingDay, day_text, read_day, time_text
from supervisor.booking_dialogs import AddBookingDialog, ImportErrorsDialog
from supervisor.booking_tables import DayTable, QuotaTable, counts_html, service_text
from supervisor.booking_texts import STATUSES, TEXTS, refusal_text, status_text
from supervisor.page_common import leave_live, show_status
from ui.backend import Backend
from ui.i18n import retranslate_on_switch, stop_retranslating, tr, translator
from ui.reader import SnapshotReader
from ui.tasks import TaskRunner
from ui.theme import ACCENT, MUTED

log = logging.getLogger("antrian.supervisor.booking")

T = TypeVar("T")

REFRESH_DELAY_MS = 1500  # a burst of check-ins costs one read a moment later
HOUSEKEEP_MS = 5 * 60_000  # no-shows and the personal data's retention, as the kiosks run it
CANCEL_REASONS = ("supervisor.booking.reason.visitor", "supervisor.booking.reason.double",
                  "supervisor.booking.reason.closed")
TRIGGERING = (feed.DATA, "issued")  # a check-in writes the ticket's "issued" event


class _Day:
    """The day the next read asks for (a plain holder the worker reads, never a widget)."""

    def __init__(self) -> None:
        self.value: date | None = None  # None: the site's business day today


class BookingPage(QWidget):
    """One day's bookings and the supervisor's actions on them. ``ready`` once the first read
    (or its failure) is on screen; ``shown`` after every day painted; ``acted(str)`` after an
    action went through (its name: ``added``, ``cancelled``, ``imported``, ``slip``)."""

    ready = Signal()
    shown = Signal()
    acted = Signal(str)

    def __init__(self, backend: Backend, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bookingPage")
        self.backend = backend
        self.actor = actor
        self.runner = TaskRunner(self, synchronous=backend.runner.synchronous)
        self.view: BookingDay | None = None
        self.dialog: QDialog | None = None  # the dialog open now, if any
        self._ready = False
        self._shut = False
        self._stale = False
        self._busy = False
        self._error = ""
        self._message: tuple[str, dict[str, object], str] | None = None
        self._selected_code: str | None = None
        self._importing = ""  # the name of the file being imported
        self._day = _Day()
        self._build()
        db, day = backend.db, self._day
        self.reader: SnapshotReader[BookingDay] = SnapshotReader(
            self.runner, lambda: read_day(db, day.value), self, what="the bookings", log=log,
            delay_ms=REFRESH_DELAY_MS)
        self.reader.loaded.connect(self._show)
        self.reader.failed.connect(self._failed)
        backend.live.changed.connect(self._on_changes)
        backend.live.resync.connect(self.reader.request_now)
        self.housekeeper = QTimer(self)
        self.housekeeper.setInterval(HOUSEKEEP_MS)
        self.housekeeper.timeout.connect(self.housekeep)
        self.housekeeper.start()
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
        self.previous_button, self.next_button = QPushButton("◀"), QPushButton("▶")
        for button, step in ((self.previous_button, -1), (self.next_button, 1)):
            button.setFixedWidth(36)
            button.clicked.connect(lambda _c=False, s=step: self.step_day(s))
        self.date_edit = QDateEdit()
        self.date_edit.setObjectName("bookingDay")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd-MM-yyyy")
        self.date_edit.dateChanged.connect(lambda _d: self._date_chosen())
        self.today_button = QPushButton()
        self.today_button.setObjectName("bookingToday")
        self.today_button.clicked.connect(lambda _c=False: self.show_day(None))
        self.day_label = QLabel()
        self.day_label.setObjectName("bookingDayText")
        self.day_label.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.service_label, self.status_label = QLabel(), QLabel()
        self.service_filter, self.status_filter = QComboBox(), QComboBox()
        self.service_filter.setObjectName("serviceFilter")
        self.status_filter.setObjectName("statusFilter")
        self.service_filter.setMinimumWidth(170)
        self.status_filter.setMinimumWidth(140)
        self.service_filter.addItem("", "")
        self.status_filter.addItem("", "")
        for status in STATUSES:
            self.status_filter.addItem("", status)
        self.service_filter.currentIndexChanged.connect(lambda _i: self._refill())
        self.status_filter.currentIndexChanged.connect(lambda _i: self._refill())
        top.addWidget(self.heading)
        top.addSpacing(12)
        controls: tuple[QWidget, ...] = (self.previous_button, self.date_edit, self.next_button, self.today_button)
        for w in controls:
            top.addWidget(w)
        top.addSpacing(6)
        top.addWidget(self.day_label, 1)
        for w in (self.service_label, self.service_filter, self.status_label, self.status_filter):
            top.addWidget(w)
        root.addLayout(top)

        self.counts_label = QLabel()
        self.counts_label.setObjectName("bookingCounts")
        self.counts_label.setTextFormat(Qt.TextFormat.RichText)
        self.counts_label.setStyleSheet("font-size: 12pt;")
        root.addWidget(self.counts_label)

        body = QHBoxLayout()
        body.setSpacing(12)
        self.table = DayTable()
        self.table.itemSelectionChanged.connect(self._selection_changed)
        body.addWidget(self.table, 5)

        side = QVBoxLayout()
        side.setSpacing(6)
        self.quota_heading = QLabel()
        self.quota_heading.setStyleSheet("font-size: 12pt; font-weight: bold;")
        side.addWidget(self.quota_heading)
        self.quota_table = QuotaTable()
        side.addWidget(self.quota_table, 1)
        self.quota_hint = QLabel()
        self.quota_hint.setWordWrap(True)
        self.quota_hint.setStyleSheet(f"color: {MUTED}; font-size: 10pt;")
        side.addWidget(self.quota_hint)
        body.addLayout(side, 3)
        root.addLayout(body, 1)

        actions = QHBoxLayout()
        actions.setSpacing(8)
        self.add_button, self.cancel_button = QPushButton(), QPushButton()
        self.import_button, self.slip_button = QPushButton(), QPushButton()
        for button, name in ((self.add_button, "addBooking"), (self.cancel_button, "cancelBooking"),
                             (self.import_button, "importBookings"), (self.slip_button, "saveSlip")):
            button.setObjectName(name)
            button.setMinimumHeight(40)
            # Greyed out plainly while no booking (or none that can be cancelled) is chosen.
            button.setStyleSheet(f"QPushButton {{ font-size: 12pt; padding: 4px 16px; }} "
                                 f"QPushButton:disabled {{ color: {MUTED}; }}")
        self.add_button.setStyleSheet(f"QPushButton {{ font-size: 12pt; padding: 4px 16px; background: {ACCENT}; "
                                      "color: white; font-weight: bold; border-radius: 5px; } "
                                      f"QPushButton:disabled {{ background: {MUTED}; }}")
        self.add_button.clicked.connect(lambda _c=False: self.ask_add())
        self.cancel_button.clicked.connect(lambda _c=False: self.ask_cancel())
        self.import_button.clicked.connect(lambda _c=False: self.import_file())
        self.slip_button.clicked.connect(lambda _c=False: self.save_slip())
        for button in (self.add_button, self.cancel_button, self.import_button, self.slip_button):
            actions.addWidget(button)
        actions.addStretch(1)
        root.addLayout(actions)
        self.status = QLabel()
        self.status.setObjectName("bookingStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        root.addWidget(self.status)
        self._enable()

    def translate_ui(self) -> None:
        """Every text in the current language (from the day last read)."""
        self.heading.setText(tr("supervisor.booking.heading"))
        self.previous_button.setToolTip(tr("supervisor.booking.previous"))
        self.next_button.setToolTip(tr("supervisor.booking.next"))
        self.today_button.setText(tr("supervisor.booking.today"))
        self.service_label.setText(tr("supervisor.booking.service"))
        self.status_label.setText(tr("supervisor.booking.status"))
        self.service_filter.setItemText(0, tr("supervisor.booking.all_services"))
        self.status_filter.setItemText(0, tr("supervisor.booking.all_statuses"))
        for i, status in enumerate(STATUSES, start=1):
            self.status_filter.setItemText(i, status_text(status))
        self.table.translate_ui()
        self.quota_heading.setText(tr("supervisor.booking.quota_heading"))
        self.quota_table.translate_ui()
        self.add_button.setText(tr("supervisor.booking.add"))
        self.cancel_button.setText(tr("supervisor.booking.cancel"))
        self.import_button.setText(tr("supervisor.booking.import"))
        self.slip_button.setText(tr("supervisor.booking.slip"))
        if self.view is not None:
            self._fill(self.view)
        self._show_status()

    # -- the day ----------------------------------------------------------------------------------
    def day(self) -> date | None:
        """The day shown (None before the first read)."""
        return self.view.day if self.view is not None else None

    def show_day(self, day: date | None) -> None:
        """Read and show ``day`` (None: the site's day today)."""
        self._day.value = day
        self._message = ("supervisor.booking.loading", {}, "info")
        self._show_status()
        self.reader.request_now()

    def step_day(self, steps: int) -> None:
        """Show the day ``steps`` days after the one shown (before it when negative)."""
        if self.view is not None:
            self.show_day(self.view.day + timedelta(days=steps))

    def _date_chosen(self) -> None:
        chosen = self.date_edit.date().toPython()
        assert isinstance(chosen, date)
        if self.view is not None and chosen != self.view.day:
            self.show_day(chosen)

    def _set_date(self, day: date) -> None:
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(QDate(day.year, day.month, day.day))
        self.date_edit.blockSignals(False)

    # -- reading ----------------------------------------------------------------------------------
    def _on_changes(self, changes: list[object]) -> None:
        """Bookings or services changed, or a ticket was issued (a kiosk's check-in): read again
        a moment later while shown; a hidden page reads once it is shown again."""
        if not any(isinstance(c, Change) and c.kind in TRIGGERING for c in changes):
            return
        if self.isVisible():
            self.reader.request()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        """Shown again after changes while hidden: read them now."""
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.reader.request_now()

    def _show(self, view: BookingDay) -> None:
        if self._shut:
            return
        first, same = self.view is None, view == self.view
        self.view = view
        self._error = ""
        if self._message is not None and self._message[0] == "supervisor.booking.loading":
            self._message = None
        if not same:  # on SQLite every commit (a heartbeat too) reads again: most reads change nothing
            self._set_date(view.day)
            self._fill_service_filter(view)
            self._fill(view)
        self._show_status()
        self.shown.emit()
        if first:
            self.housekeep()
        if not self._ready:
            self._ready = True
            QTimer.singleShot(0, self.ready.emit)

    def _failed(self, text: str) -> None:
        if self._shut:
            return
        self._error = text
        self._show_status()
        if not self._ready:
            self._ready = True
            QTimer.singleShot(0, self.ready.emit)

    # -- filling ----------------------------------------------------------------------------------
    def _fill_service_filter(self, view: BookingDay) -> None:
        combo = self.service_filter
        codes = [s.code for s in view.services]
        if [combo.itemData(i) for i in range(1, combo.count())] == codes:
            self._name_services(view)
            return
        chosen = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for code in codes:
            combo.addItem("", code)
        combo.setCurrentIndex(max(0, combo.findData(chosen)))
        combo.blockSignals(False)
        self._name_services(view)

    def _name_services(self, view: BookingDay) -> None:
        language = translator().language
        for i, s in enumerate(view.services, start=1):
            self.service_filter.setItemText(i, f"{s.code} — {s.name(language)}")

    def filtered(self, view: BookingDay) -> list[BookingInfo]:
        """The day's bookings the filters let through."""
        code, status = self.service_filter.currentData() or "", self.status_filter.currentData() or ""
        return [b for b in view.bookings if (not code or b.service_code == code) and (not status or b.status == status)]

    def _refill(self) -> None:
        if self.view is not None:
            self._fill_table(self.view)
            self._show_status()

    def _fill(self, view: BookingDay) -> None:
        self.day_label.setText(day_text(view.day) + ("" if view.day != view.today else
                                                      f" ({tr('supervisor.booking.today').lower()})"))
        self.today_button.setEnabled(view.day != view.today)
        self.counts_label.setText(counts_html(view))
        self._fill_table(view)
        self.quota_table.show_day(view)
        self.quota_hint.setText(tr("supervisor.booking.q.hint", minutes=view.slot_minutes))

    def _fill_table(self, view: BookingDay) -> None:
        self.table.show_rows(self.filtered(view), view.zone, self._selected_code)
        self._enable()

    # -- selection --------------------------------------------------------------------------------
    @property
    def rows(self) -> list[BookingInfo]:
        """The bookings the table shows (filtered), in its order."""
        return self.table.rows

    def selected(self) -> BookingInfo | None:
        """The booking selected in the table, or None."""
        return self.table.selected()

    def select(self, code: str) -> bool:
        """Select the booking ``code`` in the table; whether it is shown."""
        return self.table.select(code)

    def _selection_changed(self) -> None:
        chosen = self.selected()
        self._selected_code = chosen.code if chosen is not None else None
        self._enable()

    def _enable(self) -> None:
        chosen = self.selected()
        ready = self.view is not None and not self._busy
        self.add_button.setEnabled(ready)
        self.import_button.setEnabled(ready)
        self.cancel_button.setEnabled(ready and chosen is not None and chosen.status == "booked")
        self.slip_button.setEnabled(ready and chosen is not None and chosen.status == "booked")

    # -- status -----------------------------------------------------------------------------------
    def say(self, key: str, level: str = "info", **values: object) -> None:
        """Show ``tr(key, **values)`` on the status line (kept as a key, so it re-translates)."""
        self._message = (key, values, level)
        self._show_status()

    def _show_status(self) -> None:
        if self._message is not None:
            key, values, level = self._message
            text = tr(key, **values) if key else str(values.get("text", ""))
        elif self._error:
            text, level = tr("supervisor.booking.read_failed", error=self._error), "error"
        elif self.view is None:
            text, level = tr("supervisor.booking.loading"), "info"
        elif not self.view.bookings:
            text, level = tr("supervisor.booking.none"), "info"
        elif not self.rows:
            text, level = tr("supervisor.booking.none_filtered"), "info"
        elif len(self.rows) < len(self.view.bookings):
            text, level = tr("supervisor.booking.shown_of", n=len(self.rows), total=len(self.view.bookings)), "info"
        else:
            text, level = tr("supervisor.booking.shown", n=len(self.rows)), "info"
        show_status(self.status, text, level)

    def status_text(self) -> str:
        """The status line as shown."""
        return self.status.text()

    # -- acting -----------------------------------------------------------------------------------
    def _act(self, name: str, work: Callable[[], T], done: Callable[[T], object]) -> None:
        """Run ``work`` on the page's runner (one action at a time); ``done(result)`` on success,
        the core's refusal on the status line otherwise; the day is read again either way."""
        if self._busy:
            self.say("supervisor.booking.busy")
            return
        self._busy = True
        self._enable()

        def finished(result: T) -> None:
            if self._shut:
                return
            self._busy = False
            done(result)
            self.acted.emit(name)
            self.reader.request_now()
            self._enable()

        def failed(error: BaseException) -> None:
            if self._shut:
                return
            self._busy = False
            log.warning("booking %s refused: %s", name, error, extra={"event": "action_failed", "action": f"booking_{name}"})
            self._refused(name, error)
            self.reader.request_now()
            self._enable()

        self.runner.run(work, finished, failed)

    def _refused(self, name: str, error: BaseException) -> None:
        if name == "imported" and self._import_refused(self._importing, error) is not None:
            return
        self._message = ("", {"text": refusal_text(error)}, "error")
        self._show_status()

    def ask_add(self) -> AddBookingDialog | None:
        """Open the "Tambah booking" dialog for the day shown (today when it is past)."""
        view = self.view
        if view is None or self._busy:
            return None
        code = self.service_filter.currentData() or ""
        dialog = AddBookingDialog(self.runner, self.backend.db, self.actor, list(view.services), view.day, view.today,
                                  view.zone, view.retention_days, self)
        if code and dialog.service.findData(code) >= 0:
            dialog.choose(code)
        dialog.added.connect(self._added)
        self._open(dialog)
        return dialog

    def _added(self, info: BookingInfo) -> None:
        if self._shut:
            return
        self._selected_code = info.code
        zone = self.view.zone if self.view is not None else ""
        self.say("supervisor.booking.added", "ok", code=info.code, service=service_text(info),
                 day=day_text(info.day), time=time_text(info.day, info.local_time, zone))
        self.acted.emit("added")
        if self.view is not None and info.day != self.view.day:
            self._day.value = info.day  # show the day it was booked for, with it selected
        self.reader.request_now()

    def ask_cancel(self) -> ChoiceDialog | None:
        """Ask why the selected booking is cancelled, then confirm it."""
        chosen = self.selected()
        if chosen is None:
            self.say("supervisor.booking.choose")
            return None
        if self._busy:
            self.say("supervisor.booking.busy")
            return None
        # The reason on record is the Indonesian wording (the site's first language).
        options = [(TEXTS[key]["id"], tr(key)) for key in CANCEL_REASONS]
        dialog = ChoiceDialog(tr("supervisor.booking.cancel_title", code=chosen.code), options, self, other=True,
                              ok_text=tr("supervisor.booking.cancel_next"))
        dialog.chosen.connect(lambda reason: self._confirm_cancel(chosen, reason))
        self._open(dialog)
        return dialog

    def _confirm_cancel(self, chosen: BookingInfo, reason: str) -> None:
        zone = self.view.zone if self.view is not None else ""
        who = ", ".join(p for p in (chosen.name, chosen.company) if p)
        body = tr("supervisor.booking.confirm_body", service=service_text(chosen),
                  day=day_text(chosen.day), time=time_text(chosen.day, chosen.local_time, zone),
                  who=f" ({who})" if who else "", reason=reason)
        dialog = ConfirmDialog(tr("supervisor.booking.confirm_title", code=chosen.code), body,
                               tr("supervisor.booking.confirm_yes"), self)
        dialog.confirmed.connect(lambda: self.cancel(chosen.code, reason))
        QTimer.singleShot(0, lambda: self._open(dialog))

    def cancel(self, code: str, reason: str) -> None:
        """Cancel booking ``code`` with ``reason`` on record (audited by the core)."""
        db, actor = self.backend.db, self.actor
        self._act("cancelled", lambda: booking.cancel(db, code, reason=reason, actor=actor),
                  lambda info: self.say("supervisor.booking.cancelled", "ok", code=info.code))

    def choose_import_path(self) -> str:
        """Which file to import ("" when cancelled); replaced in tests (the dialog is modal)."""
        return QFileDialog.getOpenFileName(self, tr("supervisor.booking.import_title"), "",
                                           tr("supervisor.booking.import_filter"))[0]

    def import_file(self, path: str | None = None) -> None:
        """Import the bookings of ``path`` (asked for when not given): all or nothing."""
        if self._busy:
            self.say("supervisor.booking.busy")
            return
        path = path if path is not None else self.choose_import_path()
        if not path:
            return
        name = Path(path).name
        db, actor = self.backend.db, self.actor
        self.say("supervisor.booking.importing", name=name)
        self._importing = name  # a refusal lists its faults in a dialog (see _refused)

        self._act("imported", lambda: importer.import_file(db, path, actor=actor),
                  lambda result: self._imported(name, result))

    def _imported(self, name: str, result: ImportResult) -> None:
        log.info("bookings imported from %s: %d added, %d unchanged", name, result.added, result.unchanged,
                 extra={"event": "bookings_imported", "added": result.added, "unchanged": result.unchanged})
        self.say("supervisor.booking.imported", "ok", name=name, added=result.added, unchanged=result.unchanged)

    def _import_refused(self, name: str, error: BaseException) -> ImportErrorsDialog | None:
        if not isinstance(error, importer.ImportRefused):
            return None
        lines = [error_line(e.row, e.column, e.message, e.item) for e in error.errors]
        self.say("supervisor.booking.import_refused", "error", name=name)
        dialog = ImportErrorsDialog(name, lines, error.more, self)
        self._open(dialog)
        return dialog

    def choose_slip_path(self, default_name: str) -> str:
        """Where to save a slip ("" when cancelled); replaced in tests (the dialog is modal)."""
        return QFileDialog.getSaveFileName(self, tr("supervisor.booking.slip_title"), default_name, "PDF (*.pdf)")[0]

    def save_slip(self, path: str | None = None) -> None:
        """Save the confirmation slip of the selected booking as a PDF (asked where when not given)."""
        chosen = self.selected()
        if chosen is None:
            self.say("supervisor.booking.choose")
            return
        if self._busy:
            self.say("supervisor.booking.busy")
            return
        path = path if path is not None else self.choose_slip_path(f"booking-{chosen.code}.pdf")
        if not path:
            return
        db, code = self.backend.db, chosen.code

        def work() -> Path:
            from db.booking import slip  # reportlab loads on the first slip, not with the console

            return slip.write_slip(db, code, path)

        self._act("slip", work, lambda written: self.say("supervisor.booking.slip_saved", "ok", code=code,
                                                           path=str(written)))

    def housekeep(self) -> None:
        """No-shows and the personal data's retention (``db.booking.housekeep``), on the runner;
        the day is read again when it changed anything."""
        if self._shut:
            return
        db = self.backend.db

        def done(counts: tuple[int, int]) -> None:
            if any(counts) and not self._shut:
                log.info("booking housekeeping: %d no-shows, %d purged", *counts,
                         extra={"event": "booking_housekeeping", "no_shows": counts[0], "purged": counts[1]})
                self.reader.request()

        self.runner.run(lambda: booking.housekeep(db), done,
                        lambda error: log.warning("booking housekeeping failed: %s", error))

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.finished.connect(lambda _r: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def shutdown(self) -> None:
        """Stop reading and housekeeping (the window is going away); work queued is dropped."""
        if self._shut:
            return
        self._shut = True
        self.housekeeper.stop()
        leave_live(self.backend, self.reader, self._on_changes)
        stop_retranslating(self)


def error_line(row: int | None, column: str | None, message: str, item: bool = False) -> str:
    """One fault of an import file: ``Baris 3, kolom tanggal: …`` (a JSON file's ``Butir 3``)."""
    if row is None:
        return message
    kind = "item" if item else "row"
    if column:
        return tr(f"supervisor.booking.error_{kind}_at", row=row, column=column, message=message)
    return tr(f"supervisor.booking.error_{kind}", row=row, message=message)
