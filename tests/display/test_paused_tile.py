"""A paused counter on the board (issue 10): no number, a neutral label, whatever the reason."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from db.records import CounterState
from display.board import Board
from display.state import BoardState
from tests.display.test_board_parts import call, snapshot, ticket
from ui.i18n import translator


@pytest.fixture(autouse=True)
def _indonesian() -> Iterator[None]:
    translator().set_language("id")
    yield
    translator().set_language("id")


def counters() -> list[CounterState]:
    """Loket 1 serving A-003; Loket 2 paused for prayer; Loket 3 paused for a reason of its own,
    with a ticket still on its row (a pause from before the rule, or heard live)."""
    return [
        CounterState(1, "Loket 1", True, False, None, "Siti", ("A",), ticket("A-003", 1, "serving")),
        CounterState(2, "Loket 2", True, True, "Sholat", "Budi", ("A",), None),
        CounterState(3, "Loket 3", True, True, "urusan keluarga", "Agus", ("A",), ticket("A-002", 3, "called")),
    ]


@pytest.mark.parametrize("language, label", [("id", "Jeda"), ("en", "Paused")])
def test_a_paused_counter_shows_no_number_and_a_neutral_label(qtbot: QtBot, language: str, label: str) -> None:
    translator().set_language(language)
    board = Board()
    qtbot.addWidget(board)
    board.resize(1920, 1080)
    board.show()
    state = BoardState()
    state.apply_snapshot(snapshot(5, [call(4, "A-003", 1), call(3, "A-002", 3)], counters()))
    board.show_state(state)
    one, two, three = board.tiles.tiles
    assert one.number.full_text() == "A-003" and one.status.full_text() == ""
    for tile in (two, three):
        assert tile.state is not None and tile.state.paused
        assert tile.number.full_text() == label  # never the number, never the reason
        assert tile.status.full_text() == ""
    texts = " ".join(lbl.text() for tile in (two, three) for lbl in (tile.name, tile.number, tile.status))
    assert "A-002" not in texts and "Sholat" not in texts and "keluarga" not in texts and "Istirahat" not in texts
    # the words are sized on their own: the numbers of serving counters stay as large as ever
    assert two.number.text() == label and three.number.text() == label  # fits, not elided
    alone = Board()
    qtbot.addWidget(alone)
    alone.resize(1920, 1080)
    alone.show()
    alone_state = BoardState()
    alone_state.apply_snapshot(snapshot(5, [call(4, "A-003", 1)], [counters()[0], *[
        CounterState(n, f"Loket {n}", True, False, None, "Budi", ("A",), None) for n in (2, 3)]]))
    alone.show_state(alone_state)
    assert one.number.font().pixelSize() == alone.tiles.tiles[0].number.font().pixelSize()
    assert one.name.font().pixelSize() == alone.tiles.tiles[0].name.font().pixelSize()
    alone.shutdown()
    folder = os.environ.get("ANTRIAN_SCREENSHOT_DIR")
    if folder and language == "id":
        Path(folder).mkdir(parents=True, exist_ok=True)
        assert board.grab().save(str(Path(folder) / "board-paused-counter.png"))
    board.shutdown()
