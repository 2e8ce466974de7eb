"""Make the README's screenshots from a prepared demo database.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Prepares the sample site (every service open) with a morning's queue: calls at three
counters, one counter paused, people waiting for each service. Then each app saves its
own screenshot (``--screenshot FILE --size WxH``): the board at 1366×768, 1920×1080 and
portrait 1080×1920, the kiosk at 1080×1920, the supervisor console's floor at 1366×768 and
1920×1080, its actions, audit log and reports tabs at 1366×768, and its administration
(signed in as the administrator) at 1366×768 and 1920×1080; the survey screen at a
counter, 1280×800, asleep and asking about the visit just finished there, and the kiosk's
survey by ticket number (keypad, a refusal, the first question; 1080×1920 and 1920×1080);
the console's booking tab over a day of bookings and its survey tab over a semester of answers,
both at 1366×768; last the kiosk's check-in of a booking (the code keypad, too early, too late,
a booked number; 1080×1920). Needs a display (or
``xvfb-run``), or runs offscreen when ``QT_QPA_PLATFORM=offscreen`` is set.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from db import heartbeat, queue, roles
from db.clock import FakeClock, set_clock
from db.database import Database, sqlite_url
from db.demo import DEMO_OFFICERS, prepare

ROOT = Path(__file__).resolve().parents[1]
# The scene began this long before now, on today's business day: the morning's queue (2.5 h)
# and a booking whose window closed an hour ago, booked two hours before that.
SCENE = timedelta(hours=3, minutes=30)


def fill(db: Database) -> None:
    """A morning: visitors arriving over the last two hours, finished visits, a call at each
    counter, people waiting everywhere. Time is moved with a test clock so the wait
    estimates see a believable day (not 27 tickets issued in one instant)."""
    clock = FakeClock(datetime.now(UTC) - timedelta(minutes=150))
    set_clock(clock)
    try:
        for i in range(7):
            for code, n in (("A", 7), ("B", 5), ("C", 3), ("D", 2), ("E", 6), ("F", 4)):
                if i < n:
                    queue.issue_ticket(db, code, priority=(code == "A" and i == 5))
                    clock.advance(minutes=3)
        for counter, (user, password) in DEMO_OFFICERS.items():
            queue.sign_in(db, counter, user, password)
        for _round in range(2):
            for counter in DEMO_OFFICERS:
                queue.call_next(db, counter)
                queue.start_service(db, counter)
            clock.advance(minutes=15)
            for counter in DEMO_OFFICERS:
                queue.finish(db, counter)
        for counter in DEMO_OFFICERS:
            queue.call_next(db, counter)
        queue.recall(db, 1)
        # The console's floor: a visit running long at counter 2, a kiosk gone quiet.
        queue.start_service(db, 2)
        heartbeat.beat(db, "kiosk", pc="PC-KIOSK")
        heartbeat.beat(db, "display", pc="PC-LAYAR")
        actor = roles.sign_in(db, "supervisor", "supervisor123", place="console@PC-KOORDINATOR")
        clock.advance(minutes=35)  # still a little before the real now
        heartbeat.beat(db, "display", pc="PC-LAYAR")
        roles.sign_out(db, actor)
    finally:
        set_clock(None)


def finish_now(db_path: Path, counter: int) -> None:
    """The visit at ``counter`` served and finished now (the survey screen wakes for it)."""
    db = Database(sqlite_url(db_path))
    try:
        queue.start_service(db, counter)
        queue.finish(db, counter)
    finally:
        db.dispose()


def shoot(module: str, db_path: Path, out: Path, size: str, *extra: str, env: dict[str, str] | None = None) -> None:
    """Run ``python -m module`` to save a screenshot of ``size`` into ``out``."""
    cmd = [sys.executable, "-m", module, "--db", str(db_path), "--screenshot", str(out), "--size", size, *extra]
    subprocess.run(cmd, check=True, cwd=ROOT, env={**os.environ, **(env or {})})
    print(f"saved {out}")


def survey_numbers(db_path: Path) -> tuple[str, str]:
    """(a visit finished today without a survey, a ticket still waiting): what the kiosk's survey
    screenshots type."""
    from sqlalchemy import select

    from db.models import SurveyResponse, Ticket

    db = Database(sqlite_url(db_path))
    try:
        with db.read() as s:
            answered = select(SurveyResponse.ticket_id)
            done = s.scalars(select(Ticket.label).where(Ticket.status == "done", Ticket.id.not_in(answered))
                             .order_by(Ticket.id)).first()
            waiting = s.scalars(select(Ticket.label).where(Ticket.status == "waiting").order_by(Ticket.id.desc())).first()
    finally:
        db.dispose()
    assert done and waiting, "the demo morning has finished and waiting tickets"
    return done, waiting


def kiosk_survey_shots(db_path: Path, out: Path, suffix: str, lang: tuple[str, ...]) -> None:
    """The kiosk's survey by ticket number: the keypad, a refusal, the first question (portrait),
    and the question on a landscape kiosk."""
    done, waiting = survey_numbers(db_path)
    kiosk = ("--printer", "none", *lang)
    shoot("kiosk", db_path, out / f"kiosk-survey-keypad{suffix}.png", "1080x1920", "--show-survey", *kiosk)
    shoot("kiosk", db_path, out / f"kiosk-survey-refused{suffix}.png", "1080x1920", "--show-survey", waiting, *kiosk)
    shoot("kiosk", db_path, out / f"kiosk-survey{suffix}.png", "1080x1920", "--show-survey", done, *kiosk)
    shoot("kiosk", db_path, out / f"kiosk-survey-1920x1080{suffix}.png", "1920x1080", "--show-survey", done, *kiosk)


def booking_codes(db_path: Path) -> dict[str, str]:
    """Three bookings today for the kiosk's check-in screenshots, by what a scan of each shows:
    ``issued`` (its window open now), ``early`` (an hour later), ``late`` (its window closed)."""
    from db import booking, roles
    from db.settings import SiteSettings
    from db.sitetime import zone

    tz = zone(SiteSettings().timezone)
    now = datetime.now(UTC).astimezone(tz)
    half_hour = now.replace(minute=0 if now.minute < 30 else 30, second=0, microsecond=0)
    slots = {"issued": half_hour + timedelta(minutes=30), "early": half_hour + timedelta(minutes=90),
             "late": half_hour - timedelta(minutes=60)}
    db = Database(sqlite_url(db_path))
    codes = {}
    try:
        supervisor = roles.sign_in(db, "supervisor", "supervisor123")
        for what, at in slots.items():
            # The late one is booked as it would have been: before its time.
            set_clock(FakeClock(at.astimezone(UTC) - timedelta(hours=2)) if what == "late" else None)
            new = booking.NewBooking(service_code="A", day=at.date(), time=at.time(), name="Rina Wulandari",
                                     company="CV Sehat Sentosa")
            codes[what] = booking.add(db, new, actor=supervisor).code
    finally:
        set_clock(None)
        db.dispose()
    return codes


def kiosk_booking_shots(db_path: Path, out: Path, suffix: str, lang: tuple[str, ...]) -> None:
    """The kiosk's check-in of a booking: the code keypad (a code half typed), a visitor too early,
    one too late (an ordinary number), and a booked number (portrait)."""
    codes = booking_codes(db_path)
    kiosk = ("--printer", "none", *lang)
    shoot("kiosk", db_path, out / f"kiosk-booking-keypad{suffix}.png", "1080x1920", "--show-booking",
          codes["issued"][:4], *kiosk)
    shoot("kiosk", db_path, out / f"kiosk-booking-early{suffix}.png", "1080x1920", "--show-booking", codes["early"],
          *kiosk)
    shoot("kiosk", db_path, out / f"kiosk-booking-late{suffix}.png", "1080x1920", "--show-booking", codes["late"],
          *kiosk)
    shoot("kiosk", db_path, out / f"kiosk-booking-ticket{suffix}.png", "1080x1920", "--show-booking",
          codes["issued"], *kiosk)


def scene_too_early(now: datetime | None = None) -> str | None:
    """Why the scene cannot be made ``now`` (its start would fall on the business day before), or None."""
    from db.settings import SiteSettings
    from db.sitetime import business_day, parse_hhmm

    st = SiteSettings()
    now = now or datetime.now(UTC)
    if business_day(now - SCENE, st.timezone, st.day_reset) == business_day(now, st.timezone, st.day_reset):
        return None
    earliest = datetime.combine(date.today(), parse_hhmm(st.day_reset)) + SCENE
    return (f"screenshots: the scene is a morning's queue that began {SCENE.seconds / 3600:g} hours ago on "
            f"today's business day; make them from {earliest:%H.%M} site time ({st.timezone}) on")


def main() -> int:
    """Prepare the data, then save every screenshot."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--lang", default="id", choices=("id", "en"))
    args = parser.parse_args()
    too_early = scene_too_early()
    if too_early:
        print(too_early, file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="antrian-shots-") as tmp:
        db_path = Path(tmp) / "antrian.db"
        db = prepare(db_path, fresh=True)
        fill(db)
        db.dispose()
        suffix = "" if args.lang == "id" else "-en"
        lang = ("--lang", args.lang)
        shoot("display", db_path, args.out / f"display-1366x768{suffix}.png", "1366x768", *lang)
        shoot("display", db_path, args.out / f"display{suffix}.png", "1920x1080", *lang)
        shoot("display", db_path, args.out / f"display-portrait{suffix}.png", "1080x1920", *lang)
        shoot("kiosk", db_path, args.out / f"kiosk{suffix}.png", "1080x1920", "--printer", "none", *lang)
        console = ("--user", "supervisor", "--password-env", "ANTRIAN_SHOTS_PASSWORD", *lang)
        env = {"ANTRIAN_SHOTS_PASSWORD": "supervisor123"}
        shoot("supervisor", db_path, args.out / f"supervisor-floor{suffix}.png", "1366x768", *console, env=env)
        shoot("supervisor", db_path, args.out / f"supervisor-floor-1920x1080{suffix}.png", "1920x1080", *console, env=env)
        shoot("supervisor", db_path, args.out / f"supervisor-audit{suffix}.png", "1366x768", "--page", "audit", *console,
              env=env)
        shoot("supervisor", db_path, args.out / f"supervisor-reports{suffix}.png", "1366x768", "--page", "reports",
              *console, env=env)
        shoot("supervisor", db_path, args.out / f"supervisor-actions{suffix}.png", "1366x768", "--page", "actions",
              *console, env=env)
        admin = ("--user", "admin", "--password-env", "ANTRIAN_SHOTS_PASSWORD", *lang)
        for size in ("1366x768", "1920x1080"):
            name = "supervisor-admin" + ("" if size == "1366x768" else f"-{size}")
            shoot("supervisor", db_path, args.out / f"{name}{suffix}.png", size, "--page", "admin", *admin,
                  env={"ANTRIAN_SHOTS_PASSWORD": "admin123"})
        # The survey screens last: the visit finished now at counter 1 changes the floor.
        shoot("survey", db_path, args.out / f"survey-asleep{suffix}.png", "1280x800", "--counter", "2", *lang)
        finish_now(db_path, 1)
        shoot("survey", db_path, args.out / f"survey-asking{suffix}.png", "1280x800", "--counter", "1", *lang)
        kiosk_survey_shots(db_path, args.out, suffix, lang)
        booking_console(db_path, args.out, args.lang)
        survey_console(db_path, args.out, args.lang)  # adds a semester of answers
        kiosk_booking_shots(db_path, args.out, suffix, lang)  # last: its ticket changes the queue
    return 0


