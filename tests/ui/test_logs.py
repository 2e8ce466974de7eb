"""The apps' log files are for their owner only, after every rollover too."""

from __future__ import annotations

import logging
import logging.handlers
import os
import stat
from pathlib import Path

import pytest

from ui.logs import setup_logging
from ui.sound import NO_AUDIO_QT_WARNINGS


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
@pytest.mark.qt_log_ignore(*NO_AUDIO_QT_WARNINGS)
@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_log_files_are_private(tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    root = logging.getLogger("antrian")
    try:
        log_dir = tmp_path / "db" / "logs"
        path = setup_logging("kiosk", log_dir)
        assert path is not None
        log = logging.getLogger("antrian.kiosk.test")
        log.info("a line")
        handler = next(h for h in root.handlers if isinstance(h, logging.handlers.RotatingFileHandler))
        handler.maxBytes = 200
        for i in range(20):
            log.info("line %d with some text to make the file roll over", i)
        files = sorted(log_dir.iterdir())
        assert len(files) > 2  # rolled over
        for f in files:
            assert stat.S_IMODE(f.stat().st_mode) == 0o600, (f, oct(f.stat().st_mode))
        assert stat.S_IMODE(log_dir.stat().st_mode) == 0o700
        assert stat.S_IMODE(log_dir.parent.stat().st_mode) == 0o700
    finally:
        for h in list(root.handlers):
            root.removeHandler(h)
            h.close()
        os.umask(old)


@pytest.mark.qt_log_ignore(*NO_AUDIO_QT_WARNINGS)
def test_passwords_never_reach_a_log(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = logging.getLogger("antrian")
    try:
        path = setup_logging("display", tmp_path / "logs")
        assert path is not None
        logging.getLogger("antrian.display").warning("cannot reach %s", "postgresql://antrian:rahasia@10.0.0.5/antrian")
        logging.getLogger("antrian.display").error("connect failed: host=h password=rahasia user=u")
        for h in root.handlers:
            h.flush()
        written = path.read_text(encoding="utf-8") + capsys.readouterr().err
        assert "postgresql://antrian:***@10.0.0.5/antrian" in written and "password=***" in written
        assert "rahasia" not in written
    finally:
        for h in list(root.handlers):
            root.removeHandler(h)
            h.close()
