"""The console's main window: a header (site, who is signed in, role, language, "Keluar")
and the pages in a tab bar.

Pages are listed in :data:`PAGES`; adding one is one line there. A page is a QWidget class
constructed as ``Page(backend, actor, parent=None)``; it may have a ``ready`` signal
(emitted once its first real data is on screen) and a ``shutdown()`` method (stop timers
and readers before the window is dropped). An ``admin_only`` page is not even built for
a supervisor: the core refuses its operations anyway (``db.roles.require``).
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from typing import cast

from PySide6.QtCore import QObject, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from db.roles import Actor
from ui.backend import Backend
from ui.i18n import retranslate_on_switch, stop_retranslating, tr, translator
from ui.widgets import OfflineBanner, header_bar, header_controls

log = logging.getLogger("antrian.supervisor.window")


@dataclass(frozen=True)
class PageSpec:
    """One tab: its ``--page`` name, its title's text key, its class as ``"module:Class"``
    (imported when a window is built, so the list needs no imports) and who sees it."""

    key: str
    title_key: str
    factory: str
    admin_only: bool = False

    def page_class(self) -> type:
        """Import the page's module and return its class."""
        module_name, _, class_name = self.factory.partition(":")
        return cast(type, getattr(importlib.import_module(module_name), class_name))

    def build(self, backend: Backend, actor: Actor) -> QWidget:
        """Construct the page as ``Page(backend, actor)``."""
        return cast(QWidget, self.page_class()(backend, actor))

    def visible_to(self, actor: Actor) -> bool:
        """Whether ``actor`` gets this tab (an admin-only page is hidden from a supervisor)."""
        return actor.is_admin or not self.admin_only


#: The tabs, in order; an admin-only one is never built for a supervisor.
PAGES: list[PageSpec] = [
    PageSpec("floor", "supervisor.tab.floor", "supervisor.floor_page:FloorPage"),
    PageSpec("actions", "supervisor.tab.actions", "supervisor.actions_page:ActionsPage"),
    PageSpec("booking", "supervisor.tab.booking", "supervisor.booking_page:BookingPage"),
    PageSpec("admin", "supervisor.tab.admin", "supervisor.admin_page:AdminPage", admin_only=True),
    PageSpec("reports", "supervisor.tab.reports", "supervisor.reports_page:ReportsPage"),
    PageSpec("survey", "supervisor.tab.survey", "supervisor.survey_page:SurveyPage"),
    PageSpec("audit", "supervisor.tab.audit", "supervisor.audit_page:AuditPage"),
]

PAGE_NAMES = ("floor", "actions", "booking", "admin", "reports", "survey", "audit")  # what --page accepts


def preload(pages: list[PageSpec] | None = None) -> None:
    """Import every page's module now (while the password is being checked on the worker),
    so the window appears sooner once signed in."""
    for spec in PAGES if pages is None else pages:
        spec.page_class()


class ConsoleWindow(QWidget):
    """The header and the tabs for one signed-in supervisor or administrator.

    ``ready`` is emitted once the page shown first has its real data on screen;
    ``sign_out_requested`` when "Keluar" is pressed.
    """

    ready = Signal()
    sign_out_requested = Signal()

    def __init__(self, backend: Backend, actor: Actor, *, site_name: str = "", page: str = "floor",
                 pages: list[PageSpec] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consoleWindow")
        self.backend = backend
        self.actor = actor
        self.site_name = site_name
        self._ready_sent = False
        self.specs = [p for p in (PAGES if pages is None else pages) if p.visible_to(actor)]
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(self._header())
        self.banner = OfflineBanner(backend.live, self, point_size=13)
        root.addWidget(self.banner)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("consoleTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setStyleSheet("QTabBar::tab { font-size: 12pt; padding: 8px 22px; }")
        root.addWidget(self.tabs, 1)
        self.pages: dict[str, QWidget] = {}
        for spec in self.specs:
            widget = spec.build(backend, actor)
            self.pages[spec.key] = widget
            self.tabs.addTab(widget, "")
        start = page if page in self.pages else (self.specs[0].key if self.specs else "")
        if page != start:
            log.warning("page %r is not available to %s; showing %r", page, actor.username, start)
        if start:
            self.tabs.setCurrentWidget(self.pages[start])
            ready = page_ready_signal(self.pages[start])
            if ready is not None:
                ready.connect(self._emit_ready)
            else:
                QTimer.singleShot(0, self._emit_ready)
        lang = QShortcut(QKeySequence("Ctrl+L"), self)
        lang.activated.connect(translator().toggle)
        retranslate_on_switch(self)

    def _header(self) -> QWidget:
        bar, row = header_bar()
        self.title_label = QLabel()
        self.title_label.setObjectName("titleLabel")
        self.title_label.setStyleSheet("font-size: 17pt; font-weight: bold;")
        self.site_label = QLabel(self.site_name)
        self.site_label.setObjectName("siteLabel")
        self.site_label.setStyleSheet("font-size: 11pt; color: rgba(255,255,255,0.85);")
        left = QVBoxLayout()
        left.setSpacing(0)
        left.addWidget(self.title_label)
        left.addWidget(self.site_label)
        self.who_label = QLabel()
        self.who_label.setObjectName("whoLabel")
        self.who_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.who_label.setStyleSheet("font-size: 12pt;")
        self.clock, self.language_button, self.sign_out_button = header_controls()
        self.language_button.clicked.connect(translator().toggle)
        self.sign_out_button.clicked.connect(self.sign_out_requested)
        row.addLayout(left, 1)
        row.addWidget(self.who_label)
        row.addWidget(self.clock)
        row.addWidget(self.language_button)
        row.addWidget(self.sign_out_button)
        return bar

    def _emit_ready(self) -> None:
        if not self._ready_sent:
            self._ready_sent = True
            self.ready.emit()

    def show_page(self, key: str) -> bool:
        """Bring the page ``key`` to the front; False if this actor has no such page."""
        widget = self.pages.get(key)
        if widget is None:
            return False
        self.tabs.setCurrentWidget(widget)
        return True

    def set_site_name(self, name: str) -> None:
        """Show the site's name under the title."""
        self.site_name = name
        self.site_label.setText(name)

    def translate_ui(self) -> None:
        """Every text in the current language."""
        self.title_label.setText(tr("supervisor.title"))
        self.who_label.setText(f"{self.actor.display_name}\n{tr('supervisor.role.' + self.actor.role)}")
        self.language_button.setText(tr("supervisor.language"))
        self.sign_out_button.setText(tr("supervisor.sign_out"))
        for i, spec in enumerate(self.specs):
            self.tabs.setTabText(i, tr(spec.title_key))

    def shutdown(self) -> None:
        """Stop every page's timers and readers (before the window is dropped)."""
        for widget in self.pages.values():
            stop = getattr(widget, "shutdown", None)
            if callable(stop):
                stop()
        stop_retranslating(self)


def page_ready_signal(widget: QObject) -> SignalInstance | None:
    """A page's ``ready`` signal, if it has one."""
    ready = getattr(widget, "ready", None)
    return ready if isinstance(ready, SignalInstance) else None
