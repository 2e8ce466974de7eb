"""The "Loket" sub-page: every counter, and a form for one (name, the services it serves
in priority order, the call rule, active)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from db import admin
from db.roles import Actor
from db.validation import CALL_RULES
from supervisor.admin_common import TablePanel, fill_table, yes_no
from ui.backend import Backend
from ui.i18n import retranslate_on_switch, tr


class ServiceOrder(QListWidget):
    """Every service with a tick box; the ticked ones, top to bottom, are what a counter serves."""

    def set_services(self, services: list[admin.ServiceSpec], served: tuple[str, ...]) -> None:
        """List the served services first in their order, then the others, unticked."""
        self.clear()
        names = {v.code: v for v in services}
        order = [c for c in served if c in names] + [v.code for v in services if v.code not in served]
        for code in order:
            spec = names[code]
            item = QListWidgetItem(f"{code} — {spec.name_id}" + ("" if spec.active else " (×)"))
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if code in served else Qt.CheckState.Unchecked)
            self.addItem(item)

    def served(self) -> tuple[str, ...]:
        """The ticked codes, top to bottom."""
        items = [self.item(i) for i in range(self.count())]
        return tuple(str(i.data(Qt.ItemDataRole.UserRole)) for i in items if i.checkState() == Qt.CheckState.Checked)

    def shift(self, step: int) -> None:
        """Move the current service up (-1) or down (+1)."""
        row = self.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.count():
            return
        item = self.takeItem(row)
        self.insertItem(target, item)
        self.setCurrentRow(target)


class CountersPanel(TablePanel):
    """The counters: a table, and the form of the one selected (or a new one)."""

    def __init__(self, backend: Backend, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(backend, actor, ("number", "name", "tab.services", "call_rule", "active"), "number", parent)
        self.specs: list[admin.CounterSpec] = []
        self.services: list[admin.ServiceSpec] = []
        self.editing: admin.CounterSpec | None = None
        self.number = QSpinBox(self)
        self.number.setRange(1, 9999)
        self.name = QLineEdit(self)
        self.order = ServiceOrder(self)
        self.up, self.down = QPushButton(self), QPushButton(self)
        self.up.clicked.connect(lambda: self.order.shift(-1))
        self.down.clicked.connect(lambda: self.order.shift(1))
        self.rule = QComboBox(self)
        for rule in CALL_RULES:
            self.rule.addItem(rule, rule)
        self.active = QCheckBox(self)
        self.labels = {key: QLabel(self) for key in ("number", "name", "counter_services", "call_rule")}
        moves = QHBoxLayout()
        moves.addWidget(self.up)
        moves.addWidget(self.down)
        moves.addStretch(1)
        order = QVBoxLayout()
        order.addWidget(self.order)
        order.addLayout(moves)
        form = QFormLayout()
        form.addRow(self.labels["number"], self.number)
        form.addRow(self.labels["name"], self.name)
        form.addRow(self.labels["counter_services"], order)
        form.addRow(self.labels["call_rule"], self.rule)
        form.addRow("", self.active)
        buttons = self.edit_buttons()
        right = QVBoxLayout()
        right.addLayout(form)
        right.addStretch(1)
        self.lay_out(right, buttons)
        retranslate_on_switch(self)
        self.start_new()

    def translate_form(self) -> None:
        """The move buttons and the call rules in the current language."""
        self.up.setText(tr("supervisor.admin.up"))
        self.down.setText(tr("supervisor.admin.down"))
        for i in range(self.rule.count()):
            self.rule.setItemText(i, tr(f"supervisor.admin.rule.{self.rule.itemData(i)}"))

    def reload(self) -> None:
        """Read the counters and the services they may serve."""
        db, actor = self.backend.db, self.actor
        self.run(lambda: (admin.counters(db, actor), admin.services(db, actor)), self._loaded, reading=True)

    def _loaded(self, read: tuple[list[admin.CounterSpec], list[admin.ServiceSpec]]) -> None:  # type: ignore[override]
        specs, self.services = read
        if not self.show_read(specs) and self.editing is None:
            self.order.set_services(self.services, self.order.served())
        self.loaded.emit()

    def _fill(self) -> None:
        fill_table(self.table, [[c.number, c.name, ", ".join(c.services), tr(f"supervisor.admin.rule.{c.call_rule}"),
                                 yes_no(c.active)] for c in self.specs], [c.number for c in self.specs])

    def _show(self, spec: admin.CounterSpec) -> None:
        self.editing = spec
        self.number.setValue(spec.number)
        self.number.setReadOnly(True)
        self.name.setText(spec.name)
        self.order.set_services(self.services, spec.services)
        self.rule.setCurrentIndex(max(0, self.rule.findData(spec.call_rule)))
        self.active.setChecked(spec.active)

    def start_new(self) -> None:
        """Clear the form for a new counter, numbered after the last one."""
        self.table.clearSelection()
        number = max((c.number for c in self.specs), default=0) + 1
        self._show(admin.CounterSpec(number, f"Loket {number}"))
        self.editing = None
        self.number.setReadOnly(False)

    def form_spec(self) -> admin.CounterSpec:
        """The counter as the form holds it."""
        return admin.CounterSpec(number=self.number.value(), name=self.name.text(), active=self.active.isChecked(),
                                 services=self.order.served(), call_rule=str(self.rule.currentData()))

    def save(self) -> None:
        """Save the form: add (nothing selected) or change the counter as it was read."""
        self.save_spec(self.form_spec(), admin.save_counter)