# -- the console's booking tab --------------------------------------------------------------------

# (service, minutes from now, name, company, what becomes of it)
BOOKINGS = (
    ("A", -60, "Hendra Gunawan", "PT Kimia Farma Nusantara", "no_show"),
    ("C", -40, "Yuliana Putri", "PT Mega Herbal Indonesia", "late"),
    ("B", -20, "Agus Salim", "CV Sumber Sehat", "checked_in"),
    ("A", 10, "Maria Ulfa", "PT Bio Medika", "checked_in"),
    ("E", 20, None, "PT Prima Sejahtera Obat", "checked_in"),
    ("B", 30, "Dedi Kurniawan", None, "booked"),
    ("D", 40, "Ratna Sari", "PT Anugerah Pharmindo", "booked"),
    ("A", 60, "Fajar Nugroho", "PT Sinar Medika", "cancelled"),
    ("E", 60, "Lestari Wahyuni", "CV Herba Alami", "booked"),
    ("C", 90, None, None, "booked"),
    ("B", 120, "Bambang Hartono", "PT Graha Farma", "booked"),
    ("A", 150, "Nurul Hidayah", "PT Cahaya Sehat", "booked"),
)


def fill_bookings(db: Database) -> None:
    """Today's bookings around now, one of each outcome: booked a while ago (a test clock two
    hours back, so every booked time was still ahead), then checked in, late, cancelled or
    swept as no-shows now. A booking that would fall on another day is left out."""
    from db import booking
    from db.booking import NewBooking

    with db.read() as s:
        now, today, settings = queue.site_now(s)
    local = now.astimezone(settings.zone).replace(second=0, microsecond=0)
    local -= timedelta(minutes=local.minute % 10)
    made: list[tuple[str, str]] = []
    set_clock(FakeClock(now - timedelta(hours=2)))
    actor = roles.sign_in(db, "supervisor", "supervisor123", place="console@PC-KOORDINATOR")
    try:
        for i, (code, minutes, name, company, outcome) in enumerate(BOOKINGS):
            at = local + timedelta(minutes=minutes)
            if at.date() != today:
                continue
            info = booking.add(db, NewBooking(code, today, at.time(), name=name, company=company,
                                              nib=f"91203{i:08d}" if company else None,
                                              phone=f"08121{i:07d}" if name else None), origin="import",
                                actor=actor)
            made.append((info.code, outcome))
    finally:
        set_clock(None)
    for code, outcome in made:
        if outcome in ("checked_in", "late"):
            booking.check_in(db, code)
        elif outcome == "cancelled":
            booking.cancel(db, code, reason="Permintaan pengunjung", actor=actor)
    booking.sweep_no_shows(db)
    roles.sign_out(db, actor)


