"""Keeps the board live: feed changes → board and announcer at once, then one snapshot re-read.

- ``changed``: a ``called``/``recalled`` change goes on the board and into the
  announcer straight away (no database read in between); the snapshot re-read that
  fills in the rest starts once the number is painted, coalesced with any read in flight.
- ``resync`` (start-up, after an outage): re-read everything. Nothing old is announced:
  only changes the feed reports are, and it reports only what was committed after it
  (re)connected. Calls made during the outage still appear in the history.
- ``connection_lost`` / a failed read: the small offline mark; the last state stays.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from db import queue
from db.clock import utcnow
from db.feed import Change
from db.records import CallRecord, Snapshot
from db.sitetime import business_day
from display.board import Board
from display.calls import Announcement, SpeechVoice, announcement_for
from display.ikm import IKM_DELAY_MS, IkmReader
from display.state import MAX_RECENT, BoardState, call_from_change
from ui.backend import Backend
from ui.i18n import translator
from ui.reader import SnapshotReader

log = logging.getLogger("antrian.display.controller")

#: Longest wait for the paint of a call before the rest of the board, the announcer and
#: the snapshot re-read go ahead anyway.
READ_AFTER_CALL_MS = 60
DAY_CHECK_MS = 60_000


class Announces(Protocol):
    """What the controller needs of an announcer (:class:`display.announcer.Announcer`)."""

    def announce(self, text: str, repeat: int = 1) -> None:
        """Queue ``text`` to be spoken ``repeat`` times; return at once."""


class BoardController(QObject):
    """Connects the live feed, the snapshot reader, the board and the announcer."""

    announcement_queued = Signal(str, str, int)  # text, label, event id

    def __init__(self, board: Board, backend: Backend, *,
                 announcer: Announces | None = None, speech: SpeechVoice | None = None,
                 follow_site_language: bool = True, parent: QObject | None = None,
                 ikm_delay_ms: int = IKM_DELAY_MS) -> None:
        super().__init__(parent)
        self.board = board
        self.live = backend.live
        db = backend.db
        self.state = BoardState()
        self.speech = speech
        self.announcer = announcer  # display.announcer.Announcer (or anything with announce(text, repeat))
        self.follow_site_language = follow_site_language
        self.announced: list[Announcement] = []
        self._announced_ids: set[int] = set()
        self._waiting: list[Announcement] = []  # queued before the announcer exists
        self._lost = False  # an outage was reported (else offline means "still connecting")
        self.reader = SnapshotReader(backend.runner, lambda: queue.queue_snapshot(db, last_calls=MAX_RECENT + 1), self,
                                     what="the queue", log=log)
        self.reader.loaded.connect(self._on_snapshot)
        self.reader.failed.connect(self._on_read_failed)
        self._fresh: list[CallRecord] = []  # heard live, shown in the big panel, rest of the board to follow
        self._to_play: list[Announcement] = []  # queued, handed to the announcer after the paint
        self._follow_up = QTimer(self)
        self._follow_up.setSingleShot(True)
        self._follow_up.timeout.connect(self._after_call)
        self.ikm = IkmReader(backend, self, delay_ms=ikm_delay_ms)  # its own reader: never in the call's path
        self.ikm.changed.connect(board.set_ikm)
        self._day_timer = QTimer(self)
        self._day_timer.timeout.connect(self._check_day)
        self._day_timer.start(DAY_CHECK_MS)
        board.call_painted.connect(self._on_painted)
        self.live.changed.connect(self._on_changed)
        self.live.resync.connect(self._on_resync)
        self.live.connection_lost.connect(self._on_lost)
        self.live.connection_restored.connect(self._on_restored)
        self.board.set_offline(None if self.live.online else "board_connecting")

    # -- the announcer ------------------------------------------------------------------------
    def set_announcer(self, announcer: Announces) -> None:
        """Use ``announcer`` from now on; announcements queued meanwhile are played now."""
        self.announcer = announcer
        waiting, self._waiting = self._waiting, []
        for item in waiting:
            self._play(item)

    def _announce(self, call: CallRecord) -> None:
        """Queue the announcement of ``call`` (once per event); it plays after the paint."""
        if call.event_id in self._announced_ids:
            return
        self._announced_ids.add(call.event_id)
        if len(self._announced_ids) > 5000:
            self._announced_ids = set(sorted(self._announced_ids)[-1000:])
        services = {s.code: s for s in self.state.snapshot.services} if self.state.snapshot else {}
        item = announcement_for(call, self.state.settings, services)
        self.announced.append(item)
        del self.announced[:-200]
        log.info("announcement queued: %s", item.text,
                 extra={"event": "announcement_queued", "text": item.text, "label": call.label,
                        "counter": call.counter_number, "kind": call.kind, "event_id": call.event_id})
        self.announcement_queued.emit(item.text, call.label, call.event_id)
        self._to_play.append(item)

    def _play(self, item: Announcement) -> None:
        if self.announcer is None:
            self._waiting.append(item)
            return
        if self.speech is not None:
            self.speech.expect(item)
        self.announcer.announce(item.text, item.repeat)

    # -- feed ---------------------------------------------------------------------------------
    def _on_changed(self, changes: list[Change]) -> None:
        names = self.state.counter_names()
        now = datetime.now(UTC)
        calls = [c for c in (call_from_change(ch, names, now) for ch in changes) if c is not None]
        if not calls:
            self.reader.request()
            return
        for call in calls:
            self.state.apply_call(call)
            self._announce(call)
        self._fresh.extend(calls)
        # The fast path: only the big number changes before it is painted. The rest of the
        # board, the announcer (starting audio takes a while) and the snapshot re-read follow
        # the paint, or a short wait if nothing paints (a hidden window).
        self.board.show_fresh_call(self.state, calls)
        if not self._follow_up.isActive():
            self._follow_up.start(READ_AFTER_CALL_MS)

    def _on_painted(self, _label: str, _event_id: int, _at: float) -> None:
        if self._follow_up.isActive():
            self._follow_up.stop()
            self._after_call()

    def _after_call(self) -> None:
        fresh, self._fresh = self._fresh, []
        self.board.show_state(self.state, fresh=fresh)
        to_play, self._to_play = self._to_play, []
        for item in to_play:
            self._play(item)
        self.reader.request()

    def _on_resync(self) -> None:
        log.info("re-reading the whole queue (resync)")
        self.reader.request()

    def _on_lost(self, reason: str) -> None:
        self._lost = True
        self.reader.cancel_retry()
        self._update_offline()

    def _on_restored(self) -> None:
        self._update_offline()

    def _update_offline(self) -> None:
        if not self.live.online:
            self.board.set_offline("board_offline" if self._lost else "board_connecting")
        elif not self.reader.online:
            self.board.set_offline("board_offline")
        else:
            self.board.set_offline(None)

    # -- snapshots ----------------------------------------------------------------------------
    def _on_snapshot(self, snapshot: Snapshot) -> None:
        self._update_offline()
        if not self.state.apply_snapshot(snapshot):
            return
        settings = snapshot.settings
        if self.follow_site_language:
            translator().set_language(settings.language)
        if self.speech is not None:
            self.speech.set_clips_dir(settings.voice_clips_dir or None)
        self.board.show_state(self.state)

    def _on_read_failed(self, _reason: str) -> None:
        if not self.live.online:
            self.reader.cancel_retry()
        self._update_offline()

    def _check_day(self) -> None:
        snap = self.state.snapshot
        if snap is None:
            return
        st = snap.settings  # validated when read: a broken stored value reads as its default
        if business_day(utcnow(), st.timezone, st.day_reset) != snap.day:
            self.reader.request()
            self.ikm.refresh()  # a new day may begin a new survey period

    def shutdown(self) -> None:
        """Stop timers and the announcer."""
        self._day_timer.stop()
        self._follow_up.stop()
        self.reader.close()
        self.ikm.shutdown()
        shutdown = getattr(self.announcer, "shutdown", None)
        if shutdown is not None:
            shutdown()
