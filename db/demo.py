"""``antrian demo``: a whole office on one PC, on an embedded SQLite file.

Starts the display, the kiosk, two counters and the survey screen of counter 1 as
separate processes and stops them together. ``--simulate`` adds visitors arriving and officers serving at a realistic pace
(counter 3 is served by a simulated officer; counters 1 and 2 are yours to press, and
are served by the simulation too when left alone for a while), and a few visitors who
booked for today and check in at the kiosk with their code a little before their time,
so the counters and the board show booked visitors among the walk-ins.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from db import booking, queue, roles, siteconfig, survey
from db.clock import utcnow
from db.database import WRITERS_SUFFIX, Database, default_data_dir, mask_url, parse_url, resolve_url, sqlite_url
from db.errors import AntrianError, VisitNotStarted
from db.models import Service
from db.records import TicketStatus
from db.survey.elements import ELEMENTS

log = logging.getLogger("antrian.demo")

DEMO_OFFICERS = {1: ("siti", "siti123"), 2: ("budi", "budi123"), 3: ("agus", "agus123")}

#: Today's bookings of the simulated office: (service, booked this many minutes after the
#: simulation starts, the visitor checks in this many minutes before the booked time, company).
DEMO_BOOKINGS = (
    ("A", 4, 10, "PT Sehat Sentosa Farma"),
    ("B", 9, 4, "CV Herbal Nusantara"),
    ("C", 15, 12, "PT Kimia Medika Utama"),
    ("A", 24, 2, None),
)
#: Check-in outcomes after which the visitor stops trying (``early`` tries again later).
_DONE_CHECKING_IN = frozenset({"issued", "reprint", "late", "used", "missed", "cancelled", "unknown", "invalid"})


def prepare(path: Path, *, fresh: bool) -> Database:
    """Create (or reuse) the demo database with the sample site, open at any hour."""
    if fresh:
        for suffix in ("", "-wal", "-shm", WRITERS_SUFFIX):
            Path(str(path) + suffix).unlink(missing_ok=True)
    db = Database(sqlite_url(path))
    _apply_sample(db)
    with db.write() as s:
        for svc in s.query(Service):
            svc.hours = {}  # the demo runs at any time of day
            svc.daily_quota = None
    return db


def _apply_sample(db: Database) -> None:
    """Apply the sample site: as set-up on a new demo database, else as its administrator
    (the sample's ``admin``/``admin123``; a demo database reused keeps its other edits)."""
    cfg = siteconfig.load(siteconfig.SAMPLE)
    with db.read() as s:
        bootstrap = not roles.has_admin(s)
    if bootstrap:
        siteconfig.apply(db, cfg)
        return
    actor = roles.sign_in(db, "admin", "admin123", place="antrian demo")
    try:
        siteconfig.apply(db, cfg, actor=actor)
    finally:
        roles.sign_out(db, actor)


def _spawn(module: str, db_path: Path, *extra: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", module, "--db", str(db_path), "--windowed", *extra]
    return subprocess.Popen(cmd, env={**os.environ, **(env or {})})


class Simulator:
    """Visitors arrive and officers serve, at a pace that keeps the board moving."""

    def __init__(self, db: Database, counters: tuple[int, ...] = (1, 2, 3), seed: int | None = None,
                 surveyed: tuple[int, ...] = ()) -> None:
        self.db = db
        self.counters = counters
        self.surveyed = surveyed  # counters whose visitors answer the survey here (no survey screen there)
        self.rng = random.Random(seed)
        self.next_arrival = 0.0
        self.busy_until = {c: 0.0 for c in counters}
        self.called = {c: False for c in counters}  # a visitor called and not yet come
        self.arriving: list[tuple[datetime, str]] = []  # (when they check in, UTC; booking code)

    def book_today(self) -> list[str]:
        """Add :data:`DEMO_BOOKINGS` for today, counted from now; returns their codes. A booking
        the site refuses (a service that takes none, a full slot) is left out."""
        with self.db.read() as s:
            now, _day, st = queue.site_now(s)
        codes = []
        actor = roles.sign_in(self.db, "supervisor", "supervisor123", place="antrian demo")  # the sample's supervisor
        try:
            for service, after, early, company in DEMO_BOOKINGS:
                at = (now + timedelta(minutes=after)).astimezone(st.zone)
                new = booking.NewBooking(service, at.date(), at.time().replace(second=0, microsecond=0), company=company)
                try:
                    info = booking.add(self.db, new, origin="cli", actor=actor)
                except booking.BookingRefused as e:
                    log.info("demo booking at %s for %s left out: %s", at.strftime("%H:%M"), service, e)
                    continue
                self.arriving.append((info.booked_at - timedelta(minutes=early), info.code))
                codes.append(info.code)
        finally:
            roles.sign_out(self.db, actor)
        self.arriving.sort()
        return codes

    def check_in_arrivals(self) -> None:
        """The booked visitors whose time to come has come check in with their code, as at the kiosk."""
        now = utcnow()
        waiting = []
        for due, code in self.arriving:
            if due > now:
                waiting.append((due, code))
                continue
            result = booking.check_in(self.db, code)
            if result.outcome in _DONE_CHECKING_IN:
                log.info("demo booking %s checked in: %s", code, result.outcome)
            else:  # too early, or the service closed for now: come back in a minute
                waiting.append((now + timedelta(minutes=1), code))
        self.arriving = sorted(waiting)

    def step(self, now: float) -> None:
        """Advance the simulation to ``now`` (monotonic seconds)."""
        if self.arriving:
            self.check_in_arrivals()
        if now >= self.next_arrival:
            self.next_arrival = now + self.rng.expovariate(1 / 6.0)
            codes = [q.code for q in queue.queue_snapshot(self.db, last_calls=0).services if not q.unavailable_reason]
            if codes:
                queue.issue_ticket(self.db, self.rng.choice(codes), priority=self.rng.random() < 0.08)
        for c in self.counters:
            if now < self.busy_until[c]:
                continue
            if self.called[c] and self.rng.random() < 0.9:
                # The called visitor arrives and is served; calling next later ends it as done.
                self.called[c] = False
                queue.start_service(self.db, c)  # refused if an officer at the window acted first
                self.busy_until[c] = now + self.rng.uniform(12, 30)
                continue
            # Nobody at the counter, a visit served, or a called visitor who never came.
            try:
                result = queue.call_next(self.db, c, close_as="no_show" if self.called[c] else None)
            except VisitNotStarted:
                self.called[c] = True  # called at the window: decide on the next step
                continue
            self.called[c] = result.ticket is not None
            self.busy_until[c] = now + (self.rng.uniform(2, 5) if result.ticket else 4)
            if result.finished is not None and result.finished.status == TicketStatus.DONE and c in self.surveyed:
                self.answer_survey(c)

    def answer_survey(self, counter: int) -> None:
        """Most visitors who were served answer the survey, mostly well, some only half-way."""
        visit = survey.visit_for_counter(self.db, counter)
        if visit is None or self.rng.random() > 0.7:
            return
        draft = survey.Draft(visit, "counter")
        answered = ELEMENTS if self.rng.random() < 0.9 else ELEMENTS[: self.rng.randint(1, 8)]
        for q in answered:
            draft.save(self.db, **{q.key: self.rng.choices((1, 2, 3, 4), weights=(1, 6, 50, 43))[0]})
        draft.close(self.db)


def demo_file(db_arg: str) -> Path:
    """The SQLite file the demo runs on, from ``--db``: a file path or an ``sqlite:///`` URL
    (a URL was taken as a path before, and the demo made a folder named ``sqlite:``).
    The demo's apps share one embedded file, so any other database is refused."""
    url = parse_url(resolve_url(db_arg))
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise AntrianError(f"the demo runs on an SQLite file: give --db FILE or sqlite:///FILE, not '{mask_url(db_arg)}'")
    return Path(url.database).expanduser()


def run(args: argparse.Namespace) -> int:
    """Run the demo until a window is closed or Ctrl+C."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s", datefmt="%H:%M:%S")
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)  # a line per plugin, at every start
    path = demo_file(args.db) if args.db else default_data_dir() / "demo" / "antrian-demo.db"
    db = prepare(path, fresh=args.fresh)
    for number, (user, password) in DEMO_OFFICERS.items():
        queue.sign_in(db, number, user, password, take_over=True)
    print(f"Antrian demo on {path}\n  officers: siti/siti123 (loket 1), budi/budi123 (loket 2)\n  Ctrl+C stops everything")
    procs = [
        _spawn("display", path, "--size", "1280x720"),
        _spawn("kiosk", path, "--printer", "none", "--size", "1024x768"),
    ]
    for number in (1, 2):
        user, password = DEMO_OFFICERS[number]
        procs.append(_spawn("counter", path, "--counter", str(number), "--user", user,
                            "--password-env", "ANTRIAN_DEMO_PASSWORD", env={"ANTRIAN_DEMO_PASSWORD": password}))
    # The survey screen facing the visitor at loket 1; at 2 and 3 the simulation answers.
    procs.append(_spawn("survey", path, "--counter", "1", "--size", "1024x640"))
    sim = Simulator(db, surveyed=(2, 3)) if args.simulate else None
    if sim is not None:
        try:
            sim.book_today()
        except AntrianError as e:  # a reused demo database whose supervisor changed their password
            log.warning("no bookings today in the demo: %s", e)
    stop = {"now": False}
    signal.signal(signal.SIGINT, lambda *_: stop.update(now=True))
    signal.signal(signal.SIGTERM, lambda *_: stop.update(now=True))
    try:
        while not stop["now"] and all(p.poll() is None for p in procs):
            if sim is not None:
                try:
                    sim.step(time.monotonic())
                except AntrianError as e:
                    log.warning("simulation step skipped: %s", e)
            time.sleep(0.2)
    finally:
        for p in procs:
            if p.poll() is None:
                p.terminate()
        for p in procs:
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
    return 0
