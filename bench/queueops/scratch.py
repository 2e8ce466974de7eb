"""The benchmark's own databases (never the one named in ``--db``) and the site set up in each."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select

from bench.queueops.common import BENCH_COUNTERS, LATENCY_COUNTERS, pg_connect_kwargs, say
from db import queue, siteconfig
from db.database import Database, parse_url, resolve_url
from db.models import Service
from db.sitetime import business_day


class Scratch:
    """Creates and removes the benchmark's own databases next to / on the given one."""

    def __init__(self, raw_url: str, keep: bool = False) -> None:
        self.url = parse_url(resolve_url(raw_url))
        self.dialect = self.url.get_backend_name()
        self.keep = keep
        self.created: list[str] = []
        self.pid = os.getpid()
        if self.dialect == "sqlite":
            database = self.url.database or ""
            if not database or database == ":memory:":
                raise SystemExit("queue_ops: give an SQLite file (sqlite:////path/to/file.db), not :memory:")
            self.base = Path(database).expanduser().resolve()
            self.base.parent.mkdir(parents=True, exist_ok=True)

    def create(self, tag: str) -> str:
        """A new, empty database; returns its URL."""
        if self.dialect == "sqlite":
            path = self.base.with_name(f"{self.base.stem}.bench-{self.pid}-{tag}{self.base.suffix or '.db'}")
            self._remove_sqlite(path)
            self.created.append(str(path))
            return f"sqlite:///{path}"
        import psycopg

        name = f"antrian_bench_{self.pid}_{tag}"
        with psycopg.connect(**pg_connect_kwargs(self.url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return self.url.set(database=name).render_as_string(hide_password=False)

    def location(self, target: str) -> str:
        """A scratch database as a progress line names it."""
        return target if self.dialect == "sqlite" else f"database {target}"

    def drop_all(self) -> None:
        """Remove every scratch database made (unless ``--keep``)."""
        if self.keep:
            say("keeping " + ", ".join(self.location(t) for t in self.created))
            return
        for target in self.created:
            try:
                if self.dialect == "sqlite":
                    self._remove_sqlite(Path(target))
                else:
                    import psycopg

                    with psycopg.connect(**pg_connect_kwargs(self.url), autocommit=True) as conn:
                        try:
                            conn.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
                        except psycopg.errors.SyntaxError:  # before PostgreSQL 13
                            conn.execute(f'DROP DATABASE IF EXISTS "{target}"')
            except Exception as e:
                say(f"could not remove {self.location(target)}: {e}")
        self.created.clear()

    @staticmethod
    def _remove_sqlite(path: Path) -> None:
        for suffix in ("", "-wal", "-shm", "-journal", "-writers"):
            Path(str(path) + suffix).unlink(missing_ok=True)


# -- the site ---------------------------------------------------------------------------------


@dataclass
class Site:
    """What the benchmark needs to know of the site it set up."""

    codes: list[str]
    service_ids: dict[str, int]
    timezone: str
    day_reset: str


def setup_site(url: str) -> Site:
    """Fresh schema, the bundled sample site with hours and quotas cleared, officers seated.

    Counters 4-11 (every service, longest wait first) and their officers are added to the
    sample, so that eight counters can call at once from one shared queue.
    """
    db = Database(url)
    try:
        cfg = siteconfig.load(siteconfig.SAMPLE)
        codes = [spec["code"] for spec in cfg.services]
        seats: dict[int, tuple[str, str]] = {}
        officers = [o for o in cfg.officers if o["role"] == "officer" and o["password"]]
        for number, off in zip(LATENCY_COUNTERS, officers, strict=False):
            seats[number] = (off["username"], off["password"])
        for number in LATENCY_COUNTERS + BENCH_COUNTERS:
            if number not in {c["number"] for c in cfg.counters}:
                cfg.counters.append({"number": number, "name": f"Loket {number}", "services": list(codes),
                                     "call_rule": "longest_wait", "active": True})
            if number not in seats:
                user, pw = f"bench{number}", f"bench{number}-pass"
                cfg.officers.append({"username": user, "display_name": f"Petugas Bench {number}",
                                     "role": "officer", "password": pw, "active": True})
                seats[number] = (user, pw)
        siteconfig.apply(db, cfg)
        with db.write() as s:
            for svc in s.scalars(select(Service)):
                svc.hours = {}
                svc.daily_quota = None
        for number, (user, pw) in sorted(seats.items()):
            queue.sign_in(db, number, user, pw)
        with db.read() as s:
            ids = {code: sid for sid, code in s.execute(select(Service.id, Service.code))}
            st = queue.read_settings(s)
        return Site(codes, ids, st.timezone, st.day_reset)
    finally:
        db.dispose()


def bench_day(site: Site) -> date:
    """The business day the benchmark's shifted clock stands in."""
    from db.clock import utcnow

    return business_day(utcnow(), site.timezone, site.day_reset)
