"""The Administration page of the supervisor console (administrators only): services,
counters, officers, settings, the survey's and the bookings' settings and the site file, each
a sub-page.
Every save goes through ``db.admin`` on the backend's runner, with the same rules as the
site file."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from db.roles import Actor
from supervisor.admin_booking import BookingSettingsPanel
from supervisor.admin_common import AdminPanel
from supervisor.admin_counters import CountersPanel
from supervisor.admin_officers import OfficersPanel
from supervisor.admin_services import ServicesPanel
from supervisor.admin_settings import SettingsPanel, SiteFilePanel
from supervisor.admin_survey import SurveySettingsPanel
from ui.backend import Backend
from ui.i18n import retranslate_on_switch, tr


class AdminPage(QWidget):
    """The sub-pages in tabs. ``ready`` is emitted once every sub-page has shown its data;
    a save on one sub-page reloads the others (a new service appears in the counters' list)."""

    ready = Signal()

    def __init__(self, backend: Backend, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.actor = actor
        self.services = ServicesPanel(backend, actor, self)
        self.counters = CountersPanel(backend, actor, self)
        self.officers = OfficersPanel(backend, actor, self)
        self.settings = SettingsPanel(backend, actor, self)
        self.survey = SurveySettingsPanel(backend, actor, self)
        self.booking = BookingSettingsPanel(backend, actor, self)
        self.sitefile = SiteFilePanel(backend, actor, self)
        self.panels: dict[str, AdminPanel] = {
            "services": self.services, "counters": self.counters, "officers": self.officers,
            "settings": self.settings, "survey": self.survey, "booking": self.booking,
            "sitefile": self.sitefile}
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("adminTabs")
        for panel in self.panels.values():
            self.tabs.addTab(panel, "")
            panel.saved.connect(self._reload_others)
            panel.loaded.connect(self._one_loaded)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.tabs)
        self._waiting: set[AdminPanel] = set()
        retranslate_on_switch(self)
        self.reload()

    def translate_ui(self) -> None:
        """Set the tab titles in the current language (each sub-page translates itself)."""
        for i, key in enumerate(self.panels):
            self.tabs.setTabText(i, tr(f"supervisor.admin.tab.{key}"))

    def reload(self) -> None:
        """Read every sub-page again; ``ready`` follows when all have shown their data."""
        self._waiting = set(self.panels.values())
        for panel in self.panels.values():
            panel.reload()

    def _one_loaded(self) -> None:
        panel = self.sender()
        if panel in self._waiting:
            self._waiting.discard(panel)
            if not self._waiting:
                self.ready.emit()

    def _reload_others(self) -> None:
        saver = self.sender()
        for panel in self.panels.values():
            if panel is not saver:
                panel.reload()
