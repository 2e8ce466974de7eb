"""Site configuration as a TOML file: settings, services, counters and officers.

``load`` checks the whole file before anything is written; ``apply`` writes it in one
transaction (all or nothing) and is idempotent; ``export`` writes the current one back.
Services and counters missing from the file are deactivated, never deleted (their
tickets stay in the history); officers missing from it are left alone.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn, cast

from sqlalchemy import String, select
from sqlalchemy.orm import Session

from db import access, audit, roles
from db import validation as rules
from db.database import Database
from db.errors import ConfigError
from db.feed import announce_data_changed
from db.models import Counter, CounterService, Officer, Service, Setting
from db.passwords import hash_password, is_hash, verify_password
from db.settings import DEFAULTS, coerce, store
from db.sitetime import WEEKDAYS, parse_hhmm

SAMPLE = Path(__file__).with_name("sample_site.toml")
# What a visitor brings, printed on the booking slip: as long as its column allows.
REQUIREMENTS_MAX: int = cast(String, Service.__table__.c.requirements_id.type).length or 400


_SERVICE_KEYS = {
    "code", "name_id", "name_en", "description_id", "description_en", "colour", "active",
    "hours", "daily_quota", "target_wait_min", "target_service_min", "booking_quota", "requirements_id",
    "requirements_en",
}
_COUNTER_KEYS = {"number", "name", "services", "call_rule", "active"}
_OFFICER_KEYS = {"username", "display_name", "role", "password", "active"}


@dataclass
class SiteConfig:
    """A checked configuration, ready to apply."""

    settings: dict[str, Any] = field(default_factory=dict)
    services: list[dict[str, Any]] = field(default_factory=list)
    counters: list[dict[str, Any]] = field(default_factory=list)
    officers: list[dict[str, Any]] = field(default_factory=list)


class _Checker:
    """Validates the parsed TOML, reporting the first fault with its key and line."""

    def __init__(self, text: str, source: str) -> None:
        self.lines = text.splitlines()
        self.source = source

    def fail(self, where: str, message: str, table: str | None = None, index: int | None = None,
             key: str | None = None) -> NoReturn:
        """Raise :class:`ConfigError` for the fault at ``where``, with its line when it can be found."""
        line = self._line(table, index, key)
        at = f" (line {line})" if line else ""
        raise ConfigError(f"{self.source}: {where}: {message}{at}")

    def _line(self, table: str | None, index: int | None, key: str | None) -> int | None:
        """Best-effort line of ``key`` inside the ``index``-th ``[[table]]`` (or ``[table]``)."""
        start, seen = 0, -1
        if table is not None:
            header = re.compile(rf"^\s*\[\[?\s*{re.escape(table)}\s*\]\]?\s*(#.*)?$")
            for i, raw in enumerate(self.lines):
                if header.match(raw):
                    seen += 1
                    if index is None or seen == index:
                        start = i
                        break
            else:
                # Not a table header: a plain top-level key (``site = 5``, a stray ``site_name = ...``).
                plain = re.compile(rf"^\s*{re.escape(table)}\s*=")
                return next((i + 1 for i, raw in enumerate(self.lines) if plain.match(raw)), None)
            if key is None:
                return start + 1
        if key is None:
            return None
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for i in range(start + (1 if table else 0), len(self.lines)):
            raw = self.lines[i]
            if table is not None and i > start and re.match(r"^\s*\[(?!\s*" + re.escape(table) + r"\.)", raw):
                break
            if pattern.match(raw):
                return i + 1
        return start + 1 if table else None


def parse(text: str, source: str = "config") -> SiteConfig:
    """Parse and check configuration text; raise :class:`ConfigError` naming key and line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{source}: not valid TOML: {e}") from None
    chk = _Checker(text, source)
    unknown_top = set(data) - {"site", "services", "counters", "officers"}
    if unknown_top:
        key = sorted(unknown_top)[0]
        chk.fail(key, "unknown section (expected site, services, counters, officers)", key, None, None)
    # Checked in file order: the first fault is reported (each entry checks against those before it).
    cfg = SiteConfig(settings=_settings(chk, data))
    codes: set[str] = set()
    cfg.services = [_service(chk, svc, i, codes) for i, svc in enumerate(_table_list(chk, data, "services"))]
    numbers: set[int] = set()
    cfg.counters = [_counter(chk, ctr, i, codes, numbers)
                    for i, ctr in enumerate(_table_list(chk, data, "counters"))]
    names: set[str] = set()
    cfg.officers = [_officer(chk, off, i, names) for i, off in enumerate(_table_list(chk, data, "officers"))]
    return cfg


