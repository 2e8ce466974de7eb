"""The ticket PDF: content, exact roll width, 203 dpi rendering, QR payload, fonts."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from reportlab.graphics.barcode.qr import QrCodeWidget

import kiosk.ticket_pdf as ticket_pdf
import kiosk.ticket_qr as ticket_qr
from db.estimate import WaitRange
from db.records import IssuedTicket
from kiosk.ticket_pdf import (
    default_qr_payload,
    format_local_datetime,
    format_wait_en,
    format_wait_id,
    render_ticket_pdf,
)

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None or shutil.which("pdftoppm") is None,
    reason="poppler-utils (pdftotext, pdfinfo, pdftoppm) is not installed",
)

MM_PER_PT = 25.4 / 72
THERMAL_DPI = 203
PRINTABLE_MM = {80: 72.0, 58: 48.0}


def pdf_text(pdf: Path) -> str:
    """The PDF's text with every run of whitespace folded to one space."""
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def page_size_mm(pdf: Path) -> tuple[float, float]:
    """(width, height) of the first page in millimetres, from pdfinfo."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    match = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert match, info
    return float(match.group(1)) * MM_PER_PT, float(match.group(2)) * MM_PER_PT


def rasterise(pdf: Path, dpi: int = THERMAL_DPI) -> Path:
    """Render page 1 to PNG with pdftoppm, as a thermal driver would at ``dpi``."""
    stem = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-singlefile", str(pdf), str(stem)],
                   check=True, capture_output=True)
    png = stem.with_suffix(".png")
    assert png.is_file()
    return png


@pytest.mark.parametrize("width_mm", [80, 58])
def test_ticket_has_all_its_text(tmp_path: Path, issued_factory: Callable[..., IssuedTicket],
                                 width_mm: int) -> None:
    pdf = render_ticket_pdf(issued_factory(), tmp_path / f"A-007-{width_mm}.pdf", width_mm)
    text = pdf_text(pdf)
    for expected in (
        "Direktorat Pengawasan Produksi Obat",
        "Desk CAPA",
        "CAPA Desk",
        "A-007",
        "Senin, 23 November 2026 pukul 14.05 WIB",  # extracted text: the no-break spaces read as spaces
        "Antrean di depan Anda: 3",
        "People ahead: 3",
        "Perkiraan waktu tunggu: sekitar 10–15 menit",
        "Estimated wait: about 10–15 min",
        "Layanan ini tidak dipungut biaya. Terima kasih atas kunjungan Anda.",
    ):
        assert expected in text, f"{expected!r} missing from the {width_mm} mm ticket: {text!r}"
    assert "PRIORITAS" not in text


@pytest.mark.parametrize("width_mm", [80, 58])
def test_page_is_exactly_the_roll_width(tmp_path: Path, issued_factory: Callable[..., IssuedTicket],
                                        width_mm: int) -> None:
    pdf = render_ticket_pdf(issued_factory(), tmp_path / "t.pdf", width_mm)
    width, height = page_size_mm(pdf)
    assert width == pytest.approx(width_mm, abs=0.01)
    assert 60 < height < 250  # fitted to content: no A4-length tail of blank paper


def test_page_height_follows_content(tmp_path: Path, issued_factory: Callable[..., IssuedTicket]) -> None:
    short = render_ticket_pdf(issued_factory(), tmp_path / "short.pdf")
    long_footer = " ".join(["Layanan ini tidak dipungut biaya."] * 8)
    long = render_ticket_pdf(issued_factory(footer=long_footer), tmp_path / "long.pdf")
    assert page_size_mm(long)[1] > page_size_mm(short)[1] + 10


@pytest.mark.parametrize("width_mm", [80, 58])
def test_renders_at_thermal_resolution_without_clipping(
    tmp_path: Path, issued_factory: Callable[..., IssuedTicket], width_mm: int
) -> None:
    """At 203 dpi the page is the roll width in dots and every mark sits inside the
    printable area (72 mm of 80, 48 mm of 58), even with long names and a long label."""
    issued = issued_factory(
        label="PRIO-1234",
        priority=True,
        service_name_id="Pendaftaran Obat Tradisional, Suplemen Kesehatan dan Kosmetika",
        service_name_en="Registration of Traditional Medicines, Health Supplements and Cosmetics",
        site_name="Balai Besar Pengawas Obat dan Makanan di Kota Administrasi Jakarta Selatan",
        people_ahead=127,
        wait=WaitRange(135, 135),
        footer="Laporkan pungutan liar ke https://lapor.go.id/pengaduan/layanan-publik-xxxxxxxxxxxxxxxx. "
               "Terima kasih atas kunjungan Anda.",
    )
    png = rasterise(render_ticket_pdf(issued, tmp_path / "stress.pdf", width_mm))
    with Image.open(png) as img:
        grey = img.convert("L")
    expected_px = width_mm / 25.4 * THERMAL_DPI
    assert abs(grey.width - expected_px) <= 1

    ink = grey.point(lambda v: 255 if v < 160 else 0)  # dark pixels become white (= "set")
    bbox = ink.getbbox()
    assert bbox is not None
    margin_px = (width_mm - PRINTABLE_MM[width_mm]) / 2 / 25.4 * THERMAL_DPI
    left, top, right, bottom = bbox
    assert left >= margin_px - 1, f"ink at x={left}px, printable area starts at {margin_px:.1f}px"
    assert right <= grey.width - margin_px + 1, f"ink to x={right}px of {grey.width}px"
    assert top > 0 and bottom < grey.height, "text touches the top or bottom edge"

    text = pdf_text(tmp_path / "stress.pdf")
    assert "PRIO-1234" in text
    assert "PRIORITAS / PRIORITY" in text
    assert "sekitar 135 menit" in text
    assert "lapor.go.id" in text


def test_priority_mark(tmp_path: Path, issued_factory: Callable[..., IssuedTicket]) -> None:
    pdf = render_ticket_pdf(issued_factory(priority=True), tmp_path / "p.pdf", 58)
    assert "PRIORITAS / PRIORITY" in pdf_text(pdf)


def test_qr_widget_carries_the_ticket_identity(
    tmp_path: Path, issued_factory: Callable[..., IssuedTicket], monkeypatch: pytest.MonkeyPatch
) -> None:
    payloads: list[str] = []

    class RecordingWidget(QrCodeWidget):  # type: ignore[misc]
        def __init__(self, value: str = "", **kw: Any) -> None:
            payloads.append(value)
            super().__init__(value, **kw)

    monkeypatch.setattr(ticket_qr, "QrCodeWidget", RecordingWidget)  # the encoder the ticket's code comes from
    issued = issued_factory()
    render_ticket_pdf(issued, tmp_path / "a.pdf")
    render_ticket_pdf(issued, tmp_path / "b.pdf", 58, qr_payload="https://antrian.example/t/1234")
    assert default_qr_payload(issued.ticket) == "ANTRIAN:2026-11-23:A-007:1234"
    assert payloads == ["ANTRIAN:2026-11-23:A-007:1234", "https://antrian.example/t/1234"]


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg (zbar-tools) is not installed")
@pytest.mark.parametrize("width_mm", [80, 58])
def test_qr_decodes_at_thermal_resolution(
    tmp_path: Path, issued_factory: Callable[..., IssuedTicket], width_mm: int
) -> None:
    png = rasterise(render_ticket_pdf(issued_factory(), tmp_path / "q.pdf", width_mm))
    done = subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "ANTRIAN:2026-11-23:A-007:1234", done.stderr


def test_local_time_in_indonesian() -> None:
    utc = datetime(2026, 11, 23, 7, 5, tzinfo=UTC)
    assert format_local_datetime(utc) == "Senin, 23 November 2026 pukul\u00a014.05\u00a0WIB"
    assert format_local_datetime(utc.replace(tzinfo=None)) == "Senin, 23 November 2026 pukul\u00a014.05\u00a0WIB"
    assert format_local_datetime(utc, "Asia/Jayapura") == "Senin, 23 November 2026 pukul\u00a016.05\u00a0WIT"
    # 20:00 UTC is already the next day in Jakarta.
    assert format_local_datetime(datetime(2026, 11, 23, 20, 0, tzinfo=UTC)) == \
        "Selasa, 24 November 2026 pukul\u00a003.00\u00a0WIB"
    days = [format_local_datetime(utc + timedelta(days=n)).split(",")[0] for n in range(7)]
    assert days == ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
    months = [format_local_datetime(datetime(2026, m, 15, 3, tzinfo=UTC)).split()[2]
              for m in range(1, 13)]
    assert months == ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
                      "Agustus", "September", "Oktober", "November", "Desember"]


def test_unknown_time_zone_does_not_crash() -> None:
    utc = datetime(2026, 11, 23, 7, 5, tzinfo=UTC)
    # The one fallback of db.sitetime.zone: the default zone (WIB), as every screen shows it.
    assert format_local_datetime(utc, "Nowhere/Atlantis").endswith("pukul\u00a014.05\u00a0WIB")


def test_wait_wording() -> None:
    assert format_wait_id(WaitRange(12, 12)) == "sekitar 12 menit"
    assert format_wait_en(WaitRange(12, 12)) == "about 12 min"
    assert format_wait_id(WaitRange(20, 30)) == "sekitar 20–30 menit"
    assert format_wait_en(WaitRange(20, 30)) == "about 20–30 min"
    assert format_wait_id(WaitRange(0, 0)) == "segera"
    assert format_wait_en(WaitRange(0, 0)) == "soon"
    assert format_wait_id(WaitRange(200, 290)) == "sekitar 3–5 jam"


def test_falls_back_to_helvetica_without_dejavu(
    tmp_path: Path, issued_factory: Callable[..., IssuedTicket], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ticket_pdf, "_fonts", None)
    monkeypatch.setattr(ticket_pdf, "_font_dirs", lambda: [tmp_path / "no-fonts-here"])
    assert ticket_pdf.ticket_fonts() == ("Helvetica", "Helvetica-Bold")
    pdf = render_ticket_pdf(issued_factory(), tmp_path / "helv.pdf", 58)
    text = pdf_text(pdf)
    assert "A-007" in text and "sekitar 10–15 menit" in text


def test_uses_dejavu_when_installed(tmp_path: Path, issued_factory: Callable[..., IssuedTicket]) -> None:
    if not Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf").is_file():
        pytest.skip("fonts-dejavu-core is not installed")
    pdf = render_ticket_pdf(issued_factory(), tmp_path / "dv.pdf")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    names = {line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:] if line.strip()}
    assert names == {"DejaVuSans", "DejaVuSans-Bold"}, fonts  # embedded, and nothing else


def test_logo_is_drawn_and_a_bad_logo_is_skipped(
    tmp_path: Path, issued_factory: Callable[..., IssuedTicket]
) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGBA", (300, 120), (0, 0, 128, 255)).save(logo)
    with_logo = render_ticket_pdf(issued_factory(), tmp_path / "logo.pdf", logo_path=logo)
    without = render_ticket_pdf(issued_factory(), tmp_path / "plain.pdf")
    assert page_size_mm(with_logo)[1] > page_size_mm(without)[1] + 5

    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not a png")
    for bad in (broken, tmp_path / "missing.png"):
        pdf = render_ticket_pdf(issued_factory(), tmp_path / "bad.pdf", 58, logo_path=bad)
        assert "A-007" in pdf_text(pdf)


def test_writes_atomically_and_creates_the_folder(
    tmp_path: Path, issued_factory: Callable[..., IssuedTicket]
) -> None:
    target = tmp_path / "tickets" / "2026-11-23" / "A-007.pdf"
    assert render_ticket_pdf(issued_factory(), target) == target
    assert target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in target.parent.iterdir()] == ["A-007.pdf"]


def test_rejects_a_width_no_roll_has(tmp_path: Path, issued_factory: Callable[..., IssuedTicket]) -> None:
    with pytest.raises(ValueError):
        render_ticket_pdf(issued_factory(), tmp_path / "x.pdf", width_mm=8)
