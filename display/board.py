"""The lobby board: every panel, placed for landscape or portrait screens.

``show_state(state, fresh)`` shows a :class:`display.state.BoardState`; calls listed in
``fresh`` (heard live just now) flash. Panels are placed by fractions of the window
(1366×768 up to 1920×1080, or portrait 1080×1920), and every text fits its box (see
:mod:`display.fit`) at no less than :func:`floor_px` — 40 px on a 1080-line screen, so a
number is read from the back of the lobby; lists show fewer rows rather than smaller text.
Once a call is actually painted the board logs ``board_updated`` (``label``, ``counter``,
``event_id``) and emits ``call_painted``.
``ready`` is emitted once, after the first snapshot is painted.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QRect, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QWidget

from db.records import CallRecord
from display import texts  # noqa: F401 - registers the board's texts
from display.callpanel import CallPanel
from display.fit import FitLabel, fit_together
from display.header import Header
from display.ikm import IkmLine, ikm_text
from display.lists import HistoryPanel, WaitingPanel
from display.media import MediaPane
from display.state import BoardState, recent_count
from display.style import GROUND
from display.texts import counter_name
from display.ticker import Ticker, running_text
from display.tiles import CounterTiles, grid_shape
from ui.i18n import retranslate_on_switch, tr, translator

log = logging.getLogger("antrian.display.board")

#: The least text height, as a share of the screen's shorter side (40 px at 1080).
FLOOR_SHARE = 40 / 1080
#: A list row's height per pixel of the least text size.
ROW_PER_PX = 1.45
#: A line's box per pixel of the least text size (a font's line is ~1.17 × its pixel size).
LINE_PER_PX = 1.2
#: A counter tile's least height per pixel of the least text size: name and number, or
#: name, number and status.
TILE_PER_PX = (3.0, 4.0)


def tiles_height(count: int, lines: float, width: int, height: int, floor: int, *, ideal_aspect: float) -> int:
    """The height a grid of ``count`` counter tiles in ``width``×``height`` needs so each tile's
    ``lines`` lines of text (name, number, maybe a status) keep text size ``floor``."""
    _cols, rows = grid_shape(max(1, count), width, height, ideal_aspect=ideal_aspect)
    return round(rows * floor * lines + (rows - 1) * floor * 0.3)


def floor_px(width: int, height: int) -> int:
    """The smallest text size (pixels) on a board of ``width``×``height``: 40 at 1920×1080."""
    return max(10, round(min(width, height) * FLOOR_SHARE))


class Board(QWidget):
    """The whole lobby screen."""

    ready = Signal()
    call_painted = Signal(str, int, float)  # label, event id, time.time() of the paint

    def __init__(self, parent: QWidget | None = None, *, base_dir: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Antrian")
        self.setAutoFillBackground(False)
        self.base_dir = base_dir  # relative logo and media paths are taken from here
        self.header = Header(self)
        self.call = CallPanel(self)
        self.tiles = CounterTiles(self)
        self.history = HistoryPanel(self)
        self.waiting = WaitingPanel(self)
        self.media = MediaPane(self)
        self.media.hide()
        self.ticker = Ticker(self)
        self.state: BoardState | None = None
        self.ikm: IkmLine | None = None  # the current period's IKM (display.ikm), shown in the ticker
        self._logged: set[int] = set()
        self._big_pending: CallRecord | None = None
        self._flashed = 0  # the event id of the last call that flashed
        self._awaiting_ready = False
        self._ready_sent = False
        self.floor = 10
        self._service_count: tuple[int, int] = (-1, -1)
        self.call.show_idle(tr("board_loading"))
        self.call.number.painted.connect(self._on_number_painted)
        self.media.available.connect(lambda _has: self._arrange())
        retranslate_on_switch(self)

    # -- showing data -------------------------------------------------------------------------
    def show_fresh_call(self, state: BoardState, fresh: list[CallRecord]) -> None:
        """Put the newest call heard live in the big panel, flashing; nothing else yet.

        This is the fast path between a commit and the paint: the rest of the board
        follows with :meth:`show_state` once the number is on screen.
        """
        self.state = state
        latest = state.latest()
        if latest is None or latest.event_id not in {c.event_id for c in fresh}:
            return
        self._show_latest(latest, flash=True)

    def show_state(self, state: BoardState, fresh: Iterable[CallRecord] = ()) -> None:
        """Show ``state``; the calls in ``fresh`` were just heard and are highlighted."""
        self.state = state
        fresh = list(fresh)
        snap = state.snapshot
        settings = state.settings
        if snap is not None:
            self.header.set_site(snap.site_name, self._per_language(settings.site_subtitle, settings.site_subtitle_en))
            self.header.set_timezone(settings.timezone)
            self.header.set_logo(self._path(settings.logo))
            self._show_ticker()
            self.media.set_folder(self._path(settings.media_dir))
        latest = state.latest()
        if latest is not None:
            self._show_latest(latest, flash=latest.event_id in {c.event_id for c in fresh})
        elif snap is not None:
            self.call.show_idle(tr("board_take_number"))
        if (len(state.services()), len(state.tiles())) != self._service_count:
            self._service_count = (len(state.services()), len(state.tiles()))
            self._arrange()  # the next-numbers list takes the room its services need
        self.tiles.show_tiles([replace(tile, name=counter_name(tile.name)) for tile in state.tiles()])
        for call in fresh:
            self.tiles.highlight(call.counter_number)
        self.history.set_slots(recent_count(settings))
        history = state.history()
        self.history.show_calls(history)
        self.waiting.set_slots(max(len(state.services()), 4))
        self.waiting.show_services(state.services())
        self._apply_floor()
        self._match_titles()
        for call in history:
            if call.event_id not in self._logged:
                self._logged.add(call.event_id)
                QTimer.singleShot(0, lambda c=call: self._log_shown(c, time.time(), where="history"))
        if snap is not None and not self._ready_sent:
            self._awaiting_ready = True
            self.update()

    def _show_latest(self, latest: CallRecord, *, flash: bool) -> None:
        """The big panel shows ``latest``; a call flashes once, however often it is shown."""
        flash = flash and latest.event_id != self._flashed
        if flash:
            self._flashed = latest.event_id
        self.call.show_call(latest.label, counter_name(latest.counter_name), self.service_name(latest.service_code),
                            recall=latest.kind == "recalled", flash=flash)
        if latest.event_id not in self._logged:
            self._big_pending = latest
            if not self.isVisible():
                self._log_shown(latest, time.time())

    def set_ikm(self, line: IkmLine | None) -> None:
        """The current period's IKM for the ticker (None: none to show)."""
        self.ikm = line
        self._show_ticker()

    def _show_ticker(self) -> None:
        """Today's notice, the site's running text and the IKM (while the site shows it), in one line."""
        snap = self.state.snapshot if self.state is not None else None
        if snap is None:
            return
        settings = snap.settings
        language = translator().language
        ikm = ikm_text(self.ikm) if settings.display_ikm else ""
        self.ticker.setText(running_text(self._per_language(settings.ticker, settings.ticker_en),
                                         settings.notice(language, snap.day), ikm))

    def service_name(self, code: str) -> str:
        """A service's name in the current language (the code if unknown)."""
        if self.state is not None and self.state.snapshot is not None:
            for svc in self.state.snapshot.services:
                if svc.code == code:
                    return svc.name_en if translator().language == "en" else svc.name_id
        return code

    def set_offline(self, key: str | None) -> None:
        """Show the small offline mark with text ``key``, or hide it."""
        self.header.set_offline(key)

    def offline_visible(self) -> bool:
        """True while the offline mark is shown."""
        return self.header.offline.isVisibleTo(self)

    def shutdown(self) -> None:
        """Stop background work (the slideshow)."""
        self.media.shutdown()

    @staticmethod
    def _per_language(text: str, text_en: str) -> str:
        """A site text in the board's language: ``text_en`` in English when the site set it."""
        return text_en if translator().language == "en" and text_en else text

    def _path(self, value: str) -> str | None:
        if not value:
            return None
        path = Path(value).expanduser()
        if not path.is_absolute() and self.base_dir is not None:
            path = self.base_dir / path
        return str(path)

    def translate_ui(self) -> None:
        """Every text in the current language: the big panel's title, the lists (re-shown)."""
        self.call.retranslate()
        if self.state is not None:
            self.show_state(self.state)

    # -- painted → logged ---------------------------------------------------------------------
    def _on_number_painted(self, text: str) -> None:
        call = self._big_pending
        if call is not None and call.label == text:
            self._big_pending = None
            self._log_shown(call, time.time())

    def _log_shown(self, call: CallRecord, at: float, where: str = "big") -> None:
        self._logged.add(call.event_id)
        if len(self._logged) > 2000:
            self._logged = set(sorted(self._logged)[-500:])
        log.info("board shows %s → %s", call.label, call.counter_name,
                 extra={"event": "board_updated", "label": call.label, "counter": call.counter_number,
                        "event_id": call.event_id, "kind": call.kind, "where": where})
        self.call_painted.emit(call.label, call.event_id, at)

    def paintEvent(self, event: QPaintEvent) -> None:
        """The dark ground; the first paint with data makes the board ready."""
        painter = QPainter(self)
        painter.fillRect(event.rect(), QColor(GROUND))
        painter.end()
        if self._awaiting_ready:
            self._awaiting_ready = False
            self._ready_sent = True
            QTimer.singleShot(0, self.ready.emit)

    # -- layout -------------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        """Place the panels for the new size."""
        super().resizeEvent(event)
        self._arrange()

    def portrait(self) -> bool:
        """True when the screen is taller than wide."""
        return self.height() > self.width()

    def _arrange(self) -> None:
        w, h = self.width(), self.height()
        if w <= 0 or h <= 0:
            return
        media = self.media.has_images
        self.floor = floor_px(w, h)
        self._apply_lines()
        self.ticker.set_min_px(self.floor)
        for part in (self.history, self.waiting):
            part.set_min_row_px(round(self.floor * ROW_PER_PX))
            part.set_text_floor(self.floor)
        if self.portrait():
            self._arrange_portrait(w, h, media)
        else:
            self._arrange_landscape(w, h, media)
        self.media.setVisible(media)
        self._apply_floor()
        self._match_titles()

    def _apply_floor(self) -> None:
        """No text on the board below the floor size (a text too long for it is elided)."""
        for label in self.findChildren(FitLabel):
            label.set_min_px(self.floor)
        for clock in (self.header.time, self.header.date):
            clock.set_min_px(self.floor)
        self._apply_lines()

    def _apply_lines(self) -> None:
        """Boxes of one text line no lower than the floor size needs (before panels are placed)."""
        line = math.ceil(self.floor * LINE_PER_PX)
        self.tiles.set_min_line_px(line)
        for label in (self.call.title, self.call.counter, self.call.service):
            label.setMinimumHeight(line)

    def _match_titles(self) -> None:
        """The two list headings in one size."""
        fit_together([self.history.title, self.waiting.title])

    def _tile_demand(self) -> tuple[int, float]:
        """(counter tiles, text lines per tile in floor sizes) the tiles' grid must make room for."""
        tiles = self.state.tiles() if self.state is not None else []
        status = any(tile.label and tile.paused for tile in tiles)
        return max(1, len(tiles)), TILE_PER_PX[1 if status else 0]

    def _arrange_landscape(self, w: int, h: int, media: bool) -> None:
        """Left: the call, and per service the next numbers; right: the counters, and the last calls."""
        m = round(h * 0.016)
        header_h = round(self.floor * 3.2)
        self.header.set_stacked(False)
        ticker_h = max(round(h * 0.065), round(self.floor * 1.5))
        self.header.setGeometry(QRect(0, 0, w, header_h))
        self.ticker.setGeometry(QRect(0, h - ticker_h, w, ticker_h))
        top = header_h + m
        body_h = h - ticker_h - m - top
        cols = (0.5, 0.2, 0.3) if media else (0.58, 0.0, 0.42)
        avail = w - (4 if media else 3) * m
        left_w = round(avail * cols[0])
        media_w = round(avail * cols[1])
        right_w = avail - left_w - media_w
        row = round(self.floor * ROW_PER_PX)
        services = max(1, len(self.state.services()) if self.state is not None else 6)
        waiting_h = min(round(body_h * 0.5), round(row * (min(services, 6) + 1.25)))
        call_h = body_h - waiting_h - m
        self.call.setGeometry(QRect(m, top, left_w, call_h))
        self.waiting.setGeometry(QRect(m, top + call_h + m, left_w, waiting_h))
        x = m + left_w + m
        if media:
            self.media.setGeometry(QRect(x, top, media_w, body_h))
            x += media_w + m
        base_h = round(body_h * 0.42)
        need = tiles_height(*self._tile_demand(), right_w, base_h, self.floor, ideal_aspect=1.3)
        tiles_h = min(round(body_h * 0.62), max(base_h, need))
        self.tiles.ideal_aspect = 1.3
        self.tiles.setGeometry(QRect(x, top, right_w, tiles_h))
        self.history.setGeometry(QRect(x, top + tiles_h + m, right_w, body_h - tiles_h - m))

    def _arrange_portrait(self, w: int, h: int, media: bool) -> None:
        """Stacked, each the full width: call, counters, next numbers, last calls (and the slideshow)."""
        m = round(w * 0.02)
        header_h = round(self.floor * 4.6)
        self.header.set_stacked(True)
        ticker_h = max(round(h * 0.04), round(self.floor * 1.5))
        self.header.setGeometry(QRect(0, 0, w, header_h))
        self.ticker.setGeometry(QRect(0, h - ticker_h, w, ticker_h))
        top = header_h + m
        body_h = h - ticker_h - m - top
        shares = (0.26, 0.15, 0.24, 0.17, 0.18) if media else (0.29, 0.16, 0.27, 0.28, 0.0)
        parts = (self.call, self.tiles, self.waiting, self.history, self.media)
        count = 5 if media else 4
        avail = body_h - (count - 1) * m
        inner_w = w - 2 * m
        self.tiles.ideal_aspect = 1.6
        heights = [round(avail * share) for share in shares[:count]]
        need = tiles_height(*self._tile_demand(), inner_w, heights[1], self.floor, ideal_aspect=1.6)
        extra = max(0, min(need, round(avail * 0.3)) - heights[1])
        heights[1] += extra  # many counters: the tiles take room from the last calls
        heights[3] -= extra
        y = top
        for i, part in enumerate(parts[:count]):
            part_h = heights[i] if i < count - 1 else h - ticker_h - m - y
            part.setGeometry(QRect(m, y, inner_w, part_h))
            y += part_h + m
