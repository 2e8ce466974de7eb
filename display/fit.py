"""Labels whose text always fits their box: the font follows the box, never the other way.

A lobby board is read from metres away and runs at 1366×768, 1920×1080 or portrait
1080×1920: fonts are derived from the space each text has. :class:`FitLabel` picks the
largest pixel size (up to ``max_px``, and up to ``fill`` of the box height) at which its
text fits the box, shrinks down to ``min_px`` for long texts, and elides below that. Its
size hint is empty, so text changes never move the layout.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from db.sitetime import DEFAULT_TZ
from ui.widgets import ClockLabel

#: Never smaller than this (pixels); below it a text is elided instead.
MIN_PX = 10


def fitted_font(base: QFont, text: str, width: int, height: int, *, fill: float = 0.8,
                max_px: int = 0, min_px: int = MIN_PX) -> tuple[QFont, str]:
    """The font (``base`` at a fitting pixel size) and the text to show in a ``width``×``height`` box.

    The text is elided only when it does not fit even at ``min_px``.
    """
    font = QFont(base)
    px = int(height * fill)
    if max_px:
        px = min(px, max_px)
    px = max(px, min_px)
    font.setPixelSize(px)
    fm = QFontMetrics(font)
    if fm.height() > height and px > min_px:  # a font's line is taller than its pixel size
        px = max(min_px, int(px * height / fm.height()))
        font.setPixelSize(px)
        fm = QFontMetrics(font)
        while px > min_px and fm.height() > height:
            px -= 1
            font.setPixelSize(px)
            fm = QFontMetrics(font)
    advance = fm.horizontalAdvance(text)
    if advance > width and px > min_px:
        px = max(min_px, int(px * width / advance))
        font.setPixelSize(px)
        fm = QFontMetrics(font)
        while px > min_px and fm.horizontalAdvance(text) > width:
            px -= 1
            font.setPixelSize(px)
            fm = QFontMetrics(font)
    if fm.horizontalAdvance(text) > width:
        text = fm.elidedText(text, Qt.TextElideMode.ElideRight, max(width, 0))
    return font, text


if TYPE_CHECKING:
    _LabelBase = QLabel  # the mixin is only ever mixed into QLabels
else:
    _LabelBase = object


class _FitMixin(_LabelBase):
    """Fitting logic shared by :class:`FitLabel` and :class:`FitClock` (both QLabels)."""

    _full: str
    _fill: float
    _max_px: int
    _min_px: int
    _bold: bool

    def _fit_setup(self, fill: float, max_px: int, min_px: int, bold: bool, align: Qt.AlignmentFlag) -> None:
        self._full = ""
        self._fill, self._max_px, self._min_px, self._bold = fill, max_px, min_px, bold
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setAlignment(align)
        self.setMargin(0)
        self.setIndent(0)
        self.setWordWrap(False)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def full_text(self) -> str:
        """The whole text, before any elision."""
        return self._full

    def natural_px(self) -> int:
        """The pixel size the text would get in its box on its own (ignoring any group cap)."""
        rect = self.contentsRect()
        if rect.width() <= 0 or rect.height() <= 0 or not self._full:
            return 0
        font, _shown = fitted_font(self._base_font(), self._full, rect.width(), rect.height(), fill=self._fill,
                                   max_px=self._max_px, min_px=self._min_px)
        return font.pixelSize()

    def set_min_px(self, px: int) -> None:
        """The smallest pixel size the text may take (below it the text is elided)."""
        if px != self._min_px:
            self._min_px = px
            self._refit()

    def min_px(self) -> int:
        """The smallest pixel size the text may take."""
        return self._min_px

    def set_cap(self, px: int) -> None:
        """Cap the pixel size for a group of labels sized together (0: no cap)."""
        if px != getattr(self, "_cap", 0):
            self._cap = px
            self._refit()

    def _base_font(self) -> QFont:
        base = QFont(self.font())
        base.setBold(self._bold)
        return base

    def sizeHint(self) -> QSize:
        """Empty: the layout decides the box, the text adapts."""
        return QSize(0, 0)

    def minimumSizeHint(self) -> QSize:
        """Empty, like :meth:`sizeHint`."""
        return QSize(0, 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Refit to the new box."""
        super().resizeEvent(event)
        self._refit()

    def _refit(self) -> None:
        rect = self.contentsRect()
        if rect.width() <= 0 or rect.height() <= 0:
            QLabel.setText(self, self._full)
            return
        cap = getattr(self, "_cap", 0)
        limit = min(v for v in (self._max_px, cap) if v) if (self._max_px or cap) else 0
        font, shown = fitted_font(self._base_font(), self._full, rect.width(), rect.height(), fill=self._fill,
                                  max_px=limit, min_px=self._min_px)
        if font != self.font():
            self.setFont(font)
        if shown != self.text():
            QLabel.setText(self, shown)


class FitLabel(_FitMixin, QLabel):
    """A QLabel whose one-line text is sized to fill its box (see :func:`fitted_font`)."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, fill: float = 0.8, max_px: int = 0,
                 min_px: int = MIN_PX, bold: bool = False,
                 align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter) -> None:
        super().__init__(parent)
        self._fit_setup(fill, max_px, min_px, bold, align)
        self.setText(text)

    def setText(self, text: str) -> None:
        """Show ``text``, fitted to the box."""
        if text == self._full and self.text():
            return
        self._full = text
        self._refit()


class FitClock(_FitMixin, ClockLabel):
    """:class:`ui.widgets.ClockLabel` fitted to its box; ``date_only`` shows just the date."""

    def __init__(self, tz: str = DEFAULT_TZ, parent: QWidget | None = None, *, with_date: bool = False,
                 date_only: bool = False, fill: float = 0.8, bold: bool = False,
                 align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter) -> None:
        self._date_only = date_only
        self._full = ""
        self._fill, self._max_px, self._min_px, self._bold = fill, 0, MIN_PX, bold
        super().__init__(tz, parent, with_date=with_date or date_only)
        self._fit_setup(fill, 0, MIN_PX, bold, align)
        self.refresh()

    def setText(self, text: str) -> None:
        """Called by ClockLabel.refresh: keep the date or time part as asked, fitted to the box."""
        if getattr(self, "_date_only", False):
            text = text.rsplit("  ", 1)[0]
        if text == self._full and self.text():
            return
        self._full = text
        self._refit()


#: In a group, a text needing less than this share of the typical size shrinks alone.
OUTLIER = 0.8


def fit_together(labels: Sequence[FitLabel]) -> None:
    """Size ``labels`` alike: the largest size at which all of them fit.

    One much longer text (below ``OUTLIER`` × the median size) does not shrink the
    others: it gets its own, smaller size.
    """
    sizes = sorted(px for px in (label.natural_px() for label in labels) if px > 0)
    cap = max(sizes[0], round(sizes[(len(sizes) - 1) // 2] * OUTLIER)) if sizes else 0
    for label in labels:
        label.set_cap(cap)


def text_fits(label: QLabel) -> bool:
    """True when ``label``'s shown text fits its contents box at its font (the tests' rule)."""
    fm = QFontMetrics(label.font())
    rect = label.contentsRect()
    return fm.horizontalAdvance(label.text()) <= rect.width() and (not label.text() or fm.height() <= rect.height())
