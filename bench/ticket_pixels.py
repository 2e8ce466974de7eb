"""Are the ticket PDFs of this checkout the same, pixel for pixel, as those of another revision?

Renders the same set of tickets (80 and 58 mm, with and without priority mark, logo,
long names, a long footer, several QR payloads) with this checkout's
``kiosk.ticket_pdf`` and with the one of ``--against`` (a git revision, exported to a
temporary folder), turns each into a PNG with ``pdftoppm -r 200`` and compares the
pixels. Prints JSON: per ticket, the page size in points and the number of differing
pixels; exits 1 when any ticket differs.

    python bench/ticket_pixels.py                 # against HEAD (uncommitted changes vs the last commit)
    python bench/ticket_pixels.py --against main~3
    python bench/ticket_pixels.py --keep /tmp/px  # keep the PDFs and PNGs there
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# Run in a child process with PYTHONPATH set to the tree being rendered; argv[1] is the output folder.
_RENDER = r'''
import sys
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from PySide6.QtGui import QColor, QImage, QPainter

from db.estimate import NOW, WaitRange
from db.records import IssuedTicket, TicketInfo
from kiosk.ticket_pdf import render_ticket_pdf

out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
(out / "logo").mkdir(exist_ok=True)
logo = out / "logo" / "logo.png"
image = QImage(420, 120, QImage.Format.Format_ARGB32)
image.fill(QColor(0, 0, 0, 0))
painter = QPainter(image)
painter.fillRect(10, 10, 100, 100, QColor("#0b5fff"))
painter.fillRect(130, 40, 280, 40, QColor(200, 30, 30, 180))
painter.end()
image.save(str(logo))
at = datetime(2026, 11, 23, 7, 5, tzinfo=UTC)
base = IssuedTicket(
    TicketInfo(1234, "A-007", "A", "Desk CAPA", "CAPA Desk", date(2026, 11, 23), 7, "waiting", False, at, at),
    3, WaitRange(10, 15), "Direktorat Pengawasan Produksi Obat",
    "Layanan ini tidak dipungut biaya. Terima kasih atas kunjungan Anda.")
long_names = replace(base.ticket, label="F-123", service_name_id="Pendaftaran Sertifikasi Produk Pangan Olahan",
                     service_name_en="Registration of Processed Food Product Certification", id=98765)
cases = {
    "plain-80": (base, {}),
    "priority-80": (replace(base, ticket=replace(base.ticket, priority=True, label="B-042", id=4242)), {}),
    "long-80": (replace(base, ticket=long_names, people_ahead=27, wait=WaitRange(95, 140, False),
                        footer="Simpan tiket ini. Nomor yang terlewat dapat dipanggil ulang oleh petugas. Terima kasih."),
                {}),
    "now-80": (replace(base, people_ahead=0, wait=NOW, footer="", site_name="Kantor"), {}),
    "plain-58": (base, {"width_mm": 58}),
    "priority-58": (replace(base, ticket=replace(long_names, priority=True)), {"width_mm": 58}),
    "logo-80": (base, {"logo_path": logo}),
    "logo-58": (replace(base, ticket=replace(base.ticket, id=7, label="C-001")), {"width_mm": 58, "logo_path": logo}),
    "payload-80": (base, {"qr_payload": "https://antrian.example/t/2026-11-23/A-007?id=1234&k=Zx81"}),
}
for name, (issued, options) in cases.items():
    render_ticket_pdf(issued, out / f"{name}.pdf", **options)
'''


def render(tree: Path, out: Path) -> None:
    """Render the tickets with the code in ``tree`` into ``out`` (PDFs, then 200 dpi PNGs)."""
    env = {**os.environ, "PYTHONPATH": str(tree), "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run([sys.executable, "-c", _RENDER, str(out)], cwd=tree, env=env, check=True)
    for pdf in sorted(out.glob("*.pdf")):
        subprocess.run(["pdftoppm", "-r", "200", "-png", "-singlefile", str(pdf), str(pdf.with_suffix(""))],
                       check=True)


def media_box(pdf: Path) -> str | None:
    """The page's /MediaBox (reportlab writes it uncompressed)."""
    from kiosk.printing import _MEDIA_BOX

    found = _MEDIA_BOX.findall(pdf.read_bytes())
    return " ".join(f"{float(v):.3f}" for v in found[0]) if len(found) == 1 else None


def differing_pixels(a: Path, b: Path) -> tuple[int, list[int], list[int]]:
    """(pixels that differ, size of ``a``, size of ``b``); -1 differing when the sizes differ."""
    from PySide6.QtGui import QImage

    ia = QImage(str(a)).convertToFormat(QImage.Format.Format_Grayscale8)
    ib = QImage(str(b)).convertToFormat(QImage.Format.Format_Grayscale8)
    sa, sb = [ia.width(), ia.height()], [ib.width(), ib.height()]
    if sa != sb:
        return -1, sa, sb
    if ia == ib:
        return 0, sa, sb
    w = ia.width()
    differ = 0
    for y in range(ia.height()):
        row_a, row_b = bytes(ia.constScanLine(y))[:w], bytes(ib.constScanLine(y))[:w]
        if row_a != row_b:
            differ += sum(1 for p, q in zip(row_a, row_b, strict=True) if p != q)
    return differ, sa, sb


def export(rev: str, into: Path) -> None:
    """``git archive`` of ``rev`` unpacked into ``into``."""
    archive = subprocess.run(["git", "archive", rev], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)


def main(argv: list[str] | None = None) -> int:
    """Compare and print the JSON; 1 when a ticket differs."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--against", default="HEAD", help="git revision to compare with (default HEAD)")
    p.add_argument("--keep", type=Path, help="keep the PDFs and PNGs in this folder")
    args = p.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="antrian-ticket-pixels-"))
    try:
        base_tree = tmp / "tree"
        base_tree.mkdir()
        export(args.against, base_tree)
        before, after = tmp / "before", tmp / "after"
        render(base_tree, before)
        render(ROOT, after)
        tickets: dict[str, Any] = {}
        for png in sorted(after.glob("*.png")):
            other = before / png.name
            differ, size_a, size_b = differing_pixels(other, png) if other.exists() else (-1, [], [])
            pdf = png.with_suffix(".pdf")
            tickets[png.stem] = {"differing_pixels": differ, "png_size": size_b,
                                 "media_box_before": media_box(other.with_suffix(".pdf")),
                                 "media_box_after": media_box(pdf)}
        same = all(t["differing_pixels"] == 0 and t["media_box_before"] == t["media_box_after"]
                   for t in tickets.values())
        print(json.dumps({"benchmark": "ticket_pixels", "against": args.against, "dpi": 200, "identical": same,
                          "tickets": tickets}, indent=2))
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for sub in (before, after):
                shutil.copytree(sub, args.keep / sub.name, dirs_exist_ok=True)
        return 0 if same else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
