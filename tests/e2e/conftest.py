"""Fixtures for end-to-end tests: a virtual X screen and real app processes."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from appprocess import AppProcess, Xvfb


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
    """A list to register started apps in; every one is stopped after the test."""
    started: list[AppProcess] = []
    yield started
    for app in started:
        app.stop()
