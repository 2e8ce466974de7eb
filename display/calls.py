"""From a call on the board to what the lobby hears.

``announcement_for`` builds the spoken text of one call from the site's settings (one
phrase per language in ``announcement_languages``, joined into one announcement so a
bilingual call gets one chime). :class:`SpeechVoice` is the announcer's voice: it speaks
each language part with its own :class:`display.voice.Voice` (recorded clips from
``voice_clips_dir`` when they cover the phrase, else espeak-ng).
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from db.records import CallRecord, ServiceQueue
from db.settings import SiteSettings
from display.phrases import announcement_text, default_template

if TYPE_CHECKING:
    from display.voice import Voice

log = logging.getLogger("antrian.display.calls")

#: Between the language parts of one announcement (also what the log shows).
PART_SEPARATOR = " / "


@dataclass(frozen=True)
class Announcement:
    """What to say for one call: the text per language, and how often."""

    parts: tuple[tuple[str, str], ...]  # (language, text)
    repeat: int

    @property
    def text(self) -> str:
        """The whole announcement as one line (what the announcer queues and logs)."""
        return PART_SEPARATOR.join(text for _lang, text in self.parts)


def announcement_for(call: CallRecord, settings: SiteSettings,
                     services: dict[str, ServiceQueue] | None = None) -> Announcement:
    """The announcement of ``call`` following the site's template, languages, style and repeat.

    ``settings`` were checked when read (``db.settings.from_rows``): languages, style and
    repeat hold allowed values; a template that is blank speaks the default.
    """
    parts = []
    for lang in settings.announcement_languages:
        template = settings.announcement_template(lang) or default_template(lang)
        svc = (services or {}).get(call.service_code)
        service_name = (svc.name_en if lang == "en" else svc.name_id) if svc else call.service_code
        text = announcement_text(template, call.label, call.counter_number, call.counter_name,
                                 service_name, number_style=settings.number_style, language=lang)
        parts.append((lang, text))
    return Announcement(tuple(parts), settings.announcement_repeat)


class SpeechVoice:
    """The announcer's voice source: each language part spoken by that language's voice.

    ``expect(announcement)`` (UI thread) tells it which parts make up an announcement's
    text; ``files_for(text)`` (announcer's worker thread) returns the WAV files of all
    parts in order. Unknown texts are spoken whole in Indonesian.
    """

    def __init__(self, cache_dir: str | os.PathLike[str], clips_dir: str | os.PathLike[str] | None = None,
                 *, espeak: str | None = None) -> None:
        self.cache_dir = Path(cache_dir)
        self._espeak = espeak
        self._lock = threading.Lock()
        self._clips: Path | None = None
        self._voices: dict[str, Voice] = {}
        self._parts: dict[str, tuple[tuple[str, str], ...]] = {}
        self.set_clips_dir(clips_dir)

    def set_clips_dir(self, clips_dir: str | os.PathLike[str] | None) -> None:
        """Use recorded clips from ``clips_dir`` (None or "" for none) from now on."""
        folder = Path(clips_dir) if clips_dir else None
        with self._lock:
            if folder != self._clips:
                self._clips = folder
                self._voices.clear()

    def expect(self, announcement: Announcement) -> None:
        """Remember the language parts of ``announcement.text`` (call before queuing it)."""
        with self._lock:
            self._parts[announcement.text] = announcement.parts
            while len(self._parts) > 64:
                self._parts.pop(next(iter(self._parts)))

    def parts_of(self, text: str) -> tuple[tuple[str, str], ...]:
        """The ``(language, text)`` parts of an announcement's text (unknown texts: Indonesian, whole)."""
        with self._lock:
            return self._parts.get(text, (("id", text),))

    def _voice(self, language: str) -> Voice:
        from display.voice import Voice  # QtMultimedia loads only once something is spoken

        with self._lock:
            voice = self._voices.get(language)
            if voice is None:
                voice = Voice(self.cache_dir, self._clips, language=language, espeak=self._espeak)
                self._voices[language] = voice
            return voice

    def files_for(self, text: str) -> list[Path]:
        """The WAV files speaking ``text``, part by part (empty when no voice is available)."""
        files: list[Path] = []
        for language, part in self.parts_of(text):
            files.extend(self._voice(language).files_for(part))
        return files
