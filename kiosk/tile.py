"""One large service button: its colour, both names, a description and the queue line.

The tile paints itself so its text can be sized to fit exactly: the grid asks every tile
for the largest name size at which every tile fits (:meth:`ServiceTile.fits_at`) and gives
all of them that size, so the buttons look alike and nothing is ever clipped.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractButton, QWidget

from db.records import ServiceQueue
from kiosk.fit import WRAP, bold_font_within, keep_words, make_font, metrics, text_size
from kiosk.texts import names, unavailable_text
from ui.i18n import tr, translator
from ui.theme import text_colour_on
from ui.waittext import wait_text

GREY_BG = "#d7dbe1"
GREY_INK = "#4a5563"
#: No text on a tile smaller than this many points per unit of scale (20 px at 1080×1920).
MIN_PT = 11.5
SECOND_RATIO = 0.62  # the other language's name, relative to the main name
DESC_RATIO = 0.5
STATUS_RATIO = 0.66


@dataclass
class _Piece:
    text: str
    font: QFont
    rect: QRectF
    elide: bool = False


@dataclass
class _Layout:
    pieces: list[_Piece]
    band: QRectF
    fits: bool


class ServiceTile(QAbstractButton):
    """A touchable service: greyed and untouchable while closed, full, inactive or offline."""

    def __init__(self, queue: ServiceQueue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = queue.code
        self.queue = queue
        self.offline = False
        self.working = False
        self.scale = 1.0
        self._pt = 24.0
        self._layout: _Layout | None = None
        self._texts: tuple[str, str, str, str] | None = None
        self.show_description = True  # dropped when space is short, before names get small
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setObjectName(f"service_{queue.code}")
        self.set_queue(queue)

    # -- state ----------------------------------------------------------------------------
    def set_queue(self, queue: ServiceQueue) -> None:
        """Show the service as the latest snapshot describes it."""
        self.queue = queue
        self._refresh()

    def set_offline(self, offline: bool) -> None:
        """Grey out while the database cannot be reached."""
        self.offline = offline
        self._refresh()

    def set_working(self, working: bool) -> None:
        """Show that a ticket for this service is being issued."""
        self.working = working
        self._refresh()

    def available(self) -> bool:
        """Whether a ticket can be taken now."""
        return not self.offline and self.queue.unavailable_reason is None and self.queue.active

    def reason(self) -> str | None:
        """Why the tile is greyed (closed, quota, inactive, offline), or None."""
        if self.offline:
            return "offline"
        if not self.queue.active:
            return "inactive"
        return self.queue.unavailable_reason

    def retranslate(self) -> None:
        """Re-read every text in the current language."""
        self._refresh()

    def texts(self) -> tuple[str, str, str, str]:
        """(main name, other-language name, description, status line) as shown now."""
        if self._texts is None:
            self._texts = self._make_texts()
        return self._texts

    def _make_texts(self) -> tuple[str, str, str, str]:
        q = self.queue
        first, second = names(q.name_id, q.name_en)
        desc = q.description_en if translator().language == "en" else q.description_id
        desc = desc or q.description_id or q.description_en
        if self.working:
            status = tr("kiosk.working")
        elif self.reason() is not None:
            status = unavailable_text(self.reason(), q.opens_next)
        elif q.waiting <= 0:
            status = tr("kiosk.nobody_waiting")
        else:
            status = tr("kiosk.waiting", n=q.waiting, wait=wait_text(q.wait))
        return first, second, desc, status

    def _refresh(self) -> None:
        self._texts = None
        first, second, desc, status = self.texts()
        self.setEnabled(self.available())
        self.setText(first)
        self.setAccessibleName(first)
        self.setAccessibleDescription(f"{second}. {desc}. {status}")
        self._layout = None
        self.update()

    # -- sizing ---------------------------------------------------------------------------
    def point_size(self) -> float:
        """The main name's size in points."""
        return self._pt

    def set_point_size(self, pt: float, scale: float, with_description: bool = True) -> None:
        """Set the main name's size (the grid gives every tile the same), with or without description."""
        self._pt, self.scale, self.show_description = pt, scale, with_description
        self._layout = None
        self.update()

    def fits_at(self, pt: float, size: QSize, with_description: bool = True) -> bool:
        """Whether everything fits with a main name of ``pt`` points in a tile of ``size``."""
        return self._compute(pt, size, with_description).fits

    def fits(self) -> bool:
        """Whether all texts fit at the current size (nothing elided or clipped)."""
        return self._compute(self._pt).fits

    def sizeHint(self) -> QSize:
        """A reasonable size; the grid decides the real one."""
        return QSize(400, 260)

    def _compute(self, pt: float, size: QSize | None = None, with_description: bool | None = None) -> _Layout:
        """Place the texts for a main name of ``pt`` points in ``size`` (default: the current one)."""
        size = size or self.size()
        width, height = size.width(), size.height()
        first, second, desc, status = (keep_words(t) for t in self.texts())
        if not (self.show_description if with_description is None else with_description):
            desc = ""
        pad = max(10.0, min(width, height) * 0.07)
        w = width - 2 * pad
        f_name = make_font(pt, True)
        f_second = make_font(max(pt * SECOND_RATIO, MIN_PT * self.scale))
        f_desc = make_font(max(pt * DESC_RATIO, MIN_PT * self.scale))
        status_pt = max(pt * STATUS_RATIO, MIN_PT * 1.15 * self.scale)
        band_h = metrics(make_font(status_pt, True)).lineSpacing() + pad
        # The status line shrinks on its own: it changes with every snapshot.
        f_status = bold_font_within(status, status_pt, MIN_PT * self.scale, w)
        band = QRectF(0, height - band_h, width, band_h)
        avail = band.top() - 2 * pad * 0.8
        gap = metrics(f_name).lineSpacing() * 0.22

        fits = True
        blocks: list[tuple[str, QFont, float, bool]] = []
        used = 0.0
        for text, font, max_lines in ((first, f_name, 3), (second, f_second, 2)):
            if not text:
                continue
            widest, h, lines = text_size(text, font, w)
            fits &= widest <= w and lines <= max_lines
            blocks.append((text, font, h, False))
            used += h + (gap if used else 0.0)
        if desc:
            line = metrics(f_desc).lineSpacing()
            widest, h, lines = text_size(desc, f_desc, w)
            room = avail - used - gap
            shown_lines = min(lines, 2, int(room // line)) if room > 0 else 0
            fits &= lines <= 2 and shown_lines == lines
            if shown_lines > 0:
                blocks.append((desc, f_desc, shown_lines * line, shown_lines < lines or widest > w))
                used += gap + shown_lines * line
        fits &= used <= avail
        top = pad * 0.8 + max(0.0, (avail - used) / 2)
        pieces = []
        for text, font, h, elide in blocks:
            pieces.append(_Piece(text, font, QRectF(pad, top, w, h), elide))
            top += h + gap
        pieces.append(_Piece(status, f_status, band.adjusted(pad, 0, -pad, 0), True))
        return _Layout(pieces, band, fits)

    # -- painting -------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        """Lay the texts out again for the new size."""
        self._layout = None
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the rounded button, the texts and the status band."""
        if self._layout is None:
            self._layout = self._compute(self._pt)
        layout = self._layout
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        enabled = self.available()
        bg = QColor(self.queue.colour if enabled else GREY_BG)
        if self.isDown() or self.working:
            bg = bg.darker(125)
        ink = QColor(text_colour_on(bg.name()) if enabled else GREY_INK)
        radius = max(8.0, min(self.width(), self.height()) * 0.06)
        path = QPainterPath()
        path.addRoundedRect(QRectF(self.rect()), radius, radius)
        p.fillPath(path, bg)
        p.save()
        p.setClipPath(path)
        band_colour = QColor(0, 0, 0, 46 if enabled else 20)
        p.fillRect(layout.band, band_colour)
        p.restore()
        p.setPen(ink)
        for piece in layout.pieces:
            p.setFont(piece.font)
            flags = int(Qt.AlignmentFlag.AlignHCenter)
            if piece is layout.pieces[-1]:
                flags |= int(Qt.AlignmentFlag.AlignVCenter)
            if piece.elide:
                self._draw_elided(p, piece, flags)
            else:
                p.drawText(piece.rect, flags | WRAP, piece.text)
        p.end()

    @staticmethod
    def _draw_elided(p: QPainter, piece: _Piece, flags: int) -> None:
        """Draw as many wrapped lines as fit, the last one ending in an ellipsis."""
        fm = metrics(piece.font)
        line_h = fm.lineSpacing()
        max_lines = max(1, int(piece.rect.height() // line_h + 0.01))
        words, lines, current = piece.text.split(), [], ""
        for word in words:
            candidate = f"{current} {word}".strip()
            if fm.horizontalAdvance(candidate) <= piece.rect.width() or not current:
                current = candidate
            else:
                lines.append(current)
                current = word
        if current:
            lines.append(current)
        if len(lines) > max_lines:
            lines = lines[: max_lines - 1] + [" ".join(lines[max_lines - 1:])]
        top = piece.rect.top() + max(0.0, (piece.rect.height() - len(lines) * line_h) / 2)
        for text in lines:
            shown = fm.elidedText(text, Qt.TextElideMode.ElideRight, piece.rect.width())
            p.drawText(QRectF(piece.rect.left(), top, piece.rect.width(), line_h), flags, shown)
            top += line_h
