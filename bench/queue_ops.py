#!/usr/bin/env python3
"""Benchmark of the core queue operations: ``issue_ticket`` and ``call_next``.

    python bench/queue_ops.py --db sqlite:////tmp/bench.db
    python bench/queue_ops.py --db postgresql+psycopg://user:pw@127.0.0.1:5432/postgres

Prints one JSON object to stdout (progress goes to stderr):

- latency (median, p95) of ``issue_ticket`` and ``call_next`` on an empty database,
  next to a raw durable commit measured in the same run through the bare driver
  (stdlib ``sqlite3`` with WAL + ``synchronous=FULL``; psycopg INSERT + COMMIT);
- the same latency on a second database holding ``--history`` past tickets and their
  events (bulk-loaded), and the ratio history / empty. The two databases take turns in
  blocks of ten operations, each block followed by a block of raw commits on the same
  database, so that other work on the machine weighs on every figure alike;
- the first operation of a freshly started app on each (it also runs the once-a-day
  expiry of earlier days' tickets), and that expiry query alone;
- the query plan of every statement the two operations send, flagging any that walks
  the history instead of an index of live rows or a primary key;
- throughput of ``issue_ticket`` with 1, 4, 8 and 16 processes (p99 latency too) and of ``call_next`` with
  1 and 8 counters (spawned processes, each with its own ``Database``, started together
  by a barrier, a fixed count each);
- anomalies checked afterwards against every database: duplicate numbers, tickets
  called twice, lost tickets (must all be zero);
- the goals and whether each is met.

The benchmark never touches the database named in ``--db``. For SQLite it creates
scratch files next to it (``<name>.bench-<pid>-<phase>.db``); for PostgreSQL it
creates scratch databases ``antrian_bench_<pid>_<phase>`` on that server (the role
needs CREATEDB). All are removed at the end unless ``--keep`` is given.

The queue functions read the time through ``db.clock``; the benchmark shifts that
clock to 10:00 site time so that a run can never straddle the business-day rollover.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # the bench package (run as a script, only bench/ is on the path)

from bench.queueops.common import BENCH_COUNTERS, clock_offset, install_clock, ratio, say, summarize  # noqa: E402
from bench.queueops.floor import sql_floor  # noqa: E402
from bench.queueops.history import load_history, settle  # noqa: E402
from bench.queueops.latency import (  # noqa: E402
    RawCommitter,
    Target,
    cold_start,
    interleaved_latency,
    latency_result,
    raw_commit_latency,
    statement_profile,
    waiting_count,
)
from bench.queueops.ledger import Ledger, check_anomalies  # noqa: E402
from bench.queueops.plans import query_plans  # noqa: E402
from bench.queueops.report import environment, goals, loadavg  # noqa: E402
from bench.queueops.scratch import Scratch, bench_day, setup_site  # noqa: E402
from bench.queueops.throughput import parallel_run, top_up  # noqa: E402
from db import siteconfig  # noqa: E402
from db.clock import set_clock  # noqa: E402
from db.database import Database  # noqa: E402
from db.sitetime import DEFAULT_TZ  # noqa: E402

# -- main -------------------------------------------------------------------------------------

ISSUE_PROCESSES = (1, 4, 8, 16)  # issue_ticket throughput runs; 16: a busy office's kiosks, counters and screens


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Every phase on its own scratch databases, removed afterwards; the JSON object to print."""
    started = time.perf_counter()
    scratch = Scratch(args.db, keep=args.keep)
    result: dict[str, Any] = {"benchmark": "queue_ops"}
    targets: list[Target] = []
    try:
        tz = str(siteconfig.load(siteconfig.SAMPLE).settings.get("timezone", DEFAULT_TZ))
        offset = clock_offset(tz)
        install_clock(offset)

        # 1. the databases for the latency run: empty, and (unless --history 0) with history
        say("empty database: setting up")
        url_empty = scratch.create("empty")
        site = setup_site(url_empty)
        day = bench_day(site)
        result["environment"] = environment(scratch, url_empty, offset)
        result["parameters"] = {"ops": args.ops, "warmup": args.warmup, "per_process": args.per_process,
                                "history": args.history, "quick": args.quick, "seed": args.seed,
                                "cold_repeats": args.cold_repeats, "business_day": day.isoformat()}
        reference = raw_commit_latency(url_empty, 50, 5)
        targets.append(Target("empty", url_empty, site, Database(url_empty), RawCommitter(url_empty)))
        loading: dict[str, Any] = {"load": None, "settle": None}
        if args.history > 0:
            loading = history_target(args, scratch, day, reference["median_ms"], targets)
        # 2. and 3.: query plans and latency on those databases
        phase_anomalies = latency_phases(args, targets, day, loading, result)
        # 4. concurrency on a fresh database
        result["throughput"], phase_anomalies["concurrency"] = throughput_phase(args, scratch, offset, day)

        anomalies = anomaly_totals(phase_anomalies)
        result["anomalies"] = anomalies
        result["goals"] = goals(scratch.dialect, result["ratio_vs_raw_commit"], result["history"], anomalies,
                                result["throughput"], result["sql_floor"])
        result["all_goals_met"] = all(g["met"] for g in result["goals"].values() if g["met"] is not None)
        result["environment"]["loadavg_at_end"] = loadavg()
        result["duration_s"] = round(time.perf_counter() - started, 1)
        return result
    finally:
        for t in targets:
            try:
                t.db.dispose()
                t.raw.conn.close()
            except Exception:
                pass
        set_clock(None)
        scratch.drop_all()


