"""SQLAlchemy 2.x typed declarative models: the whole schema in one place.

Timestamps are stored in UTC (aware datetimes in Python); ``day`` columns hold the
site's local business day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Text,
    TypeDecorator,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored as naive UTC and always returned as an aware UTC datetime.

    SQLite has no time zone type; storing naive UTC everywhere keeps comparisons and
    indexes identical on both databases.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where UTC is required")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    """Declarative base for every Antrian table."""


class Service(Base):
    """A service visitors take tickets for; ``code`` is the ticket prefix."""

    __tablename__ = "services"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(4), unique=True)
    name_id: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    description_id: Mapped[str] = mapped_column(String(400), default="")
    description_en: Mapped[str] = mapped_column(String(400), default="")
    colour: Mapped[str] = mapped_column(String(9), default="#1565c0")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # {"mon": ["08:00", "15:30"], ...}; a weekday missing means closed that day;
    # an empty mapping means always open.
    hours: Mapped[dict[str, list[str]]] = mapped_column(JSON, default=dict)
    daily_quota: Mapped[int | None] = mapped_column(Integer, nullable=True)
    target_wait_min: Mapped[int] = mapped_column(Integer, default=30)
    target_service_min: Mapped[int] = mapped_column(Integer, default=15)
    # Bookings per time slot (``booking_slot_minutes``): None no limit, 0 takes no bookings.
    booking_quota: Mapped[int | None] = mapped_column(Integer, nullable=True)
    requirements_id: Mapped[str] = mapped_column(String(400), default="")  # what to bring (booking slip)
    requirements_en: Mapped[str] = mapped_column(String(400), default="")


class Counter(Base):
    """A counter (*loket*) with the services it serves, in priority order."""

    __tablename__ = "counters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    name: Mapped[str] = mapped_column(String(80))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # "service_order": the first listed service with anyone waiting goes first;
    # "longest_wait": whoever has waited longest across the served services.
    call_rule: Mapped[str] = mapped_column(String(20), default="service_order")
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    pause_reason: Mapped[str | None] = mapped_column(String(200), nullable=True)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"), nullable=True)
    current_ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("tickets.id", use_alter=True, name="fk_counter_current_ticket"), nullable=True
    )

    services: Mapped[list[CounterService]] = relationship(
        order_by="CounterService.position", cascade="all, delete-orphan"
    )

    __table_args__ = (
        # One officer holds one counter at a time (NULLs, free counters, never collide).
        Index("uq_counter_officer", "officer_id", unique=True),
    )


class CounterService(Base):
    """Which services a counter serves and in which order."""

    __tablename__ = "counter_services"

    counter_id: Mapped[int] = mapped_column(ForeignKey("counters.id"), primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Officer(Base):
    """An officer who signs in at a counter."""

    __tablename__ = "officers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20), default="officer")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class DaySequence(Base):
    """The last number issued for a service on a business day; locked to allocate the next."""

    __tablename__ = "day_sequences"

    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class Ticket(Base):
    """One ticket. A transfer closes it and opens a new row with the same label."""

    __tablename__ = "tickets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    day: Mapped[date] = mapped_column(Date)
    seq: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(12), default="waiting")
    priority: Mapped[bool] = mapped_column(Boolean, default=False)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    queue_time: Mapped[datetime] = mapped_column(UtcDateTime)
    called_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), nullable=True)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"), nullable=True)
    recall_count: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str] = mapped_column(String(10), default="kiosk")
    transferred_from_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), nullable=True)

    __table_args__ = (
        # A number is never issued twice; transferred copies keep their origin's number.
        Index(
            "uq_ticket_number",
            "service_id",
            "day",
            "seq",
            unique=True,
            sqlite_where=text("transferred_from_id IS NULL"),
            postgresql_where=text("transferred_from_id IS NULL"),
        ),
        # The live queue: only waiting tickets are indexed, by day first, so neither a call nor
        # the daily expiry of yesterday's leftovers ever walks the history.
        Index(
            "ix_ticket_waiting",
            "day",
            "service_id",
            "priority",
            "queue_time",
            sqlite_where=text("status = 'waiting'"),
            postgresql_where=text("status = 'waiting'"),
        ),
        # Counts by day, service and status; and a service's last visits finished today, in order.
        Index("ix_ticket_day_service_status", "day", "service_id", "status", "finished_at"),
        # The last hour's arrivals per service and priority (the wait estimate's arrival rates),
        # read from the index alone.
        Index("ix_ticket_day_issued", "day", "issued_at", "service_id", "priority"),
    )


class TicketEvent(Base):
    """Append-only log of every change; the display history and reports read it."""

    __tablename__ = "ticket_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    day: Mapped[date] = mapped_column(Date)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"), nullable=True)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), nullable=True)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"), nullable=True)
    label: Mapped[str | None] = mapped_column(String(16), nullable=True)
    detail: Mapped[str | None] = mapped_column(Text, nullable=True)

    __table_args__ = (
        Index("ix_event_day_kind", "day", "kind"),
        Index("ix_event_ticket", "ticket_id"),
    )


class Lockout(Base):
    """Wrong secrets in a row for one subject (``officer:<username>``, ``kiosk_pin``).

    Kept in the database so a restarted app does not forget a lockout; a row exists for
    unknown usernames too, so a lockout does not tell which usernames exist.
    """

    __tablename__ = "lockouts"

    subject: Mapped[str] = mapped_column(String(80), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    last_failure_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class Setting(Base):
    """One site setting; the value is JSON so numbers, lists and text keep their type."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[object] = mapped_column(JSON)



