"""A ticket laid out natively in ESC/POS, the command language of 80 mm and 58 mm thermal
printers (Epson TM-T82 class and its many compatibles).

The printer draws the text in its own fonts, scales the number with its own character
size command and draws the QR code with its own ``GS ( k`` command, so a ticket is about
a kilobyte and prints in about a second; the PDF of the same ticket is still kept on
disk. Only commands every TM-T82-class printer knows are used, and text is sent as plain
ASCII (the code pages of compatible printers differ; Indonesian needs no accents).

Why not python-escpos: it pulls in pyusb, Pillow, qrcode, python-barcode, PyYAML and
more for what is here about a hundred lines, and its USB path needs libusb (and, on
Windows, a replaced driver); this layer needs nothing but the standard library.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from db.records import IssuedTicket
from db.sitetime import DEFAULT_TZ
from kiosk.ticket_pdf import booking_mark, default_qr_payload, format_local_datetime, format_wait_en, format_wait_id

ESC, GS, DLE, EOT, LF = b"\x1b", b"\x1d", b"\x10", b"\x04", b"\n"
INIT = ESC + b"@"
#: Real-time status requests (``DLE EOT n``): the printer answers one byte at once.
STATUS_PRINTER = DLE + EOT + b"\x01"
STATUS_PAPER = DLE + EOT + b"\x04"
#: Feed to the cutter and cut, leaving a hinge (``GS V 66 n``).
FEED_AND_CUT = GS + b"V" + bytes([66, 3])
#: Characters per line of Font A (12 dots wide) on each roll.
COLUMNS = {80: 48, 58: 32}
_ASCII = {"\u00a0": " ", "\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
          "\u00b1": "+/-", "\u00d7": "x", "\u2026": "..."}


def ascii_text(text: str) -> str:
    """``text`` as plain printable ASCII (dashes, quotes and no-break spaces made plain,
    accents dropped, anything else ``?``)."""
    out = []
    for ch in text:
        ch = _ASCII.get(ch, ch)
        if len(ch) == 1 and not (32 <= ord(ch) < 127 or ch == "\n"):
            ch = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode() or "?"
        out.append(ch)
    return "".join(out)


def align(where: str) -> bytes:
    """``ESC a n``: left, center or right."""
    return ESC + b"a" + bytes([("left", "center", "right").index(where)])


def bold(on: bool) -> bytes:
    """``ESC E n``."""
    return ESC + b"E" + bytes([1 if on else 0])


def size(width: int, height: int) -> bytes:
    """``GS ! n``: characters ``width`` × ``height`` times their normal size (1..8)."""
    if not (1 <= width <= 8 and 1 <= height <= 8):
        raise ValueError("character size must be 1..8")
    return GS + b"!" + bytes([(width - 1) << 4 | (height - 1)])


def reverse(on: bool) -> bytes:
    """``GS B n``: white on black."""
    return GS + b"B" + bytes([1 if on else 0])


def qr_code(data: str, module: int = 6) -> bytes:
    """The printer's own QR code (``GS ( k``): model 2, error correction M, ``module`` dots per module."""
    payload = data.encode("ascii", "replace")
    stored = len(payload) + 3

    def fn(*body: int) -> bytes:
        return GS + b"(k" + bytes([len(body) & 0xFF, len(body) >> 8, *body])

    return (fn(49, 65, 50, 0) + fn(49, 67, module) + fn(49, 69, 49)
            + GS + b"(k" + bytes([stored & 0xFF, stored >> 8, 49, 80, 48]) + payload
            + fn(49, 81, 48))


def wrap(text: str, columns: int) -> list[str]:
    """``text`` in lines of at most ``columns`` characters, broken between words."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            while len(word) > columns:  # a word longer than the line is cut
                if line:
                    lines.append(line)
                    line = ""
                lines.append(word[:columns])
                word = word[columns:]
            candidate = f"{line} {word}" if line else word
            if len(candidate) <= columns:
                line = candidate
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


@dataclass(frozen=True)
class EscposLayout:
    """What the ticket looks like on a roll: its width and whether to print the QR code."""

    width_mm: int = 80
    qr: bool = True

    @property
    def columns(self) -> int:
        """Characters per line at normal size."""
        return COLUMNS.get(self.width_mm, COLUMNS[80] if self.width_mm > 70 else COLUMNS[58])


def ticket_bytes(issued: IssuedTicket, layout: EscposLayout | None = None, tz: str = DEFAULT_TZ,
                 qr_payload: str | None = None) -> bytes:
    """The whole ticket as ESC/POS: the same content as the PDF (site, service, the number
    large, priority and booking marks, time, people ahead, estimated wait, QR code, footer), then a cut."""
    lay = layout or EscposLayout()
    cols = lay.columns
    t = issued.ticket
    out = bytearray(INIT + align("center"))

    def text(value: str, columns: int = cols) -> None:
        for line in wrap(ascii_text(value), columns):
            out.extend(line.encode("ascii") + LF)

    out += bold(True)
    text(issued.site_name)
    out += bold(False)
    out += b"-" * cols + LF
    out += bold(True) + size(1, 2)
    text(t.service_name_id)
    out += size(1, 1) + bold(False)
    if t.service_name_en and t.service_name_en != t.service_name_id:
        text(t.service_name_en)
    text("Nomor Antrean / Queue Number")
    magnify = max(1, min(8, cols // max(1, len(t.label))))
    out += bold(True) + size(magnify, magnify)
    out += ascii_text(t.label).encode("ascii") + LF
    out += size(1, 1) + bold(False)
    if t.priority:
        out += bold(True) + reverse(True) + b" PRIORITAS / PRIORITY " + reverse(False) + bold(False) + LF
    booked = booking_mark(t, tz)
    if booked:
        out += bold(True) + reverse(True) + f" {ascii_text(booked)} ".encode("ascii") + reverse(False) + bold(False) + LF
    text(format_local_datetime(t.issued_at, tz))
    out += b"-" * cols + LF
    out += align("left")
    text(f"Antrean di depan Anda: {issued.people_ahead}")
    text(f"People ahead: {issued.people_ahead}")
    text(f"Perkiraan waktu tunggu: {format_wait_id(issued.wait)}")
    text(f"Estimated wait: {format_wait_en(issued.wait)}")
    out += align("center")
    if lay.qr:
        out += LF + qr_code(qr_payload if qr_payload is not None else default_qr_payload(t),
                            module=6 if cols >= 48 else 4) + LF
    if issued.footer.strip():
        out += b"-" * cols + LF
        text(issued.footer.strip())
    out += LF + FEED_AND_CUT
    return bytes(out)


@dataclass(frozen=True)
class PrinterStatus:
    """What a printer said about itself (``DLE EOT``); None where it did not answer."""

    offline: bool | None = None
    paper_out: bool | None = None
    paper_low: bool | None = None

    @property
    def fault(self) -> str | None:
        """Why the printer cannot print now ("is out of paper"), or None."""
        if self.paper_out:
            return "is out of paper"
        if self.offline:
            return "is offline (cover open, paper out or an error)"
        return None


def status_from(printer_byte: int | None, paper_byte: int | None) -> PrinterStatus:
    """The answers to ``DLE EOT 1`` (bit 3: offline) and ``DLE EOT 4`` (bits 5-6: paper end,
    bits 2-3: paper near its end) as a :class:`PrinterStatus`."""
    offline = None if printer_byte is None else bool(printer_byte & 0x08)
    if paper_byte is None:
        return PrinterStatus(offline)
    return PrinterStatus(offline, bool(paper_byte & 0x60), bool(paper_byte & 0x0C))
