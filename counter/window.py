"""The officer's main window: the ticket at the counter, the actions, the waiting list.

Keyboard first: F1 calls next (Space too, but only while the counter is free, so it
never closes a visit by accident), F2 recall, F3 start serving, F4 finish, F5 no-show,
F6 transfer, Enter (or a double-click) calls the ticket chosen in the waiting list, F8
pauses and resumes, Ctrl+L switches the language. A key whose action does not fit the
counter's state says why in the status line instead of doing nothing.

Calling while the visitor at the counter was called but never served asks first how
that visit ends: "A-004 belum mulai dilayani — F5 Tidak hadir · F4 Selesai" (Esc
cancels); F5 and F4 then close it that way and make the call.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counter import model
from counter.alert import WaitingSound
from counter.choosers import ChoiceDialog, pause_dialog, transfer_dialog
from counter.model import CounterView
from counter.session import ERROR, INFO, CounterSession
from counter.texts import counter_name
from counter.widgets import (
    ActionButton,
    ClosePrompt,
    CurrentTicketPanel,
    FiguresPanel,
    StatusLine,
    WaitingList,
    card,
)
from db.clock import utcnow
from db.records import OfficerInfo
from ui.backend import Backend
from ui.i18n import retranslate_on_switch, stop_retranslating, tr, translator
from ui.live import LiveFeed
from ui.theme import MUTED, WARNING
from ui.widgets import OfflineBanner, header_bar, header_controls

log = logging.getLogger("antrian.counter.window")

PROMPT_MS = 20_000  # the close prompt goes away by itself: a late F4 must not call anyone

# action -> (text key, key caption, shortcuts)
BUTTONS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    model.CALL_NEXT: ("counter.action.call_next", "F1 / {space}", ("F1",)),  # Space: only when free
    model.RECALL: ("counter.action.recall", "F2", ("F2",)),
    model.START: ("counter.action.start", "F3", ("F3",)),
    model.FINISH: ("counter.action.finish", "F4", ("F4",)),
    model.NO_SHOW: ("counter.action.no_show", "F5", ("F5",)),
    model.TRANSFER: ("counter.action.transfer", "F6", ("F6",)),
    model.CALL_CHOSEN: ("counter.action.call_chosen", "Enter", ("Return", "Enter")),
    model.PAUSE: ("counter.action.pause", "F8", ("F8",)),
}


class CounterWindow(QWidget):
    """The counter's main screen for one signed-in officer.

    ``ready`` is emitted once the first real data is on screen; ``sign_out_requested``
    when the officer presses "Keluar"; ``signed_out_elsewhere(name)`` when another
    officer took the counter over.
    """

    ready = Signal()
    sign_out_requested = Signal()
    signed_out_elsewhere = Signal(str)

    def __init__(
        self,
        backend: Backend,
        counter: int,
        officer: OfficerInfo,
        *,
        sound: WaitingSound | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("counterWindow")
        self.counter = counter
        self.officer = officer
        self.session = CounterSession(backend, counter, officer, self)
        self.sound = sound
        self.chooser: ChoiceDialog | None = None
        self._close_call: tuple[int, str] | None = None  # the call waiting on the close prompt
        self._ready = False
        self._build(backend.live)
        self._connect()
        self._shortcuts()
        self._tick = QTimer(self)
        self._tick.timeout.connect(self._on_tick)
        self._tick.start(1000)
        retranslate_on_switch(self)
        self._update_actions()
        self.session.refresh()

    # -- building ---------------------------------------------------------------------------------
    def _build(self, live: LiveFeed) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(self._header())
        self.banner = OfflineBanner(live, self, point_size=14)
        root.addWidget(self.banner)
        body = QHBoxLayout()
        body.setContentsMargins(16, 14, 16, 8)
        body.setSpacing(16)
        body.addLayout(self._left(), 1)
        body.addLayout(self._right(), 1)
        root.addLayout(body, 1)
        self.status = StatusLine()
        status_box = QHBoxLayout()
        status_box.setContentsMargins(16, 0, 16, 12)
        status_box.addWidget(self.status)
        root.addLayout(status_box)

    def _header(self) -> QWidget:
        bar, row = header_bar()
        self.counter_label = QLabel()
        self.counter_label.setObjectName("counterLabel")
        self.counter_label.setStyleSheet("font-size: 20pt; font-weight: bold;")
        self.officer_label = QLabel()
        self.officer_label.setStyleSheet("font-size: 13pt;")
        self.site_label = QLabel()
        self.site_label.setStyleSheet("font-size: 11pt; color: rgba(255,255,255,0.85);")
        who = QVBoxLayout()
        who.setSpacing(0)
        who.addWidget(self.officer_label)
        who.addWidget(self.site_label)
        self.clock, self.language_button, self.sign_out_button = header_controls()
        row.addWidget(self.counter_label)
        row.addLayout(who, 1)
        row.addWidget(self.clock)
        row.addWidget(self.language_button)
        row.addWidget(self.sign_out_button)
        return bar

    def _left(self) -> QVBoxLayout:
        left = QVBoxLayout()
        left.setSpacing(10)
        self.panel = CurrentTicketPanel()
        left.addWidget(self.panel, 1)
        self.cue = QLabel()
        self.cue.setObjectName("idleCue")
        self.cue.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cue.setWordWrap(True)
        self.cue.setStyleSheet(
            f"background: {WARNING}; color: white; font-size: 15pt; font-weight: bold; padding: 8px; border-radius: 8px;"
        )
        self.cue.hide()
        left.addWidget(self.cue)
        self.close_prompt = ClosePrompt()
        left.addWidget(self.close_prompt)
        self._prompt_timer = QTimer(self)
        self._prompt_timer.setSingleShot(True)
        self._prompt_timer.timeout.connect(self.cancel_close_prompt)
        grid = QGridLayout()
        grid.setSpacing(10)
        self.buttons: dict[str, ActionButton] = {}
        placement = {
            model.CALL_NEXT: (0, 0, 1, 2), model.RECALL: (0, 2, 1, 1), model.START: (0, 3, 1, 1),
            model.FINISH: (1, 0, 1, 1), model.NO_SHOW: (1, 1, 1, 1), model.TRANSFER: (1, 2, 1, 1),
            model.PAUSE: (1, 3, 1, 1),
        }
        for action, (r, c, rs, cs) in placement.items():
            button = ActionButton(action, BUTTONS[action][1], primary=action == model.CALL_NEXT)
            grid.addWidget(button, r, c, rs, cs)
            self.buttons[action] = button
        for c in range(4):
            grid.setColumnStretch(c, 1)
        left.addLayout(grid)
        return left

    def _right(self) -> QVBoxLayout:
        right = QVBoxLayout()
        right.setSpacing(10)
        box = card()
        inner = QVBoxLayout(box)
        inner.setContentsMargins(14, 10, 14, 12)
        inner.setSpacing(6)
        self.waiting_heading = QLabel()
        self.waiting_heading.setObjectName("waitingHeading")
        self.waiting_heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        inner.addWidget(self.waiting_heading)
        self.waiting_stack = QStackedWidget()
        self.waiting = WaitingList()
        self.waiting_empty = QLabel()
        self.waiting_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.waiting_empty.setStyleSheet(f"font-size: 14pt; color: {MUTED};")
        self.waiting_stack.addWidget(self.waiting)
        self.waiting_stack.addWidget(self.waiting_empty)
        inner.addWidget(self.waiting_stack, 1)
        self.waiting_hint = QLabel()
        self.waiting_hint.setWordWrap(True)
        self.waiting_hint.setStyleSheet(f"font-size: 10pt; color: {MUTED};")
        inner.addWidget(self.waiting_hint)
        chosen = ActionButton(model.CALL_CHOSEN, BUTTONS[model.CALL_CHOSEN][1])
        chosen.setMinimumHeight(64)
        chosen.setMaximumHeight(76)
        self.buttons[model.CALL_CHOSEN] = chosen
        inner.addWidget(chosen)
        right.addWidget(box, 1)
        self.figures = FiguresPanel()
        right.addWidget(self.figures)
        return right

    def _connect(self) -> None:
        s = self.session
        s.view_changed.connect(self._on_view)
        s.state_changed.connect(lambda _state: self._on_state())
        s.message.connect(self.status.show_message)
        s.busy_changed.connect(self._on_busy)
        s.visitor_waiting.connect(self._on_visitor_waiting)
        s.signed_out_elsewhere.connect(self.signed_out_elsewhere)
        s.close_choice_needed.connect(self._ask_close)
        self.close_prompt.chosen.connect(self._close_and_call)
        self.close_prompt.cancelled.connect(self.cancel_close_prompt)
        handlers: dict[str, Callable[[], None]] = {
            model.CALL_NEXT: s.call_next, model.RECALL: s.recall, model.START: s.start_service,
            model.FINISH: s.finish, model.NO_SHOW: s.no_show, model.TRANSFER: self.choose_transfer,
            model.CALL_CHOSEN: self.call_chosen, model.PAUSE: self.toggle_pause,
        }
        self._handlers = handlers
        for action, button in self.buttons.items():
            button.clicked.connect(lambda _checked=False, a=action: self.trigger(a))
        self.waiting.call_requested.connect(lambda ticket_id, label: self._call_ticket(ticket_id, label))
        self.waiting.itemSelectionChanged.connect(self._update_actions)
        self.language_button.clicked.connect(translator().toggle)
        self.sign_out_button.clicked.connect(self.sign_out_requested)

    def _shortcuts(self) -> None:
        self.shortcuts: list[QShortcut] = []
        for action, (_key, _cap, keys) in BUTTONS.items():
            for key in keys:
                sc = QShortcut(QKeySequence(key), self)
                sc.setContext(Qt.ShortcutContext.WindowShortcut)
                sc.setAutoRepeat(False)  # a held key must not call visitor after visitor
                sc.activated.connect(lambda a=action: self.trigger(a))
                self.shortcuts.append(sc)
        for key, slot in (("Space", self.call_when_free), ("Escape", self.cancel_close_prompt)):
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.ShortcutContext.WindowShortcut)
            sc.setAutoRepeat(False)
            sc.activated.connect(slot)
            self.shortcuts.append(sc)
        lang = QShortcut(QKeySequence("Ctrl+L"), self)
        lang.activated.connect(translator().toggle)
        self.shortcuts.append(lang)

    # -- actions ----------------------------------------------------------------------------------
    def trigger(self, action: str) -> None:
        """Run an action by its name, as its key or button does.

        While the close prompt is open, F5 (no-show) and F4 (finish) answer it; calling
        again leaves it open; any other action closes it first.
        """
        if self._close_call is not None:
            if action in (model.NO_SHOW, model.FINISH):
                self._close_and_call("no_show" if action == model.NO_SHOW else "done")
                return
            if action in (model.CALL_NEXT, model.CALL_CHOSEN):
                self.session.message.emit(tr("counter.close.prompt", label=self.close_prompt.label), INFO)
                return
            self.cancel_close_prompt()
        self._handlers[action]()

    def call_when_free(self) -> None:
        """Space: call next, only while nobody is at the counter (it never closes a visit)."""
        if self.session.state == model.IDLE or self.session.current is None:
            self.trigger(model.CALL_NEXT)
        else:
            self.session.message.emit(tr("counter.why.space_idle"), ERROR)

    def _ask_close(self, label: str, ticket_id: int, chosen_label: str) -> None:
        """The session asks how the visit ``label`` ends before calling (ticket 0: next)."""
        self._close_call = (ticket_id, chosen_label)
        self.close_prompt.ask(label)
        self._prompt_timer.start(PROMPT_MS)
        log.info("asked how %s ends", label, extra={"event": "close_asked", "label": label, "counter": self.counter})

    def _close_and_call(self, close_as: str) -> None:
        """The officer answered the prompt: close the visit as ``close_as`` and make the call."""
        target = self._close_call
        self.cancel_close_prompt()
        if target is None:
            return
        ticket_id, label = target
        if ticket_id:
            self.session.call_ticket(ticket_id, label, close_as=close_as)
        else:
            self.session.call_next(close_as=close_as)

    def cancel_close_prompt(self) -> None:
        """Close the prompt without calling anyone (Esc, another action, or after a while)."""
        self._close_call = None
        self._prompt_timer.stop()
        self.close_prompt.hide()

    def call_chosen(self) -> None:
        """Call the ticket chosen in the waiting list (Enter)."""
        chosen = self.waiting.selected_ticket()
        if chosen is None:
            self.session.message.emit(tr("counter.why.no_selection"), ERROR)
            return
        self._call_ticket(chosen.id, chosen.label)

    def _call_ticket(self, ticket_id: int, label: str) -> None:
        self.session.call_ticket(ticket_id, label)

    def choose_transfer(self) -> None:
        """F6: ask which service to send the visitor to, then transfer."""
        why = self.session.blocked(model.TRANSFER)
        current = self.session.current
        if why is not None or current is None or self.session.view is None:
            self.session.message.emit(tr(why or "counter.why.no_visitor", label=""), ERROR)
            return
        dialog = transfer_dialog(current.label, current.service_code, self.session.view.services, self)
        if not dialog.values():
            self.session.message.emit(tr("counter.transfer.none"), ERROR)
            dialog.deleteLater()
            return
        dialog.chosen.connect(self.session.transfer)
        self._open_chooser(dialog)

    def toggle_pause(self) -> None:
        """F8: resume a paused counter, or ask for the reason and pause it (not while a
        visitor is called or being served: "Selesaikan A-004 dulu")."""
        why = self.session.blocked(model.PAUSE)
        if why is not None:
            current = self.session.current
            self.session.message.emit(tr(why, label=current.label if current else ""), ERROR)
            return
        if self.session.paused:
            self.session.resume()
            return
        dialog = pause_dialog(self)
        dialog.chosen.connect(self.session.pause)
        self._open_chooser(dialog)

    def _open_chooser(self, dialog: ChoiceDialog) -> None:
        self.chooser = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.finished.connect(lambda _r: self._chooser_closed(dialog))
        dialog.open()

    def _chooser_closed(self, dialog: ChoiceDialog) -> None:
        if self.chooser is dialog:
            self.chooser = None
        dialog.close()
        self.window().activateWindow()  # the keys belong to the counter again

    # -- showing ----------------------------------------------------------------------------------
    def _now(self) -> datetime:
        """Now by the office clock (see :meth:`CounterView.now`); this PC's clock before the first read."""
        view = self.session.view
        return view.now() if view is not None else utcnow()

    def _on_view(self, view: CounterView) -> None:
        now = view.now()
        current = view.current
        if self._close_call is not None and (current is None or current.label != self.close_prompt.label
                                              or current.status != model.CALLED):
            self.cancel_close_prompt()  # the visit the prompt asks about has moved on
        service = view.service(current.service_code) if current else None
        self.panel.show_state(self.session.state, current, service.colour if service else None,
                              view.counter.pause_reason, now, view.timezone)
        self.waiting.show_tickets(view, now)
        self.waiting_stack.setCurrentWidget(self.waiting if view.waiting else self.waiting_empty)
        self.waiting_heading.setText(tr("counter.waiting.heading", n=len(view.waiting)))
        self.figures.show_figures(view.figures)
        if view.site_name and self.site_label.text() != view.site_name:
            self.site_label.setText(view.site_name)
        if self.clock.tz.key != view.timezone:
            self.clock.set_timezone(view.timezone)
        self._update_actions()
        self._maybe_ready()

    def _maybe_ready(self) -> None:
        """Emit ``ready`` once: real data on screen and the database connected."""
        if not self._ready and self.session.view is not None and self.session.online:
            self._ready = True
            QTimer.singleShot(0, self.ready.emit)

    def _on_state(self) -> None:
        view = self.session.view
        if view is not None:
            current = view.current
            service = view.service(current.service_code) if current else None
            self.panel.show_state(self.session.state, current, service.colour if service else None,
                                  view.counter.pause_reason, view.now(), view.timezone)
        self._update_actions()
        self._maybe_ready()

    def _update_actions(self) -> None:
        has_selection = self.waiting.selected_ticket() is not None
        for action, button in self.buttons.items():
            button.setEnabled(self.session.blocked(action, has_selection) is None)
        pause_key = "counter.action.resume" if self.session.paused else "counter.action.pause"
        self.buttons[model.PAUSE].set_texts(tr(pause_key))
        key, cap, _keys = BUTTONS[model.CALL_NEXT]
        free = self.session.state == model.IDLE
        self.buttons[model.CALL_NEXT].set_texts(tr(key), cap.format(space=tr("counter.key.space")) if free else "F1")
        view = self.session.view
        show_cue = self.session.state == model.IDLE and bool(view and view.waiting)
        self.cue.setVisible(show_cue)

    def _on_busy(self, busy: bool) -> None:
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def _on_visitor_waiting(self, count: int) -> None:
        self._update_actions()
        window = self.window()
        QApplication.alert(window, 0)
        if self.sound is not None:
            self.sound.play()
        log.info("%d waiting at idle counter %d", count, self.counter,
                 extra={"event": "visitor_waiting", "counter": self.counter, "waiting": count})

    def _on_tick(self) -> None:
        now = self._now()
        self.panel.tick(now)
        self.waiting.tick(now)

    def translate_ui(self) -> None:
        """Every text in the current language."""
        self.counter_label.setText(counter_name(self.counter))
        self.officer_label.setText(self.officer.display_name)
        self.language_button.setText(tr("counter.language"))
        self.sign_out_button.setText(tr("counter.sign_out"))
        space = tr("counter.key.space")
        for action, button in self.buttons.items():
            key, cap, _keys = BUTTONS[action]
            button.set_texts(tr(key), cap.format(space=space))
        self.waiting.retranslate()
        self.waiting_hint.setText(tr("counter.waiting.hint"))
        self.waiting_empty.setText(tr("counter.waiting.empty"))
        self.cue.setText(tr("counter.cue"))
        self.close_prompt.retranslate()
        self.figures.retranslate()
        view = self.session.view
        if view is not None:
            self.waiting_heading.setText(tr("counter.waiting.heading", n=len(view.waiting)))
            self._on_state()
        else:
            self.waiting_heading.setText(tr("counter.waiting.heading", n=0))
            self.panel.show_state(self.session.state, None, None, None, utcnow())
        self._update_actions()
        self.setWindowTitle(f"{tr('counter.title')} — {counter_name(self.counter)} — {self.officer.display_name}")

    def shutdown(self) -> None:
        """Stop timers and feed reactions (before the window is dropped)."""
        self._tick.stop()
        self._prompt_timer.stop()
        self.session.close()
        stop_retranslating(self)
