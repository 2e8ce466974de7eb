"""Starting the kiosk: its command line on top of the options every app takes."""

from __future__ import annotations

import argparse
import sys

# The database layer is imported before Qt on purpose: once PySide6 is loaded, its import
# hook makes every later import slower and bigger (SQLAlchemy costs ~35 MB more RSS).
import db.queue  # noqa: F401
from ui import app as ui_app


def build_parser() -> argparse.ArgumentParser:
    """``antrian kiosk`` options: the common ones plus printer, ticket width and sound."""
    p = ui_app.base_parser("kiosk", "Touchscreen kiosk: visitors take a queue number and get a printed ticket.")
    p.add_argument("--printer", metavar="NAME", type=_printer_arg,
                   help="printer for tickets: a printer name, 'default' (the system default), 'none' "
                        "(only save the PDF), or an ESC/POS thermal printer: escpos:tcp:HOST[:9100], "
                        "escpos:usb:VID:PID, escpos:serial:DEVICE[:BAUD]; overrides the site setting")
    p.add_argument("--ticket-width", type=int, choices=(80, 58), help="ticket roll width in mm (default: the site setting)")
    p.add_argument("--no-sound", action="store_true", help="no confirmation sound on touch")
    p.add_argument("--show-survey", nargs="?", const="", metavar="NUMBER",
                   help="start on the satisfaction survey's keypad, with NUMBER (e.g. A-007) typed and looked up "
                        "(screenshots and demonstrations)")
    p.add_argument("--show-booking", nargs="?", const="", metavar="CODE",
                   help="start on the booking check-in keypad (with the start of a code typed), or with a whole "
                        "CODE scanned and its answer shown (screenshots and demonstrations)")
    return p


def _printer_arg(raw: str) -> str:
    """``--printer``: an ``escpos:`` name is checked now, so a typo is one line at start."""
    if raw.strip().startswith("escpos:"):
        from kiosk.escpos_link import parse_target

        try:
            parse_target(raw.strip())
        except ValueError as e:
            raise argparse.ArgumentTypeError(str(e)) from None
    return raw


def main(argv: list[str] | None = None) -> int:
    """Run the kiosk until it is closed; return the exit code."""
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    ctx = ui_app.start("kiosk", args)

    from kiosk.window import KioskOptions, KioskWindow

    options = KioskOptions(
        data_dir=ctx.data_dir,
        locked=not (args.windowed or args.screenshot),
        printer=args.printer.strip() if args.printer else None,
        ticket_width=args.ticket_width,
        language=args.lang,
        sound=not args.no_sound and not args.screenshot,
        show_survey=args.show_survey,
        show_booking=args.show_booking,
    )
    window = KioskWindow(ctx.backend, options)
    window.exit_requested.connect(ctx.app.quit)
    code = ui_app.run(ctx, window, default_size=(1280, 800), ready_signal=window.ready)
    window.print_runner.wait(20_000)  # a ticket still printing is finished, not cut off
    return code
