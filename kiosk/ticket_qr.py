"""The ticket's QR code: reportlab's encoder, a faster choice of mask, one path of rectangles.

reportlab's ``QRCode.make()`` builds the code eight times, once per mask pattern, and
scores each with ``QRUtil.getLostPoint``, a module-by-module Python loop: about 7 ms of
a ticket's 20. :func:`qr_modules` builds it twice (see there), and :func:`lost_point`
computes the very same score (its quirks included:
the finder-like pattern is looked for in one direction, along rows only) from each
row and column written as a string of ``0`` and ``1``, so the chosen mask, and so the
printed code, are the ones reportlab would choose. ``tests/kiosk/test_ticket_qr.py``
compares both scores on many codes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.barcode.qrencoder import QRCode, QRUtil

__all__ = ["QUIET_MODULES", "QrPath", "dark_runs", "lost_point", "qr_modules"]

# The white border around the code, in modules: what reportlab's QrCodeWidget draws
# (``barBorder``) and scanners need as a quiet zone.
QUIET_MODULES = int(QrCodeWidget.barBorder)

_RUN = re.compile(r"0{5,}|1{5,}")
# QRUtil.maskScoreRule3hor's pattern (1:1:3:1:1 then four light modules), one direction only.
_FINDER_LIKE = "10111010000"


def lost_point(modules: Sequence[Sequence[bool | None]]) -> int:
    """``QRUtil.getLostPoint`` of a module matrix: the penalty a mask pattern is chosen by."""
    return _lost_point(["".join("1" if dark else "0" for dark in row) for row in modules])


def _lost_point(rows: list[str]) -> int:
    """:func:`lost_point` of the rows written as strings of ``0`` and ``1``."""
    n = len(rows)
    score = 0
    # Rule 1: runs of five or more modules of one colour, along rows and columns: length - 2 each.
    for line in (*rows, *("".join(col) for col in zip(*rows, strict=True))):
        for run in _RUN.findall(line):
            score += len(run) - 2
    # Rule 3 (rows only, as reportlab): 40 per finder-like pattern, non-overlapping, not at the last place.
    last = n - len(_FINDER_LIKE)
    for line in rows:
        at = line.find(_FINDER_LIKE)
        while 0 <= at < last:
            score += 40
            at = line.find(_FINDER_LIKE, at + len(_FINDER_LIKE))
    # Rule 2: 3 per 2x2 block of one colour (a row as an integer: bit k is column n-1-k).
    bits = [int(line, 2) for line in rows]
    inner = (1 << (n - 1)) - 1
    for upper, lower in zip(bits, bits[1:], strict=False):
        same_v = ~(upper ^ lower)
        same_h = ~(lower ^ (lower >> 1))
        score += 3 * (same_v & (same_v >> 1) & same_h & inner).bit_count()
    # Rule 4: how far the share of dark modules is from half.
    dark = sum(line.count("1") for line in rows)
    score += 10 * (abs(100 * dark // (n * n) - 50) // 5)
    return score


# Per (QR version, mask pattern): each row's data modules that the mask inverts, as an
# integer (bit k is column n-1-k). The data modules' places depend on the version only.
_MASK_ROWS: dict[tuple[int, int], list[int]] = {}


def _mask_rows(qr: QRCode, mask: int) -> list[int]:
    key = (int(qr.version), mask)
    rows = _MASK_ROWS.get(key)
    if rows is None:
        n = qr.moduleCount
        inverts = QRUtil.getMask(mask)
        rows = [0] * n
        for col, row in qr.dataPosIterator():
            if inverts(row, col):
                rows[row] |= 1 << (n - 1 - col)
        _MASK_ROWS[key] = rows
    return rows


def qr_modules(payload: str, level: str = "M") -> list[list[bool]]:
    """The module matrix of ``payload`` (True: dark), as ``QrCodeWidget(payload, barLevel=level)`` draws it.

    reportlab builds the whole code once per mask to score it; here it is built once (in
    reportlab's test mode, mask 0), and each other mask's matrix is that one with the data
    modules of both masks inverted: everything else (finder, timing, blank format bits)
    is the same under every mask in test mode. The chosen code is then built by reportlab.
    """
    qr = QrCodeWidget(payload, barLevel=level).qr  # the widget's own encoder, data modes and all
    if qr.version is None:  # what QRCode.make() does first
        qr.version = qr.calculate_version()
    qr.makeImpl(True, 0)
    n = qr.moduleCount
    base = [int("".join("1" if dark else "0" for dark in row), 2) for row in qr.modules]
    unmask = _mask_rows(qr, 0)
    scores = []
    for mask in range(8):
        rows = [b ^ u ^ m for b, u, m in zip(base, unmask, _mask_rows(qr, mask), strict=True)]
        scores.append((_lost_point([format(r, f"0{n}b") for r in rows]), mask))
    qr.makeImpl(False, min(scores)[1])  # ties: the lowest mask, as QRCode.getBestMaskPattern
    return [[bool(dark) for dark in row] for row in qr.modules]


def dark_runs(row: Sequence[bool | None]) -> list[tuple[int, int]]:
    """Return (start column, length) for each run of dark modules in a QR row."""
    runs: list[tuple[int, int]] = []
    start = -1
    for col, dark in enumerate(row):
        if dark and start < 0:
            start = col
        elif not dark and start >= 0:
            runs.append((start, col - start))
            start = -1
    if start >= 0:
        runs.append((start, len(row) - start))
    return runs


class QrPath:
    """The dark modules as one PDF path of rectangles in module units (for ``Canvas.drawPath``).

    The operators are written directly: every coordinate is a whole number, and
    reportlab's ``PDFPathObject.rect`` would format each of several hundred as a float.
    """

    def __init__(self, modules: Sequence[Sequence[bool | None]], border: int = QUIET_MODULES) -> None:
        count = len(modules)
        parts: list[str] = []
        for r, row in enumerate(modules):
            y = count + border - r - 1
            parts.extend(f"{col + border} {y} {run} 1 re" for col, run in dark_runs(row))
        self._code = " ".join(parts)

    def getCode(self) -> str:  # reportlab's name
        """The path's operators, as ``PDFPathObject.getCode`` gives them."""
        return self._code
