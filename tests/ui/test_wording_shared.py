"""The wording every app shares: a time of day, and the database out of reach."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest

from db.errors import DatabaseUnavailable
from ui.i18n import register, translator
from ui.waittext import clock_text
from ui.wording import database_unavailable_text

register({
    "test.wording.locked": {"id": "Basis data sedang sibuk.", "en": "The database is busy."},
    "test.wording.db": {"id": "Basis data tidak terjangkau ({detail}).", "en": "The database is out of reach ({detail})."},
})


@pytest.fixture(autouse=True)
def _indonesian() -> Iterator[None]:
    translator().set_language("id")
    yield
    translator().set_language("id")


def test_a_time_of_day_with_a_dot_in_indonesian_and_a_colon_in_english() -> None:
    moment = datetime(2026, 12, 1, 10, 5)
    assert clock_text(moment) == "10.05"
    translator().set_language("en")
    assert clock_text(moment) == "10:05"


def test_the_database_out_of_reach_in_the_app_s_own_words() -> None:
    busy = DatabaseUnavailable("database is locked")
    gone = DatabaseUnavailable("could not connect: connection refused")
    assert database_unavailable_text(busy, "test.wording") == "Basis data sedang sibuk."
    assert database_unavailable_text(gone, "test.wording") == "Basis data tidak terjangkau (connection refused)."
    assert database_unavailable_text(DatabaseUnavailable("timeout"), "test.wording") == (
        "Basis data tidak terjangkau (timeout).")
    translator().set_language("en")
    assert database_unavailable_text(gone, "test.wording") == "The database is out of reach (connection refused)."
