"""Starting the survey screen: ``antrian survey --counter N`` (``python -m survey``).

Options beyond every app's (:func:`ui.app.base_parser`): ``--counter N`` (required: the
counter whose visitors it asks), ``--fullscreen`` (a tablet or a second screen facing the
visitor; otherwise a normal window) and ``--screen N`` (which screen to fill).
``--screenshot FILE`` saves the screen as the first read shows it: asleep, or asking when
that counter finished a visit within the last ``survey_wake_minutes``.
"""

from __future__ import annotations

import argparse

# The core is imported before Qt on purpose (ui.app explains the memory it saves).
import db.survey  # noqa: F401  # isort: skip

from ui.app import base_parser, counter_arg, place_on_screen, run, start

DEFAULT_SIZE = (1280, 800)


def build_parser() -> argparse.ArgumentParser:
    """The survey screen's options on top of every app's."""
    p = base_parser("survey", "The satisfaction survey screen facing the visitor at a counter.")
    p.add_argument("--counter", type=counter_arg, metavar="N", required=True,
                   help="the counter whose finished visits this screen asks about")
    p.add_argument("--fullscreen", action="store_true", help="full screen instead of a normal window")
    p.add_argument("--screen", type=int, default=None, metavar="N",
                   help="show on screen N (0 = the first; default: the primary screen)")
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the survey screen until it is closed; the exit code."""
    args = build_parser().parse_args(argv)
    if not args.fullscreen:
        args.windowed = True
    ctx = start("survey", args)

    from survey.window import SurveyWindow

    window = SurveyWindow(ctx.backend, args.counter, follow_site_language=args.lang is None)
    window.setWindowTitle(f"Antrian — survei loket {args.counter}")
    place_on_screen(window, args.screen)
    ctx.app.aboutToQuit.connect(window.shutdown)
    return run(ctx, window, default_size=DEFAULT_SIZE, ready_signal=window.ready)
