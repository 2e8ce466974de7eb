"""The operating system's voice (QtTextToSpeech) as the announcer's last choice, driven
through Qt's own ``mock`` speech engine (it has English voices and no Indonesian one):
spoken after the chime when a phrase has no WAV files, skipped for a language without a
voice, never over another clip, and cut off when it never ends."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from display import system_voice
from display.announcer import Announcer
from display.system_voice import SystemVoice, time_limit_ms
from tests.display.test_announcer import ClipVoice, RecordingPlayer, tone
from ui.sound import NO_AUDIO_QT_WARNINGS

pytestmark = pytest.mark.qt_log_ignore(*NO_AUDIO_QT_WARNINGS)


@pytest.fixture
def mock_voice(qtbot: QtBot) -> Iterator[SystemVoice]:
    """A SystemVoice on Qt's mock engine; it records when it started and finished each phrase."""
    voice = SystemVoice("mock")
    said: list[tuple[str, float]] = []
    voice.said = said  # type: ignore[attr-defined]
    voice._tts.stateChanged.connect(lambda state: said.append((state.name, time.monotonic())))
    yield voice
    voice.stop()


def test_languages_the_engine_has(mock_voice: SystemVoice) -> None:
    assert mock_voice.covers("en") and not mock_voice.covers("id") and not mock_voice.covers("fr")


def test_spoken_after_the_chime_when_there_are_no_files(qtbot: QtBot, tmp_path: Path,
                                                        mock_voice: SystemVoice) -> None:
    player = RecordingPlayer()
    chime = tone(tmp_path / "chime.wav", 150)
    parts = {"Queue number A 7, counter 2": (("id", "Nomor antrian A tujuh"), ("en", "Queue number A 7, counter 2"))}
    made: list[SystemVoice] = []

    def make() -> SystemVoice:
        made.append(mock_voice)
        return mock_voice

    ann = Announcer(ClipVoice([]), chime, player, speaker=make, parts_of=lambda t: parts[t], gap_ms=0)
    with qtbot.waitSignal(ann.finished, timeout=20_000):
        ann.announce("Queue number A 7, counter 2")
    assert player.played() == ["chime.wav"]
    states = [name for name, _ in mock_voice.said]  # type: ignore[attr-defined]
    assert "Speaking" in states and states[-1] == "Ready"  # the English part was said, the Indonesian skipped
    chime_end = next(t for kind, _, t in player.log if kind == "end")
    assert mock_voice.said[0][1] >= chime_end  # type: ignore[attr-defined]  # after the chime, not over it
    with qtbot.waitSignal(ann.finished, timeout=20_000):
        ann.announce("Queue number A 7, counter 2")
    assert len(made) == 1  # made once, on first need
    ann.shutdown()


def test_with_files_the_system_voice_is_not_even_made(qtbot: QtBot, tmp_path: Path) -> None:
    player = RecordingPlayer()
    clip = tone(tmp_path / "nomor.wav", 100)
    made: list[int] = []
    ann = Announcer(ClipVoice([clip]), None, player, speaker=lambda: made.append(1) or None, gap_ms=0)  # type: ignore[func-returns-value]
    with qtbot.waitSignal(ann.finished, timeout=10_000):
        ann.announce("Nomor A tujuh")
    assert player.played() == ["nomor.wav"] and made == []
    ann.shutdown()


def test_no_voice_for_the_language_is_the_chime_alone(qtbot: QtBot, tmp_path: Path, mock_voice: SystemVoice) -> None:
    player = RecordingPlayer()
    ann = Announcer(ClipVoice([]), tone(tmp_path / "chime.wav", 100), player, speaker=lambda: mock_voice, gap_ms=0)
    with qtbot.waitSignal(ann.finished, timeout=10_000):
        ann.announce("Nomor antrian A tujuh")  # Indonesian, and the mock engine has no Indonesian voice
    assert player.played() == ["chime.wav"] and mock_voice.said == []  # type: ignore[attr-defined]
    ann.shutdown()


def test_a_voice_that_never_ends_is_cut_off(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
                                            mock_voice: SystemVoice) -> None:
    assert time_limit_ms("Queue number A 7") == 2000 + 4 * 600
    monkeypatch.setattr(system_voice, "time_limit_ms", lambda text: 1)  # shorter than any mock speech
    with qtbot.waitSignal(mock_voice.done, timeout=10_000):
        mock_voice.speak((("en", "Queue number A 7, please proceed to counter 2"),))
    with qtbot.waitSignal(mock_voice.done, timeout=1_000):
        mock_voice.speak(())  # nothing to say: done at once
