"""``antrian survey-plan``: show and set a survey period's follow-up plan, as a supervisor."""

from __future__ import annotations

import json
from pathlib import Path

from db import audit
from db.database import Database
from tests.db.test_cli import error_line, ok, run, run_here, site  # noqa: F401 (site is a fixture)

SUP = ("--as", "supervisor")


def test_show_set_and_clear_the_plan(site: str, tmp_path: Path) -> None:  # noqa: F811
    assert ok(run_here("survey-plan", "--from", "2026-07-01", "--to", "2026-12-31", db=site)) == (
        "2026-07-01 .. 2026-12-31\n(no follow-up plan for this period)\n")
    out = ok(run("survey-plan", "--from", "2026-07-01", "--to", "2026-12-31", "--text", "Menambah kursi.", *SUP,
                 stdin="supervisor123\n", db=site))
    assert out == "2026-07-01 .. 2026-12-31\nMenambah kursi.\n"
    plan = tmp_path / "rtl.txt"
    plan.write_text("1. Menambah kursi.\n2. Papan persyaratan.\n", encoding="utf-8")
    ok(run_here("survey-plan", "--period", "2026-11", "--file", str(plan), *SUP, stdin="supervisor123\n", db=site))
    shown = json.loads(ok(run("survey-plan", "--period", "2026-11", "--json", db=site)))
    assert shown == {"first": "2026-11-01", "last": "2026-11-30", "plan": "1. Menambah kursi.\n2. Papan persyaratan."}
    ok(run_here("survey-plan", "--period", "2026-11", "--clear", *SUP, stdin="supervisor123\n", db=site))
    assert json.loads(ok(run_here("survey-plan", "--period", "2026-11", "--json", db=site)))["plan"] == ""
    targets = [e.target for e in audit.entries(Database(site, create=False), action="survey_plan_set")]
    assert targets == ["2026-11-01..2026-11-30", "2026-11-01..2026-11-30", "2026-07-01..2026-12-31"]


def test_refusals_are_one_line(site: str, tmp_path: Path) -> None:  # noqa: F811
    assert error_line(run_here("survey-plan", "--period", "2026-11", "--text", "x", db=site)) == (
        "antrian: error: this needs a supervisor or administrator: add --as USERNAME")
    assert error_line(run_here("survey-plan", "--period", "2026-11", "--text", "x", "--as", "siti", stdin="siti123\n",
                          db=site)).startswith("antrian: error: ")
    assert error_line(run_here("survey-plan", db=site)) == (
        "antrian: error: give a period (e.g. --period 2026-S2) or both --from and --to")
    assert "cannot read the plan" in error_line(run_here("survey-plan", "--period", "2026-11", "--file",
                                                    str(tmp_path / "none.txt"), *SUP, stdin="supervisor123\n", db=site))
    assert "at most 4000" in error_line(run_here("survey-plan", "--period", "2026-11", "--text", "x" * 4001, *SUP,
                                            stdin="supervisor123\n", db=site))
