"""The one re-translation helper: ``ui.i18n.retranslate_on_switch`` and ``Translator.text``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import SIGNAL
from PySide6.QtWidgets import QLabel, QWidget

from ui.i18n import Translator, register, retranslate_on_switch, stop_retranslating, tr, translator

register({"test.greeting": {"id": "Selamat datang", "en": "Welcome"}})

_SIGNAL = SIGNAL("language_changed(QString)")


class Greeting(QLabel):
    """A label that counts how often it was translated."""

    def __init__(self, calls: list[str]) -> None:
        super().__init__()
        self.calls = calls
        retranslate_on_switch(self)

    def translate_ui(self) -> None:
        """Set the greeting in the current language."""
        self.calls.append(translator().language)
        self.setText(tr("test.greeting"))


@pytest.fixture(autouse=True)
def indonesian() -> Iterator[None]:
    translator().set_language("id")
    yield
    translator().set_language("id")


def test_translated_at_registration_and_on_every_switch(qtbot: Any) -> None:
    calls: list[str] = []
    label = Greeting(calls)
    qtbot.addWidget(label)
    assert calls == ["id"]
    assert label.text() == "Selamat datang"
    translator().set_language("en")
    assert calls == ["id", "en"]
    assert label.text() == "Welcome"
    translator().set_language("en")  # no switch, no call
    translator().toggle()
    assert calls == ["id", "en", "id"]
    assert label.text() == "Selamat datang"


def test_registering_twice_still_translates_once_per_switch(qtbot: Any) -> None:
    calls: list[str] = []
    label = Greeting(calls)
    qtbot.addWidget(label)
    retranslate_on_switch(label)
    assert calls == ["id", "id"]  # each registration translates at once
    translator().set_language("en")
    assert calls == ["id", "id", "en"]


def test_a_destroyed_widget_leaves_no_connection(qtbot: Any) -> None:
    before = translator().receivers(_SIGNAL)
    calls: list[str] = []
    label = Greeting(calls)
    assert translator().receivers(_SIGNAL) == before + 1
    shiboken6.delete(label)
    assert translator().receivers(_SIGNAL) == before
    translator().set_language("en")  # must not reach the deleted label
    assert calls == ["id"]


def test_a_child_widget_dies_with_its_window(qtbot: Any) -> None:
    before = translator().receivers(_SIGNAL)
    window = QWidget()
    calls: list[str] = []
    label = Greeting(calls)
    label.setParent(window)
    shiboken6.delete(window)
    assert translator().receivers(_SIGNAL) == before
    translator().set_language("en")
    assert calls == ["id"]


def test_stop_retranslating(qtbot: Any) -> None:
    before = translator().receivers(_SIGNAL)
    calls: list[str] = []
    label = Greeting(calls)
    qtbot.addWidget(label)
    stop_retranslating(label)
    stop_retranslating(label)  # a second stop is harmless
    assert translator().receivers(_SIGNAL) == before
    translator().set_language("en")
    assert calls == ["id"]
    assert label.text() == "Selamat datang"


def test_a_widget_without_translate_ui_is_refused(qtbot: Any) -> None:
    plain = QLabel()
    qtbot.addWidget(plain)
    with pytest.raises(TypeError, match="translate_ui"):
        retranslate_on_switch(plain)


def test_translator_text_does_not_shadow_qobject_tr() -> None:
    assert "tr" not in Translator.__dict__
    t = Translator("en")
    assert t.tr("test.greeting") == "test.greeting"  # Qt's own tr: no catalogue installed
    assert t.text("test.greeting") == "Welcome"
    assert t.text("minutes", n=5) == "5 min"
    assert t.text("no.such.key") == "no.such.key"
    assert Translator("xx").language == "id"
    with pytest.raises(ValueError, match="unknown language"):
        t.set_language("fr")
