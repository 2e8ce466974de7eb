"""The screen after a touch: the new number (or why there is none), then back to home.

Touches are ignored for ``arm_ms`` after it appears, so the second tap of a double touch
does not dismiss the number before anyone has read it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from db.records import IssuedTicket
from kiosk.fit import ScaledScreen, fit_point_size, keep_words, make_font
from kiosk.texts import names, refusal_text
from ui.i18n import retranslate_on_switch, tr
from ui.theme import ACCENT, DANGER, INK, MUTED, OK, WARNING, mm, restyle, text_colour_on
from ui.waittext import wait_text

# What the status pill says about the paper ticket.
PRINTING, PRINTED, PRINT_FAULT, PRINT_OFF = "printing", "printed", "fault", "off"
_PRINT_TEXT = {PRINTING: "kiosk.printing", PRINTED: "kiosk.take_ticket", PRINT_FAULT: "kiosk.printer_fault",
               PRINT_OFF: "kiosk.no_printer"}
_PRINT_COLOUR = {PRINTING: MUTED, PRINTED: OK, PRINT_FAULT: DANGER, PRINT_OFF: ACCENT}
_TINTS = {ACCENT: "#e8eefb", WARNING: "#fff1e0"}  # the note's background for its colour


class ConfirmationScreen(ScaledScreen):
    """Shows one issued ticket, a refusal or a failure; emits ``dismissed`` on a touch."""

    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None, *, arm_ms: int = 1000) -> None:
        super().__init__(parent)
        self.setObjectName("confirmation")
        self.setMinimumSize(200, 200)  # never let the text's size push the window off the screen
        self.mode = "ticket"  # ticket, refused, failed
        self.issued: IssuedTicket | None = None
        self.print_state = PRINTING
        self.refusal: tuple[str, str, str, datetime | None] | None = None  # reason, name_id, name_en, opens_next
        self.failure = "error"
        self.note: Callable[[], str] | None = None  # a line about the ticket (a booking's time), in the current language
        self.note_colour = ACCENT
        self.seconds_left = 0
        self._armed = QTimer(self)
        self._armed.setSingleShot(True)
        self._armed.setInterval(arm_ms)

        self.card = QFrame(self)
        self.card.setObjectName("card")
        self._build_band()
        self._build_labels()
        self._build_layout()
        retranslate_on_switch(self)

    def _build_band(self) -> None:
        """The coloured band at the top of the card: the service's name in both languages."""
        self.band = QFrame(self.card)
        self.band.setObjectName("band")
        self.service = QLabel(self.band)
        self.service.setObjectName("serviceName")
        self.service_other = QLabel(self.band)
        self.service_other.setObjectName("serviceOther")
        for label in (self.service, self.service_other):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
        band_layout = QVBoxLayout(self.band)
        band_layout.addWidget(self.service)
        band_layout.addWidget(self.service_other)
        self.band_layout = band_layout

    def _build_labels(self) -> None:
        """Every label of the card below the band, and the done button."""
        self.caption = QLabel(self.card)
        self.caption.setObjectName("caption")
        self.number = QLabel(self.card)
        self.number.setObjectName("number")
        self.symbol = QLabel(self.card)  # in place of the number when there is none
        self.symbol.setObjectName("symbol")
        self.priority = QLabel(self.card)
        self.priority.setObjectName("priorityBadge")
        self.note_label = QLabel(self.card)  # "Booking pukul 09.30 WIB" under the number
        self.note_label.setObjectName("ticketNote")
        # People ahead and the wait: a caption over a large figure each, side by side.
        self.ahead_caption = QLabel(self.card)
        self.ahead_caption.setObjectName("aheadCaption")
        self.ahead = QLabel(self.card)
        self.ahead.setObjectName("ahead")
        self.wait_caption = QLabel(self.card)
        self.wait_caption.setObjectName("waitCaption")
        self.wait = QLabel(self.card)
        self.wait.setObjectName("wait")
        self.status = QLabel(self.card)
        self.status.setObjectName("printStatus")
        self.hint = QLabel(self.card)
        self.hint.setObjectName("hint")
        self.done = QPushButton(self.card)
        self.done.setObjectName("done")
        self.done.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.done.clicked.connect(self._touched)
        self.countdown = QLabel(self.card)
        self.countdown.setObjectName("countdown")
        for label in (self.caption, self.number, self.symbol, self.priority, self.note_label, self.ahead_caption, self.ahead,
                      self.wait_caption, self.wait, self.status, self.hint, self.countdown):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(label is not self.number)
        self.number.setStyleSheet(f"color: {INK};")
        self.caption.setStyleSheet(f"color: {MUTED};")
        self.hint.setStyleSheet(f"color: {MUTED};")
        self.countdown.setStyleSheet(f"color: {MUTED};")
        self.ahead.setStyleSheet(f"color: {INK};")
        self.wait.setStyleSheet(f"color: {INK};")
        self.ahead_caption.setStyleSheet(f"color: {INK};")
        self.wait_caption.setStyleSheet(f"color: {INK};")

    def _build_layout(self) -> None:
        """People ahead and the wait side by side, the rest stacked, the card in the screen."""
        figures = QGridLayout()
        figures.addWidget(self.ahead_caption, 0, 0)
        figures.addWidget(self.ahead, 1, 0)
        figures.addWidget(self.wait_caption, 0, 1)
        figures.addWidget(self.wait, 1, 1)
        figures.setColumnStretch(0, 2)
        figures.setColumnStretch(1, 3)
        self.figures = figures

        inner = QVBoxLayout()
        inner.addWidget(self.caption)
        inner.addWidget(self.number)
        inner.addWidget(self.symbol)
        inner.addWidget(self.priority, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addWidget(self.note_label)
        inner.addLayout(figures)
        inner.addStretch(1)
        inner.addWidget(self.status)
        inner.addWidget(self.hint)
        inner.addStretch(1)
        inner.addWidget(self.done, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addWidget(self.countdown)
        self.inner = inner
        card_layout = QVBoxLayout(self.card)
        card_layout.setContentsMargins(0, 0, 0, 0)
        card_layout.addWidget(self.band)
        card_layout.addLayout(inner, 1)
        self.outer = QVBoxLayout(self)
        self.outer.addWidget(self.card)
        self.card.setStyleSheet("#card { background: white; border-radius: 18px; }")

    # -- what to show ---------------------------------------------------------------------
    def show_ticket(self, issued: IssuedTicket, print_state: str = PRINTING, *,
                    note: Callable[[], str] | None = None, note_colour: str = ACCENT) -> None:
        """A new number: the big label, service, people ahead and estimated wait; ``note`` words
        a line under the number (a booked ticket's time), ``note_colour`` its background."""
        self.mode, self.issued, self.print_state = "ticket", issued, print_state
        self.note, self.note_colour = note, note_colour
        self._arm()
        self.translate_ui()

    def set_print_state(self, ticket_id: int, state: str) -> None:
        """What became of the paper copy of ``ticket_id`` (ignored for an older ticket)."""
        if self.mode == "ticket" and self.issued is not None and self.issued.ticket.id == ticket_id:
            self.print_state = state
            self.translate_ui()

    def show_refusal(self, reason: str, name_id: str, name_en: str, opens_next: datetime | None) -> None:
        """No number: the service is closed (``opens_next``: when it opens), full for the day or not available."""
        self.mode, self.issued, self.refusal = "refused", None, (reason, name_id, name_en, opens_next)
        self._arm()
        self.translate_ui()

    def show_failure(self, kind: str) -> None:
        """No number: the database could not be reached (``offline``) or something broke."""
        self.mode, self.issued, self.failure = "failed", None, kind
        self._arm()
        self.translate_ui()

    def set_countdown(self, seconds: int) -> None:
        """Seconds until the screen goes back home."""
        self.seconds_left = seconds
        self.countdown.setText(tr("kiosk.returning", n=seconds) if seconds > 0 else "")

    def texts(self) -> list[str]:
        """Every visible text, top to bottom (tests read this)."""
        return [w.text() for w in (self.service, self.service_other, self.caption, self.number, self.priority,
                                   self.note_label,
                                   self.ahead_caption, self.ahead, self.wait_caption, self.wait, self.status,
                                   self.hint, self.done, self.countdown)
                if w.isVisible() and w.text()]

    # -- touches --------------------------------------------------------------------------
    def _arm(self) -> None:
        self._armed.start()

    def armed(self) -> bool:
        """Whether a touch now would dismiss the screen."""
        return not self._armed.isActive()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A touch anywhere goes back home (once armed)."""
        self._touched()
        event.accept()

    def _touched(self) -> None:
        if self.armed():
            self.dismissed.emit()

    # -- drawing --------------------------------------------------------------------------
    def translate_ui(self) -> None:
        """Fill every label for the current mode and language."""
        ticket_mode = self.mode == "ticket" and self.issued is not None
        for w in (self.caption, self.number, self.ahead_caption, self.ahead, self.wait_caption, self.wait):
            w.setVisible(ticket_mode)
        self.symbol.setVisible(not ticket_mode)
        self.note_label.setVisible(ticket_mode and self.note is not None)
        self.priority.setVisible(bool(ticket_mode and self.issued and self.issued.ticket.priority))
        if ticket_mode:
            assert self.issued is not None
            t = self.issued.ticket
            first, second = names(t.service_name_id, t.service_name_en)
            self._band(keep_words(first), keep_words(second), self._service_colour)
            self.caption.setText(tr("kiosk.your_number"))
            self.number.setText(t.label)
            self.priority.setText(tr("kiosk.priority_badge"))
            note = self.note() if self.note is not None else ""
            self.note_label.setText(note)
            self.ahead_caption.setText(tr("kiosk.ahead_caption"))
            self.ahead.setText(str(self.issued.people_ahead))
            self.wait_caption.setText(tr("kiosk.wait_caption"))
            self.wait.setText(wait_text(self.issued.wait))
            self._status(tr(_PRINT_TEXT[self.print_state]), _PRINT_COLOUR[self.print_state])
            self.hint.setText(tr("kiosk.please_sit"))
            self.done.setText(tr("kiosk.done"))
        elif self.mode == "refused" and self.refusal is not None:
            reason, name_id, name_en, opens_next = self.refusal
            first, _ = names(name_id, name_en)
            self._band(tr("kiosk.refused_title"), "", WARNING)
            self._symbol("⚠", WARNING)
            self._status(refusal_text(reason, first, opens_next), WARNING)
            self.hint.setText(tr("kiosk.ask_officer"))
            self.done.setText(tr("kiosk.back"))
        else:
            self._band(tr("kiosk.failed_title"), "", DANGER)
            self._symbol("⚠", DANGER)
            self._status(tr("kiosk.failed_offline" if self.failure == "offline" else "kiosk.failed_error"), DANGER)
            # The offline sentence already sends the visitor to an officer.
            self.hint.setText("" if self.failure == "offline" else tr("kiosk.ask_officer"))
            self.done.setText(tr("kiosk.back"))
        self.set_countdown(self.seconds_left)
        self._apply_scale()

    _service_colour = ACCENT

    def set_service_colour(self, colour: str) -> None:
        """The band's colour for the next ticket (the service's button colour)."""
        self._service_colour = colour or ACCENT

    def _band(self, first: str, second: str, colour: str) -> None:
        ink = text_colour_on(colour)
        restyle(self.band,
                f"#band {{ background: {colour}; border-top-left-radius: 18px; border-top-right-radius: 18px; }}"
                f"QLabel {{ color: {ink}; }}")
        self.service.setText(first)
        self.service_other.setText(second)
        self.service_other.setVisible(bool(second))

    def _symbol(self, text: str, colour: str) -> None:
        self.symbol.setText(text)
        restyle(self.symbol, f"color: {colour};")

    def _status(self, text: str, colour: str) -> None:
        self.status.setText(text)
        r = round(12 * self.scale)
        restyle(self.status,
                f"background: {colour}; color: {text_colour_on(colour)}; border-radius: {r}px;"
                f" padding: {round(10 * self.scale)}px {round(20 * self.scale)}px;")

    def _scale_to(self, s: float) -> None:
        m = round(24 * s)
        self.outer.setContentsMargins(m, m, m, m)
        self.band_layout.setContentsMargins(m, round(14 * s), m, round(14 * s))
        self.inner.setContentsMargins(m, round(10 * s), m, m)
        self.inner.setSpacing(round(8 * s))
        width = max(200.0, self.width() - 4 * m)
        self.service.setFont(make_font(fit_point_size(self.service.text(), width, 200 * s, 30 * s, 16 * s,
                                                      bold=True, max_lines=2), True))
        self.service_other.setFont(make_font(18 * s))
        self.caption.setFont(make_font(22 * s))
        # The number: as big as the card allows, one line.
        number_h = max(60.0, self.height() * (0.2 if self.note_label.isVisibleTo(self) else 0.24))  # room for a note
        self.number.setFont(make_font(fit_point_size(self.number.text() or "A-000", width, number_h, 130 * s, 40 * s,
                                                     bold=True, max_lines=1), True))
        self.symbol.setFont(make_font(min(90 * s, number_h * 0.5), True))
        self.priority.setFont(make_font(18 * s, True))
        self.note_label.setFont(make_font(22 * s, True))
        # A tint of the colour, not the colour itself: the print status below is a solid pill.
        restyle(self.note_label,
                f"background: {_TINTS.get(self.note_colour, 'white')}; color: {INK};"
                f" border: 3px solid {self.note_colour}; border-radius: {round(10 * s)}px;"
                f" padding: {round(8 * s)}px {round(16 * s)}px; margin-bottom: {round(10 * s)}px;")
        restyle(self.priority,
                f"background: {INK}; color: white; border-radius: {round(8 * s)}px; padding: 4px {round(16 * s)}px;")
        self.ahead_caption.setFont(make_font(18 * s))
        self.wait_caption.setFont(make_font(18 * s))
        self.figures.setHorizontalSpacing(m)
        self.ahead.setFont(make_font(44 * s, True))
        # The wait is words ("sekitar 20–30 menit"): as large as its column allows, up to two lines.
        wait_w = (width - m) * 0.6
        self.wait.setFont(make_font(fit_point_size(self.wait.text() or "sekitar 20–30 menit", wait_w, 200 * s,
                                                   34 * s, 16 * s, bold=True, max_lines=2), True))
        self.status.setFont(make_font(24 * s, True))
        self.hint.setFont(make_font(18 * s))
        self.countdown.setFont(make_font(16 * s))
        self.done.setFont(make_font(20 * s, True))
        self.done.setMinimumSize(max(mm(self, 50), round(280 * s)), max(mm(self, 20), round(76 * s)))
        restyle(self.done,
                f"QPushButton {{ background: {ACCENT}; color: white; border: none; border-radius: {round(12 * s)}px;"
                f" padding: 6px {round(24 * s)}px; }} QPushButton:pressed {{ background: #0a3578; }}")
