"""Python processes a test starts without coverage's measuring.

Coverage measures the processes the suite starts (``patch = ["subprocess"]`` in
``pyproject.toml``) through the environment they inherit. Some only repeat code the suite
measures in-process anyway (the benchmarks' smoke runs, the races' workers) or are not
Antrian's code at all (PyInstaller's analysis of the bundle): tracing made them 1.5-2 times
slower, minutes of a CI run.
"""

from __future__ import annotations

import os

import pytest


def unmeasure(monkeypatch: pytest.MonkeyPatch) -> None:
    """Processes started while ``monkeypatch`` holds are not measured: coverage's variables are unset."""
    for name in [name for name in os.environ if name.startswith("COVERAGE_")]:
        monkeypatch.delenv(name)
