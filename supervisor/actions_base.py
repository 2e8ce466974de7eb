"""What every section of the actions page shares: running an action, the status line, the look.

:class:`Actions` runs one supervisory operation at a time through the window's
``TaskRunner`` (never SQL in a slot): the outcome comes back on the UI thread as one
sentence for the status line, in the current language, a success or the core's reason
for refusing. Each action is logged as a fact (``supervisor_action`` or
``supervisor_action_refused``) for the end-to-end tests.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from db.database import Database
from db.errors import AntrianError
from db.roles import Actor
from supervisor.actions_texts import error_text
from ui.backend import Backend
from ui.i18n import tr
from ui.theme import ACCENT, DANGER, INK, MUTED, OK

log = logging.getLogger("antrian.supervisor.actions")

T = TypeVar("T")
K = TypeVar("K")
W = TypeVar("W", bound=QWidget)

INFO, SUCCESS, ERROR = "info", "success", "error"
LEVEL_COLOURS = {INFO: INK, SUCCESS: OK, ERROR: DANGER}
BUTTON_HEIGHT = 52  # officer-facing: large enough to hit without aiming
CARD = "QFrame#card { background: white; border: 1px solid #d5dbe3; border-radius: 10px; }"


class Actions(QObject):
    """Runs the page's actions, one at a time, and reports each outcome.

    ``message(text, level)``: the sentence to show; ``acted(what)``: an action ended
    (done or refused), so the page re-reads what it shows; ``busy_changed(bool)``.
    """

    message = Signal(str, str)
    acted = Signal(str)
    busy_changed = Signal(bool)

    def __init__(self, backend: Backend, actor: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.actor = actor
        self.busy = False
        self.last_error: BaseException | None = None
        self.service_names: dict[str, str] = {}  # English name -> shown name, for the core's refusals

    @property
    def db(self) -> Database:
        """The database the actions run on."""
        return self.backend.db

    def act(self, what: str, work: Callable[[], T], done: Callable[[T], str], **detail: object) -> bool:
        """Run ``work()`` on the worker; then show ``done(result)`` or the refusal.

        Refused at once (``False``) while another action is still running: a second
        click must not act on a state the first one is changing.
        """
        if self.busy:
            self.message.emit(tr("supervisor.actions.busy"), ERROR)
            return False
        self._set_busy(True)
        actor = self.actor.username

        def worker() -> T:
            try:
                result = work()
            except BaseException as error:
                if not isinstance(error, AntrianError):
                    log.error("%s failed unexpectedly", what, exc_info=error)
                log.warning("%s refused: %s", what, error,
                            extra={"event": "supervisor_action_refused", "action": what, "actor": actor,
                                   "error": str(error), "error_type": type(error).__name__, **detail})
                raise
            log.info("%s by %s", what, actor, extra={"event": "supervisor_action", "action": what, "actor": actor,
                                                     **detail})
            return result

        def on_done(result: T) -> None:
            self.last_error = None
            self._set_busy(False)
            self.message.emit(done(result), SUCCESS)
            self.acted.emit(what)

        def on_error(error: BaseException) -> None:
            self.last_error = error
            self._set_busy(False)
            self.message.emit(error_text(error, self.service_names), ERROR)
            self.acted.emit(what)

        self.backend.runner.run(worker, on_done, on_error)
        return True

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_changed.emit(busy)


class StatusLine(QLabel):
    """The outcome of the last action: green for done, red for refused."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("actionStatus")
        self.setWordWrap(True)
        self.setMinimumHeight(44)
        self.level = INFO
        self.show_message("", INFO)

    def show_message(self, text: str, level: str = INFO) -> None:
        """Show ``text`` in the colour of ``level``."""
        self.level = level
        colour = LEVEL_COLOURS.get(level, INK)
        weight = "bold" if level != INFO else "normal"
        self.setStyleSheet(f"font-size: 14pt; color: {colour}; font-weight: {weight}; padding: 6px 4px;")
        self.setText(text)


