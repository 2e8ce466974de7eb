"""The booking slip (*bukti booking*): an A6 PDF the office sends to the visitor.

It carries the code large and spaced with its QR (the QR holds exactly the code, so the
kiosk's scanner types it), the service, the booked day and time, the check-in window and
what happens after it, what to bring, and the visitor's name. Black on white, so it
prints as well as it reads on a phone.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import Color, black, white
from reportlab.lib.pagesizes import A6
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from db.booking.codes import grouped
from db.bundle import fonts_dir
from db.errors import AntrianError
from db.sitetime import long_date, zone, zone_abbreviation

if TYPE_CHECKING:
    from db.booking import BookingInfo
    from db.database import Database
    from db.settings import SiteSettings

__all__ = ["DEFAULT_REQUIREMENTS", "render_slip", "slip_texts", "slip_fonts", "write_slip"]

log = logging.getLogger("antrian.db.booking.slip")

#: Printed when the service names nothing to bring.
DEFAULT_REQUIREMENTS = "Bukti booking ini (dicetak atau di ponsel) dan kartu identitas."
GREY = Color(0.35, 0.35, 0.35)

_font_lock = threading.Lock()
_fonts: tuple[str, str] | None = None


def _font_dirs() -> list[Path]:
    bundled = fonts_dir()
    home = Path.home()
    dirs = [*([bundled] if bundled is not None else []), Path("/usr/share/fonts/truetype/dejavu"),
            Path("/usr/share/fonts/dejavu-sans-fonts"), Path("/usr/share/fonts/dejavu"), Path("/usr/share/fonts/TTF"),
            Path("/usr/local/share/fonts"), home / ".local/share/fonts", home / ".fonts", Path("/Library/Fonts")]
    if sys.platform == "win32":
        dirs.append(Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts")
    return dirs


def slip_fonts() -> tuple[str, str]:
    """(regular, bold): DejaVu Sans as the ticket uses it (the bundle's own first), else Helvetica."""
    global _fonts
    with _font_lock:
        if _fonts is None:
            _fonts = ("Helvetica", "Helvetica-Bold")
            for folder in _font_dirs():
                regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
                if not (regular.is_file() and bold.is_file()):
                    continue
                try:
                    pdfmetrics.registerFont(TTFont("AntrianSlip", str(regular)))
                    pdfmetrics.registerFont(TTFont("AntrianSlip-Bold", str(bold)))
                except Exception:  # a broken font file must not stop a slip
                    log.warning("Could not load DejaVu Sans from %s", folder, exc_info=True)
                    continue
                _fonts = ("AntrianSlip", "AntrianSlip-Bold")
                break
        return _fonts


def _clock(moment: datetime, tz: str, sep: str = ".") -> str:
    local = moment.astimezone(zone(tz))
    return f"{local.hour:02d}{sep}{local.minute:02d}"


def slip_texts(info: BookingInfo, st: SiteSettings) -> dict[str, str]:
    """Every line of the slip by its part, Indonesian first (tests read them; the PDF draws them)."""
    from db.booking import window

    tz = st.timezone
    booked = info.booked_at if info.booked_at.tzinfo else info.booked_at.replace(tzinfo=UTC)
    local = booked.astimezone(zone(tz))
    abbr = zone_abbreviation(local)
    opens, closes = window(st, booked)
    at, start, end = _clock(booked, tz), _clock(opens, tz), _clock(closes, tz)
    at_en, start_en, end_en = _clock(booked, tz, ":"), _clock(opens, tz, ":"), _clock(closes, tz, ":")
    who = ", ".join(p for p in (info.name, info.company) if p)
    return {
        "site": st.site_name,
        "title": "Bukti Booking Antrean",
        "title_en": "Queue Booking Confirmation",
        "code": info.code,
        "service": info.service_name_id,
        "service_en": info.service_name_en if info.service_name_en != info.service_name_id else "",
        "date": long_date(local.date(), "id"),
        "time": f"{at} {abbr}".strip(),
        "name": f"Atas nama: {who}" if who else "",
        "window": f"Pindai kode ini di kiosk (atau ketik melalui tombol \u201cPunya kode booking?\u201d) "
                  f"antara pukul {start} dan {end} {abbr}.".replace("  ", " "),
        "late": f"Jika datang setelah pukul {end} {abbr}, Anda akan mendapat nomor antrean biasa.",
        "bring_heading": "Yang perlu dibawa:",
        "bring": info.requirements_id.strip() or DEFAULT_REQUIREMENTS,
        "english": f"{long_date(local.date(), 'en')}, {at_en} {abbr}. Scan this code at the kiosk between {start_en} "
                   f"and {end_en} {abbr}; after {end_en} you get an ordinary queue number."
                   + (f" Please bring: {info.requirements_en.strip()}" if info.requirements_en.strip() else ""),
    }


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` in lines no wider than ``width``: at spaces, and inside a word too long for a line."""
    out: list[str] = []
    for line in simpleSplit(text, font, size, width):
        while pdfmetrics.stringWidth(line, font, size) > width and len(line) > 1:
            cut = len(line) - 1
            while cut > 1 and pdfmetrics.stringWidth(line[:cut], font, size) > width:
                cut -= 1
            out.append(line[:cut])
            line = line[cut:]
        out.append(line)
    return out


class _Writer:
    """Lays lines out top-down, centred or left-aligned, wrapped to the width, text sizes times
    ``scale``; with no canvas it only measures (how tall the slip is)."""

    def __init__(self, c: Canvas | None, fonts: tuple[str, str], height: float, scale: float = 1.0) -> None:
        self.c = c
        self.regular, self.bold = fonts
        self.width, self.height = A6[0], height
        self.scale = scale
        self.margin = 9 * mm
        self.y = self.height - self.margin

    @property
    def inner(self) -> float:
        return self.width - 2 * self.margin

    @property
    def used(self) -> float:
        """Height taken from the top margin down."""
        return self.height - self.margin - self.y

    def lines(self, text: str, size: float, *, bold: bool = False, centre: bool = True, colour: Color = black,
              leading: float = 1.25) -> None:
        if not text:
            return
        size *= self.scale
        font = self.bold if bold else self.regular
        if self.c is not None:
            self.c.setFont(font, size)
            self.c.setFillColor(colour)
        for line in _wrap(text, font, size, self.inner):
            self.y -= size
            if self.c is not None:
                if centre:
                    self.c.drawCentredString(self.width / 2, self.y, line)
                else:
                    self.c.drawString(self.margin, self.y, line)
            self.y -= size * (leading - 1)
        if self.c is not None:
            self.c.setFillColor(black)

    def gap(self, millimetres: float) -> None:
        self.y -= millimetres * mm * self.scale

    def rule(self) -> None:
        if self.c is not None:
            self.c.setStrokeColor(GREY)
            self.c.setLineWidth(0.5)
            self.c.line(self.margin, self.y, self.width - self.margin, self.y)

    def code(self, code: str) -> None:
        """The code as large as fits, its characters spaced, in two groups of three (never scaled)."""
        size = 30.0
        spaced = grouped(code)
        while True:
            space = size * 0.18
            width = pdfmetrics.stringWidth(spaced, self.bold, size) + space * (len(spaced) - 1)
            if width <= self.inner or size <= 14:
                break
            size -= 1
        self.y -= size
        if self.c is not None:
            text = self.c.beginText()
            text.setFont(self.bold, size)
            text.setCharSpace(space)
            text.setTextOrigin((self.width - width) / 2, self.y)
            text.textOut(spaced)
            text.setCharSpace(0)  # the text state outlives this object in the PDF
            self.c.drawText(text)
        self.y -= size * 0.3

    def qr(self, payload: str, side: float) -> None:
        """The QR of ``payload``, ``side`` square, centred (never scaled: a scanner must read it)."""
        self.y -= side
        if self.c is None:
            return
        widget = QrCodeWidget(payload, barLevel="M")
        x0, y0, x1, y1 = widget.getBounds()
        drawing = Drawing(side, side, transform=[side / (x1 - x0), 0, 0, side / (y1 - y0), 0, 0])
        drawing.add(widget)
        self.c.setFillColor(white)
        drawing.drawOn(self.c, (self.width - side) / 2, self.y)
        self.c.setFillColor(black)


def _layout(w: _Writer, t: dict[str, str]) -> None:
    w.lines(t["site"], 8.5, bold=True, colour=GREY)
    w.gap(1.5)
    w.lines(t["title"], 12, bold=True)
    w.lines(t["title_en"], 7.5, colour=GREY)
    w.gap(2)
    w.code(t["code"])
    w.qr(t["code"], 30 * mm)
    w.gap(2.5)
    w.lines(t["service"], 10.5, bold=True)
    w.lines(t["service_en"], 7.5, colour=GREY)
    w.gap(1.5)
    w.lines(t["date"], 10.5)
    w.lines(t["time"], 16, bold=True)
    w.lines(t["name"], 8)
    w.gap(1.5)
    w.rule()
    w.gap(1.5)
    w.lines(t["window"], 7.5, centre=False)
    w.lines(t["late"], 7.5, centre=False)
    w.gap(1)
    w.lines(t["bring_heading"], 7.5, bold=True, centre=False)
    w.lines(t["bring"], 7.5, centre=False)
    w.gap(1.5)
    w.lines(t["english"], 6.5, centre=False, colour=GREY)


#: The smallest text scale before the page grows instead (long names and requirements).
MIN_SCALE = 0.8


def render_slip(info: BookingInfo, st: SiteSettings, path: Path | str) -> Path:
    """Write the slip of ``info`` (with the site's name, zone and check-in window from ``st``) to ``path``.

    An A6 page; text that does not fit is set smaller (down to :data:`MIN_SCALE`), and
    beyond that the page grows taller (a slip is mostly sent as a file, not printed).
    """
    t = slip_texts(info, st)
    fonts = slip_fonts()
    room = A6[1] - 2 * 9 * mm
    scale = 1.0
    while True:
        probe = _Writer(None, fonts, A6[1], scale)
        _layout(probe, t)
        if probe.used <= room or scale <= MIN_SCALE:
            break
        scale = max(MIN_SCALE, scale - 0.05)
    height = max(A6[1], probe.used + 2 * 9 * mm)
    path = Path(path)
    c = Canvas(str(path), pagesize=(A6[0], height), pageCompression=1)
    c.setTitle(f"{t['title']} {info.code}")
    c.setAuthor(st.site_name)
    _layout(_Writer(c, fonts, height, scale), t)
    c.showPage()
    c.save()
    return path


def write_slip(db: Database, code: str, path: Path | str) -> Path:
    """The slip of booking ``code`` written to ``path``; refused for a cancelled booking."""
    from db import booking
    from db.queue import site_settings

    info = booking.find(db, code)
    if info.status == "cancelled":
        raise AntrianError(f"booking {info.code} is cancelled: no slip")
    return render_slip(info, site_settings(db), path)
