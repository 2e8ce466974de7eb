"""What a booking code that gives no number means for the visitor, and the page that says it.

:func:`wording` turns the core's :class:`db.booking.CheckIn` (``early``, ``missed``, ``used``,
``cancelled``, ``unknown``, ``invalid``, ``unavailable``) or a failure (``offline``,
``error``) into a title, a sentence and a detail line in the current language;
:class:`BookingResultScreen` shows them large, with "Kembali" and, where a typing slip
is likely, "Ketik ulang kode". It returns home by itself after ``kiosk_return_seconds``.
:func:`clock_at` and :func:`booked_note` word the booked time on a ticket's confirmation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from db.booking import BookingInfo, CheckIn
from db.sitetime import zone
from kiosk.fit import ScaledScreen, make_font
from kiosk.texts import names
from ui.i18n import retranslate_on_switch, tr, translator
from ui.theme import ACCENT, DANGER, INK, MUTED, WARNING, mm, restyle, text_colour_on
from ui.waittext import clock_text, zone_abbreviation

ARM_MS = 1000  # touches right after the page appears are the scan's or the "Cek" touch's echo
RETYPE = frozenset({"unknown", "invalid"})  # a typing slip is likely: offer the keypad again


def clock_at(moment: datetime, tz: str) -> str:
    """``09.30 WIB`` (English ``09:30 WIB``): ``moment`` (UTC) at the site."""
    local = moment.astimezone(zone(tz))
    return f"{clock_text(local)} {zone_abbreviation(local)}".strip()


def day_at(moment: datetime, tz: str) -> str:
    """``Rabu, 4 Maret 2026``: the site's date of ``moment`` in the current language."""
    return translator().date_text(moment.astimezone(zone(tz)).date())


def booked_note(result: CheckIn, tz: str) -> str:
    """The line under a number a booking code gave (issued, reprint, late); "" for none."""
    info, issued = result.booking, result.issued
    if info is None or issued is None:
        return ""
    if result.outcome == "issued":
        return tr("kiosk.booking_at", time=clock_at(info.booked_at, tz))
    if result.outcome == "reprint":
        return tr("kiosk.booking_reprint", label=issued.ticket.label)
    if result.outcome == "late":
        return tr("kiosk.booking_late", time=clock_at(info.booked_at, tz))
    return ""


@dataclass(frozen=True)
class Wording:
    """What the result page says: a title, the sentence, a detail line, and its colour."""

    title: str
    text: str
    detail: str
    colour: str


def _booked_for(info: BookingInfo | None, tz: str) -> str:
    if info is None:
        return ""
    service, _ = names(info.service_name_id, info.service_name_en)
    return tr("kiosk.booking_booked_for", service=service, date=day_at(info.booked_at, tz),
              time=clock_at(info.booked_at, tz))


def wording(outcome: str, result: CheckIn | None, code: str, tz: str, now: datetime) -> Wording:
    """The page's texts for ``outcome`` (the core's, or ``offline``/``error`` when there is no ``result``)."""
    info = result.booking if result is not None else None
    shown = f"{code[:3]} {code[3:]}" if len(code) == 6 else code
    if outcome == "early" and result is not None and result.opens_at is not None:
        opens = result.opens_at
        same_day = opens.astimezone(zone(tz)).date() == now.astimezone(zone(tz)).date()
        text = (tr("kiosk.booking_early", time=clock_at(opens, tz)) if same_day
                else tr("kiosk.booking_early_day", date=day_at(opens, tz), time=clock_at(opens, tz)))
        return Wording(tr("kiosk.booking_early_title"), text, _booked_for(info, tz), ACCENT)
    if outcome == "missed" and info is not None:
        return Wording(tr("kiosk.booking_missed_title"), tr("kiosk.booking_missed", date=day_at(info.booked_at, tz)),
                       _booked_for(info, tz), WARNING)
    if outcome == "used":
        label = (info.ticket_label if info else None) or "—"
        return Wording(tr("kiosk.booking_used_title"), tr("kiosk.booking_used", label=label), "", WARNING)
    if outcome == "cancelled":
        return Wording(tr("kiosk.booking_cancelled_title"), tr("kiosk.booking_cancelled", code=shown),
                       _booked_for(info, tz), WARNING)
    if outcome == "invalid":
        return Wording(tr("kiosk.booking_invalid_title"), tr("kiosk.booking_invalid", code=shown), "", DANGER)
    if outcome == "unavailable" and info is not None:
        service, _ = names(info.service_name_id, info.service_name_en)
        key = "kiosk.refused_closed" if result is not None and result.reason == "closed" else "kiosk.refused_inactive"
        return Wording(tr("kiosk.booking_unavailable_title"), tr(key, name=service), _booked_for(info, tz), WARNING)
    if outcome == "offline":
        return Wording(tr("kiosk.failed_title"), tr("kiosk.failed_offline"), "", DANGER)
    if outcome == "error":
        return Wording(tr("kiosk.failed_title"), tr("kiosk.failed_error"), "", DANGER)
    return Wording(tr("kiosk.booking_unknown_title"), tr("kiosk.booking_unknown", code=shown), "", DANGER)