def booking_console(db_path: Path, out: Path, lang: str) -> None:
    """The console's "Booking" tab at 1366×768: today's bookings, one of each outcome."""
    db = Database(sqlite_url(db_path))
    try:
        fill_bookings(db)
    finally:
        db.dispose()
    suffix = "" if lang == "id" else "-en"
    shoot("supervisor", db_path, out / f"supervisor-booking{suffix}.png", "1366x768", "--page", "booking",
          "--user", "supervisor", "--password-env", "ANTRIAN_SHOTS_PASSWORD", "--lang", lang,
          env={"ANTRIAN_SHOTS_PASSWORD": "supervisor123"})


# -- the console's survey tab ---------------------------------------------------------------------

SURVEY_COMMENTS = (
    "Petugas ramah dan sigap, terima kasih.", "Ruang tunggu agak panas pada siang hari.",
    "Mohon informasi persyaratan dipasang lebih jelas di depan loket.", "Antrean tertib, tidak ada yang menyerobot.",
    "Waktu tunggu untuk konsultasi masih cukup lama.", "Parkir sempit, sebaiknya ditambah.",
    "Alur pengaduan belum jelas, saya tidak tahu harus ke mana.", "Pelayanan cepat dan gratis. Pertahankan!",
)
SURVEY_PLAN = ("1. U8: memasang papan alur pengaduan dan kotak saran di ruang tunggu (Januari 2027).\n"
               "2. U3: menambah satu petugas konsultasi pada Senin dan Kamis, hari tersibuk.\n"
               "3. U9: memperbaiki pendingin ruang tunggu.")


