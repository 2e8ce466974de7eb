"""The supervisor's "Tindakan" page: steer the floor when the queue goes wrong.

Four sections, chosen on a rail at the left: "Cari tiket" (find a ticket of today and
reactivate, move, cancel or prioritise it), "Loket" (pause or resume a counter, sign its
officer out), "Layanan hari ini" (open or close a service now, today's quota) and
"Pengumuman" (today's notice for the kiosk and the display ticker).

Every action is one ``db.supervise`` operation run through the window's TaskRunner
(:class:`supervisor.actions_base.Actions`); the lists come from the floor
(:func:`db.floor.floor`) read through a :class:`ui.reader.SnapshotReader`, again whenever
the change feed reports a commit (``backend.live``), never by polling.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from db import floor
from db.feed import Change
from db.floor import Floor
from db.roles import Actor
from supervisor.actions_base import ERROR, Actions, StatusLine
from supervisor.actions_counters import CountersSection
from supervisor.actions_notice import NoticeSection
from supervisor.actions_services import ServicesSection
from supervisor.actions_texts import error_text
from supervisor.actions_ticket import TicketSection
from ui.backend import Backend
from ui.i18n import retranslate_on_switch, stop_retranslating, tr, translator
from ui.reader import SnapshotReader
from ui.theme import ACCENT, INK

log = logging.getLogger("antrian.supervisor.actions")

TICKET, COUNTERS, SERVICES, NOTICE = "ticket", "counters", "services", "notice"
SECTIONS = (TICKET, COUNTERS, SERVICES, NOTICE)

RAIL_STYLE = (
    f"QPushButton {{ text-align: left; font-size: 15pt; padding: 10px 16px; border: none; border-radius: 8px;"
    f" color: {INK}; background: transparent; }}"
    "QPushButton:hover { background: #e3e8ef; }"
    f"QPushButton:checked {{ background: {ACCENT}; color: white; font-weight: bold; }}"
)


class ActionsPage(QWidget):
    """The "Tindakan" page of the supervisor console, for the signed-in ``actor``.

    ``ready`` is emitted once the floor is first shown.
    """

    ready = Signal()

    def __init__(self, backend: Backend, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("actionsPage")
        self.backend = backend
        self.actor = actor
        self.floor: Floor | None = None
        self._ready = False
        self.acting = Actions(backend, actor, self)
        db = backend.db
        self.reader: SnapshotReader[Floor] = SnapshotReader(backend.runner, lambda: floor.floor(db), self,
                                                            what="the floor", log=log)
        self.reader.loaded.connect(self._on_floor)
        self.reader.failed.connect(self._on_failed)
        self.ticket = TicketSection(self.acting)
        self.counters = CountersSection(self.acting)
        self.services = ServicesSection(self.acting)
        self.notice = NoticeSection(self.acting)
        self._build()
        self.acting.message.connect(self.status.show_message)
        self.acting.acted.connect(self._after_action)
        backend.live.changed.connect(self._on_changed)
        backend.live.resync.connect(self.refresh_now)
        find = QShortcut(QKeySequence("Ctrl+F"), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(lambda: self.show_section(TICKET))
        retranslate_on_switch(self)
        self.show_section(TICKET)
        self.reader.request_now()

    def _build(self) -> None:
        root = QHBoxLayout(self)
        root.setContentsMargins(12, 12, 16, 8)
        root.setSpacing(16)
        rail = QVBoxLayout()
        rail.setSpacing(6)
        self.rail = QButtonGroup(self)
        self.rail.setExclusive(True)
        self.rail_buttons: dict[str, QPushButton] = {}
        for name in SECTIONS:
            button = QPushButton()
            button.setObjectName(f"rail_{name}")
            button.setCheckable(True)
            button.setMinimumHeight(56)
            button.setMinimumWidth(220)
            button.setStyleSheet(RAIL_STYLE)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.clicked.connect(lambda _checked=False, n=name: self.show_section(n))
            self.rail.addButton(button)
            self.rail_buttons[name] = button
            rail.addWidget(button)
        rail.addStretch(1)
        root.addLayout(rail)
        right = QVBoxLayout()
        right.setSpacing(6)
        self.stack = QStackedWidget()
        self.sections: dict[str, QWidget] = {TICKET: self.ticket, COUNTERS: self.counters,
                                             SERVICES: self.services, NOTICE: self.notice}
        for section in self.sections.values():
            self.stack.addWidget(section)
        right.addWidget(self.stack, 1)
        self.status = StatusLine()
        right.addWidget(self.status)
        root.addLayout(right, 1)

    # -- navigation -------------------------------------------------------------------------------
    def show_section(self, name: str) -> None:
        """Show one section: ``ticket``, ``counters``, ``services`` or ``notice``."""
        self.rail_buttons[name].setChecked(True)
        self.stack.setCurrentWidget(self.sections[name])
        if name == TICKET:
            self.ticket.search_box.setFocus()
            self.ticket.search_box.selectAll()

    def current_section(self) -> str:
        """The name of the section shown."""
        widget = self.stack.currentWidget()
        return next(name for name, section in self.sections.items() if section is widget)

    # -- data -------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the floor (and the ticket search) again, coalesced with reads in flight."""
        self.reader.request()
        self.ticket.refresh()

    def refresh_now(self) -> None:
        """Read everything again at once (the feed reconnected)."""
        self.reader.request_now()
        self.ticket.refresh()

    def _on_changed(self, _changes: list[Change]) -> None:
        self.refresh()

    def _after_action(self, _what: str) -> None:
        # The feed reports the commit too; reading at once shows the outcome without waiting.
        self.refresh()

    def _on_floor(self, value: Floor) -> None:
        self.floor = value
        self._name_services()
        self.ticket.set_services(value.services)
        self.counters.show_counters(value.counters)
        self.services.show_services(value.services)
        self.notice.show_notice(value.notice_id, value.notice_en)
        if not self._ready:
            self._ready = True
            self.ready.emit()

    def _on_failed(self, reason: str) -> None:
        error = self.reader.error
        self.status.show_message(error_text(error) if error is not None else reason, ERROR)

    def _name_services(self) -> None:
        english = translator().language == "en"
        services = self.floor.services if self.floor is not None else ()
        self.acting.service_names = {s.name_en: s.name_en if english else s.name_id for s in services}

    def translate_ui(self) -> None:
        """Every text in the current language (the sections translate themselves)."""
        for name, button in self.rail_buttons.items():
            button.setText(tr(f"supervisor.actions.nav.{name}"))
        self._name_services()

    def shutdown(self) -> None:
        """Stop reading (before the window is dropped)."""
        self.reader.close()
        self.ticket.shutdown()
        stop_retranslating(self)
