"""The benchmarks' smoke runs: their processes are not measured by coverage.

They run the core and the apps the rest of the suite measures in-process, under coverage
tracing that made them 1.5-2 times slower (``unmeasured_subprocesses``).
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _benchmarks_unmeasured(unmeasured_subprocesses: None) -> None:
    """Every benchmark test starts its processes unmeasured."""
