"""One officer's session at one counter: the actions, the live view, the faults.

Every database call goes through the task runner; results come back on the UI thread.
One action runs at a time: a "call next" pressed while another action runs is queued and
runs right after it (finish, then call); a second call while a call is on its way, or any
other press meanwhile, is refused with a message, never silently.
The view is re-read after each action and whenever the change feed reports a commit,
through a :class:`ui.reader.SnapshotReader` (at most one read in flight, plus one more if
something changed meanwhile).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from counter import model
from counter.model import CounterView
from counter.texts import error_text, ticket_service_name
from db import queue
from db.errors import AntrianError, DatabaseUnavailable, VisitNotStarted
from db.records import CallResult, OfficerInfo, TicketInfo, TicketStatus
from ui.backend import Backend
from ui.i18n import tr
from ui.reader import SnapshotReader

log = logging.getLogger("antrian.counter")

R = TypeVar("R")  # what an action's core call returns

INFO, SUCCESS, ERROR = "info", "success", "error"
_CALLS = (model.CALL_NEXT, model.CALL_CHOSEN)


class CounterSession(QObject):
    """The counter's state and actions; widgets only show it and forward key presses."""

    view_changed = Signal(object)  # CounterView
    state_changed = Signal(str)  # offline, paused, idle, called, serving
    message = Signal(str, str)  # text, level (info, success, error)
    busy_changed = Signal(bool)
    visitor_waiting = Signal(int)  # idle counter, and someone started waiting
    ticket_shown = Signal(str)  # the label now at the counter ("" for nobody)
    signed_out_elsewhere = Signal(str)  # another officer took the counter (their name, or "")
    action_finished = Signal(str, bool)  # action, succeeded
    # Calling would close a visit only called: (its label, the ticket id to call or 0 for
    # "next", that ticket's label). The window asks the officer: no-show or done.
    close_choice_needed = Signal(str, int, str)

    def __init__(
        self,
        backend: Backend,
        counter: int,
        officer: OfficerInfo,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = backend.db
        self.runner = backend.runner
        self.live = backend.live
        self.counter = counter
        self.officer = officer
        self.view: CounterView | None = None
        self.busy: str | None = None  # the action in flight
        self._pending_call = False
        self._call_target: tuple[int, str] = (0, "")  # the call in flight: ticket id (0: next), label
        self.reader = SnapshotReader(self.runner, lambda: model.read_view(self.db, counter), self,
                                     what=f"the view of counter {counter}", log=log)
        self.reader.loaded.connect(self._on_read)
        self.reader.failed.connect(self._on_read_failed)
        self.reader.online_changed.connect(self._on_read_online)
        self._state = ""
        self._closed = False
        self._lost = False
        self.live.changed.connect(self._on_changes)
        self.live.resync.connect(self.refresh)
        self.live.connection_restored.connect(self._on_restored)
        self.live.connection_lost.connect(self._on_lost)

    # -- state ------------------------------------------------------------------------------------
    @property
    def online(self) -> bool:
        """Whether the database answers: the feed is connected and the last read worked."""
        return self.live.online and self.reader.online

    @property
    def quiet(self) -> bool:
        """No action and no read in flight (benchmarks and tests wait for it)."""
        return self.busy is None and not self.reader.busy and not self._pending_call

    @property
    def current(self) -> TicketInfo | None:
        """The ticket at the counter (called or being served), if any."""
        return self.view.current if self.view else None

    @property
    def paused(self) -> bool:
        """Whether the counter is paused."""
        return bool(self.view and self.view.counter.paused)

    @property
    def state(self) -> str:
        """offline, paused, idle, called or serving."""
        if self.view is None:
            return model.OFFLINE
        return model.counter_state(self.online, self.paused, self.current)

    def blocked(self, action: str, has_selection: bool = True) -> str | None:
        """Why ``action`` cannot run now (a text key), or ``None``."""
        if self.view is None:
            return "counter.why.offline"
        return model.blocked_reason(
            action, online=self.online, paused=self.paused, current=self.current, has_selection=has_selection
        )

    def close(self) -> None:
        """Stop reacting to the feed (the window is going away)."""
        if self._closed:
            return
        self._closed = True
        self.reader.close()
        for signal, slot in (
            (self.live.changed, self._on_changes),
            (self.live.resync, self.refresh),
            (self.live.connection_restored, self._on_restored),
            (self.live.connection_lost, self._on_lost),
        ):
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(slot)

    # -- reading ----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the view; coalesced so a burst of changes costs at most two reads."""
        self.reader.request()

    def _on_read(self, view: CounterView) -> None:
        self._apply(view)
        if view.counter.officer != self.officer.display_name:
            self.signed_out_elsewhere.emit(view.counter.officer or "")

    def _on_read_online(self, online: bool) -> None:
        if online:
            self._say(tr("counter.msg.reconnected"), SUCCESS)

    def _on_read_failed(self, _reason: str) -> None:
        error = self.reader.error
        assert error is not None
        # An outage is said on every failed try; anything else once.
        if isinstance(error, DatabaseUnavailable) or self.reader.failures == 1:
            self._say(tr("counter.msg.read_failed", error=error_text(error)), ERROR)
        self._emit_state()

    def _apply(self, view: CounterView) -> None:
        """Show a new view; play the idle cue when someone starts waiting at an idle counter."""
        before = self.view
        self.view = view
        label = view.current.label if view.current else ""
        if before is None or (before.current.label if before.current else "") != label:
            self.ticket_shown.emit(label)
        self.view_changed.emit(view)
        self._emit_state()
        if (
            before is not None
            and not before.waiting
            and view.waiting
            and self.state == model.IDLE
        ):
            self.visitor_waiting.emit(len(view.waiting))

    def _emit_state(self) -> None:
        state = self.state
        if state != self._state:
            self._state = state
            self.state_changed.emit(state)

    def _on_changes(self, _changes: list[Any]) -> None:
        self.refresh()

    def _on_restored(self) -> None:
        self.reader.forget_failures()
        if self._lost:
            self._lost = False
            self._say(tr("counter.msg.reconnected"), SUCCESS)
        self._emit_state()
        self.refresh()

    def _on_lost(self, _reason: str) -> None:
        if self.view is not None:  # not before the first connection: the banner says "connecting"
            self._lost = True
            self._say(tr("counter.msg.lost"), ERROR)
        self._emit_state()

    @property
    def me(self) -> int:
        """The signed-in officer's id: every counter operation passes it, so the core refuses
        it (``NotPermitted``) once someone else holds the counter."""
        return self.officer.id

    # -- actions ----------------------------------------------------------------------------------
    def call_next(self, close_as: str | None = None) -> None:
        """F1: end the current visit and call the next waiting ticket.

        A visit only called (never started) is closed as ``close_as`` (``"done"`` or
        ``"no_show"``); without it the officer is asked first (:attr:`close_choice_needed`).
        """
        if self._ask_close(close_as, 0, ""):
            return
        self._call_target = (0, "")
        self._act(model.CALL_NEXT, lambda: queue.call_next(self.db, self.counter, close_as=close_as, officer_id=self.me),
                  self._show_call, log_call)

    def call_ticket(self, ticket_id: int, label: str = "", close_as: str | None = None) -> None:
        """Enter / double-click: call a chosen waiting ticket (the current visit closes as in :meth:`call_next`)."""
        if self._ask_close(close_as, ticket_id, label):
            return
        self._call_target = (ticket_id, label)
        self._act(
            model.CALL_CHOSEN, lambda: queue.call_ticket(self.db, self.counter, ticket_id, close_as=close_as, officer_id=self.me),
            self._show_call, log_call, detail={"chosen": label, **({"close_as": close_as} if close_as else {})},
        )

    def _ask_close(self, close_as: str | None, ticket_id: int, label: str) -> bool:
        """Ask how the visit at the counter ends, when calling would close one only called."""
        if close_as is not None or self.busy is not None or self.state != model.CALLED:
            return False
        current = self.current
        if current is None or not model.needs_close_choice(current):
            return False
        self._say(tr("counter.close.prompt", label=current.label), INFO)
        self.close_choice_needed.emit(current.label, ticket_id, label)
        return True

    def recall(self) -> None:
        """F2: call the current ticket again."""
        self._act(model.RECALL, lambda: queue.recall(self.db, self.counter, officer_id=self.me),
                  self._show_ticket("recalled"), log_ticket("recalled"))

    def start_service(self) -> None:
        """F3: the visitor arrived; start serving."""
        self._act(model.START, lambda: queue.start_service(self.db, self.counter, officer_id=self.me),
                  self._show_ticket("started"), log_ticket("started"))

    def finish(self) -> None:
        """F4: finish the current visit."""
        self._act(model.FINISH, lambda: queue.finish(self.db, self.counter, officer_id=self.me),
                  self._show_ticket("finished"), log_ticket("finished"))

    def no_show(self) -> None:
        """F5: the called visitor did not come."""
        self._act(model.NO_SHOW, lambda: queue.mark_no_show(self.db, self.counter, officer_id=self.me),
                  self._show_ticket("no_show"), log_ticket("no_show"))

    def transfer(self, service_code: str) -> None:
        """F6: send the visitor to another service; they keep their number and place."""
        self._act(
            model.TRANSFER, lambda: queue.transfer(self.db, self.counter, service_code, officer_id=self.me),
            self._show_transfer,
            log_transfer, detail={"to": service_code},
        )

    def pause(self, reason: str) -> None:
        """F8: pause the counter with a reason (refused while a visitor is called or served)."""
        def show(_result: None) -> None:
            self._patch_counter(paused=True, pause_reason=reason or None)
            self._say(tr("counter.msg.paused", reason=reason or tr("counter.pause.break")), INFO)

        def facts(_result: None, counter: int, officer: str) -> None:
            log_event("paused", counter, officer, reason=reason)

        self._act(model.PAUSE, lambda: queue.pause_counter(self.db, self.counter, reason, officer_id=self.me), show, facts,
                  detail={"reason": reason})

    def resume(self) -> None:
        """F8 again: resume the paused counter."""
        def show(_result: None) -> None:
            self._patch_counter(paused=False, pause_reason=None)
            self._say(tr("counter.msg.resumed"), SUCCESS)

        def facts(_result: None, counter: int, officer: str) -> None:
            log_event("resumed", counter, officer)

        self._act(model.PAUSE, lambda: queue.resume_counter(self.db, self.counter, officer_id=self.me), show, facts,
                  detail={"resume": True})

    def sign_out(self, on_done: Callable[[], None] | None = None) -> None:
        """Leave the counter (queued behind any action in flight)."""
        self.close()
        number, db, username, officer_id = self.counter, self.db, self.officer.username, self.officer.id

        def leave() -> None:
            queue.sign_out(db, number, officer_id)
            log.info("%s signed out of counter %d", username, number,
                     extra={"event": "signed_out", "counter": number, "officer": username})

        def done(_result: None) -> None:
            if on_done is not None:
                on_done()

        def failed(error: BaseException) -> None:
            log.warning("sign-out of counter %d failed: %s", number, error,
                        extra={"event": "action_failed", "action": "sign_out", "counter": number, "error": str(error),
                               "error_type": type(error).__name__})
            if on_done is not None:
                on_done()

        self.runner.run(leave, done, failed)

    # -- plumbing ---------------------------------------------------------------------------------
    def _act(
        self,
        action: str,
        fn: Callable[[], R],
        show: Callable[[R], None],
        facts: Callable[[R, int, str], None],
        *,
        detail: dict[str, object] | None = None,
    ) -> bool:
        """Run one action if it fits the state and nothing else runs; say why otherwise.

        ``fn`` (one core transaction) and ``facts`` (its log lines) run on the worker,
        so the log has every committed action in commit order, even at shutdown;
        ``show`` then updates the screen on the UI thread.
        """
        if self._closed or not self._may_start(action):
            return False
        self.busy = action
        self.busy_changed.emit(True)
        work = logged_work(action, fn, facts, self.counter, self.officer.username, detail)
        self.runner.run(work, lambda result: self._action_done(action, show, result),
                        lambda error: self._action_failed(action, error))
        return True

    def _may_start(self, action: str) -> bool:
        """Whether ``action`` may start now; if not, the officer is told why."""
        if self.busy is not None:
            self._refuse_while_busy(action)
            return False
        why = self.blocked(action)
        if why is not None:
            self._say(tr(why, label=self.current.label if self.current else ""), ERROR)
            return False
        return True

    def _refuse_while_busy(self, action: str) -> None:
        """Another action runs: a "call next" waits behind it, anything else is refused."""
        if action in _CALLS and self.busy in _CALLS:
            # A second call while one is on its way would end the new visit unseen.
            self._say(tr("counter.msg.already_calling"), INFO)
        elif action == model.CALL_NEXT:
            self._pending_call = True
            self._say(tr("counter.msg.queued_call"), INFO)
        else:
            self._say(tr("counter.msg.busy"), INFO)

    def _end_action(self) -> None:
        """The action in flight is over, whichever way."""
        self.busy = None
        if not self._closed:
            self.busy_changed.emit(False)

    def _action_done(self, action: str, show: Callable[[R], None], result: R) -> None:
        """Show a committed action's result, re-read the view, then run a queued call."""
        self._end_action()
        try:
            show(result)
        finally:
            if not self._closed:
                self.action_finished.emit(action, True)
            self.refresh()
            if self._pending_call:
                self._pending_call = False
                self.call_next()

    def _action_failed(self, action: str, error: BaseException) -> None:
        """Say why the action was refused (a queued call is dropped with it), then re-read."""
        self._end_action()
        if isinstance(error, VisitNotStarted) and action in _CALLS and not self._closed:
            self._ask_after_stale_call(action, error)
            return
        text = error_text(error)
        if self._pending_call:
            self._pending_call = False
            text = f"{text} {tr('counter.msg.pending_dropped')}"
        self._say(text, ERROR)
        if not self._closed:
            self.action_finished.emit(action, False)
        self.refresh()

    def _ask_after_stale_call(self, action: str, error: VisitNotStarted) -> None:
        """A call met a visit only called (the view was behind): ask how it ends, as for F1."""
        self._pending_call = False
        self.action_finished.emit(action, False)
        self._say(tr("counter.close.prompt", label=error.label), INFO)
        self.close_choice_needed.emit(error.label, *self._call_target)
        self.refresh()

    def _say(self, text: str, level: str) -> None:
        """Tell the officer (nothing once the window is closing)."""
        if not self._closed:
            self.message.emit(text, level)

    def _patch_counter(self, **changes: object) -> None:
        """Show an action's result at once; the re-read that follows confirms it."""
        if self.view is None or self._closed:
            return
        before = self.view.current
        self.view = self.view.with_counter(**changes)
        label = self.view.current.label if self.view.current else ""
        if (before.label if before else "") != label:
            self.ticket_shown.emit(label)
        self.view_changed.emit(self.view)
        self._emit_state()

    def _show_call(self, result: CallResult) -> None:
        self._patch_counter(current=result.ticket)
        done = result.finished.label if result.finished else ""
        how = "no_show" if result.finished is not None and result.finished.status == TicketStatus.NO_SHOW else "finished"
        if result.ticket is None:
            self._say(tr(f"counter.msg.{how}_nobody" if done else "counter.msg.nobody", done=done), INFO)
        elif done:
            self._say(tr(f"counter.msg.{how}_called", done=done, label=result.ticket.label), SUCCESS)
        else:
            self._say(tr("counter.msg.called", label=result.ticket.label), SUCCESS)

    def _show_ticket(self, event: str) -> Callable[[TicketInfo], None]:
        def show(t: TicketInfo) -> None:
            self._patch_counter(current=t if event in ("recalled", "started") else None)
            self._say(tr(f"counter.msg.{event}", label=t.label), INFO if event == "no_show" else SUCCESS)

        return show

    def _show_transfer(self, moved: TicketInfo) -> None:
        self._patch_counter(current=None)
        self._say(tr("counter.msg.transferred", label=moved.label, service=ticket_service_name(moved)), SUCCESS)


# -- the log lines end-to-end tests read (written on the worker thread) -------------------------------

Facts = Callable[[Any, int, str], None]


def log_event(event: str, counter: int, officer: str, label: str | None = None, **extra: object) -> None:
    """One fact, e.g. ``{"event": "called", "label": "A-007", "counter": 2}``."""
    log.info("%s %s at counter %d", event, label or "", counter,
             extra={"event": event, "label": label, "counter": counter, "officer": officer, **extra})


def logged_work(action: str, fn: Callable[[], R], facts: Callable[[R, int, str], None], counter: int, officer: str,
                detail: dict[str, object] | None) -> Callable[[], R]:
    """``fn`` for the worker, with its log lines: the facts once it committed, else the failure."""
    def work() -> R:
        try:
            result = fn()
        except BaseException as error:
            log_failure(action, counter, officer, error, detail)
            raise
        facts(result, counter, officer)
        return result

    return work


def log_failure(action: str, counter: int, officer: str, error: BaseException, detail: dict[str, object] | None) -> None:
    """An action the core refused (or that broke): ``{"event": "action_failed", ...}``."""
    if not isinstance(error, AntrianError):
        log.error("%s failed unexpectedly", action, exc_info=error)
    log.warning(
        "%s failed at counter %d: %s", action, counter, error,
        extra={"event": "action_failed", "action": action, "counter": counter, "officer": officer,
               "error": str(error), "error_type": type(error).__name__, **(detail or {})},
    )


def log_call(result: CallResult, counter: int, officer: str) -> None:
    """Facts of a call: the visit it ended, then the ticket called (or nobody)."""
    if result.finished is not None:
        closed = "no_show" if result.finished.status == TicketStatus.NO_SHOW else "finished"
        log_event(closed, counter, officer, result.finished.label, via="call")
    if result.ticket is None:
        log_event("nobody_waiting", counter, officer)
    else:
        t = result.ticket
        log_event("called", counter, officer, t.label, service=t.service_code, priority=t.priority)


def log_ticket(event: str) -> Facts:
    """Facts of recall, start, finish or no-show."""
    def facts(t: TicketInfo, counter: int, officer: str) -> None:
        log_event(event, counter, officer, t.label)

    return facts


def log_transfer(moved: TicketInfo, counter: int, officer: str) -> None:
    """Facts of a transfer: the label and the service it went to."""
    log_event("transferred", counter, officer, moved.label, to=moved.service_code)
