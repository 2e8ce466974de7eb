"""The lobby board on a real database (SQLite and PostgreSQL) with the real change feed.

Calls are committed by another connection (or another process); the board must show
them and queue the right announcements, in order, at once. Sizes: every visible text
fits its box at 1366×768, 1920×1080 and portrait 1080×1920.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from db import queue
from db.database import Database
from db.errors import DatabaseUnavailable
from db.feed import ChangeFeed
from display.announcer import Announcer
from display.board import Board
from display.controller import BoardController
from display.fit import text_fits
from display.ikm import IKM_DELAY_MS
from display.ticker import STRIP_NAME
from tests.pg import PgCluster
from tests.sitedb import SEATED
from ui.backend import Backend
from ui.i18n import translator
from ui.live import LiveFeed
from ui.sound import NO_AUDIO_QT_WARNINGS, SoundPlayer
from ui.tasks import TaskRunner

pytestmark = pytest.mark.qt_log_ignore(*NO_AUDIO_QT_WARNINGS)

ROOT = Path(__file__).resolve().parents[2]
WAIT_MS = 15_000


@dataclass
class LiveBoard:
    """A board wired to the database like the real app, with a silent announcer."""

    board: Board
    controller: BoardController
    live: LiveFeed
    runner: TaskRunner
    announcer: Announcer
    other: Database  # another connection pool: "elsewhere"
    url: str
    started: list[str] = field(default_factory=list)  # texts in the order the announcer started them
    painted: list[str] = field(default_factory=list)

    def queued(self) -> list[str]:
        """Announcement texts the controller queued, in order."""
        return [a.text for a in self.controller.announced]


@pytest.fixture(autouse=True)
def _indonesian() -> Iterator[None]:
    translator().set_language("id")
    yield
    translator().set_language("id")


def site_database(url: str) -> Database:
    """The sample site at ``url``, every service open at any hour, the officers at their counters."""
    from sqlalchemy import select

    from db import siteconfig
    from db.models import Service

    database = Database(url)
    siteconfig.apply(database, siteconfig.load(siteconfig.SAMPLE))
    with database.write() as s:
        for svc in s.scalars(select(Service)):
            svc.hours = {}
    for number, (user, password) in SEATED.items():  # counter operations need an officer there
        queue.sign_in(database, number, user, password)
    return database


@pytest.fixture
def start_board(qtbot: QtBot) -> Iterator[Callable[..., LiveBoard]]:
    """Factory: the board on a database, started and showing its first snapshot."""
    made: list[LiveBoard] = []
    owned: list[Database] = []

    def start(db: Database, url: str, own: bool = False, ikm_delay_ms: int = IKM_DELAY_MS) -> LiveBoard:
        if own:
            owned.append(db)
        runner = TaskRunner()
        live = LiveFeed(db)
        board = Board()
        qtbot.addWidget(board)
        board.resize(1920, 1080)
        board.show()
        announcer = Announcer(None, None, SoundPlayer(use_device=False), gap_ms=0)
        controller = BoardController(board, Backend(db, runner, live), announcer=announcer, follow_site_language=False,
                                     ikm_delay_ms=ikm_delay_ms)
        env = LiveBoard(board, controller, live, runner, announcer, Database(url), url)
        made.append(env)
        announcer.started.connect(env.started.append)
        board.call_painted.connect(lambda label, _id, _t: env.painted.append(label))
        with qtbot.waitSignal(board.ready, timeout=WAIT_MS):
            live.start()
        return env

    yield start
    for env in made:
        env.controller.shutdown()
        env.live.stop()
        env.runner.wait()
        env.board.shutdown()
        env.other.dispose()
    for db in owned:
        db.dispose()


@pytest.fixture
def live_board(db: Database, site_db_url: str, start_board: Callable[..., LiveBoard]) -> LiveBoard:
    """The board on ``db`` (both backends)."""
    return start_board(db, site_db_url)


def shown_number(env: LiveBoard) -> str:
    return env.board.call.number.full_text()


def tile_labels(env: LiveBoard) -> dict[str, str]:
    return {t.name.full_text(): t.number.full_text() for t in env.board.tiles.tiles}


def history_labels(env: LiveBoard) -> list[str]:
    return [row.labels[0].full_text() for row in env.board.history.rows]


# -- live calls ----------------------------------------------------------------------------------


def test_first_snapshot_shows_counters_and_no_call(live_board: LiveBoard) -> None:
    env = live_board
    assert shown_number(env) == "—"
    assert tile_labels(env) == {"Loket 1": "—", "Loket 2": "—", "Loket 3": "—"}
    assert env.board.header.site.full_text() == "Direktorat Pengawasan Produksi Obat"
    assert not env.board.offline_visible()
    assert env.queued() == []


def test_call_committed_elsewhere_updates_board_and_is_announced(
    live_board: LiveBoard, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    env = live_board
    queue.issue_ticket(env.other, "C")
    with caplog.at_level(logging.INFO, logger="antrian.display"):
        result = queue.call_next(env.other, 2)
        assert result.ticket is not None and result.ticket.label == "C-001"
        qtbot.waitUntil(lambda: "C-001" in env.painted, timeout=WAIT_MS)
    assert shown_number(env) == "C-001"
    assert env.board.call.counter.full_text() == "→ Loket 2"
    assert env.board.call.service.full_text() == "Permohonan Fasilitas Bersama (Fasber)"
    assert env.board.call.flashing()
    assert env.queued() == ["Nomor antrian C nol nol satu, silakan menuju loket dua"]
    qtbot.waitUntil(lambda: env.started == env.queued(), timeout=WAIT_MS)
    updated = [r for r in caplog.records if getattr(r, "event", None) == "board_updated"]
    assert [(r.label, r.counter) for r in updated] == [("C-001", 2)]  # type: ignore[attr-defined]
    # The snapshot re-read fills in the rest: the counter's tile, the waiting counts.
    qtbot.waitUntil(lambda: tile_labels(env)["Loket 2"] == "C-001", timeout=WAIT_MS)
    waiting = {row.labels[0].full_text(): row.labels[2].full_text() for row in env.board.waiting.rows}
    qtbot.waitUntil(lambda: env.controller.state.snapshot is not None
                    and env.controller.state.snapshot.last_event_id >= 2, timeout=WAIT_MS)
    assert waiting["C"] == "—"  # nobody waits for C any more


def test_call_from_another_process(live_board: LiveBoard, qtbot: QtBot) -> None:
    env = live_board
    script = (
        "import sys; from db import queue; from db.database import Database\n"
        "db = Database(sys.argv[1]); queue.issue_ticket(db, 'E'); print(queue.call_next(db, 3).ticket.label)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, env.url], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "E-001"
    qtbot.waitUntil(lambda: shown_number(env) == "E-001", timeout=WAIT_MS)
    assert env.queued() == ["Nomor antrian E nol nol satu, silakan menuju loket tiga"]
    qtbot.waitUntil(lambda: tile_labels(env)["Loket 3"] == "E-001", timeout=WAIT_MS)


def test_two_calls_back_to_back_are_announced_in_order(live_board: LiveBoard, qtbot: QtBot) -> None:
    env = live_board
    queue.issue_ticket(env.other, "A")
    queue.issue_ticket(env.other, "D")
    queue.call_next(env.other, 1)
    queue.call_next(env.other, 2)
    expected = [
        "Nomor antrian A nol nol satu, silakan menuju loket satu",
        "Nomor antrian D nol nol satu, silakan menuju loket dua",
    ]
    qtbot.waitUntil(lambda: env.queued() == expected, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: env.started == expected, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: shown_number(env) == "D-001", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: history_labels(env)[:1] == ["A-001"], timeout=WAIT_MS)
    qtbot.waitUntil(lambda: tile_labels(env) == {"Loket 1": "A-001", "Loket 2": "D-001", "Loket 3": "—"},
                    timeout=WAIT_MS)


def test_recall_is_announced_again(live_board: LiveBoard, qtbot: QtBot) -> None:
    env = live_board
    queue.issue_ticket(env.other, "B")
    queue.call_next(env.other, 1)
    text = "Nomor antrian B nol nol satu, silakan menuju loket satu"
    qtbot.waitUntil(lambda: env.queued() == [text], timeout=WAIT_MS)
    queue.recall(env.other, 1)
    qtbot.waitUntil(lambda: env.queued() == [text, text], timeout=WAIT_MS)
    qtbot.waitUntil(lambda: env.started == [text, text], timeout=WAIT_MS)
    qtbot.waitUntil(lambda: env.board.call.title.full_text() == "Panggilan Ulang", timeout=WAIT_MS)
    assert shown_number(env) == "B-001"
    assert env.board.call.flashing()
    # One row per ticket and counter: the recall does not push B-001 into the history.
    qtbot.waitUntil(lambda: env.controller.state.snapshot is not None
                    and len(env.controller.state.snapshot.recent_calls) == 2, timeout=WAIT_MS)
    assert history_labels(env) == []


def test_announcement_follows_the_site_settings(live_board: LiveBoard, qtbot: QtBot) -> None:
    env = live_board
    with env.other.write() as s:
        from db.models import Setting

        for key, value in {"announcement_languages": ["id", "en"], "number_style": "words",
                           "announcement_repeat": 2}.items():
            s.merge(Setting(key=key, value=value))
    from db.feed import notify_data_changed

    notify_data_changed(env.other)
    qtbot.waitUntil(lambda: env.controller.state.settings.number_style == "words", timeout=WAIT_MS)
    queue.issue_ticket(env.other, "F")
    queue.call_next(env.other, 3)
    qtbot.waitUntil(lambda: len(env.controller.announced) == 1, timeout=WAIT_MS)
    item = env.controller.announced[0]
    assert item.parts == (
        ("id", "Nomor antrian F satu, silakan menuju loket tiga"),
        ("en", "Queue number F one, please proceed to counter three"),
    )
    assert item.repeat == 2


def test_resync_announces_nothing_old_but_shows_missed_calls(live_board: LiveBoard, qtbot: QtBot) -> None:
    env = live_board
    for code in "AAC":
        queue.issue_ticket(env.other, code)
    queue.call_next(env.other, 1)
    qtbot.waitUntil(lambda: shown_number(env) == "A-001", timeout=WAIT_MS)
    # A-001's own highlight ends first, so a highlight after the resync can only be a missed call's.
    qtbot.waitUntil(lambda: not env.board.call.flashing(), timeout=WAIT_MS)
    env.live.stop()  # the display drops off the network...
    queue.call_next(env.other, 1, close_as="done")  # ...while the counters go on
    queue.call_next(env.other, 2)
    with qtbot.waitSignal(env.live.resync, timeout=WAIT_MS):
        env.live.start()
    qtbot.waitUntil(lambda: shown_number(env) == "C-001", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: history_labels(env)[:2] == ["A-002", "A-001"], timeout=WAIT_MS)
    assert tile_labels(env)["Loket 1"] == "A-002"
    assert not env.board.call.flashing(), "a call missed while offline is shown, not highlighted as new"
    assert env.queued() == ["Nomor antrian A nol nol satu, silakan menuju loket satu"]
    # A call after the resync is announced again as usual.
    queue.issue_ticket(env.other, "B")
    queue.call_next(env.other, 1, close_as="done")
    qtbot.waitUntil(lambda: len(env.queued()) == 2, timeout=WAIT_MS)
    assert env.queued()[1] == "Nomor antrian B nol nol satu, silakan menuju loket satu"


# -- faults --------------------------------------------------------------------------------------


@pytest.mark.postgres
def test_offline_mark_when_postgresql_goes_away(
    pg_cluster: PgCluster, pg_url: str, start_board: Callable[..., LiveBoard], qtbot: QtBot
) -> None:
    db = site_database(pg_url)
    env = start_board(db, pg_url, True)
    queue.issue_ticket(env.other, "A")
    queue.call_next(env.other, 1)
    qtbot.waitUntil(lambda: tile_labels(env)["Loket 1"] == "A-001", timeout=WAIT_MS)
    pg_cluster.stop()
    try:
        qtbot.waitUntil(env.board.offline_visible, timeout=WAIT_MS)
        # The last state stays on screen; the mark sits in the header, clear of the numbers.
        assert shown_number(env) == "A-001"
        assert tile_labels(env)["Loket 1"] == "A-001"
        mark = env.board.header.offline
        assert mark.mapTo(env.board, mark.rect().topLeft()).y() + mark.height() <= env.board.header.height()
        assert mark.label.full_text() == "⚠ Koneksi terputus"
    finally:
        pg_cluster.ensure_running()
    qtbot.waitUntil(lambda: not env.board.offline_visible(), timeout=WAIT_MS)
    env.other.dispose()  # drop pooled connections the restart killed
    queue.issue_ticket(env.other, "A")
    queue.call_next(env.other, 1, close_as="done")
    qtbot.waitUntil(lambda: shown_number(env) == "A-002", timeout=WAIT_MS)
    assert env.queued()[-1] == "Nomor antrian A nol nol dua, silakan menuju loket satu"


def test_offline_mark_when_the_sqlite_file_cannot_be_read(
    tmp_path: Path, start_board: Callable[..., LiveBoard], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite on a share that drops away: the feed's reads fail until the share is back."""
    url = f"sqlite:///{tmp_path / 'share.db'}"
    env = start_board(site_database(url), url, True)
    queue.issue_ticket(env.other, "A")
    queue.call_next(env.other, 1)
    qtbot.waitUntil(lambda: tile_labels(env)["Loket 1"] == "A-001", timeout=WAIT_MS)
    down = {"on": True}
    real_poll, real_reconnect = ChangeFeed._poll_sqlite, ChangeFeed.reconnect

    def poll(self: ChangeFeed):  # type: ignore[no-untyped-def]
        if down["on"]:
            raise sqlite3.OperationalError("disk I/O error")
        return real_poll(self)

    def reconnect(self: ChangeFeed):  # type: ignore[no-untyped-def]
        if down["on"]:
            raise DatabaseUnavailable("cannot open database: unable to open database file")
        return real_reconnect(self)

    monkeypatch.setattr(ChangeFeed, "_poll_sqlite", poll)
    monkeypatch.setattr(ChangeFeed, "reconnect", reconnect)
    qtbot.waitUntil(env.board.offline_visible, timeout=WAIT_MS)
    assert shown_number(env) == "A-001"
    assert tile_labels(env)["Loket 1"] == "A-001"
    queue.issue_ticket(env.other, "A")
    queue.call_next(env.other, 1, close_as="done")  # missed while away: shown after the resync, not announced
    down["on"] = False
    qtbot.waitUntil(lambda: not env.board.offline_visible(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: shown_number(env) == "A-002", timeout=WAIT_MS)
    assert env.queued() == ["Nomor antrian A nol nol satu, silakan menuju loket satu"]


# -- sizes ---------------------------------------------------------------------------------------

SIZES = [(1366, 768), (1920, 1080), (1080, 1920)]


def visible_labels(root: QWidget) -> list[QLabel]:
    return [lbl for lbl in root.findChildren(QLabel) if lbl.isVisibleTo(root) and lbl.text()]


def assert_everything_fits(board: Board) -> None:
    """Every visible text fits its box, and every panel lies inside the window."""
    labels = visible_labels(board)
    assert len(labels) > 20
    bad = [(lbl.text(), lbl.contentsRect().size().toTuple(), lbl.font().pixelSize())
           for lbl in labels if not text_fits(lbl)]
    assert not bad, f"texts that do not fit: {bad}"
    window = board.rect()
    for widget in board.findChildren(QWidget):
        if widget.isVisibleTo(board) and widget.objectName() != STRIP_NAME:  # the ticker's strip is clipped by design
            top_left = widget.mapTo(board, widget.rect().topLeft())
            bottom_right = widget.mapTo(board, widget.rect().bottomRight())
            assert window.contains(top_left) and window.contains(bottom_right), (
                f"{type(widget).__name__} {widget.objectName()} outside the window")
    ticker = board.ticker
    from PySide6.QtGui import QFontMetrics

    assert QFontMetrics(ticker.ticker_font()).height() <= ticker.height()


def fill_queue(other: Database) -> None:
    """A morning: tickets for every service, all three counters calling, one recall, a pause."""
    for code in "AABBCCDDEEFFAABBCCEE":
        queue.issue_ticket(other, code)
    for counter in (1, 2, 3, 1, 2, 3, 1, 2, 3):
        queue.call_next(other, counter, close_as="done")
    queue.recall(other, 2)
    queue.finish(other, 3)  # a counter pauses only once its visit is closed
    queue.pause_counter(other, 3, "Istirahat siang")


@pytest.mark.parametrize("language", ["id", "en"])
def test_sizes_fit(live_board: LiveBoard, qtbot: QtBot, language: str) -> None:
    env = live_board
    fill_queue(env.other)
    qtbot.waitUntil(lambda: len(env.board.history.rows) == 8 and env.board.tiles.tiles[2].state.paused,
                    timeout=WAIT_MS)
    translator().set_language(language)
    for width, height in SIZES:
        env.board.resize(width, height)
        qtbot.waitUntil(lambda size=(width, height): env.board.size().toTuple() == size)
        assert env.board.portrait() == (height > width)
        assert_everything_fits(env.board)
        assert env.board.call.number.full_text() == env.board.call.number.text() == "C-003"
        # The called number is the largest text on the board.
        number = env.board.call.number.font().pixelSize()
        assert number == max(lbl.font().pixelSize() for lbl in visible_labels(env.board))
        assert number >= min(width, height) * 0.16
    if language == "id":
        assert env.board.call.title.full_text() == "Panggilan Ulang"
        assert env.board.tiles.tiles[2].number.full_text() == "Jeda"
    else:
        assert env.board.call.title.full_text() == "Called Again"
        assert env.board.tiles.tiles[2].number.full_text() == "Paused"
