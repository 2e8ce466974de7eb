"""The one set of input rules: the command line, the site file and the supervisor console.

Every value a person types is checked here before any write, so the database never sees
a name longer than its column, a number outside PostgreSQL's ``integer`` (int4) or a
control character that would make the exported site file invalid TOML. A failed check
raises :class:`InvalidValue` (an :class:`~db.errors.AntrianError` and a ``ValueError``)
whose message names the field and the allowed range, fit to show as it is.
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import InstrumentedAttribute

from db.errors import AntrianError
from db.models import Counter, Officer, Service

INT4_MIN = -(2**31)
INT4_MAX = 2**31 - 1



def _length(column: InstrumentedAttribute[Any]) -> int:
    """The declared length of a ``String(n)`` column."""
    kind = column.type
    assert isinstance(kind, String) and kind.length is not None
    return kind.length


# Column lengths come from the schema itself, so a rule can never drift from its column.
USERNAME_MAX = _length(Officer.username)
DISPLAY_NAME_MAX = _length(Officer.display_name)
SERVICE_NAME_MAX = _length(Service.name_id)
SERVICE_DESCRIPTION_MAX = _length(Service.description_id)
COUNTER_NAME_MAX = _length(Counter.name)
PAUSE_REASON_MAX = _length(Counter.pause_reason)
PASSWORD_MIN = 4
PASSWORD_MAX = 1024  # scrypt takes any length; a bound keeps a pasted file out

USERNAME_RE = re.compile(rf"^[a-z0-9_.-]{{2,{USERNAME_MAX}}}$")
SERVICE_CODE_RE = re.compile(r"^[A-Z]{1,3}$")
COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
ROLES = ("officer", "supervisor", "admin")
CALL_RULES = ("service_order", "longest_wait")
TEMPLATE_FIELDS = ("number", "counter", "counter_name", "service")


class InvalidValue(AntrianError, ValueError):
    """A value breaks one of the input rules; the message says which and what is allowed.

    ``detail`` is the message without the field's name ("must be at least 1 …"), for
    callers that name the field themselves (the site file: ``services[0].colour: …``).
    """

    def __init__(self, what: str, detail: str) -> None:
        super().__init__(f"{what} {detail}" if what else detail)
        self.detail = detail


def whole_number(what: str, value: Any, low: int = INT4_MIN, high: int = INT4_MAX) -> int:
    """``value`` as an int in ``low..high`` (both within int4), else :class:`InvalidValue`."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValue(what, "must be a whole number")
    if value < low:
        raise InvalidValue(what, f"must be at least {low} (and at most {high}), not {_short(value)}")
    if value > high:
        raise InvalidValue(what, f"must be at most {high}, not {_short(value)}")
    return value


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 24 else text[:20] + "…"


def text(what: str, value: Any, max_len: int, *, min_len: int = 0, multiline: bool = False) -> str:
    """Text of ``min_len..max_len`` characters without control characters.

    ``multiline`` allows line breaks and tabs (descriptions, the ticket footer); every
    other control character is refused, since it cannot be shown or printed sensibly.
    """
    if not isinstance(value, str):
        raise InvalidValue(what, "must be text")
    if len(value) > max_len:
        raise InvalidValue(what, f"must have at most {max_len} characters, not {len(value)}")
    if len(value) < min_len:
        raise InvalidValue(what, "must not be empty" if min_len == 1
                           else f"must have at least {min_len} characters")
    allowed = "\n\t" if multiline else ""
    for ch in value:
        if ch not in allowed and unicodedata.category(ch) == "Cc":
            raise InvalidValue(what, f"must not contain control characters (found U+{ord(ch):04X})")
    return value


def counter_number(value: Any) -> int:
    """A counter (*loket*) number: 1 up to the largest int4."""
    return whole_number("the counter number", value, 1, INT4_MAX)


def parse_counter_number(raw: str) -> int:
    """A counter number typed on a command line (``--counter N``)."""
    try:
        value = int(raw.strip())
    except (ValueError, AttributeError):
        raise InvalidValue("the counter number", f"must be a whole number, not '{_short(raw)}'") from None
    return counter_number(value)


def username(value: Any) -> str:
    """An officer's sign-in name: 2-60 lower-case letters, digits, '.', '_' or '-'."""
    if not isinstance(value, str) or not USERNAME_RE.match(value):
        raise InvalidValue("the username", f"must be 2-{USERNAME_MAX} lower-case letters, digits, '.', '_' or '-'")
    return value


def display_name(value: Any) -> str:
    """An officer's name as shown on screen: 1-120 characters, one line."""
    return text("the display name", value.strip() if isinstance(value, str) else value,
                DISPLAY_NAME_MAX, min_len=1)


def password(value: Any) -> str:
    """A new password: at least 4 characters."""
    if not isinstance(value, str) or len(value) < PASSWORD_MIN:
        raise InvalidValue("the password", f"must have at least {PASSWORD_MIN} characters")
    if len(value) > PASSWORD_MAX:
        raise InvalidValue("the password", f"must have at most {PASSWORD_MAX} characters")
    return value


def _one_of(what: str, value: Any, allowed: tuple[str, ...]) -> str:
    """``value`` if it is one of ``allowed``, else :class:`InvalidValue` listing them."""
    if value not in allowed:
        raise InvalidValue(what, f"must be one of {', '.join(allowed)}")
    return str(value)


def role(value: Any) -> str:
    """An officer's role."""
    return _one_of("the role", value, ROLES)


def service_code(value: Any) -> str:
    """A service code, the ticket prefix: 1 to 3 capital letters."""
    if not isinstance(value, str) or not SERVICE_CODE_RE.match(value):
        raise InvalidValue("the service code", "must be 1 to 3 capital letters (the ticket prefix)")
    return value


