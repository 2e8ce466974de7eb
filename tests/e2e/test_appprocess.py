"""The end-to-end harness itself: a log line is used up once waited for, and an app's ERROR
records, tracebacks and non-zero exit are found unless the test expects them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.appprocess import AppProcess

HERE = Path(__file__).resolve().parent


def record(level: str = "INFO", msg: str = "m", **fields: object) -> str:
    return json.dumps({"t": 0.0, "level": level, "logger": "antrian.test", "msg": msg, **fields})


def scripted(*lines: str) -> AppProcess:
    return AppProcess("scripted_app", list(lines), env={"PYTHONPATH": str(HERE)})


def test_a_line_waited_for_is_used_up() -> None:
    app = scripted(record(event="called", label="A-001"), record(event="called", label="A-002"),
                   "sleep=0.5", record(event="called", label="A-003"))
    try:
        assert app.wait_for(event="called")["label"] == "A-001"
        assert app.wait_for(event="called")["label"] == "A-002"
        assert app.wait_for(event="called")["label"] == "A-003"  # written after the wait began
        with pytest.raises(AssertionError, match="no log record"):
            app.wait_for(event="called", timeout=0.5)
        # Every record is still listed, used up or not.
        assert [r["label"] for r in app.events("called")] == ["A-001", "A-002", "A-003"]
    finally:
        assert app.stop() == 0
    assert app.problems() == []


def test_a_skipped_record_can_still_be_waited_for() -> None:
    app = scripted(record(event="ready"), record(event="called", label="A-001"))
    try:
        assert app.wait_for(event="called")["label"] == "A-001"
        assert app.wait_for(event="ready")["event"] == "ready"  # older, but never returned
    finally:
        app.stop()


def test_error_records_tracebacks_and_exit_status_are_problems() -> None:
    app = scripted(record("ERROR", "reading the queue failed"), record("CRITICAL", "disk gone"),
                   record("WARNING", "slow"), "Traceback (most recent call last):", '  File "x.py", line 1',
                   "ValueError: boom", "exit=3")
    app.proc.wait(30)
    app.stop()
    found = app.problems()
    assert len(found) == 4, found
    assert "scripted_app logged ERROR: reading the queue failed" in found
    assert "scripted_app logged CRITICAL: disk gone" in found
    assert any(p.startswith("scripted_app printed a traceback:") and "ValueError: boom" in p for p in found)
    assert "scripted_app exited with status 3" in found


def test_allowed_errors_and_a_kill_are_not_problems() -> None:
    app = scripted(record("ERROR", "ticket A-001 not printed: printer offline"), record("ERROR", "something else"))
    app.allow_errors(r"not printed: printer offline")
    app.wait_for(match=lambda r: r["msg"] == "something else")
    app.kill()
    assert app.proc.returncode != 0
    assert app.problems() == ["scripted_app logged ERROR: something else"]
