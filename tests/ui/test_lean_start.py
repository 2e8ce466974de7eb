"""Start-up stays lean: only the apps that play sound load Qt Multimedia, and only when they do.

``ui.logs`` (loaded by every app) once imported ``ui.sound`` for a list of patterns, which
pulled PySide6.QtMultimedia (its FFmpeg backend, about 20 MB) into every app at start. The
imports are checked in a fresh interpreter: this test process has long imported everything.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLoggingCategory, qCWarning, qWarning

from ui.logs import NO_AUDIO_QT_WARNINGS, setup_logging

ROOT = Path(__file__).resolve().parents[2]

# What each entry module (and the modules its window is built from) imports at start.
ENTRY_MODULES = ["kiosk.app", "kiosk.window", "counter.app", "counter.window", "ui.logs", "ui.app"]


def _warn(category: str, message: str) -> None:
    """``qCWarning`` in a category (PySide6 takes str here; its stubs say bytes)."""
    qCWarning(QLoggingCategory(category), message)  # type: ignore[arg-type]


def _modules_after_import(module: str) -> set[str]:
    """The names in ``sys.modules`` of a new interpreter after ``import module``."""
    code = f"import json, sys; import {module}; print(json.dumps(sorted(sys.modules)))"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return set(json.loads(proc.stdout.splitlines()[-1]))


@pytest.mark.parametrize("module", ENTRY_MODULES)
def test_entry_modules_do_not_load_qt_multimedia(module: str) -> None:
    loaded = _modules_after_import(module)
    assert module in loaded  # the import really ran
    assert "PySide6.QtWidgets" in loaded or module == "ui.logs"  # a real Qt app module, not an empty one
    assert "PySide6.QtMultimedia" not in loaded
    assert "ui.sound" not in loaded


def test_the_sound_module_does_load_it() -> None:
    """The check above can fail: ``ui.sound`` (the display's announcer, the touch sound) loads it."""
    assert "PySide6.QtMultimedia" in _modules_after_import("ui.sound")


@pytest.mark.qt_log_ignore(*NO_AUDIO_QT_WARNINGS)
def test_the_sound_module_still_offers_the_patterns() -> None:
    from ui import sound

    assert sound.NO_AUDIO_QT_WARNINGS is NO_AUDIO_QT_WARNINGS
    assert len(NO_AUDIO_QT_WARNINGS) == 3


@pytest.mark.qt_log_ignore(r"^a categorised warning$", r"^a plain warning$", r"^No audio device detected$")
def test_qt_messages_keep_their_category(capsys: pytest.CaptureFixture[str]) -> None:
    root = logging.getLogger("antrian")
    try:
        setup_logging("kiosk", None, json_logging=True)
        _warn("antrian.test.category", "a categorised warning")
        qWarning("a plain warning")
        # Qt Multimedia's expected chatter on a PC without sound is demoted to INFO.
        _warn("qt.multimedia.test", "No audio device detected")
        for h in root.handlers:
            h.flush()
        records = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    finally:
        for h in list(root.handlers):
            root.removeHandler(h)
            h.close()
    by_msg = {r["msg"]: r for r in records}
    first = by_msg["a categorised warning"]
    assert first["logger"] == "antrian.qt.antrian.test.category"
    assert first["qt_category"] == "antrian.test.category"
    assert first["level"] == "WARNING"
    plain = by_msg["a plain warning"]
    assert plain["logger"] == "antrian.qt"
    assert plain["qt_category"] == "default"
    chatter = by_msg["No audio device detected"]
    assert chatter["level"] == "INFO"
    assert chatter["logger"] == "antrian.qt.qt.multimedia.test"


@pytest.mark.qt_log_ignore(r"^a categorised warning$")
def test_the_text_format_shows_the_category(capsys: pytest.CaptureFixture[str]) -> None:
    root = logging.getLogger("antrian")
    try:
        setup_logging("counter", None)
        _warn("antrian.test.text", "a categorised warning")
        for h in root.handlers:
            h.flush()
        lines = [line for line in capsys.readouterr().err.splitlines() if "a categorised warning" in line]
    finally:
        for h in list(root.handlers):
            root.removeHandler(h)
            h.close()
    assert len(lines) == 1
    assert "WARNING antrian.qt.antrian.test.text: a categorised warning" in lines[0]
