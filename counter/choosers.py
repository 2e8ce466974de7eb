"""Small keyboard-first choosers: the service to transfer to, the reason for a pause.

A :class:`ChoiceDialog` is opened with ``open()`` (window-modal, never a nested event
loop) and reports the choice through ``chosen(value)``. Digits 1–9 pick an option at
once, ↑/↓ and Enter work as usual, Esc cancels.
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

from counter.texts import TEXTS
from db.records import ServiceQueue
from ui.i18n import tr, translator

OTHER = "\x00other"  # the value of the "other reason" option

PAUSE_REASONS = ("counter.pause.break", "counter.pause.prayer", "counter.pause.meeting")


class ChoiceDialog(QDialog):
    """Pick one of a few options; ``chosen(value)`` once accepted.

    ``options`` are ``(value, text)`` pairs. The value :data:`OTHER` shows a line edit
    for free text; its typed text becomes the value.
    """

    chosen = Signal(str)

    def __init__(self, title: str, options: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._answered = False
        self.setWindowTitle(title)
        self.setObjectName("choiceDialog")
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # never narrower than its options
        layout.setContentsMargins(20, 18, 20, 18)
        layout.setSpacing(12)
        heading = QLabel(title)
        heading.setStyleSheet("font-size: 17pt; font-weight: bold;")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.list = QListWidget()
        font = self.list.font()
        font.setPointSize(14)
        self.list.setFont(font)  # a real font (not a style sheet) so the width below is measured right
        self.list.setStyleSheet("QListWidget::item { padding: 8px; }")
        for i, (value, text) in enumerate(options, start=1):
            item = QListWidgetItem(f"{i}   {text}" if i <= 9 else text)
            item.setData(Qt.ItemDataRole.UserRole, value)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        rows = max(1, min(len(options), 8))
        self.list.setMinimumHeight(rows * 46 + 8)
        # Wide enough for the longest option (a long service name must not be cut off).
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setMinimumWidth(max(480, min(1000, self.list.sizeHintForColumn(0) + 48)))
        self.list.itemActivated.connect(lambda _item: self._accept_current())
        self.list.currentItemChanged.connect(lambda *_: self._show_other())
        layout.addWidget(self.list)
        self.other = QLineEdit()
        self.other.setPlaceholderText(tr("counter.pause.other_hint"))
        self.other.setStyleSheet("font-size: 14pt; padding: 6px;")
        self.other.setMaxLength(120)
        self.other.returnPressed.connect(self._accept_current)
        self.other.hide()
        layout.addWidget(self.other)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton(tr("counter.choose.cancel"))
        self.ok_button = QPushButton(tr("counter.choose.ok"))
        for b in (self.cancel_button, self.ok_button):
            b.setMinimumHeight(44)
            b.setStyleSheet("font-size: 13pt; padding: 4px 18px;")
            b.setAutoDefault(False)
            buttons.addWidget(b)
        self.cancel_button.clicked.connect(self.reject)
        self.ok_button.clicked.connect(self._accept_current)
        layout.addLayout(buttons)
        self.list.setFocus()

    def values(self) -> list[str]:
        """The option values, in order."""
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def choose(self, value: str, other_text: str = "") -> None:
        """Pick ``value`` (and the free text for :data:`OTHER`) as if the officer had."""
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
        """Digits pick an option directly; Enter accepts; Esc cancels."""
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
        is_other = item is not None and item.data(Qt.ItemDataRole.UserRole) == OTHER
        self.other.setVisible(is_other)

    def _accept_current(self) -> None:
        item = self.list.currentItem()
        if item is None or self._answered:
            return
        value = str(item.data(Qt.ItemDataRole.UserRole))
        if value == OTHER:
            if not self.other.isVisible():
                self.other.show()
            text = self.other.text().strip()
            if not text:
                self.other.setFocus()
                return
            value = text
        self._answered = True  # one Enter may arrive twice (line edit, then dialog)
        self.chosen.emit(value)
        self.accept()


def transfer_dialog(label: str, current_code: str, services: tuple[ServiceQueue, ...], parent: QWidget | None) -> ChoiceDialog:
    """The chooser of the service to send ticket ``label`` to (active services but its own)."""
    english = translator().language == "en"
    options = [
        (s.code, tr("counter.transfer.option", code=s.code, name=s.name_en if english else s.name_id, n=s.waiting))
        for s in services
        if s.active and s.code != current_code
    ]
    return ChoiceDialog(tr("counter.transfer.title", label=label), options, parent)


def pause_dialog(parent: QWidget | None) -> ChoiceDialog:
    """The chooser of the pause reason: break, prayer, meeting, or typed text.

    The stored reason is the Indonesian word (the site's first language), so every
    screen shows the same reason whatever language the officer reads.
    """
    options = [(TEXTS[key]["id"], tr(key)) for key in PAUSE_REASONS]
    options.append((OTHER, tr("counter.pause.other")))
    return ChoiceDialog(tr("counter.pause.title"), options, parent)
