"""Synthesised UI sounds and the device-tolerant SoundPlayer."""

from __future__ import annotations

import logging
import math
import struct
import time
import wave
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ui import sound
from ui.sound import (
    NO_AUDIO_QT_WARNINGS,
    SoundPlayer,
    blip_path,
    chime_path,
    has_audio_output,
    wav_duration_ms,
    wav_info,
    write_wav,
)

# QtMultimedia's FFmpeg backend warns about missing PipeWire/VA-API libraries and
# an unreachable PulseAudio server on this headless machine: expected, not a bug.
pytestmark = pytest.mark.qt_log_ignore(*NO_AUDIO_QT_WARNINGS)


def read_samples(path: Path) -> tuple[list[float], int]:
    """Mono 16-bit samples of ``path`` as floats, and the sample rate."""
    with wave.open(str(path), "rb") as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2
        raw = w.readframes(w.getnframes())
        rate = w.getframerate()
    return [v / 32768 for v in struct.unpack(f"<{len(raw) // 2}h", raw)], rate


def tone_power(samples: list[float], rate: int, freq: float) -> float:
    """Goertzel power of ``freq`` in ``samples``."""
    coeff = 2 * math.cos(2 * math.pi * freq / rate)
    s1 = s2 = 0.0
    for x in samples:
        s1, s2 = x + coeff * s1 - s2, s1
    return s1 * s1 + s2 * s2 - coeff * s1 * s2


def test_chime_is_a_two_tone_ding_dong(tmp_path: Path) -> None:
    path = chime_path(tmp_path)
    assert path.parent == tmp_path
    samples, rate = read_samples(path)
    assert 1.1 <= len(samples) / rate <= 1.3
    peak = max(abs(s) for s in samples)
    assert 0.3 < peak < 0.95  # audible, not clipping
    assert abs(samples[0]) < 0.01 and abs(samples[-1]) < 0.01  # no click at either end
    ding = samples[int(0.05 * rate) : int(0.40 * rate)]
    dong = samples[int(0.50 * rate) : int(0.90 * rate)]
    e5, c5 = 659.25, 523.25
    assert tone_power(ding, rate, e5) > 5 * tone_power(ding, rate, c5)
    assert tone_power(dong, rate, c5) > 5 * tone_power(dong, rate, e5)


def test_blip_is_short_and_soft(tmp_path: Path) -> None:
    path = blip_path(tmp_path)
    samples, rate = read_samples(path)
    assert 100 <= wav_duration_ms(path) <= 140
    peak = max(abs(s) for s in samples)
    assert 0.1 < peak <= 0.4
    assert abs(samples[-1]) < 0.01


def test_sounds_are_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = chime_path(tmp_path)
    mtime = first.stat().st_mtime_ns

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("the cached chime was synthesised again")

    monkeypatch.setattr(sound, "write_wav", fail)
    assert chime_path(tmp_path) == first
    assert first.stat().st_mtime_ns == mtime


def test_corrupt_cache_is_regenerated(tmp_path: Path) -> None:
    path = blip_path(tmp_path)
    path.write_bytes(b"RIFF junk")
    assert blip_path(tmp_path) == path
    assert wav_info(path).frames > 0
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp files left


def test_wav_info_reads_extensible_float_and_streamed_headers(tmp_path: Path) -> None:
    # WAVE_FORMAT_EXTENSIBLE, stereo 32-bit float, 48 kHz, with a LIST chunk before data,
    # and a data size claiming more than the file holds (as a streaming writer leaves it).
    frames = 4800
    fmt = struct.pack("<HHIIHH", 0xFFFE, 2, 48000, 48000 * 8, 8, 32) + struct.pack("<HHI16s", 22, 32, 3, b"\0" * 16)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt
    body += b"LIST" + struct.pack("<I", 5) + b"INFOx" + b"\0"  # odd size, padded
    body += b"data" + struct.pack("<I", 0xFFFFFFF0) + b"\0" * (frames * 8)
    path = tmp_path / "ext.wav"
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)
    info = wav_info(path)
    assert (info.channels, info.sample_rate, info.bits_per_sample, info.frames) == (2, 48000, 32, frames)
    assert wav_duration_ms(path) == 100


def test_wav_info_rejects_non_wav(tmp_path: Path) -> None:
    path = tmp_path / "x.wav"
    path.write_bytes(b"not a wav file at all")
    with pytest.raises(ValueError):
        wav_info(path)
    assert wav_duration_ms(path) == 0
    assert wav_duration_ms(tmp_path / "missing.wav") == 0


