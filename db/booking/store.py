"""Bookings in the database: add (one, or a file's rows all or nothing), cancel, find, list,
and the daily housekeeping (the no-show sweep and the personal-data purge)."""

from __future__ import annotations

import re
from collections import Counter as Tally
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, insert, select, update
from sqlalchemy.orm import Session

from db import audit, roles
from db.booking.codes import new_code, normalise_code
from db.booking.records import BookingInfo, BookingRefused, ImportResult, NewBooking
from db.database import Database
from db.feed import announce_data_changed
from db.models import Booking, Service, Ticket
from db.queue import read_settings, site_now
from db.settings import SiteSettings
from db.sitetime import WEEKDAYS, parse_hhmm
from db.validation import InvalidValue, text

MAX_ERRORS = 50  # refusals listed for one file: enough to fix it in one go
_CHUNK = 500  # keys per IN (...) look-up

BOOKING_COLUMNS = (
    Booking.id, Booking.code, Booking.day, Booking.booked_at, Booking.name, Booking.company, Booking.nib,
    Booking.phone, Booking.status, Booking.ticket_id, Booking.origin, Booking.created_at, Booking.checked_in_at,
    Booking.purged_at,
)


def info_query() -> Select[*tuple[Any, ...]]:
    """Bookings with their service's code, names and requirements and their ticket's number
    and status (one row each; add ``where``/``order_by``)."""
    return (
        select(*BOOKING_COLUMNS, Service.code.label("service_code"), Service.name_id, Service.name_en,
               Service.requirements_id, Service.requirements_en, Ticket.label.label("ticket_label"),
               Ticket.status.label("ticket_status"))
        .join(Service, Service.id == Booking.service_id)
        .outerjoin(Ticket, Ticket.id == Booking.ticket_id)
    )


def info_of(row: Any, st: SiteSettings) -> BookingInfo:
    """An :func:`info_query` row as a :class:`BookingInfo` (local time in the site's zone)."""
    return BookingInfo(
        id=row.id, code=row.code, service_code=row.service_code, service_name_id=row.name_id,
        service_name_en=row.name_en, day=row.day, booked_at=row.booked_at,
        local_time=row.booked_at.astimezone(st.zone).time().replace(tzinfo=None), name=row.name,
        company=row.company, nib=row.nib, phone=row.phone, status=row.status, ticket_id=row.ticket_id,
        ticket_label=row.ticket_label, ticket_status=row.ticket_status, origin=row.origin,
        created_at=row.created_at, checked_in_at=row.checked_in_at, purged=row.purged_at is not None,
        requirements_id=row.requirements_id or "", requirements_en=row.requirements_en or "",
    )


def booked_moment(day: date, at: time, st: SiteSettings) -> datetime:
    """The booked local time ``at`` of ``day`` at the site, as an aware datetime."""
    return datetime.combine(day, at.replace(second=0, microsecond=0, tzinfo=None), tzinfo=st.zone)


def window(st: SiteSettings, booked_at: datetime) -> tuple[datetime, datetime]:
    """When a booking's check-in window opens and closes: ``booking_early_minutes`` before
    the booked time to ``booking_late_minutes`` after it (both included)."""
    return (booked_at - timedelta(minutes=st.booking_early_minutes),
            booked_at + timedelta(minutes=st.booking_late_minutes))


