"""The small questions an action asks first: pick one option (a service, a reason), or confirm.

Both are opened with ``open()`` (window-modal, never a nested event loop) and answer
through a signal; Esc or "Kembali" closes them without an answer. Tests answer them the
way a supervisor would, through :meth:`ChoiceDialog.choose` and :meth:`ConfirmDialog.confirm`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from supervisor import actions_texts  # noqa: F401  (registers the texts used below)
from ui.i18n import tr
from ui.theme import ACCENT, DANGER

OTHER = "\x00other"  # the value of the "other reason" option: its typed text is the answer

BUTTON_STYLE = "font-size: 14pt; padding: 6px 22px;"


def _buttons(layout: QVBoxLayout, yes_text: str, *, danger: bool = False) -> tuple[QPushButton, QPushButton]:
    row = QHBoxLayout()
    row.addStretch(1)
    back = QPushButton(tr("supervisor.actions.back"))
    yes = QPushButton(yes_text)
    colour = DANGER if danger else ACCENT
    back.setStyleSheet(BUTTON_STYLE)
    yes.setStyleSheet(f"{BUTTON_STYLE} background: {colour}; color: white; font-weight: bold; border-radius: 6px;")
    for b in (back, yes):
        b.setMinimumHeight(52)
        b.setAutoDefault(False)
        row.addWidget(b)
    layout.addLayout(row)
    return back, yes


def _heading(text: str) -> QLabel:
    heading = QLabel(text)
    heading.setObjectName("dialogHeading")
    heading.setStyleSheet("font-size: 18pt; font-weight: bold;")
    heading.setWordWrap(True)
    return heading


def _frame(dialog: QDialog, title: str, object_name: str, spacing: int) -> QVBoxLayout:
    """Title and name ``dialog``; its layout (as small as its content allows) with the heading."""
    dialog.setWindowTitle(title)
    dialog.setObjectName(object_name)
    layout = QVBoxLayout(dialog)
    layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
    layout.setContentsMargins(22, 20, 22, 20)
    layout.setSpacing(spacing)
    layout.addWidget(_heading(title))
    return layout


class ChoiceDialog(QDialog):
    """Pick one of a few options; ``chosen(value)`` once accepted.

    ``options`` are ``(value, text)`` pairs; with ``other`` a last option "Lainnya…" shows a
    line edit whose typed text becomes the value. Digits 1–9 pick an option at once.
    """

    chosen = Signal(str)

    def __init__(self, title: str, options: list[tuple[str, str]], parent: QWidget | None = None, *,
                 other: bool = False, ok_text: str | None = None) -> None:
        super().__init__(parent)
        self._answered = False
        layout = _frame(self, title, "choiceDialog", 12)
        self.list = QListWidget()
        font = self.list.font()
        font.setPointSize(15)
        self.list.setFont(font)
        self.list.setStyleSheet("QListWidget::item { padding: 10px; }")
        if other:
            options = [*options, (OTHER, tr("supervisor.actions.other"))]
        for i, (value, text) in enumerate(options, start=1):
            item = QListWidgetItem(f"{i}   {text}" if i <= 9 else text)
            item.setData(Qt.ItemDataRole.UserRole, value)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.setMinimumHeight(max(1, min(len(options), 8)) * 50 + 8)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setMinimumWidth(max(520, min(1000, self.list.sizeHintForColumn(0) + 48)))
        self.list.itemActivated.connect(lambda _item: self._accept_current())
        self.list.currentItemChanged.connect(lambda *_: self._show_other())
        layout.addWidget(self.list)
        self.other = QLineEdit()
        self.other.setPlaceholderText(tr("supervisor.actions.other_hint"))
        self.other.setStyleSheet("font-size: 15pt; padding: 6px;")
        self.other.setMaxLength(120)
        self.other.returnPressed.connect(self._accept_current)
        self.other.hide()
        layout.addWidget(self.other)
        self.back_button, self.ok_button = _buttons(layout, ok_text or tr("supervisor.actions.ok"))
        self.back_button.clicked.connect(self.reject)
        self.ok_button.clicked.connect(self._accept_current)
        self.list.setFocus()

    def values(self) -> list[str]:
        """The option values, in order."""
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def texts(self) -> list[str]:
        """The options as shown."""
        return [self.list.item(i).text() for i in range(self.list.count())]

    def choose(self, value: str, other_text: str = "") -> None:
        """Pick ``value`` (and the typed text for :data:`OTHER`) as a supervisor would."""
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == value:
                self.list.setCurrentRow(i)
                break
        else:
            raise ValueError(f"no option '{value}'")
        if value == OTHER:
            self.other.setText(other_text)
        self._accept_current()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Digits pick an option directly; Enter accepts; Esc goes back."""
        key = event.key()
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9 and not self.other.hasFocus():
            row = key - Qt.Key.Key_1
            if row < self.list.count():
                self.list.setCurrentRow(row)
                self._accept_current()
                return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._accept_current()
            return
        super().keyPressEvent(event)

    def _show_other(self) -> None:
        item = self.list.currentItem()
        self.other.setVisible(item is not None and item.data(Qt.ItemDataRole.UserRole) == OTHER)

    def _accept_current(self) -> None:
        item = self.list.currentItem()
        if item is None or self._answered:
            return
        value = str(item.data(Qt.ItemDataRole.UserRole))
        if value == OTHER:
            self.other.show()
            value = self.other.text().strip()
            if not value:
                self.other.setFocus()
                return
        self._answered = True  # one Enter may arrive twice (line edit, then dialog)
        self.chosen.emit(value)
        self.accept()


class ConfirmDialog(QDialog):
    """A yes-or-back question with what will happen spelled out; ``confirmed()`` on yes."""

    confirmed = Signal()

    def __init__(self, title: str, body: str, yes_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = _frame(self, title, "confirmDialog", 14)
        self.body = QLabel(body)
        self.body.setWordWrap(True)
        self.body.setMinimumWidth(520)
        self.body.setStyleSheet("font-size: 14pt;")
        layout.addWidget(self.body)
        self.back_button, self.yes_button = _buttons(layout, yes_text, danger=True)
        self.back_button.clicked.connect(self.reject)
        self.yes_button.clicked.connect(self.confirm)
        self.back_button.setFocus()  # Enter on a reflex must not sign anyone out

    def confirm(self) -> None:
        """Answer yes."""
        self.confirmed.emit()
        self.accept()
