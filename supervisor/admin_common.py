"""What every sub-page of the Administration page shares: running its database work
through the backend's runner, and one status line for what happened (saved, refused,
changed meanwhile by someone else)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QWidget

from db.database import describe_error
from db.errors import AntrianError, EditConflict
from db.roles import Actor
from supervisor import admin_texts  # noqa: F401  (registers the texts)
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
            self.status.say("supervisor.admin.refused", DANGER, reason=str(error))
        else:
            log.error("administration action failed: %s", error, exc_info=error)
            self.status.say("supervisor.admin.refused", DANGER, reason=describe_error(error))

    def reload(self) -> None:
        """Read the sub-page's data again (each sub-page defines what it reads)."""
        raise NotImplementedError


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
