"""The announcer: chime + voice, queued, never overlapping, off-thread synthesis."""

from __future__ import annotations

import logging
import math
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from display.announcer import Announcer
from display.phrases import DEFAULT_TEMPLATE_ID, announcement_text
from display.voice import Voice
from ui.sound import NO_AUDIO_QT_WARNINGS, SoundPlayer, chime_path, wav_duration_ms, write_wav

# QtMultimedia's FFmpeg backend warns about missing PipeWire/VA-API libraries and
# an unreachable PulseAudio server on this headless machine: expected, not a bug.
pytestmark = pytest.mark.qt_log_ignore(*NO_AUDIO_QT_WARNINGS)

LOGGER = "antrian.display.announcer"


def tone(path: Path, ms: int, freq: float = 440.0) -> Path:
    """Write a short sine tone."""
    rate = 8000
    return write_wav(path, [0.3 * math.sin(2 * math.pi * freq * k / rate) for k in range(rate * ms // 1000)], rate)


class RecordingPlayer(SoundPlayer):
    """A SoundPlayer that keeps time (no device) and records when each clip starts and ends."""

    def __init__(self) -> None:
        super().__init__(use_device=False)
        self.log: list[tuple[str, str, float]] = []
        self.finished.connect(lambda p: self.log.append(("end", p, time.monotonic())))

    def play(self, path: str | os.PathLike[str]) -> None:
        assert not self.is_playing(), "a clip was started while another was playing"
        self.log.append(("play", os.fspath(path), time.monotonic()))
        super().play(path)

    def played(self) -> list[str]:
        return [Path(p).name for kind, p, _ in self.log if kind == "play"]

    def assert_sequential(self) -> None:
        """Every clip ends before the next starts, and lasts its real duration."""
        kinds = [kind for kind, _, _ in self.log]
        assert kinds == ["play", "end"] * (len(kinds) // 2)
        for (_, path, t0), (_, end_path, t1) in zip(self.log[::2], self.log[1::2], strict=False):
            assert end_path == path
            assert t1 - t0 >= wav_duration_ms(path) / 1000 - 0.005


class ClipVoice:
    """A fake voice: fixed clips per phrase, recorded thread, optional delay or failure."""

    def __init__(self, files: list[Path], delay_s: float = 0.0, fail: bool = False) -> None:
        self.files = files
        self.delay_s = delay_s
        self.fail = fail
        self.threads: list[int] = []
        self.texts: list[str] = []

    def files_for(self, text: str) -> list[Path]:
        self.threads.append(threading.get_ident())
        self.texts.append(text)
        if self.delay_s:
            time.sleep(self.delay_s)  # worker thread, not the UI thread
        if self.fail:
            raise RuntimeError("synthesiser crashed")
        return list(self.files)


@pytest.fixture
def clips(tmp_path: Path) -> dict[str, Path]:
    return {
        "chime": tone(tmp_path / "chime.wav", 150, 660),
        "v1": tone(tmp_path / "v1.wav", 120, 300),
        "v2": tone(tmp_path / "v2.wav", 80, 350),
    }


Made = tuple[Announcer, "RecordingPlayer", list[tuple[str, str]]]


@pytest.fixture
def make(qtbot: QtBot) -> Iterator[Callable[..., Made]]:
    """Build announcers with a recording player; shut them down after the test."""
    built: list[Announcer] = []

    def build(voice: object, chime: Path | None, **kwargs: object) -> Made:
        player = RecordingPlayer()
        announcer = Announcer(voice, chime, player, gap_ms=50, **kwargs)  # type: ignore[arg-type]
        player.setParent(announcer)
        events: list[tuple[str, str]] = []
        announcer.started.connect(lambda t: events.append(("started", t)))
        announcer.finished.connect(lambda t: events.append(("finished", t)))
        built.append(announcer)
        return announcer, player, events

    yield build
    for announcer in built:
        announcer.shutdown()


def test_back_to_back_announcements_play_in_order_without_overlap(
    make: Callable[..., Made], qtbot: QtBot, clips: dict[str, Path], caplog: pytest.LogCaptureFixture
) -> None:
    voice = ClipVoice([clips["v1"], clips["v2"]])
    announcer, player, events = make(voice, clips["chime"])
    assert announcer.is_idle()
    start = time.monotonic()
    with caplog.at_level(logging.INFO, logger=LOGGER):
        announcer.announce("first")
        announcer.announce("second")
        assert not announcer.is_idle()
        qtbot.waitUntil(announcer.is_idle, timeout=5000)
    elapsed = time.monotonic() - start
    assert events == [("started", "first"), ("finished", "first"), ("started", "second"), ("finished", "second")]
    assert player.played() == ["chime.wav", "v1.wav", "v2.wav"] * 2
    player.assert_sequential()
    assert elapsed >= 2 * (0.150 + 0.120 + 0.080) + 0.050  # real durations plus the gap
    lines = [r.getMessage() for r in caplog.records if r.name == LOGGER and r.levelno == logging.INFO]
    assert lines == [
        "announce started: first",
        "announce finished: first",
        "announce started: second",
        "announce finished: second",
    ]


def test_voice_is_synthesised_off_the_ui_thread(make: Callable[..., Made], qtbot: QtBot, clips: dict[str, Path]) -> None:
    voice = ClipVoice([clips["v1"]], delay_s=0.4)  # slower than the chime
    announcer, player, events = make(voice, clips["chime"])
    t0 = time.monotonic()
    announcer.announce("slow voice")
    assert time.monotonic() - t0 < 0.2  # announce() did not wait for the synthesiser
    qtbot.waitUntil(announcer.is_idle, timeout=5000)
    assert voice.threads and threading.get_ident() not in voice.threads
    assert player.played() == ["chime.wav", "v1.wav"]
    player.assert_sequential()
    # the voice started only once synthesis was done, after the chime
    voice_start = next(t for kind, p, t in player.log if kind == "play" and p.endswith("v1.wav"))
    assert voice_start - t0 >= 0.4
    assert events == [("started", "slow voice"), ("finished", "slow voice")]


def test_repeat_plays_chime_and_voice_again(make: Callable[..., Made], qtbot: QtBot, clips: dict[str, Path]) -> None:
    voice = ClipVoice([clips["v1"], clips["v2"]])
    announcer, player, events = make(voice, clips["chime"])
    announcer.announce("twice", repeat=2)
    qtbot.waitUntil(announcer.is_idle, timeout=5000)
    assert player.played() == ["chime.wav", "v1.wav", "v2.wav"] * 2
    assert events == [("started", "twice"), ("finished", "twice")]
    assert voice.texts == ["twice"]  # synthesised once, played twice
    player.assert_sequential()


def test_repeat_with_a_single_chime(make: Callable[..., Made], qtbot: QtBot, clips: dict[str, Path]) -> None:
    announcer, player, _ = make(ClipVoice([clips["v1"]]), clips["chime"], chime_every_repeat=False)
    announcer.announce("three times", repeat=3)
    qtbot.waitUntil(announcer.is_idle, timeout=5000)
    assert player.played() == ["chime.wav", "v1.wav", "v1.wav", "v1.wav"]


def test_failing_voice_still_plays_the_chime_and_finishes(
    make: Callable[..., Made], qtbot: QtBot, clips: dict[str, Path], caplog: pytest.LogCaptureFixture
) -> None:
    announcer, player, events = make(ClipVoice([clips["v1"]], fail=True), clips["chime"])
    with caplog.at_level(logging.INFO, logger=LOGGER):
        announcer.announce("broken", repeat=2)
        announcer.announce("after")
        qtbot.waitUntil(announcer.is_idle, timeout=5000)
    assert player.played() == ["chime.wav"] * 3
    assert events == [("started", "broken"), ("finished", "broken"), ("started", "after"), ("finished", "after")]
    assert "voice synthesis failed" in caplog.text


def test_no_voice_and_no_chime_still_finishes(make: Callable[..., Made], qtbot: QtBot) -> None:
    announcer, player, events = make(None, None)
    with qtbot.waitSignal(announcer.finished, timeout=2000) as blocker:
        announcer.announce("silent")
    assert blocker.args == ["silent"]
    assert player.played() == []
    assert events == [("started", "silent"), ("finished", "silent")]


def test_pending_and_idle(make: Callable[..., Made], qtbot: QtBot, clips: dict[str, Path]) -> None:
    announcer, _, events = make(ClipVoice([clips["v1"]]), clips["chime"])
    assert announcer.pending() == 0 and announcer.is_idle()
    for name in ("a", "b", "c"):
        announcer.announce(name)
    assert announcer.pending() == 2  # "a" is playing
    assert not announcer.is_idle()
    qtbot.waitUntil(lambda: announcer.pending() == 1, timeout=5000)
    assert events[-1] == ("started", "b")
    qtbot.waitUntil(announcer.is_idle, timeout=5000)
    assert announcer.pending() == 0
    assert [t for kind, t in events if kind == "finished"] == ["a", "b", "c"]


def test_announcing_from_the_finished_slot_does_not_overlap(
    make: Callable[..., Made], qtbot: QtBot, clips: dict[str, Path]
) -> None:
    announcer, player, events = make(ClipVoice([clips["v1"]]), clips["chime"])
    announcer.finished.connect(lambda t: t == "one" and announcer.announce("two"))
    announcer.announce("one")
    qtbot.waitUntil(lambda: ("finished", "two") in events, timeout=5000)
    assert events == [("started", "one"), ("finished", "one"), ("started", "two"), ("finished", "two")]
    player.assert_sequential()


def test_clear_pending(make: Callable[..., Made], qtbot: QtBot, clips: dict[str, Path]) -> None:
    announcer, _, events = make(ClipVoice([clips["v1"]]), clips["chime"])
    for name in ("a", "b", "c"):
        announcer.announce(name)
    assert announcer.clear_pending() == 2
    qtbot.waitUntil(announcer.is_idle, timeout=5000)
    assert events == [("started", "a"), ("finished", "a")]


def test_repeat_must_be_positive(make: Callable[..., Made], qtbot: QtBot) -> None:
    announcer, _, _ = make(None, None)
    with pytest.raises(ValueError):
        announcer.announce("x", repeat=0)
    assert announcer.is_idle()


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed (Debian package espeak-ng)")
def test_real_chime_and_espeak_voice(make: Callable[..., Made], qtbot: QtBot, tmp_path: Path) -> None:
    text = announcement_text(DEFAULT_TEMPLATE_ID, "A-007", 2, "Loket 2", "Desk CAPA")
    announcer, player, events = make(Voice(tmp_path / "cache"), chime_path(tmp_path))
    start = time.monotonic()
    announcer.announce(text)
    qtbot.waitUntil(announcer.is_idle, timeout=20000)
    elapsed = time.monotonic() - start
    paths = [p for kind, p, _ in player.log if kind == "play"]
    assert len(paths) == 2 and paths[0].endswith("chime-v1.wav") and paths[1].endswith(".wav")
    expected = sum(wav_duration_ms(p) for p in paths) / 1000
    assert expected > 2.5 and expected - 0.01 <= elapsed < expected + 2.0
    assert events == [("started", text), ("finished", text)]
    player.assert_sequential()
