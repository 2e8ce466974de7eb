"""Short UI sounds shared by the apps, and a player that never fails the app.

The sounds are synthesised with the standard library (no binary assets in git)
and cached as WAV files in a directory the caller chooses:

* :func:`chime_path` - a two-tone "ding-dong" bell (about 1.2 s) for the lobby display;
* :func:`blip_path` - a soft confirm "blip" (about 120 ms) for kiosk and counter buttons.

:class:`SoundPlayer` plays a WAV through QtMultimedia.  Without an audio output
device (a headless CI box, a PC with no speakers) it logs that once at INFO and
keeps time instead: ``finished`` is emitted after the clip's real duration, read
from the WAV header, so callers that sequence sounds behave the same everywhere.
"""

from __future__ import annotations

import array
import logging
import math
import os
import struct
import sys
import uuid
import wave
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer

# The Qt warnings QtMultimedia prints on a machine without sound, re-exported for the tests
# (defined in ui.logs, which every app loads and which must not load QtMultimedia).
from ui.logs import NO_AUDIO_QT_WARNINGS as NO_AUDIO_QT_WARNINGS

log = logging.getLogger("antrian.ui.sound")

SAMPLE_RATE = 44100
CHIME_FILE = "chime-v1.wav"
BLIP_FILE = "blip-v1.wav"

#: Extra time given to a real playback before the player gives up waiting for
#: the end of the media and moves on anyway.
WATCHDOG_GRACE_MS = 2000

# --------------------------------------------------------------------------- WAV


@dataclass(frozen=True)
class WavInfo:
    """What the header of a WAV file says: format and length."""

    channels: int
    sample_rate: int
    bits_per_sample: int
    frames: int

    @property
    def duration_s(self) -> float:
        """Length of the audio in seconds."""
        return self.frames / self.sample_rate if self.sample_rate else 0.0


