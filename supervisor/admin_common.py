"""What every sub-page of the Administration page shares: running its database work
through the backend's runner, and one status line for what happened (saved, refused,
changed meanwhile by someone else)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db import admin
from db.database import Database, describe_error
from db.errors import AntrianError, EditConflict
from db.roles import Actor
from db.settings import RULES
from db.validation import Whole
from supervisor.admin_texts import refusal_text  # importing it registers the texts
from ui.backend import Backend
from ui.i18n import retranslate_on_switch, tr
from ui.theme import DANGER, INK, MUTED, OK

log = logging.getLogger("antrian.supervisor.admin")

T = TypeVar("T")


class StatusLine(QLabel):
    """One line saying what the last action did, kept as a text key so it re-translates."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setObjectName("adminStatus")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._key: str | None = None
        self._values: dict[str, object] = {}
        self._colour = INK

    def say(self, key: str | None, colour: str = INK, **values: object) -> None:
        """Show ``tr(key, **values)`` in ``colour`` (None clears the line)."""
        self._key, self._values, self._colour = key, values, colour
        self.translate_ui()

    def translate_ui(self) -> None:
        """Set the text in the current language."""
        self.setText(tr(self._key, **self._values) if self._key else "")
        self.setStyleSheet(f"color: {self._colour}; font-weight: bold; padding: 4px;")