class _EntryChecker(_Checker):
    """Checks one entry given alone (the supervisor console): a fault raises
    :class:`~db.validation.InvalidValue` naming the field (``colour: must be …``)."""

    def __init__(self) -> None:
        super().__init__("", "entry")

    def fail(self, where: str, message: str, table: str | None = None, index: int | None = None,
             key: str | None = None) -> NoReturn:
        """Raise :class:`~db.validation.InvalidValue` for the field of ``where`` (no file, no line)."""
        field_name = where.split(".", 1)[1] if "." in where else where
        raise rules.InvalidValue("", f"{field_name}: {message}")


def check_service(entry: dict[str, Any]) -> dict[str, Any]:
    """One service as a ``[[services]]`` entry, checked alone by the site file's rules; its columns.

    Whether the code is new is the caller's business (the console looks in the database).
    """
    return _service(_EntryChecker(), entry, 0, set())


def check_counter(entry: dict[str, Any], codes: set[str]) -> dict[str, Any]:
    """One counter as a ``[[counters]]`` entry, checked alone (its services among ``codes``); its columns."""
    return _counter(_EntryChecker(), entry, 0, codes, set())


def check_officer(entry: dict[str, Any]) -> dict[str, Any]:
    """One officer as an ``[[officers]]`` entry, checked alone; its columns and the password given."""
    return _officer(_EntryChecker(), entry, 0, set())


def _settings(chk: _Checker, data: dict[str, Any]) -> dict[str, Any]:
    """The ``[site]`` table: each setting checked against its rule (``db.settings``)."""
    site = data.get("site", {})
    if not isinstance(site, dict):
        chk.fail("site", "must be written as a [site] table", "site", None, None)
    settings: dict[str, Any] = {}
    for key, value in site.items():
        try:
            settings[key] = coerce(key, value)
        except ValueError as e:
            chk.fail(f"site.{key}", str(e), "site", None, key)
    pin = str(settings.get("kiosk_pin", "")).strip()
    problem = access.pin_problem(pin) if pin and not is_hash(pin) else None
    if problem:
        chk.fail("site.kiosk_pin", f"{problem} (it is stored hashed)", "site", None, "kiosk_pin")
    return settings


def _check_unique(chk: _Checker, entry: dict[str, Any], seen: set[Any], table: str, i: int, key: str,
                  message: str) -> None:
    """``entry[key]`` must not be in ``seen`` (the entries before it); it is added."""
    value = entry[key]
    if value in seen:
        chk.fail(f"{table}[{i}].{key}", message.format(value), table, i, key)
    seen.add(value)


def _service(chk: _Checker, svc: dict[str, Any], i: int, codes: set[str]) -> dict[str, Any]:
    """One ``[[services]]`` entry, checked (its code not among ``codes``), as the columns of a ``Service``."""
    where = f"services[{i}]"
    _check_keys(chk, svc, _SERVICE_KEYS, where, "services", i)
    for req in ("code", "name_id", "name_en"):
        if not isinstance(svc.get(req), str) or not svc[req].strip():
            chk.fail(f"{where}.{req}", "is required text", "services", i, req if req in svc else None)
    _rule(chk, svc, "code", rules.service_code, where, "services", i)
    for key in ("name_id", "name_en"):
        _rule(chk, svc, key, functools.partial(rules.service_name, key), where, "services", i)
    for key in ("description_id", "description_en"):
        _rule(chk, svc, key, functools.partial(rules.service_description, key), where, "services", i)
    _check_unique(chk, svc, codes, "services", i, "code", "'{}' is used twice")
    _rule(chk, svc, "colour", rules.colour, where, "services", i)
    _rule(chk, svc, "daily_quota", rules.daily_quota, where, "services", i)
    _rule(chk, svc, "booking_quota", booking_quota, where, "services", i)
    for key in ("requirements_id", "requirements_en"):
        _rule(chk, svc, key, functools.partial(requirements, key), where, "services", i)
    for num in ("target_wait_min", "target_service_min"):
        _rule(chk, svc, num, functools.partial(rules.target_minutes, num), where, "services", i)
    hours = svc.get("hours", {})
    _check_hours(chk, hours, where, i)
    _check_flag(chk, svc, "active", where, "services", i)
    return {
        "code": svc["code"], "name_id": svc["name_id"].strip(), "name_en": svc["name_en"].strip(),
        "description_id": svc.get("description_id", ""), "description_en": svc.get("description_en", ""),
        "colour": svc.get("colour", "#1565c0"), "active": svc.get("active", True), "hours": hours,
        "daily_quota": svc.get("daily_quota"), "target_wait_min": svc.get("target_wait_min", 30),
        "target_service_min": svc.get("target_service_min", 15), "sort_order": i,
        "booking_quota": svc.get("booking_quota"), "requirements_id": svc.get("requirements_id", ""),
        "requirements_en": svc.get("requirements_en", ""),
    }


