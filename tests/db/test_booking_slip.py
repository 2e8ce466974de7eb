"""The booking slip (``db.booking.slip``): its text through ``pdftotext``, its QR through ``zbarimg``."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, time
from pathlib import Path

import pytest

from db import booking, roles
from db.booking.slip import DEFAULT_REQUIREMENTS, render_slip, slip_texts, write_slip
from db.database import Database
from db.errors import AntrianError
from db.queue import site_settings
from tests.db.dbtools import set_service

pytestmark = pytest.mark.usefixtures("fake_clock")  # Mon 2 Mar 2026, 09.00 WIB


def _add(db: Database, new: booking.NewBooking) -> booking.BookingInfo:
    return booking.add(db, new, actor=roles.sign_in(db, "supervisor", "supervisor123"))


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_slip_text(db: Database, tmp_path: Path) -> None:
    set_service(db, "C", requirements_id="Surat permohonan dan salinan NIB.", requirements_en="Application letter and NIB copy.")
    info = _add(db, booking.NewBooking("C", date(2026, 3, 3), time(10, 0), name="Rina Wulandari",
                                              company="PT Sehat Sentosa"))
    pdf = write_slip(db, info.code, tmp_path / "slip.pdf")
    text = " ".join(_text(pdf).split())
    for part in ("Direktorat Pengawasan Produksi Obat", "Bukti Booking Antrean", f"{info.code[:3]} {info.code[3:]}",
                 "Permohonan Fasilitas Bersama (Fasber)", "Shared Facility Application (Fasber)",
                 "Selasa, 3 Maret 2026", "10.00 WIB", "Atas nama: Rina Wulandari, PT Sehat Sentosa",
                 "antara pukul 09.30 dan 10.15 WIB",
                 "Jika datang setelah pukul 10.15 WIB, Anda akan mendapat nomor antrean biasa.",
                 "Yang perlu dibawa:", "Surat permohonan dan salinan NIB.", "Tuesday, 3 March 2026, 10:00 WIB",
                 "Please bring: Application letter and NIB copy."):
        assert part in text, part


def test_slip_without_name_or_requirements(db: Database, tmp_path: Path) -> None:
    info = _add(db, booking.NewBooking("A", date(2026, 3, 2), time(14, 30)))
    t = slip_texts(info, site_settings(db))
    assert t["name"] == "" and t["bring"] == DEFAULT_REQUIREMENTS and t["time"] == "14.30 WIB"
    assert t["date"] == "Senin, 2 Maret 2026" and "antara pukul 14.00 dan 14.45 WIB" in t["window"]
    text = _text(render_slip(info, site_settings(db), tmp_path / "s.pdf"))
    assert "Atas nama" not in text and DEFAULT_REQUIREMENTS in " ".join(text.split())


@pytest.mark.skipif(shutil.which("zbarimg") is None or shutil.which("pdftoppm") is None,
                    reason="zbarimg/pdftoppm not installed")
def test_the_qr_holds_exactly_the_code(db: Database, tmp_path: Path) -> None:
    info = _add(db, booking.NewBooking("B", date(2026, 3, 4), time(8, 0)))
    pdf = write_slip(db, info.code, tmp_path / "slip.pdf")
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", str(pdf), str(tmp_path / "slip")], check=True)
    scanned = subprocess.run(["zbarimg", "-q", "--raw", str(tmp_path / "slip.png")], capture_output=True, text=True)
    assert scanned.stdout.strip() == info.code


def test_a_cancelled_booking_has_no_slip(db: Database, tmp_path: Path) -> None:
    info = _add(db, booking.NewBooking("A", date(2026, 3, 3), time(9, 0)))
    booking.cancel(db, info.code, actor=roles.sign_in(db, "supervisor", "supervisor123"))
    with pytest.raises(AntrianError, match="cancelled: no slip"):
        write_slip(db, info.code, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def _page_size(pdf: Path) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    line = next(x for x in info.splitlines() if x.startswith("Page size:"))
    w, _, h = line.split(":", 1)[1].split()[:3]
    return float(w), float(h)


def test_long_texts_shrink_then_grow_the_page_never_cut(db: Database, tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A6

    short = _add(db, booking.NewBooking("A", date(2026, 3, 3), time(9, 0), name="Sari"))
    pdf = render_slip(short, site_settings(db), tmp_path / "a6.pdf")
    assert _page_size(pdf) == pytest.approx(A6, abs=0.01)
    long_id = ("Surat permohonan bermeterai, salinan NIB, dan denah fasilitas produksi. " * 6)[:390] + " AKHIR."
    set_service(db, "B", requirements_id=long_id, requirements_en=("Signed letter, NIB copy. " * 20)[:390] + " END.")
    info = _add(db, booking.NewBooking("B", date(2026, 3, 3), time(9, 0), name="N" * 120, company="PT " + "Panjang " * 19))
    pdf = render_slip(info, site_settings(db), tmp_path / "long.pdf")
    width, height = _page_size(pdf)
    assert width == pytest.approx(A6[0], abs=0.01) and height > A6[1]
    text = " ".join(_text(pdf).split())
    assert "AKHIR." in text and "END." in text and info.code[:3] in text


def test_the_indonesian_lines_follow_the_wording_rules(db: Database) -> None:
    import re

    from tests.test_wording import FORBIDDEN

    info = _add(db, booking.NewBooking("A", date(2026, 3, 3), time(9, 0), name="Sari"))
    texts = slip_texts(info, site_settings(db))
    for key in ("title", "date", "time", "name", "window", "late", "bring_heading", "bring"):
        for pattern, better in FORBIDDEN:
            assert not re.search(pattern, texts[key]), (key, texts[key], better)