class BookingResultScreen(ScaledScreen):
    """A booking code's answer when it gives no number; ``dismissed`` to go home, ``retype`` for the keypad."""

    dismissed = Signal()
    retype = Signal()

    def __init__(self, parent: QWidget | None = None, *, arm_ms: int = ARM_MS) -> None:
        super().__init__(parent)
        self.setObjectName("bookingResult")
        self.setMinimumSize(200, 200)
        self.outcome = ""
        self.result: CheckIn | None = None
        self.code = ""
        self.tz = "Asia/Jakarta"
        self.now = datetime.now().astimezone()
        self.seconds_left = 0
        self.colour = ACCENT
        self._armed = QTimer(self)
        self._armed.setSingleShot(True)
        self._armed.setInterval(arm_ms)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._count_down)
        self._build()
        retranslate_on_switch(self)

    def _build(self) -> None:
        self.card = QFrame(self)
        self.card.setObjectName("bookingCard")
        self.card.setStyleSheet("#bookingCard { background: white; border-radius: 18px; }")
        self.band = QLabel(self.card)
        self.band.setObjectName("bookingResultTitle")
        self.symbol = QLabel(self.card)
        self.symbol.setObjectName("bookingSymbol")
        self.text = QLabel(self.card)
        self.text.setObjectName("bookingResultText")
        self.detail = QLabel(self.card)
        self.detail.setObjectName("bookingResultDetail")
        self.hint = QLabel(self.card)
        self.hint.setObjectName("bookingResultHint")
        self.countdown = QLabel(self.card)
        self.countdown.setObjectName("bookingCountdown")
        for label in (self.band, self.symbol, self.text, self.detail, self.hint, self.countdown):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
        for label, colour in ((self.text, INK), (self.detail, INK), (self.hint, MUTED), (self.countdown, MUTED)):
            label.setStyleSheet(f"color: {colour};")
        self.again = QPushButton(self.card)
        self.again.setObjectName("bookingRetype")
        self.back = QPushButton(self.card)
        self.back.setObjectName("bookingBack")
        for button in (self.again, self.back):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.back.clicked.connect(self._leave)
        self.again.clicked.connect(self._retype)

        body = QVBoxLayout()
        body.addStretch(1)
        for label in (self.symbol, self.text, self.detail, self.hint):
            body.addWidget(label)
        body.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.again)
        buttons.addWidget(self.back)
        buttons.addStretch(1)
        body.addLayout(buttons)
        body.addWidget(self.countdown)
        self.body = body
        card = QVBoxLayout(self.card)
        card.setContentsMargins(0, 0, 0, 0)
        card.addWidget(self.band)
        card.addLayout(body, 1)
        self.outer = QVBoxLayout(self)
        self.outer.addWidget(self.card)

    def show_result(self, outcome: str, result: CheckIn | None, code: str, tz: str, now: datetime,
                    seconds: int) -> None:
        """Say what ``outcome`` means for the code ``code``; home again after ``seconds``."""
        self.outcome, self.result, self.code, self.tz, self.now = outcome, result, code, tz, now
        self.seconds_left = max(1, seconds)
        self.again.setVisible(outcome in RETYPE)
        self.translate_ui()
        self._armed.start()
        self._tick.start()

    def stop(self) -> None:
        """No more counting down (the page is left)."""
        self._tick.stop()

    def message_text(self) -> str:
        """The title and the sentences as shown, one line each (tests and logs)."""
        return "\n".join(t for t in (self.band.text(), self.text.text(), self.detail.text(), self.hint.text()) if t)

    def translate_ui(self) -> None:
        """Every text in the current language."""
        words = wording(self.outcome, self.result, self.code, self.tz, self.now)
        self.colour = words.colour
        self.band.setText(words.title)
        restyle(self.band, f"background: {words.colour}; color: {text_colour_on(words.colour)};"
                           " border-top-left-radius: 18px; border-top-right-radius: 18px;")
        self.symbol.setText("◷" if self.outcome == "early" else "⚠")  # glyphs the theme font has
        restyle(self.symbol, f"color: {words.colour};")
        self.text.setText(words.text)
        self.detail.setText(words.detail)
        self.detail.setVisible(bool(words.detail))
        self.hint.setText(tr("kiosk.ask_officer"))
        self.again.setText(tr("kiosk.booking_retype"))
        self.back.setText(tr("kiosk.back"))
        self._show_countdown()
        self._apply_scale()

    def _show_countdown(self) -> None:
        self.countdown.setText(tr("kiosk.returning", n=self.seconds_left))

    def _count_down(self) -> None:
        self.seconds_left -= 1
        if self.seconds_left <= 0:
            self._leave()
        else:
            self._show_countdown()

    def _leave(self) -> None:
        self._tick.stop()
        self.dismissed.emit()

    def _retype(self) -> None:
        self._tick.stop()
        self.retype.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A touch anywhere (after the first second) goes home."""
        if not self._armed.isActive():
            self._leave()
        event.accept()

    def _scale_to(self, s: float) -> None:
        m = round(24 * s)
        self.outer.setContentsMargins(m, m, m, m)
        self.body.setContentsMargins(m * 2, m, m * 2, m)
        self.body.setSpacing(round(16 * s))
        pad = round(18 * s)
        self.band.setContentsMargins(pad, pad, pad, pad)
        self.band.setFont(make_font(30 * s, True))
        self.symbol.setFont(make_font(80 * s, True))
        self.text.setFont(make_font(30 * s, True))
        self.detail.setFont(make_font(22 * s))
        self.hint.setFont(make_font(20 * s))
        self.countdown.setFont(make_font(16 * s))
        touch = max(mm(self, 20), round(76 * s))
        r = round(12 * s)
        for button in (self.again, self.back):
            button.setFont(make_font(20 * s, True))
            button.setMinimumSize(max(mm(self, 50), round(280 * s)), touch)
        restyle(self.back,
                f"QPushButton {{ background: {ACCENT}; color: white; border: none; border-radius: {r}px;"
                f" padding: 6px {round(24 * s)}px; }} QPushButton:pressed {{ background: #0a3578; }}")
        restyle(self.again,
                f"QPushButton {{ background: white; color: {INK}; border: 3px solid {MUTED}; border-radius: {r}px;"
                f" padding: 6px {round(24 * s)}px; }} QPushButton:pressed {{ background: #e3e8ef; }}")
