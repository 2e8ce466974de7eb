"""Property: any site the rules accept exports to a file ``config apply`` accepts, and
applying that export changes nothing that a second export would show.

Random valid sites (settings, services, counters, officers with awkward but allowed
text: quotes, backslashes, line breaks in descriptions, any printable Unicode) are
applied to one real database per backend, one after another, so earlier sites'
deactivated services and counters are part of every later export too.
"""

from __future__ import annotations

import tomllib
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import update

from db import siteconfig, validation
from db.database import Database
from db.models import Officer
from db.settings import RULES
from db.siteconfig import _toml


def _text(max_len: int, *, min_len: int = 0, multiline: bool = False) -> st.SearchStrategy[str]:
    """Any printable text the rules allow: no control characters (but line breaks and tabs
    when ``multiline``), quotes, backslashes and every script included."""
    alphabet = st.characters(exclude_categories=("Cc", "Cs"), include_characters="\n\t" if multiline else "")
    strategy = st.text(alphabet, min_size=min_len, max_size=min(max_len, 30))
    if min_len:
        strategy = strategy.map(str.strip).filter(bool)
    return strategy


def _setting(rule: Any) -> st.SearchStrategy[Any]:
    if isinstance(rule, validation.Whole):
        return st.integers(rule.low, rule.high)
    if isinstance(rule, validation.Text):
        return _text(rule.max_len, min_len=rule.min_len, multiline=rule.multiline)
    if isinstance(rule, validation.Choice):
        return st.sampled_from(rule.choices)
    if isinstance(rule, validation.Flag):
        return st.booleans()
    if isinstance(rule, validation.Subset):
        return st.lists(st.sampled_from(rule.choices), min_size=1, unique=True)
    if isinstance(rule, validation.Clock):
        return st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 23), st.integers(0, 59))
    if isinstance(rule, validation.Day):
        return st.one_of(st.just(""), st.dates().map(lambda d: d.isoformat()))
    if isinstance(rule, validation.Zone):
        return st.sampled_from(["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura", "UTC"])
    if isinstance(rule, validation.Template):
        words = _text(20).map(lambda s: s.replace("{", "{{").replace("}", "}}"))
        fields = st.sampled_from(["{" + f + "}" for f in validation.TEMPLATE_FIELDS])
        return st.lists(st.one_of(words, fields), min_size=1, max_size=5).map("".join).filter(bool)
    raise AssertionError(f"no strategy for {rule!r}")


# The kiosk PIN is stored hashed and never exported: it cannot round-trip by design.
SETTINGS = st.fixed_dictionaries({}, optional={k: _setting(r) for k, r in RULES.items() if k != "kiosk_pin"})

HOURS = st.dictionaries(
    st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]),
    st.tuples(st.integers(0, 11), st.integers(12, 23)).map(lambda t: [f"{t[0]:02d}:00", f"{t[1]:02d}:30"]),
    max_size=3,
)


@st.composite
def sites(draw: st.DrawFn) -> dict[str, Any]:
    """A site file's contents that every rule accepts."""
    codes = draw(st.lists(st.sampled_from(["A", "B", "C", "DK", "XYZ"]), min_size=1, max_size=4, unique=True))
    services = []
    for code in codes:
        svc = {"code": code, "name_id": draw(_text(120, min_len=1)), "name_en": draw(_text(120, min_len=1)),
               "description_id": draw(_text(400, multiline=True)), "description_en": draw(_text(400, multiline=True)),
               "colour": draw(st.from_regex(r"\A#[0-9a-f]{6}\Z")), "active": draw(st.booleans()),
               "target_wait_min": draw(st.integers(1, 1440)), "target_service_min": draw(st.integers(1, 1440))}
        if draw(st.booleans()):
            svc["daily_quota"] = draw(st.integers(1, 100_000))
        if draw(st.booleans()):
            svc["booking_quota"] = draw(st.integers(0, 100_000))
        if draw(st.booleans()):
            svc["requirements_id"] = draw(_text(400, multiline=True))
            svc["requirements_en"] = draw(_text(400, multiline=True))
        hours = draw(HOURS)
        if hours:
            svc["hours"] = hours
        services.append(svc)
    counters = []
    for number in draw(st.lists(st.integers(1, validation.INT4_MAX), max_size=3, unique=True)):
        counters.append({"number": number, "name": draw(_text(80, min_len=1)),
                         "services": draw(st.lists(st.sampled_from(codes), min_size=1, unique=True)),
                         "call_rule": draw(st.sampled_from(validation.CALL_RULES)), "active": draw(st.booleans())})
    officers = []
    for name in draw(st.lists(st.from_regex(r"\A[a-z0-9_.-]{2,12}\Z"), max_size=3, unique=True)):
        officers.append({"username": name, "display_name": draw(_text(120, min_len=1)),
                         "role": draw(st.sampled_from(validation.ROLES)), "password": "rahasia1",
                         "active": draw(st.booleans())})
    return {"site": draw(SETTINGS), "services": services, "counters": counters, "officers": officers}


def apply_in_set_up(db: Database, cfg: siteconfig.SiteConfig) -> None:
    """Apply as the set-up of a database without an active administrator: the generated sites
    make, demote and disable administrators at random, which this property is not about
    (who may apply a site file is tested in tests/db/test_admin.py)."""
    with db.write() as s:
        s.execute(update(Officer).where(Officer.role == "admin").values(active=False))
    siteconfig.apply(db, cfg)


def to_toml(site: dict[str, Any]) -> str:
    """Write a generated site as a TOML file (the way a person would)."""
    out = ["[site]"] + [f"{k} = {_toml(v)}" for k, v in site["site"].items()]
    for table in ("services", "counters", "officers"):
        for row in site[table]:
            out += ["", f"[[{table}]]"] + [f"{k} = {_toml(v)}" for k, v in row.items() if k != "hours"]
            if row.get("hours"):
                out += ["[services.hours]"] + [f"{d} = {_toml(span)}" for d, span in row["hours"].items()]
    return "\n".join(out) + "\n"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(site=sites())
def test_export_always_applies_and_is_stable(db_url: str, site: dict[str, Any]) -> None:
    db = Database(db_url)
    try:
        apply_in_set_up(db, siteconfig.parse(to_toml(site), "generated.toml"))
        first = siteconfig.export(db)
        tomllib.loads(first)  # valid TOML, whatever the names hold
        apply_in_set_up(db, siteconfig.parse(first, "exported.toml"))  # config apply accepts it
        assert siteconfig.export(db) == first
        # what was applied is what is exported
        data = tomllib.loads(first)
        exported = {s["code"]: s for s in data["services"]}
        for svc in site["services"]:
            assert exported[svc["code"]]["name_id"] == svc["name_id"]
            assert exported[svc["code"]]["description_id"] == svc["description_id"]
            assert exported[svc["code"]].get("booking_quota") == svc.get("booking_quota")
            assert exported[svc["code"]].get("requirements_en", "") == svc.get("requirements_en", "")
        names = {o["username"]: o["display_name"] for o in data.get("officers", [])}
        for off in site["officers"]:
            assert names[off["username"]] == off["display_name"]
        for key, value in site["site"].items():
            assert data["site"][key] == value, key
    finally:
        db.dispose()