def booking_quota(value: Any) -> int:
    """Bookings a service takes per time slot at most (0: it takes none; absent: no limit)."""
    return rules.whole_number("the booking quota", value, 0, 100_000)


def requirements(what: str, value: Any) -> str:
    """What a visitor brings for a service, printed on the booking slip (may span lines)."""
    return rules.text(what, value, REQUIREMENTS_MAX, multiline=True)


def _check_hours(chk: _Checker, hours: object, where: str, i: int) -> None:
    """A service's weekly hours: ``{weekday: ["HH:MM", "HH:MM"]}``, opening before closing."""
    if not isinstance(hours, dict):
        chk.fail(f"{where}.hours", "must be a table of weekdays", "services", i, "hours")
    for day, span in hours.items():
        if day not in WEEKDAYS:
            chk.fail(f"{where}.hours.{day}", f"unknown weekday (use {', '.join(WEEKDAYS)})", "services", i, day)
        if not (isinstance(span, list) and len(span) == 2):
            chk.fail(f"{where}.hours.{day}", 'must be ["HH:MM", "HH:MM"]', "services", i, day)
        for t in span:
            _check_time(chk, f"{where}.hours.{day}", t, "services", i, day)
        if parse_hhmm(span[0]) >= parse_hhmm(span[1]):
            chk.fail(f"{where}.hours.{day}", "opening time must be before closing time", "services", i, day)


def _check_flag(chk: _Checker, table: dict[str, Any], key: str, where: str, name: str, i: int) -> None:
    if key in table and not isinstance(table[key], bool):
        chk.fail(f"{where}.{key}", "must be true or false", name, i, key)


def _counter(chk: _Checker, ctr: dict[str, Any], i: int, codes: set[str], numbers: set[int]) -> dict[str, Any]:
    """One ``[[counters]]`` entry, checked (its services among ``codes``, its number not among
    ``numbers``), as a counter's columns."""
    where = f"counters[{i}]"
    _check_keys(chk, ctr, _COUNTER_KEYS, where, "counters", i)
    if "number" not in ctr:
        chk.fail(f"{where}.number", "must be a whole number of at least 1 (it is required)", "counters", i, None)
    number = ctr["number"]
    _rule(chk, ctr, "number", rules.counter_number, where, "counters", i)
    _rule(chk, ctr, "name", rules.counter_name, where, "counters", i)
    _check_unique(chk, ctr, numbers, "counters", i, "number", "counter {} is declared twice")
    served = ctr.get("services", [])
    if not isinstance(served, list) or not served:
        chk.fail(f"{where}.services", "must list at least one service code", "counters", i, "services")
    for code in served:
        if code not in codes:
            chk.fail(f"{where}.services", f"unknown service '{code}'", "counters", i, "services")
    if len(set(served)) != len(served):
        chk.fail(f"{where}.services", "lists a service twice", "counters", i, "services")
    _rule(chk, ctr, "call_rule", rules.call_rule, where, "counters", i)
    _check_flag(chk, ctr, "active", where, "counters", i)
    return {"number": number, "name": str(ctr.get("name") or f"Loket {number}"), "services": served,
            "call_rule": ctr.get("call_rule", "service_order"), "active": bool(ctr.get("active", True))}


def _officer(chk: _Checker, off: dict[str, Any], i: int, names: set[str]) -> dict[str, Any]:
    """One ``[[officers]]`` entry, checked (its username not among ``names``), as an officer's
    columns and the password given."""
    where = f"officers[{i}]"
    _check_keys(chk, off, _OFFICER_KEYS, where, "officers", i)
    if "username" not in off:
        chk.fail(f"{where}.username", "is required", "officers", i, None)
    username = off["username"]
    _rule(chk, off, "username", rules.username, where, "officers", i)
    _rule(chk, off, "display_name", rules.display_name, where, "officers", i)
    _check_unique(chk, off, names, "officers", i, "username", "'{}' is declared twice")
    _rule(chk, off, "role", rules.role, where, "officers", i)
    _rule(chk, off, "password", rules.password, where, "officers", i)
    _check_flag(chk, off, "active", where, "officers", i)
    return {"username": username, "display_name": (off.get("display_name") or username).strip(),
            "role": off.get("role", "officer"), "password": off.get("password"),
            "active": bool(off.get("active", True))}


