"""The booking slip (``db.booking.slip``): its text through ``pdftotext``, its QR through ``zbarimg``."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, time
from pathlib import Path

import pytest

from db import booking
from db.booking.slip import DEFAULT_REQUIREMENTS, render_slip, slip_texts, write_slip
from db.database import Database
from db.errors import AntrianError
from db.queue import site_settings
from tests.db.dbtools import set_service

pytestmark = pytest.mark.usefixtures("fake_clock")  # Mon 2 Mar 2026, 09.00 WIB


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_slip_text(db: Database, tmp_path: Path) -> None:
    set_service(db, "C", requirements_id="Surat permohonan dan salinan NIB.", requirements_en="Application letter and NIB copy.")
    info = booking.add(db, booking.NewBooking("C", date(2026, 3, 3), time(10, 0), name="Rina Wulandari",
                                              company="PT Sehat Sentosa"))
    pdf = write_slip(db, info.code, tmp_path / "slip.pdf")
    text = " ".join(_text(pdf).split())
    for part in ("Direktorat Pengawasan Produksi Obat", "Bukti Booking Antrean", f"{info.code[:3]} {info.code[3:]}",
                 "Permohonan Fasilitas Bersama (Fasber)", "Shared Facility Application (Fasber)",
                 "Selasa, 3 Maret 2026", "10.00 WIB", "Atas nama: Rina Wulandari, PT Sehat Sentosa",
                 "antara 09.30 dan 10.15 WIB", "Jika datang setelah 10.15 WIB, Anda akan mendapat nomor antrean biasa.",
                 "Yang perlu dibawa:", "Surat permohonan dan salinan NIB.", "Tuesday, 3 March 2026, 10:00 WIB",
                 "Please bring: Application letter and NIB copy."):
        assert part in text, part


def test_slip_without_name_or_requirements(db: Database, tmp_path: Path) -> None:
    info = booking.add(db, booking.NewBooking("A", date(2026, 3, 2), time(14, 30)))
    t = slip_texts(info, site_settings(db))
    assert t["name"] == "" and t["bring"] == DEFAULT_REQUIREMENTS and t["time"] == "14.30 WIB"
    assert t["date"] == "Senin, 2 Maret 2026" and "antara 14.00 dan 14.45 WIB" in t["window"]
    text = _text(render_slip(info, site_settings(db), tmp_path / "s.pdf"))
    assert "Atas nama" not in text and DEFAULT_REQUIREMENTS in " ".join(text.split())


@pytest.mark.skipif(shutil.which("zbarimg") is None or shutil.which("pdftoppm") is None,
                    reason="zbarimg/pdftoppm not installed")
def test_the_qr_holds_exactly_the_code(db: Database, tmp_path: Path) -> None:
    info = booking.add(db, booking.NewBooking("B", date(2026, 3, 4), time(8, 0)))
    pdf = write_slip(db, info.code, tmp_path / "slip.pdf")
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", str(pdf), str(tmp_path / "slip")], check=True)
    scanned = subprocess.run(["zbarimg", "-q", "--raw", str(tmp_path / "slip.png")], capture_output=True, text=True)
    assert scanned.stdout.strip() == info.code


def test_a_cancelled_booking_has_no_slip(db: Database, tmp_path: Path) -> None:
    info = booking.add(db, booking.NewBooking("A", date(2026, 3, 3), time(9, 0)))
    booking.cancel(db, info.code)
    with pytest.raises(AntrianError, match="cancelled: no slip"):
        write_slip(db, info.code, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
