"""Benchmark of ``antrian booking import`` (issue 15): a day's 2,000 bookings, printed as JSON.

A realistic export of an online booking form for one weekday: the six services of the
sample site, slots every 30 minutes from 08.00 to 14.30, most rows with a name and phone,
many with a company and NIB, half with the online system's own code, every row with its
reference. Written as CSV (semicolon separated, as Indonesian Excel writes) and as XLSX.

For each database (SQLite, and PostgreSQL 15 in a throwaway cluster unless ``--no-pg``),
each format, ``--repeat`` times (each repeat a new day, so nothing is skipped):

- **import**: ``db.booking.importer.import_file`` as the command runs it, split into
  **parse** (``read_bookings``, the file into checked rows) and the rest (the site's
  services read and ``add_many``, one transaction);
- **re-import**: the same file again (every row already imported: nothing changes);
- **command**: ``antrian booking import FILE --as supervisor`` once per format as its own
  process, start to exit (Python's start, the imports, the sign-in at the bench's cheap
  scrypt cost, the import), what the office waits for;
- **baselines** in the same run: ``add_many`` alone on the parsed rows (a new day), and a raw
  ``executemany`` of 2,000 rows of the same width into a scratch table without the ORM
  (sqlite3 / psycopg), the floor any import sits on.

Goal: the whole import ≤ 2 s (each format, each database, the median).

    python bench/booking_import.py               # SQLite and PostgreSQL, 2,000 bookings, 3 repeats
    python bench/booking_import.py --quick       # a smoke run: SQLite, 60 bookings, 1 repeat
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any

os.environ.setdefault("ANTRIAN_SCRYPT_N", "1024")  # the sample site's passwords: no 0.4 s hashes

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from openpyxl import Workbook  # noqa: E402
from sqlalchemy import select  # noqa: E402

from bench.stats import summary  # noqa: E402
from db import booking, roles, siteconfig  # noqa: E402
from db.booking.importer import import_file, read_bookings, site_services  # noqa: E402
from db.database import Database  # noqa: E402
from db.models import Service  # noqa: E402

GOAL_S = 2.0
HEADER = ["ID", "Kode", "Layanan", "Tanggal", "Jam", "Nama", "Perusahaan", "NIB", "Telepon"]
FIRST = ("Rina", "Andi", "Maya", "Yusuf", "Sari", "Fajar", "Lestari", "Hendra", "Dian", "Budi", "Siti", "Agus",
         "Wahyu", "Putri", "Rizky", "Indah", "Bayu", "Nur", "Eko", "Ratna")
LAST = ("Wulandari", "Saputra", "Putri", "Hidayat", "Dewi", "Nugroho", "Handayani", "Gunawan", "Permata", "Santoso",
        "Rahmawati", "Pratama", "Kusuma", "Siregar", "Nasution", "Wijaya", "Setiawan", "Lubis")
FIRMS = ("PT Sehat Sentosa Farma", "PT Kimia Nusantara", "CV Herbal Lestari", "PT Biofarma Mandiri", "PT Obat Prima",
         "PT Sinar Medika", "PT Kosmetika Indah", "PT Farmasi Jaya", "PT Jamu Sari Alam", "PT Medika Utama")


def say(msg: str) -> None:
    """Progress on stderr."""
    print(f"bench/booking_import: {msg}", file=sys.stderr, flush=True)


def bookings_of_day(n: int, day: date, codes: list[str], seed: int) -> list[list[Any]]:
    """``n`` rows of one day (the file's cells, header excluded)."""
    rng = random.Random(seed)
    slots = [dtime(8 + m // 60, m % 60) for m in range(0, 6 * 60 + 31, 30)]  # 08.00 … 14.30
    services = ["A", "B", "C", "D", "E", "F", "Desk Prasertifikasi", "Konsultasi E-Sertifikasi"]
    rows = []
    for i in range(n):
        named = rng.random() < 0.9
        firm = rng.random() < 0.7
        rows.append([f"ONL-{day:%Y%m%d}-{i + 1:05d}", codes[i] if i % 2 == 0 else "", rng.choice(services),
                     day.strftime("%d/%m/%Y"), rng.choice(slots).strftime("%H.%M"),
                     f"{rng.choice(FIRST)} {rng.choice(LAST)}" if named else "",
                     rng.choice(FIRMS) if firm else "",
                     f"912{rng.randrange(10**10):010d}" if firm else "",
                     f"08{rng.choice('1257')}{rng.randrange(10**9):09d}" if named else ""])
    return rows


def write_csv(path: Path, rows: list[list[Any]]) -> Path:
    """The rows as Indonesian Excel writes CSV: UTF-8 with BOM, semicolons."""
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(HEADER)
        w.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[Any]]) -> Path:
    """The rows as a workbook: dates and times as real cells, phone numbers as text."""
    from datetime import datetime

    book = Workbook()  # as Excel and Google Sheets write: shared strings, the sheet's dimension
    sheet = book.active
    assert sheet is not None
    sheet.title = "Booking"
    sheet.append(HEADER)
    for r in rows:
        day = datetime.strptime(r[3], "%d/%m/%Y").date()
        hh, mm = r[4].split(".")
        sheet.append([r[0], r[1], r[2], day, dtime(int(hh), int(mm)), r[5], r[6], r[7], r[8]])
    book.save(path)
    return path


def prepare(url: str) -> tuple[Database, roles.Actor]:
    """The sample site, open every weekday from 07.00 to 16.00, no daily or booking quota;
    its supervisor signed in (who imports)."""
    db = Database(url)
    siteconfig.apply(db, siteconfig.load(siteconfig.SAMPLE))
    with db.write() as s:
        for svc in s.scalars(select(Service)):
            svc.hours = {d: ["07:00", "16:00"] for d in ("mon", "tue", "wed", "thu", "fri")}
            svc.daily_quota = None
            svc.booking_quota = None
    return db, roles.sign_in(db, "supervisor", "supervisor123")


def weekdays_from(start: date, count: int) -> list[date]:
    """``count`` weekdays from ``start`` on."""
    days, d = [], start
    while len(days) < count:
        if d.weekday() < 5:
            days.append(d)
        d += timedelta(days=1)
    return days


def fresh_codes(db: Database, n: int) -> list[str]:
    """``n`` valid codes no stored booking holds and none twice (an online system's codes
    never clash with ours; random ones would, now and then, over a run's many thousand)."""
    from db.models import Booking

    with db.read() as s:
        taken = set(s.scalars(select(Booking.code)))
    codes: list[str] = []
    while len(codes) < n:
        code = booking.new_code()
        if code not in taken:
            taken.add(code)
            codes.append(code)
    return codes


def _fig(values: list[float], digits: int = 3) -> dict[str, Any]:
    return summary(values, digits, fields=("median", "min", "max"))


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds ``fn`` took, and what it returned."""
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def raw_baseline(url: str, rows: list[list[Any]]) -> float:
    """One raw ``executemany`` of the rows (11 columns) into a scratch table, one transaction, no ORM."""
    values = [(r[1] or f"X{i:05d}", r[2], r[3], r[4], r[5], r[6], r[7], r[8], "import", r[0] * 2, "booked")
              for i, r in enumerate(rows)]
    ddl = ("CREATE TABLE bench_raw (id INTEGER PRIMARY KEY, code TEXT UNIQUE, service TEXT, day TEXT, at TEXT,"
           " name TEXT, company TEXT, nib TEXT, phone TEXT, origin TEXT, import_key TEXT UNIQUE, status TEXT)")
    insert = ("INSERT INTO bench_raw (code, service, day, at, name, company, nib, phone, origin, import_key, status)"
              " VALUES ({})")
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1]
        con = sqlite3.connect(path)
        try:
            con.execute("DROP TABLE IF EXISTS bench_raw")
            con.execute(ddl)
            con.commit()
            t0 = time.perf_counter()
            with con:
                con.executemany(insert.format(",".join("?" * 11)), values)
            return time.perf_counter() - t0
        finally:
            con.execute("DROP TABLE bench_raw")
            con.close()
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(url)
    with psycopg.connect(host=u.host, port=u.port, user=u.username, password=u.password, dbname=u.database) as con:
        con.execute("DROP TABLE IF EXISTS bench_raw")
        con.execute(ddl.replace("INTEGER PRIMARY KEY", "SERIAL PRIMARY KEY"))
        con.commit()
        t0 = time.perf_counter()
        with con.cursor() as cur:
            cur.executemany(insert.format(",".join(["%s"] * 11)), values)
        con.commit()
        took = time.perf_counter() - t0
        con.execute("DROP TABLE bench_raw")
        con.commit()
        return took


def command(url: str, path: Path) -> float:
    """Seconds ``antrian booking import PATH --as supervisor`` takes as its own process, start to exit."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "db", "--db", url, "booking", "import", str(path), "--as", "supervisor"],
                          input="supervisor123\n", capture_output=True, text=True, env=env)
    took = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"bench/booking_import: the command failed: {done.stderr.strip()}")
    return took