class RowList(QFrame):
    """A white card (:func:`card`) listing one row widget per key, scrolling down when they
    do not fit; its line ``empty`` shows when there is no row.

    Rows are kept and updated in place by :meth:`place`, so a refresh never moves a button
    under a finger; ``holder_name`` names the white widget that holds them.
    """

    def __init__(self, holder_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setStyleSheet(CARD)
        inner = QVBoxLayout(self)
        inner.setContentsMargins(12, 6, 12, 6)
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        holder = QWidget()
        holder.setObjectName(holder_name)
        holder.setStyleSheet(f"QWidget#{holder_name} {{ background: white; }}")
        self.list_layout = QVBoxLayout(holder)
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.list_layout.setSpacing(0)
        self.empty = QLabel()
        self.empty.setStyleSheet(f"font-size: 14pt; color: {MUTED};")
        self.list_layout.addWidget(self.empty)
        self.list_layout.addStretch(1)
        self.scroller.setWidget(holder)
        inner.addWidget(self.scroller)

    def place(self, rows: dict[K, W], keys: Sequence[K], make: Callable[[K], W]) -> list[W]:
        """Make ``rows`` the rows of ``keys`` in that order: a row whose key is gone is deleted,
        a new key gets ``make(key)``, a row whose place changed moves; the rows, in order."""
        for key in set(rows) - set(keys):
            rows.pop(key).deleteLater()
        placed = []
        for i, key in enumerate(keys):
            row = rows.get(key)
            if row is None:
                row = rows[key] = make(key)
            if self.list_layout.indexOf(row) != i:
                self.list_layout.removeWidget(row)  # a no-op for a new row; else it moves
                self.list_layout.insertWidget(i, row)
            placed.append(row)
        self.empty.setVisible(not keys)
        return placed


class AskingSection(QWidget):
    """A section that asks its questions in a dialog, one at a time: ``dialog`` is the one
    open (or None) and ``dialog_opened(dialog)`` tells the page (and tests) which it is."""

    dialog_opened = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dialog: QDialog | None = None

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.finished.connect(lambda _r: self._closed(dialog))
        dialog.open()
        self.dialog_opened.emit(dialog)

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None


def card() -> QFrame:
    """A white rounded panel."""
    frame = QFrame()
    frame.setObjectName("card")
    frame.setStyleSheet(CARD)
    return frame


def heading(object_name: str = "") -> QLabel:
    """A section's title."""
    label = QLabel()
    if object_name:
        label.setObjectName(object_name)
    label.setStyleSheet(f"font-size: 18pt; font-weight: bold; color: {INK};")
    return label


def section_layout(section: QWidget, heading_name: str) -> tuple[QVBoxLayout, QLabel]:
    """The layout of a section of the actions page, its heading (named ``heading_name``) on
    top; the layout and the heading."""
    root = QVBoxLayout(section)
    root.setContentsMargins(0, 0, 0, 0)
    root.setSpacing(10)
    title = heading(heading_name)
    root.addWidget(title)
    return root, title


def hint() -> QLabel:
    """A muted line of explanation."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(f"font-size: 12pt; color: {MUTED};")
    return label


def big_button(object_name: str, *, primary: bool = False, danger: bool = False) -> QPushButton:
    """A large action button (primary: filled in the accent colour; danger: red outline)."""
    button = QPushButton()
    button.setObjectName(object_name)
    button.setMinimumHeight(BUTTON_HEIGHT)
    button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    if primary:
        style = (f"QPushButton {{ background: {ACCENT}; color: white; font-weight: bold; border-radius: 8px; }}"
                 "QPushButton:disabled { background: #b8c2d1; color: #eef1f5; }")
    elif danger:
        style = (f"QPushButton {{ background: white; color: {DANGER}; border: 2px solid {DANGER}; border-radius: 8px;"
                 " font-weight: bold; }"
                 "QPushButton:disabled { color: #c9ced6; border-color: #dde1e7; }")
    else:
        style = (f"QPushButton {{ background: white; color: {ACCENT}; border: 2px solid {ACCENT}; border-radius: 8px;"
                 " font-weight: bold; }"
                 "QPushButton:disabled { color: #c9ced6; border-color: #dde1e7; }")
    button.setStyleSheet(style + " QPushButton { font-size: 14pt; padding: 4px 16px; }")
    return button
