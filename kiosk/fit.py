"""Sizing text to the screen: a scale factor per window size and fonts that fit a box.

Fonts and measurements are cached: the grid tries several layouts on every resize and
language switch, and the same few strings are measured again and again.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QResizeEvent
from PySide6.QtWidgets import QWidget

from ui.theme import font_family

WRAP = int(Qt.TextFlag.TextWordWrap)
REFERENCE = (1280, 800)  # sizes below are chosen for this screen and scaled from it
NB_HYPHEN = "\u2011"


def scale_for(size: QSize) -> float:
    """How much bigger than 1280×800 (landscape) or 800×1280 (portrait) the window is."""
    w, h = size.width(), size.height()
    if w <= 0 or h <= 0:
        return 1.0
    return max(0.45, min(max(w, h) / REFERENCE[0], min(w, h) / REFERENCE[1]))


class ScaledScreen(QWidget):
    """A kiosk screen whose texts and spaces grow with its window: on every resize (and when
    the screen calls :meth:`_apply_scale`) ``scale`` becomes :func:`scale_for` the window's
    size and :meth:`_scale_to` sizes the screen's parts by it."""

    scale = 1.0

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Scale the texts with the window."""
        super().resizeEvent(event)
        self._apply_scale()

    def _apply_scale(self) -> None:
        self.scale = scale_for(self.window().size() if self.window() is not self else self.size())
        self._scale_to(self.scale)

    def _scale_to(self, s: float) -> None:
        """Size the screen's parts for the scale ``s`` (each screen defines how)."""
        raise NotImplementedError


def _quantise(point_size: float) -> float:
    return max(6.0, round(point_size * 2) / 2)


def make_font(point_size: float, bold: bool = False) -> QFont:
    """The theme's font at ``point_size`` (rounded to half points, never below 6 pt).

    The QFont is shared from a cache: pass it on (``setFont`` copies it), don't change it.
    """
    return _font(_quantise(point_size), bool(bold), font_family())


@lru_cache(maxsize=512)
def _font(point_size: float, bold: bool, family: str) -> QFont:
    f = QFont(family)
    f.setPointSizeF(point_size)
    f.setBold(bold)
    return f


@lru_cache(maxsize=256)
def _metrics(point_size: float, bold: bool, family: str) -> QFontMetricsF:
    return QFontMetricsF(_font(point_size, bold, family))


def metrics(font: QFont) -> QFontMetricsF:
    """Cached metrics of a font made by :func:`make_font`."""
    return _metrics(font.pointSizeF(), font.bold(), font.family())


def bold_font_within(text: str, start_pt: float, min_pt: float, width: float) -> QFont:
    """The bold theme font for a one-line ``text``: ``start_pt``, made half a point smaller
    at a time while the text is wider than ``width``, but not below ``min_pt``.

    Remembered per text and box: the grid measures every tile at several sizes on each
    resize and snapshot, and the same status lines came back hundreds of times.
    """
    return make_font(_pt_within(text, start_pt, min_pt, width, font_family()), True)


@lru_cache(maxsize=4096)
def _pt_within(text: str, start_pt: float, min_pt: float, width: float, family: str) -> float:
    pt = start_pt
    while pt > min_pt and _metrics(_quantise(pt), True, family).horizontalAdvance(text) > width:
        pt -= 0.5
    return pt


def keep_words(text: str) -> str:
    """Glue hyphenated words (``E-Sertifikasi``) so lines never break at the hyphen."""
    return text.replace("-", NB_HYPHEN) if "-" in text else text


@lru_cache(maxsize=8192)
def _text_size(text: str, point_size: float, bold: bool, family: str, width: int) -> tuple[float, float, int]:
    fm = _metrics(point_size, bold, family)
    widest = max((fm.horizontalAdvance(word) for word in text.split()), default=0.0)
    if not text:
        return 0.0, 0.0, 0
    rect = fm.boundingRect(QRectF(0, 0, max(1, width), 1e6), WRAP, text)
    return widest, rect.height(), max(1, round(rect.height() / fm.lineSpacing()))


def text_size(text: str, font: QFont, width: float) -> tuple[float, float, int]:
    """(widest word, wrapped height, lines) of ``text`` set in ``font`` at ``width`` pixels."""
    return _text_size(text, font.pointSizeF(), font.bold(), font.family(), int(width))


def fits(text: str, font: QFont, width: float, height: float, max_lines: int | None = None) -> bool:
    """Whether ``text`` wrapped at word boundaries fits in ``width``×``height``."""
    widest, h, lines = text_size(text, font, width)
    return widest <= width and h <= height and (max_lines is None or lines <= max_lines)


def largest(max_pt: float, min_pt: float, ok: Callable[[float], bool]) -> float:
    """The largest half-point size in [min_pt, max_pt] for which ``ok(pt)`` holds (binary search).

    ``ok`` must be monotonic (true below some size, false above); ``min_pt`` if never true.
    """
    lo, hi = round(min_pt * 2), round(max_pt * 2)
    if ok(hi / 2):
        return hi / 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if ok(mid / 2):
            lo = mid
        else:
            hi = mid
    return lo / 2


def fit_point_size(text: str, width: float, height: float, max_pt: float, min_pt: float, *,
                   bold: bool = False, max_lines: int | None = None) -> float:
    """The largest size from ``max_pt`` down to ``min_pt`` at which ``text`` fits the box."""
    return largest(max_pt, min_pt, lambda pt: fits(text, make_font(pt, bold), width, height, max_lines))
