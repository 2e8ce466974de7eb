"""``scripts/screenshots.py`` refuses, in one line, a scene that would begin on the day before."""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "screenshots.py"


def _script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("screenshots_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_scene_needs_three_and_a_half_hours_of_today() -> None:
    too_early = _script().scene_too_early
    # The sample site is in Jakarta (UTC+7) and its day begins at 00.00.
    assert too_early(datetime(2026, 12, 1, 16, 30, tzinfo=UTC)) is None  # 23.30 WIB: the scene began at 20.00
    refusal = too_early(datetime(2026, 12, 1, 19, 29, tzinfo=UTC))  # 02.29 WIB
    assert refusal is not None and "from 03.30 site time (Asia/Jakarta)" in refusal
    assert too_early(datetime(2026, 12, 1, 20, 30, tzinfo=UTC)) is None  # 03.30 WIB
