"""What ``ui.logs.setup_logging`` gives an app: a log file per app, the level it asks for,
JSON lines on stderr for the end-to-end tests, Qt's own messages at their level, and a
kiosk that keeps running when its log folder cannot be written."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import qCritical, qInfo, qWarning

from ui.logs import setup_logging


@pytest.fixture
def antrian_root() -> Iterator[logging.Logger]:
    """The apps' root logger, its handlers closed and removed after the test."""
    root = logging.getLogger("antrian")
    level, propagate = root.level, root.propagate
    yield root
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)
    root.propagate = propagate


def flush(root: logging.Logger) -> None:
    for handler in root.handlers:
        handler.flush()


def json_lines(err: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in err.splitlines() if line.startswith("{")]


def test_each_app_writes_its_own_file_at_its_level(antrian_root: logging.Logger, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = setup_logging("counter", tmp_path / "logs")
    assert path == tmp_path / "logs" / "antrian-counter.log"
    log = logging.getLogger("antrian.counter.window")
    log.debug("not at INFO")
    log.info("ticket %s called", "A-001")
    log.warning("slow read")
    flush(antrian_root)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("INFO    antrian.counter.window: ticket A-001 called")
    assert lines[1].endswith("WARNING antrian.counter.window: slow read")
    err = capsys.readouterr().err  # the same records on stderr, without the date
    assert " INFO    antrian.counter.window: ticket A-001 called" in err and "not at INFO" not in err
    # Records stay in the apps' own logger tree.
    assert not antrian_root.propagate

    # Set up again (as a second window would): no record is written twice.
    setup_logging("counter", tmp_path / "logs", level=logging.DEBUG)
    log.debug("now at DEBUG")
    flush(antrian_root)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 and lines[2].endswith("DEBUG   antrian.counter.window: now at DEBUG")


def test_json_lines_carry_the_event_fields(antrian_root: logging.Logger, capsys: pytest.CaptureFixture[str]) -> None:
    assert setup_logging("kiosk", None, json_logging=True) is None  # no folder: stderr only
    log = logging.getLogger("antrian.kiosk.flow")
    log.info("ticket %s issued", "B-002", extra={"event": "ticket_issued", "label": "B-002",
                                                   "tiles": {"B": [1, 2, 3, 4]}, "at": Path("/x")})
    try:
        raise ValueError("printer jammed")
    except ValueError:
        log.exception("not printed")
    records = json_lines(capsys.readouterr().err)
    assert len(records) == 2
    issued, failed = records
    assert issued["level"] == "INFO" and issued["logger"] == "antrian.kiosk.flow"
    assert issued["msg"] == "ticket B-002 issued" and issued["event"] == "ticket_issued"
    assert issued["label"] == "B-002" and issued["tiles"] == {"B": [1, 2, 3, 4]}
    assert issued["at"] == "/x"  # anything JSON cannot hold is written as text
    assert isinstance(issued["t"], float)
    assert failed["level"] == "ERROR" and "ValueError: printer jammed" in str(failed["exc"])


def test_qt_messages_are_logged_at_their_level(antrian_root: logging.Logger, capsys: pytest.CaptureFixture[str]) -> None:
    setup_logging("display", None, json_logging=True)
    qInfo("qt says hello")
    qWarning("qt warns")
    qCritical("qt is in trouble")
    logged = {r["msg"]: r for r in json_lines(capsys.readouterr().err) if r["logger"] == "antrian.qt"}
    assert logged["qt says hello"]["level"] == "INFO"
    assert logged["qt warns"]["level"] == "WARNING"
    assert logged["qt is in trouble"]["level"] == "ERROR"


def test_unwritable_log_folder_leaves_stderr(antrian_root: logging.Logger, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "logs"
    blocker.write_text("a file where the folder should be")
    assert setup_logging("kiosk", blocker) is None
    logging.getLogger("antrian.kiosk").info("still logging")
    err = capsys.readouterr().err
    assert "cannot write log file in" in err and "still logging" in err
    assert blocker.read_text() == "a file where the folder should be"
