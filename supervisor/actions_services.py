""""Layanan hari ini": open or close a service now (over today's hours), and today's quota.

Rows come from the floor the page reads on every change and are updated in place. The
quota box is left alone while the supervisor is editing it (a refresh must not undo a
number being typed); saving sends it, and the row takes the stored value again after.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from db import supervise
from db.floor import ServiceFloor
from supervisor.actions_base import BUTTON_HEIGHT, Actions, RowList, big_button, section_layout
from ui.i18n import retranslate_on_switch, tr, translator
from ui.theme import DANGER, INK, MUTED, OK

QUOTA_MAX = 100_000  # db.validation.daily_quota's largest


def service_title(s: ServiceFloor) -> str:
    """``A  Desk CAPA`` in the current language."""
    return f"{s.code}  {s.name_en if translator().language == 'en' else s.name_id}"


def open_text(s: ServiceFloor) -> str:
    """``Buka · sesuai jam layanan``, ``Tutup · ditutup koordinator hari ini``…"""
    state = tr("supervisor.actions.services.open" if s.open else "supervisor.actions.services.closed")
    why = {None: "supervisor.actions.services.by_hours", True: "supervisor.actions.services.opened_now",
           False: "supervisor.actions.services.closed_now"}[s.open_override]
    return f"{state} · {tr(why)}"


class ServiceRow(QFrame):
    """One service: its state today, the three open buttons, today's quota."""

    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = code
        self.service: ServiceFloor | None = None
        self.setObjectName(f"serviceRow{code}")
        self.setStyleSheet(f"QFrame#serviceRow{code} {{ border-bottom: 1px solid #e3e8ef; }}")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 8, 4, 10)
        outer.setSpacing(6)
        top = QHBoxLayout()
        top.setSpacing(12)
        self.chip = QLabel()
        self.chip.setFixedSize(10, 28)
        self.title = QLabel()
        self.title.setObjectName("serviceTitle")
        self.title.setStyleSheet(f"font-size: 15pt; font-weight: bold; color: {INK};")
        self.state = QLabel()
        self.state.setObjectName("serviceState")
        self.figures = QLabel()
        self.figures.setStyleSheet(f"font-size: 12pt; color: {MUTED};")
        top.addWidget(self.chip)
        top.addWidget(self.title)
        top.addWidget(self.state)
        top.addStretch(1)
        top.addWidget(self.figures)
        outer.addLayout(top)
        row = QHBoxLayout()
        row.setSpacing(10)
        self.open_button = big_button("openNow")
        self.close_button = big_button("closeNow", danger=True)
        self.hours_button = big_button("followHours")
        self.quota_label = QLabel()
        self.quota_label.setStyleSheet(f"font-size: 13pt; color: {INK};")
        self.quota = QSpinBox()
        self.quota.setObjectName("quotaBox")
        self.quota.setRange(0, QUOTA_MAX)
        self.quota.setMinimumHeight(BUTTON_HEIGHT)
        self.quota.setFixedWidth(150)
        self.quota.setStyleSheet("QSpinBox { font-size: 15pt; padding: 2px 6px; }"
                                 " QSpinBox::up-button, QSpinBox::down-button { width: 28px; }")
        self.quota.setAccelerated(True)
        self.save_button = big_button("saveQuota", primary=True)
        row.addWidget(self.open_button)
        row.addWidget(self.close_button)
        row.addWidget(self.hours_button)
        row.addStretch(1)
        row.addWidget(self.quota_label)
        row.addWidget(self.quota)
        row.addWidget(self.save_button)
        outer.addLayout(row)

    def editing(self) -> bool:
        """Whether the supervisor has changed the quota box without saving it."""
        return self.service is not None and self.quota.value() != (self.service.quota or 0)

    def show_service(self, s: ServiceFloor, busy: bool) -> None:
        """Show ``s``; enable the buttons that would change something."""
        keep_edit = self.editing() and self.quota.hasFocus()
        self.service = s
        self.chip.setStyleSheet(f"background: {s.colour}; border-radius: 4px;")
        self.title.setText(service_title(s))
        self.state.setText(open_text(s))
        self.state.setStyleSheet(f"font-size: 14pt; font-weight: bold; color: {OK if s.open else DANGER};")
        self.figures.setText(tr("supervisor.actions.services.issued", issued=s.issued_today, waiting=s.waiting))
        self.open_button.setText(tr("supervisor.actions.services.open_now"))
        self.close_button.setText(tr("supervisor.actions.services.close_now"))
        self.hours_button.setText(tr("supervisor.actions.services.follow_hours"))
        self.open_button.setEnabled(not busy and s.open_override is not True)
        self.close_button.setEnabled(not busy and s.open_override is not False)
        self.hours_button.setEnabled(not busy and s.open_override is not None)
        # 0 stands for "no override": the service's own quota, or none when it has none
        own_none = s.quota_override is None and s.quota is None
        special = "supervisor.actions.services.no_quota" if own_none else "supervisor.actions.services.usual_quota"
        self.quota.setSpecialValueText(tr(special))
        label = tr("supervisor.actions.services.quota")
        if s.quota_override is not None:
            label = f"{label} ({tr('supervisor.actions.services.quota_changed')})"
        self.quota_label.setText(f"{label}:")
        if not keep_edit:
            self.quota.setValue(s.quota or 0)
        self.save_button.setText(tr("supervisor.actions.services.save"))
        self.save_button.setEnabled(not busy)


