"""The board's top bar: logo, site name, the offline mark, and the date and clock.

The offline mark is a small pill in the bar itself: it never covers a number.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QImageReader, QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

from db.sitetime import DEFAULT_TZ
from display import texts  # noqa: F401 - registers the board's texts
from display.fit import FitClock, FitLabel
from display.style import AMBER, HEADER, OFFLINE, SOFT, TEXT, Panel, set_text_colour
from ui.i18n import retranslate_on_switch, tr
from ui.tasks import TaskRunner

log = logging.getLogger("antrian.display.header")


def load_logo(path: Path) -> QImage:
    """The logo image at ``path`` (a null image if it cannot be read)."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    image = reader.read()
    if image.isNull():
        log.warning("cannot read the logo %s: %s", path, reader.errorString())
    return image


class OfflineMark(Panel):
    """A small red pill: "⚠ Koneksi terputus" (or "Menyambung…" before the first connection)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, OFFLINE, radius_ratio=0.5)
        self.setObjectName("offlineMark")
        self.label = FitLabel("", self, fill=0.6, bold=True, align=Qt.AlignmentFlag.AlignCenter)
        set_text_colour(self.label, TEXT)
        self._key = "board_connecting"
        retranslate_on_switch(self)

    def show_state(self, key: str) -> None:
        """Show the text ``key`` ("board_offline" or "board_connecting")."""
        self._key = key
        self.label.setText(tr(key))

    def translate_ui(self) -> None:
        """Re-set the text in the current language."""
        self.label.setText(tr(self._key))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The text inside the pill's rounded ends."""
        super().resizeEvent(event)
        pad = self.height() // 2
        self.label.setGeometry(QRect(pad, 0, max(1, self.width() - 2 * pad), self.height()))


class Header(Panel):
    """Logo and site name on the left, clock on the right, the offline mark between."""

    def __init__(self, parent: QWidget | None = None, timezone: str = DEFAULT_TZ) -> None:
        super().__init__(parent, HEADER, radius_ratio=0.0)
        self._images = TaskRunner(self)
        self._logo_path: Path | None = None
        self._logo_image: QImage | None = None
        self.logo = QLabel(self)
        self.logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo.hide()
        self.site = FitLabel("", self, fill=0.78, bold=True)
        self.subtitle = FitLabel("", self, fill=0.72)
        self.time = FitClock(timezone, self, fill=0.86, bold=True)
        self.date = FitClock(timezone, self, date_only=True, fill=0.72)
        self.offline = OfflineMark(self)
        self.stacked = False
        set_text_colour(self.site, TEXT)
        set_text_colour(self.subtitle, SOFT)
        set_text_colour(self.time, TEXT)
        set_text_colour(self.date, AMBER)

    def set_site(self, name: str, subtitle: str) -> None:
        """Show the site's name and subtitle."""
        self.site.setText(name)
        self.subtitle.setText(subtitle)
        self.subtitle.setVisible(bool(subtitle))
        self._arrange()

    def set_timezone(self, tz: str) -> None:
        """Show the clock in ``tz``."""
        for clock in (self.time, self.date):
            if str(clock.tz) != tz:
                clock.set_timezone(tz)

    def set_logo(self, path: str | Path | None) -> None:
        """Show the logo at ``path`` (None or "": no logo). The file is read off the UI thread."""
        target = Path(path).expanduser() if path else None
        if target == self._logo_path:
            return
        self._logo_path = target
        if target is None:
            self._logo_image = None
            self.logo.hide()
            self._arrange()
            return
        self._images.run(lambda: load_logo(target), lambda image: self._on_logo(target, image))

    def _on_logo(self, path: Path, image: QImage) -> None:
        if path != self._logo_path:
            return
        self._logo_image = None if image.isNull() else image
        self.logo.setVisible(self._logo_image is not None)
        self._arrange()

    def set_offline(self, key: str | None) -> None:
        """Show the offline mark with the text ``key``, or hide it (None)."""
        if key is None:
            self.offline.hide()
        else:
            self.offline.show_state(key)
            self.offline.show()
        if self.stacked:
            self._arrange()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Place everything."""
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        w, h = self.width(), self.height()
        pad = round(h * 0.08)
        inner_h = h - 2 * pad
        x = round(h * 0.2)
        if self._logo_image is not None:
            size = inner_h
            pix = QPixmap.fromImage(self._logo_image.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                                                            Qt.TransformationMode.SmoothTransformation))
            self.logo.setPixmap(pix)
            self.logo.setGeometry(QRect(x, pad, size, size))
            x += size + round(h * 0.2)
        if self.stacked:
            self._arrange_stacked(x, pad, inner_h)
            return
        clock_w = round(min(w * 0.34, h * 4.8))
        right = w - round(h * 0.2)
        top_h = round(inner_h * 0.52)
        self.time.setGeometry(QRect(right - clock_w, pad, clock_w, top_h))
        self.date.setGeometry(QRect(right - clock_w, pad + top_h, clock_w, inner_h - top_h))
        text_w = max(1, right - clock_w - round(h * 0.3) - x)
        # The offline mark sits at the end of the subtitle line: it never moves the site name.
        mark_w = round(min(text_w * 0.4, h * 2.8))
        mark_h = inner_h - top_h
        mark_x = x + text_w - mark_w
        self.offline.setGeometry(QRect(mark_x, pad + top_h, mark_w, mark_h))
        if self.subtitle.isVisibleTo(self):
            self.site.setGeometry(QRect(x, pad, text_w, top_h))
        else:
            self.site.setGeometry(QRect(x, pad, max(1, mark_x - round(h * 0.2) - x), inner_h))
        self.subtitle.setGeometry(QRect(x, pad + top_h, max(1, mark_x - round(h * 0.2) - x), inner_h - top_h))
        site_px = self.site.natural_px()
        self.subtitle.set_cap(round(site_px * 0.7) if site_px else 0)

    def _arrange_stacked(self, x: int, pad: int, inner_h: int) -> None:
        """A narrow (portrait) bar: site name, then subtitle and the offline mark, then date and clock."""
        w = self.width()
        right = w - x
        line = inner_h // 3
        self.site.setGeometry(QRect(x, pad, max(1, right - x), line))
        mark_w = round(min((right - x) * 0.4, line * 6))
        mark_x = right - mark_w
        self.offline.setGeometry(QRect(mark_x, pad + line, mark_w, line))
        # The subtitle gives way to the offline mark only while the mark shows.
        sub_right = mark_x - line // 2 if self.offline.isVisibleTo(self) else right
        self.subtitle.setGeometry(QRect(x, pad + line, max(1, sub_right - x), line))
        if not self.subtitle.isVisibleTo(self):
            self.site.setGeometry(QRect(x, pad, max(1, right - x), 2 * line))
        clock_w = round((right - x) * 0.3)
        self.date.setGeometry(QRect(x, pad + 2 * line, right - x - clock_w, inner_h - 2 * line))
        self.date.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.time.setGeometry(QRect(right - clock_w, pad + 2 * line, clock_w, inner_h - 2 * line))
        site_px = self.site.natural_px()
        self.subtitle.set_cap(round(site_px * 0.8) if site_px else 0)

    def set_stacked(self, stacked: bool) -> None:
        """Three lines (portrait) instead of two with the clock at the right."""
        if stacked != self.stacked:
            self.stacked = stacked
            if not stacked:
                self.date.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self._arrange()