def _rule(chk: _Checker, table: dict[str, Any], key: str, check: Callable[[Any], Any], where: str,
          name: str, i: int) -> None:
    """Check ``table[key]`` (when present) against a rule of :mod:`db.validation`."""
    if key in table:
        try:
            check(table[key])
        except rules.InvalidValue as e:
            chk.fail(f"{where}.{key}", e.detail, name, i, key)


def _table_list(chk: _Checker, data: dict[str, Any], name: str) -> list[dict[str, Any]]:
    value = data.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        chk.fail(name, f"must be written as [[{name}]] tables", name, None, None)
    return value


def _check_keys(chk: _Checker, table: dict[str, Any], allowed: set[str], where: str, name: str, i: int) -> None:
    for key in table:
        if key not in allowed:
            chk.fail(f"{where}.{key}", f"unknown key (allowed: {', '.join(sorted(allowed))})", name, i, key)


def _check_time(chk: _Checker, where: str, value: Any, table: str, i: int | None, key: str) -> None:
    try:
        if not isinstance(value, str):
            raise ValueError
        parse_hhmm(value)
    except ValueError:
        chk.fail(where, f"'{value}' is not a time like \"08:00\"", table, i, key)


def load(path: Path) -> SiteConfig:
    """Read and check a configuration file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise ConfigError(f"cannot read {path}: {e.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    return parse(text, str(path))


def apply(db: Database, cfg: SiteConfig, actor: roles.Actor | None = None) -> dict[str, int]:
    """Write a checked configuration in one transaction; return counts of what changed.

    Needs an administrator (``actor``) once an active one exists; the first site file of a
    fresh database needs none (:func:`db.roles.require_admin_or_bootstrap`). A file that
    would leave no active administrator, or would disable or demote the one applying it,
    is refused whole. What changed is written to the audit log as one entry with the counts.
    """
    with db.write() as s:
        acting = roles.require_admin_or_bootstrap(s, actor)
        changed = {"settings": _apply_settings(s, cfg.settings)}
        services = {v.code: v for v in s.scalars(select(Service))}
        changed["services"] = _apply_services(s, cfg.services, services)
        s.flush()
        changed["counters"] = _apply_counters(s, cfg.counters, {v.code: v.id for v in services.values()})
        changed["officers"] = _apply_officers(s, cfg.officers)
        if acting is not None:
            s.flush()
            if acting.role != roles.ADMIN or not acting.active:
                raise ConfigError(f"the file would disable or demote {acting.username}, who applies it; "
                                  "nothing was applied")
            if not roles.has_admin(s):
                raise ConfigError("the file would leave no active administrator; nothing was applied")
        if any(changed.values()):
            announce_data_changed(s)
            if actor is not None:
                audit.record(s, actor, "site_applied", "site file", None, changed)
            else:
                audit.record_setup(s, "site_applied", "site file", None, changed)
    return changed


def _apply_settings(s: Session, settings: dict[str, Any]) -> int:
    """Store the settings the file gives; how many changed."""
    changed = 0
    for key, value in settings.items():
        if key == "kiosk_pin":
            row = s.get(Setting, key)
            value = _kiosk_pin_value(value, row.value if row is not None else "")
        changed += store(s, key, value)
    return changed


def _apply_services(s: Session, specs: list[dict[str, Any]], services: dict[str, Service]) -> int:
    """Add or update the file's services (into ``services``, by code); deactivate the others."""
    changed = 0
    if specs:
        for v in services.values():
            if v.code not in {c["code"] for c in specs} and v.active:
                v.active = False
                changed += 1
    for spec in specs:
        row = services.get(spec["code"])
        if row is None:
            row = Service(**spec)
            s.add(row)
            services[spec["code"]] = row
            changed += 1
        elif update_row(row, spec):
            changed += 1
    return changed


def _apply_counters(s: Session, specs: list[dict[str, Any]], service_ids: dict[str, int]) -> int:
    """Add or update the file's counters with their services in order; deactivate the others."""
    changed = 0
    counters = {c.number: c for c in s.scalars(select(Counter))}
    if specs:
        for c in counters.values():
            if c.number not in {spec["number"] for spec in specs} and c.active:
                c.active = False
                changed += 1
    for spec in specs:
        changed += int(write_counter(s, counters.get(spec["number"]), spec, service_ids)[1])
    return changed


