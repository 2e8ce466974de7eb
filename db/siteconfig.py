"""Site configuration as a TOML file: settings, services, counters and officers.

``load`` checks the whole file before anything is written; ``apply`` writes it in one
transaction (all or nothing) and is idempotent; ``export`` writes the current one back.
Services and counters missing from the file are deactivated, never deleted (their
tickets stay in the history); officers missing from it are left alone.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from db import access
from db import validation as rules
from db.database import Database
from db.errors import ConfigError
from db.feed import announce_data_changed
from db.models import Counter, CounterService, Officer, Service, Setting
from db.passwords import hash_password, is_hash, verify_password
from db.settings import DEFAULTS, coerce
from db.sitetime import WEEKDAYS, parse_hhmm

SAMPLE = Path(__file__).with_name("sample_site.toml")


_SERVICE_KEYS = {
    "code", "name_id", "name_en", "description_id", "description_en", "colour", "active",
    "hours", "daily_quota", "target_wait_min", "target_service_min",
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

    def fail(self, where: str, message: str, table: str | None = None, index: int | None = None, key: str | None = None) -> None:
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
    cfg = SiteConfig()
    unknown_top = set(data) - {"site", "services", "counters", "officers"}
    if unknown_top:
        key = sorted(unknown_top)[0]
        chk.fail(key, "unknown section (expected site, services, counters, officers)", key, None, None)

    site = data.get("site", {})
    if not isinstance(site, dict):
        chk.fail("site", "must be written as a [site] table", "site", None, None)
    for key, value in site.items():
        try:
            cfg.settings[key] = coerce(key, value)
        except ValueError as e:
            chk.fail(f"site.{key}", str(e), "site", None, key)
    pin = str(cfg.settings.get("kiosk_pin", "")).strip()
    if pin and not is_hash(pin) and access.pin_problem(pin):
        chk.fail("site.kiosk_pin", f"{access.pin_problem(pin)} (it is stored hashed)", "site", None, "kiosk_pin")

    codes: set[str] = set()
    for i, svc in enumerate(_table_list(chk, data, "services")):
        where = f"services[{i}]"
        _check_keys(chk, svc, _SERVICE_KEYS, where, "services", i)
        for req in ("code", "name_id", "name_en"):
            if not isinstance(svc.get(req), str) or not svc[req].strip():
                chk.fail(f"{where}.{req}", "is required text", "services", i, req if req in svc else None)
        _rule(chk, svc, "code", rules.service_code, where, "services", i)
        for key in ("name_id", "name_en"):
            _rule(chk, svc, key, lambda v, k=key: rules.service_name(k, v), where, "services", i)
        for key in ("description_id", "description_en"):
            _rule(chk, svc, key, lambda v, k=key: rules.service_description(k, v), where, "services", i)
        if svc["code"] in codes:
            chk.fail(f"{where}.code", f"'{svc['code']}' is used twice", "services", i, "code")
        codes.add(svc["code"])
        colour = svc.get("colour", "#1565c0")
        _rule(chk, svc, "colour", rules.colour, where, "services", i)
        _rule(chk, svc, "daily_quota", rules.daily_quota, where, "services", i)
        for num in ("target_wait_min", "target_service_min"):
            _rule(chk, svc, num, lambda v, k=num: rules.target_minutes(k, v), where, "services", i)
        hours = svc.get("hours", {})
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
        if "active" in svc and not isinstance(svc["active"], bool):
            chk.fail(f"{where}.active", "must be true or false", "services", i, "active")
        cfg.services.append(
            {
                "code": svc["code"], "name_id": svc["name_id"].strip(), "name_en": svc["name_en"].strip(),
                "description_id": svc.get("description_id", ""), "description_en": svc.get("description_en", ""),
                "colour": colour, "active": svc.get("active", True), "hours": hours,
                "daily_quota": svc.get("daily_quota"), "target_wait_min": svc.get("target_wait_min", 30),
                "target_service_min": svc.get("target_service_min", 15), "sort_order": i,
            }
        )

    numbers: set[int] = set()
    for i, ctr in enumerate(_table_list(chk, data, "counters")):
        where = f"counters[{i}]"
        _check_keys(chk, ctr, _COUNTER_KEYS, where, "counters", i)
        number = ctr.get("number")
        if "number" not in ctr:
            chk.fail(f"{where}.number", "must be a whole number of at least 1 (it is required)", "counters", i, None)
        _rule(chk, ctr, "number", rules.counter_number, where, "counters", i)
        _rule(chk, ctr, "name", rules.counter_name, where, "counters", i)
        if number in numbers:
            chk.fail(f"{where}.number", f"counter {number} is declared twice", "counters", i, "number")
        numbers.add(number)
        served = ctr.get("services", [])
        if not isinstance(served, list) or not served:
            chk.fail(f"{where}.services", "must list at least one service code", "counters", i, "services")
        for code in served:
            if code not in codes:
                chk.fail(f"{where}.services", f"unknown service '{code}'", "counters", i, "services")
        if len(set(served)) != len(served):
            chk.fail(f"{where}.services", "lists a service twice", "counters", i, "services")
        rule = ctr.get("call_rule", "service_order")
        _rule(chk, ctr, "call_rule", rules.call_rule, where, "counters", i)
        if "active" in ctr and not isinstance(ctr["active"], bool):
            chk.fail(f"{where}.active", "must be true or false", "counters", i, "active")
        cfg.counters.append(
            {"number": number, "name": str(ctr.get("name") or f"Loket {number}"), "services": served,
             "call_rule": rule, "active": bool(ctr.get("active", True))}
        )

    names: set[str] = set()
    for i, off in enumerate(_table_list(chk, data, "officers")):
        where = f"officers[{i}]"
        _check_keys(chk, off, _OFFICER_KEYS, where, "officers", i)
        username = off.get("username")
        if "username" not in off:
            chk.fail(f"{where}.username", "is required", "officers", i, None)
        _rule(chk, off, "username", rules.username, where, "officers", i)
        _rule(chk, off, "display_name", rules.display_name, where, "officers", i)
        if username in names:
            chk.fail(f"{where}.username", f"'{username}' is declared twice", "officers", i, "username")
        names.add(username)
        role = off.get("role", "officer")
        _rule(chk, off, "role", rules.role, where, "officers", i)
        pw = off.get("password")
        _rule(chk, off, "password", rules.password, where, "officers", i)
        if "active" in off and not isinstance(off["active"], bool):
            chk.fail(f"{where}.active", "must be true or false", "officers", i, "active")
        cfg.officers.append(
            {"username": username, "display_name": (off.get("display_name") or username).strip(), "role": role,
             "password": pw, "active": bool(off.get("active", True))}
        )
    return cfg


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


def apply(db: Database, cfg: SiteConfig) -> dict[str, int]:
    """Write a checked configuration in one transaction; return counts of what changed."""
    changed = {"settings": 0, "services": 0, "counters": 0, "officers": 0}
    with db.write() as s:
        for key, value in cfg.settings.items():
            row = s.get(Setting, key)
            if key == "kiosk_pin":
                value = _kiosk_pin_value(value, row.value if row is not None else "")
            if row is None:
                s.add(Setting(key=key, value=value))
                changed["settings"] += 1
            elif row.value != value:
                row.value = value
                changed["settings"] += 1

        services = {v.code: v for v in s.scalars(select(Service))}
        if cfg.services:
            for v in services.values():
                if v.code not in {c["code"] for c in cfg.services} and v.active:
                    v.active = False
                    changed["services"] += 1
        for spec in cfg.services:
            row = services.get(spec["code"])
            if row is None:
                row = Service(**spec)
                s.add(row)
                services[spec["code"]] = row
                changed["services"] += 1
            elif _update(row, spec):
                changed["services"] += 1
        s.flush()

        counters = {c.number: c for c in s.scalars(select(Counter))}
        if cfg.counters:
            for c in counters.values():
                if c.number not in {spec["number"] for spec in cfg.counters} and c.active:
                    c.active = False
                    changed["counters"] += 1
        for spec in cfg.counters:
            served = [services[code].id for code in spec["services"]]
            row = counters.get(spec["number"])
            plain = {k: v for k, v in spec.items() if k != "services"}
            if row is None:
                row = Counter(**plain, paused=False)
                s.add(row)
                s.flush()
                dirty = True
            else:
                dirty = _update(row, plain)
            if [cs.service_id for cs in row.services] != served:
                row.services.clear()
                s.flush()
                row.services.extend(CounterService(service_id=sid, position=p) for p, sid in enumerate(served))
                dirty = True
            changed["counters"] += int(dirty)

        officers = {o.username: o for o in s.scalars(select(Officer))}
        for spec in cfg.officers:
            row = officers.get(spec["username"])
            plain = {k: v for k, v in spec.items() if k != "password"}
            if row is None:
                if not spec["password"]:
                    raise ConfigError(f"officer '{spec['username']}' is new and needs a password")
                s.add(Officer(**plain, password_hash=hash_password(spec["password"])))
                changed["officers"] += 1
            elif _update(row, plain):
                changed["officers"] += 1
        if any(changed.values()):
            announce_data_changed(s)
    return changed


def _kiosk_pin_value(given: str, stored: object) -> str:
    """The kiosk PIN as stored: always hashed. The PIN already stored keeps its hash (no change)."""
    given = given.strip()
    if given and not is_hash(given) and isinstance(stored, str) and is_hash(stored) and verify_password(given, stored):
        return stored
    return access.stored_pin(given)


def _update(row: object, values: dict[str, Any]) -> bool:
    dirty = False
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)
            dirty = True
    return dirty


def export(db: Database) -> str:
    """The current configuration as TOML text (officers without passwords)."""
    with db.read() as s:
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
                        "daily_quota", "target_wait_min", "target_service_min"):
                value = getattr(v, key)
                if value is not None:
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
