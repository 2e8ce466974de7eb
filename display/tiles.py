"""A tile per active counter: its name and the number it serves, "Jeda" or "—"."""

from __future__ import annotations

import math

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QWidget

from display import texts  # noqa: F401 - registers the board's texts
from display.fit import FitLabel, fit_together
from display.state import TileState
from display.style import AMBER, PANEL, PAUSED, SOFT, TEXT, Panel, set_text_colour
from ui.i18n import tr

HIGHLIGHT_MS = 6000
NAME_SHARE = 0.62  # a counter's name at most this share of its number's size


class CounterTile(Panel):
    """One counter: name on top, number below (or its pause)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, PANEL, radius_ratio=0.08)
        self.name = FitLabel("", self, fill=0.75, bold=True, align=Qt.AlignmentFlag.AlignCenter)
        self.number = FitLabel("", self, fill=0.9, bold=True, align=Qt.AlignmentFlag.AlignCenter)
        self.status = FitLabel("", self, fill=0.7, align=Qt.AlignmentFlag.AlignCenter)
        set_text_colour(self.name, SOFT)
        set_text_colour(self.number, TEXT)
        set_text_colour(self.status, AMBER)
        self.state: TileState | None = None
        self.min_line_px = 0  # the name and status lines never lower than this
        self._unlight = QTimer(self)
        self._unlight.setSingleShot(True)
        self._unlight.timeout.connect(lambda: self.set_border(None))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Place the labels."""
        super().resizeEvent(event)
        self.place_labels()

    def place_labels(self) -> None:
        """Name on top (30 %), number (52 %), status (18 %), inside a margin."""
        m = round(min(self.width(), self.height()) * 0.07)
        w, h = max(1, self.width() - 2 * m), max(1, self.height() - m)
        y = m // 2
        name_h = max(round(h * 0.30), self.min_line_px)
        status_h = max(round(h * 0.18), self.min_line_px) if self.status.text() else 0
        for label, part_h in ((self.name, name_h), (self.number, h - name_h - status_h), (self.status, status_h)):
            label.setGeometry(QRect(m, y, w, max(1, part_h)))
            y += part_h

    def show_state(self, state: TileState) -> None:
        """Show a counter's state. A paused counter shows no number and a neutral label,
        whatever the officer's reason (which stays between the office and its staff)."""
        self.state = state
        self.name.setText(state.name)
        if state.paused:
            self.number.setText(tr("board_not_serving"))
            set_text_colour(self.number, AMBER)
            self.status.setText("")
        elif state.label:
            self.number.setText(state.label)
            set_text_colour(self.number, TEXT)
            self.status.setText("")
        else:
            self.number.setText("—")
            set_text_colour(self.number, SOFT)
            self.status.setText("")
        self.set_colour(PAUSED if state.paused else PANEL)

    def highlight(self) -> None:
        """Frame the tile for a few seconds (its counter just called)."""
        self.set_border(AMBER)
        self._unlight.start(HIGHLIGHT_MS)


def grid_shape(count: int, width: int, height: int, *, ideal_aspect: float = 1.6) -> tuple[int, int]:
    """(columns, rows) for ``count`` tiles in a ``width``×``height`` area, tiles near ``ideal_aspect``."""
    if count <= 0:
        return (0, 0)
    best: tuple[float, int, int] | None = None
    for rows in range(1, count + 1):
        cols = math.ceil(count / rows)
        if (rows - 1) * cols >= count:
            continue
        aspect = (width / cols) / max(1.0, height / rows)
        score = abs(math.log(aspect / ideal_aspect))
        if best is None or score < best[0]:
            best = (score, cols, rows)
    assert best is not None
    return best[1], best[2]


class CounterTiles(QWidget):
    """The counters' tiles in a grid that fits the area, whatever the counter count."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tiles: list[CounterTile] = []
        self.empty = FitLabel("", self, fill=0.3, align=Qt.AlignmentFlag.AlignCenter)
        set_text_colour(self.empty, SOFT)
        self.ideal_aspect = 1.6
        self.min_line_px = 0  # each tile's name line never lower than this

    def set_min_line_px(self, px: int) -> None:
        """Each tile's name (and status) line never lower than ``px``."""
        if px != self.min_line_px:
            self.min_line_px = px
            self._arrange()

    def show_tiles(self, states: list[TileState]) -> None:
        """One tile per state, in order."""
        while len(self.tiles) < len(states):
            tile = CounterTile(self)
            tile.show()
            self.tiles.append(tile)
        while len(self.tiles) > len(states):
            self.tiles.pop().deleteLater()
        for tile, state in zip(self.tiles, states, strict=False):
            tile.show_state(state)
        self.empty.setText("" if states else tr("board_no_counters"))
        self.empty.setVisible(not states)
        self._arrange()

    def highlight(self, counter_number: int) -> None:
        """Frame the tile of ``counter_number``, if shown."""
        for tile in self.tiles:
            if tile.state is not None and tile.state.number == counter_number:
                tile.highlight()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Re-arrange the grid."""
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        self.empty.setGeometry(self.rect())
        n = len(self.tiles)
        if not n:
            return
        cols, rows = grid_shape(n, self.width(), self.height(), ideal_aspect=self.ideal_aspect)
        gap = round(min(self.width(), self.height()) * 0.04)
        w = (self.width() - gap * (cols - 1)) / cols
        h = (self.height() - gap * (rows - 1)) / rows
        for i, tile in enumerate(self.tiles):
            r, c = divmod(i, cols)
            tile.setGeometry(QRect(round(c * (w + gap)), round(r * (h + gap)), max(1, round(w)), max(1, round(h))))
            tile.min_line_px = self.min_line_px
            tile.place_labels()
        # Only real numbers are sized together (a paused tile's words would shrink them all).
        numbers = [t.number for t in self.tiles if t.state is not None and t.state.label and not t.state.paused]
        fit_together(numbers)
        fit_together([t.name for t in self.tiles])
        # The number is what visitors look for: the counter's name stays clearly smaller.
        sizes = sorted(n.font().pixelSize() for n in numbers) or [t.number.font().pixelSize() for t in self.tiles]
        cap = round(sizes[len(sizes) // 2] * NAME_SHARE)
        for tile in self.tiles:
            tile.name.set_cap(min(v for v in (tile.name.font().pixelSize(), cap) if v > 0))
