""""Cari tiket": find one of today's tickets by its number and act on it.

The search runs through a :class:`ui.reader.SnapshotReader` (coalesced, retried) and is
read again whenever the floor changes, so the chosen ticket's state and buttons follow
what counters do meanwhile. Only the actions that fit its state are enabled; the core
still decides, and a refusal (the ticket changed a moment ago) is shown with its reason.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db import supervise
from db.floor import ServiceFloor
from db.queue import read_settings
from db.records import TicketInfo, TicketStatus
from db.sitetime import DEFAULT_TZ, zone
from supervisor.actions_base import ERROR, INFO, Actions, AskingSection, big_button, card, hint, section_layout
from supervisor.actions_dialogs import ChoiceDialog
from supervisor.actions_texts import TEXTS, error_text, status_text
from ui.i18n import retranslate_on_switch, tr, translator
from ui.reader import SnapshotReader
from ui.theme import ACCENT, INK, MUTED, text_colour_on
from ui.waittext import clock_text

log = logging.getLogger("antrian.supervisor.actions")

REACTIVATE, MOVE, CANCEL, PRIORITY = "reactivate", "move", "cancel", "priority"

#: Which actions fit a ticket in which state (the core checks again in its transaction).
FITS: dict[str, tuple[TicketStatus, ...]] = {
    REACTIVATE: (TicketStatus.NO_SHOW, TicketStatus.CANCELLED),
    MOVE: (TicketStatus.WAITING,),
    CANCEL: (TicketStatus.WAITING, TicketStatus.CALLED),
    PRIORITY: (TicketStatus.WAITING,),
}

CANCEL_REASONS = ("supervisor.actions.ticket.reason.visitor", "supervisor.actions.ticket.reason.double",
                  "supervisor.actions.ticket.reason.wrong")


@dataclass
class _Query:
    """The text searched for: read by the worker, written by the UI thread (a plain value)."""

    text: str = ""


@dataclass(frozen=True)
class Found:
    """One search's outcome: the text searched, today's tickets it found, the site's zone."""

    text: str
    tickets: tuple[TicketInfo, ...]
    timezone: str = DEFAULT_TZ


def service_name(t: TicketInfo) -> str:
    """The ticket's service in the current language."""
    return t.service_name_en if translator().language == "en" else t.service_name_id


def row_text(t: TicketInfo) -> str:
    """A result row: ``A-007 · menunggu · prioritas`` over the service's name."""
    first = f"{t.label}  ·  {status_text(t.status)}"
    if t.priority:
        first = f"{first}  ·  {tr('supervisor.actions.ticket.priority_mark').lower()}"
    return f"{first}\n{service_name(t)}"


