"""The kiosk window: home, confirmation and lock screens, kept live from the change feed.

It owns no SQL: the snapshot is read through a :class:`ui.reader.SnapshotReader`,
tickets are issued and printed by :class:`~kiosk.flow.TicketFlow`, both on the task
runner's thread. The window only decides what is on screen.
"""

from __future__ import annotations

import contextlib
import logging
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import QApplication, QStackedWidget, QVBoxLayout, QWidget

from db import booking, queue
from db.clock import utcnow
from db.records import IssuedTicket, Snapshot
from db.settings import SiteSettings
from kiosk.booking_checkin import BookingDesk, code_from_scan
from kiosk.booking_entry import BookingEntryScreen
from kiosk.booking_housekeep import Housekeeper
from kiosk.booking_result import BookingResultScreen, booked_note
from kiosk.confirm import PRINT_FAULT, PRINT_OFF, PRINTED, PRINTING, ConfirmationScreen
from kiosk.flow import PrintResult, PrintSetup, TicketFlow
from kiosk.home import HomeScreen
from kiosk.lock import CornerTaps, LockScreen
from kiosk.scanner import ScannerFilter
from kiosk.survey_entry import START
from kiosk.survey_flow import KioskSurvey
from ui.backend import Backend
from ui.i18n import translator
from ui.reader import SnapshotReader
from ui.tasks import TaskRunner
from ui.theme import ACCENT, WARNING
from ui.widgets import OfflineBanner

if TYPE_CHECKING:
    from ui.sound import SoundPlayer  # imported late at run time: QtMultimedia is slow to load

log = logging.getLogger("antrian.kiosk.window")

FAULT_MIN_SECONDS = 20  # a printer fault keeps the number up at least this long
_INPUT_EVENTS = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress}


@dataclass(frozen=True)
class KioskOptions:
    """What the command line decides; ``None`` means "as the site settings say"."""

    data_dir: Path
    locked: bool = True  # full screen, frameless, on top; leaving needs the gesture and the PIN
    printer: str | None = None
    ticket_width: int | None = None
    language: str | None = None
    sound: bool = True
    show_survey: str | None = None  # start on the survey keypad ("" empty, or this number typed and looked up)
    show_booking: str | None = None  # start on the check-in keypad ("" empty, or this code scanned and answered)


