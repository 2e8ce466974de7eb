"""The small questions an action asks first: pick one option (a service, a reason), or confirm.

Both are opened with ``open()`` (window-modal, never a nested event loop) and answer
through a signal; Esc or "Kembali" closes them without an answer. Tests answer them the
way a supervisor would, through :meth:`ChoiceDialog.choose` and :meth:`ConfirmDialog.confirm`.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QLayout, QPushButton, QVBoxLayout, QWidget

from supervisor import actions_texts  # noqa: F401  (registers the texts used below)
from ui.choice import OTHER
from ui.choice import ChoiceDialog as BaseChoiceDialog
from ui.i18n import tr
from ui.theme import ACCENT, DANGER

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


class ChoiceDialog(BaseChoiceDialog):
    """Pick one of a few options; ``chosen(value)`` once accepted.

    ``options`` are ``(value, text)`` pairs; with ``other`` a last option "Lainnya…" shows a
    line edit whose typed text becomes the value. Digits 1–9 pick an option at once.
    """

    def __init__(self, title: str, options: list[tuple[str, str]], parent: QWidget | None = None, *,
                 other: bool = False, ok_text: str | None = None) -> None:
        super().__init__(title, parent)
        layout = _frame(self, title, "choiceDialog", 12)
        if other:
            options = [*options, (OTHER, tr("supervisor.actions.other"))]
        self.add_choices(layout, options, point_size=15, padding=10, row_height=50, min_width=520,
                         other_hint=tr("supervisor.actions.other_hint"), other_point_size=15)
        self.back_button, self.ok_button = _buttons(layout, ok_text or tr("supervisor.actions.ok"))
        self.back_button.clicked.connect(self.reject)
        self.ok_button.clicked.connect(self._accept_current)
        self.list.setFocus()

    def texts(self) -> list[str]:
        """The options as shown."""
        return [self.list.item(i).text() for i in range(self.list.count())]


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
