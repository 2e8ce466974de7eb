"""Turn an announcement phrase into WAV files to play in order.

Sources, best first:

1. a folder of recorded clips provided by the site, one WAV per word named by
   the lower-case word (``nomor.wav``, ``a.wav``, ``tujuh.wav``, ...); used only
   when every word of the phrase has a clip;
2. ``espeak-ng`` (``-v id`` or ``-v en``) writing one WAV per phrase into a cache
   directory, keyed by a hash of the voice settings and the text;
3. nothing: the announcer then plays the chime alone.

Nothing here raises for a missing or failing espeak-ng: it is logged.  The
methods block (espeak-ng takes ~100 ms), so call them off the UI thread.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import shutil
import subprocess
import sys
import threading
import uuid
from pathlib import Path
from typing import Protocol

from ui.sound import wav_info

log = logging.getLogger("antrian.display.voice")

ESPEAK_TIMEOUT_S = 15.0
ESPEAK_VOICES = {"id": "id", "en": "en"}

_WORD = re.compile(r"[^\W_]+")


class VoiceSource(Protocol):
    """Anything that turns a phrase into WAV files to play in order (may block)."""

    def files_for(self, text: str) -> list[Path]:
        """Return the WAV files that speak ``text``, or an empty list."""
        ...


def phrase_words(text: str) -> list[str]:
    """Split a phrase into lower-case words, dropping punctuation: "Nomor A-7," -> ["nomor", "a", "7"]."""
    return [w.lower() for w in _WORD.findall(text)]


def clip_files(text: str, clips_dir: str | os.PathLike[str] | None) -> list[Path] | None:
    """The recorded clips speaking ``text`` word by word, or None unless every word has one.

    Clip names are matched case-insensitively (``Nomor.WAV`` serves "nomor").
    """
    if clips_dir is None:
        return None
    folder = Path(clips_dir)
    try:
        index = {
            p.stem.lower(): p
            for p in folder.iterdir()
            if p.suffix.lower() == ".wav" and p.is_file()
        }
    except OSError as exc:
        log.warning("cannot read the voice clip folder %s: %s", folder, exc)
        return None
    words = phrase_words(text)
    if not words:
        return None
    missing = [w for w in words if w not in index]
    if missing:
        log.info("no recorded clip for %s; not using the clip folder for %r", ", ".join(missing), text)
        return None
    return [index[w] for w in words]


class Voice:
    """The display's voice: recorded clips, else cached espeak-ng, else silence.

    ``language`` is "id" or "en"; ``speed`` is espeak-ng words per minute.
    ``espeak`` is the espeak-ng executable; by default it is looked up on PATH
    with ``shutil.which`` (Windows usually has none: the voice is then clips or
    nothing).  Instances may be used from several threads.
    """

    def __init__(
        self,
        cache_dir: str | os.PathLike[str],
        clips_dir: str | os.PathLike[str] | None = None,
        language: str = "id",
        speed: int = 150,
        espeak: str | None = None,
    ) -> None:
        """Prepare a voice; nothing is run or written until :meth:`files_for`."""
        self.cache_dir = Path(cache_dir)
        self.clips_dir = Path(clips_dir) if clips_dir is not None else None
        self.language = language if language in ESPEAK_VOICES else "id"
        self.speed = speed
        self._espeak = espeak
        self._lock = threading.Lock()
        self._told_missing = False

    def files_for(self, text: str) -> list[Path]:
        """WAV files that speak ``text``, in order; an empty list when no voice is available."""
        if not text.strip():
            return []
        clips = clip_files(text, self.clips_dir)
        if clips is not None:
            return clips
        spoken = self.espeak_wav(text)
        return [spoken] if spoken is not None else []

    def espeak_executable(self) -> str | None:
        """The espeak-ng executable to run, or None (logged once) when there is none."""
        exe = self._espeak or shutil.which("espeak-ng")
        if exe is None:
            with self._lock:
                if not self._told_missing:
                    log.warning("espeak-ng not found on PATH; announcements are chime only")
                    self._told_missing = True
        return exe

    def cache_path(self, text: str) -> Path:
        """Where the espeak-ng rendering of ``text`` is cached (keyed by voice, speed and text)."""
        key = f"espeak-ng\0{ESPEAK_VOICES[self.language]}\0{self.speed}\0{text}"
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
        return self.cache_dir / f"voice-{self.language}-{digest}.wav"

    def espeak_wav(self, text: str) -> Path | None:
        """Render ``text`` with espeak-ng into the cache (reusing an earlier rendering); None on failure."""
        target = self.cache_path(text)
        if _valid_wav(target):
            log.debug("voice cache hit %s for %r", target.name, text)
            return target
        exe = self.espeak_executable()
        if exe is None:
            return None
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            log.warning("cannot create the voice cache %s: %s", self.cache_dir, exc)
            return None
        tmp = target.with_name(f".{target.stem}.{os.getpid()}.{uuid.uuid4().hex[:8]}.wav")
        cmd = [exe, "-v", ESPEAK_VOICES[self.language], "-s", str(self.speed), "-w", str(tmp), "--stdin"]
        try:
            result = subprocess.run(
                cmd,
                input=text.encode("utf-8"),
                capture_output=True,
                timeout=ESPEAK_TIMEOUT_S,
                check=False,
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0) if sys.platform == "win32" else 0,
            )
            if result.returncode != 0:
                log.warning(
                    "espeak-ng failed (exit %s) for %r: %s",
                    result.returncode, text, result.stderr.decode("utf-8", "replace").strip(),
                )
                return None
            if not _valid_wav(tmp):
                log.warning("espeak-ng wrote no usable WAV for %r", text)
                return None
            os.replace(tmp, target)
            log.debug("voice cached %s for %r", target.name, text)
            return target
        except (OSError, subprocess.SubprocessError) as exc:
            log.warning("cannot run espeak-ng for %r: %s", text, exc)
            return None
        finally:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)


def _valid_wav(path: Path) -> bool:
    """True when ``path`` is a readable WAV file with at least one frame."""
    try:
        return wav_info(path).frames > 0
    except (OSError, ValueError):
        return False