def slot_start(at: time, st: SiteSettings) -> time:
    """The start of the ``booking_slot_minutes`` slot ``at`` falls in (slots start at midnight)."""
    minutes = at.hour * 60 + at.minute
    start = minutes - minutes % st.booking_slot_minutes
    return time(start // 60, start % 60)


# -- the rules of one booking -----------------------------------------------------------------

_PHONE_JUNK = re.compile(r"[\s\-.()/]")


def _personal(new: NewBooking, index: int | None) -> dict[str, str | None]:
    """The personal fields by their rules: trimmed, optional, NIB 13 digits, the phone as
    Indonesians write it (``+62 812-3456-789`` → ``08123456789``)."""

    def refuse(column: str, detail: str) -> BookingRefused:
        return BookingRefused("bad_value", f"{column}: {detail}", column, index)

    values: dict[str, str | None] = {}
    for column, limit in (("name", 120), ("company", 160)):
        raw = getattr(new, column)
        value = " ".join(raw.split()) if raw else ""
        try:
            values[column] = text(column, value, limit) or None
        except InvalidValue as e:
            raise refuse(column, e.detail) from None
    nib = "".join((new.nib or "").split())
    if nib and not (nib.isascii() and nib.isdigit() and len(nib) == 13):
        raise refuse("nib", f"a NIB has 13 digits, not {new.nib!r}")
    values["nib"] = nib or None
    phone = _PHONE_JUNK.sub("", new.phone or "")
    if phone.startswith("+62"):
        phone = "0" + phone[3:]
    elif phone.startswith("62") and len(phone) > 10:
        phone = "0" + phone[2:]
    if phone and not (phone.isascii() and phone.isdigit() and 8 <= len(phone) <= 15):
        raise refuse("phone", f"{new.phone!r} is not a phone number")
    values["phone"] = phone or None
    return values


def _when(svc: Service, new: NewBooking, st: SiteSettings, now: datetime, index: int | None) -> datetime:
    """The booked moment (UTC), refused when the service is closed that day or hour, or the
    check-in window has already closed."""
    hours = svc.hours or {}
    if hours:
        span = hours.get(WEEKDAYS[new.day.weekday()])
        if not span:
            raise BookingRefused("closed_day", f"{svc.name_en} is closed on {new.day:%A %Y-%m-%d}", "date", index)
        opens, closes = parse_hhmm(span[0]), parse_hhmm(span[1])
        if not opens <= new.time.replace(second=0, microsecond=0) < closes:
            raise BookingRefused("outside_hours", f"{svc.name_en} takes visitors from {span[0]} to {span[1]}, "
                                 f"not at {new.time:%H:%M}", "time", index)
    booked = booked_moment(new.day, new.time, st)
    if window(st, booked)[1] < now:
        raise BookingRefused("past", f"{new.day.isoformat()} {new.time:%H:%M} has passed", "date", index)
    return booked.astimezone(now.tzinfo)


class _Slots:
    """Bookings per service, day and slot (not cancelled), for the booking quota: those
    stored, plus those added in this transaction."""

    def __init__(self, s: Session, st: SiteSettings, keys: Iterable[tuple[int, date]]) -> None:
        self.st = st
        self.used: Tally[tuple[int, date, time]] = Tally()
        wanted = set(keys)
        for service_id, day in wanted:
            rows = s.execute(select(Booking.booked_at).where(
                Booking.service_id == service_id, Booking.day == day, Booking.status != "cancelled"))
            for (at,) in rows:
                self.used[(service_id, day, slot_start(at.astimezone(st.zone).time(), st))] += 1

    def take(self, svc: Service, new: NewBooking, index: int | None) -> None:
        """Count one more booking in its slot, or refuse it when the slot is full."""
        key = (svc.id, new.day, slot_start(new.time, self.st))
        if svc.booking_quota is not None and self.used[key] >= svc.booking_quota:
            if svc.booking_quota == 0:
                raise BookingRefused("no_bookings", f"{svc.name_en} takes no bookings", "service", index)
            start = key[2]
            end = (datetime.combine(new.day, start) + timedelta(minutes=self.st.booking_slot_minutes)).time()
            raise BookingRefused("quota", f"the {start:%H:%M}-{end:%H:%M} slot of {svc.name_en} is full "
                                 f"({svc.booking_quota} bookings)", "time", index)
        self.used[key] += 1


def _in_chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(values), _CHUNK):
        yield values[i:i + _CHUNK]


