"""``antrian backup`` and ``antrian restore`` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from tests.db.test_cli import ADMIN, ADMIN_PW, error_line, ok, run, run_here, site  # noqa: F401 (site is a fixture)


def test_backup_keep_and_restore(site: str, tmp_path: Path) -> None:  # noqa: F811
    folder = tmp_path / "cadangan"
    first = json.loads(ok(run("backup", "--to", str(folder), "--json", db=site)))
    assert Path(first["file"]).parent == folder and first["bytes"] > 0 and first["removed"] == []
    ok(run_here("issue", "A", db=site))
    for _ in range(2):
        last = json.loads(ok(run_here("backup", "--to", str(folder), "--keep", "2", "--json", db=site)))
    assert last["removed"] == [first["file"]] and len(list(folder.iterdir())) == 2
    line = ok(run_here("backup", "--to", str(folder), "--keep", "2", db=site))
    assert line.startswith(str(folder)) and "written (" in line and "removed 1 older" in line

    ok(run_here("issue", "A", db=site))
    out = ok(run("restore", last["file"], *ADMIN, stdin=ADMIN_PW, db=site))
    assert " restored from " in out and "-before-restore" in out
    status = json.loads(ok(run_here("status", "--json", db=site)))
    assert sum(s["issued_today"] for s in status["services"]) == 1  # the second ticket came after the backup


def test_refusals_are_one_line(site: str, tmp_path: Path) -> None:  # noqa: F811
    backup = json.loads(ok(run_here("backup", "--to", str(tmp_path), "--json", db=site)))["file"]
    assert error_line(run_here("restore", backup, db=site)) == "antrian: error: this needs an administrator: add --as USERNAME"
    assert "not an administrator" in error_line(run_here("restore", backup, "--as", "supervisor", stdin="supervisor123\n",
                                                    db=site))
    assert "there is no backup file" in error_line(run_here("restore", str(tmp_path / "x.db"), *ADMIN, stdin=ADMIN_PW,
                                                       db=site))
    assert "--keep must be at least 1" in error_line(run_here("backup", "--keep", "0", "--to", str(tmp_path), db=site))
    blocked = tmp_path / "file"
    blocked.write_text("")
    assert "cannot create the backup folder" in error_line(run_here("backup", "--to", str(blocked / "sub"), db=site))
