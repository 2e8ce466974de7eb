"""The "Petugas" sub-page: every officer, and a form to add one, change a name or role,
disable or enable an account, and reset a password (which also lifts a sign-in lock)."""

from __future__ import annotations

import dataclasses
import functools

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db import admin
from db.roles import ROLES, Actor
from supervisor.admin_common import TablePanel, button_row, fill_table, yes_no
from ui.backend import Backend
from ui.i18n import retranslate_on_switch, tr
from ui.theme import DANGER


class OfficersPanel(TablePanel):
    """The officers: a table, and the form of the one selected (or a new one)."""

    def __init__(self, backend: Backend, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(backend, actor, ("username", "display_name", "role", "active"), "username", parent)
        self.specs: list[admin.OfficerSpec] = []
        self.editing: admin.OfficerSpec | None = None
        self.username, self.display_name = QLineEdit(self), QLineEdit(self)
        self.role = QComboBox(self)
        for role in ROLES:
            self.role.addItem(role, role)
        self.active = QCheckBox(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.labels = {key: QLabel(self) for key in ("username", "display_name", "role", "password")}
        form = QFormLayout()
        form.addRow(self.labels["username"], self.username)
        form.addRow(self.labels["display_name"], self.display_name)
        form.addRow(self.labels["role"], self.role)
        form.addRow("", self.active)
        form.addRow(self.labels["password"], self.password)
        buttons = self.edit_buttons()
        self.toggle_button, self.reset_button = QPushButton(self), QPushButton(self)
        self.toggle_button.clicked.connect(self.toggle_active)
        self.reset_button.clicked.connect(self.reset_password)
        account = button_row((self.toggle_button, self.reset_button))
        right = QVBoxLayout()
        right.addLayout(form)
        right.addLayout(account)
        right.addStretch(1)
        self.lay_out(right, buttons)
        retranslate_on_switch(self)
        self.start_new()

    def translate_form(self) -> None:
        """The password hint, the roles and the account buttons in the current language."""
        self.password.setPlaceholderText(tr("supervisor.admin.password_hint"))
        for i in range(self.role.count()):
            self.role.setItemText(i, tr(f"supervisor.admin.role.{self.role.itemData(i)}"))
        self.reset_button.setText(tr("supervisor.admin.reset_password"))
        self._toggle_text()

    def _toggle_text(self) -> None:
        disable = self.editing is None or self.editing.active
        self.toggle_button.setText(tr("supervisor.admin.disable" if disable else "supervisor.admin.enable"))

    def reload(self) -> None:
        """Read every officer again."""
        db, actor = self.backend.db, self.actor
        self.run(lambda: admin.officers(db, actor), self._loaded, reading=True)

    def _fill(self) -> None:
        fill_table(self.table, [[o.username, o.display_name, tr(f"supervisor.admin.role.{o.role}"), yes_no(o.active)]
                                for o in self.specs], [o.username for o in self.specs])

    def _show(self, spec: admin.OfficerSpec) -> None:
        self.editing = spec
        self.username.setText(spec.username)
        self.username.setReadOnly(True)
        self.display_name.setText(spec.display_name)
        self.role.setCurrentIndex(max(0, self.role.findData(spec.role)))
        self.active.setChecked(spec.active)
        self.password.clear()
        self.toggle_button.setEnabled(True)
        self.reset_button.setEnabled(True)
        self._toggle_text()

    def start_new(self) -> None:
        """Clear the form for a new officer."""
        self.table.clearSelection()
        self._show(admin.OfficerSpec("", ""))
        self.editing = None
        self.username.setReadOnly(False)
        self.toggle_button.setEnabled(False)
        self.reset_button.setEnabled(False)
        self._toggle_text()

    def form_spec(self) -> admin.OfficerSpec:
        """The officer as the form holds it."""
        return admin.OfficerSpec(username=self.username.text().strip(), display_name=self.display_name.text(),
                                 role=str(self.role.currentData()), active=self.active.isChecked())

    def save(self) -> None:
        """Save the form (a password typed is set too)."""
        self._save(self.form_spec())

    def toggle_active(self) -> None:
        """Disable the selected officer, or enable them again."""
        if self.editing is not None:
            self._save(dataclasses.replace(self.editing, active=not self.editing.active), with_password=False)

    def _save(self, spec: admin.OfficerSpec, with_password: bool = True) -> None:
        password = (self.password.text() or None) if with_password else None
        self.save_spec(spec, functools.partial(admin.save_officer, password=password), then=self.password.clear)

    def reset_password(self) -> None:
        """Set the typed password for the selected officer (lifts a sign-in lock too)."""
        if self.editing is None:
            return
        password, username = self.password.text(), self.editing.username
        if not password:
            self.status.say("supervisor.admin.need_password", DANGER)
            return
        db, actor = self.backend.db, self.actor

        def done(_: None) -> None:
            self.password.clear()
            self.saved_ok("supervisor.admin.password_reset", user=username)

        self.run(lambda: admin.reset_password(db, actor, username, password), done)
