"""The lobby display's announcer: chime, then voice, one announcement at a time.

``Announcer.announce(text, repeat)`` queues an announcement.  Announcements play
strictly one after another: for each repetition the chime, then the voice files;
then a short gap and the next queued announcement.  Voice synthesis runs on a
worker thread as soon as an announcement is queued (so it is usually ready when
its turn comes) and the result comes back to the UI thread through a queued Qt
signal.  Playback goes through :class:`ui.sound.SoundPlayer`, which keeps real
time when there is no audio device, so ordering and timing are realistic in CI.
"""

from __future__ import annotations

import itertools
import logging
import os
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from display.voice import VoiceSource
from ui.sound import SoundPlayer

if TYPE_CHECKING:
    from display.system_voice import SystemVoice

#: Makes the operating system's voice when a phrase got no WAV files (None: there is none).
SpeakerFactory = Callable[[], "SystemVoice | None"]
#: The ``(language, text)`` parts of an announcement's text.
PartsOf = Callable[[str], Sequence[tuple[str, str]]]

log = logging.getLogger("antrian.display.announcer")

DEFAULT_GAP_MS = 400


class _VoiceBridge(QObject):
    """Carries synthesised voices from worker threads to the UI thread.

    One instance per process, created on the UI thread and never deleted, so a
    worker thread never holds a reference to an Announcer: if it did, dropping
    the last reference there would destroy the Announcer's QObjects on the
    wrong thread.  The signal is queued to the UI thread because the bridge
    lives there and it is emitted from the worker.
    """

    ready = Signal(int, object)  # job id (unique per process), list[Path]


_bridge: _VoiceBridge | None = None
_job_ids = itertools.count(1)


def _voice_bridge() -> _VoiceBridge:
    """The process-wide bridge (created by the first Announcer, on the UI thread)."""
    global _bridge
    if _bridge is None:
        _bridge = _VoiceBridge()
    return _bridge


def _synthesise_in_worker(voice: VoiceSource, text: str, ident: int, bridge: _VoiceBridge) -> None:
    """Worker thread: render ``text`` and post the files (or [] on failure) to the UI thread."""
    try:
        files = list(voice.files_for(text))
    except Exception:
        log.exception("voice synthesis failed; announcing with the chime only")
        files = []
    bridge.ready.emit(ident, files)


class _Voice:
    """Playlist marker: play the announcement's voice files here."""


class _Gap:
    """Playlist marker: a pause of the announcer's gap length."""


_VOICE = _Voice()
_GAP = _Gap()
_Step = Path | _Voice | _Gap


@dataclass
class _Job:
    """One queued announcement and its synthesised voice (None until ready)."""

    ident: int
    text: str
    repeat: int
    voice: list[Path] | None = None
    steps: deque[_Step] = field(default_factory=deque)


