"""The home screen: who we are, the time, one big button per service, priority and language."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from db.records import ServiceQueue, Snapshot
from db.sitetime import DEFAULT_TZ, zone
from kiosk.fit import largest, make_font, metrics, scale_for
from kiosk.notice import NoticeBanner
from kiosk.tile import MIN_PT, ServiceTile
from ui.i18n import retranslate_on_switch, tr, translator
from ui.theme import ACCENT, INK, MUTED, mm


def make_font_width(text: str, pt: float) -> float:
    """Width of ``text`` in the bold theme font at ``pt`` points."""
    return metrics(make_font(pt, True)).horizontalAdvance(text)


def symbol_icon(symbol: str, size: int, off_colour: str, on_colour: str) -> QIcon:
    """A one-character icon (``♿``) drawn in the theme font, coloured for a toggle's off and on states."""
    icon = QIcon()
    for colour, state in ((off_colour, QIcon.State.Off), (on_colour, QIcon.State.On)):
        pix = QPixmap(size, size)
        pix.fill(Qt.GlobalColor.transparent)
        p = QPainter(pix)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(make_font(10, True))
        font.setPixelSize(size)
        p.setFont(font)
        p.setPen(QColor(colour))
        p.drawText(pix.rect(), int(Qt.AlignmentFlag.AlignCenter), symbol)
        p.end()
        for mode in (QIcon.Mode.Normal, QIcon.Mode.Active, QIcon.Mode.Selected):
            icon.addPixmap(pix, mode, state)
    return icon


NAME_MAX_PT = 40.0  # main service name at 1280×800, before fitting
NAME_MIN_PT = 16.0
READABLE_PT = 22.0  # service names at least this big (at 1280×800) whenever at all possible
TARGET_ASPECT = 1.5
#: The bottom row's buttons side by side (landscape): the priority toggle widest.
BUTTON_SHARES = {"priority": 4, "surveyButton": 2, "language": 1}