def colour(value: Any) -> str:
    """A colour like ``#1565c0``."""
    if not isinstance(value, str) or not COLOUR_RE.match(value):
        raise InvalidValue("the colour", 'must be a colour like "#1565c0"')
    return value


def call_rule(value: Any) -> str:
    """A counter's call rule."""
    return _one_of("the call rule", value, CALL_RULES)


def counter_name(value: Any) -> str:
    """A counter's name as shown and announced."""
    return text("the counter name", value, COUNTER_NAME_MAX, min_len=1)


def service_name(what: str, value: Any) -> str:
    """A service's Indonesian or English name (leading and trailing blanks are dropped)."""
    return text(what, value.strip() if isinstance(value, str) else value, SERVICE_NAME_MAX, min_len=1)


def service_description(what: str, value: Any) -> str:
    """A service's description (may span lines)."""
    return text(what, value, SERVICE_DESCRIPTION_MAX, multiline=True)


def daily_quota(value: Any) -> int:
    """Tickets a service issues per day at most."""
    return whole_number("the daily quota", value, 1, 100_000)


def target_minutes(what: str, value: Any) -> int:
    """A target waiting or service time in minutes (at most a day)."""
    return whole_number(what, value, 1, 24 * 60)


def pause_reason(value: Any) -> str:
    """Why a counter is paused."""
    return text("the pause reason", value, PAUSE_REASON_MAX)


# -- rules for the site settings (db.settings declares one per setting) ------------------


@dataclass(frozen=True)
class Whole:
    """A whole number in ``low..high``."""

    low: int
    high: int

    def check(self, what: str, value: Any) -> Any:
        """Raise :class:`InvalidValue` unless ``value`` fits."""
        return whole_number(what, value, self.low, self.high)


@dataclass(frozen=True)
class Text:
    """Text of ``min_len..max_len`` characters; ``multiline`` allows line breaks."""

    max_len: int
    min_len: int = 0
    multiline: bool = False

    def check(self, what: str, value: Any) -> Any:
        """Raise :class:`InvalidValue` unless ``value`` fits."""
        return text(what, value, self.max_len, min_len=self.min_len, multiline=self.multiline)


@dataclass(frozen=True)
class Choice:
    """One of a fixed set of values."""

    choices: tuple[Any, ...]

    def check(self, what: str, value: Any) -> Any:
        """Raise :class:`InvalidValue` unless ``value`` is one of the choices."""
        if isinstance(value, bool) != isinstance(self.choices[0], bool) or value not in self.choices:
            raise InvalidValue(what, f"must be one of {', '.join(map(str, self.choices))}")
        return value


@dataclass(frozen=True)
class Flag:
    """True or false."""

    def check(self, what: str, value: Any) -> Any:
        """Raise :class:`InvalidValue` unless ``value`` is a bool."""
        if not isinstance(value, bool):
            raise InvalidValue(what, "must be true or false")
        return value


@dataclass(frozen=True)
class Subset:
    """A non-empty list of distinct values out of ``choices``."""

    choices: tuple[str, ...]

    def check(self, what: str, value: Any) -> Any:
        """Raise :class:`InvalidValue` unless ``value`` is such a list."""
        if (not isinstance(value, list) or not value or len(set(map(str, value))) != len(value)
                or any(v not in self.choices for v in value)):
            raise InvalidValue(what, f"must list one or more of {', '.join(self.choices)}, each once")
        return value


@dataclass(frozen=True)
class Clock:
    """A time of day ``HH:MM``."""

    def check(self, what: str, value: Any) -> Any:
        """Raise :class:`InvalidValue` unless ``value`` is a time like ``08:00``."""
        from db.sitetime import parse_hhmm

        try:
            if not isinstance(value, str):
                raise ValueError
            parse_hhmm(value)
        except ValueError:
            raise InvalidValue(what, f"must be a time like \"08:00\" ('{_short(value)}' is not a time)") from None
        return value


@dataclass(frozen=True)
class Day:
    """A date written ``YYYY-MM-DD``, or "" for none."""

    def check(self, what: str, value: Any) -> Any:
        """Raise :class:`InvalidValue` unless ``value`` is "" or a date like ``2026-12-01``."""
        from datetime import date

        try:
            if not isinstance(value, str) or (value and date.fromisoformat(value).isoformat() != value):
                raise ValueError
        except ValueError:
            raise InvalidValue(what, f"must be a date like \"2026-12-01\" ('{_short(value)}' is not)") from None
        return value


@dataclass(frozen=True)
class Zone:
    """An IANA time zone name."""

    def check(self, what: str, value: Any) -> Any:
        """Raise :class:`InvalidValue` unless ``value`` names a known time zone."""
        from zoneinfo import ZoneInfo

        text(what, value, 64, min_len=1)
        try:
            ZoneInfo(value)
        except Exception:
            raise InvalidValue("", f"unknown time zone '{_short(value)}'") from None
        return value


@dataclass(frozen=True)
class Template:
    """An announcement template: text whose ``{fields}`` are only the known ones."""

    max_len: int = 300

    def check(self, what: str, value: Any) -> Any:
        """Raise :class:`InvalidValue` unless ``value`` is a usable template."""
        text(what, value, self.max_len, min_len=1)
        try:
            fields = [f for _, f, _, _ in string.Formatter().parse(value) if f is not None]
        except ValueError as e:
            raise InvalidValue(what, f"is not a valid template ({e}); write braces as {{{{ and }}}}") from None
        unknown = [f for f in fields if f not in TEMPLATE_FIELDS]
        if unknown:
            raise InvalidValue(what, f"has an unknown field {{{unknown[0]}}} (allowed: "
                               + ", ".join("{" + f + "}" for f in TEMPLATE_FIELDS) + ")")
        return value

