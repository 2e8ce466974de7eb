"""Translations: Indonesian first, English second, switched at run time.

Each app registers its own texts (``register``). A widget that shows text defines
``translate_ui()`` (set every text in the current language) and calls
``retranslate_on_switch(self)`` once, at the end of its ``__init__``: ``translate_ui`` runs
then and again after every language switch, until the widget is destroyed.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol, cast

from PySide6.QtCore import QObject, Qt, Signal, Slot

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

    def text(self, key: str, **values: object) -> str:
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
    """Shortcut for ``translator().text``."""
    return translator().text(key, **values)


class Translatable(Protocol):
    """A QObject that sets its texts in the current language."""

    def translate_ui(self) -> None:
        """Set every text this object shows in the current language."""


class _Retranslator(QObject):
    """A child of the registered widget: relays each language switch to its ``translate_ui``.

    Being a child, it is destroyed with the widget, and Qt drops its connection to the
    process-wide translator then: the translator never calls into a deleted widget. It keeps
    no Python reference to the widget (``parent()`` finds it), so it adds no cycle.
    """

    def __init__(self, widget: QObject) -> None:
        super().__init__(widget)
        self.setObjectName("retranslator")
        translator().language_changed.connect(self._switched)

    @Slot(str)
    def _switched(self, _language: str) -> None:
        widget = self.parent()
        if widget is not None:
            cast(Translatable, widget).translate_ui()


def retranslate_on_switch(widget: QObject) -> None:
    """Call ``widget.translate_ui()`` now and after every language switch while ``widget`` lives.

    Register once per widget: a second registration only translates again, it adds no
    second relay. ``widget`` must be a QObject with a ``translate_ui()`` method taking no
    arguments (else ``TypeError``).
    """
    if not callable(getattr(widget, "translate_ui", None)):
        raise TypeError(f"{type(widget).__name__} has no translate_ui()")
    if _relay_of(widget) is None:
        _Retranslator(widget)
    cast(Translatable, widget).translate_ui()


def stop_retranslating(widget: QObject) -> None:
    """No more ``translate_ui`` calls for ``widget`` (shut down, to be deleted later)."""
    relay = _relay_of(widget)
    if relay is not None:
        translator().language_changed.disconnect(relay._switched)
        relay.setParent(None)
        relay.deleteLater()


def _relay_of(widget: QObject) -> _Retranslator | None:
    return widget.findChild(_Retranslator, "retranslator", Qt.FindChildOption.FindDirectChildrenOnly)