class KioskClock(QLabel):
    """The time in large digits with the date below it, right-aligned, updated every second.

    Not a ``ui.widgets.ClockLabel``: a visitor reads the time first, so it is set large
    over a smaller date, in rich text sized by the home screen's layout.
    """

    def __init__(self, tz: str = DEFAULT_TZ, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tz = zone(tz)
        self.time_pt, self.date_pt = 26.0, 14.0
        self.setTextFormat(Qt.TextFormat.RichText)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self._timer.start(1000)
        retranslate_on_switch(self)

    def set_timezone(self, tz: str) -> None:
        """Show the site's zone (it arrives with the first snapshot)."""
        self.tz = zone(tz)
        self.refresh()

    def set_sizes(self, time_pt: float, date_pt: float) -> None:
        """Font sizes of the time and the date, in points."""
        self.time_pt, self.date_pt = time_pt, date_pt
        self.refresh()

    def translate_ui(self) -> None:
        """The date in the current language."""
        self.refresh()

    def refresh(self) -> None:
        """Redraw the time now."""
        now = datetime.now(self.tz)
        text = (f"<div style='font-size:{self.time_pt:.1f}pt; font-weight:bold'>{now:%H:%M}</div>"
                f"<div style='font-size:{self.date_pt:.1f}pt'>{translator().date_text(now)}</div>")
        if text != self.text():
            self.setText(text)

    def plain_text(self) -> str:
        """Date and time as plain text (tests and logs)."""
        now = datetime.now(self.tz)
        return f"{translator().date_text(now)} {now:%H:%M}"


class TileGrid(QWidget):
    """Lays out 1–8 (or more) service tiles in the grid that gives the largest text."""

    touched = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tiles: dict[str, ServiceTile] = {}
        self.order: list[str] = []
        self.scale = 1.0
        self.columns = 1
        self._laid_out: tuple[object, ...] = ()

    def set_services(self, queues: Sequence[ServiceQueue]) -> None:
        """Show these services in this order; re-lay out only when the set or names change."""
        codes = [q.code for q in queues]
        relayout = codes != self.order
        for q in queues:
            tile = self.tiles.get(q.code)
            if tile is None:
                tile = ServiceTile(q, self)
                tile.clicked.connect(lambda _checked=False, c=q.code: self.touched.emit(c))
                tile.show()
                self.tiles[q.code] = tile
                relayout = True
            else:
                old = tile.queue
                relayout |= (old.name_id, old.name_en, old.description_id, old.description_en) != (
                    q.name_id, q.name_en, q.description_id, q.description_en)
                tile.set_queue(q)
        for code in set(self.tiles) - set(codes):
            self.tiles.pop(code).deleteLater()
        self.order = codes
        if relayout:
            self.relayout()

    def set_offline(self, offline: bool) -> None:
        """Grey every tile out (or back in)."""
        for tile in self.tiles.values():
            tile.set_offline(offline)

    def set_working(self, code: str | None) -> None:
        """Mark the tile whose ticket is being issued."""
        for c, tile in self.tiles.items():
            tile.set_working(c == code)

    def retranslate(self) -> None:
        """New language: new texts, new sizes."""
        for tile in self.tiles.values():
            tile.retranslate()
        self.relayout()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Fit the tiles to the new size."""
        super().resizeEvent(event)
        self.relayout()

    def showEvent(self, event: QShowEvent) -> None:
        """Lay out what changed while hidden."""
        super().showEvent(event)
        self.relayout()

    def _layout_key(self) -> tuple[object, ...]:
        texts = tuple(self.tiles[c].texts()[:3] for c in self.order)
        return (self.width(), self.height(), round(self.scale, 3), texts)

    def _cells(self, columns: int) -> tuple[int, int, int, int]:
        """(tile width, tile height, rows, spacing) for ``columns`` columns."""
        n = len(self.order)
        rows = math.ceil(n / columns)
        spacing = round(16 * self.scale)
        w = (self.width() - (columns - 1) * spacing) // columns
        h = (self.height() - (rows - 1) * spacing) // rows
        return w, h, rows, spacing

    def relayout(self) -> None:
        """Pick the column count giving the largest names, place the tiles, size their text."""
        n = len(self.order)
        if n == 0 or self.width() < 50 or self.height() < 50 or not self.isVisible():
            return
        key = self._layout_key()
        if key == self._laid_out:
            return
        self._laid_out = key
        tiles = [self.tiles[c] for c in self.order]
        for tile in tiles:
            tile.scale = self.scale
        max_pt, min_pt = NAME_MAX_PT * self.scale, NAME_MIN_PT * self.scale
        readable = READABLE_PT * self.scale
        # (point size, with description, -aspect penalty, columns): the largest names win;
        # descriptions are dropped only when names would otherwise fall below READABLE_PT.
        best: tuple[float, bool, float, int, float] | None = None
        for columns in range(1, n + 1):
            w, h, rows, _ = self._cells(columns)
            if w < 120 or h < 90 or (columns > 1 and math.ceil(n / (columns - 1)) == rows):
                continue  # too small, or a column that would stay empty
            size = QSize(w, h)
            penalty = abs(math.log((w / h) / TARGET_ASPECT))
            for with_desc in (True, False):
                def fits(p: float, size: QSize = size, d: bool = with_desc) -> bool:
                    return all(t.fits_at(p, size, d) for t in tiles)
                pt = largest(max_pt, min_pt, fits)
                candidate = (min(pt, readable), with_desc, -penalty, columns, pt)
                if best is None or candidate[:3] > best[:3] or (candidate[:3] == best[:3] and pt > best[4]):
                    best = candidate
                if pt >= readable:
                    break  # descriptions fit at a readable size: keep them
        self.columns = best[3] if best else max(1, round(math.sqrt(n)))
        w, h, rows, spacing = self._cells(self.columns)
        # The last row, if short, is centred.
        for i, tile in enumerate(tiles):
            row, col = divmod(i, self.columns)
            in_row = min(self.columns, n - row * self.columns)
            offset = (self.width() - (in_row * w + (in_row - 1) * spacing)) // 2
            tile.setGeometry(offset + col * (w + spacing), row * (h + spacing), w, h)
        pt, with_desc = (best[4], best[1]) if best else (min_pt, True)
        for tile in tiles:
            tile.set_point_size(pt, self.scale, with_desc)


class HomeScreen(QWidget):
    """Site name, logo, clock, the service grid, the priority toggle and the language toggle."""

    service_touched = Signal(str)
    language_clicked = Signal()
    survey_clicked = Signal()
    booking_clicked = Signal()

    def __init__(self, tz: str = DEFAULT_TZ, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("home")
        self.setMinimumSize(200, 200)  # never let the text's size push the window off the screen
        self.scale = 1.0
        self.priority_enabled = True
        self._logo_path = ""
        self._logo = QPixmap()
        self._sized = False

        self._build_header(tz)
        self.notice = NoticeBanner(self)
        self._build_controls()
        self.body = QVBoxLayout()
        self.body.addWidget(self.choose)
        self.body.addWidget(self.grid, 1)
        self.body.addWidget(self.empty, 1)
        self.body.addLayout(self.bottom_layout)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.header)
        outer.addWidget(self.notice)
        outer.addLayout(self.body, 1)

        self._style_buttons()
        retranslate_on_switch(self)

    def _build_header(self, tz: str) -> None:
        """Logo, site name and subtitle, and the clock on a white band."""
        self.header = QFrame(self)
        self.header.setObjectName("header")
        self.header.setStyleSheet(f"#header {{ background: white; border-bottom: 3px solid {ACCENT}; }}")
        self.logo = QLabel(self.header)
        self.logo.setObjectName("logo")
        self.logo.hide()
        self.title = QLabel(self.header)
        self.title.setObjectName("siteName")
        self.title.setWordWrap(True)
        self.subtitle = QLabel(self.header)
        self.subtitle.setObjectName("siteSubtitle")
        self.subtitle.setWordWrap(True)
        self.subtitle.setStyleSheet(f"color: {MUTED};")
        self.clock = KioskClock(tz, self.header)
        self.clock.setObjectName("clock")
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addStretch(1)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        titles.addStretch(1)
        self.header_layout = QHBoxLayout(self.header)
        self.header_layout.addWidget(self.logo)
        self.header_layout.addLayout(titles, 1)
        self.header_layout.addWidget(self.clock)

    def _build_controls(self) -> None:
        """The heading over the tile grid (or why it is empty), the priority and language toggles."""
        self.choose = QLabel(self)
        self.choose.setObjectName("choose")
        self.choose.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.choose.setStyleSheet(f"color: {INK};")
        self.grid = TileGrid(self)
        self.grid.touched.connect(self.service_touched)
        self.empty = QLabel(self)
        self.empty.setObjectName("noServices")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.grid.hide()  # until the first snapshot: "getting ready"
        self.choose.hide()
        self._has_snapshot = False

        self.priority = QPushButton(self)
        self.priority.setObjectName("priority")
        self.priority.setCheckable(True)
        self.priority.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.priority.toggled.connect(self._priority_toggled)
        self.priority.hide()  # shown with the first services, where the site allows it
        self.language = QPushButton(self)
        self.language.setObjectName("language")
        self.language.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.language.clicked.connect(self.language_clicked)
        self.survey = QPushButton(self)  # the satisfaction survey by ticket number, where the site offers it
        self.survey.setObjectName("surveyButton")
        self.survey.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.survey.clicked.connect(self.survey_clicked)
        self.survey.hide()
        self.survey_enabled = False
        self.booking = QPushButton(self)  # check-in of an online booking by its code, where the site offers it
        self.booking.setObjectName("bookingButton")
        self.booking.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.booking.clicked.connect(self.booking_clicked)
        self.booking.hide()
        self.booking_enabled = False
        # "Punya kode booking?" sits beside the survey button on a tall screen and in the header,
        # before the clock, on a wide one: a fourth button in the bottom row would leave none of
        # them room for its text (_place_booking).
        self.pair = QHBoxLayout()
        self.pair.addWidget(self.survey)
        bottom = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        bottom.addWidget(self.priority, BUTTON_SHARES["priority"])
        bottom.addLayout(self.pair, BUTTON_SHARES["surveyButton"])
        bottom.addWidget(self.language, BUTTON_SHARES["language"])
        self.bottom_layout = bottom
        self.header_layout.insertWidget(self.header_layout.indexOf(self.clock), self.booking)
        self._booking_in_header = True

    # -- data -----------------------------------------------------------------------------
    def apply_snapshot(self, snapshot: Snapshot) -> None:
        """Show the services and settings of a fresh snapshot."""
        st = snapshot.settings
        self.title.setText(st.site_name or snapshot.site_name)
        self.subtitle.setText(st.site_subtitle)
        self.subtitle.setVisible(bool(st.site_subtitle))
        self._set_logo(st.logo)
        self.clock.set_timezone(st.timezone)
        self.notice.set_notice(st, snapshot.day)
        self.priority_enabled = st.priority_enabled
        if not self.priority_enabled:
            self.priority.setChecked(False)
        if not self._has_snapshot:
            self._has_snapshot = True
            self.empty.setText(tr("kiosk.no_services"))
        shown = [q for q in snapshot.services if q.active]
        self.grid.set_services(shown)
        self.grid.setVisible(bool(shown))
        self.choose.setVisible(bool(shown))
        self.priority.setVisible(self.priority_enabled and bool(shown))
        self.survey_enabled = st.survey_kiosk
        self.survey.setVisible(self.survey_enabled and bool(shown))
        self.booking_enabled = st.booking_kiosk
        self.booking.setVisible(self.booking_enabled and bool(shown))
        self.empty.setVisible(not shown)
        self._fit_buttons()

    def set_offline(self, offline: bool) -> None:
        """Disable (or enable again) every service button."""
        self.grid.set_offline(offline)

    def set_working(self, code: str | None) -> None:
        """Show which service's ticket is being issued."""
        self.grid.set_working(code)

    def priority_chosen(self) -> bool:
        """Whether the next ticket is a priority ticket."""
        return self.priority_enabled and self.priority.isChecked()

    def reset(self) -> None:
        """Back to the plain state: no priority chosen."""
        self.priority.setChecked(False)

    def _set_logo(self, path: str) -> None:
        if path == self._logo_path:
            return
        self._logo_path = path
        self._logo = QPixmap(str(Path(path).expanduser())) if path else QPixmap()
        self.logo.setVisible(not self._logo.isNull())
        self._size_logo()

    def _size_logo(self) -> None:
        if not self._logo.isNull():
            h = round(72 * self.scale)
            self.logo.setPixmap(self._logo.scaledToHeight(h, Qt.TransformationMode.SmoothTransformation))

    # -- language and size -----------------------------------------------------------------
    def translate_ui(self) -> None:
        """Re-read every text in the current language."""
        self.choose.setText(tr("kiosk.choose"))
        self.empty.setText(tr("kiosk.no_services" if self._has_snapshot else "kiosk.not_ready"))
        self.language.setText(tr("kiosk.lang_other"))
        self.survey.setText(tr("kiosk.survey_button"))
        self.booking.setText(tr("kiosk.booking_button"))
        self.priority.setText(tr("kiosk.priority_on" if self.priority.isChecked() else "kiosk.priority_off"))
        self._fit_buttons()
        self.grid.retranslate()

    def _priority_toggled(self, _on: bool) -> None:
        self.priority.setText(tr("kiosk.priority_on" if self.priority.isChecked() else "kiosk.priority_off"))
        self._fit_buttons()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Scale fonts, margins and touch targets with the window."""
        s = scale_for(self.window().size() if self.window() is not self else self.size())
        if abs(s - self.scale) > 0.01 or not self._sized:
            self._sized = True
            self.scale = s
            self._apply_scale()
        portrait = self.height() > self.width()
        self.bottom_layout.setDirection(QBoxLayout.Direction.TopToBottom if portrait
                                        else QBoxLayout.Direction.LeftToRight)
        self._place_booking(portrait)
        self._fit_buttons()
        super().resizeEvent(event)

    def _apply_scale(self) -> None:
        s = self.scale
        m = round(18 * s)
        self.header_layout.setContentsMargins(m, round(10 * s), m, round(10 * s))
        self.header_layout.setSpacing(m)
        self.body.setContentsMargins(m, round(10 * s), m, m)
        self.body.setSpacing(round(12 * s))
        self.bottom_layout.setSpacing(round(12 * s))
        self.pair.setSpacing(round(12 * s))
        self.title.setFont(make_font(24 * s, True))
        self.subtitle.setFont(make_font(15 * s))
        self.clock.set_sizes(26 * s, 14 * s)
        self.notice.set_scale(s)
        self.choose.setFont(make_font(24 * s, True))
        self.empty.setFont(make_font(24 * s))
        touch = max(mm(self, 20), round(76 * s))
        for button in self._buttons():
            button.setMinimumSize(mm(self, 30), touch)  # not the text's width: the font fits the button
        icon = round(40 * s)
        self.priority.setIcon(symbol_icon("♿", icon, ACCENT, "white"))
        self.priority.setIconSize(QSize(icon, icon))
        self.grid.scale = s
        self._style_buttons()
        self._size_logo()
        self.grid.relayout()

    def _buttons(self) -> tuple[QPushButton, ...]:
        """The buttons under the services (the booking button too, though it moves to the header)."""
        return (self.priority, self.booking, self.survey, self.language)

    def _place_booking(self, portrait: bool) -> None:
        """The booking button beside the survey button (tall screen) or in the header (wide screen)."""
        if portrait != self._booking_in_header:
            return
        if portrait:
            self.header_layout.removeWidget(self.booking)
            self.pair.insertWidget(0, self.booking)
        else:
            self.pair.removeWidget(self.booking)
            self.header_layout.insertWidget(self.header_layout.indexOf(self.clock), self.booking)
        self._booking_in_header = not portrait

    def _fit_buttons(self) -> None:
        """The toggles' text as large as 17 pt (scaled) allows, always whole; the booking button in
        the header as wide as its text at 17 pt."""
        s = self.scale
        width = self.width() - 2 * round(18 * s)
        portrait = self.height() > self.width()
        gap = round(12 * s)
        pad = 2 * round(18 * s) + 12
        widths: dict[QPushButton, float] = {}
        if portrait:
            pair = [b for b in (self.booking, self.survey) if not b.isHidden()]
            widths = {self.priority: width, self.language: width}
            widths.update({b: (width - gap * (len(pair) - 1)) / len(pair) for b in pair})
            self.booking.setMinimumWidth(mm(self, 30))
            self.booking.setMaximumWidth(16_777_215)
        else:
            row = [b for b in (self.priority, self.survey, self.language) if not b.isHidden()]
            total = sum(BUTTON_SHARES[b.objectName()] for b in row) or 1
            widths = {b: (width - gap * max(0, len(row) - 1)) * BUTTON_SHARES[b.objectName()] / total for b in row}
            header_w = make_font_width(self.booking.text(), 17 * s) + pad + 2
            self.booking.setFixedWidth(round(header_w))
            widths[self.booking] = header_w
        for button, w in widths.items():
            if button.isHidden():
                continue
            room = w - pad - (button.iconSize().width() + 8 if not button.icon().isNull() else 0)
            pt = 17 * s
            while pt > MIN_PT * s and make_font_width(button.text(), pt) > room:
                pt -= 0.5
            button.setFont(make_font(pt, True))

    def _style_buttons(self) -> None:
        r = round(12 * self.scale)
        pad = round(18 * self.scale)
        self.priority.setStyleSheet(
            f"QPushButton {{ background: white; color: {ACCENT}; border: 3px solid {ACCENT}; border-radius: {r}px;"
            f" padding: 6px {pad}px; text-align: center; }}"
            f"QPushButton:checked {{ background: {ACCENT}; color: white; }}"
        )
        self.language.setStyleSheet(
            f"QPushButton {{ background: white; color: {INK}; border: 3px solid {MUTED}; border-radius: {r}px;"
            f" padding: 6px {pad}px; }}"
            f"QPushButton:pressed {{ background: #e3e8ef; }}"
        )
        for button in (self.survey, self.booking):
            button.setStyleSheet(
                f"QPushButton {{ background: white; color: {INK}; border: 3px solid {ACCENT}; border-radius: {r}px;"
                f" padding: 6px {pad}px; }}"
                f"QPushButton:pressed {{ background: #e3e8ef; }}"
            )