class Announcer(QObject):
    """Plays announcements (chime + voice, ``repeat`` times) strictly one after another.

    ``voice`` speaks the text (see :class:`display.voice.Voice`); None means
    chime only.  ``chime`` is the WAV played before each repetition (None: no
    chime).  ``player`` defaults to a fresh :class:`ui.sound.SoundPlayer`.
    ``gap_ms`` is the pause between repetitions and between announcements.
    With ``chime_every_repeat=False`` the chime is played once per announcement.

    ``started(text)`` and ``finished(text)`` are emitted, and logged at INFO on
    ``antrian.display.announcer``, when an announcement begins and ends.

    When a phrase gets no voice files (no clips, no espeak-ng: a Windows PC), ``speaker``
    makes the operating system's voice (:mod:`display.system_voice`) once, and it speaks the
    phrase's ``parts_of(text)`` directly; without one the chime plays alone.
    """

    started = Signal(str)
    finished = Signal(str)

    def __init__(
        self,
        voice: VoiceSource | None,
        chime: str | os.PathLike[str] | None,
        player: SoundPlayer | None = None,
        parent: QObject | None = None,
        *,
        gap_ms: int = DEFAULT_GAP_MS,
        chime_every_repeat: bool = True,
        speaker: SpeakerFactory | None = None,
        parts_of: PartsOf | None = None,
    ) -> None:
        """Create an idle announcer; the synthesis thread starts with the first announcement."""
        super().__init__(parent)
        self._voice = voice
        self._chime = Path(chime) if chime is not None else None
        self._player = player if player is not None else SoundPlayer(self)
        self._player.finished.connect(self._on_clip_finished)
        self._gap_ms = max(0, gap_ms)
        self._chime_every_repeat = chime_every_repeat
        self._queue: deque[_Job] = deque()
        self._current: _Job | None = None
        self._waiting_for_voice = False
        self._executor: ThreadPoolExecutor | None = None
        self._gap = QTimer(self)
        self._gap.setSingleShot(True)
        self._gap.setTimerType(Qt.TimerType.PreciseTimer)
        self._gap.timeout.connect(self._advance)
        self._make_speaker = speaker
        self._speaker: SystemVoice | None = None
        self._parts_of = parts_of or (lambda text: (("id", text),))
        self._speaking = False
        _voice_bridge().ready.connect(self._on_voice_ready)

    # public -----------------------------------------------------------------

    def announce(self, text: str, repeat: int = 1) -> None:
        """Queue ``text`` to be announced ``repeat`` (>= 1) times; returns at once."""
        if repeat < 1:
            raise ValueError(f"repeat must be at least 1, got {repeat}")
        job = _Job(next(_job_ids), text, repeat)
        self._queue.append(job)
        log.debug("announce queued: %s (x%d, %d waiting)", text, repeat, len(self._queue))
        self._synthesise(job)
        if self._current is None and not self._gap.isActive():
            self._start_next()

    def pending(self) -> int:
        """How many queued announcements have not started yet (the playing one is not counted)."""
        return len(self._queue)

    def is_idle(self) -> bool:
        """True when nothing is playing and nothing is queued."""
        return self._current is None and not self._queue

    def clear_pending(self) -> int:
        """Drop the announcements that have not started yet; return how many were dropped."""
        dropped = len(self._queue)
        self._queue.clear()
        return dropped

    def shutdown(self) -> None:
        """Stop playback, drop the queue and stop the synthesis thread (call before quitting)."""
        self._queue.clear()
        self._gap.stop()
        self._player.stop()
        self._current = None
        self._waiting_for_voice = False
        self._speaking = False
        if self._speaker is not None:
            self._speaker.stop()
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    # synthesis (worker thread -> UI thread) ---------------------------------

    def _synthesise(self, job: _Job) -> None:
        """Start rendering the voice of ``job`` on the worker thread."""
        if self._voice is None:
            job.voice = []
            return
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="announcer-voice")
        self._executor.submit(_synthesise_in_worker, self._voice, job.text, job.ident, _voice_bridge())

    def _on_voice_ready(self, ident: int, files: list[Path]) -> None:
        """UI thread: store the voice of a job (other announcers' jobs are ignored) and go on."""
        for job in itertools.chain([self._current] if self._current else [], self._queue):
            if job.ident == ident:
                job.voice = files
                break
        if self._current is not None and self._current.ident == ident and self._waiting_for_voice:
            self._waiting_for_voice = False
            self._advance()

    # playback state machine -------------------------------------------------

    def _start_next(self) -> None:
        """Begin the next queued announcement, if any."""
        if not self._queue:
            return
        job = self._queue.popleft()
        self._current = job
        self._waiting_for_voice = False
        for rep in range(job.repeat):
            if rep:
                job.steps.append(_GAP)
            if self._chime is not None and (rep == 0 or self._chime_every_repeat):
                job.steps.append(self._chime)
            job.steps.append(_VOICE)
        log.info("announce started: %s", job.text)
        self.started.emit(job.text)
        self._advance()

    def _advance(self) -> None:
        """Play the next step of the current announcement, or finish it."""
        job = self._current
        if job is None:
            self._start_next()
            return
        while job.steps:
            step = job.steps.popleft()
            if isinstance(step, _Gap):
                self._gap.start(self._gap_ms)
                return
            if isinstance(step, _Voice):
                if job.voice is None:
                    job.steps.appendleft(step)
                    self._waiting_for_voice = True
                    return
                if not job.voice and self._system_voice() is not None:
                    self._speaking = True
                    assert self._speaker is not None
                    self._speaker.speak(self._parts_of(job.text))  # done -> _on_spoken
                    return
                job.steps.extendleft(reversed(job.voice))
                continue
            self._player.play(step)
            return
        self._current = None
        self._gap.start(self._gap_ms)  # before emitting: a slot may announce again at once
        log.info("announce finished: %s", job.text)
        self.finished.emit(job.text)

    def _system_voice(self) -> SystemVoice | None:
        """The operating system's voice, made on first need (None when there is none)."""
        if self._speaker is None and self._make_speaker is not None:
            make, self._make_speaker = self._make_speaker, None  # one try per announcer
            try:
                self._speaker = make()
            except Exception:
                log.exception("no system voice; announcing with the chime only")
            if self._speaker is not None:
                self._speaker.done.connect(self._on_spoken)
        return self._speaker

    def _on_spoken(self) -> None:
        """The system voice said the phrase: go on with the announcement."""
        if self._speaking:
            self._speaking = False
            self._advance()

    def _on_clip_finished(self, _path: str) -> None:
        """The player ended a clip: go on with the announcement."""
        if self._current is not None:
            self._advance()
