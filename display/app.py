"""``python -m display`` / ``antrian display``: the lobby board, full screen.

Options beyond the common ones (:func:`ui.app.base_parser`): ``--screen N`` (which
screen to fill; default the primary one) and ``--mute`` (no chime and voice).
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from display.board import Board
from display.calls import SpeechVoice
from display.controller import BoardController
from ui.app import AppContext, base_parser, place_on_screen, run, start
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from display.system_voice import SystemVoice

log = logging.getLogger("antrian.display.app")

DEFAULT_SIZE = (1920, 1080)


def build_parser() -> argparse.ArgumentParser:
    """The display's command line."""
    p = base_parser("display", "The lobby board: the numbers being called, shown and announced.")
    p.add_argument("--screen", type=int, default=None, metavar="N",
                   help="fill screen N (0 = the first; default: the primary screen)")
    p.add_argument("--mute", action="store_true", help="no chime or voice (the board only)")
    return p


def start_announcer(ctx: AppContext, controller: BoardController, speech: SpeechVoice, parent: Board) -> None:
    """Create the announcer once its chime is ready (written off the UI thread on first run)."""
    from display.announcer import Announcer
    from ui.sound import chime_path

    sounds = TaskRunner(parent)
    cache = ctx.data_dir / "cache"

    def system_voice() -> SystemVoice:
        from display.system_voice import SystemVoice  # QtTextToSpeech loads only when needed

        return SystemVoice(parent=parent)

    def made(chime: Path | None) -> None:
        """UI thread: the chime is ready (or not); announcements may start. Without clips and
        espeak-ng (a Windows PC) the operating system's voice speaks, else the chime plays alone."""
        controller.set_announcer(Announcer(speech, chime, parent=parent, speaker=system_voice,
                                           parts_of=speech.parts_of))

    def failed(error: BaseException) -> None:
        """UI thread: no chime file could be written."""
        log.warning("no chime (%s); announcing with the voice only", error)
        made(None)

    sounds.run(lambda: chime_path(cache / "sounds"), made, failed)


def build(ctx: AppContext) -> tuple[Board, BoardController]:
    """The board and its controller for an app context."""
    args = ctx.args
    board = Board(base_dir=ctx.data_dir)
    speech = SpeechVoice(ctx.data_dir / "cache" / "voice")
    controller = BoardController(board, ctx.backend, speech=speech,
                                 follow_site_language=not args.lang, parent=board)
    if not args.mute and not args.screenshot:
        start_announcer(ctx, controller, speech, board)
    return board, controller


def main(argv: list[str] | None = None) -> int:
    """Run the lobby board until it is closed."""
    args = build_parser().parse_args(argv)
    ctx = start("display", args)
    board, controller = build(ctx)
    place_on_screen(board, args.screen)
    try:
        return run(ctx, board, default_size=DEFAULT_SIZE, ready_signal=board.ready)
    finally:
        controller.shutdown()
        board.shutdown()
