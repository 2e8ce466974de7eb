"""Site configuration (TOML): parsing and checking, applying (idempotent, all or nothing), export."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from sqlalchemy import select

from db import siteconfig
from db.database import Database
from db.errors import ConfigError
from db.models import Counter, Officer, Service, Setting
from db.passwords import verify_password
from db.settings import DEFAULTS
from tests.db.dbtools import apply_site

SAMPLE_TEXT = siteconfig.SAMPLE.read_text(encoding="utf-8")


def state(db: Database) -> dict[str, object]:
    """Everything the configuration touches, as plain data (officers with their hashes)."""
    with db.read() as s:
        return {
            "settings": {r.key: r.value for r in s.scalars(select(Setting))},
            "services": [
                {c.key: getattr(v, c.key) for c in Service.__table__.columns}
                for v in s.scalars(select(Service).order_by(Service.code))
            ],
            "counters": [
                ({c.key: getattr(x, c.key) for c in Counter.__table__.columns},
                 [(cs.service_id, cs.position) for cs in x.services])
                for x in s.scalars(select(Counter).order_by(Counter.number))
            ],
            "officers": [
                {c.key: getattr(o, c.key) for c in Officer.__table__.columns}
                for o in s.scalars(select(Officer).order_by(Officer.username))
            ],
        }


# -- the bundled sample ----------------------------------------------------------------------------


def test_sample_parses() -> None:
    cfg = siteconfig.load(siteconfig.SAMPLE)
    assert [v["code"] for v in cfg.services] == ["A", "B", "C", "D", "E", "F"]
    assert [v["sort_order"] for v in cfg.services] == [0, 1, 2, 3, 4, 5]
    assert cfg.services[0]["hours"]["fri"] == ["08:00", "14:30"]
    assert [(c["number"], c["services"], c["call_rule"]) for c in cfg.counters] == [
        (1, ["A", "B"], "service_order"), (2, ["C", "D", "B"], "service_order"), (3, ["E", "F", "A"], "longest_wait")]
    assert [o["username"] for o in cfg.officers] == ["admin", "supervisor", "siti", "budi", "agus"]
    assert cfg.settings["timezone"] == "Asia/Jakarta"
    assert set(cfg.settings) <= set(DEFAULTS)


def test_sample_takes_bookings_for_the_consultations() -> None:
    cfg = siteconfig.load(siteconfig.SAMPLE)
    assert [v["booking_quota"] for v in cfg.services] == [2, 2, 1, 1, 3, 4]
    assert all(v["requirements_id"] and v["requirements_en"] for v in cfg.services)
    assert {k: cfg.settings[k] for k in cfg.settings if k.startswith("booking_")} == {
        "booking_kiosk": True, "booking_early_minutes": 30, "booking_late_minutes": 15, "booking_slot_minutes": 30,
        "booking_retention_days": 30}


def test_booking_keys_round_trip(db_url: str) -> None:
    db = Database(db_url)
    apply_site(db, siteconfig.load(siteconfig.SAMPLE))
    with db.write() as s:
        a = s.scalar(select(Service).where(Service.code == "A"))
        assert a is not None
        a.booking_quota = None  # no limit: the key is left out
        a.requirements_id = 'NIB; laporan "CAPA"\nbaris dua'
    exported = siteconfig.export(db)
    assert "booking_quota = 4" in exported and "booking_slot_minutes = 30" in exported
    cfg = siteconfig.parse(exported)
    assert (cfg.services[0]["booking_quota"], cfg.services[0]["requirements_id"]) == (None, 'NIB; laporan "CAPA"\nbaris dua')
    assert cfg.services[5]["booking_quota"] == 4
    assert apply_site(db, cfg) == {"settings": 0, "services": 0, "counters": 0, "officers": 0}
    changed = exported.replace("booking_retention_days = 30", "booking_retention_days = 14").replace(
        "booking_quota = 4", "booking_quota = 0")
    assert apply_site(db, siteconfig.parse(changed)) == {"settings": 1, "services": 1, "counters": 0, "officers": 0}
    with db.read() as s:
        assert s.get(Setting, "booking_retention_days").value == 14  # type: ignore[union-attr]
        assert s.scalar(select(Service.booking_quota).where(Service.code == "F")) == 0
    too_long = exported.replace('requirements_en = "Company NIB; the CAPA', 'requirements_en = "' + "x" * 400 + "; the CAPA")
    with pytest.raises(ConfigError, match=r"services\[0\]\.requirements_en: .*at most 400 characters"):
        siteconfig.parse(too_long)
    db.dispose()


def test_apply_creates_everything(db_url: str) -> None:
    db = Database(db_url)
    changed = apply_site(db, siteconfig.load(siteconfig.SAMPLE))
    cfg = siteconfig.load(siteconfig.SAMPLE)
    assert changed == {"settings": len(cfg.settings), "services": 6, "counters": 3, "officers": 5}
    st = state(db)
    assert [v["code"] for v in st["services"]] == ["A", "B", "C", "D", "E", "F"]  # type: ignore[index]
    a = st["services"][0]  # type: ignore[index]
    assert (a["name_id"], a["daily_quota"], a["target_service_min"], a["active"]) == ("Desk CAPA", 60, 20, True)
    assert a["hours"]["mon"] == ["08:00", "15:00"]
    with db.read() as s:
        siti = s.scalar(select(Officer).where(Officer.username == "siti"))
        assert siti is not None and siti.display_name == "Siti Rahmawati" and siti.role == "officer"
        assert siti.password_hash.startswith("scrypt$") and "siti123" not in siti.password_hash
        assert verify_password("siti123", siti.password_hash)
        c2 = s.scalar(select(Counter).where(Counter.number == 2))
        codes = {v.id: v.code for v in s.scalars(select(Service))}
        assert c2 is not None and [codes[cs.service_id] for cs in c2.services] == ["C", "D", "B"]
    db.dispose()


def test_apply_twice_changes_nothing(db_url: str) -> None:
    db = Database(db_url)
    apply_site(db, siteconfig.load(siteconfig.SAMPLE))
    before = state(db)
    assert apply_site(db, siteconfig.load(siteconfig.SAMPLE)) == {
        "settings": 0, "services": 0, "counters": 0, "officers": 0}
    assert state(db) == before  # not even a password hash was rewritten
    db.dispose()


def test_apply_edits(db_url: str) -> None:
    db = Database(db_url)
    apply_site(db, siteconfig.load(siteconfig.SAMPLE))
    text = SAMPLE_TEXT.replace('name_id = "Diskusi Denah"', 'name_id = "Diskusi Denah Bangunan"')
    text = text.replace('services = ["C", "D", "B"]', 'services = ["B", "C", "D"]')
    text = text.replace('password = "siti123"', 'password = "changed-in-file"')
    text = text.replace('recent_calls = 8', 'recent_calls = 6')
    changed = apply_site(db, siteconfig.parse(text))
    assert changed == {"settings": 1, "services": 1, "counters": 1, "officers": 0}
    st = state(db)
    assert st["settings"]["recent_calls"] == 6  # type: ignore[index]
    assert st["services"][3]["name_id"] == "Diskusi Denah Bangunan"  # type: ignore[index]
    with db.read() as s:
        codes = {v.id: v.code for v in s.scalars(select(Service))}
        c2 = s.scalar(select(Counter).where(Counter.number == 2))
        assert c2 is not None and [codes[cs.service_id] for cs in c2.services] == ["B", "C", "D"]
        siti = s.scalar(select(Officer).where(Officer.username == "siti"))
        # passwords in the file are only for creating officers
        assert siti is not None and verify_password("siti123", siti.password_hash)
    db.dispose()


def test_missing_services_and_counters_are_deactivated_not_deleted(db_url: str) -> None:
    db = Database(db_url)
    apply_site(db, siteconfig.load(siteconfig.SAMPLE))
    small = """
