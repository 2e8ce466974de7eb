"""One table of a report preview as a Qt model: cells already written in the reports' style,
numbers right-aligned, the totals rows in bold, long headers on two lines."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from supervisor.reports_data import PreviewTable

_Index = QModelIndex | QPersistentModelIndex


def two_lines(header: str, longest: int = 10) -> str:
    """A header longer than ``longest`` letters broken at the space nearest its middle."""
    if len(header) <= longest or " " not in header:
        return header
    middle = len(header) // 2
    spaces = [i for i, ch in enumerate(header) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return header[:cut] + "\n" + header[cut + 1:]


class PreviewModel(QAbstractTableModel):
    """The cells of one :class:`PreviewTable` (empty until :meth:`set_table`)."""

    def __init__(self) -> None:
        super().__init__()
        self.table: PreviewTable | None = None
        self._bold = QFont()
        self._bold.setBold(True)

    def set_table(self, table: PreviewTable | None) -> None:
        """Show ``table`` (None: nothing)."""
        self.beginResetModel()
        self.table = table
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        """Rows of the table."""
        return 0 if self.table is None or parent.isValid() else len(self.table.texts)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        """Columns of the table."""
        return 0 if self.table is None or parent.isValid() else len(self.table.headers)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A cell's text, alignment (numbers right) and font (totals bold)."""
        t = self.table
        if t is None or not index.isValid():
            return None
        row, col = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return t.texts[row][col]
        if role == Qt.ItemDataRole.ToolTipRole and t.kinds[col] == "text":
            return t.texts[row][col]  # a long name is cut in its column
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignLeft if t.kinds[col] in ("text", "date") else Qt.AlignmentFlag.AlignRight
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and row >= len(t.texts) - t.totals:
            return self._bold
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column headers (on two lines when long); no row headers."""
        t = self.table
        if t is None or orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return two_lines(t.headers[section])
        if role == Qt.ItemDataRole.ToolTipRole:
            return t.headers[section]
        return None
