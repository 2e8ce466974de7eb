"""The keyboard-first chooser both the counter and the console open: pick one of a few options.

:class:`ChoiceDialog` holds what a chooser does (options numbered 1–9 and picked by their
digit, ↑/↓ and Enter, Esc to close, an "other" option whose typed text is the answer, one
``chosen(value)`` per dialog); an app's subclass lays it out in its own style with
:meth:`ChoiceDialog.add_choices`. It is opened with ``open()`` (window-modal, never a nested
event loop).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

OTHER = "\x00other"  # the value of the "other" option: its typed text is the answer


class ChoiceDialog(QDialog):
    """Pick one of a few options; ``chosen(value)`` once accepted.

    ``options`` are ``(value, text)`` pairs. The value :data:`OTHER` shows a line edit for
    free text; its typed text becomes the value. Digits 1–9 pick an option at once.
    """

    chosen = Signal(str)

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._answered = False
        self.setWindowTitle(title)
        self.setObjectName("choiceDialog")

    def add_choices(self, layout: QVBoxLayout, options: list[tuple[str, str]], *, point_size: int,
                    padding: int, row_height: int, min_width: int, other_hint: str,
                    other_point_size: int) -> None:
        """Add the option list (``self.list``) and the hidden "other" line edit (``self.other``)
        to ``layout``: a ``point_size`` font, rows ``row_height`` high (at most 8 shown), at least
        ``min_width`` wide and wide enough for the longest option."""
        self.list = QListWidget()
        font = self.list.font()
        font.setPointSize(point_size)
        self.list.setFont(font)  # a real font (not a style sheet) so the width below is measured right
        self.list.setStyleSheet(f"QListWidget::item {{ padding: {padding}px; }}")
        for i, (value, text) in enumerate(options, start=1):
            item = QListWidgetItem(f"{i}   {text}" if i <= 9 else text)
            item.setData(Qt.ItemDataRole.UserRole, value)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.setMinimumHeight(max(1, min(len(options), 8)) * row_height + 8)
        # Wide enough for the longest option (a long service name must not be cut off).
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setMinimumWidth(max(min_width, min(1000, self.list.sizeHintForColumn(0) + 48)))
        self.list.itemActivated.connect(lambda _item: self._accept_current())
        self.list.currentItemChanged.connect(lambda *_: self._show_other())
        layout.addWidget(self.list)
        self.other = QLineEdit()
        self.other.setPlaceholderText(other_hint)
        self.other.setStyleSheet(f"font-size: {other_point_size}pt; padding: 6px;")
        self.other.setMaxLength(120)
        self.other.returnPressed.connect(self._accept_current)
        self.other.hide()
        layout.addWidget(self.other)

    def values(self) -> list[str]:
        """The option values, in order."""
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def choose(self, value: str, other_text: str = "") -> None:
        """Pick ``value`` (and the typed text for :data:`OTHER`) as a person would."""
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
        """Digits pick an option directly; Enter accepts; Esc closes without an answer."""
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