def _existing(s: Session, column: Any, values: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _in_chunks(sorted(set(values))):
        found.update(s.scalars(select(column).where(column.in_(chunk))))
    return found


def _rows(s: Session, new_rows: Sequence[NewBooking], origin: str, st: SiteSettings,
          now: datetime) -> tuple[list[dict[str, Any]], list[str], int]:
    """The rows to insert, every row's code, and how many were there already; refused with
    every fault found (at most :data:`MAX_ERRORS`)."""
    services = {v.code.upper(): v for v in s.scalars(select(Service))}
    known_codes: dict[str, str] = {}  # import key -> code of the rows stored already
    for chunk in _in_chunks(sorted({r.import_key for r in new_rows if r.import_key})):
        rows = s.execute(select(Booking.import_key, Booking.code).where(Booking.import_key.in_(chunk)))
        known_codes.update((key, code) for key, code in rows if key is not None)
    given = [normalise_code(r.code) or "" for r in new_rows if r.code]
    taken = _existing(s, Booking.code, [c for c in given if c])
    reserved = set(given)  # a made code must not take a code a later row gives
    slots = _Slots(s, st, {(services[r.service_code.upper()].id, r.day) for r in new_rows
                           if r.service_code.upper() in services})
    errors: list[BookingRefused] = []
    out: list[dict[str, Any]] = []
    codes: list[str] = []
    unchanged = 0
    for i, new in enumerate(new_rows):
        if new.import_key and new.import_key in known_codes:
            unchanged += 1
            codes.append(known_codes[new.import_key])
            continue
        try:
            svc = services.get(new.service_code.strip().upper())
            if svc is None:
                raise BookingRefused("unknown_service", f"there is no service {new.service_code!r}", "service", i)
            if not svc.active:
                raise BookingRefused("no_bookings", f"{svc.name_en} is not available", "service", i)
            personal = _personal(new, i)
            booked_at = _when(svc, new, st, now, i)
            code = _code_of(new, i, taken, reserved)
            slots.take(svc, new, i)
        except BookingRefused as e:
            errors.append(e)
            if len(errors) >= MAX_ERRORS:
                break
            continue
        taken.add(code)
        codes.append(code)
        out.append(dict(code=code, service_id=svc.id, day=new.day, booked_at=booked_at, status="booked",
                        ticket_id=None, origin=origin, import_key=new.import_key, created_at=now,
                        checked_in_at=None, cancelled_at=None, purged_at=None, **personal))
    _redraw_taken(s, out, codes)
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        refused = BookingRefused(first.reason, f"{first}{more}", first.field, first.index)
        refused.errors = tuple(errors)
        raise refused
    return out, codes, unchanged


def _redraw_taken(s: Session, out: list[dict[str, Any]], codes: list[str]) -> None:
    """Draw again the codes of new rows that a stored booking holds already (made codes only:
    given ones were checked); one look-up per round."""
    while clash := _existing(s, Booking.code, [row["code"] for row in out]):
        for row in out:
            if row["code"] in clash:
                new = new_code()
                codes[codes.index(row["code"])] = new
                row["code"] = new


def _code_of(new: NewBooking, index: int, taken: set[str], reserved: set[str]) -> str:
    """The given code (valid and not in use) or a new one."""
    if new.code:
        code = normalise_code(new.code)
        if code is None:
            raise BookingRefused("bad_code", f"{new.code!r} is not a booking code", "code", index)
        if code in taken:
            raise BookingRefused("duplicate_code", f"booking code {code} is in use already", "code", index)
        return code
    code = new_code()
    while code in taken or code in reserved:  # one in a billion per booking: loop rather than fail
        code = new_code()
    return code


# -- operations ---------------------------------------------------------------------------------


def add_many(db: Database, rows: Sequence[NewBooking], *, origin: str = "import",
             actor: roles.Actor | None = None) -> ImportResult:
    """Add ``rows`` in one transaction, all or none: a row whose ``import_key`` is stored
    already is left as it is, so importing a file twice changes nothing. Refused
    (:class:`BookingRefused`, every faulty row in ``errors``) when any row breaks a rule:
    unknown or unavailable service, a day or hour it is closed, a window already closed,
    a bad or taken code, a bad personal field, a full slot."""
    if not rows:
        return ImportResult(0, 0, ())
    with roles.acting(db, actor) as (s, _):
        now, _, st = site_now(s)
        new, codes, unchanged = _rows(s, rows, origin, st, now)
        if new:
            s.execute(insert(Booking).execution_options(render_nulls=True), new)
            action = "booking_imported" if origin == "import" else "booking_added"
            after = {"added": len(new), "unchanged": unchanged, "codes": codes[:20]}
            target = codes[0] if len(new) == 1 else f"{len(new)} bookings"
            if actor is None:
                audit.record_setup(s, action, target, None, after)
            else:
                audit.record(s, actor, action, target, None, after)
            announce_data_changed(s)
        return ImportResult(len(new), unchanged, tuple(codes))


def add(db: Database, new: NewBooking, *, origin: str = "cli", actor: roles.Actor | None = None) -> BookingInfo:
    """Add one booking (see :func:`add_many`) and return it."""
    result = add_many(db, [new], origin=origin, actor=actor)
    return find(db, result.codes[0])


def find(db: Database, code: str) -> BookingInfo:
    """The booking with ``code`` (as typed: spaces, dashes and case do not matter)."""
    wanted = normalise_code(code)
    with db.read() as s:
        st = read_settings(s)
        row = s.execute(info_query().where(Booking.code == wanted)).first() if wanted else None
    if row is None:
        raise BookingRefused("not_found", f"there is no booking {code.strip()!r}", "code")
    return info_of(row, st)


def bookings(db: Database, day: date | None = None, *, service_code: str | None = None,
             status: str | None = None) -> list[BookingInfo]:
    """The bookings of ``day`` (default: today at the site), by booked time, narrowed to a
    service and a status if given."""
    with db.read() as s:
        _, today, st = site_now(s)
        q = info_query().where(Booking.day == (day or today))
        if service_code:
            q = q.where(Service.code == service_code.upper())
        if status:
            q = q.where(Booking.status == status)
        rows = s.execute(q.order_by(Booking.booked_at, Booking.code)).all()
    return [info_of(r, st) for r in rows]


def slot_use(db: Database, service_code: str, day: date) -> dict[time, int]:
    """A service's bookings on ``day`` (cancelled ones left out) per slot start."""
    with db.read() as s:
        st = read_settings(s)
        rows = s.scalars(select(Booking.booked_at).join(Service, Service.id == Booking.service_id).where(
            Service.code == service_code.upper(), Booking.day == day, Booking.status != "cancelled"))
        use: Tally[time] = Tally(slot_start(at.astimezone(st.zone).time(), st) for at in rows)
    return dict(sorted(use.items()))


def cancel(db: Database, code: str, *, reason: str | None = None, actor: roles.Actor | None = None) -> BookingInfo:
    """Cancel a booking not checked in yet (its slot is free again); audited."""
    wanted = normalise_code(code)
    with roles.acting(db, actor) as (s, _):
        now, _, _ = site_now(s)
        row = s.scalar(select(Booking).where(Booking.code == wanted).with_for_update()) if wanted else None
        if row is None:
            raise BookingRefused("not_found", f"there is no booking {code.strip()!r}", "code")
        if row.status != "booked":
            raise BookingRefused("not_cancellable", f"booking {row.code} is {row.status.replace('_', ' ')}, "
                                 "not waiting to be checked in", "code")
        row.status, row.cancelled_at = "cancelled", now
        after = {"status": "cancelled", "reason": (reason or "").strip()[:200] or None}
        if actor is None:
            audit.record_setup(s, "booking_cancelled", row.code, {"status": "booked"}, after)
        else:
            audit.record(s, actor, "booking_cancelled", row.code, {"status": "booked"}, after)
        announce_data_changed(s)
    return find(db, row.code)


def sweep_no_shows(db: Database) -> int:
    """Bookings whose check-in window has closed without them become no-shows; how many."""
    with db.write() as s:
        now, _, st = site_now(s)
        closed_before = now - timedelta(minutes=st.booking_late_minutes)
        result = s.execute(update(Booking).where(Booking.status == "booked", Booking.booked_at < closed_before)
                           .values(status="no_show"))
        swept = result.rowcount  # type: ignore[attr-defined]  # a CursorResult: UPDATE's rows
        if swept:
            announce_data_changed(s)
    return int(swept)


def purge(db: Database) -> int:
    """Erase the name, company, NIB and phone of bookings whose day is more than
    ``booking_retention_days`` past (UU PDP 27/2022: kept only as long as needed); how
    many. The rest (service, day, status) stays for the counts."""
    with db.write() as s:
        now, today, st = site_now(s)
        before = today - timedelta(days=st.booking_retention_days)
        result = s.execute(update(Booking).where(Booking.day < before, Booking.purged_at.is_(None)).values(
            name=None, company=None, nib=None, phone=None, import_key=None, purged_at=now))
        purged = result.rowcount  # type: ignore[attr-defined]  # a CursorResult: UPDATE's rows
    return int(purged)


def housekeep(db: Database) -> tuple[int, int]:
    """The daily chores, safe to run from every kiosk at once: (no-shows swept, purged)."""
    return sweep_no_shows(db), purge(db)