class TicketSection(AskingSection):
    """Search box, results, the chosen ticket and the buttons that apply to it.

    ``dialog_opened(dialog)`` tells the page (and tests) which question is open.
    """

    def __init__(self, actions: Actions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticketSection")
        self.acting = actions
        self.services: tuple[ServiceFloor, ...] = ()
        self.found: Found | None = None
        self.chosen_id: int | None = None
        self._query = _Query()
        db, actor, query = actions.db, actions.actor, self._query

        def read() -> Found:
            text = query.text
            if not text:
                return Found(text, ())
            tickets = tuple(supervise.find_tickets(db, actor, text))
            with db.read() as s:
                tz = read_settings(s).timezone
            return Found(text, tickets, tz)

        self.reader: SnapshotReader[Found] = SnapshotReader(actions.backend.runner, read, self,
                                                            what="the ticket search", log=log)
        self.reader.loaded.connect(self._on_found)
        self.reader.failed.connect(self._on_failed)
        self._build()
        actions.busy_changed.connect(lambda _busy: self._update_buttons())
        retranslate_on_switch(self)

    # -- building ---------------------------------------------------------------------------------
    def _build(self) -> None:
        root, self.heading = section_layout(self, "ticketHeading")
        row = QHBoxLayout()
        row.setSpacing(10)
        self.search_box = QLineEdit()
        self.search_box.setObjectName("ticketSearch")
        self.search_box.setMaxLength(20)
        self.search_box.setMinimumHeight(52)
        self.search_box.setStyleSheet("font-size: 18pt; padding: 4px 10px;")
        self.search_box.returnPressed.connect(self.search_now)
        self.search_button = big_button("searchButton", primary=True)
        self.search_button.clicked.connect(self.search_now)
        row.addWidget(self.search_box, 1)
        row.addWidget(self.search_button)
        root.addLayout(row)
        body = QHBoxLayout()
        body.setSpacing(14)
        left = QVBoxLayout()
        left.setSpacing(6)
        self.result_info = hint()
        self.result_info.setObjectName("resultInfo")
        left.addWidget(self.result_info)
        self.results = QListWidget()
        self.results.setObjectName("ticketResults")
        font = self.results.font()
        font.setPointSize(14)
        self.results.setFont(font)
        self.results.setStyleSheet(f"QListWidget::item {{ padding: 6px 8px; border-bottom: 1px solid #e3e8ef; color: {INK}; }}"
                                   f" QListWidget::item:selected {{ background: {ACCENT}; color: white; }}")
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.results.currentItemChanged.connect(lambda *_: self._on_chosen())
        left.addWidget(self.results, 1)
        body.addLayout(left, 2)
        body.addWidget(self._detail(), 3)
        root.addLayout(body, 1)

    def _detail(self) -> QWidget:
        box = card()
        inner = QVBoxLayout(box)
        inner.setContentsMargins(18, 14, 18, 16)
        inner.setSpacing(8)
        top = QHBoxLayout()
        self.label = QLabel()
        self.label.setObjectName("ticketLabel")
        self.label.setStyleSheet(f"font-size: 34pt; font-weight: bold; color: {INK};")
        self.priority_mark = QLabel()
        self.priority_mark.setObjectName("priorityMark")
        self.priority_mark.setStyleSheet(
            "font-size: 13pt; font-weight: bold; color: white; background: #8e24aa; border-radius: 6px; padding: 4px 10px;")
        top.addWidget(self.label)
        top.addWidget(self.priority_mark)
        top.addStretch(1)
        inner.addLayout(top)
        facts = QGridLayout()
        facts.setHorizontalSpacing(16)
        facts.setVerticalSpacing(4)
        self.fact_names: dict[str, QLabel] = {}
        self.facts: dict[str, QLabel] = {}
        for row, key in enumerate(("service", "status", "taken", "at_counter")):
            name = QLabel()
            name.setStyleSheet(f"font-size: 13pt; color: {MUTED};")
            value = QLabel()
            value.setObjectName(f"fact_{key}")
            value.setWordWrap(True)
            value.setStyleSheet(f"font-size: 15pt; color: {INK};")
            facts.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            facts.addWidget(value, row, 1)
            self.fact_names[key] = name
            self.facts[key] = value
        facts.setColumnStretch(1, 1)
        inner.addLayout(facts)
        self.empty = QLabel()
        self.empty.setObjectName("ticketEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.empty.setStyleSheet(f"font-size: 15pt; color: {MUTED};")
        inner.addWidget(self.empty)
        inner.addStretch(1)
        grid = QGridLayout()
        grid.setSpacing(10)
        self.buttons = {
            REACTIVATE: big_button("reactivateButton", primary=True),
            MOVE: big_button("moveButton"),
            PRIORITY: big_button("priorityButton"),
            CANCEL: big_button("cancelButton", danger=True),
        }
        for i, (action, button) in enumerate(self.buttons.items()):
            grid.addWidget(button, i // 2, i % 2)
            button.clicked.connect(lambda _checked=False, a=action: self.trigger(a))
        inner.addLayout(grid)
        return box

    # -- searching --------------------------------------------------------------------------------
    def search(self, text: str) -> None:
        """Search today's tickets for ``text`` (as typing it and pressing Enter does)."""
        self.search_box.setText(text)
        self.search_now()

    def search_now(self) -> None:
        """Search for what the box holds."""
        text = self.search_box.text().strip()
        self._query.text = text
        if not text:
            self.found = None
            self.chosen_id = None
            self._show()
            return
        self.chosen_id = None
        self.reader.request_now()

    def refresh(self) -> None:
        """Read the current search again (the floor changed)."""
        if self._query.text:
            self.reader.request()

    def _on_found(self, found: Found) -> None:
        if found.text != self._query.text:
            return  # an older search; the newer one follows
        self.found = found
        ids = [t.id for t in found.tickets]
        if self.chosen_id not in ids:
            self.chosen_id = ids[0] if len(ids) == 1 else None
        self._show()

    def _on_failed(self, reason: str) -> None:
        error = self.reader.error
        self.acting.message.emit(error_text(error) if error is not None else reason, ERROR)

    # -- showing ----------------------------------------------------------------------------------
    def chosen(self) -> TicketInfo | None:
        """The ticket chosen in the results (or the only one found)."""
        if self.found is None or self.chosen_id is None:
            return None
        return next((t for t in self.found.tickets if t.id == self.chosen_id), None)

    def set_services(self, services: tuple[ServiceFloor, ...]) -> None:
        """The services a ticket can be moved to (from the floor)."""
        self.services = services

    def _show(self) -> None:
        self.results.blockSignals(True)
        self.results.clear()
        tickets = self.found.tickets if self.found is not None else ()
        for t in tickets:
            item = QListWidgetItem(row_text(t))
            item.setData(Qt.ItemDataRole.UserRole, t.id)
            self.results.addItem(item)
            if t.id == self.chosen_id:
                self.results.setCurrentItem(item)
        self.results.blockSignals(False)
        if self.found is None:
            self.result_info.setText(tr("supervisor.actions.ticket.prompt"))
        elif not tickets:
            self.result_info.setText(tr("supervisor.actions.ticket.none", text=self.found.text))
        else:
            self.result_info.setText(tr("supervisor.actions.ticket.found_one") if len(tickets) == 1
                                     else tr("supervisor.actions.ticket.found", n=len(tickets)))
        self._show_chosen()

    def _on_chosen(self) -> None:
        item = self.results.currentItem()
        self.chosen_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        self._show_chosen()

    def _show_chosen(self) -> None:
        t = self.chosen()
        for label in (*self.facts.values(), *self.fact_names.values(), self.label):
            label.setVisible(t is not None)
        self.priority_mark.setVisible(t is not None and t.priority)
        self.empty.setVisible(t is None)
        if t is None:
            has_results = self.found is not None and bool(self.found.tickets)
            self.empty.setText(tr("supervisor.actions.ticket.choose") if has_results else tr("supervisor.actions.ticket.guide"))
        else:
            colour = self._colour(t.service_code)
            self.label.setText(t.label)
            self.label.setStyleSheet(f"font-size: 34pt; font-weight: bold; color: {colour or INK};")
            self.facts["service"].setText(service_name(t))
            status = status_text(t.status)
            if t.transferred_from_id is not None and t.status == TicketStatus.WAITING:
                status = f"{status} · {tr('supervisor.actions.ticket.moved_from')}"
            self.facts["status"].setText(status)
            tz = zone(self.found.timezone if self.found else DEFAULT_TZ)
            local = t.issued_at.astimezone(tz)
            self.facts["taken"].setText(tr("supervisor.actions.ticket.taken_at", time=clock_text(local)))
            at_counter = t.counter_number is not None and t.status in (TicketStatus.CALLED, TicketStatus.SERVING)
            self.facts["at_counter"].setVisible(at_counter)
            self.fact_names["at_counter"].setVisible(at_counter)
            if at_counter:
                self.facts["at_counter"].setText(tr("supervisor.actions.ticket.at_counter_value", n=t.counter_number,
                                                    officer=t.officer or "—"))
        self._update_buttons()

    def _colour(self, code: str) -> str | None:
        service = next((s for s in self.services if s.code == code), None)
        if service is None:
            return None
        # the service's colour when it reads on white, else the accent
        return service.colour if text_colour_on(service.colour) == "#ffffff" else ACCENT

    def _update_buttons(self) -> None:
        t = self.chosen()
        for action, button in self.buttons.items():
            fits = t is not None and t.status in FITS[action]
            button.setEnabled(fits and not self.acting.busy)
            button.setVisible(t is not None)
        priority = t is not None and t.priority
        key = "supervisor.actions.ticket.drop_priority" if priority else "supervisor.actions.ticket.make_priority"
        self.buttons[PRIORITY].setText(tr(key))

    # -- acting -----------------------------------------------------------------------------------
    def trigger(self, action: str) -> None:
        """Run ``action`` on the chosen ticket, asking first where it needs an answer."""
        t = self.chosen()
        if t is None:
            self.acting.message.emit(tr("supervisor.actions.ticket.choose"), INFO)
            return
        if action == REACTIVATE:
            self.reactivate(t)
        elif action == PRIORITY:
            self.set_priority(t, not t.priority)
        elif action == MOVE:
            self._ask_move(t)
        else:
            self._ask_cancel(t)

    def reactivate(self, t: TicketInfo) -> None:
        """Put a no-show or cancelled ticket back in its queue at its original place."""
        db, actor = self.acting.db, self.acting.actor
        self.acting.act("reactivate", lambda: supervise.reactivate(db, actor, t.id),
                         lambda r: tr("supervisor.actions.ticket.done.reactivated", label=r.label), label=t.label)

    def set_priority(self, t: TicketInfo, priority: bool) -> None:
        """Make the ticket a priority ticket (or an ordinary one again)."""
        db, actor = self.acting.db, self.acting.actor
        done = "supervisor.actions.ticket.done.priority" if priority else "supervisor.actions.ticket.done.no_priority"
        self.acting.act("set_priority", lambda: supervise.set_priority(db, actor, t.id, priority),
                         lambda r: tr(done, label=r.label), label=t.label, priority=priority)

    def move_ticket(self, t: TicketInfo, code: str) -> None:
        """Move the waiting ticket to the service ``code``."""
        db, actor = self.acting.db, self.acting.actor

        def done(r: TicketInfo) -> str:
            self.chosen_id = r.id
            self.search_box.setText(r.label)
            self._query.text = r.label  # the moved ticket may have a new number: follow it
            return tr("supervisor.actions.ticket.done.moved", label=r.label, service=service_name(r))

        self.acting.act("move", lambda: supervise.move(db, actor, t.id, code), done, label=t.label, to=code)

    def cancel(self, t: TicketInfo, reason: str) -> None:
        """Cancel the ticket, with the reason on record."""
        db, actor = self.acting.db, self.acting.actor
        self.acting.act("cancel", lambda: supervise.cancel(db, actor, t.id, reason),
                         lambda r: tr("supervisor.actions.ticket.done.cancelled", label=r.label), label=t.label, reason=reason)

    def _ask_move(self, t: TicketInfo) -> None:
        english = translator().language == "en"
        options = [(s.code, tr("supervisor.actions.ticket.move_option", code=s.code, name=s.name_en if english else s.name_id,
                               n=s.waiting))
                   for s in self.services if s.code != t.service_code]
        if not options:
            self.acting.message.emit(tr("supervisor.actions.ticket.move_none"), ERROR)
            return
        dialog = ChoiceDialog(tr("supervisor.actions.ticket.move_title", label=t.label), options, self,
                              ok_text=tr("supervisor.actions.ticket.move_ok"))
        dialog.chosen.connect(lambda code: self.move_ticket(t, code))
        self._open(dialog)

    def _ask_cancel(self, t: TicketInfo) -> None:
        # The reason on record is the Indonesian wording (the site's first language).
        options = [(TEXTS[key]["id"], tr(key)) for key in CANCEL_REASONS]
        dialog = ChoiceDialog(tr("supervisor.actions.ticket.cancel_title", label=t.label), options, self, other=True,
                              ok_text=tr("supervisor.actions.ticket.cancel").rstrip("…"))
        dialog.chosen.connect(lambda reason: self.cancel(t, reason))
        self._open(dialog)

    def translate_ui(self) -> None:
        """Every text in the current language."""
        self.heading.setText(tr("supervisor.actions.ticket.heading"))
        self.search_box.setPlaceholderText(tr("supervisor.actions.ticket.placeholder"))
        self.search_button.setText(tr("supervisor.actions.ticket.search"))
        self.buttons[REACTIVATE].setText(tr("supervisor.actions.ticket.reactivate"))
        self.buttons[MOVE].setText(tr("supervisor.actions.ticket.move"))
        self.buttons[CANCEL].setText(tr("supervisor.actions.ticket.cancel"))
        self.priority_mark.setText(tr("supervisor.actions.ticket.priority_mark"))
        for key, label in self.fact_names.items():
            label.setText(tr(f"supervisor.actions.ticket.{key}"))
        self._show()

    def shutdown(self) -> None:
        """Stop reading (the page is closing)."""
        self.reader.close()
