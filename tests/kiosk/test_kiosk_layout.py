"""The home screen's layout: 1–8 services fit 1280×800, 1920×1080 and portrait 1080×1920,
text big enough to read from a metre away, touch targets at least 20 mm, nothing clipped."""

from __future__ import annotations

from datetime import UTC, date, datetime
from itertools import combinations
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QRect

from db.estimate import WaitRange
from db.records import ServiceQueue, Snapshot
from db.settings import SiteSettings
from kiosk.fit import metrics
from kiosk.home import READABLE_PT, HomeScreen
from ui.i18n import translator
from ui.theme import mm

SIZES = [(1280, 800), (1920, 1080), (1080, 1920), (1024, 768)]

# The sample site's services, plus two with the longest names an office is likely to use.
SERVICES = [
    ("A", "Desk CAPA", "CAPA Desk", "Konsultasi tindakan perbaikan dan pencegahan (CAPA)",
     "Corrective and preventive action (CAPA) consultation", "#1565c0"),
    ("B", "Desk Prasertifikasi", "Pre-certification Desk", "Konsultasi sebelum pengajuan sertifikasi CPOB",
     "Consultation before applying for GMP certification", "#2e7d32"),
    ("C", "Permohonan Fasilitas Bersama (Fasber)", "Shared Facility Application (Fasber)",
     "Pengajuan dan konsultasi penggunaan fasilitas bersama", "Applying for and using a shared production facility",
     "#6a1b9a"),
    ("D", "Diskusi Denah", "Floor Plan Discussion", "Diskusi denah bangunan dan alur fasilitas produksi",
     "Discussing building layouts and production flow", "#b34700"),
    ("E", "Konsultasi E-Sertifikasi", "E-Certification Help", "Bantuan pengajuan sertifikasi secara elektronik",
     "Help with online certification applications", "#00707a"),
    ("F", "Pengambilan Sertifikat", "Certificate Collection", "Pengambilan sertifikat yang telah terbit",
     "Collecting issued certificates", "#ad1457"),
    ("G", "Konsultasi Registrasi dan Perizinan Sarana Produksi", "Production Site Licensing Consultation",
     "Konsultasi perizinan sarana produksi obat dan bahan obat", "Licensing of drug production sites", "#37474f"),
    ("H", "Pengaduan dan Informasi Publik", "Complaints and Public Information",
     "Pengaduan layanan dan permintaan informasi publik", "Service complaints and public information requests",
     "#4e342e"),
]


# Eight services of the sample's name lengths (G is shorter than the extreme one above).
MODERATE = [*SERVICES[:6], ("G", "Konsultasi Perizinan Sarana", "Site Licensing Consultation",
                            "Konsultasi perizinan sarana produksi obat", "Licensing of drug production sites",
                            "#37474f"), SERVICES[7]]


def snapshot(n: int, *, waiting: int = 12, reason: str | None = None,
             services: list[tuple[str, ...]] = SERVICES) -> Snapshot:
    queues = tuple(
        ServiceQueue(code=c, name_id=ni, name_en=ne, description_id=di, description_en=de, colour=col, active=True,
                     waiting=waiting, wait=WaitRange(125, 125), issued_today=waiting, daily_quota=60,
                     target_wait_min=30, target_service_min=20,
                     unavailable_reason=reason if i == 0 else None,
                     opens_next=datetime(2026, 3, 3, 8, 0, tzinfo=ZoneInfo("Asia/Jakarta")) if reason == "closed" else None)
        for i, (c, ni, ne, di, de, col) in enumerate(services[:n])
    )
    now = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    settings = SiteSettings(site_name="Direktorat Pengawasan Produksi Obat",
                            site_subtitle="Layanan Tatap Muka Pelaku Usaha")
    return Snapshot(day=date(2026, 3, 2), taken_at=now, site_name=settings.site_name, counters=(),
                    recent_calls=(), services=queues, settings=settings)


@pytest.fixture
def home(qtbot: Any) -> Any:
    screen = HomeScreen()
    qtbot.addWidget(screen)
    yield screen
    translator().set_language("id")