def write_counter(s: Session, row: Counter | None, spec: dict[str, Any], service_ids: dict[str, int]
                  ) -> tuple[Counter, bool]:
    """Add (``row`` None) or update one counter from its checked columns, its services in
    order; the counter and whether anything changed."""
    served = [service_ids[code] for code in spec["services"]]
    plain = {k: v for k, v in spec.items() if k != "services"}
    if row is None:
        row = Counter(**plain, paused=False)
        s.add(row)
        s.flush()
        dirty = True
    else:
        dirty = update_row(row, plain)
    if [cs.service_id for cs in row.services] != served:
        row.services.clear()
        s.flush()
        row.services.extend(CounterService(service_id=sid, position=p) for p, sid in enumerate(served))
        dirty = True
    return row, dirty


def _apply_officers(s: Session, specs: list[dict[str, Any]]) -> int:
    """Add or update the file's officers (a new one needs a password); others are left alone."""
    changed = 0
    officers = {o.username: o for o in s.scalars(select(Officer))}
    for spec in specs:
        row = officers.get(spec["username"])
        plain = {k: v for k, v in spec.items() if k != "password"}
        if row is None:
            if not spec["password"]:
                raise ConfigError(f"officer '{spec['username']}' is new and needs a password")
            s.add(Officer(**plain, password_hash=hash_password(spec["password"])))
            changed += 1
        elif update_row(row, plain):
            changed += 1
    return changed


def _kiosk_pin_value(given: str, stored: object) -> str:
    """The kiosk PIN as stored: always hashed. The PIN already stored keeps its hash (no change)."""
    given = given.strip()
    if given and not is_hash(given) and isinstance(stored, str) and is_hash(stored) and verify_password(given, stored):
        return stored
    return access.stored_pin(given)


def update_row(row: object, values: dict[str, Any]) -> bool:
    """Set the attributes of ``row`` that differ from ``values``; whether any did."""
    dirty = False
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
            dirty = True
    return dirty


def export(db: Database, actor: roles.Actor | None = None) -> str:
    """The current configuration as TOML text (officers without passwords, no kiosk PIN).

    With ``actor`` (the console) the administrator's role is checked in the same read.
    Without one it is the command line's ``config export``: the file holds no secret.
    """
    with db.read() as s:
        if actor is not None:
            roles.require(s, actor, roles.ADMINISTER)
        settings = {row.key: row.value for row in s.scalars(select(Setting))}
        services = s.scalars(select(Service).order_by(Service.sort_order, Service.code)).all()
        counters = s.scalars(select(Counter).order_by(Counter.number)).all()
        codes = {v.id: v.code for v in services}
        officers = s.scalars(select(Officer).order_by(Officer.username)).all()
        out = ["# Antrian site configuration", "", "[site]"]
        for key in DEFAULTS:
            if key == "kiosk_pin":  # never the hash; set it with ``antrian kiosk-pin set``
                if settings.get(key):
                    out.append("# kiosk_pin is set (stored hashed; change it with: antrian kiosk-pin set)")
                continue
            if key in settings:
                try:
                    out.append(f"{key} = {_toml(coerce(key, settings[key]))}")
                except (ValueError, TypeError) as e:
                    # Stored before the rules existed; the default applies meanwhile.
                    out.append(f"# {key}: the stored value is not valid ({_comment(str(e))}); the default applies")
        for v in services:
            out += ["", "[[services]]"]
            for key in ("code", "name_id", "name_en", "description_id", "description_en", "colour", "active",
                        "daily_quota", "target_wait_min", "target_service_min", "booking_quota", "requirements_id",
                        "requirements_en"):
                value = getattr(v, key)
                if value is not None and not (key.startswith("requirements_") and not value):
                    out.append(f"{key} = {_toml(value)}")
            if v.hours:
                out.append("[services.hours]")
                out += [f"{day} = {_toml(v.hours[day])}" for day in WEEKDAYS if day in v.hours]
        for c in counters:
            out += ["", "[[counters]]", f"number = {c.number}", f"name = {_toml(c.name)}",
                    f"services = {_toml([codes[cs.service_id] for cs in c.services])}",
                    f"call_rule = {_toml(c.call_rule)}", f"active = {_toml(c.active)}"]
        for o in officers:
            out += ["", "[[officers]]", f"username = {_toml(o.username)}", f"display_name = {_toml(o.display_name)}",
                    f"role = {_toml(o.role)}", f"active = {_toml(o.active)}"]
    return "\n".join(out) + "\n"


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _toml_char(ch: str) -> str:
    """One character inside a TOML basic string: escaped when TOML requires it."""
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    if ord(ch) < 0x20 or ord(ch) == 0x7F:
        return f"\\u{ord(ch):04X}"
    return ch


def _comment(text: str) -> str:
    """``text`` made safe for a one-line TOML comment."""
    return "".join(ch if ch.isprintable() else "?" for ch in text)


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return '"' + "".join(map(_toml_char, value)) + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")