def fill_survey(db: Database, today: date) -> None:
    """A semester of survey answers before ``today`` (the site counts the IKM per semester),
    finished visits in the semester before it (the sample target), and a follow-up plan.
    Written straight into the tables: the survey screen's own path has its own screenshots."""
    from db import survey
    from db.models import Service, SurveyResponse, Ticket
    from db.reports import current_period

    rng = random.Random(14)
    now = current_period("semester", today)
    before = now.previous()
    weak = {"u3": (3, 22, 55, 20), "u8": (6, 30, 44, 20), "u9": (2, 16, 58, 24)}
    with db.write() as s:
        services = [(sid, code) for sid, code in s.execute(select(Service.id, Service.code).order_by(Service.sort_order))]

        def visit(day: date, sid: int, code: str, seq: int) -> Ticket:
            at = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=2, minutes=seq)
            return Ticket(service_id=sid, day=day, seq=seq, label=f"{code}-{seq:03d}", status="done", issued_at=at,
                          queue_time=at, called_at=at, started_at=at, finished_at=at + timedelta(minutes=12),
                          source="kiosk")

        for n in range((before.last - before.first).days + 1):
            day = before.first + timedelta(days=n)
            if day.weekday() < 5:
                for sid, code in services:
                    for seq in range(1, rng.randint(1, 4) + 1):
                        s.add(visit(day, sid, code, seq))
        days = [d for d in now.days if d < today and d.weekday() < 5]
        for i in range(230):
            day = rng.choice(days)
            sid, code = rng.choice(services)
            ticket = visit(day, sid, code, 500 + i)
            s.add(ticket)
            s.flush()
            answers = {f"u{k}": rng.choices((1, 2, 3, 4), weights=weak.get(f"u{k}", (1, 6, 50, 43)))[0]
                       for k in range(1, 10)}
            if rng.random() < 0.08:  # walked away half-way
                answers = {key: (v if int(key[1:]) <= rng.randint(1, 8) else None) for key, v in answers.items()}
            wbk = {f"w{k}": rng.choices((2, 3, 4), weights=(4, 40, 56))[0] for k in range(1, 6)}
            comment = rng.choice(SURVEY_COMMENTS) if rng.random() < 0.12 else None
            at = ticket.finished_at or ticket.issued_at
            s.add(SurveyResponse(ticket_id=ticket.id, service_id=sid, day=day, channel="counter", language="id",
                                 started_at=at, updated_at=at, closed_at=at, comment=comment, **answers, **wbk))
    actor = roles.sign_in(db, "supervisor", "supervisor123", place="console@PC-KOORDINATOR")
    survey.set_plan(db, actor, now.first, now.last, SURVEY_PLAN)
    roles.sign_out(db, actor)


def survey_console(db_path: Path, out: Path, lang: str) -> None:
    """The console's "Survei" tab at 1366×768 over a semester of answers."""
    db = Database(sqlite_url(db_path))
    with db.read() as s:
        _now, today, _settings = queue.site_now(s)
    fill_survey(db, today)
    db.dispose()
    suffix = "" if lang == "id" else "-en"
    shoot("supervisor", db_path, out / f"supervisor-survey{suffix}.png", "1366x768", "--page", "survey",
          "--user", "supervisor", "--password-env", "ANTRIAN_SHOTS_PASSWORD", "--lang", lang,
          env={"ANTRIAN_SHOTS_PASSWORD": "supervisor123"})


if __name__ == "__main__":
    sys.exit(main())
