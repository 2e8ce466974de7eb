"""Administration from the supervisor console: services, counters, officers and settings.

Every function takes the acting administrator (:class:`db.roles.Actor`) and checks the role
inside its own transaction (:func:`db.roles.require`). Reads return plain frozen dataclasses
(:class:`ServiceSpec`, :class:`CounterSpec`, :class:`OfficerSpec`) that the console edits
and hands back to the ``save_*`` functions with the value it read (``expected``): when the
row no longer equals it, another administrator saved in between and :class:`EditConflict`
names who, so the last save never silently undoes the first one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import roles
from db.database import Database
from db.models import Counter, Officer, Service, Setting
from db.settings import effective

SECRET_SETTINGS = ("kiosk_pin",)  # never read back by the console, never written by save_settings


@dataclass(frozen=True)
class ServiceSpec:
    """A service as the console shows and edits it (the columns the site file holds)."""

    code: str
    name_id: str
    name_en: str
    description_id: str = ""
    description_en: str = ""
    colour: str = "#1565c0"
    sort_order: int = 0
    active: bool = True
    # weekday -> ["HH:MM", "HH:MM"] (opening, closing), as the site file writes it; a weekday
    # missing is closed that day, an empty mapping is open every day at any hour.
    hours: dict[str, list[str]] = field(default_factory=dict)
    daily_quota: int | None = None
    target_wait_min: int = 30
    target_service_min: int = 15


@dataclass(frozen=True)
class CounterSpec:
    """A counter (*loket*): its name, the services it serves in order, and its call rule."""

    number: int
    name: str
    active: bool = True
    services: tuple[str, ...] = ()
    call_rule: str = "service_order"


@dataclass(frozen=True)
class OfficerSpec:
    """An officer's account without its password."""

    username: str
    display_name: str
    role: str = roles.OFFICER
    active: bool = True


def _service_spec(row: Service) -> ServiceSpec:
    return ServiceSpec(
        code=row.code, name_id=row.name_id, name_en=row.name_en, description_id=row.description_id or "",
        description_en=row.description_en or "", colour=row.colour, sort_order=row.sort_order, active=row.active,
        hours={day: list(span) for day, span in (row.hours or {}).items()}, daily_quota=row.daily_quota,
        target_wait_min=row.target_wait_min, target_service_min=row.target_service_min,
    )


def _counter_spec(row: Counter, codes: dict[int, str]) -> CounterSpec:
    return CounterSpec(number=row.number, name=row.name, active=row.active,
                       services=tuple(codes[cs.service_id] for cs in row.services), call_rule=row.call_rule)


def _officer_spec(row: Officer) -> OfficerSpec:
    return OfficerSpec(username=row.username, display_name=row.display_name, role=row.role, active=row.active)


def _codes(s: Session) -> dict[int, str]:
    return {sid: code for sid, code in s.execute(select(Service.id, Service.code))}


def read_services(s: Session) -> list[ServiceSpec]:
    """Every service, active or not, in the kiosk's order (inside the caller's transaction)."""
    return [_service_spec(v) for v in s.scalars(select(Service).order_by(Service.sort_order, Service.code))]


def read_counters(s: Session) -> list[CounterSpec]:
    """Every counter by number (inside the caller's transaction)."""
    codes = _codes(s)
    return [_counter_spec(c, codes) for c in s.scalars(select(Counter).order_by(Counter.number))]


def read_officers(s: Session) -> list[OfficerSpec]:
    """Every officer by username (inside the caller's transaction)."""
    return [_officer_spec(o) for o in s.scalars(select(Officer).order_by(Officer.username))]


def read_settings(s: Session) -> dict[str, Any]:
    """Every site setting's effective value (stored JSON types), secrets left out."""
    values = effective((row.key, row.value) for row in s.scalars(select(Setting)))
    return {k: v for k, v in values.items() if k not in SECRET_SETTINGS}


def services(db: Database, actor: roles.Actor) -> list[ServiceSpec]:
    """Every service (administrators only)."""
    with db.read() as s:
        roles.require(s, actor, roles.ADMINISTER)
        return read_services(s)


def counters(db: Database, actor: roles.Actor) -> list[CounterSpec]:
    """Every counter (administrators only)."""
    with db.read() as s:
        roles.require(s, actor, roles.ADMINISTER)
        return read_counters(s)


def officers(db: Database, actor: roles.Actor) -> list[OfficerSpec]:
    """Every officer, without passwords (administrators only)."""
    with db.read() as s:
        roles.require(s, actor, roles.ADMINISTER)
        return read_officers(s)


def site_settings(db: Database, actor: roles.Actor) -> dict[str, Any]:
    """Every site setting's value, the kiosk PIN left out (administrators only)."""
    with db.read() as s:
        roles.require(s, actor, roles.ADMINISTER)
        return read_settings(s)


def kiosk_pin_set(db: Database, actor: roles.Actor) -> bool:
    """Whether a kiosk PIN is set (its hash is never shown; administrators only)."""
    with db.read() as s:
        roles.require(s, actor, roles.ADMINISTER)
        return bool(s.scalar(select(Setting.value).where(Setting.key == "kiosk_pin")))