def wav_info(path: str | os.PathLike[str]) -> WavInfo:
    """Read the RIFF header of ``path`` and return its format and length.

    Handles plain PCM as well as WAVE_FORMAT_EXTENSIBLE and float files (which
    the stdlib ``wave`` module of Python 3.11 rejects), and streamed files whose
    declared data size is larger than the file.  Raises ValueError when the file
    is not a WAV file and OSError when it cannot be read.
    """
    with open(path, "rb") as fh:
        head = fh.read(12)
        if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
            raise ValueError(f"{path}: not a RIFF/WAVE file")
        fmt: tuple[int, int, int, int] | None = None  # channels, rate, block align, bits
        while True:
            chunk = fh.read(8)
            if len(chunk) < 8:
                raise ValueError(f"{path}: no data chunk")
            chunk_id, size = chunk[:4], struct.unpack("<I", chunk[4:])[0]
            if chunk_id == b"fmt ":
                body = fh.read(size)
                if len(body) < 16:
                    raise ValueError(f"{path}: truncated fmt chunk")
                _tag, channels, rate, _byte_rate, align, bits = struct.unpack("<HHIIHH", body[:16])
                fmt = (channels, rate, align, bits)
                if size % 2:
                    fh.seek(1, os.SEEK_CUR)
            elif chunk_id == b"data":
                if fmt is None:
                    raise ValueError(f"{path}: data chunk before fmt chunk")
                here = fh.tell()
                available = fh.seek(0, os.SEEK_END) - here
                channels, rate, align, bits = fmt
                if channels < 1 or rate < 1 or align < 1:
                    raise ValueError(f"{path}: invalid format {fmt}")
                return WavInfo(channels, rate, bits, min(size, available) // align)
            else:
                fh.seek(size + (size % 2), os.SEEK_CUR)


def wav_duration_ms(path: str | os.PathLike[str]) -> int:
    """Duration of the WAV file ``path`` in milliseconds, or 0 when it is unreadable."""
    try:
        return round(wav_info(path).duration_s * 1000)
    except (OSError, ValueError, struct.error):
        return 0


def write_wav(path: str | os.PathLike[str], samples: Sequence[float], rate: int = SAMPLE_RATE) -> Path:
    """Write mono float ``samples`` (-1..1, clipped) as a 16-bit PCM WAV file.

    The file is written under a temporary name and renamed into place, so a
    reader (or another app filling the same cache) never sees half a file.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    pcm = array.array("h", (int(max(-1.0, min(1.0, s)) * 32767) for s in samples))
    if sys.byteorder == "big":
        pcm.byteswap()
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with wave.open(str(tmp), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(rate)
            out.writeframes(pcm.tobytes())
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
    return target


# --------------------------------------------------------------------- synthesis


def _bell(freq: float, start: float, decay: float, total: float, rate: int) -> list[float]:
    """A soft bell note: a few decaying partials, 6 ms attack, starting at ``start`` seconds."""
    partials = ((1.0, 1.0, 1.0), (2.0, 0.32, 1.6), (3.0, 0.10, 2.4), (4.07, 0.05, 3.5))
    out = [0.0] * int(total * rate)
    attack = 0.006
    for i in range(int(start * rate), len(out)):
        t = i / rate - start
        env = (t / attack if t < attack else 1.0) * math.exp(-t / decay)
        if t > attack and env < 1e-4:
            break
        out[i] = env * sum(
            amp * math.exp(-t * (faster - 1.0) / decay) * math.sin(2 * math.pi * freq * mult * t)
            for mult, amp, faster in partials
        )
    return out


def _finish(samples: list[float], peak: float, fade_s: float, rate: int) -> list[float]:
    """Normalise ``samples`` to ``peak`` and fade the tail to silence (no click at the end)."""
    top = max((abs(s) for s in samples), default=0.0) or 1.0
    scaled = [s * peak / top for s in samples]
    fade = max(1, int(fade_s * rate))
    for k in range(min(fade, len(scaled))):
        scaled[-1 - k] *= k / fade
    return scaled


def chime_samples(rate: int = SAMPLE_RATE) -> list[float]:
    """Samples of the "ding-dong" chime: E5 then C5 (a falling major third), 1.2 s."""
    total = 1.2
    ding = _bell(659.25, 0.0, 0.30, total, rate)
    dong = _bell(523.25, 0.42, 0.38, total, rate)
    return _finish([a + b for a, b in zip(ding, dong, strict=False)], peak=0.6, fade_s=0.08, rate=rate)


def blip_samples(rate: int = SAMPLE_RATE) -> list[float]:
    """Samples of the confirm "blip": a 120 ms sine gliding 1320 -> 990 Hz with a fast decay."""
    n = int(0.12 * rate)
    out: list[float] = []
    phase = 0.0
    for i in range(n):
        t = i / rate
        freq = 990.0 + 330.0 * math.exp(-t / 0.02)
        phase += 2 * math.pi * freq / rate
        env = min(1.0, t / 0.003) * math.exp(-t / 0.03)
        out.append(env * (math.sin(phase) + 0.15 * math.sin(2 * phase)))
    return _finish(out, peak=0.35, fade_s=0.015, rate=rate)


def _cached(cache_dir: str | os.PathLike[str], name: str, make: Callable[[], list[float]]) -> Path:
    """Return ``cache_dir/name``, synthesising it first when missing or unreadable."""
    path = Path(cache_dir) / name
    try:
        if wav_info(path).frames > 0:
            return path
    except (OSError, ValueError, struct.error):
        pass
    log.debug("writing %s", path)
    return write_wav(path, make())


def chime_path(cache_dir: str | os.PathLike[str]) -> Path:
    """Path of the cached "ding-dong" chime WAV in ``cache_dir`` (created on first use)."""
    return _cached(cache_dir, CHIME_FILE, chime_samples)


def blip_path(cache_dir: str | os.PathLike[str]) -> Path:
    """Path of the cached confirm "blip" WAV in ``cache_dir`` (created on first use)."""
    return _cached(cache_dir, BLIP_FILE, blip_samples)


# ------------------------------------------------------------------------ player

_told_no_device = False  # the missing device is logged once per process


def has_audio_output() -> bool:
    """True when QtMultimedia reports at least one audio output device."""
    return bool(QMediaDevices.audioOutputs())


class SoundPlayer(QObject):
    """Plays one WAV file at a time through QtMultimedia; never raises for audio trouble.

    ``finished(path)`` is emitted once per :meth:`play` when the clip has ended:
    really played, or, without an audio device or after a playback error, once
    the clip's duration (from its WAV header) has passed.  A clip replaced by a
    new :meth:`play` or cut off by :meth:`stop` emits nothing.

    ``use_device`` forces the choice (True: always hand the clip to QMediaPlayer,
    False: only keep time); None (the default) asks QMediaDevices on each play.
    """

    finished = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        volume: float = 1.0,
        use_device: bool | None = None,
    ) -> None:
        """Create an idle player; QtMultimedia objects are made on the first real playback."""
        super().__init__(parent)
        self._volume = max(0.0, min(1.0, volume))
        self._use_device = use_device
        self._player: QMediaPlayer | None = None
        self._output: QAudioOutput | None = None
        self._devices: QMediaDevices | None = None
        self._current: str | None = None
        self._duration_ms = 0
        self._clock = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._done)
        self._told_error = False

    # public -----------------------------------------------------------------

    def play(self, path: str | os.PathLike[str]) -> None:
        """Start playing ``path``, stopping whatever this player was playing."""
        self.stop()
        self._current = os.fspath(path)
        self._duration_ms = wav_duration_ms(self._current)
        self._clock.start()
        if not self._device_available():
            self._timer.start(self._duration_ms)
            return
        # The watchdog first: setSource()/play() may report an error synchronously.
        self._timer.start(self._duration_ms + WATCHDOG_GRACE_MS)
        player = self._ensure_player()
        player.setSource(QUrl())
        player.setSource(QUrl.fromLocalFile(self._current))
        player.play()

    def stop(self) -> None:
        """Stop the current clip, if any, without emitting ``finished``."""
        self._timer.stop()
        self._current = None
        if self._player is not None:
            self._player.stop()

    def is_playing(self) -> bool:
        """True from :meth:`play` until ``finished`` (or :meth:`stop`)."""
        return self._current is not None

    def volume(self) -> float:
        """Playback volume, 0.0 (silent) to 1.0 (full)."""
        return self._volume

    # internals --------------------------------------------------------------

    def _device_available(self) -> bool:
        """Whether to hand the clip to QMediaPlayer; logs a missing device once."""
        if self._use_device is not None:
            return self._use_device
        try:
            available = has_audio_output()
        except Exception:
            log.exception("cannot list audio devices")
            available = False
        global _told_no_device
        if not available and not _told_no_device:
            log.info("no audio output device; sounds are silent and only keep time")
            _told_no_device = True
        return available

    def _ensure_player(self) -> QMediaPlayer:
        """Create the QMediaPlayer and its QAudioOutput on first use."""
        if self._player is None:
            self._output = QAudioOutput(self)
            self._output.setVolume(self._volume)
            self._player = QMediaPlayer(self)
            self._player.setAudioOutput(self._output)
            self._player.mediaStatusChanged.connect(self._on_status)
            self._player.errorOccurred.connect(self._on_error)
            self._devices = QMediaDevices(self)
            self._devices.audioOutputsChanged.connect(self._on_outputs_changed)
        return self._player

    def _on_outputs_changed(self) -> None:
        """Follow the system's default output when devices come and go."""
        if self._output is not None:
            self._output.setDevice(QMediaDevices.defaultAudioOutput())

    def _on_status(self, status: QMediaPlayer.MediaStatus) -> None:
        """End of media: finish on the next event-loop turn, outside QMediaPlayer's own signal."""
        if status == QMediaPlayer.MediaStatus.EndOfMedia and self._current is not None:
            self._timer.start(0)

    def _on_error(self, error: QMediaPlayer.Error, message: str) -> None:
        """Playback failed: log it and finish when the clip would have ended."""
        if self._current is None:
            return
        level = logging.DEBUG if self._told_error else logging.WARNING
        log.log(level, "cannot play %s (%s: %s); keeping time instead", self._current, error, message)
        self._told_error = True
        self._timer.start(max(0, self._duration_ms - self._clock.elapsed()))

    def _done(self) -> None:
        """Emit ``finished`` for the current clip and become idle."""
        path = self._current
        if path is None:
            return
        self._timer.stop()
        self._current = None
        if self._player is not None and self._player.playbackState() != QMediaPlayer.PlaybackState.StoppedState:
            self._player.stop()  # the watchdog fired: cut the stalled playback
        self.finished.emit(path)
