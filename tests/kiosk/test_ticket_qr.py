"""The ticket's QR code is the one reportlab's own encoder would make (kiosk.ticket_qr)."""

from __future__ import annotations

import random

import pytest
from reportlab.graphics.barcode import qrencoder
from reportlab.graphics.barcode.qr import QrCodeWidget

from kiosk.ticket_qr import QUIET_MODULES, QrPath, dark_runs, lost_point, qr_modules


def _payloads() -> list[str]:
    rng = random.Random(18)
    # The kiosk's own payloads (day, label, id), then arbitrary text of many lengths and modes.
    # reportlab's encoder builds each code eight times over: 126 payloads a level took 12-16 s
    # of every CI run; the kiosk's own differ only in digits, so fewer of them say as much.
    own = [f"ANTRIAN:2026-03-{d:02d}:{c}-{n:03d}:{i}" for d, c, n, i in
           ((2, "A", 1, 1), (2, "F", 999, 123456), (28, "B", 42, 987), (9, "E", 7, 70))]
    own += [f"ANTRIAN:2026-11-{rng.randint(1, 30):02d}:{rng.choice('ABCDEF')}-{rng.randint(1, 999):03d}:"
            f"{rng.randint(1, 10**7)}" for _ in range(16)]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 $%*+-./:abcdefxyz"
    other = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 140))) for _ in range(40)]
    return own + other + ["12345678901234567890", "HELLO WORLD"]


@pytest.mark.parametrize("level", ["M", "L", "H"])
def test_same_modules_as_reportlab(level: str) -> None:
    for payload in _payloads():
        widget = QrCodeWidget(payload, barLevel=level)
        widget.qr.make()
        assert qr_modules(payload, level) == [[bool(m) for m in row] for row in widget.qr.modules], payload


def test_same_penalty_as_reportlab_for_every_mask() -> None:
    for payload in _payloads()[::4]:
        qr = QrCodeWidget(payload, barLevel="M").qr
        qr.version = qr.calculate_version()
        for mask in range(8):
            qr.makeImpl(True, mask)
            assert lost_point(qr.modules) == qrencoder.QRUtil.getLostPoint(qr), (payload, mask)


def test_random_matrices_score_alike() -> None:
    rng = random.Random(7)
    for size in (21, 25, 29, 33):
        for density in (0.1, 0.5, 0.9):
            qr = qrencoder.QRCode(1, qrencoder.QRErrorCorrectLevel.M)
            qr.modules = [[rng.random() < density for _ in range(size)] for _ in range(size)]
            assert lost_point(qr.modules) == qrencoder.QRUtil.getLostPoint(qr)


def test_path_covers_the_dark_modules() -> None:
    modules = qr_modules("ANTRIAN:2026-03-02:A-001:1")
    ops = QrPath(modules).getCode().split(" re")
    rects = [tuple(int(v) for v in op.split()) for op in ops if op.strip()]
    dark = {(x, y) for x, y, w, _h in rects for x in range(x, x + w)}
    count = len(modules)
    expected = {(c + QUIET_MODULES, count + QUIET_MODULES - r - 1)
                for r, row in enumerate(modules) for c, on in enumerate(row) if on}
    assert dark == expected
    assert dark_runs([True, True, False, True]) == [(0, 2), (3, 1)]
