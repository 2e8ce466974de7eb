"""Throughput with several processes, each with its own ``Database``, started together by a barrier."""

from __future__ import annotations

import contextlib
import logging
import multiprocessing as mp
import queue as queue_mod
import time
from typing import Any

from bench.queueops.common import PROCESS_TIMEOUT_S, install_clock, summarize
from bench.queueops.latency import waiting_count
from bench.queueops.ledger import Ledger
from bench.queueops.scratch import Site
from bench.stats import percentile
from db import queue
from db.database import Database


def _worker(kind: str, url: str, offset_s: float, wid: int, count: int, counter: int, codes: list[str],
            barrier: Any, out: Any) -> None:
    """One process: its own Database, one warm-up op, the barrier, then ``count`` ops."""
    try:
        logging.basicConfig(level=logging.WARNING)
        install_clock(offset_s)
        db = Database(url)
        ledger = Ledger()

        def op(i: int) -> None:
            if kind == "issue_ticket":
                ledger.issue(queue.issue_ticket(db, codes[(wid + i) % len(codes)]))
            else:
                ledger.call(queue.call_next(db, counter, close_as="done"))

        op(-1)  # warm-up: connection open, statements compiled
        barrier.wait(timeout=300)
        lat: list[float] = []
        t_start = time.perf_counter()
        for i in range(count):
            t0 = time.perf_counter()
            try:
                op(i)
            except Exception as e:
                ledger.errors[f"{type(e).__name__}: {str(e)[:120]}"] += 1
                continue
            lat.append((time.perf_counter() - t0) * 1000)
        t_end = time.perf_counter()
        db.dispose()
        out.put({"wid": wid, "start": t_start, "end": t_end, "lat": lat, "ledger": ledger.as_dict()})
    except BaseException as e:
        with contextlib.suppress(Exception):
            barrier.abort()
        out.put({"wid": wid, "fatal": f"{type(e).__name__}: {e}"})


def parallel_run(kind: str, url: str, offset_s: float, nproc: int, count: int, codes: list[str],
                 counters: list[int], ledger: Ledger) -> dict[str, Any]:
    """``nproc`` processes doing ``count`` operations of ``kind`` each, started together; throughput and latency."""
    # Each worker is forked from a server that imported the core once: a spawned process
    # imported SQLAlchemy and the core itself, 0.5-0.7 s of CPU each, 37 of them in a run.
    # Only installed packages can be preloaded: Python 3.11's server ignores the sys.path it
    # is given (and any import that fails there), so ``bench`` itself is imported per child.
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["db.queue", "db.siteconfig"])  # db.queue brings db.database
    barrier = ctx.Barrier(nproc)
    out = ctx.Queue()
    procs = [
        ctx.Process(target=_worker, args=(kind, url, offset_s, w, count, counters[w % len(counters)], codes, barrier, out),
                    daemon=True)
        for w in range(nproc)
    ]
    for p in procs:
        p.start()
    results: list[dict[str, Any]] = []
    deadline = time.monotonic() + PROCESS_TIMEOUT_S
    try:
        while len(results) < nproc:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"{kind} with {nproc} processes did not finish in {PROCESS_TIMEOUT_S} s")
            try:
                results.append(out.get(timeout=min(remaining, 5)))
            except queue_mod.Empty:
                if not any(p.is_alive() for p in procs) and out.empty():
                    raise RuntimeError(f"{kind}: worker processes died without a result") from None
    finally:
        for p in procs:
            p.join(timeout=30)
            if p.is_alive():
                p.terminate()
                p.join(timeout=5)
    fatal = [r["fatal"] for r in results if "fatal" in r]
    if fatal:
        raise RuntimeError(f"{kind} with {nproc} processes failed: {fatal[0]}")
    for r in results:
        ledger.merge(r["ledger"])
    wall = max(r["end"] for r in results) - min(r["start"] for r in results)
    done = sum(len(r["lat"]) for r in results)
    lat = [x for r in results for x in r["lat"]]
    per_proc = [len(r["lat"]) / (r["end"] - r["start"]) for r in results if r["end"] > r["start"]]
    return {
        "processes": nproc,
        "ops_per_process": count,
        "ops_done": done,
        "errors": sum(sum(r["ledger"]["errors"].values()) for r in results),
        "wall_s": round(wall, 3),
        "ops_per_s": round(done / wall, 1) if wall > 0 else None,
        "slowest_process_ops_per_s": round(min(per_proc), 1) if per_proc else None,
        "latency_under_load": {**summarize(lat), **({"p99_ms": round(percentile(lat, 99), 3)} if lat else {})},
        **({"counters": sorted({counters[w % len(counters)] for w in range(nproc)})} if kind == "call_next" else {}),
    }


def top_up(db: Database, site: Site, need: int, ledger: Ledger) -> int:
    """Issue tickets until ``need`` are waiting (the bench counters serve every service)."""
    missing = max(0, need - waiting_count(db))
    for i in range(missing):
        ledger.issue(queue.issue_ticket(db, site.codes[i % len(site.codes)]))
    return missing
