"""The board's parts without a database: state merging, announcements, fitting, ticker, media."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from db.estimate import WaitRange
from db.feed import Change
from db.records import CallRecord, CounterState, ServiceQueue, Snapshot, TicketInfo
from db.settings import SiteSettings, from_rows
from display.board import Board
from display.calls import SpeechVoice, announcement_for
from display.fit import FitLabel, fit_together, fitted_font, text_fits
from display.state import BoardState, call_from_change, recent_count
from display.ticker import STRIP_NAME, Ticker
from display.tiles import grid_shape
from ui.i18n import translator
from ui.reader import SnapshotReader
from ui.sound import write_wav

AT = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
DAY = date(2026, 3, 2)


# -- building snapshots by hand --------------------------------------------------------------


def ticket(label: str, counter: int, status: str = "called") -> TicketInfo:
    code = label.split("-")[0]
    return TicketInfo(id=hash(label) % 10_000, label=label, service_code=code, service_name_id=f"Layanan {code}",
                      service_name_en=f"Service {code}", day=DAY, seq=int(label.split("-")[1]), status=status,
                      priority=False, issued_at=AT, queue_time=AT, counter_number=counter)


def call(event_id: int, label: str, counter: int, kind: str = "called", name: str | None = None) -> CallRecord:
    return CallRecord(event_id, label, label.split("-")[0], counter, name or f"Loket {counter}", kind, AT)


def service(code: str, name: str, waiting: int = 3, colour: str = "#1565c0") -> ServiceQueue:
    return ServiceQueue(code=code, name_id=name, name_en=name + " (en)", description_id="", description_en="",
                        colour=colour, active=True, waiting=waiting, wait=WaitRange(10, 10), issued_today=waiting,
                        daily_quota=None, target_wait_min=30, target_service_min=20, unavailable_reason=None)


def snapshot(last_event_id: int, calls: list[CallRecord], counters: list[CounterState] | None = None,
             services: list[ServiceQueue] | None = None, **settings: Any) -> Snapshot:
    st = from_rows({"site_name": "Direktorat Pengawasan Produksi Obat", **settings}.items())
    if counters is None:
        counters = [CounterState(n, f"Loket {n}", True, False, None, "Siti", ("A",), None) for n in (1, 2, 3)]
    return Snapshot(day=DAY, taken_at=AT, site_name=st.site_name, counters=tuple(counters),
                    recent_calls=tuple(calls), services=tuple(services or [service("A", "Desk CAPA")]),
                    last_event_id=last_event_id, settings=st)


# -- state -----------------------------------------------------------------------------------


def test_live_call_goes_on_top_until_the_snapshot_has_it() -> None:
    state = BoardState()
    state.apply_snapshot(snapshot(10, [call(9, "A-001", 1)]))
    live = call_from_change(Change("called", 11, "A-002", "A", 2), state.counter_names(), AT)
    assert live is not None and live.counter_name == "Loket 2"
    assert state.apply_call(live)
    assert not state.apply_call(live)  # heard twice: once is enough
    assert state.latest() == live
    assert [c.label for c in state.history()] == ["A-001"]
    assert {t.number: t.label for t in state.tiles()} == {1: None, 2: "A-002", 3: None}
    # A snapshot read before the call committed does not step the board back...
    assert not state.apply_snapshot(snapshot(8, []))
    assert state.latest() == live
    # ...one that has it takes over.
    assert state.apply_snapshot(snapshot(11, [call(11, "A-002", 2), call(9, "A-001", 1)]))
    assert (latest := state.latest()) is not None and latest.event_id == 11
    assert not state.apply_call(live)


def test_snapshot_that_missed_the_live_call_keeps_it() -> None:
    state = BoardState()
    state.apply_snapshot(snapshot(10, []))
    state.apply_call(call(12, "B-001", 1))
    state.apply_snapshot(snapshot(11, [call(11, "A-001", 2)]))  # newer, but read before event 12
    assert [c.label for c in state.calls()] == ["B-001", "A-001"]


def test_snapshot_whose_event_id_counts_a_call_its_list_lacks_keeps_the_live_call() -> None:
    """PostgreSQL READ COMMITTED: the last event id is read after the call list."""
    state = BoardState()
    state.apply_snapshot(snapshot(10, [call(10, "B-001", 1)]))
    recall = call(11, "B-001", 1, "recalled")
    state.apply_call(recall)
    assert state.apply_snapshot(snapshot(11, [call(10, "B-001", 1)]))
    assert state.latest() == recall
    assert state.apply_snapshot(snapshot(11, [call(11, "B-001", 1, "recalled"), call(10, "B-001", 1)]))
    assert (latest := state.latest()) is not None and latest.kind == "recalled"
    assert not state.apply_call(recall)


def test_history_has_one_row_per_ticket_and_counter() -> None:
    calls = [call(6, "A-003", 1, "recalled"), call(5, "B-001", 2), call(4, "A-003", 1), call(3, "A-002", 1),
             call(2, "B-001", 2, "recalled"), call(1, "A-001", 1)]
    state = BoardState()
    state.apply_snapshot(snapshot(6, calls))
    assert state.latest() == calls[0]
    assert [c.label for c in state.history()] == ["B-001", "A-002", "A-001"]


@pytest.mark.parametrize(("value", "expected"), [(8, 8), (3, 5), (20, 10), ("x", 8), (None, 8)])
def test_recent_count_is_kept_between_5_and_10(value: object, expected: int) -> None:
    assert recent_count(from_rows([("recent_calls", value)])) == expected  # "x", None: read as the default


def test_non_call_changes_are_not_calls() -> None:
    assert call_from_change(Change("issued", 3, "A-001", "A", None), {}) is None
    assert call_from_change(Change("data"), {}) is None


def test_paused_counter_tile_and_inactive_counter_hidden() -> None:
    counters = [
        CounterState(1, "Loket 1", True, True, "Istirahat", "Siti", ("A",), None),
        CounterState(2, "Loket 2", True, True, None, "Budi", ("A",), ticket("A-004", 2, "serving")),
        CounterState(3, "Loket 3", False, False, None, None, ("A",), None),
    ]
    state = BoardState()
    state.apply_snapshot(snapshot(1, [], counters))
    tiles = state.tiles()
    assert [(t.number, t.label, t.paused) for t in tiles] == [(1, None, True), (2, "A-004", True)]


# -- announcements ---------------------------------------------------------------------------


def test_announcement_follows_template_languages_style_and_repeat() -> None:
    settings = from_rows({"announcement_languages": ["id", "en"], "number_style": "words", "announcement_repeat": 3,
                          "announcement_template_id": "Nomor {number} ke {counter_name} untuk {service}"}.items())
    item = announcement_for(call(1, "C-012", 2, name="Loket Fasber"), settings,
                            {"C": service("C", "Fasilitas Bersama")})
    assert item.parts == (
        ("id", "Nomor C dua belas ke Loket Fasber untuk Fasilitas Bersama"),
        ("en", "Queue number C twelve, please proceed to counter two"),
    )
    assert item.repeat == 3
    assert item.text == " / ".join(text for _lang, text in item.parts)


def test_announcement_with_broken_settings_still_speaks_indonesian() -> None:
    settings = from_rows({"announcement_languages": ["xx"], "announcement_repeat": "lots",
                          "announcement_template_id": "Nomor {nomor"}.items())  # each read as its default
    item = announcement_for(call(1, "A-007", 2), settings)
    assert item.parts == (("id", "Nomor antrian A nol nol tujuh, silakan menuju loket dua"),)
    assert item.repeat == 1


def test_speech_voice_speaks_each_language_part_with_its_clips(tmp_path: Path) -> None:
    clips = tmp_path / "clips"
    words = "nomor antrian a nol satu silakan menuju loket dua queue number zero one please proceed to counter two"
    for word in set(words.split()):
        write_wav(clips / f"{word}.wav", [0.0] * 80, 8000)
    voice = SpeechVoice(tmp_path / "cache", clips)
    item = announcement_for(call(1, "A-001", 2), SiteSettings(announcement_languages=("id", "en")))
    voice.expect(item)
    files = [p.stem for p in voice.files_for(item.text)]
    assert files == ["nomor", "antrian", "a", "nol", "nol", "satu", "silakan", "menuju", "loket", "dua", "queue", "number",
                     "a", "zero", "zero", "one", "please", "proceed", "to", "counter", "two"]


# -- reading ---------------------------------------------------------------------------------


class FakeRunner:
    """Holds jobs until the test finishes them."""

    def __init__(self) -> None:
        self.jobs: list[tuple[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]]] = []

    def run(self, fn: Callable[[], Any], on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]) -> None:
        self.jobs.append((fn, on_done, on_error))

    def finish(self) -> None:
        fn, on_done, _ = self.jobs.pop(0)
        on_done(fn())


def test_reads_are_coalesced(qtbot: QtBot) -> None:
    runner = FakeRunner()
    reader = SnapshotReader(runner, lambda: snapshot(1, []))  # type: ignore[arg-type]
    loaded: list[Snapshot] = []
    reader.loaded.connect(loaded.append)
    for _ in range(10):
        reader.request()
    assert len(runner.jobs) == 1
    runner.finish()  # the changes that came meanwhile need exactly one more read
    assert len(runner.jobs) == 1
    runner.finish()
    assert runner.jobs == []
    assert reader.reads == 2 and len(loaded) == 2


# -- fitting ---------------------------------------------------------------------------------


def test_fitted_font_fills_the_height_and_shrinks_or_elides_long_text(qapp: object) -> None:
    base = QFont("DejaVu Sans")
    font, shown = fitted_font(base, "A-007", 600, 200)
    assert shown == "A-007"
    fm = QFontMetrics(font)
    assert fm.height() <= 200 and fm.horizontalAdvance("A-007") <= 600
    assert font.pixelSize() >= 140
    long = "Permohonan Fasilitas Bersama (Fasber) " * 4
    font, shown = fitted_font(base, long, 300, 40, min_px=14)
    assert font.pixelSize() == 14 and shown.endswith("…")
    assert QFontMetrics(font).horizontalAdvance(shown) <= 300


def test_labels_fitted_together_share_one_size(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    labels = [FitLabel(text, parent) for text in ("Desk CAPA", "Permohonan Fasilitas Bersama (Fasber)")]
    for i, label in enumerate(labels):
        label.setGeometry(0, i * 50, 400, 50)
    fit_together(labels)
    assert labels[0].font().pixelSize() == labels[1].font().pixelSize()
    assert all(text_fits(label) for label in labels)


@pytest.mark.parametrize(("count", "width", "height", "expected"), [
    (3, 1100, 300, (3, 1)), (6, 1100, 300, (3, 2)), (1, 500, 500, (1, 1)), (0, 10, 10, (0, 0)), (10, 1000, 250, (5, 2)),
])
def test_grid_shape(count: int, width: int, height: int, expected: tuple[int, int]) -> None:
    cols, rows = grid_shape(count, width, height, ideal_aspect=1.4)
    assert (cols, rows) == expected
    assert cols * rows >= count


# -- the board without a database --------------------------------------------------------------


def busy_snapshot() -> Snapshot:
    """Ten counters, long names everywhere, ten past calls: the worst a site may configure."""
    names = ["Loket Pelayanan Terpadu Satu Pintu", *[f"Loket {n}" for n in range(2, 11)]]
    counters = [CounterState(n, names[n - 1], True, n == 4, None, "Petugas", ("A",),
                             ticket(f"A-{100 + n:03d}", n) if n != 4 else None) for n in range(1, 11)]
    calls = [call(20 - i, f"{'ABCDEF'[i % 6]}-{123 - i:03d}", i % 10 + 1, name=names[i % 10]) for i in range(11)]
    services = [service(code, name, waiting) for code, name, waiting in (
        ("A", "Desk CAPA", 12), ("B", "Desk Prasertifikasi", 0), ("C", "Permohonan Fasilitas Bersama (Fasber)", 104),
        ("D", "Diskusi Denah", 7), ("E", "Konsultasi E-Sertifikasi", 3), ("F", "Pengambilan Sertifikat", 1),
        ("G", "Konsultasi Umum dan Pengaduan Masyarakat tentang Pelayanan Publik", 9))]
    return snapshot(20, calls, counters, services, recent_calls=10,
                    site_subtitle="Layanan Tatap Muka Pelaku Usaha — Gedung C Lantai 2, Jalan Percetakan Negara",
                    site_name="Direktorat Pengawasan Produksi Obat, Narkotika, Psikotropika dan Prekursor",
                    ticker="Selamat datang. Layanan ini tidak dipungut biaya.")


def check_fits(board: Board) -> None:
    labels = [lbl for lbl in board.findChildren(QLabel) if lbl.isVisibleTo(board) and lbl.text()]
    bad = [(lbl.text(), lbl.contentsRect().size().toTuple()) for lbl in labels if not text_fits(lbl)]
    assert not bad
    for widget in board.findChildren(QWidget):
        if widget.isVisibleTo(board) and widget.objectName() != STRIP_NAME:  # the ticker's strip is clipped by design
            corner = widget.mapTo(board, widget.rect().bottomRight())
            assert board.rect().contains(widget.mapTo(board, widget.rect().topLeft())) and board.rect().contains(corner)


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080), (1080, 1920)])
@pytest.mark.parametrize("language", ["id", "en"])
def test_worst_case_data_fits_at_every_size(qtbot: QtBot, size: tuple[int, int], language: str) -> None:
    translator().set_language(language)
    try:
        board = Board()
        qtbot.addWidget(board)
        board.resize(*size)
        board.show()
        state = BoardState()
        state.apply_snapshot(busy_snapshot())
        with qtbot.waitSignal(board.ready):
            board.show_state(state)
        assert len(board.tiles.tiles) == 10
        assert len(board.history.rows) == 10
        check_fits(board)
        assert board.header.site.text().endswith("…") or text_fits(board.header.site)
    finally:
        translator().set_language("id")


def test_media_folder_shows_a_slideshow_and_everything_still_fits(qtbot: QtBot, tmp_path: Path) -> None:
    media = tmp_path / "media"
    media.mkdir()
    for i, colour in enumerate(("#c62828", "#2e7d32")):
        image = QImage(640, 360, QImage.Format.Format_RGB32)
        image.fill(QColor(colour))
        assert image.save(str(media / f"slide{i}.png"))
    (media / "notes.txt").write_text("not an image")
    board = Board()
    qtbot.addWidget(board)
    board.resize(1920, 1080)
    board.show()
    state = BoardState()
    state.apply_snapshot(busy_snapshot())
    board.show_state(state)
    assert not board.media.isVisibleTo(board)
    state.apply_snapshot(snapshot(21, list(busy_snapshot().recent_calls), media_dir=str(media)))
    with qtbot.waitSignal(board.media.available):
        board.show_state(state)
    qtbot.waitUntil(lambda: board.media.isVisibleTo(board) and board.media._image is not None)
    for size in ((1366, 768), (1920, 1080), (1080, 1920)):
        board.resize(*size)
        check_fits(board)
        assert board.media.width() > 100 and board.media.height() > 100
    board.media.next_image()
    state.apply_snapshot(snapshot(22, [], media_dir=""))
    board.show_state(state)
    assert not board.media.isVisibleTo(board)
    board.shutdown()


def test_call_flashes_the_panel_and_frames_the_tile(qtbot: QtBot) -> None:
    board = Board()
    qtbot.addWidget(board)
    board.resize(1366, 768)
    board.show()
    state = BoardState()
    state.apply_snapshot(snapshot(1, []))
    board.show_state(state)
    new = call(2, "A-001", 2)
    state.apply_call(new)
    with qtbot.waitSignal(board.call_painted) as painted:
        board.show_state(state, fresh=[new])
    assert painted.args[:2] == ["A-001", 2]
    assert board.call.flashing()
    qtbot.waitUntil(lambda: board.call.colour() != QColor("#0d47a1"))
    tile = board.tiles.tiles[1]
    assert tile.state is not None and tile.state.label == "A-001" and tile._border is not None


def test_ticker_scrolls_and_stops_when_hidden(qtbot: QtBot) -> None:
    ticker = Ticker()
    qtbot.addWidget(ticker)
    ticker.resize(1366, 50)
    ticker.show()
    ticker.setText("Selamat datang.\nLayanan ini tidak dipungut biaya.")
    assert ticker.text() == "Selamat datang. Layanan ini tidak dipungut biaya."
    start = ticker._offset
    qtbot.waitUntil(lambda: ticker.frames >= 5)
    assert ticker._offset != start
    assert QFontMetrics(ticker.ticker_font()).height() <= ticker.height()
    ticker.hide()
    assert not ticker.scrolling()
    ticker.show()
    assert ticker.scrolling()
    ticker.setText("")
    assert not ticker.scrolling()


def test_offline_mark_says_connecting_before_the_first_connection(qtbot: QtBot) -> None:
    board = Board()
    qtbot.addWidget(board)
    board.resize(1920, 1080)
    board.show()
    board.set_offline("board_connecting")
    assert board.offline_visible()
    assert board.header.offline.label.full_text() == "Menyambungkan…"
    assert board.call.service.full_text() == "Memuat data antrean…"
    board.set_offline(None)
    assert not board.offline_visible()


def test_logo_from_settings_sits_left_of_the_site_name(qtbot: QtBot, tmp_path: Path) -> None:
    logo = QImage(200, 200, QImage.Format.Format_ARGB32)
    logo.fill(QColor("#2e7d32"))
    assert logo.save(str(tmp_path / "logo.png"))
    board = Board(base_dir=tmp_path)  # a relative path is taken from the data folder
    qtbot.addWidget(board)
    board.resize(1920, 1080)
    board.show()
    state = BoardState()
    state.apply_snapshot(snapshot(1, [], logo="logo.png"))
    board.show_state(state)
    header = board.header
    qtbot.waitUntil(lambda: header.logo.isVisibleTo(board))
    assert header.logo.geometry().right() < header.site.geometry().left()
    assert header.logo.geometry().bottom() <= header.height()
    check_fits(board)
