"""Fixtures for end-to-end tests: a virtual X screen and real app processes."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from tests.e2e.appprocess import AppProcess, Xvfb


@pytest.fixture(scope="session")
def xvfb() -> Iterator[Xvfb]:
    """One Xvfb screen (1920×1080) for the session's real windows."""
    if shutil.which("Xvfb") is None or shutil.which("xdotool") is None:
        pytest.skip("Xvfb and xdotool are not installed (Debian packages xvfb, xdotool)")
    screen = Xvfb()
    yield screen
    screen.stop()


@pytest.fixture
def apps() -> Iterator[list[AppProcess]]:
    """A list to register started apps in; every one is stopped after the test.

    The test then fails if an app logged an ERROR record it did not allow
    (``AppProcess.allow_errors``), printed a traceback, or exited with a non-zero status
    other than by ``AppProcess.kill``.
    """
    started: list[AppProcess] = []
    yield started
    for app in started:
        app.stop()
    problems = [p for app in started for p in app.problems()]
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)