[[services]]
code = "A"
name_id = "Desk CAPA"
name_en = "CAPA Desk"

[[counters]]
number = 1
services = ["A"]
"""
    changed = apply_site(db, siteconfig.parse(small))
    st = state(db)
    assert [(v["code"], v["active"]) for v in st["services"]] == [  # type: ignore[index]
        ("A", True), ("B", False), ("C", False), ("D", False), ("E", False), ("F", False)]
    assert [(c["number"], c["active"]) for c, _ in st["counters"]] == [(1, True), (2, False), (3, False)]  # type: ignore[index]
    assert len(st["officers"]) == 5  # type: ignore[arg-type]  # officers missing from the file are left alone
    assert changed["services"] == 6 and changed["counters"] == 3 and changed["officers"] == 0
    assert st["services"][0]["hours"] == {} and st["services"][0]["daily_quota"] is None  # type: ignore[index]
    # applying the whole sample again brings them back
    apply_site(db, siteconfig.load(siteconfig.SAMPLE))
    assert all(v["active"] for v in state(db)["services"])  # type: ignore[union-attr, index]
    db.dispose()


def test_failed_apply_changes_nothing(db_url: str) -> None:
    """An error while applying rolls back everything the same file had already written."""
    db = Database(db_url)
    apply_site(db, siteconfig.load(siteconfig.SAMPLE))
    before = state(db)
    text = SAMPLE_TEXT.replace('name_id = "Desk CAPA"', 'name_id = "Desk CAPA Baru"')
    text += '\n[[officers]]\nusername = "newbie"\ndisplay_name = "New"\n'  # new, no password
    with pytest.raises(ConfigError, match="officer 'newbie' is new and needs a password"):
        apply_site(db, siteconfig.parse(text))
    assert state(db) == before
    db.dispose()


# -- refusing bad files -------------------------------------------------------------------------------


def _line_of(text: str, needle: str, occurrence: int = 1) -> int:
    hits = [i + 1 for i, line in enumerate(text.splitlines()) if needle in line]
    return hits[occurrence - 1]


BAD_VALUES = [
    # (replace this, with this, occurrence of the replaced line, expected "where", message fragment)
    ('colour = "#2e7d32"', 'colour = "green"', "services[1].colour", "must be a colour"),
    ('code = "C"', 'code = "c"', "services[2].code", "1 to 3 capital letters"),
    ('code = "D"', 'code = "A"', "services[3].code", "'A' is used twice"),
    ('target_service_min = 30', 'target_service_min = 0', "services[3].target_service_min", "at least 1"),
    ('daily_quota = 80', 'daily_quota = "80"', "services[4].daily_quota", "whole number"),
    ('booking_quota = 3', 'booking_quota = -1', "services[4].booking_quota", "at least 0"),
    ('booking_quota = 3', 'booking_quota = "3"', "services[4].booking_quota", "whole number"),
    ('requirements_en = "Company NIB; the facility', 'requirements_en = 12 # "', "services[1].requirements_en",
     "must be text"),
    ('booking_slot_minutes = 30', 'booking_slot_minutes = "30"', "site.booking_slot_minutes", "whole number"),
    ('booking_kiosk = true', 'booking_kiosk = 1', "site.booking_kiosk", "true or false"),
    ('description_en = "Collecting issued certificates"', 'descripton_en = "x"', "services[5].descripton_en", "unknown key"),
    ('call_rule = "longest_wait"', 'call_rule = "random"', "counters[2].call_rule", "service_order, longest_wait"),
    ('services = ["C", "D", "B"]', 'services = ["C", "X"]', "counters[1].services", "unknown service 'X'"),
    ('services = ["A", "B"]', 'services = []', "counters[0].services", "at least one service"),
    ('services = ["E", "F", "A"]', 'services = ["E", "E"]', "counters[2].services", "lists a service twice"),
    ('number = 3', 'number = 2', "counters[2].number", "declared twice"),
    ('username = "budi"', 'username = "Budi Santoso"', "officers[3].username", "lower-case"),
    ('role = "supervisor"', 'role = "boss"', "officers[1].role", "officer, supervisor, admin"),
    ('password = "agus123"', 'password = "ag"', "officers[4].password", "at least 4 characters"),
    ('language = "id"', 'languag = "id"', "site.languag", "unknown setting 'languag'"),
    ('timezone = "Asia/Jakarta"', 'timezone = "Asia/Atlantis"', "site.timezone", "unknown time zone"),
    ('day_reset = "00:00"', 'day_reset = "midnight"', "site.day_reset", "not a time"),
    ('recent_calls = 8', 'recent_calls = "8"', "site.recent_calls", "whole number"),
    ('priority_enabled = true', 'priority_enabled = "yes"', "site.priority_enabled", "true or false"),
]


@pytest.mark.parametrize(("old", "new", "where", "message"), BAD_VALUES, ids=[b[2] for b in BAD_VALUES])
def test_bad_value_names_key_and_line(old: str, new: str, where: str, message: str) -> None:
    assert old in SAMPLE_TEXT
    text = SAMPLE_TEXT.replace(old, new, 1)
    line = SAMPLE_TEXT[: SAMPLE_TEXT.index(old)].count("\n") + 1  # the changed line
    with pytest.raises(ConfigError) as info:
        siteconfig.parse(text, "site.toml")
    msg = str(info.value)
    assert msg.startswith(f"site.toml: {where}: ")
    assert message in msg
    assert msg.endswith(f"(line {line})"), msg
    assert "\n" not in msg


HOURS_BAD = [
    ('fri = ["08:00", "14:30"]', 'fri = ["14:30", "08:00"]', "before closing time"),
    ('wed = ["08:00", "15:00"]', 'wed = ["08:00", "25:00"]', "is not a time"),
    ('thu = ["08:00", "15:00"]', 'thu = ["08:00"]', 'must be ["HH:MM", "HH:MM"]'),
    ('tue = ["08:00", "15:00"]', 'tues = ["08:00", "15:00"]', "unknown weekday"),
]


@pytest.mark.parametrize(("old", "new", "message"), HOURS_BAD)
def test_bad_opening_hours(old: str, new: str, message: str) -> None:
    # change the third service's hours (the sample repeats the same hours per service)
    lines = SAMPLE_TEXT.splitlines()
    target = [i for i, line in enumerate(lines) if line == old][2]
    lines[target] = new
    text = "\n".join(lines) + "\n"
    with pytest.raises(ConfigError) as info:
        siteconfig.parse(text)
    msg = str(info.value)
    day = new.split(" ")[0]
    assert f"services[2].hours.{day}:" in msg and message in msg
    assert msg.endswith(f"(line {target + 1})"), msg


def test_malformed_toml_names_the_line() -> None:
    text = SAMPLE_TEXT.replace('name_en = "Floor Plan Discussion"', 'name_en = "Floor Plan Discussion')
    line = _line_of(text, 'name_en = "Floor Plan Discussion')
    with pytest.raises(ConfigError) as info:
        siteconfig.parse(text, "office.toml")
    msg = str(info.value)
    assert msg.startswith("office.toml: not valid TOML")
    assert re.search(rf"line {line}\b", msg), msg


@pytest.mark.parametrize(
    ("text", "where", "line"),
    [
        ('[site]\nsite_name = "x"\n\n[sevices]\ncode = "A"\n', "sevices", 4),
        ('site_name = "top level"\n', "site_name", 1),
        ('[site]\nsite_name = "x"\n\n[services]\ncode = "A"\n', "services", 4),
        ('site = 5\n', "site", 1),
    ],
)
def test_misplaced_sections(text: str, where: str, line: int) -> None:
    with pytest.raises(ConfigError) as info:
        siteconfig.parse(text)
    msg = str(info.value)
    assert msg.startswith(f"config: {where}: "), msg
    assert msg.endswith(f"(line {line})"), msg


def test_missing_required_keys() -> None:
    with pytest.raises(ConfigError, match=r"services\[0\]\.name_en: is required text \(line 1\)"):
        siteconfig.parse('[[services]]\ncode = "A"\nname_id = "Desk"\n')
    with pytest.raises(ConfigError, match=r"counters\[0\]\.number: must be a whole number"):
        siteconfig.parse('[[services]]\ncode = "A"\nname_id = "a"\nname_en = "a"\n[[counters]]\nservices = ["A"]\n')


def test_bad_file_applies_nothing(db_url: str, tmp_path: Path) -> None:
    db = Database(db_url)
    apply_site(db, siteconfig.load(siteconfig.SAMPLE))
    before = state(db)
    bad = tmp_path / "site.toml"
    # good edits first, the fault near the end: still nothing may be applied
    bad.write_text(SAMPLE_TEXT.replace("Desk CAPA", "Desk CAPA 2")
                   .replace('password = "agus123"', 'password = 123'), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"officers\[4\]\.password"):
        apply_site(db, siteconfig.load(bad))
    assert state(db) == before
    db.dispose()


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        siteconfig.load(tmp_path / "missing.toml")
    latin = tmp_path / "latin.toml"
    latin.write_bytes('[site]\nsite_name = "Caf\xe9"\n'.encode("latin-1"))
    with pytest.raises(ConfigError, match="not UTF-8"):
        siteconfig.load(latin)


# -- export -----------------------------------------------------------------------------------------


def test_export_parse_apply_round_trip(db_url: str) -> None:
    db = Database(db_url)
    apply_site(db, siteconfig.load(siteconfig.SAMPLE))
    before = state(db)
    exported = siteconfig.export(db)
    tomllib.loads(exported)  # valid TOML
    again = siteconfig.parse(exported, "exported.toml")
    original = siteconfig.load(siteconfig.SAMPLE)
    assert again.settings == original.settings
    assert again.services == original.services
    assert again.counters == original.counters
    by_name = sorted(original.officers, key=lambda o: o["username"])  # exported by username
    assert again.officers == [dict(o, password=None) for o in by_name]  # passwords are never exported
    assert "password" not in exported and "scrypt" not in exported
    assert apply_site(db, again) == {"settings": 0, "services": 0, "counters": 0, "officers": 0}
    assert state(db) == before
    # an exported file, edited, applies like any other
    edited = exported.replace('site_name = "Direktorat Pengawasan Produksi Obat"', 'site_name = "Balai Besar"')
    assert apply_site(db, siteconfig.parse(edited))["settings"] == 1
    db.dispose()


def test_export_keeps_tricky_text(db_url: str) -> None:
    db = Database(db_url)
    apply_site(db, siteconfig.load(siteconfig.SAMPLE))
    tricky = 'Tidak dipungut "biaya" \\ gratis\nBaris dua — ✓'
    with db.write() as s:
        s.get(Setting, "ticket_footer").value = tricky  # type: ignore[union-attr]
        svc = s.scalar(select(Service).where(Service.code == "B"))
        assert svc is not None
        svc.active = False
        svc.daily_quota = None
        svc.hours = {}
    exported = siteconfig.export(db)
    cfg = siteconfig.parse(exported)
    assert cfg.settings["ticket_footer"] == tricky
    b = cfg.services[1]
    assert (b["code"], b["active"], b["daily_quota"], b["hours"]) == ("B", False, None, {})
    assert apply_site(db, cfg) == {"settings": 0, "services": 0, "counters": 0, "officers": 0}
    db.dispose()


def test_export_into_a_new_database_needs_passwords(db_url: str, tmp_path: Path, new_db_url) -> None:  # type: ignore[no-untyped-def]
    source = Database(db_url)
    apply_site(source, siteconfig.load(siteconfig.SAMPLE))
    exported = siteconfig.export(source)
    source.dispose()
    target = Database(new_db_url())
    with pytest.raises(ConfigError, match="officer 'admin' is new and needs a password"):
        apply_site(target, siteconfig.parse(exported))
    assert state(target) == {"settings": {}, "services": [], "counters": [], "officers": []}
    target.dispose()
