"""Administration from the supervisor console: services, counters, officers and settings.

Every function takes the acting administrator (:class:`db.roles.Actor`) and checks the role
inside its own transaction (:func:`db.roles.require`). Reads return plain frozen dataclasses
(:class:`ServiceSpec`, :class:`CounterSpec`, :class:`OfficerSpec`) that the console edits
and hands back to the ``save_*`` functions with the value it read (``expected``): when the
row no longer equals it, another administrator saved in between and :class:`EditConflict`
names who, so the last save never silently undoes the first one.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db import access, audit, roles, siteconfig
from db import validation as rules
from db.database import Database
from db.errors import EditConflict, InvalidState, NotFound, NotPermitted
from db.feed import announce_data_changed
from db.models import AuditEntry, Counter, CounterService, Officer, Service, Setting
from db.passwords import hash_password
from db.settings import coerce, effective, store

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
    booking_quota: int | None = None  # bookings per time slot; None: no limit, 0: takes no bookings
    requirements_id: str = ""  # what to bring, printed on the booking slip
    requirements_en: str = ""


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
        booking_quota=row.booking_quota, requirements_id=row.requirements_id or "",
        requirements_en=row.requirements_en or "",
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


# -- saving -------------------------------------------------------------------------------------


def _admin(s: Session, actor: roles.Actor | None) -> Officer | None:
    """The administrator's check inside the save's transaction; None only while a fresh
    database has no active administrator yet (the command line's set-up)."""
    return roles.require_admin_or_bootstrap(s, actor)


def _audit(s: Session, actor: roles.Actor | None, action: str, target: str, before: Any, after: Any) -> None:
    if actor is None:
        audit.record_setup(s, action, target, before, after)
    else:
        audit.record(s, actor, action, target, before, after)


def _changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only what differs: ``({key: old}, {key: new})``, small enough for the audit log."""
    keys = [k for k in after if before.get(k) != after[k]]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def _last_editor(s: Session, target: str) -> str | None:
    """Who last changed ``target`` (or applied a whole site file), by the audit log."""
    return s.scalar(select(AuditEntry.username)
                    .where(or_(AuditEntry.target == target, AuditEntry.action == "site_applied"))
                    .order_by(AuditEntry.id.desc()).limit(1))


def _conflict(s: Session, target: str) -> EditConflict:
    who = _last_editor(s, target)
    return EditConflict(f"{target} was changed by {who or 'someone else'} since it was read; "
                        "nothing was saved: reload and try again", by=who)


def _plain(value: Any) -> Any:
    """A spec as JSON for the audit log (tuples as lists)."""
    data = asdict(value)
    return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}


def _service_entry(spec: ServiceSpec) -> dict[str, Any]:
    """A spec as the site file's ``[[services]]`` entry, for its checker."""
    entry = {k: v for k, v in _plain(spec).items() if k != "sort_order" and v is not None}
    entry["hours"] = {day: list(span) for day, span in spec.hours.items()}
    return entry


def _active_counters_left_without_service(s: Session, counter_ids: list[int]) -> list[int]:
    """Numbers of those active counters that serve no active service (after the pending change)."""
    if not counter_ids:
        return []
    s.flush()
    served = (select(func.count()).select_from(CounterService).join(Service, Service.id == CounterService.service_id)
              .where(CounterService.counter_id == Counter.id, Service.active.is_(True)).scalar_subquery())
    rows = s.scalars(select(Counter.number).where(Counter.id.in_(counter_ids), Counter.active.is_(True), served == 0)
                     .order_by(Counter.number))
    return list(rows)


def save_service(db: Database, actor: roles.Actor | None, spec: ServiceSpec,
                 expected: ServiceSpec | None) -> ServiceSpec:
    """Add a service (``expected`` None) or change one read as ``expected``; the service as saved.

    Checked by the site file's rules. Refused: a code already used (adding), a changed code,
    a service changed by someone else since it was read (:class:`EditConflict`), and
    deactivating the last active service of an active counter. Services are never deleted.
    """
    columns = siteconfig.check_service(_service_entry(spec))
    columns["sort_order"] = rules.whole_number("the sort order", spec.sort_order, 0)
    target = f"service {spec.code}"
    with db.write() as s:
        _admin(s, actor)
        row = s.scalar(select(Service).where(Service.code == spec.code).with_for_update())
        if expected is None:
            if row is not None:
                raise InvalidState(f"service code '{spec.code}' is already used by {row.name_id}")
            row = Service(**columns)
            s.add(row)
            _flush_new(s, f"service code '{spec.code}' is already used")
            before: dict[str, Any] | None = None
        else:
            if expected.code != spec.code:
                raise InvalidState("a service's code cannot change (its tickets carry it); add a new service instead")
            if row is None:
                raise NotFound(f"service '{spec.code}' does not exist")
            if _service_spec(row) != expected:
                raise _conflict(s, target)
            before = _plain(expected)
            siteconfig.update_row(row, columns)
            if not row.active:
                users = list(s.scalars(select(CounterService.counter_id).where(CounterService.service_id == row.id)))
                stranded = _active_counters_left_without_service(s, users)
                if stranded:
                    raise InvalidState(f"counter {stranded[0]} would serve no active service; give it another "
                                       f"service or deactivate it before deactivating {spec.code}")
        saved = _service_spec(row)
        _saved(s, actor, "service", target, before, _plain(saved))
        return saved


def _saved(s: Session, actor: roles.Actor | None, kind: str, target: str, before: dict[str, Any] | None,
           after: dict[str, Any]) -> None:
    """Audit and announce a save that changed something (a save that changed nothing leaves no trace)."""
    if before is None:
        _audit(s, actor, f"{kind}_added", target, None, after)
    else:
        old, new = _changes(before, after)
        if not new:
            return
        _audit(s, actor, f"{kind}_changed", target, old, new)
    announce_data_changed(s)


def _flush_new(s: Session, message: str) -> None:
    """Flush a new row; a unique key taken meanwhile by another transaction is a refusal."""
    try:
        s.flush()
    except IntegrityError:  # the whole transaction is rolled back as the refusal leaves it
        raise InvalidState(message) from None


def save_counter(db: Database, actor: roles.Actor | None, spec: CounterSpec,
                 expected: CounterSpec | None) -> CounterSpec:
    """Add a counter (``expected`` None) or change one read as ``expected``; the counter as saved.

    Checked by the site file's rules (services known, none twice). Refused: a number
    already used (adding), a changed number, a change by someone else since it was read
    (:class:`EditConflict`), and an active counter serving no active service.
    """
    entry = {"number": spec.number, "name": spec.name, "services": list(spec.services),
             "call_rule": spec.call_rule, "active": spec.active}
    target = f"counter {spec.number}"
    with db.write() as s:
        _admin(s, actor)
        service_ids = {code: sid for sid, code in _codes(s).items()}
        columns = siteconfig.check_counter(entry, set(service_ids))
        row = s.scalar(select(Counter).where(Counter.number == spec.number).with_for_update())
        if expected is None:
            if row is not None:
                raise InvalidState(f"counter {spec.number} already exists ({row.name})")
            before: dict[str, Any] | None = None
        else:
            if expected.number != spec.number:
                raise InvalidState("a counter's number cannot change; add a new counter instead")
            if row is None:
                raise NotFound(f"counter {spec.number} does not exist")
            if _counter_spec(row, _codes(s)) != expected:
                raise _conflict(s, target)
            before = _plain(expected)
        try:
            row, _ = siteconfig.write_counter(s, row, columns, service_ids)
        except IntegrityError:  # added by another transaction meanwhile; rolled back whole
            raise InvalidState(f"counter {spec.number} already exists") from None
        if _active_counters_left_without_service(s, [row.id]):
            raise InvalidState(f"counter {spec.number} would serve no active service")
        saved = _counter_spec(row, _codes(s))
        _saved(s, actor, "counter", target, before, _plain(saved))
        return saved


def _other_active_admins(s: Session, officer_id: int) -> int:
    return int(s.scalar(select(func.count()).select_from(Officer).where(
        Officer.role == roles.ADMIN, Officer.active.is_(True), Officer.id != officer_id)) or 0)


def save_officer(db: Database, actor: roles.Actor | None, spec: OfficerSpec, expected: OfficerSpec | None,
                 password: str | None = None) -> OfficerSpec:
    """Add an officer (``expected`` None; ``password`` required) or change one read as
    ``expected`` (a ``password`` given is set too, lifting a sign-in lockout); the officer as saved.

    Refused: a username already used (adding), a changed username, a change by someone
    else since it was read (:class:`EditConflict`), demoting or disabling the last active
    administrator, and an administrator disabling their own account. Never deleted.
    """
    entry: dict[str, Any] = {"username": spec.username, "display_name": spec.display_name, "role": spec.role,
                             "active": spec.active}
    if password is not None:
        entry["password"] = password
    elif expected is None:
        raise rules.InvalidValue("the password", "is required for a new officer")
    columns = siteconfig.check_officer(entry)
    columns.pop("password")
    hashed = hash_password(password) if password is not None else None  # slow: outside the transaction
    target = f"officer {spec.username}"
    with db.write() as s:
        _admin(s, actor)
        row = s.scalar(select(Officer).where(Officer.username == spec.username).with_for_update())
        if expected is None:
            if row is not None:
                raise InvalidState(f"officer '{spec.username}' already exists")
            assert hashed is not None
            row = Officer(**columns, password_hash=hashed)
            s.add(row)
            _flush_new(s, f"officer '{spec.username}' already exists")
            before: dict[str, Any] | None = None
        else:
            if expected.username != spec.username:
                raise InvalidState("a username cannot change; add a new officer instead")
            if row is None:
                raise NotFound(f"officer '{spec.username}' does not exist")
            if _officer_spec(row) != expected:
                raise _conflict(s, target)
            _check_officer_change(s, actor, row, columns)
            before = _plain(expected)
            siteconfig.update_row(row, columns)
            if hashed is not None:
                row.password_hash = hashed
                access.clear(s, access.officer_subject(spec.username))
        saved = _officer_spec(row)
        after = _plain(saved)
        if hashed is not None and before is not None:
            before, after = {**before, "password": "unchanged"}, {**after, "password": "changed"}
        _saved(s, actor, "officer", target, before, after)
        return saved


def _check_officer_change(s: Session, actor: roles.Actor | None, row: Officer, columns: dict[str, Any]) -> None:
    """Refuse an administrator disabling themself, and losing the last active administrator."""
    if actor is not None and row.id == actor.officer_id and not columns["active"]:
        raise InvalidState("you cannot disable your own account; another administrator must do it")
    stays_admin = columns["role"] == roles.ADMIN and columns["active"]
    if row.role == roles.ADMIN and row.active and not stays_admin and not _other_active_admins(s, row.id):
        raise InvalidState(f"{row.display_name} is the last active administrator; make another officer "
                           "an administrator first")


def reset_password(db: Database, actor: roles.Actor | None, username: str, password: str) -> None:
    """Set an officer's new password and lift any sign-in lockout (as ``antrian officer passwd``)."""
    rules.password(password)
    hashed = hash_password(password)
    target = f"officer {username}"
    with db.write() as s:
        _admin(s, actor)
        row = s.scalar(select(Officer).where(Officer.username == username).with_for_update())
        if row is None:
            raise NotFound(f"officer '{username}' does not exist")
        row.password_hash = hashed
        access.clear(s, access.officer_subject(username))
        _audit(s, actor, "password_reset", target, None, {"password": "changed"})


def set_kiosk_pin(db: Database, actor: roles.Actor | None, pin: str) -> None:
    """Set the kiosk PIN (stored hashed; "" removes it) and lift any PIN lockout."""
    value = access.stored_pin(pin) if pin else ""
    with db.write() as s:
        _admin(s, actor)
        row = s.get(Setting, access.KIOSK_PIN)
        was_set = bool(row is not None and row.value)
        store(s, access.KIOSK_PIN, value)
        access.clear(s, access.KIOSK_PIN)
        _audit(s, actor, "kiosk_pin_set" if value else "kiosk_pin_removed", "kiosk PIN",
               {"kiosk_pin": "set" if was_set else "none"}, {"kiosk_pin": "changed" if value else "removed"})
        announce_data_changed(s)


def save_settings(db: Database, actor: roles.Actor | None, changes: dict[str, Any],
                  expected: dict[str, Any]) -> dict[str, Any]:
    """Change site settings, each checked by its rule (``db.settings.RULES``); every setting
    as saved. ``expected`` holds the values read: a setting changed since by someone else
    refuses the whole save (:class:`EditConflict`). The kiosk PIN has :func:`set_kiosk_pin`."""
    checked: dict[str, Any] = {}
    for key, value in changes.items():
        if key in SECRET_SETTINGS:
            raise rules.InvalidValue("", f"setting '{key}' is set with set_kiosk_pin")
        if key not in expected:
            raise rules.InvalidValue("", f"setting '{key}' was changed without being read first")
        try:
            checked[key] = coerce(key, value)
        except rules.InvalidValue:
            raise
        except ValueError as e:
            raise rules.InvalidValue("", str(e)) from None
    with db.write() as s:
        _admin(s, actor)
        s.scalars(select(Setting).where(Setting.key.in_(checked)).with_for_update()).all()  # lock what is stored
        current = read_settings(s)
        if any(current[key] != expected[key] for key in checked):
            raise _conflict(s, "settings")
        for key, value in checked.items():
            store(s, key, value)
        after = read_settings(s)
        _saved(s, actor, "settings", "settings", current, {k: after[k] for k in checked})
        return after


def export_site(db: Database, actor: roles.Actor) -> str:
    """The site file of the current configuration (no passwords, no kiosk PIN; administrators only)."""
    if actor is None:  # siteconfig.export without an actor is the command line's ``config export``
        raise NotPermitted("this needs an administrator signed in")
    return siteconfig.export(db, actor)


def import_site(db: Database, actor: roles.Actor, toml_text: str, source: str = "imported site file") -> dict[str, int]:
    """Check a whole site file and apply it atomically, as ``antrian config apply`` does; the
    counts of what changed (one audit entry holds them). A faulty file changes nothing."""
    return siteconfig.apply(db, siteconfig.parse(toml_text, source), actor=actor)
