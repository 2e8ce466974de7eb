"""The operating system's own voice, for a PC with neither recorded clips nor espeak-ng.

Windows has no espeak-ng unless someone installs it, but it does speak: its speech
engines (SAPI, WinRT) are reached through QtTextToSpeech, and Windows 10/11 have an
Indonesian voice ("Microsoft Andika") once the Indonesian speech pack is added under
*Settings → Time & language → Speech*. On Linux QtTextToSpeech uses speech-dispatcher when
it runs. This is the announcer's third choice (see :mod:`display.voice` for the first
two): it is used only when a phrase got no WAV files, and only for a language the engine
has a voice for; otherwise the board plays the chime alone, as before.

It speaks directly (no WAV files), so the announcer waits for :attr:`SystemVoice.done`
before it goes on; a voice that never reports the end is cut off after
:func:`time_limit_ms`.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Sequence

from PySide6.QtCore import QLocale, QObject, QTimer, Signal

log = logging.getLogger("antrian.display.system_voice")

_LANGUAGES = {"id": QLocale.Language.Indonesian, "en": QLocale.Language.English}


def time_limit_ms(text: str) -> int:
    """The longest a phrase may take: 2 s plus 0.6 s a word (a slow voice speaks 120 a minute)."""
    return 2000 + 600 * len(text.split())


class SystemVoice(QObject):
    """Speaks ``(language, text)`` parts one after another with QtTextToSpeech.

    ``engine`` names the QtTextToSpeech engine (None: the platform's default; the tests
    use Qt's ``mock`` engine). ``done`` is emitted once every part was spoken, failed or
    timed out.
    """

    done = Signal()

    def __init__(self, engine: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtTextToSpeech import QTextToSpeech  # loaded only on a PC that needs it

        self._tts = QTextToSpeech(engine, self) if engine else QTextToSpeech(self)
        self._tts.stateChanged.connect(self._state_changed)
        self._State = QTextToSpeech.State
        self._parts: deque[tuple[str, str]] = deque()
        self._speaking = False
        self._limit = QTimer(self)
        self._limit.setSingleShot(True)
        self._limit.timeout.connect(self._timed_out)

    def covers(self, language: str) -> bool:
        """Whether the engine has a voice for ``language`` (``id`` or ``en``)."""
        wanted = _LANGUAGES.get(language)
        return wanted is not None and any(loc.language() == wanted for loc in self._tts.availableLocales())

    def speak(self, parts: Sequence[tuple[str, str]]) -> None:
        """Say each part in its language; ``done`` follows (at once when there is nothing to say)."""
        self._parts = deque((lang, text) for lang, text in parts if text.strip() and self.covers(lang))
        self._next()

    def stop(self) -> None:
        """Stop speaking and forget the rest (the board is closing)."""
        self._parts.clear()
        self._limit.stop()
        self._speaking = False
        self._tts.stop()

    def _next(self) -> None:
        if not self._parts:
            self._limit.stop()
            self.done.emit()
            return
        language, text = self._parts.popleft()
        wanted = _LANGUAGES[language]
        locale = next(loc for loc in self._tts.availableLocales() if loc.language() == wanted)
        self._tts.setLocale(locale)
        self._speaking = False
        self._limit.start(time_limit_ms(text))
        self._tts.say(text)

    def _state_changed(self, state: object) -> None:
        if state == self._State.Speaking:
            self._speaking = True
        elif state == self._State.Error:
            log.warning("the system voice failed: %s; going on without it", self._tts.errorString())
            self._limit.stop()
            self._next()
        elif state == self._State.Ready and self._speaking:
            self._speaking = False
            self._limit.stop()
            self._next()

    def _timed_out(self) -> None:
        log.warning("the system voice did not finish in time; going on")
        self._tts.stop()
        self._speaking = False
        self._next()
