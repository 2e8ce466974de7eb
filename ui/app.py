"""App start-up shared by the kiosk, counter and display.

``base_parser`` declares the options every app takes; ``start`` sets up logging, the
QApplication, the theme, the database handle, the task runner and the live feed;
``run`` shows the window (full screen unless ``--windowed``), handles ``--screenshot``
and shuts everything down cleanly.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import socket
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import NoReturn, cast

# The core (SQLAlchemy) is imported before PySide6 on purpose: PySide6's import hook
# otherwise inspects every later import, which costs ~35 MB of resident memory.
from db.database import Database, default_data_dir, mask_url, resolve_url  # isort: skip
from db.errors import AntrianError  # isort: skip
from PySide6.QtCore import QSocketNotifier, QTimer, SignalInstance
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from ui.backend import Backend
from ui.collector import collect_on_ui_thread
from ui.heartbeat import Heartbeat
from ui.i18n import translator
from ui.live import LiveFeed
from ui.logs import setup_logging
from ui.tasks import TaskRunner
from ui.theme import apply_theme

log = logging.getLogger("antrian.ui.app")

SCREENSHOT_TIMEOUT_S = 20
#: The exit code after an unexpected error (``EX_SOFTWARE``): what autostart's "restart on
#: failure" (systemd, Task Scheduler) watches for.
FATAL_EXIT = 70


def install_fatal_hook(app: QApplication) -> None:
    """Make an unexpected exception (one no slot caught) end the app with :data:`FATAL_EXIT`
    after logging it, instead of running on in a state nobody planned for; the platform's
    autostart then starts it afresh (``db.autostart``)."""

    def fatal(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        log.critical("unexpected error; stopping so that the app is started afresh", exc_info=(kind, value, tb),
                     extra={"event": "fatal"})
        app.exit(FATAL_EXIT)

    sys.excepthook = fatal


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (``antrian counter: error: …``), exit code 2."""

    def error(self, message: str) -> NoReturn:
        """Print the one line and exit."""
        self.exit(2, f"{self.prog}: error: {message}\n")


def counter_arg(raw: str) -> int:
    """``--counter N`` of an app: a valid counter number (db.validation), else a one-line error."""
    from db.validation import InvalidValue, parse_counter_number

    try:
        return parse_counter_number(raw)
    except InvalidValue as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def base_parser(app: str, description: str) -> argparse.ArgumentParser:
    """Options every app takes."""
    p = OneLineParser(prog=f"antrian {app}", description=description)
    p.add_argument("--db", help="database URL or SQLite file (default: $ANTRIAN_DB or the user data dir)")
    p.add_argument("--windowed", action="store_true", help="a normal window instead of full screen")
    p.add_argument("--screenshot", metavar="FILE", help="save a PNG of the window once its data is shown, then exit")
    p.add_argument("--size", metavar="WxH", help="window size for --windowed/--screenshot, e.g. 1920x1080")
    p.add_argument("--lang", choices=("id", "en"), help="start in this language (default: the site setting)")
    p.add_argument("--json-logging", action="store_true", help="log JSON lines to stderr (end-to-end tests)")
    p.add_argument("--data-dir", help="where ticket PDFs, caches and logs go (default: user data dir)")
    return p


def parse_size(text: str | None, default: tuple[int, int]) -> tuple[int, int]:
    """``"1920x1080"`` → (1920, 1080); raise SystemExit with a clear line if malformed."""
    if not text:
        return default
    try:
        w, h = (int(v) for v in text.lower().split("x"))
        if w < 200 or h < 200:
            raise ValueError
        return w, h
    except ValueError:
        raise SystemExit(f"antrian: error: --size must look like 1920x1080, not '{text}'") from None


@dataclass
class AppContext:
    """What a window needs from start-up."""

    name: str
    args: argparse.Namespace
    app: QApplication
    db: Database
    runner: TaskRunner
    live: LiveFeed
    data_dir: Path
    started: float
    heartbeat: Heartbeat | None = None  # beats from ``run`` on (every app kind in db.heartbeat.KINDS)

    @property
    def backend(self) -> Backend:
        """The database, runner and feed as one value for the windows."""
        return Backend(self.db, self.runner, self.live)


def place_on_screen(window: QWidget, index: int | None) -> None:
    """Put ``window`` on screen ``index`` (``--screen N``; a missing screen is logged and the
    primary one is used)."""
    if index is None:
        return
    screens = QGuiApplication.screens()
    if not 0 <= index < len(screens):
        log.warning("there is no screen %d (%d found); using the primary screen", index, len(screens))
        return
    window.setScreen(screens[index])
    window.move(screens[index].geometry().topLeft())