def measure(url: str, n: int, repeat: int, work: Path, start: date) -> dict[str, Any]:
    """Every figure of one database."""
    db, boss = prepare(url)
    try:
        days = weekdays_from(start, 3 * repeat + 2)
        services = site_services(db)
        out: dict[str, Any] = {}
        for k, kind in enumerate(("csv", "xlsx")):
            parse, total, again, counts = [], [], [], []
            for r in range(repeat):
                day = days[k * repeat + r]
                rows = bookings_of_day(n, day, fresh_codes(db, n), seed=r * 10 + k)
                path = (write_csv if kind == "csv" else write_xlsx)(work / f"bookings-{day}.{kind}", rows)
                parse.append(timed(lambda p=path: read_bookings(p, services))[0])
                took, result = timed(lambda p=path: import_file(db, p, actor=boss))
                total.append(took)
                took_again, result_again = timed(lambda p=path: import_file(db, p, actor=boss))
                again.append(took_again)
                counts.append((result.added, result.unchanged, result_again.added, result_again.unchanged))
            out[kind] = {"import_s": _fig(total), "parse_s": _fig(parse),
                         "reimport_s": _fig(again),
                         "added_unchanged_then_again": counts[0]}
        add_many, raw = [], []
        for r in range(repeat):
            day = days[2 * repeat + r]
            cells = bookings_of_day(n, day, fresh_codes(db, n), seed=100 + r)
            parsed = read_bookings(write_csv(work / f"baseline-{day}.csv", cells), services)
            add_many.append(timed(lambda p=parsed: booking.add_many(db, p, actor=boss))[0])
            raw.append(raw_baseline(url, cells))
        out["baseline"] = {"add_many_s": _fig(add_many), "raw_executemany_s": _fig(raw, 4)}
        for k, kind in enumerate(("csv", "xlsx")):
            day = days[3 * repeat + k]
            rows = bookings_of_day(n, day, fresh_codes(db, n), seed=200 + k)
            path = (write_csv if kind == "csv" else write_xlsx)(work / f"cli-{day}.{kind}", rows)
            out[kind]["command_s"] = round(command(url, path), 3)
        out["met"] = {kind: out[kind]["import_s"]["median"] <= GOAL_S for kind in ("csv", "xlsx")}
        return out
    finally:
        db.dispose()


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; JSON on stdout."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--bookings", type=int, default=2000, help="bookings in the day's file (default 2000)")
    p.add_argument("--repeat", type=int, default=3, help="imports of each format (default 3)")
    p.add_argument("--no-pg", action="store_true", help="SQLite only")
    p.add_argument("--quick", action="store_true", help="a smoke run: SQLite, 60 bookings, 1 repeat")
    args = p.parse_args(argv)
    if args.quick:
        args.bookings, args.repeat, args.no_pg = 60, 1, True
    work = Path(tempfile.mkdtemp(prefix="antrian-bench-booking-"))
    start = date.today() + timedelta(days=14)  # future days: an import refuses a past one
    result: dict[str, Any] = {"benchmark": "booking_import", "bookings": args.bookings, "repeat": args.repeat,
                              "quick": args.quick, "goal_import_s": GOAL_S}
    try:
        say(f"SQLite, {args.bookings} bookings × {args.repeat}")
        result["sqlite"] = measure(f"sqlite:///{work / 'bench.db'}", args.bookings, args.repeat, work, start)
        if not args.no_pg:
            from tests.pg import PgCluster, pg_available

            if not pg_available():
                result["postgresql"] = "PostgreSQL 15 is not installed"
            else:
                say("PostgreSQL (a throwaway cluster)")
                cluster = PgCluster.create()
                try:
                    url = cluster.url(cluster.create_database())
                    result["postgresql"] = measure(url, args.bookings, args.repeat, work, start)
                finally:
                    cluster.destroy()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