class AdminPanel(QWidget):
    """A sub-page: loads through the runner, saves through it, reports on a :class:`StatusLine`.

    ``loaded`` is emitted after every (re)load has been shown, ``saved`` after a save that
    the database accepted (the Administration page reloads the other sub-pages then).
    """

    loaded = Signal()
    saved = Signal()

    def __init__(self, backend: Backend, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.actor = actor
        self.status = StatusLine(self)

    def run(self, fn: Callable[[], T], on_done: Callable[[T], object], *, reading: bool = False) -> None:
        """Run ``fn`` on the database worker; ``on_done`` on the UI thread, a failure to
        :meth:`failed` (or, ``reading``, to :meth:`read_failed`)."""
        self.setEnabled(False)

        def done(value: T) -> None:
            self.setEnabled(True)
            on_done(value)

        self.backend.runner.run(fn, done, self.read_failed if reading else self.failed)

    def read_failed(self, error: BaseException) -> None:
        """A (re)load failed: say why; what was shown stays."""
        self.setEnabled(True)
        reason = str(error) if isinstance(error, AntrianError) else describe_error(error)
        self.status.say("supervisor.admin.load_failed", DANGER, reason=reason)

    def save_settings(self, changes: dict[str, Any], read: dict[str, Any]) -> None:
        """Save the site settings in ``changes``; one changed by someone else since ``read``
        was read is a conflict (``db.admin.save_settings``)."""
        if not changes:
            self.status.say("supervisor.admin.nothing_changed")
            return
        db, actor, expected = self.backend.db, self.actor, dict(read)
        self.run(lambda: admin.save_settings(db, actor, changes, expected), lambda _: self.saved_ok())

    def saved_ok(self, key: str = "supervisor.admin.saved", **values: object) -> None:
        """A save went through: say so, tell the page, and reload."""
        self.status.say(key, OK, **values)
        self.saved.emit()
        self.reload()

    def failed(self, error: BaseException) -> None:
        """Say why an action was refused; a conflict reloads what the other administrator saved."""
        self.setEnabled(True)
        if isinstance(error, EditConflict):
            self.status.say("supervisor.admin.conflict", DANGER, who=error.by or tr("supervisor.admin.someone"))
            self.reload()
        elif isinstance(error, AntrianError):
            self.status.say("supervisor.admin.refused", DANGER, reason=refusal_text(str(error)))
        else:
            log.error("administration action failed: %s", error, exc_info=error)
            self.status.say("supervisor.admin.refused", DANGER, reason=describe_error(error))

    def reload(self) -> None:
        """Read the sub-page's data again (each sub-page defines what it reads)."""
        raise NotImplementedError


class TablePanel(AdminPanel):
    """A sub-page of records (services, counters, officers): a table of them, and a form for
    the one selected (or a new one) under the buttons "Baru", "Muat ulang" and "Simpan".

    ``specs`` holds the records as read, ``editing`` the one the form shows as it was read
    (None: a new one); a record is known by its field ``key_field``; the table's columns
    are headed by the texts ``supervisor.admin.<key>`` of ``column_keys``. Each sub-page
    makes ``labels`` (its form's labels, texts ``supervisor.admin.<key>``) and ``active``,
    and defines :meth:`_fill` (the table), :meth:`_show` (the form), :meth:`start_new`,
    :meth:`save` and, for texts of its own, :meth:`translate_form`.
    """

    labels: dict[str, QLabel]
    active: QCheckBox

    def __init__(self, backend: Backend, actor: Actor, column_keys: tuple[str, ...], key_field: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(backend, actor, parent)
        self.key_field = key_field
        self.column_keys = column_keys
        self.specs: list[Any] = []
        self.editing: Any = None
        self.table = make_table(len(column_keys), self)
        self.table.itemSelectionChanged.connect(self._selected)

    def edit_buttons(self) -> QHBoxLayout:
        """Make the buttons "Baru", "Muat ulang" and "Simpan"; the row that holds them."""
        self.new_button, self.save_button, self.reload_button = QPushButton(self), QPushButton(self), QPushButton(self)
        self.new_button.clicked.connect(self.start_new)
        self.save_button.clicked.connect(self.save)
        self.reload_button.clicked.connect(self.reload)
        return button_row((self.new_button, self.reload_button), (self.save_button,))

    def lay_out(self, right: QVBoxLayout, buttons: QHBoxLayout) -> None:
        """The table on the left; on the right ``right`` (the form), then the buttons and the status line."""
        right.addLayout(buttons)
        right.addWidget(self.status)
        layout = QHBoxLayout(self)
        layout.addWidget(self.table, 3)
        layout.addLayout(right, 2)

    def translate_ui(self) -> None:
        """Set every text in the current language."""
        for key, label in self.labels.items():
            label.setText(tr(f"supervisor.admin.{key}"))
        self.active.setText(tr("supervisor.admin.active"))
        self.translate_form()
        self.new_button.setText(tr("supervisor.admin.new"))
        self.save_button.setText(tr("supervisor.admin.save"))
        self.reload_button.setText(tr("supervisor.admin.reload"))
        self.table.setHorizontalHeaderLabels([tr(f"supervisor.admin.{k}") for k in self.column_keys])
        self.status.translate_ui()
        self._fill()

    def translate_form(self) -> None:
        """The sub-page's own texts in the current language (none unless it says)."""

    def save_spec(self, spec: Any, write: Callable[[Database, Actor, Any, Any], Any],
                  then: Callable[[], object] | None = None) -> None:
        """Save ``spec`` through ``write(db, actor, spec, expected)``: added when nothing is being
        edited, else changed from the record as it was read; once saved it is the one edited
        (``then()`` runs first, then the page is told and reloads)."""
        expected = self.editing
        db, actor = self.backend.db, self.actor

        def done(saved: Any) -> None:
            self.editing = saved
            if then is not None:
                then()
            self.saved_ok()

        self.run(lambda: write(db, actor, spec, expected), done)

    def spec_of(self, key: Any) -> Any:
        """The record read whose key is ``key``, or None."""
        return next((v for v in self.specs if getattr(v, self.key_field) == key), None)

    def show_read(self, specs: list[Any]) -> bool:
        """Show the records just read; the one being edited stays selected and shown as read
        now (whether it is still there)."""
        keep = getattr(self.editing, self.key_field) if self.editing is not None else None
        self.specs = specs
        self._fill()
        if keep is not None and select_key(self.table, keep):
            self._show(self.spec_of(keep))
            return True
        return False

    def _loaded(self, specs: list[Any]) -> None:
        self.show_read(specs)
        self.loaded.emit()

    def _selected(self) -> None:
        spec = self.spec_of(selected_key(self.table))
        if spec is not None:
            self._show(spec)

    def _fill(self) -> None:
        """Fill the table with ``specs`` (each sub-page defines its columns)."""
        raise NotImplementedError

    def _show(self, spec: Any) -> None:
        """Show ``spec`` in the form (each sub-page defines its fields)."""
        raise NotImplementedError

    def start_new(self) -> None:
        """Clear the form for a new record (each sub-page defines how)."""
        raise NotImplementedError

    def save(self) -> None:
        """Save the form (each sub-page defines how)."""
        raise NotImplementedError


def button_row(left: Iterable[QWidget], right: Iterable[QWidget] = ()) -> QHBoxLayout:
    """A row of buttons: ``left`` at its left end, ``right`` at its right end."""
    row = QHBoxLayout()
    for button in left:
        row.addWidget(button)
    row.addStretch(1)
    for button in right:
        row.addWidget(button)
    return row


def fill_table(table: QTableWidget, rows: list[list[Any]], keys: list[Any]) -> None:
    """Fill a read-only table; each row remembers its key (``Qt.UserRole`` of column 0)."""
    table.setRowCount(len(rows))
    for r, (row, key) in enumerate(zip(rows, keys, strict=True)):
        for c, value in enumerate(row):
            item = QTableWidgetItem(str(value))
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            if c == 0:
                item.setData(Qt.ItemDataRole.UserRole, key)
            table.setItem(r, c, item)


def select_key(table: QTableWidget, key: Any) -> bool:
    """Select the row whose key is ``key``; whether one was found."""
    for r in range(table.rowCount()):
        item = table.item(r, 0)
        if item is not None and item.data(Qt.ItemDataRole.UserRole) == key:
            table.selectRow(r)
            return True
    return False


def selected_key(table: QTableWidget) -> Any:
    """The key of the selected row, or None."""
    rows = table.selectionModel().selectedRows() if table.selectionModel() is not None else []
    if not rows:
        return None
    item = table.item(rows[0].row(), 0)
    return item.data(Qt.ItemDataRole.UserRole) if item is not None else None


def yes_no(flag: bool) -> str:
    """"Ya"/"Tidak" for a flag in a table."""
    return tr("supervisor.admin.yes") if flag else tr("supervisor.admin.no")


def make_table(columns: int, parent: QWidget | None = None) -> QTableWidget:
    """A read-only, single-row-selection table."""
    table = QTableWidget(0, columns, parent)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the name takes the room left
    return table


class SiteSettingsPanel(AdminPanel):
    """A sub-page of site settings (``db.settings``) under an intro: its labelled rows,
    "Muat ulang" and "Simpan" under them, the status line at the foot.

    Its texts are ``<prefix>.<key>`` (``prefix`` given by the sub-page, e.g.
    ``supervisor.admin.booking``) for the intro, each row's label and hint. A sub-page
    makes its controls, then calls :meth:`lay_out`; it defines :meth:`fill_form` (what was
    read, into the controls), :meth:`values` (the controls' values) and, for texts of its
    own, :meth:`translate_form`.
    """

    def __init__(self, backend: Backend, actor: Actor, prefix: str, parent: QWidget | None = None) -> None:
        super().__init__(backend, actor, parent)
        self.prefix = prefix
        self.read: dict[str, Any] = {}
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setStyleSheet(f"color: {MUTED};")
        self.numbers: dict[str, QSpinBox] = {}
        self.hints: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}

    def add_number(self, form: QFormLayout, key: str, hint: str) -> QSpinBox:
        """A row for the whole-number setting ``key``, its range from the setting's rule."""
        box = QSpinBox(self)
        rule: Whole = RULES[key]
        box.setRange(rule.low, rule.high)
        box.setObjectName(key)
        self.numbers[key] = box
        self.add_row(form, key, box, hint)
        return box

    def add_row(self, form: QFormLayout, key: str, field: QWidget, hint: str | None = None) -> None:
        """A row labelled by the text of ``key``: ``field`` and, given one, its muted hint beside it."""
        beside = [field]
        if hint is not None:
            self.hints[hint] = QLabel(self)
            self.hints[hint].setStyleSheet(f"color: {MUTED};")
            beside.append(self.hints[hint])
        self.labels[key] = QLabel(self)
        form.addRow(self.labels[key], button_row(beside))

    def lay_out(self, save_name: str, boxes: Iterable[QWidget]) -> None:
        """The intro, ``boxes``, the buttons (the save button named ``save_name``) and the status line."""
        self.save_button, self.reload_button = QPushButton(self), QPushButton(self)
        self.save_button.setObjectName(save_name)
        self.save_button.clicked.connect(self.save)
        self.reload_button.clicked.connect(self.reload)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        for box in boxes:
            layout.addWidget(box)
        layout.addLayout(button_row((self.reload_button,), (self.save_button,)))
        layout.addStretch(1)
        layout.addWidget(self.status)
        retranslate_on_switch(self)

    def translate_ui(self) -> None:
        """Set every text in the current language."""
        self.intro.setText(tr(f"{self.prefix}.intro"))
        self.translate_form()
        for key, label in self.labels.items():
            label.setText(tr(f"{self.prefix}.{key}"))
        for key, hint in self.hints.items():
            hint.setText(tr(f"{self.prefix}.{key}"))
        self.save_button.setText(tr("supervisor.admin.save"))
        self.reload_button.setText(tr("supervisor.admin.reload"))
        self.status.translate_ui()

    def translate_form(self) -> None:
        """The sub-page's own texts in the current language (none unless it says)."""

    def reload(self) -> None:
        """Read the settings again."""
        db, actor = self.backend.db, self.actor
        self.run(lambda: admin.site_settings(db, actor), self._loaded, reading=True)

    def _loaded(self, read: dict[str, Any]) -> None:
        self.read = read
        for key, spin in self.numbers.items():
            spin.setValue(int(read.get(key, spin.minimum())))
        self.fill_form(read)
        self.loaded.emit()

    def fill_form(self, read: dict[str, Any]) -> None:
        """Put the settings just read into the sub-page's own controls (the numbers are done)."""
        raise NotImplementedError

    def values(self) -> dict[str, Any]:
        """Every setting of the sub-page as the form shows it (each sub-page defines how)."""
        raise NotImplementedError

    def changes(self) -> dict[str, Any]:
        """The settings whose control differs from what was read."""
        return {key: value for key, value in self.values().items() if value != self.read.get(key)}

    def save(self) -> None:
        """Save the changed settings; one someone else changed since is a conflict."""
        self.save_settings(self.changes(), self.read)