class ConsoleSession(Base):
    """A supervisor's or administrator's sign-in (console or an administrative command).

    Only the SHA-256 of the session's random token is stored; every supervisory and
    administrative operation shows the token and is checked against a live row here and
    the officer's current role (``db.roles.require``).
    """

    __tablename__ = "console_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    place: Mapped[str] = mapped_column(String(120), default="")
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_seen: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class AuditEntry(Base):
    """Append-only record of one supervisory or administrative action: who, when, what,
    before and after. Database triggers refuse every UPDATE and DELETE of it."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"), nullable=True)
    username: Mapped[str] = mapped_column(String(60))  # kept as it was when the action was taken
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(120), default="")
    before: Mapped[object | None] = mapped_column(JSON, nullable=True)
    after: Mapped[object | None] = mapped_column(JSON, nullable=True)

    __table_args__ = (Index("ix_audit_at", "at"),)


class Heartbeat(Base):
    """The last sign of life of one running app (kiosk, counter, display, supervisor, survey)."""

    __tablename__ = "heartbeats"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)  # kind|pc|counter
    kind: Mapped[str] = mapped_column(String(20))
    pc: Mapped[str] = mapped_column(String(120))
    counter_number: Mapped[int | None] = mapped_column(Integer, nullable=True)
    pid: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_seen: Mapped[datetime] = mapped_column(UtcDateTime)


class ServiceDay(Base):
    """A supervisor's change to one service for one business day: opened or closed now
    (overriding the hours; None keeps the hours) and that day's quota (None keeps the
    service's own)."""

    __tablename__ = "service_days"

    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    day: Mapped[date] = mapped_column(Date)
    open_override: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    quota_override: Mapped[int | None] = mapped_column(Integer, nullable=True)

    __table_args__ = (PrimaryKeyConstraint("service_id", "day"),)


#: The nine SKM elements (unsur) U1..U9 and the five anti-corruption perception items W1..W5,
#: as the columns of ``survey_responses`` (their questions are in ``db.survey.elements``).
ELEMENT_COLUMNS = tuple(f"u{i}" for i in range(1, 10))
WBK_COLUMNS = tuple(f"w{i}" for i in range(1, 6))


def _answer_checks() -> tuple[CheckConstraint, ...]:
    return tuple(CheckConstraint(f"{c} BETWEEN 1 AND 4", name=f"ck_survey_{c}") for c in ELEMENT_COLUMNS + WBK_COLUMNS)


class SurveyResponse(Base):
    """One visitor's satisfaction survey (SKM, Permenpan RB 14/2017) for one finished ticket.

    Anonymous: it names the ticket (so one ticket answers once), the service, counter,
    officer and business day of the visit, never a person. Each answer is saved as it is
    tapped, so a survey left half-way keeps what was answered; ``closed_at`` is set when
    the visitor finishes or walks away, after which nothing in it changes.
    """

    __tablename__ = "survey_responses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), unique=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), nullable=True)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"), nullable=True)
    day: Mapped[date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(10))  # counter | kiosk
    language: Mapped[str] = mapped_column(String(2), default="id")
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    u1: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    u2: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    u3: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    u4: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    u5: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    u6: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    u7: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    u8: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    u9: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    w1: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    w2: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    w3: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    w4: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    w5: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    age_group: Mapped[str | None] = mapped_column(String(10), nullable=True)
    gender: Mapped[str | None] = mapped_column(String(1), nullable=True)
    education: Mapped[str | None] = mapped_column(String(10), nullable=True)
    occupation: Mapped[str | None] = mapped_column(String(12), nullable=True)
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)

    __table_args__ = (*_answer_checks(), Index("ix_survey_day_service", "day", "service_id"))


class SurveyPeriod(Base):
    """A survey period (quarter, semester, year or from–to) and the unit's follow-up plan
    (*rencana tindak lanjut*) for it, printed with its IKM report."""

    __tablename__ = "survey_periods"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    first: Mapped[date] = mapped_column(Date)
    last: Mapped[date] = mapped_column(Date)
    plan: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("officers.id"), nullable=True)

    __table_args__ = (Index("uq_survey_period", "first", "last", unique=True),)


class Booking(Base):
    """A visit booked ahead (*antrian online*): checked in at the kiosk, it becomes a ticket
    whose place in the queue is the booked time.

    The visitor's name, company, NIB and phone are optional and erased
    ``booking_retention_days`` after the day (``purged_at``); the rest stays for the counts.
    """

    __tablename__ = "bookings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    day: Mapped[date] = mapped_column(Date)  # the site's local date of the booked time
    booked_at: Mapped[datetime] = mapped_column(UtcDateTime)
    name: Mapped[str | None] = mapped_column(String(120), nullable=True)
    company: Mapped[str | None] = mapped_column(String(160), nullable=True)
    nib: Mapped[str | None] = mapped_column(String(13), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(20), nullable=True)
    status: Mapped[str] = mapped_column(String(12), default="booked")  # booked checked_in late cancelled no_show
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), nullable=True)
    origin: Mapped[str] = mapped_column(String(10), default="cli")  # import | cli | console
    import_key: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    checked_in_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    purged_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)

    __table_args__ = (
        # A day's list and a slot's quota; the no-show sweep and the purge walk by day too.
        Index("ix_booking_day_service", "day", "service_id", "booked_at"),
        Index("ix_booking_status_booked_at", "status", "booked_at"),
    )