def test_write_wav_round_trip(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "sub" / "t.wav", [0.0, 0.5, -0.5, 2.0], rate=8000)
    samples, rate = read_samples(path)
    assert rate == 8000
    assert samples == pytest.approx([0.0, 0.5, -0.5, 1.0], abs=1e-3)  # clipped, not wrapped


def _timed_play(qtbot: QtBot, player: SoundPlayer, path: Path, timeout_ms: int) -> float:
    """Play ``path`` and return the seconds until ``finished(path)``."""
    start = time.monotonic()
    with qtbot.waitSignal(player.finished, timeout=timeout_ms) as blocker:
        player.play(path)
        assert player.is_playing()
    assert blocker.args == [str(path)]
    assert not player.is_playing()
    return time.monotonic() - start


def test_player_without_device_keeps_real_time(qtbot: QtBot, tmp_path: Path) -> None:
    player = SoundPlayer(use_device=False)
    elapsed = _timed_play(qtbot, player, chime_path(tmp_path), 5000)
    assert 1.18 <= elapsed < 2.0


def test_player_autodetects_and_logs_missing_device_once(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(sound, "_told_no_device", False)
    device = has_audio_output()
    player = SoundPlayer()
    blip = blip_path(tmp_path)
    with caplog.at_level(logging.INFO, logger="antrian.ui.sound"):
        for _ in range(3):
            elapsed = _timed_play(qtbot, player, blip, 3000)
            assert 0.1 <= elapsed < 1.0 + (sound.WATCHDOG_GRACE_MS / 1000 if device else 0)
    notes = [r for r in caplog.records if "no audio output device" in r.getMessage()]
    if device:
        assert notes == []
    else:
        assert len(notes) == 1 and notes[0].levelno == logging.INFO


def test_player_through_qmediaplayer(qtbot: QtBot, tmp_path: Path) -> None:
    # Force the QMediaPlayer path even here: the FFmpeg backend then plays against
    # a system clock ("No audio device detected") and still reports EndOfMedia.
    player = SoundPlayer(use_device=True, volume=0.2)
    path = write_wav(tmp_path / "half.wav", [0.0] * 4000, rate=8000)  # 0.5 s of silence
    elapsed = _timed_play(qtbot, player, path, 5000)
    assert 0.45 <= elapsed < 1.2  # EndOfMedia arrived; the watchdog would take 2.5 s
    assert player.volume() == pytest.approx(0.2)


@pytest.mark.qt_log_ignore(*NO_AUDIO_QT_WARNINGS, r"^Could not open media\. FFmpeg error description: Invalid data")
def test_player_survives_unplayable_file(qtbot: QtBot, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunkjunkjunk")
    for use_device in (True, False):
        player = SoundPlayer(use_device=use_device)
        with caplog.at_level(logging.WARNING, logger="antrian.ui.sound"):
            elapsed = _timed_play(qtbot, player, bad, 5000)
        assert elapsed < 1.0  # the error (or a zero duration) ends it, not the watchdog
    assert "cannot play" in caplog.text  # the QMediaPlayer error was reported and survived


def test_stop_and_replace_emit_no_stale_finished(qtbot: QtBot, tmp_path: Path) -> None:
    player = SoundPlayer(use_device=False)
    chime = chime_path(tmp_path)
    blip = blip_path(tmp_path)
    seen: list[str] = []
    player.finished.connect(seen.append)
    player.play(chime)
    player.stop()
    assert not player.is_playing()
    player.play(chime)
    player.play(blip)  # replaces the chime
    qtbot.waitUntil(lambda: not player.is_playing(), timeout=3000)
    qtbot.wait(1400)  # past the end the chime would have had
    assert seen == [str(blip)]


def test_same_clip_back_to_back_through_qmediaplayer(qtbot: QtBot, tmp_path: Path) -> None:
    # "nol nol": the announcer plays the same clip again from the finished slot.
    player = SoundPlayer(use_device=True)
    clip = write_wav(tmp_path / "nol.wav", [0.0] * 2400, rate=8000)  # 0.3 s
    ends: list[float] = []

    def again(path: str) -> None:
        ends.append(time.monotonic())
        if len(ends) < 2:
            player.play(path)

    player.finished.connect(again)
    start = time.monotonic()
    player.play(clip)
    qtbot.waitUntil(lambda: len(ends) == 2, timeout=2 * (300 + sound.WATCHDOG_GRACE_MS))
    assert 0.29 <= ends[0] - start < 1.0 and 0.29 <= ends[1] - ends[0] < 1.0  # EndOfMedia, not the watchdog
    qtbot.wait(300)
    assert len(ends) == 2 and not player.is_playing()