def start(name: str, args: argparse.Namespace) -> AppContext:
    """Set up one app process. A wrong database URL ends it with one clear line."""
    started = time.perf_counter()
    if args.screenshot and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    data_dir = Path(args.data_dir) if args.data_dir else default_data_dir()
    url = resolve_url(args.db)
    try:
        # Connecting happens in the background; an app never creates a database itself.
        db = Database(url, migrate=False, create=False)
    except AntrianError as e:
        print(f"antrian {name}: error: {mask_url(e.__str__())}", file=sys.stderr)
        raise SystemExit(2) from None
    log_dir = Path(db.url.database).parent if db.dialect == "sqlite" and db.url.database else data_dir
    setup_logging(name, log_dir / "logs" if db.dialect == "sqlite" else log_dir, json_logging=args.json_logging)
    app = cast(QApplication, QApplication.instance() or QApplication(sys.argv[:1]))
    app.setApplicationName(f"Antrian {name}")
    app.setOrganizationName("Antrian")
    apply_theme(app)
    collect_on_ui_thread(app)
    install_fatal_hook(app)
    if args.lang:
        translator().set_language(args.lang)
    quit_on_signals(app)
    runner = TaskRunner(app)
    live = LiveFeed(db, app)
    beats = Heartbeat(db, runner, name, counter=getattr(args, "counter", None), parent=app)
    log.info("%s starting on %r", name, db, extra={"event": "starting", "app": name})
    return AppContext(name, args, app, db, runner, live, data_dir, started, beats)


def quit_on_signals(app: QApplication) -> None:
    """Ctrl+C in a terminal and SIGTERM (a service stop, a shutdown) end the app.

    Python runs a signal's handler only when the interpreter next runs, and Qt's event loop
    may sleep for seconds. Rather than a timer waking Python four times a second, the
    signal's byte on a socket pair (``signal.set_wakeup_fd``) wakes the loop at once, and the
    notifier's slot is the Python that lets the handler run.
    """
    ends = socket.socketpair()  # the slot below holds both ends open as long as it is connected
    for end in ends:
        end.setblocking(False)
    signal.set_wakeup_fd(ends[1].fileno(), warn_on_full_buffer=False)

    def drain() -> None:
        with contextlib.suppress(OSError):
            ends[0].recv(64)

    notifier = QSocketNotifier(ends[0].fileno(), QSocketNotifier.Type.Read, app)
    notifier.activated.connect(drain)
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    signal.signal(signal.SIGTERM, lambda *_: app.quit())


def run(ctx: AppContext, window: QWidget, *, default_size: tuple[int, int],
        ready_signal: SignalInstance | None = None) -> int:
    """Show ``window``, run the event loop, and shut down cleanly.

    ``ready_signal`` is emitted by the window once real data is on screen; it drives
    ``--screenshot`` and the "first frame" log line benchmarks read.
    """
    args = ctx.args
    w, h = parse_size(args.size, default_size)
    exit_code = {"code": 0}

    def on_ready() -> None:
        elapsed = time.perf_counter() - ctx.started
        log.info("%s ready in %.3f s", ctx.name, elapsed, extra={"event": "ready", "app": ctx.name, "seconds": elapsed})
        if args.screenshot:
            QTimer.singleShot(150, save_and_quit)

    def save_and_quit() -> None:
        path = Path(args.screenshot)
        path.parent.mkdir(parents=True, exist_ok=True)
        ok = window.grab().save(str(path))
        log.info("screenshot saved to %s", path, extra={"event": "screenshot", "path": str(path), "ok": ok})
        if not ok:
            exit_code["code"] = 1
        ctx.app.quit()

    def timed_out() -> None:
        log.error("no data after %d s; saving the screen as it is", SCREENSHOT_TIMEOUT_S)
        exit_code["code"] = 1
        save_and_quit()

    if ready_signal is not None:
        ready_signal.connect(on_ready)
    if args.screenshot:
        QTimer.singleShot(SCREENSHOT_TIMEOUT_S * 1000, timed_out)
    if args.windowed or args.screenshot:
        window.resize(w, h)
        window.show()
    else:
        window.showFullScreen()
    ctx.live.start()
    if ctx.heartbeat is not None:
        ctx.heartbeat.start()
    code = ctx.app.exec()
    if ctx.heartbeat is not None:
        ctx.heartbeat.stop()
    ctx.live.stop()
    ctx.runner.wait(5000)
    ctx.db.dispose()
    log.info("%s stopped", ctx.name, extra={"event": "stopped", "app": ctx.name})
    return exit_code["code"] or code
