"""Where ``antrian demo --db`` runs: an SQLite file, given as a path or as a URL."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.demo import demo_file
from db.errors import AntrianError


def test_a_path_and_an_sqlite_url_name_the_same_file(tmp_path: Path) -> None:
    target = tmp_path / "demo.db"
    assert demo_file(str(target)) == target
    assert demo_file(f"sqlite:///{target}") == target  # once a folder named 'sqlite:' in the working directory


@pytest.mark.parametrize("value", ["postgresql://antrian:rahasia@db.local/antrian", "sqlite://", "sqlite:///:memory:"])
def test_anything_but_an_sqlite_file_is_refused_in_one_line(value: str) -> None:
    with pytest.raises(AntrianError) as refused:
        demo_file(value)
    message = str(refused.value)
    assert "SQLite file" in message and "\n" not in message and "rahasia" not in message