class ServicesSection(QWidget):
    """Every service, one row each: open/close now, follow the hours, today's quota."""

    def __init__(self, actions: Actions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("servicesSection")
        self.acting = actions
        self.services: tuple[ServiceFloor, ...] = ()
        self.rows: dict[str, ServiceRow] = {}
        root, self.heading = section_layout(self, "servicesHeading")
        box = RowList("servicesHolder")
        self.list, self.list_layout, self.empty = box, box.list_layout, box.empty
        root.addWidget(box, 1)
        actions.busy_changed.connect(lambda _busy: self._show())
        retranslate_on_switch(self)

    def show_services(self, services: tuple[ServiceFloor, ...]) -> None:
        """Show the floor's services."""
        self.services = services
        self._show()

    def row(self, code: str) -> ServiceRow:
        """The row of service ``code``."""
        return self.rows[code]

    def _show(self) -> None:
        rows = self.list.place(self.rows, [s.code for s in self.services], self._new_row)
        for s, row in zip(self.services, rows, strict=True):
            row.show_service(s, self.acting.busy)

    def _new_row(self, code: str) -> ServiceRow:
        row = ServiceRow(code)
        row.open_button.clicked.connect(lambda _c=False, c=code: self.set_open(c, True))
        row.close_button.clicked.connect(lambda _c=False, c=code: self.set_open(c, False))
        row.hours_button.clicked.connect(lambda _c=False, c=code: self.set_open(c, None))
        row.save_button.clicked.connect(lambda _c=False, c=code: self.save_quota(c))
        row.quota.lineEdit().returnPressed.connect(lambda c=code: self.save_quota(c))
        return row

    def _shown(self, code: str) -> ServiceFloor | None:
        """Service ``code`` as this page last read it (what the supervisor decided on)."""
        return next((s for s in self.services if s.code == code), None)

    def _name(self, code: str) -> str:
        s = self._shown(code)
        return service_title(s).split("  ", 1)[1] if s is not None else code

    # -- acting -----------------------------------------------------------------------------------
    def set_open(self, code: str, open_now: bool | None) -> None:
        """Open (True) or close (False) service ``code`` now, or let its hours decide (None)."""
        db, actor = self.acting.db, self.acting.actor
        name = self._name(code)
        shown = self._shown(code)
        seen = shown.open_override if shown is not None else supervise.UNSET
        done = {True: "supervisor.actions.services.done.opened", False: "supervisor.actions.services.done.closed",
                None: "supervisor.actions.services.done.hours"}[open_now]
        self.acting.act("set_service_open", lambda: supervise.set_service_open(db, actor, code, open_now, expected=seen),
                         lambda _r: tr(done, name=name), service=code, open_now=open_now)

    def save_quota(self, code: str) -> None:
        """Store the quota box of service ``code`` as today's quota (0: its usual quota again)."""
        row = self.rows[code]
        value = row.quota.value()
        self.set_quota(code, value or None)

    def set_quota(self, code: str, quota: int | None) -> None:
        """Today's quota of service ``code`` (None: its own daily quota again, or none if it has none)."""
        db, actor = self.acting.db, self.acting.actor
        name = self._name(code)
        shown = self._shown(code)
        seen = shown.quota_override if shown is not None else supervise.UNSET

        def done(_r: object) -> str:
            if quota is None:
                return tr("supervisor.actions.services.done.usual_quota", name=name)
            return tr("supervisor.actions.services.done.quota", name=name, quota=quota)

        self.acting.act("set_today_quota", lambda: supervise.set_today_quota(db, actor, code, quota, expected=seen), done,
                         service=code, quota=quota)

    def translate_ui(self) -> None:
        """Every text in the current language."""
        self.heading.setText(tr("supervisor.actions.services.heading"))
        self.empty.setText(tr("supervisor.actions.services.none"))
        self._show()
