"""Voice sources: recorded clips, cached espeak-ng, or nothing."""

from __future__ import annotations

import logging
import math
import os
import shutil
import subprocess
import wave
from pathlib import Path
from typing import Any

import pytest

from display import voice as voice_mod
from display.voice import Voice, clip_files, phrase_words
from ui.sound import wav_info, write_wav

PHRASE = "Nomor antrian A nol nol tujuh, silakan menuju loket dua"
LOGGER = "antrian.display.voice"
ESPEAK = shutil.which("espeak-ng")
needs_espeak = pytest.mark.skipif(ESPEAK is None, reason="espeak-ng is not installed (Debian package espeak-ng)")
posix_only = pytest.mark.skipif(os.name != "posix", reason="the fake espeak-ng is a shell script")


def make_clips(folder: Path, words: list[str]) -> dict[str, Path]:
    """Write a short distinct tone for each word, named ``<word>.wav``."""
    folder.mkdir(parents=True, exist_ok=True)
    clips = {}
    for i, word in enumerate(words):
        freq = 300 + 40 * i
        samples = [0.3 * math.sin(2 * math.pi * freq * k / 8000) for k in range(800)]
        clips[word] = write_wav(folder / f"{word}.wav", samples, rate=8000)
    return clips


def fake_espeak(tmp_path: Path, body: str) -> str:
    """A shell script standing in for espeak-ng."""
    script = tmp_path / "fake-espeak-ng"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(0o755)
    return str(script)


class RunSpy:
    """Counts subprocess.run calls made by display.voice, passing them through."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []
        self._real = subprocess.run

    def __call__(self, cmd: list[str], *args: Any, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
        self.calls.append(cmd)
        return self._real(cmd, *args, **kwargs)


@pytest.fixture
def run_spy(monkeypatch: pytest.MonkeyPatch) -> RunSpy:
    spy = RunSpy()
    monkeypatch.setattr(voice_mod.subprocess, "run", spy)
    return spy


def test_phrase_words() -> None:
    assert phrase_words(PHRASE) == [
        "nomor", "antrian", "a", "nol", "nol", "tujuh", "silakan", "menuju", "loket", "dua",
    ]
    assert phrase_words(" ,.- ") == []


def test_clip_folder_is_preferred_over_espeak(tmp_path: Path, run_spy: RunSpy) -> None:
    clips = make_clips(tmp_path / "clips", phrase_words(PHRASE))
    v = Voice(tmp_path / "cache", clips_dir=tmp_path / "clips")
    files = v.files_for(PHRASE)
    words = phrase_words(PHRASE)
    assert files == [clips[w] for w in words]
    assert files[3] == files[4] == clips["nol"]
    assert run_spy.calls == []  # espeak-ng was never run
    assert not (tmp_path / "cache").exists()


def test_clip_names_are_case_insensitive(tmp_path: Path) -> None:
    folder = tmp_path / "clips"
    make_clips(folder, ["Loket", "DUA"])
    (folder / "DUA.wav").rename(folder / "DUA.WAV")
    files = clip_files("loket dua", folder)
    assert files is not None and [p.name for p in files] == ["Loket.wav", "DUA.WAV"]


def test_incomplete_clip_folder_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_clips(tmp_path / "clips", ["nomor", "antrian"])
    assert clip_files(PHRASE, tmp_path / "clips") is None
    monkeypatch.setattr(voice_mod.shutil, "which", lambda name: None)
    assert Voice(tmp_path / "cache", clips_dir=tmp_path / "clips").files_for(PHRASE) == []


def test_missing_clip_folder_is_logged_not_raised(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert clip_files(PHRASE, tmp_path / "nowhere") is None
    assert "clip folder" in caplog.text


@needs_espeak
def test_espeak_writes_a_valid_wav(tmp_path: Path) -> None:
    files = Voice(tmp_path / "cache").files_for(PHRASE)
    assert len(files) == 1
    path = files[0]
    assert path.parent == tmp_path / "cache" and path.stat().st_size > 44
    with wave.open(str(path), "rb") as w:
        assert w.getnchannels() == 1
        assert w.getsampwidth() == 2
        assert w.getframerate() > 8000
        frames = w.getnframes()
    assert frames > 0
    info = wav_info(path)
    assert info.frames == frames
    assert 1.5 < info.duration_s < 15  # a whole sentence, not a blip
    assert not list((tmp_path / "cache").glob(".*"))  # no temporary files left behind


@needs_espeak
def test_espeak_cache_is_reused(tmp_path: Path, run_spy: RunSpy) -> None:
    v = Voice(tmp_path / "cache")
    first = v.files_for(PHRASE)
    assert len(run_spy.calls) == 1
    assert run_spy.calls[0][:3] == [ESPEAK, "-v", "id"]
    mtime = first[0].stat().st_mtime_ns
    second = Voice(tmp_path / "cache").files_for(PHRASE)  # a new instance, e.g. after a restart
    assert second == first
    assert len(run_spy.calls) == 1
    assert first[0].stat().st_mtime_ns == mtime
    other = v.files_for("Nomor antrian B nol nol satu, silakan menuju loket tiga")
    assert other != first and len(run_spy.calls) == 2


@needs_espeak
def test_english_uses_the_english_voice_and_its_own_cache_entry(tmp_path: Path, run_spy: RunSpy) -> None:
    text = "Queue number A zero zero seven"
    en = Voice(tmp_path / "cache", language="en").files_for(text)
    ind = Voice(tmp_path / "cache", language="id").files_for(text)
    assert len(en) == len(ind) == 1 and en != ind
    assert [c[2] for c in run_spy.calls] == ["en", "id"]


@needs_espeak
def test_incomplete_clip_folder_falls_back_to_espeak(tmp_path: Path) -> None:
    make_clips(tmp_path / "clips", ["nomor", "antrian"])
    files = Voice(tmp_path / "cache", clips_dir=tmp_path / "clips").files_for(PHRASE)
    assert len(files) == 1 and files[0].parent == tmp_path / "cache"


def test_espeak_missing_is_logged_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(voice_mod.shutil, "which", lambda name: None)
    v = Voice(tmp_path / "cache")
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert v.files_for(PHRASE) == []
        assert v.files_for("Nomor antrian A nol nol delapan") == []
    assert [r.getMessage() for r in caplog.records] == [
        "espeak-ng not found on PATH; announcements are chime only"
    ]


@posix_only
def test_espeak_failing_is_logged_not_raised(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    exe = fake_espeak(tmp_path, 'echo "voice not found" >&2; exit 3')
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert Voice(tmp_path / "cache", espeak=exe).files_for(PHRASE) == []
    assert "exit 3" in caplog.text and "voice not found" in caplog.text
    assert not list((tmp_path / "cache").iterdir())


@posix_only
def test_espeak_writing_garbage_is_not_cached(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # the script receives: -v id -s 150 -w <file> --stdin ; write junk to <file>
    exe = fake_espeak(tmp_path, 'echo junk > "$6"; exit 0')
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert Voice(tmp_path / "cache", espeak=exe).files_for(PHRASE) == []
    assert "no usable WAV" in caplog.text
    assert not list((tmp_path / "cache").iterdir())


def test_espeak_not_executable_is_logged_not_raised(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert Voice(tmp_path / "cache", espeak=str(tmp_path / "no-such-espeak")).files_for(PHRASE) == []
    assert "cannot run espeak-ng" in caplog.text


def test_empty_text_has_no_voice(tmp_path: Path, run_spy: RunSpy) -> None:
    assert Voice(tmp_path / "cache").files_for("  ") == []
    assert run_spy.calls == []

