"""What the "Booking" tab reads and writes, without widgets: one day's bookings with each
service's use of its booking quota (:class:`BookingDay`), the free slots the "Tambah
booking" dialog offers (:class:`SlotChoice`), and the words the page shows (``09.30 WIB``).

Everything here that touches the database runs on the page's task runner; the bookings,
the slots' use and every rule are the core's (``db.booking``), never computed a second
time here. Only the grid of slots a service's opening hours reach into is drawn here (slots
from midnight, as the core counts them), for the dialog's choice and the "full slots" count.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select

from db import booking, queue
from db.booking import BookingInfo
from db.database import Database
from db.models import Service
from db.sitetime import WEEKDAYS, long_date, parse_hhmm, zone
from supervisor.booking_texts import STATUSES
from ui.i18n import translator
from ui.waittext import clock_text, zone_abbreviation

#: Statuses of a visitor who came (with a booked ticket, or late with an ordinary one).
CAME = ("checked_in", "late")


@dataclass(frozen=True)
class ServiceQuota:
    """One service's booking quota on a day: its slots by its opening hours and how many
    bookings (not cancelled) each slot holds."""

    code: str
    name_id: str
    name_en: str
    quota: int | None  # per slot; None: no limit, 0: takes no bookings
    slots: tuple[time, ...]  # the day's slot starts (empty: closed that day)
    use: dict[time, int]  # bookings per slot start, as the core counts them
    active: bool = True  # an inactive one is shown only for the bookings it still has

    def name(self, language: str) -> str:
        """The service's name in ``language``."""
        return self.name_en if language == "en" and self.name_en else self.name_id

    @property
    def booked(self) -> int:
        """Bookings of the day not cancelled."""
        return sum(self.use.values())

    @property
    def takes_bookings(self) -> bool:
        """Whether the service accepts bookings at all."""
        return self.active and self.quota != 0

    def left(self, slot: time) -> int | None:
        """Bookings the slot still takes (None: no limit)."""
        if self.quota is None:
            return None
        return max(0, self.quota - self.use.get(slot, 0))

    def full_slots(self) -> int:
        """How many of the day's slots are full."""
        if not self.quota:
            return 0
        return sum(1 for slot in self.slots if self.use.get(slot, 0) >= self.quota)


@dataclass(frozen=True)
class BookingDay:
    """One day's bookings, read in one go, ready to show."""

    day: date
    today: date  # the site's business day when read
    zone: str  # the site's time zone
    slot_minutes: int
    retention_days: int  # personal data kept this long (what the add dialog tells)
    bookings: tuple[BookingInfo, ...]  # by booked time
    services: tuple[ServiceQuota, ...]  # in the kiosk's order: active ones and any with bookings that day

    def counts(self) -> dict[str, int]:
        """Bookings per status (every status present, zero or not)."""
        found = Counter(b.status for b in self.bookings)
        return {status: found.get(status, 0) for status in STATUSES}

    def came(self, code: str) -> int:
        """Visitors of service ``code`` who came (checked in, or late)."""
        return sum(1 for b in self.bookings if b.service_code == code and b.status in CAME)

    def service(self, code: str) -> ServiceQuota | None:
        """The quota of service ``code``, if shown."""
        return next((s for s in self.services if s.code == code), None)


@dataclass(frozen=True)
class SlotChoice:
    """A time the "Tambah booking" dialog offers: the slot (its start, as the core counts the
    quota), the time booked in it (the start, or the opening time in a slot begun before
    the service opens) and what it still takes."""

    start: time
    at: time
    left: int | None  # None: no limit

    @property
    def full(self) -> bool:
        """Whether the slot takes no more bookings."""
        return self.left == 0


@dataclass(frozen=True)
class ServiceRow:
    """A service as the booking tab needs it (supervisors read it; the administration's
    ``db.admin.services`` is for administrators)."""

    code: str
    name_id: str
    name_en: str
    active: bool
    hours: dict[str, list[str]]
    quota: int | None


