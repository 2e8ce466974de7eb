"""Benchmark of the reports (issue 13): the monthly PDF and one XLSX over 1,000,000 tickets.

Builds (once, cached under /tmp) a database with 1,000,000 tickets of history: about
20,000 visits a month over 50 months of weekdays, with their events (issued, called,
recalled, started, finished, no-show, transferred/requeued, cancelled, expired) and each
counter's sign-in, pause, resume and sign-out. Then measures, on SQLite (and PostgreSQL
with ``--pg``, a throwaway cluster):

- the monthly summary PDF (``antrian report month``): the read, the figures, the PDF;
- the monthly summary as XLSX (every table, one sheet each);
- the two queries' plans (a full scan of ``tickets`` or ``ticket_events`` shows as
  ``SCAN``/``Seq Scan``);
- the queue's own operations (issue a ticket, call it, finish it) with and without a
  report running at the same time in another process: a report only reads, so it never
  holds the write lock;
- the IKM (issue 14): survey responses seeded for a third of the finished visits of the
  second half of 2026 (most answers 3 or 4, some elements skipped, a comment on one in
  forty), then ``ikm.results`` for the semester, the IKM PDF and XLSX and the A4 poster,
  and the monthly summary's read with its IKM section against the same read without it
  (the baseline, in the same run). The monthly PDF above includes the IKM section.

Prints one JSON object on stdout; progress on stderr. Goal: monthly PDF ≤ 2 s on SQLite.

    .venv/bin/python -m bench.reports [--rebuild] [--pg] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

os.environ.setdefault("ANTRIAN_SCRYPT_N", "1024")  # the bench site's passwords: no 0.4 s hashes

from sqlalchemy import select, text

from db import queue, reports, siteconfig
from db.database import Database
from db.models import Counter, CounterService, Officer, Service
from db.render import render
from db.reports.data import counter_events_query, visits_query
from db.survey import ikm

GOAL_PDF_S = 2.0
TICKETS = 1_000_000
MONTH = (2026, 11)  # the month measured: the last full month of the history
LAST_DAY = date(2026, 11, 30)
CACHE = Path(tempfile.gettempdir()) / "antrian-bench-reports-1m.db"
SEED = 13
COLS = ("id", "service_id", "day", "seq", "label", "status", "priority", "issued_at", "queue_time", "called_at",
        "started_at", "finished_at", "counter_id", "officer_id", "recall_count", "source", "transferred_from_id")


def say(message: str) -> None:
    """Progress on stderr."""
    print(f"[reports {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _weekdays(last: date, count: int) -> list[date]:
    days: list[date] = []
    d = last
    while len(days) < count:
        if d.weekday() < 5:
            days.append(d)
        d -= timedelta(days=1)
    return days[::-1]


def _stamp(at: datetime) -> str:
    """A UTC moment as SQLAlchemy stores it in SQLite (naive UTC text)."""
    return at.strftime("%Y-%m-%d %H:%M:%S.%f")


def _site(url: str) -> dict[str, Any]:
    """Apply the sample site (hours cleared); the services, counters and who sits where."""
    db = Database(url)
    try:
        siteconfig.apply(db, siteconfig.load(siteconfig.SAMPLE))
        with db.write() as s:
            for svc in s.scalars(select(Service)):
                svc.hours = {}
                svc.daily_quota = None
        for number, user in ((1, "siti"), (2, "budi"), (3, "agus")):
            queue.sign_in(db, number, user, f"{user}123")
        with db.read() as s:
            services = {sv.code: sv.id for sv in s.scalars(select(Service))}
            seats = {c.id: c.officer_id for c in s.scalars(select(Counter))}
            serving: dict[int, list[int]] = {}
            for cs in s.scalars(select(CounterService)):
                serving.setdefault(cs.service_id, []).append(cs.counter_id)
            officers = {o.username: o.id for o in s.scalars(select(Officer))}
    finally:
        db.dispose()
    return {"services": services, "seats": seats, "serving": serving, "officers": officers}


def _history(site: dict[str, Any], n: int, extra: list[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """``n`` tickets over 50 months of weekdays, one row at a time (never all in memory);
    the events SQL cannot derive from them are appended to ``extra`` (first calls of
    recalled tickets, recalls, transfers, counters' sign-ins and pauses)."""
    rnd = random.Random(SEED).random
    zone = ZoneInfo("Asia/Jakarta")
    codes = list(site["services"].items())
    days = _weekdays(LAST_DAY, 1050)
    per_day, spare = divmod(n, len(days))
    tid = 0
    for di, d in enumerate(days):
        last_tid = tid + per_day + (1 if di < spare else 0)
        opens = datetime.combine(d, dtime(8, 0), tzinfo=zone).astimezone(UTC)
        day = d.isoformat()
        for cid, oid in site["seats"].items():
            for kind, hours in (("signed_in", 0), ("paused", 4), ("resumed", 5), ("signed_out", 7.5)):
                extra.append((None, kind, _stamp(opens + timedelta(hours=hours)), day, None, cid, oid, None, None))
        seqs: dict[int, int] = {}
        while tid < last_tid:
            code, sid = codes[int(rnd() * len(codes))]
            seqs[sid] = seq = seqs.get(sid, 0) + 1
            issued = opens + timedelta(seconds=int(rnd() * 7 * 3600))
            u = rnd()
            status = ("done" if u < 0.82 else "no_show" if u < 0.91 else "cancelled" if u < 0.93
                      else "expired" if u < 0.96 else "transferred")
            cid = oid = called = started = finished = None
            recalls = 0
            if status in ("done", "no_show", "transferred"):
                counters = site["serving"][sid]
                cid = counters[int(rnd() * len(counters))]
                oid = site["seats"][cid]
                called = issued + timedelta(seconds=60 + int(rnd() * 3600))
                recalls = 1 if rnd() < 0.05 else 0
                if status == "no_show":
                    finished = called + timedelta(minutes=5)
                else:
                    started = called + timedelta(seconds=30 + int(rnd() * 150))
                    finished = started + timedelta(seconds=180 + int(rnd() * 1620))
            elif status == "cancelled":
                finished = issued + timedelta(minutes=5 + int(rnd() * 60))
            else:
                finished = opens + timedelta(days=1)
            tid += 1
            label = f"{code}-{seq:03d}"
            yield (tid, sid, day, seq, label, status, int(rnd() < 0.05), _stamp(issued), _stamp(issued),
                         called and _stamp(called), started and _stamp(started), finished and _stamp(finished),
                         cid, oid, recalls, "kiosk" if rnd() < 0.75 else "counter" if rnd() < 0.4 else "booking", None)
            if recalls and called is not None:
                extra.append((tid, "called", _stamp(called - timedelta(minutes=2)), day, sid, cid, oid, label, None))
                extra.append((tid, "recalled", _stamp(called), day, sid, cid, oid, label, '{"count": 1}'))
            if status == "transferred" and finished is not None and tid < last_tid:
                to_code, to_sid = codes[(codes.index((code, sid)) + 1) % len(codes)]
                new_id = tid + 1
                extra.append((tid, "transferred", _stamp(finished), day, sid, cid, oid, label,
                              json.dumps({"to": to_code, "ticket": new_id})))
                counters = site["serving"][to_sid]
                cid2 = counters[int(rnd() * len(counters))]
                called2 = finished + timedelta(minutes=5 + int(rnd() * 30))
                started2 = called2 + timedelta(minutes=1)
                tid += 1
                yield (tid, to_sid, day, seq, label, "done", 0, _stamp(finished), _stamp(issued), _stamp(called2),
                             _stamp(started2), _stamp(started2 + timedelta(minutes=10)), cid2, site["seats"][cid2], 0,
                             "kiosk", tid - 1)


EVENTS_FROM_TICKETS = """
INSERT INTO ticket_events (ticket_id, kind, at, day, service_id, counter_id, officer_id, label, detail)
SELECT id, 'issued', issued_at, day, service_id, CAST(NULL AS INTEGER), CAST(NULL AS INTEGER), label, CAST(NULL AS TEXT)
       FROM tickets WHERE transferred_from_id IS NULL
UNION ALL SELECT id, 'requeued', issued_at, day, service_id, CAST(NULL AS INTEGER), CAST(NULL AS INTEGER), label,
       '{"from_ticket": ' || CAST(transferred_from_id AS TEXT) || '}' FROM tickets WHERE transferred_from_id IS NOT NULL
UNION ALL SELECT id, 'called', called_at, day, service_id, counter_id, officer_id, label, NULL
       FROM tickets WHERE called_at IS NOT NULL AND recall_count = 0
UNION ALL SELECT id, 'started', started_at, day, service_id, counter_id, officer_id, label, NULL
       FROM tickets WHERE started_at IS NOT NULL
UNION ALL SELECT id, 'finished', finished_at, day, service_id, counter_id, officer_id, label, NULL
       FROM tickets WHERE status = 'done'
UNION ALL SELECT id, status, finished_at, day, service_id, counter_id, officer_id, label, NULL
       FROM tickets WHERE status IN ('no_show', 'cancelled', 'expired')
"""
EXTRA = ("INSERT INTO ticket_events (ticket_id, kind, at, day, service_id, counter_id, officer_id, label, detail) "
         "VALUES ({})")


def build_sqlite(path: Path, n: int) -> dict[str, Any]:
    """The 1,000,000-ticket SQLite database: sample site, then one bulk transaction."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    t0 = time.perf_counter()
    site = _site(url)
    extra: list[tuple[Any, ...]] = []
    rows = _history(site, n, extra)
    t1 = time.perf_counter()
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -262144")
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(f"INSERT INTO tickets ({', '.join(COLS)}) VALUES ({', '.join('?' * len(COLS))})", rows)
        conn.execute(EVENTS_FROM_TICKETS)
        conn.executemany(EXTRA.format(", ".join("?" * 9)), extra)
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
        tickets = conn.execute("SELECT count(*) FROM tickets").fetchone()[0]
        events = conn.execute("SELECT count(*) FROM ticket_events").fetchone()[0]
    finally:
        conn.close()
    return {"tickets": tickets, "events": events, "site_s": round(t1 - t0, 1),
            "load_s": round(time.perf_counter() - t1, 1),
            "method": "sqlite3 executemany (tickets, extra events) + INSERT ... SELECT (events), one transaction"}


def build_postgresql(url: str, n: int) -> dict[str, Any]:
    """The same history on PostgreSQL: COPY, then INSERT ... SELECT, then VACUUM ANALYZE."""
    import psycopg

    from bench.queueops.common import drop_load_keys, pg_connect_kwargs, restore_load_keys
    from db.database import parse_url

    t0 = time.perf_counter()
    site = _site(url)
    extra: list[tuple[Any, ...]] = []
    rows = _history(site, n, extra)
    t1 = time.perf_counter()
    conn = psycopg.connect(**pg_connect_kwargs(parse_url(url)), autocommit=False)
    try:
        with conn.cursor() as cur:
            foreign_keys, indexes = drop_load_keys(cur)  # added back below, in the same transaction
            with cur.copy(f"COPY tickets ({', '.join(COLS)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cur.execute(EVENTS_FROM_TICKETS)
            with cur.copy("COPY ticket_events (ticket_id, kind, at, day, service_id, counter_id, officer_id, label, "
                          "detail) FROM STDIN") as copy:
                for row in extra:
                    copy.write_row(row)
            for table in ("tickets", "ticket_events"):
                cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
            restore_load_keys(cur, foreign_keys, indexes)
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE tickets")
        conn.execute("VACUUM ANALYZE ticket_events")
        tickets = conn.execute("SELECT count(*) FROM tickets").fetchone()[0]  # type: ignore[index]
        events = conn.execute("SELECT count(*) FROM ticket_events").fetchone()[0]  # type: ignore[index]
    finally:
        conn.close()
    return {"tickets": tickets, "events": events, "site_s": round(t1 - t0, 1),
            "load_s": round(time.perf_counter() - t1, 1), "method": "COPY + INSERT ... SELECT, one transaction"}


def plans(db: Database, period: reports.Period) -> dict[str, list[str]]:
    """EXPLAIN of the two report queries, with the period's values inlined."""
    out: dict[str, list[str]] = {}
    dialect = db.engine.dialect
    for name, stmt in (("visits", visits_query(period)), ("counter_events", counter_events_query(period))):
        sql = str(stmt.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
        with db.read() as s:
            if db.dialect == "sqlite":
                out[name] = [r[3] for r in s.execute(text("EXPLAIN QUERY PLAN " + sql))]
            else:
                out[name] = [r[0] for r in s.execute(text("EXPLAIN " + sql))]
    return out


def full_scans(plan: dict[str, list[str]]) -> list[str]:
    """Plan lines that read a history table whole."""
    return [line for lines in plan.values() for line in lines
            if ("SCAN tickets" in line or "SCAN ticket_events" in line or "Seq Scan on ticket" in line)
            and "USING" not in line]


def _timed(fn: Any) -> tuple[float, Any]:
    t = time.perf_counter()
    result = fn()
    return time.perf_counter() - t, result


def measure_reports(url: str, repeat: int, out_dir: Path) -> dict[str, Any]:
    """The monthly PDF (read, figures, PDF) and the monthly XLSX, ``repeat`` times each."""
    period = reports.month(*MONTH)
    runs: list[dict[str, float]] = []
    xlsx: list[float] = []
    db = Database(url, create=False)
    try:
        for i in range(repeat):
            t_read, ds = _timed(lambda: reports.load(db, period, survey=True))
            t_fig, rep = _timed(lambda ds=ds: reports.report_of("summary", ds))
            t_pdf, _ = _timed(lambda rep=rep, i=i: render(rep, "pdf", out_dir / f"month-{i}.pdf", "id"))
            runs.append({"read_s": t_read, "figures_s": t_fig, "pdf_s": t_pdf, "total_s": t_read + t_fig + t_pdf})
            t_x, _ = _timed(lambda i=i: render(reports.report(db, "summary", period), "xlsx", out_dir / f"month-{i}.xlsx"))
            xlsx.append(t_x)
        visits = len(ds.visits)
        plan = plans(db, period)
    finally:
        db.dispose()
    totals = [r["total_s"] for r in runs]
    return {
        "month": f"{MONTH[0]}-{MONTH[1]:02d}", "visits_in_month": visits,
        "pdf_s": {"first": round(totals[0], 3), "median": round(statistics.median(totals), 3)},
        "pdf_parts_median_s": {k: round(statistics.median(r[k] for r in runs), 3) for k in ("read_s", "figures_s", "pdf_s")},
        "xlsx_s": {"first": round(xlsx[0], 3), "median": round(statistics.median(xlsx), 3)},
        "goal_pdf_s": GOAL_PDF_S, "pdf_within_goal": statistics.median(totals) <= GOAL_PDF_S,
        "plans": plan, "full_scans": full_scans(plan),
    }


SURVEY_PERIOD = "2026-S2"


def _answer(dialect: str, skip_every: int) -> str:
    """An SQL expression for one answer: 2 (10 %), 3 (35 %) or 4 (55 %), NULL on one ticket in
    ``skip_every`` (an element left unanswered)."""
    r = "abs(random()) % 20" if dialect == "sqlite" else "floor(random() * 20)::int"
    skip = f"id % {skip_every} = 0" if skip_every else "false"
    return f"CASE WHEN {skip} THEN NULL WHEN {r} < 2 THEN 2 WHEN {r} < 9 THEN 3 ELSE 4 END"


def seed_responses(db: Database, period: reports.Period) -> int:
    """A survey response for every third finished visit of ``period``: one INSERT ... SELECT."""
    elements = [_answer(db.dialect, 0 if i < 6 else 29 + i) for i in range(9)]
    wbk = [_answer(db.dialect, 0) for _ in range(5)]
    columns = ", ".join([f"u{i}" for i in range(1, 10)] + [f"w{i}" for i in range(1, 6)])
    gender = "CASE WHEN id % 2 = 0 THEN 'L' ELSE 'P' END"
    comment = "CASE WHEN id % 40 = 0 THEN 'Ruang tunggu perlu ditambah kursi (' || label || ')' ELSE NULL END"
    sql = (f"INSERT INTO survey_responses (ticket_id, service_id, counter_id, officer_id, day, channel, language, "
           f"started_at, updated_at, closed_at, {columns}, gender, comment) "
           f"SELECT id, service_id, counter_id, officer_id, day, 'counter', 'id', finished_at, finished_at, finished_at, "
           f"{', '.join(elements + wbk)}, {gender}, {comment} FROM tickets "
           f"WHERE status = 'done' AND id % 3 = 0 AND day >= :first AND day <= :last "
           f"AND id NOT IN (SELECT ticket_id FROM survey_responses)")
    with db.write() as s:
        s.execute(text(sql), {"first": period.first.isoformat(), "last": period.last.isoformat()})
        count = s.execute(text("SELECT count(*) FROM survey_responses WHERE day >= :first AND day <= :last"),
                          {"first": period.first.isoformat(), "last": period.last.isoformat()}).scalar_one()
    if db.dialect == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE survey_responses"))
    else:
        with db.write() as s:
            s.execute(text("ANALYZE survey_responses"))
    return int(count)


def measure_ikm(url: str, repeat: int, out_dir: Path) -> dict[str, Any]:
    """The semester's IKM: the read, the PDF, the XLSX, the poster; and the monthly read with
    and without its IKM section (the baseline of the same run)."""
    from db.render.poster import write_poster

    period = reports.parse_period(SURVEY_PERIOD)
    month = reports.month(*MONTH)
    db = Database(url, create=False)
    try:
        t_seed, responses = _timed(lambda: seed_responses(db, period))
        reads: list[float] = []
        pdfs: list[float] = []
        xlsxs: list[float] = []
        posters: list[float] = []
        with_ikm: list[float] = []
        without: list[float] = []
        month_ikm: list[float] = []
        result = None
        for i in range(repeat):
            t, result = _timed(lambda: ikm.results(db, period))
            reads.append(t)
            rep = reports.report(db, "ikm", period)
            pdfs.append(_timed(lambda rep=rep, i=i: render(rep, "pdf", out_dir / f"ikm-{i}.pdf", "id"))[0])
            xlsxs.append(_timed(lambda rep=rep, i=i: render(rep, "xlsx", out_dir / f"ikm-{i}.xlsx", "id"))[0])
            posters.append(_timed(lambda rep=rep, i=i: write_poster(rep, out_dir / f"poster-{i}.pdf", "A4"))[0])
            pair = [(without, False), (with_ikm, True)]
            for into, survey in pair if i % 2 == 0 else pair[::-1]:  # alternate: neither always reads warm
                into.append(_timed(lambda survey=survey: reports.load(db, month, survey=survey))[0])
            month_ikm.append(_timed(lambda: ikm.results(db, month))[0])
    finally:
        db.dispose()
    assert result is not None

    def med(values: list[float]) -> float:
        return round(statistics.median(values), 3)

    return {
        "period": SURVEY_PERIOD, "responses": responses, "seed_s": round(t_seed, 1),
        "respondents": result.respondents, "ikm": str(result.index), "grade": result.grade and result.grade.letter,
        "target_sample": result.target_sample, "comments": len(result.comments),
        "results_s": {"first": round(reads[0], 3), "median": med(reads)},
        "pdf_s": med(pdfs), "xlsx_s": med(xlsxs), "poster_s": med(posters),
        "month_results_s": med(month_ikm),
        "monthly_read_s": {"baseline_without_ikm": med(without), "with_ikm": med(with_ikm),
                           "ikm_share": round((statistics.median(with_ikm) - statistics.median(without))
                                              / statistics.median(with_ikm), 3)},
    }


def _queue_round(db: Database, count: int) -> list[float]:
    """``count`` visits through counter 1 (issue A, call, finish): milliseconds per operation."""
    samples: list[float] = []
    for _ in range(count):
        for op in (lambda: queue.issue_ticket(db, "A"), lambda: queue.call_next(db, 1, close_as="done")):
            t = time.perf_counter()
            op()
            samples.append((time.perf_counter() - t) * 1000)
    return samples


def measure_queue_beside_report(url: str, count: int, out_dir: Path) -> dict[str, Any]:
    """Queue operations alone, then while another process writes monthly reports in a loop."""
    db = Database(url, create=False)
    try:
        with db.write() as s:  # the sample site's daily quotas would refuse the benchmark's tickets
            for svc in s.scalars(select(Service)):
                svc.daily_quota = None
        _queue_round(db, 5)  # warm
        alone = _queue_round(db, count)
        env = dict(os.environ, ANTRIAN_DB=url)
        loop = ("import sys\nfrom pathlib import Path\nfrom db import reports\nfrom db.database import Database\n"
                "from db.render import render\ndb = Database(sys.argv[1], create=False)\n"
                "while True:\n    render(reports.report(db, 'summary', reports.month(2026, 11)), 'pdf', "
                "Path(sys.argv[2]))\n")
        proc = subprocess.Popen([sys.executable, "-c", loop, url, str(out_dir / "loop.pdf")], env=env,
                                stderr=subprocess.DEVNULL)
        try:
            time.sleep(1.0)  # the report is reading by now
            beside = _queue_round(db, count)
        finally:
            proc.kill()
            proc.wait()
    finally:
        db.dispose()
    med_a, med_b = statistics.median(alone), statistics.median(beside)
    return {"operations": len(alone), "alone_median_ms": round(med_a, 3), "beside_report_median_ms": round(med_b, 3),
            "alone_max_ms": round(max(alone), 3), "beside_report_max_ms": round(max(beside), 3),
            "ratio": round(med_b / med_a, 2) if med_a else None,
            "note": "issue_ticket + call_next on counter 1; a second process renders the monthly PDF in a loop"}


def main(argv: list[str] | None = None) -> int:
    """Build (or reuse) the databases, measure, print JSON."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rebuild", action="store_true", help="rebuild the cached SQLite database")
    p.add_argument("--pg", action="store_true", help="also on a throwaway PostgreSQL cluster (tests.pg)")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--tickets", type=int, default=TICKETS)
    p.add_argument("--queue-ops", type=int, default=40, help="visits through the queue, alone and beside a report")
    p.add_argument("--cache", help="the SQLite history to build or reuse (default: one per size under the temp folder)")
    p.add_argument("--out", help="the folder for the rendered reports (default: a new one under the temp folder, "
                                 "kept so the example PDF can be opened)")
    args = p.parse_args(argv)
    result: dict[str, Any] = {"goal": f"monthly PDF <= {GOAL_PDF_S} s on SQLite over {TICKETS:,} tickets"}
    out_dir = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="antrian-bench-reports-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    cache = Path(args.cache) if args.cache else \
        CACHE if args.tickets == TICKETS else CACHE.with_name(f"antrian-bench-reports-{args.tickets}.db")
    if args.rebuild or not cache.exists():
        say(f"building {cache} ({args.tickets:,} tickets)")
        built = build_sqlite(cache, args.tickets)
        say(f"built: {built}")
    else:
        built = {"cached": str(cache)}
    work = cache.with_name(cache.stem + "-work.db")  # the queue writes go to a copy: the cache stays as built
    src, dst = sqlite3.connect(cache), sqlite3.connect(work)
    src.backup(dst)
    src.close()
    dst.close()
    url = f"sqlite:///{work}"
    say("measuring the IKM on SQLite")
    survey = measure_ikm(url, args.repeat, out_dir)
    say(f"IKM: {survey}")
    say("measuring SQLite")
    figures = measure_reports(url, args.repeat, out_dir)
    say(f"reports: PDF {figures['pdf_s']}, XLSX {figures['xlsx_s']}, {figures['visits_in_month']} visits")
    result["sqlite"] = {"database": built, **figures, "ikm": survey,
                        "queue": measure_queue_beside_report(url, args.queue_ops, out_dir)}
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    if args.pg:
        from tests.pg import PgCluster, pg_available

        if not pg_available():
            result["postgresql"] = "PostgreSQL 15 is not installed"
        else:
            cluster = PgCluster.create()
            try:
                pg_url = cluster.url(cluster.create_database())
                say("building the PostgreSQL database")
                built_pg = build_postgresql(pg_url, args.tickets)
                say(f"built: {built_pg}; measuring PostgreSQL")
                survey_pg = measure_ikm(pg_url, args.repeat, out_dir)
                result["postgresql"] = {"database": built_pg, **measure_reports(pg_url, args.repeat, out_dir),
                                        "ikm": survey_pg, "queue": measure_queue_beside_report(pg_url, args.queue_ops, out_dir)}
            finally:
                cluster.destroy()
    result["pdf_example"] = str(out_dir / "month-0.pdf")
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
