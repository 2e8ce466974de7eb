"""Translations: Indonesian first, English second, switched at run time.

Each app registers its own texts (``register``); widgets connect to
``translator().language_changed`` and re-translate everything they show.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject, Signal

from db.sitetime import long_date

LANGUAGES = ("id", "en")

_STRINGS: dict[str, dict[str, str]] = {
    "offline": {
        "id": "Koneksi ke basis data terputus — mencoba menyambungkan kembali…",
        "en": "Connection to the database lost — reconnecting…",
    },
    "connecting": {"id": "Menyambungkan ke basis data…", "en": "Connecting to the database…"},
    "minutes": {"id": "{n} menit", "en": "{n} min"},
    "waiting_n": {"id": "{n} menunggu", "en": "{n} waiting"},
    "counter": {"id": "Loket", "en": "Counter"},
    "paused": {"id": "Istirahat", "en": "Paused"},
    "closed": {"id": "Tutup", "en": "Closed"},
}


def register(strings: dict[str, dict[str, str]]) -> None:
    """Add an app's texts: ``{key: {"id": …, "en": …}}``. Both languages are required."""
    for key, texts in strings.items():
        missing = set(LANGUAGES) - set(texts)
        if missing:
            raise ValueError(f"text '{key}' lacks {', '.join(sorted(missing))}")
    _STRINGS.update(strings)


class Translator(QObject):
    """Holds the current language and tells every screen when it changes."""

    language_changed = Signal(str)

    def __init__(self, language: str = "id") -> None:
        super().__init__()
        self.language = language if language in LANGUAGES else "id"

    def set_language(self, language: str) -> None:
        """Switch language; every connected screen re-translates itself."""
        if language not in LANGUAGES:
            raise ValueError(f"unknown language '{language}'")
        if language != self.language:
            self.language = language
            self.language_changed.emit(language)

    def toggle(self) -> None:
        """Switch between Indonesian and English."""
        self.set_language("en" if self.language == "id" else "id")

    def tr(self, key: str, **values: object) -> str:
        """The text for ``key`` in the current language, formatted with ``values``."""
        texts = _STRINGS.get(key)
        if texts is None:
            return key
        return texts[self.language].format(**values)

    def date_text(self, when: date) -> str:
        """A date like ``Senin, 23 November 2026`` in the current language."""
        return long_date(when, self.language)


_translator: Translator | None = None


def translator() -> Translator:
    """The process-wide translator."""
    global _translator
    if _translator is None:
        _translator = Translator()
    return _translator


def tr(key: str, **values: object) -> str:
    """Shortcut for ``translator().tr``."""
    return translator().tr(key, **values)
