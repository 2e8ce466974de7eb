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
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db import admin
from db.database import Database, describe_error
from db.errors import AntrianError, EditConflict
from db.roles import Actor
from supervisor.admin_texts import refusal_text  # importing it registers the texts
from ui.backend import Backend
from ui.i18n import tr
from ui.theme import DANGER, INK, OK

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
