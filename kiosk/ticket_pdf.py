"""Render one queue ticket as a PDF sized for a thermal receipt roll (80 mm or 58 mm).

The page is exactly the roll width and exactly as tall as its content, so a thermal
printer feeds and cuts no blank paper. Everything is black on white.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from reportlab.lib.colors import black
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from db.bundle import fonts_dir
from db.estimate import WaitRange
from db.files import make_private, private_dir
from db.records import IssuedTicket, TicketInfo
from db.sitetime import DEFAULT_TZ, long_date, zone
from kiosk.ticket_qr import QUIET_MODULES, QrPath, qr_modules
from ui.waittext import wait_text, zone_abbreviation

__all__ = [
    "default_qr_payload",
    "format_local_datetime",
    "format_wait_en",
    "format_wait_id",
    "render_ticket_pdf",
    "ticket_fonts",
]

log = logging.getLogger("antrian.kiosk.ticket_pdf")

# Printable width of common thermal mechanisms: 80 mm rolls print 72 mm (576 dots at
# 203 dpi), 58 mm rolls print 48 mm (384 dots). Anything drawn outside is lost.
_PRINTABLE_MM: dict[int, float] = {80: 72.0, 58: 48.0}

_SENTENCE_END = re.compile(r"(?<=[.!?])[ \t]+(?=\S)")
_NBSP = "\u00a0"  # glues a value to its unit so wrapping never splits "± 12 menit"


# ----------------------------------------------------------------------------- fonts

_font_lock = threading.Lock()
_fonts: tuple[str, str] | None = None


def _font_dirs() -> list[Path]:
    """Directories where DejaVu Sans may be installed, most likely first (the bundle's own first)."""
    home = Path.home()
    bundled = fonts_dir()
    dirs = [*([bundled] if bundled is not None else []),
        Path("/usr/share/fonts/truetype/dejavu"),  # Debian, Ubuntu
        Path("/usr/share/fonts/dejavu-sans-fonts"),  # Fedora
        Path("/usr/share/fonts/dejavu"),
        Path("/usr/share/fonts/TTF"),  # Arch
        Path("/usr/local/share/fonts"),
        home / ".local/share/fonts",
        home / ".fonts",
        Path("/Library/Fonts"),
        home / "Library/Fonts",
    ]
    if sys.platform == "win32":
        windir = os.environ.get("WINDIR", r"C:\Windows")
        dirs.append(Path(windir) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return dirs


def ticket_fonts() -> tuple[str, str]:
    """Return the (regular, bold) font names for tickets, registering them once.

    DejaVu Sans is used when its files are found; otherwise the built-in Helvetica
    pair, which needs no file and so can never fail.
    """
    global _fonts
    if _fonts is not None:
        return _fonts
    with _font_lock:
        if _fonts is None:
            _fonts = _register_fonts()
    return _fonts


def _register_fonts() -> tuple[str, str]:
    for folder in _font_dirs():
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        try:
            if not (regular.is_file() and bold.is_file()):
                continue
            fonts = (TTFont("AntrianSans", str(regular)), TTFont("AntrianSans-Bold", str(bold)))
            for font in fonts:
                _reuse_subsets(font.face)
                pdfmetrics.registerFont(font)
        except Exception:  # a broken font file must not stop the kiosk
            log.warning("Could not load DejaVu Sans from %s", folder, exc_info=True)
            continue
        log.debug("Ticket font: DejaVu Sans from %s", folder)
        return "AntrianSans", "AntrianSans-Bold"
    log.info("DejaVu Sans not found; tickets use Helvetica")
    return "Helvetica", "Helvetica-Bold"


_SUBSETS_KEPT = 16


def _reuse_subsets(face: Any) -> None:
    """Make ``face.makeSubset`` (a ``TTFontFace``) keep the last subsets it built.

    Every ticket embeds the same glyphs (printable ASCII, which reportlab always puts in
    the first subset, and the same few others), and building that font subset again
    cost about 1.5 ms per ticket. The bytes only depend on the glyphs asked for.
    """
    build = face.makeSubset
    kept: dict[tuple[int, ...], bytes] = {}

    def make_subset(subset: list[int]) -> bytes:
        key = tuple(subset)
        data = kept.get(key)
        if data is None:
            data = build(subset)
            if len(kept) >= _SUBSETS_KEPT:
                kept.clear()
            kept[key] = data
        return data

    face.makeSubset = make_subset


# ------------------------------------------------------------------------ formatting


def format_local_datetime(moment: datetime, tz: str = DEFAULT_TZ) -> str:
    """Format a UTC instant in ``tz`` the Indonesian way: ``Senin, 23 November 2026 pukul 14.05 WIB``.

    A naive ``moment`` is taken to be UTC, as the database stores it.
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(zone(tz))
    # PUEBI: "pukul 14.05 WIB"; no-break spaces keep the time on one line of a narrow ticket.
    return f"{long_date(local, 'id')} pukul\u00a0{local:%H.%M}\u00a0{zone_abbreviation(local)}".rstrip()


def booking_mark(ticket: TicketInfo, tz: str = DEFAULT_TZ) -> str:
    """``BOOKING 09.30 WIB`` for a booked ticket (its place in the queue is the booked time), else ""."""
    if ticket.source != "booking":
        return ""
    booked = ticket.queue_time if ticket.queue_time.tzinfo else ticket.queue_time.replace(tzinfo=UTC)
    local = booked.astimezone(zone(tz))
    return f"BOOKING {local:%H.%M} {zone_abbreviation(local)}".rstrip()


def format_wait_id(wait: WaitRange) -> str:
    """Indonesian estimated wait: ``sekitar 20–30 menit``, ``sekitar 12 menit``, ``segera``."""
    return wait_text(wait, language="id")


def format_wait_en(wait: WaitRange) -> str:
    """English estimated wait: ``about 20–30 min``, ``about 12 min``, ``soon``."""
    return wait_text(wait, language="en")


def default_qr_payload(ticket: TicketInfo) -> str:
    """The QR content identifying a ticket: ``ANTRIAN:<day iso>:<label>:<ticket id>``."""
    return f"ANTRIAN:{ticket.day.isoformat()}:{ticket.label}:{ticket.id}"


def _glue(text: str) -> str:
    return text.replace(" ", _NBSP)


def _wrap(text: str, font: str, size: float, max_width: float) -> list[str]:
    """Greedy word wrap; a word wider than the line is broken between characters."""
    width = pdfmetrics.stringWidth
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current = ""
        for word in paragraph.split(" "):
            if not word:
                continue
            candidate = f"{current} {word}" if current else word
            if width(candidate, font, size) <= max_width:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = ""
            while width(word, font, size) > max_width:
                cut = len(word) - 1
                while cut > 1 and width(word[:cut], font, size) > max_width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            current = word
        if current:
            lines.append(current)
    return [line.replace(_NBSP, " ") for line in lines]


# ---------------------------------------------------------------------------- layout


class _Block(Protocol):
    @property
    def height(self) -> float: ...

    def draw(self, c: Canvas, top: float, left: float, width: float) -> None: ...


@dataclass
class _Gap:
    height: float

    def draw(self, c: Canvas, top: float, left: float, width: float) -> None:
        pass


@dataclass
class _Text:
    """One centred line of text."""

    text: str
    font: str
    size: float
    leading: float

    @property
    def height(self) -> float:
        return self.leading

    def draw(self, c: Canvas, top: float, left: float, width: float) -> None:
        ascent, descent = pdfmetrics.getAscentDescent(self.font, self.size)
        baseline = top - self.leading / 2 - (ascent + descent) / 2
        c.setFont(self.font, self.size)
        c.drawCentredString(left + width / 2, baseline, self.text)


@dataclass
class _Rich:
    """One centred line made of runs in different fonts (a label and its bold value)."""

    runs: tuple[tuple[str, str], ...]  # (text, font name)
    size: float
    leading: float

    @property
    def height(self) -> float:
        return self.leading

    def draw(self, c: Canvas, top: float, left: float, width: float) -> None:
        widths = [pdfmetrics.stringWidth(text, font, self.size) for text, font in self.runs]
        ascent, descent = pdfmetrics.getAscentDescent(self.runs[-1][1], self.size)
        baseline = top - self.leading / 2 - (ascent + descent) / 2
        x = left + (width - sum(widths)) / 2
        for (text, font), run_w in zip(self.runs, widths, strict=False):
            c.setFont(font, self.size)
            c.drawString(x, baseline, text)
            x += run_w


@dataclass
class _BigNumber:
    """The ticket number, as large as the paper allows."""

    text: str
    font: str
    size: float
    pad: float

    @property
    def height(self) -> float:
        return self.size * 0.73 + 2 * self.pad  # 0.73 em: cap/digit height of both fonts

    def draw(self, c: Canvas, top: float, left: float, width: float) -> None:
        c.setFont(self.font, self.size)
        c.drawCentredString(left + width / 2, top - self.pad - self.size * 0.73, self.text)


@dataclass
class _Rule:
    """A dashed separator line."""

    height: float

    def draw(self, c: Canvas, top: float, left: float, width: float) -> None:
        y = top - self.height / 2
        c.saveState()
        c.setLineWidth(0.7)
        c.setDash(2, 2)
        c.line(left, y, left + width, y)
        c.restoreState()


@dataclass
class _Boxed:
    """A line of bold text in a frame (the priority mark)."""

    text: _Text
    pad: float
    line_width: float = 1.4

    @property
    def height(self) -> float:
        return self.text.height + 2 * self.pad

    def draw(self, c: Canvas, top: float, left: float, width: float) -> None:
        text_w = pdfmetrics.stringWidth(self.text.text, self.text.font, self.text.size)
        box_w = min(width, text_w + 6 * self.pad)
        c.saveState()
        c.setLineWidth(self.line_width)
        half = self.line_width / 2
        c.rect(left + (width - box_w) / 2 + half, top - self.height + half,
               box_w - 2 * half, self.height - 2 * half, stroke=1, fill=0)
        c.restoreState()
        self.text.draw(c, top - self.pad, left, width)


@dataclass
class _Image:
    """The site logo, centred."""

    image: ImageReader
    width: float
    height: float

    def draw(self, c: Canvas, top: float, left: float, width: float) -> None:
        c.drawImage(self.image, left + (width - self.width) / 2, top - self.height,
                    self.width, self.height, mask="auto")


@dataclass
class _Qr:
    payload: str
    size: float

    @property
    def height(self) -> float:
        return self.size

    def draw(self, c: Canvas, top: float, left: float, width: float) -> None:
        # Level M survives a smudged or partly faded thermal print; the 4-module white
        # border around it (QrCodeWidget's) is the quiet zone scanners need.
        modules = qr_modules(self.payload, "M")
        box = self.size / (len(modules) + 2 * QUIET_MODULES)
        # Same geometry as QrCodeWidget.draw(), emitted as one filled path in module
        # units: building and rendering its per-run validated shapes, and formatting
        # hundreds of float coordinates, cost ~15 ms per ticket.
        c.saveState()
        c.translate(left + (width - self.size) / 2, top - self.size)
        c.scale(box, box)
        c.drawPath(QrPath(modules, QUIET_MODULES), stroke=0, fill=1)
        c.restoreState()


_LOGO_MAX_PX = (1152, 224)  # 2 x (72 mm, 14 mm) at 203 dpi
_logo_lock = threading.Lock()
_logo_cache: dict[tuple[str, int, int], tuple[ImageReader, int, int]] = {}


def _greyscale(path: Path) -> object:
    """The logo flattened onto white and turned grey: a thermal head prints no colour.

    Returns a Pillow image, or the path itself when Pillow is unavailable.
    """
    try:
        from PIL import Image
    except ImportError:
        return str(path)
    with Image.open(path) as img:
        img.load()
        if img.mode in ("RGBA", "LA", "P", "PA"):
            rgba = img.convert("RGBA")
            flat = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
            flat.alpha_composite(rgba)
            grey = flat.convert("L")
        else:
            grey = img.convert("L")
    # Twice the dots a 203 dpi head prints at the largest logo size: a photo-sized
    # file would otherwise be re-compressed into every ticket.
    grey.thumbnail(_LOGO_MAX_PX)
    return grey


def _load_logo(path: Path) -> tuple[ImageReader, int, int] | None:
    """Return the decoded logo and its pixel size, cached until the file changes."""
    try:
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        with _logo_lock:
            cached = _logo_cache.get(key)
            if cached is None:
                reader = ImageReader(_greyscale(path))
                w, h = reader.getSize()
                cached = (reader, int(w), int(h))
                _logo_cache.clear()  # one kiosk shows one logo; keep no stale copies
                _logo_cache[key] = cached
        return cached
    except OSError as exc:
        log.warning("Ticket logo %s could not be read (%s); printing without it", path, exc)
        return None
    except Exception:  # a corrupt image must not stop a ticket
        log.warning("Ticket logo %s could not be decoded; printing without it", path, exc_info=True)
        return None


@dataclass(frozen=True)
class _Sizes:
    margin_x: float
    margin_y: float
    site: float
    service_id: float
    service_en: float
    caption: float
    number_max: float
    body: float
    body_en: float
    priority: float
    footer: float
    qr: float
    logo_max_h: float


def _sizes(width_mm: int) -> _Sizes:
    printable = _PRINTABLE_MM.get(width_mm, width_mm - 8.0)
    margin_x = (width_mm - printable) / 2 * mm
    if width_mm >= 70:
        return _Sizes(margin_x, 4 * mm, 11.5, 14, 10, 8, 90, 10.5, 9, 12, 8.5, 30 * mm, 14 * mm)
    return _Sizes(margin_x, 3 * mm, 9.5, 12, 8.5, 7, 60, 9, 8, 10.5, 7.5, 24 * mm, 11 * mm)


class _Layout:
    """The ticket's blocks, top to bottom, laid out for a content width of ``width`` points."""

    def __init__(self, width: float, sizes: _Sizes) -> None:
        self.width = width
        self.s = sizes
        self.regular, self.bold = ticket_fonts()
        self.blocks: list[_Block] = []

    # -- text helpers ----------------------------------------------------------------------

    def para(self, text: str, font: str, size: float, leading: float = 1.22) -> None:
        """``text`` wrapped to the content width, one block per line."""
        for line in _wrap(text, font, size, self.width):
            self.blocks.append(_Text(line, font, size, size * leading))

    def fitted(self, text: str, font: str, size: float, min_size: float) -> None:
        """One line, shrunk (not below ``min_size``) to fit; wrapped if still too wide."""
        natural = pdfmetrics.stringWidth(text, font, size)
        if natural > self.width:
            size = max(min_size, size * self.width / natural)
        self.para(text, font, size)

    def label_value(self, label: str, value: str, size: float) -> None:
        """``label`` in regular and ``value`` in bold, on one line when they fit."""
        regular, bold = self.regular, self.bold
        width = pdfmetrics.stringWidth(label, regular, size) + pdfmetrics.stringWidth(value, bold, size)
        if width <= self.width:
            self.blocks.append(_Rich(((label, regular), (value, bold)), size, size * 1.25))
        else:
            self.para(label.rstrip(), regular, size, 1.25)
            self.para(_glue(value), bold, size, 1.25)

    # -- the parts of a ticket -------------------------------------------------------------

    def logo(self, path: Path) -> None:
        """The site's logo, scaled to fit, when the file can be read."""
        logo = _load_logo(path)
        if logo is not None:
            reader, px_w, px_h = logo
            scale = min(self.s.logo_max_h / px_h, self.width / px_w)
            self.blocks += [_Image(reader, px_w * scale, px_h * scale), _Gap(2 * mm)]

    def heading(self, site_name: str, ticket: TicketInfo) -> None:
        """The site, a rule, the service in Indonesian (and English when it differs), the caption."""
        s = self.s
        self.para(site_name, self.bold, s.site)
        self.blocks.append(_Rule(4 * mm))
        self.para(ticket.service_name_id, self.bold, s.service_id)
        if ticket.service_name_en and ticket.service_name_en != ticket.service_name_id:
            self.para(ticket.service_name_en, self.regular, s.service_en)
        self.blocks.append(_Gap(2.5 * mm))
        self.para("Nomor Antrean / Queue Number", self.regular, s.caption)

    def number(self, ticket: TicketInfo, tz: str) -> None:
        """The big number, the priority and booking marks if any, and the time of issue."""
        s = self.s
        # 94 % of the line: the widest label still keeps a hair of white at both edges.
        label_em = pdfmetrics.stringWidth(ticket.label, self.bold, 1) or 1.0
        number_size = min(s.number_max, 0.94 * self.width / label_em)
        self.blocks.append(_BigNumber(ticket.label, self.bold, number_size, pad=1.5 * mm))
        marks = ["PRIORITAS / PRIORITY"] if ticket.priority else []
        booked = booking_mark(ticket, tz)
        if booked:
            marks.append(booked)
        for mark in marks:
            self.blocks += [_Gap(1.5 * mm), _Boxed(_Text(mark, self.bold, s.priority, s.priority * 1.2), pad=1.2 * mm)]
        self.blocks.append(_Gap(1.5 * mm))
        self.fitted(format_local_datetime(ticket.issued_at, tz), self.regular, s.body, s.body_en)

    def waiting(self, issued: IssuedTicket) -> None:
        """A rule, then the people ahead and the estimated wait, in Indonesian and English."""
        s = self.s
        self.blocks.append(_Rule(4 * mm))
        ahead = issued.people_ahead
        self.label_value("Antrean di depan Anda: ", str(ahead), s.body)
        self.para(f"People ahead: {ahead}", self.regular, s.body_en)
        self.blocks.append(_Gap(1.5 * mm))
        self.label_value("Perkiraan waktu tunggu: ", format_wait_id(issued.wait), s.body)
        self.para(f"Estimated wait: {_glue(format_wait_en(issued.wait))}", self.regular, s.body_en)

    def qr(self, payload: str) -> None:
        """The QR code; the widget brings its own 4-module white border, so no extra gap around it."""
        self.blocks += [_Gap(0.5 * mm), _Qr(payload, self.s.qr)]

    def footer(self, text: str) -> None:
        """A rule and the site's footer, when there is one."""
        footer = text.strip()
        if not footer:
            return
        self.blocks.append(_Rule(4 * mm))
        if pdfmetrics.stringWidth(footer, self.regular, self.s.footer) > self.width:
            # Start each sentence on its own line rather than leave "Terima kasih"
            # dangling at the end of the first one.
            footer = _SENTENCE_END.sub("\n", footer)
        self.para(footer, self.regular, self.s.footer)


def _build(issued: IssuedTicket, content_w: float, s: _Sizes, logo_path: Path | None,
           qr_payload: str, tz: str) -> list[_Block]:
    """The blocks of one ticket, top to bottom: logo, heading, number, waiting figures, QR code, footer."""
    layout = _Layout(content_w, s)
    if logo_path is not None:
        layout.logo(Path(logo_path))
    layout.heading(issued.site_name, issued.ticket)
    layout.number(issued.ticket, tz)
    layout.waiting(issued)
    layout.qr(qr_payload)
    layout.footer(issued.footer)
    return layout.blocks


def render_ticket_pdf(
    issued: IssuedTicket,
    path: Path,
    width_mm: int = 80,
    logo_path: Path | None = None,
    qr_payload: str | None = None,
    tz: str = DEFAULT_TZ,
) -> Path:
    """Render ``issued`` as a one-page thermal-roll PDF at ``path`` and return the path.

    The page is ``width_mm`` wide (80 or 58 mm; other widths get 4 mm margins) and as
    tall as its content. ``qr_payload`` defaults to :func:`default_qr_payload`; ``tz``
    is the site's time zone for the printed date and time. The file is written
    atomically, so a printer or pruner never sees half a ticket.
    """
    if not 40 <= width_mm <= 120:
        raise ValueError(f"Ticket width must be between 40 and 120 mm, not {width_mm}")
    path = Path(path)
    s = _sizes(width_mm)
    page_w = width_mm * mm
    content_w = page_w - 2 * s.margin_x
    payload = qr_payload if qr_payload is not None else default_qr_payload(issued.ticket)
    blocks = _build(issued, content_w, s, logo_path, payload, tz)
    page_h = 2 * s.margin_y + sum(block.height for block in blocks)

    private_dir(path.parent)  # tickets are for the visitor and the office only: 0700 / 0600
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    regular, _bold = ticket_fonts()
    # initialFontName: otherwise the canvas lists an unused, unembedded Helvetica.
    c = Canvas(str(tmp), pagesize=(page_w, page_h), pageCompression=1, initialFontName=regular)
    c.setTitle(f"Antrian {issued.ticket.label}")
    c.setAuthor(issued.site_name)
    c.setCreator("Antrian")
    c.setFillColor(black)
    c.setStrokeColor(black)
    top = page_h - s.margin_y
    for block in blocks:
        block.draw(c, top, s.margin_x, content_w)
        top -= block.height
    c.showPage()
    try:
        c.save()
        make_private(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