def lay_out(qtbot: Any, home: HomeScreen, size: tuple[int, int], n: int, **kw: Any) -> None:
    """Show ``n`` services at ``size``."""
    home.resize(*size)
    home.show()
    home.apply_snapshot(snapshot(n, **kw))
    qtbot.waitExposed(home)
    home.layout().activate()  # the layout change the new services caused, now rather than later
    home.grid.relayout()


def check_layout(home: HomeScreen, size: tuple[int, int], n: int) -> None:
    grid = home.grid
    tiles = list(grid.tiles.values())
    assert len(tiles) == n
    area = QRect(0, 0, grid.width(), grid.height())
    for tile in tiles:
        assert area.contains(tile.geometry()), f"{tile.code} outside the grid at {size}"
        assert tile.fits(), f"{tile.code} clipped at {size} with {n} services"
        assert min(tile.width(), tile.height()) >= mm(tile, 20)
    for a, b in combinations(tiles, 2):
        assert not a.geometry().intersects(b.geometry())
    window = QRect(0, 0, home.width(), home.height())
    for button in (home.priority, home.language):
        assert window.contains(button.geometry())
        assert button.height() >= mm(button, 20)
        icon = button.iconSize().width() + 8 if not button.icon().isNull() else 0
        assert metrics(button.font()).horizontalAdvance(button.text()) + icon <= button.width(), button.text()
    assert home.grid.geometry().bottom() < home.priority.geometry().top()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("n", range(1, 9))
def test_services_fit(qtbot: Any, home: HomeScreen, size: tuple[int, int], n: int) -> None:
    lay_out(qtbot, home, size, n)
    check_layout(home, size, n)
    translator().set_language("en")
    home.grid.relayout()
    check_layout(home, size, n)


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080), (1080, 1920)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_service_names_readable_from_a_metre(qtbot: Any, home: HomeScreen, size: tuple[int, int]) -> None:
    lay_out(qtbot, home, size, 6)  # the sample site
    for tile in home.grid.tiles.values():
        assert tile.point_size() >= 22, f"{tile.code} at {tile.point_size()} pt"
    assert home.choose.font().pointSizeF() >= 22


@pytest.mark.parametrize("n", range(1, 9))
def test_up_to_eight_services_stay_readable_at_1280x800(qtbot: Any, home: HomeScreen, n: int) -> None:
    lay_out(qtbot, home, (1280, 800), n, services=MODERATE)
    tiles = list(home.grid.tiles.values())
    assert min(t.point_size() for t in tiles) >= 22
    # Only when space is short do the descriptions give way (names first): the tiles keep or
    # drop them together, keep them up to six services, and drop them only where the names
    # with them would have to fall below READABLE_PT.
    kept = {t.show_description for t in tiles}
    assert len(kept) == 1
    if n <= 6:
        assert kept == {True}
    if kept == {False}:
        readable = READABLE_PT * home.grid.scale
        assert not all(t.fits_at(readable, t.size(), True) for t in tiles)


def test_extreme_names_still_fit_and_stay_large(qtbot: Any, home: HomeScreen) -> None:
    lay_out(qtbot, home, (1280, 800), 8)  # one name of 50 letters, 3 lines
    assert min(t.point_size() for t in home.grid.tiles.values()) >= 18
    assert all(t.fits() for t in home.grid.tiles.values())


def test_greyed_tile_says_why(qtbot: Any, home: HomeScreen) -> None:
    lay_out(qtbot, home, (1280, 800), 3, reason="closed")
    tile = home.grid.tiles["A"]
    assert not tile.isEnabled() and tile.texts()[3] == "Tutup · Dibuka Selasa pukul 08.00 WIB"
    assert home.grid.tiles["B"].texts()[3] == "12 menunggu · sekitar 125 menit"
    home.set_offline(True)
    assert not any(t.isEnabled() for t in home.grid.tiles.values())
    home.set_offline(False)
    assert home.grid.tiles["B"].isEnabled() and not tile.isEnabled()
