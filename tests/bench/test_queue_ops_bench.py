"""Smoke test of ``bench/queue_ops.py``: it runs, prints its JSON, and finds no anomalies.

No timing is asserted: the figures depend on the machine.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "queue_ops.py"


@pytest.mark.slow
def test_quick_run_on_sqlite(tmp_path: Path) -> None:
    db_file = tmp_path / "bench.db"
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--db", f"sqlite:///{db_file}", "--quick", "--history", "2000"],
        capture_output=True, text=True, timeout=600, cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    result = json.loads(proc.stdout)

    for key in ("environment", "parameters", "raw_commit", "latency_empty", "ratio_vs_raw_commit",
                "statement_profile", "throughput", "history", "anomalies", "goals", "all_goals_met"):
        assert key in result, key
    env = result["environment"]
    assert env["dialect"] == "sqlite"
    for key in ("server_version", "cpu_count", "timestamp"):
        assert key in env, key

    for op in ("issue_ticket", "call_next"):
        for key in ("median_ms", "p95_ms"):
            assert key in result["latency_empty"][op]
            assert key in result["history"]["latency"][op]
        assert "median" in result["ratio_vs_raw_commit"][op]
        assert "write_lock_median" in result["ratio_vs_raw_commit"][op]
        held = result["latency_empty"]["write_lock_held"][op]
        assert held["n"] == result["latency_empty"][op]["n"]
        # The lock is held for part of the call, never longer than the whole of it.
        assert held["median_ms"] <= result["latency_empty"][op]["median_ms"]
        assert "median" in result["history"]["ratio_loaded_vs_empty"][op]
    assert "median_ms" in result["raw_commit"]
    floor = result["sql_floor"]  # every write transaction of the tapped calls was replayed, to the same rows
    assert floor["same_rows_as_the_calls"] is True
    assert floor["raw_commit"]["n"] == floor["issue_ticket"]["transactions"] + floor["call_next"]["transactions"]
    for op in ("issue_ticket", "call_next"):
        assert floor[op]["transactions"] > 0 and floor[op]["statements_per_transaction"] >= 2
        assert floor[op]["replayed_lock_vs_raw_commit"] > 0
        assert result["goals"][f"{op}_write_lock_within_3x_raw_commit"]["sql_alone"] == floor[op]["replayed_lock_vs_raw_commit"]
    for nproc in ("1", "4", "8"):
        run = result["throughput"]["issue_ticket"][nproc]
        assert run["processes"] == int(nproc)
        assert run["ops_done"] == run["processes"] * run["ops_per_process"]
    assert result["throughput"]["call_next"]["8"]["processes"] == 8
    assert result["history"]["load"]["tickets"] == 2000
    assert result["history"]["query_plans"]["statements"]

    anomalies = result["anomalies"]
    assert anomalies["duplicate_numbers"] == 0
    assert anomalies["called_twice"] == 0
    assert anomalies["lost_tickets"] == 0
    assert anomalies["errors"] == 0
    assert anomalies["empty_calls"] == 0
    assert result["goals"]["zero_anomalies"]["met"] is True

    # The benchmark cleans up after itself and never touches the named file.
    assert not db_file.exists()
    assert list(tmp_path.glob("bench.bench-*")) == []