def history_target(args: argparse.Namespace, scratch: Scratch, day: date, reference_ms: float,
                   targets: list[Target]) -> dict[str, Any]:
    """Load ``--history`` past tickets into a second database, wait for the write-back, add it to ``targets``.

    Returns the load's and the wait's figures (``load``, ``settle``).
    """
    say(f"history: setting up, loading {args.history:,} tickets")
    url_hist = scratch.create("history")
    site_h = setup_site(url_hist)
    load = load_history(url_hist, site_h, args.history, day, args.seed)
    say(f"history: loaded {load['tickets']:,} tickets, {load['events']:,} events in {load['load_s']} s")
    settled = settle(url_hist, reference_ms, args.settle_limit)
    say(f"history: write-back settled={settled['settled']} after {settled['waited_s']} s")
    targets.append(Target("history", url_hist, site_h, Database(url_hist), RawCommitter(url_hist)))
    return {"load": load, "settle": settled}


def latency_phases(args: argparse.Namespace, targets: list[Target], day: date, loading: dict[str, Any],
                   result: dict[str, Any]) -> dict[str, Any]:
    """Query plans, interleaved latency, fresh starts and the statement profile; their figures into ``result``.

    Closes the targets' connections; returns the anomalies found on each target.
    """
    plans = {t.name: query_plans(t.url, t.site, t.ledger) for t in targets}
    say(f"latency: {args.ops} of each operation on " + " and ".join(t.name for t in targets))
    interleaved_latency(targets, args.ops, args.warmup)
    say("latency: fresh starts")
    cold = cold_start(targets, args.cold_repeats)
    empty_t = targets[0]
    profile = statement_profile(empty_t.db, empty_t.site, max(5, min(100, args.ops // 5)), empty_t.ledger)
    say("latency: the SQL floor (each write transaction replayed on the bare driver)")
    floor = sql_floor(empty_t.db, empty_t.site, max(5, min(200, args.ops // 2)), empty_t.ledger)
    phase_anomalies = {t.name: check_anomalies(t.db, t.site, day, t.ledger) for t in targets}
    for t in targets:
        t.db.dispose()
        t.raw.close()

    empty = {**latency_result(empty_t), "cold_start": cold["empty"]}
    raw = {"how": empty_t.raw.how, **summarize(empty_t.samples["raw_commit"])}
    result["raw_commit"] = raw
    result["latency_empty"] = empty
    held = empty["write_lock_held"]
    result["ratio_vs_raw_commit"] = {
        op: {"median": ratio(empty[op]["median_ms"], raw["median_ms"]),
             "p95": ratio(empty[op]["p95_ms"], raw["p95_ms"]),
             "write_lock_median": ratio(held[op]["median_ms"], raw["median_ms"]),
             "write_lock_p95": ratio(held[op]["p95_ms"], raw["p95_ms"])}
        for op in ("issue_ticket", "call_next")
    }
    result["statement_profile"] = profile
    result["sql_floor"] = floor
    result["query_plans_empty"] = {"history_scans": plans["empty"]["history_scans"]}
    result["history"] = None
    if len(targets) > 1:
        result["history"] = history_figures(targets[1], cold["history"], plans["history"], loading, empty, raw)
    return phase_anomalies


def history_figures(hist_t: Target, cold: dict[str, Any], plans: dict[str, Any], loading: dict[str, Any],
                    empty: dict[str, Any], raw: dict[str, Any]) -> dict[str, Any]:
    """The ``history`` part of the JSON: the load, the latency with history and its ratios to the empty database."""
    loaded = {**latency_result(hist_t), "cold_start": cold}
    raw_h = {"how": hist_t.raw.how, **summarize(hist_t.samples["raw_commit"])}
    return {
        "load": loading["load"],
        "settle": loading["settle"],
        "raw_commit": raw_h,
        "raw_commit_ratio_loaded_vs_empty": ratio(raw_h["median_ms"], raw["median_ms"]),
        "latency": loaded,
        "ratio_loaded_vs_empty": {
            op: {"median": ratio(loaded[op]["median_ms"], empty[op]["median_ms"]),
                 "p95": ratio(loaded[op]["p95_ms"], empty[op]["p95_ms"])}
            for op in ("issue_ticket", "call_next")
        },
        "cold_start_ratio_loaded_vs_empty": {
            key: ratio(loaded["cold_start"][key]["median_ms"], empty["cold_start"][key]["median_ms"])
            for key in ("first_issue_ticket", "first_call_next", "expiry_query")
        },
        "query_plans": plans,
    }


def throughput_phase(args: argparse.Namespace, scratch: Scratch, offset: float,
                     day: date) -> tuple[dict[str, Any], dict[str, Any]]:
    """``issue_ticket`` with 1, 4, 8 and 16 processes, ``call_next`` with 1 and 8 counters; figures and anomalies."""
    say("throughput: setting up")
    url_conc = scratch.create("concurrency")
    site_c = setup_site(url_conc)
    ledger_conc = Ledger()
    throughput: dict[str, Any] = {"issue_ticket": {}, "call_next": {}}
    for nproc in ISSUE_PROCESSES:
        say(f"throughput: issue_ticket, {nproc} processes x {args.per_process}")
        throughput["issue_ticket"][str(nproc)] = parallel_run(
            "issue_ticket", url_conc, offset, nproc, args.per_process, site_c.codes, [0], ledger_conc)
    db = Database(url_conc)
    for nproc in (1, 8):
        topped = top_up(db, site_c, nproc * (args.per_process + 1), ledger_conc)
        waiting = waiting_count(db)
        say(f"throughput: call_next, {nproc} counters x {args.per_process}, {waiting} waiting")
        run_ = parallel_run("call_next", url_conc, offset, nproc, args.per_process, site_c.codes,
                            list(BENCH_COUNTERS[:nproc]), ledger_conc)
        run_["waiting_at_start"] = waiting
        run_["topped_up_tickets"] = topped
        throughput["call_next"][str(nproc)] = run_
    anomalies = check_anomalies(db, site_c, day, ledger_conc)
    db.dispose()
    base = throughput["issue_ticket"]["1"]["ops_per_s"]
    for many in [str(n) for n in ISSUE_PROCESSES[1:]]:
        throughput["issue_ticket"][many]["speedup_vs_1"] = ratio(throughput["issue_ticket"][many]["ops_per_s"], base)
    throughput["call_next"]["8"]["speedup_vs_1"] = ratio(throughput["call_next"]["8"]["ops_per_s"],
                                                         throughput["call_next"]["1"]["ops_per_s"])
    return throughput, anomalies


def anomaly_totals(phase_anomalies: dict[str, Any]) -> dict[str, Any]:
    """The anomalies of every phase added up, with the phases' own figures under ``by_phase``."""
    anomalies: dict[str, Any] = {
        key: sum(p[key] for p in phase_anomalies.values())
        for key in ("duplicate_numbers", "called_twice", "lost_tickets", "number_gaps", "empty_calls")
    }
    anomalies["errors"] = sum(sum(p["errors"].values()) for p in phase_anomalies.values())
    anomalies["by_phase"] = phase_anomalies
    return anomalies


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line, with the defaults of a full or a ``--quick`` run filled in."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", required=True, help="sqlite:///path/file.db (scratch files go next to it) or "
                   "postgresql+psycopg://user:pw@host:port/db (scratch databases on that server; the role "
                   "needs CREATEDB, and pg_checkpoint to checkpoint after the history load)")
    p.add_argument("--ops", type=int, help="timed operations per latency measurement (default 500; --quick 30)")
    p.add_argument("--warmup", type=int, help="untimed operations before each latency measurement (default 50; --quick 5)")
    p.add_argument("--per-process", type=int, help="operations per process in the throughput runs (default 100; --quick 10)")
    p.add_argument("--history", type=int, help="past tickets to load for the history run, 0 to skip "
                   "(default 1000000; --quick 5000)")
    p.add_argument("--quick", action="store_true", help="small numbers, for a smoke test")
    p.add_argument("--seed", type=int, default=8, help="seed of the history generator")
    p.add_argument("--keep", action="store_true", help="keep the scratch databases")
    p.add_argument("--cold-repeats", type=int, default=3, help="fresh starts timed per phase (default 3)")
    p.add_argument("--settle-limit", type=float, help="longest wait, in seconds, for the write-back after the "
                   "history load (default 180; --quick 10)")
    args = p.parse_args(argv)
    quick = args.quick
    if args.settle_limit is None:
        args.settle_limit = 10.0 if quick else 180.0
    if args.cold_repeats < 1:
        p.error("--cold-repeats must be at least 1")
    for name, full, small in (("ops", 500, 30), ("warmup", 50, 5), ("per_process", 100, 10), ("history", 1_000_000, 5_000)):
        if getattr(args, name) is None:
            setattr(args, name, small if quick else full)
        if getattr(args, name) < (1 if name in ("ops", "per_process") else 0):
            p.error(f"--{name.replace('_', '-')} is too small")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its JSON object on stdout."""
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    result = run(args)
    json.dump(result, sys.stdout, indent=2, default=str)
    sys.stdout.write("\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