class KioskWindow(QWidget):
    """The touchscreen kiosk. ``ready`` is emitted once the first snapshot is painted."""

    ready = Signal()
    exit_requested = Signal()

    def __init__(self, backend: Backend, options: KioskOptions,
                 parent: QWidget | None = None, *, print_runner: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kiosk")
        self.setWindowTitle("Antrian — Kiosk")
        self.db, self.runner, self.live, self.options = backend.db, backend.runner, backend.live, options
        self.settings = SiteSettings()
        self.snapshot: Snapshot | None = None
        self.default_language = options.language or translator().language
        self.allow_close = not options.locked
        self._feed_ok = True
        self._snapshot_ok = False
        self._ready_state = "waiting"  # waiting -> pending (paint next) -> done -> emitted
        self._sound: SoundPlayer | None = None
        self._sound_path: Path | None = None
        if options.locked:
            self.setWindowFlags(Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint
                                | Qt.WindowType.WindowStaysOnTopHint)
            self.setCursor(Qt.CursorShape.BlankCursor)

        self._build_pages()
        self._build_survey(backend)
        self._build_flow(print_runner)
        self._build_booking(backend)
        # A short delay gathers the changes of one burst (a ticket issued here) into one read.
        self.loader = SnapshotReader(self.runner, lambda: queue.queue_snapshot(backend.db, last_calls=0), self,
                                     what="the queue", log=log, delay_ms=20)
        self.loader.loaded.connect(self._loaded)
        self.loader.failed.connect(self._load_failed)

        self.home.service_touched.connect(self.touch_service)
        self.home.language_clicked.connect(translator().toggle)
        self.confirm.dismissed.connect(self.go_home)
        self.lock.cancelled.connect(self.go_home)
        self.lock.exit_requested.connect(self.request_exit)

        self.live.changed.connect(self._changed)
        self.live.resync.connect(self.loader.request_now)
        self.live.connection_lost.connect(self._connection_lost)
        self.live.connection_restored.connect(self._connection_restored)

        self._start_timers()
        self.home.installEventFilter(self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.loader.request_now()

    def _build_pages(self) -> None:
        """The offline banner over the stack of pages: home, confirmation, lock."""
        self.banner = OfflineBanner(self.live, self, offline_key="kiosk.offline_banner", connecting_key="kiosk.offline_banner")
        self.home = HomeScreen(parent=self)
        self.confirm = ConfirmationScreen(self)
        self.lock = LockScreen(self, self.db)
        self.stack = QStackedWidget(self)
        for page in (self.home, self.confirm, self.lock):
            self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)
        self.corner = CornerTaps(self)
        self.corner.triggered.connect(self._corner_gesture)

    def _build_survey(self, backend: Backend) -> None:
        """The satisfaction survey by ticket number: its pages join the stack."""
        self.survey = KioskSurvey(backend, self.stack, self)
        self.survey.home.connect(self.go_home)
        self.survey.activity.connect(self._touched)
        self.home.survey_clicked.connect(self.open_survey)

    def _build_flow(self, print_runner: TaskRunner | None) -> None:
        """The ticket flow: issue, then print on its own runner."""
        options = self.options
        setup = PrintSetup(printer=options.printer or "default", width_mm=options.ticket_width or 80,
                           keep_dir=options.data_dir / "tickets")
        self.print_runner = print_runner or TaskRunner(self)
        self.flow = TicketFlow(self.db, self.runner, self.print_runner, setup, self)
        self.flow.issued.connect(self._issued)
        self.flow.refused.connect(self._refused)
        self.flow.failed.connect(self._failed)
        self.flow.printed.connect(self._printed)
        self.flow.pdf_ready.connect(self._pdf_ready)

    def _build_booking(self, backend: Backend) -> None:
        """Check-in of online bookings: the keypad and answer pages, the scanner, the upkeep."""
        self.booking_entry = BookingEntryScreen(self.stack)
        self.booking_result = BookingResultScreen(self.stack)
        for page in (self.booking_entry, self.booking_result):
            self.stack.addWidget(page)
        self.desk = BookingDesk(backend.db, backend.runner, self)
        self.desk.answered.connect(self._booking_answered)
        self.desk.failed.connect(self._booking_failed)
        self.home.booking_clicked.connect(self.open_booking)
        self.booking_entry.submitted.connect(lambda code: self.check_booking(code, "keypad"))
        self.booking_entry.cancelled.connect(self.go_home)
        self.booking_result.dismissed.connect(self.go_home)
        self.booking_result.retype.connect(self.open_booking)
        self.scanner = ScannerFilter(self, active=self._scan_wanted, scope=self)
        self.scanner.scanned.connect(self._scanned)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.scanner)
        self.housekeeper = Housekeeper(backend.db, backend.runner, self)
        self.housekeeper.start()

    def _start_timers(self) -> None:
        """The countdown on the confirmation, the idle timeout and the minute tick."""
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._count_down)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self._idle_timeout)
        self._minute = QTimer(self)
        self._minute.setSingleShot(True)
        self._minute.timeout.connect(self._new_minute)
        self._schedule_minute()

    def shutdown(self) -> None:
        """Stop every timer and stop reading; the window stays as it is (app exit, tests)."""
        for timer in (self._countdown, self._idle, self._minute):
            timer.stop()
        self.survey.abandon()  # a survey in progress is closed, its answers kept
        self.booking_result.stop()
        self.housekeeper.stop()
        self.desk.shutdown()
        self.loader.close()
        self.flow.shutdown()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
            app.removeEventFilter(self.scanner)
        for signal, slot in ((self.live.changed, self._changed), (self.live.resync, self.loader.request_now),
                             (self.live.connection_lost, self._connection_lost),
                             (self.live.connection_restored, self._connection_restored)):
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(slot)

    # -- snapshot -------------------------------------------------------------------------
    def _changed(self, _changes: list[object]) -> None:
        self.loader.request()

    def _loaded(self, snapshot: Snapshot) -> None:
        first = self.snapshot is None
        self.snapshot = snapshot
        self.settings = snapshot.settings
        self._snapshot_ok = True
        if first and self.options.language is None:
            self.default_language = self.settings.language
            translator().set_language(self.default_language)
        elif self.options.language is None:
            self.default_language = self.settings.language
        self.home.apply_snapshot(snapshot)
        self._update_offline()
        if self._feed_ok:
            # The data is here: "connecting…" would only alarm. A lost feed still shows the banner.
            self.banner.hide()
        self.flow.setup = self._print_setup()
        self._idle.setInterval(max(1, self.settings.kiosk_idle_seconds) * 1000)
        if first:
            QTimer.singleShot(0, self.flow.warm_up)
        self._maybe_ready()

    def _load_failed(self, reason: str) -> None:
        # Visitors read "Sistem sedang terganggu"; the reason is for whoever reads the log.
        log.warning("kiosk cannot read the queue: %s", reason, extra={"event": "kiosk_offline", "reason": reason})
        self._snapshot_ok = False
        self._update_offline()

    def _connection_lost(self, reason: str) -> None:
        log.warning("kiosk lost the database: %s", reason, extra={"event": "kiosk_offline", "reason": reason})
        self._feed_ok = False
        self._update_offline()

    def _connection_restored(self) -> None:
        self._feed_ok = True  # the resync that follows re-reads and re-enables the buttons

    def _update_offline(self) -> None:
        self.home.set_offline(not (self._feed_ok and self._snapshot_ok))

    def _print_setup(self) -> PrintSetup:
        st = self.settings
        printer = self.options.printer or "default"
        width = self.options.ticket_width or st.ticket_width_mm
        logo_path = Path(st.logo).expanduser() if st.logo else None
        return replace(self.flow.setup, printer=printer, width_mm=width if width in (58, 80) else 80,
                       keep_last=max(1, st.keep_ticket_pdfs),
                       logo=logo_path if logo_path and logo_path.is_file() else None,
                       tz=st.timezone)

    def _schedule_minute(self) -> None:
        """Re-read once a minute, on the minute: opening hours begin and end with the clock."""
        now = QTime.currentTime()
        self._minute.start((60 - now.second()) * 1000 - now.msec() + 50)

    def _new_minute(self) -> None:
        self._schedule_minute()
        self.loader.request()

    # -- ready (first real frame) ----------------------------------------------------------
    def _maybe_ready(self) -> None:
        if self._ready_state == "waiting" and self.snapshot is not None:
            self._ready_state = "pending"
            self.home.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Notice the first painted home screen, and any touch (for the idle time-out)."""
        kind = event.type()
        if kind == QEvent.Type.Paint and watched is self.home and self._ready_state == "pending":
            self._ready_state = "done"
            QTimer.singleShot(0, self._emit_ready)
        elif kind in _INPUT_EVENTS and self.isVisible():
            self._idle.start()
        return False

    def is_ready(self) -> bool:
        """Whether ``ready`` was emitted (the first snapshot is on screen)."""
        return self._ready_state == "emitted"

    def _emit_ready(self) -> None:
        if self.options.show_survey is not None and self._ready_state != "survey":
            self._show_survey_first(self.options.show_survey)
            return
        if self.options.show_booking is not None and self._ready_state not in ("survey", "booking"):
            self._show_booking_first(self.options.show_booking)
            return
        self._ready_state = "emitted"
        # Where each service sits in window coordinates: end-to-end tests touch it there.
        tiles = {
            code: [*tile.mapTo(self, tile.rect().topLeft()).toTuple(), tile.width(), tile.height()]
            for code, tile in self.home.grid.tiles.items() if tile.isVisible()
        }
        log.info("kiosk showing %d services", len(self.home.grid.tiles),
                 extra={"event": "kiosk_ready", "services": len(self.home.grid.tiles), "tiles": tiles})
        self.ready.emit()
        if self.options.sound:
            QTimer.singleShot(500, self._load_sound)

    # -- touches --------------------------------------------------------------------------
    def touch_service(self, code: str) -> None:
        """A visitor touched a service button."""
        tile = self.home.grid.tiles.get(code)
        if tile is None or not tile.available() or self.stack.currentWidget() is not self.home:
            return
        # Our own ticket's change would trigger a re-read right while the ticket renders;
        # nobody sees the home screen meanwhile, so the re-read waits for the PDF.
        self.loader.pause()
        if not self.flow.take(code, priority=self.home.priority_chosen()):
            self.loader.resume()
            return
        self.home.set_working(code)
        self._play_confirm()

    def _issued(self, issued: IssuedTicket) -> None:
        self.home.set_working(None)
        self.home.reset()
        tile = self.home.grid.tiles.get(issued.ticket.service_code)
        self.confirm.set_service_colour(tile.queue.colour if tile else "")
        printing = PRINT_OFF if self.flow.setup.printer.lower() == "none" else PRINTING
        self.confirm.show_ticket(issued, printing)
        self._show_confirmation(self.settings.kiosk_return_seconds)

    def _pdf_ready(self, _issued: IssuedTicket, _path: str, _ms: float) -> None:
        self.loader.resume()

    def _printed(self, result: PrintResult) -> None:
        self.loader.resume()  # also after a rendering failure (no pdf_ready then)
        state = (PRINT_OFF if result.printing_off else PRINTED) if result.ok else PRINT_FAULT
        self.confirm.set_print_state(result.ticket_id, state)
        if state == PRINT_FAULT and self.confirm.issued is not None and self.confirm.issued.ticket.id == result.ticket_id:
            self.confirm.set_countdown(max(self.confirm.seconds_left, FAULT_MIN_SECONDS))

    def _refused(self, code: str, reason: str) -> None:
        self.home.set_working(None)
        tile = self.home.grid.tiles.get(code)
        if tile:
            name_id, name_en, opens_next = tile.queue.name_id, tile.queue.name_en, tile.queue.opens_next
        else:
            name_id, name_en, opens_next = code, code, None
        self.confirm.show_refusal(reason, name_id, name_en, opens_next)
        self._show_confirmation(max(self.settings.kiosk_return_seconds, 10))
        self.loader.resume()
        self.loader.request_now()

    def _failed(self, code: str, kind: str) -> None:
        self.home.set_working(None)
        self.confirm.show_failure(kind)
        self._show_confirmation(max(self.settings.kiosk_return_seconds, 10))
        self.loader.resume()
        self.loader.request_now()

    def _show_confirmation(self, seconds: int) -> None:
        self.confirm.set_countdown(max(1, seconds))
        self.stack.setCurrentWidget(self.confirm)
        self._countdown.start()

    def _count_down(self) -> None:
        left = self.confirm.seconds_left - 1
        if left <= 0:
            self.go_home()
        else:
            self.confirm.set_countdown(left)

    def open_survey(self) -> None:
        """The visitor touched the survey button: the keypad for their ticket's number."""
        if not self.settings.survey_kiosk or self.stack.currentWidget() is not self.home:
            return
        # Every service's letter: a ticket taken before its service was switched off today counts too.
        codes = [q.code for q in self.snapshot.services] if self.snapshot else []
        self._countdown.stop()
        self.survey.open(codes, self.settings)
        self._touched()

    def _show_survey_first(self, label: str) -> None:
        """``--show-survey``: the keypad (with ``label`` typed and looked up) before ``ready``
        (screenshots and demonstrations)."""
        self._ready_state = "survey"
        self.open_survey()
        if not label or not self.survey.showing():
            self._emit_ready()
            return
        self.survey.settled.connect(self._emit_ready, Qt.ConnectionType.SingleShotConnection)
        for key in label.replace("-", ""):
            self.survey.entry.press(key)
        self.survey.entry.press(START)
        if not self.survey.entry.checking:  # not a whole number: nothing to wait for
            self.survey.settled.disconnect(self._emit_ready)
            self._emit_ready()

    # -- bookings -------------------------------------------------------------------------
    def open_booking(self) -> None:
        """The visitor touched "Punya kode booking?" (or "Ketik ulang kode"): the code keypad."""
        if not self.settings.booking_kiosk or self.stack.currentWidget() not in (self.home, self.booking_result):
            return
        self._countdown.stop()
        self.booking_result.stop()
        self.booking_entry.start()
        self.stack.setCurrentWidget(self.booking_entry)
        self._touched()

    def _scan_wanted(self, text: str) -> bool:
        """A scan counts on the home screen, the check-in pages and a number or answer still showing;
        on the survey's keypad (the visitor touched the wrong button first) only a whole valid code
        does: a quick hand at a keyboard typing a ticket's number there goes on to the survey."""
        if self.snapshot is None or not self.settings.booking_kiosk or not self.isVisible():
            return False
        page = self.stack.currentWidget()
        if page is self.survey.entry:
            return booking.normalise_code(code_from_scan(text)) is not None
        return page in (self.home, self.booking_entry, self.booking_result, self.confirm)

    def _scanned(self, text: str) -> None:
        """A scanner read a code: check it in, whatever page of the visitor's is showing."""
        started = time.perf_counter()
        self._touched()
        if self.desk.in_flight:
            log.info("scan ignored: a booking is being checked in", extra={"event": "booking_ignored", "via": "scan"})
            return
        if self.stack.currentWidget() is self.booking_entry:
            self.booking_entry.show_code(booking.normalise_code(text) or "")
        elif self.stack.currentWidget() is self.survey.entry:
            self.survey.abandon()
        self.check_booking(text, "scan", started)

    def check_booking(self, code: str, via: str, started: float | None = None) -> bool:
        """Check ``code`` in on the runner (``via``: ``keypad`` or ``scan``); the answer shows when it comes."""
        self.loader.pause()  # as for a touch: our own ticket's change is read after the PDF
        if not self.desk.check(code, via, started):
            self.loader.resume()
            return False
        return True

    def _booking_answered(self, result: booking.CheckIn, code: str, started: float) -> None:
        issued = result.issued
        if issued is None:
            self.loader.resume()
            self._show_booking_result(result.outcome, result, code)
            return
        self.home.reset()
        tile = self.home.grid.tiles.get(issued.ticket.service_code)
        self.confirm.set_service_colour(tile.queue.colour if tile else "")
        printing = PRINT_OFF if self.flow.setup.printer.lower() == "none" else PRINTING
        tz = self.settings.timezone
        self.confirm.show_ticket(issued, printing, note=lambda: booked_note(result, tz),
                                 note_colour=WARNING if result.outcome == "late" else ACCENT)
        self._show_confirmation(self.settings.kiosk_return_seconds)
        self._play_confirm()
        self.flow.print_issued(issued, started)

    def _booking_failed(self, code: str, kind: str) -> None:
        self.loader.resume()
        self.loader.request_now()
        self._show_booking_result(kind, None, code)

    def _show_booking_result(self, outcome: str, result: booking.CheckIn | None, code: str) -> None:
        self._countdown.stop()
        self.booking_result.show_result(outcome, result, code, self.settings.timezone, utcnow(),
                                        max(self.settings.kiosk_return_seconds, 10))
        self.stack.setCurrentWidget(self.booking_result)

    def _show_booking_first(self, code: str) -> None:
        """``--show-booking``: the keypad (with the start of a code typed), or a whole ``code`` scanned
        and answered, before ``ready`` (screenshots and demonstrations)."""
        self._ready_state = "booking"
        typed = code.replace("-", "").replace(" ", "")
        if len(typed) < 6:
            self.open_booking()
            for key in typed:
                self.booking_entry.press(key)
            self._emit_ready()
            return
        def shown(*_answer: object) -> None:
            if self._ready_state == "booking":  # the first answer only
                QTimer.singleShot(0, self._emit_ready)

        self.desk.answered.connect(shown)
        self.desk.failed.connect(shown)
        if not self.check_booking(code, "scan"):
            self._emit_ready()

    def _touched(self) -> None:
        """Someone is using the screen: the idle time-out starts again."""
        self._idle.start()

    def go_home(self) -> None:
        """Back to the service buttons (a survey in progress is closed, its answers kept)."""
        self._countdown.stop()
        self.survey.abandon()
        self.booking_result.stop()
        self.lock.reset()
        self.stack.setCurrentWidget(self.home)

    def _idle_timeout(self) -> None:
        """Nobody touched the screen for a while: home screen, default language, no priority."""
        log.info("idle: back to the home screen", extra={"event": "kiosk_idle"})
        self.go_home()
        self.home.reset()
        translator().set_language(self.default_language)

    # -- lock -----------------------------------------------------------------------------
    def _corner_gesture(self) -> None:
        pin = self.settings.kiosk_pin
        if not pin and self.options.locked:
            log.warning("corner gesture ignored: no kiosk_pin is set, so a locked kiosk cannot be opened",
                        extra={"event": "kiosk_gesture_ignored"})
            return
        self._countdown.stop()
        self.lock.start(pin)
        self.stack.setCurrentWidget(self.lock)

    def request_exit(self) -> None:
        """The supervisor closes the kiosk."""
        log.info("kiosk closed by the supervisor", extra={"event": "kiosk_exit"})
        self.allow_close = True
        self.exit_requested.emit()
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        """A locked kiosk refuses Alt+F4 and friends; quitting the app still works."""
        if not self.allow_close and event.spontaneous():
            log.info("close request ignored: the kiosk is locked")
            event.ignore()
            return
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        super().closeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the hidden corner in its corner."""
        super().resizeEvent(event)
        self.corner.place()

    # -- sound ----------------------------------------------------------------------------
    def _load_sound(self) -> None:
        """Prepare the touch sound after the first frame (QtMultimedia is slow to load)."""
        try:
            from ui.sound import SoundPlayer, blip_path, has_audio_output

            self._sound_path = blip_path(self.options.data_dir / "sounds")
            self._sound = SoundPlayer(self, volume=0.8)
            has_audio_output()  # loads the audio backend now, not on the first touch
        except Exception as e:
            log.warning("touch sound unavailable: %s", e)
            self._sound = None

    def _play_confirm(self) -> None:
        if self._sound is not None and self._sound_path is not None:
            self._sound.play(self._sound_path)
