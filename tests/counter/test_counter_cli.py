"""The counter as its own process: ``python -m counter`` and ``antrian counter``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from counter.app import build_parser
from tests.appcli import PROCESS_ON_SQLITE, run_app


def run_counter(cmd: list[str], tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], list[dict[str, object]]]:
    return run_app(cmd, tmp_path, COUNTER_PW="siti123")


@PROCESS_ON_SQLITE
@pytest.mark.parametrize("entry", ["python -m counter", "antrian counter"])
def test_screenshot_after_an_unattended_sign_in(site_db_url: str, tmp_path: Path, entry: str) -> None:
    shot = tmp_path / "counter.png"
    args = ["--counter", "1", "--user", "siti", "--password-env", "COUNTER_PW", "--screenshot", str(shot),
            "--json-logging", "--size", "1280x800"]
    if entry == "python -m counter":
        cmd = [sys.executable, "-m", "counter", "--db", site_db_url, *args]
    else:
        cmd = [sys.executable, "-m", "db", "--db", site_db_url, "counter", *args]
    done, lines = run_counter(cmd, tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    events = [line.get("event") for line in lines]
    assert events.index("signed_in") < events.index("ready") < events.index("screenshot") < events.index("signed_out")
    ready = next(line for line in lines if line.get("event") == "ready")
    assert isinstance(ready["seconds"], float) and ready["seconds"] > 0
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1280, 800)


@PROCESS_ON_SQLITE
def test_missing_password_variable_is_explained(site_db_url: str, tmp_path: Path) -> None:
    shot = tmp_path / "signin.png"
    cmd = [sys.executable, "-m", "counter", "--db", site_db_url, "--user", "siti", "--password-env", "NOT_SET_ANYWHERE",
           "--screenshot", str(shot), "--json-logging"]
    done, lines = run_counter(cmd, tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert any("NOT_SET_ANYWHERE" in str(line.get("msg")) for line in lines)
    assert not any(line.get("event") == "signed_in" for line in lines)
    assert shot.exists()


@pytest.mark.parametrize("number", ["2147483648", str(2**63), "0", "x"])
def test_a_bad_counter_number_is_one_line(capsys: pytest.CaptureFixture[str], number: str) -> None:
    """The parser refuses each number in one line (as a process, before any database is opened:
    ``tests/db/test_hardening.py``)."""
    with pytest.raises(SystemExit) as refused:
        build_parser().parse_args(["--counter", number])
    assert refused.value.code == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if "error" in line]
    assert errors == [errors[0]] and errors[0].startswith("antrian counter: error: argument --counter: the counter number")