def opening_span(hours: dict[str, list[str]], day: date) -> tuple[int, int] | None:
    """A service's opening and closing on ``day`` in minutes after midnight by its weekly
    ``hours``; the whole day without hours, None when it is closed that day."""
    if not hours:
        return 0, 24 * 60
    span = hours.get(WEEKDAYS[day.weekday()])
    if not span:
        return None
    opens, closes = parse_hhmm(span[0]), parse_hhmm(span[1])
    return opens.hour * 60 + opens.minute, closes.hour * 60 + closes.minute


def slot_grid(hours: dict[str, list[str]], day: date, minutes: int) -> tuple[time, ...]:
    """The starts of the slots of ``day`` a service's weekly ``hours`` reach into: slots of
    ``minutes`` from midnight, as the core counts the booking quota (``db.booking``), from the
    one holding the opening time to the last one beginning before closing. Empty when the
    service is closed that day; a service without hours is open the whole day."""
    span = opening_span(hours, day)
    if span is None:
        return ()
    step = max(1, minutes)
    opens, closes = span
    return tuple(time(t // 60, t % 60) for t in range(opens - opens % step, closes, step))


def read_services(db: Database) -> list[ServiceRow]:
    """Every service in the kiosk's order (on the runner's thread)."""
    with db.read() as s:
        rows = s.scalars(select(Service).order_by(Service.sort_order, Service.code)).all()
        return [ServiceRow(v.code, v.name_id, v.name_en, v.active, {d: list(span) for d, span in (v.hours or {}).items()},
                           v.booking_quota) for v in rows]


def read_day(db: Database, day: date | None) -> BookingDay:
    """The bookings of ``day`` (the site's business day today when None), by booked time,
    and each service's use of its quota (on the runner's thread)."""
    with db.read() as s:
        _now, today, settings = queue.site_now(s)
    day = today if day is None else day
    rows = booking.bookings(db, day)
    shown = {b.service_code for b in rows}
    services = []
    for v in read_services(db):
        if not (v.active or v.code in shown):
            continue
        services.append(ServiceQuota(v.code, v.name_id, v.name_en, v.quota,
                                     slot_grid(v.hours, day, settings.booking_slot_minutes),
                                     booking.slot_use(db, v.code, day), v.active))
    return BookingDay(day, today, settings.timezone, settings.booking_slot_minutes, settings.booking_retention_days,
                      tuple(sorted(rows, key=lambda b: (b.booked_at, b.service_code, b.code))), tuple(services))


def free_slots(db: Database, code: str, day: date) -> list[SlotChoice]:
    """The slots of service ``code`` on ``day`` a new booking may take, with what each still
    takes; one whose check-in window has closed already is left out, as the core refuses
    it (on the runner's thread)."""
    with db.read() as s:
        now, today, settings = queue.site_now(s)
    service = next((v for v in read_services(db) if v.code == code), None)
    span = opening_span(service.hours, day) if service is not None else None
    if service is None or span is None or not service.active or service.quota == 0 or day < today:
        return []
    quota = ServiceQuota(service.code, service.name_id, service.name_en, service.quota,
                         slot_grid(service.hours, day, settings.booking_slot_minutes),
                         booking.slot_use(db, code, day))
    opens = time(span[0] // 60, span[0] % 60)
    choices = []
    for start in quota.slots:
        at = max(start, opens)
        if booking.window(settings, datetime.combine(day, at, settings.zone))[1] >= now:
            choices.append(SlotChoice(start, at, quota.left(start)))
    return choices


def time_text(day: date, at: time, zone_name: str) -> str:
    """A local time of the site as the product writes it: ``09.30 WIB`` (``09:30 WIB`` in English)."""
    moment = datetime.combine(day, at, zone(zone_name))
    return f"{clock_text(moment)} {zone_abbreviation(moment)}".strip()


def day_text(day: date) -> str:
    """A day as people write it: ``Senin, 2 Maret 2026``."""
    return long_date(day, translator().language)
