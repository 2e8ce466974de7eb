"""Administration from the console (db.admin): reads, saves with conflict detection, refusals, roles."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from db import access, admin, audit, queue, roles, siteconfig
from db.database import Database
from db.errors import AntrianError, AuthError, ConfigError, EditConflict, InvalidState, LockedOut, NotFound, NotPermitted
from db.models import Officer, Service
from db.passwords import hash_password
from db.validation import InvalidValue


@pytest.fixture
def boss(db: Database) -> roles.Actor:
    """The sample site's administrator, signed in to the console."""
    return roles.sign_in(db, "admin", "admin123")


def test_reads_give_the_site_as_the_site_file_has_it(db: Database, boss: roles.Actor) -> None:
    svcs = admin.services(db, boss)
    assert [v.code for v in svcs] == ["A", "B", "C", "D", "E", "F"]
    a = svcs[0]
    assert (a.name_id, a.colour, a.daily_quota, a.target_wait_min, a.target_service_min, a.active) == (
        "Desk CAPA", "#1565c0", 60, 30, 20, True)
    assert a.hours == {}  # the test site clears every opening time
    ctrs = admin.counters(db, boss)
    assert [(c.number, c.name, c.services, c.call_rule) for c in ctrs] == [
        (1, "Loket 1", ("A", "B"), "service_order"), (2, "Loket 2", ("C", "D", "B"), "service_order"),
        (3, "Loket 3", ("E", "F", "A"), "longest_wait")]
    offs = {o.username: o for o in admin.officers(db, boss)}
    assert offs["siti"] == admin.OfficerSpec("siti", "Siti Rahmawati", "officer", True)
    assert offs["admin"].role == "admin"
    settings = admin.site_settings(db, boss)
    assert settings["site_name"] == "Direktorat Pengawasan Produksi Obat"
    assert settings["announcement_languages"] == ["id"]
    assert "kiosk_pin" not in settings
    assert admin.kiosk_pin_set(db, boss) is False


def test_reads_need_an_administrator(db: Database) -> None:
    sup = roles.sign_in(db, "supervisor", "supervisor123")
    for read in (admin.services, admin.counters, admin.officers, admin.site_settings, admin.kiosk_pin_set):
        with pytest.raises(NotPermitted, match="Dewi Lestari is not an administrator"):
            read(db, sup)


# -- saving services --------------------------------------------------------------------------


def _spec(db: Database, boss: roles.Actor, code: str) -> admin.ServiceSpec:
    return next(v for v in admin.services(db, boss) if v.code == code)


def test_add_and_change_a_service_with_audit_and_feed(db: Database, boss: roles.Actor) -> None:
    new = admin.ServiceSpec("G", "Legalisir Dokumen", "Document Legalisation", colour="#37474f", sort_order=7,
                            hours={"mon": ["08:00", "12:00"]}, daily_quota=25, target_wait_min=10,
                            target_service_min=5)
    saved = admin.save_service(db, boss, new, None)
    assert saved == new
    changed = dataclasses.replace(saved, name_id="  Legalisasi Dokumen ", daily_quota=None, hours={})
    after = admin.save_service(db, boss, changed, saved)
    assert (after.name_id, after.daily_quota, after.hours) == ("Legalisasi Dokumen", None, {})
    assert _spec(db, boss, "G") == after
    [upd, add] = audit.entries(db, target="service G")
    assert (add.action, add.username, add.before, add.after["code"]) == ("service_added", "admin", None, "G")
    assert (upd.action, upd.before, upd.after) == (
        "service_changed",
        {"name_id": "Legalisir Dokumen", "daily_quota": 25, "hours": {"mon": ["08:00", "12:00"]}},
        {"name_id": "Legalisasi Dokumen", "daily_quota": None, "hours": {}})
    # saving what is already there changes nothing and leaves no entry
    assert admin.save_service(db, boss, after, after) == after
    assert len(audit.entries(db, target="service G")) == 2


def test_a_services_booking_quota_and_requirements(db: Database, boss: roles.Actor) -> None:
    a = _spec(db, boss, "A")
    # the test site clears the sample's quotas and requirements (as its opening hours)
    assert (a.booking_quota, a.requirements_id, a.requirements_en) == (None, "", "")
    changed = dataclasses.replace(a, booking_quota=2, requirements_id="NIB;\nlaporan CAPA", requirements_en="NIB")
    after = admin.save_service(db, boss, changed, a)
    assert (after.booking_quota, after.requirements_id, after.requirements_en) == (2, "NIB;\nlaporan CAPA", "NIB")
    assert _spec(db, boss, "A") == after
    [entry] = audit.entries(db, target="service A")
    assert entry.before == {"booking_quota": None, "requirements_id": "", "requirements_en": ""} and entry.after == {
        "booking_quota": 2, "requirements_id": "NIB;\nlaporan CAPA", "requirements_en": "NIB"}
    zero = admin.save_service(db, boss, dataclasses.replace(after, booking_quota=0), after)
    assert zero.booking_quota == 0


def test_service_saves_use_the_site_file_rules_and_write_nothing_when_refused(db: Database, boss: roles.Actor) -> None:
    a = _spec(db, boss, "A")
    before = siteconfig.export(db)
    for bad, message in (
        (dataclasses.replace(a, colour="biru"), 'colour: must be a colour like "#1565c0"'),
        (dataclasses.replace(a, name_id=" "), "name_id: is required text"),
        (dataclasses.replace(a, hours={"mon": ["15:00", "08:00"]}), "hours.mon: opening time must be before"),
        (dataclasses.replace(a, hours={"sen": ["08:00", "15:00"]}), "hours.sen: unknown weekday"),
        (dataclasses.replace(a, daily_quota=0), "daily_quota: must be at least 1"),
        (dataclasses.replace(a, target_wait_min=24 * 60 + 1), "target_wait_min: must be at most 1440"),
        (dataclasses.replace(a, sort_order=-1), "the sort order must be at least 0"),
        (dataclasses.replace(a, booking_quota=-1), "booking_quota: must be at least 0"),
        (dataclasses.replace(a, requirements_en="x" * 401), "requirements_en: must have at most 400 characters"),
        (dataclasses.replace(a, requirements_id="KTP\x07"), "requirements_id: must not contain control characters"),
    ):
        with pytest.raises(InvalidValue) as e:
            admin.save_service(db, boss, bad, a)
        assert message in str(e.value), (message, str(e.value))
    with pytest.raises(InvalidState, match="service code 'A' is already used by Desk CAPA"):
        admin.save_service(db, boss, dataclasses.replace(a, name_id="Lain"), None)
    with pytest.raises(InvalidState, match="code cannot change"):
        admin.save_service(db, boss, dataclasses.replace(a, code="Z"), a)
    with pytest.raises(NotFound):
        admin.save_service(db, boss, dataclasses.replace(a, code="Z"), dataclasses.replace(a, code="Z"))
    assert siteconfig.export(db) == before
    assert audit.entries(db, action="service_changed") == []


def test_deactivating_a_service_never_strands_a_counter(db: Database, boss: roles.Actor) -> None:
    # counter 1 serves A and B; B deactivated first leaves A, then A cannot go
    b = admin.save_service(db, boss, dataclasses.replace(_spec(db, boss, "B"), active=False), _spec(db, boss, "B"))
    assert b.active is False
    a = _spec(db, boss, "A")
    with pytest.raises(InvalidState, match="counter 1 would serve no active service"):
        admin.save_service(db, boss, dataclasses.replace(a, active=False), a)
    assert _spec(db, boss, "A").active is True
    one = admin.counters(db, boss)[0]
    admin.save_counter(db, boss, dataclasses.replace(one, active=False), one)
    assert admin.save_service(db, boss, dataclasses.replace(a, active=False), a).active is False
    with db.read() as s:  # deactivated, never deleted
        assert s.scalar(select(func.count()).select_from(Service)) == 6


def test_two_administrators_changing_the_same_service(db: Database, boss: roles.Actor) -> None:
    with db.write() as s:
        s.add(Officer(username="rina", display_name="Rina Wulandari", role="admin", active=True,
                      password_hash=hash_password("rina1234")))
    rina = roles.sign_in(db, "rina", "rina1234")
    mine, hers = _spec(db, boss, "D"), _spec(db, rina, "D")
    admin.save_service(db, rina, dataclasses.replace(hers, target_wait_min=40), hers)
    with pytest.raises(EditConflict) as e:
        admin.save_service(db, boss, dataclasses.replace(mine, name_en="Floor Plans"), mine)
    assert e.value.by == "rina" and "was changed by rina" in str(e.value)
    now = _spec(db, boss, "D")
    assert (now.target_wait_min, now.name_en) == (40, "Floor Plan Discussion")  # hers kept, mine not written
    # reloaded, the same change goes through
    assert admin.save_service(db, boss, dataclasses.replace(now, name_en="Floor Plans"), now).target_wait_min == 40


# -- counters ------------------------------------------------------------------------------------


def test_add_and_change_counters(db: Database, boss: roles.Actor) -> None:
    four = admin.CounterSpec(4, "Loket 4", True, ("F", "E"), "longest_wait")
    assert admin.save_counter(db, boss, four, None) == four
    assert queue.sign_in(db, 4, "supervisor", "supervisor123").username == "supervisor"
    moved = admin.save_counter(db, boss, dataclasses.replace(four, services=("E", "F", "A"), name="Loket Empat"), four)
    assert moved.services == ("E", "F", "A")
    assert admin.counters(db, boss)[3] == moved
    [upd, _add] = audit.entries(db, target="counter 4")
    assert (upd.action, upd.before, upd.after) == (
        "counter_changed", {"name": "Loket 4", "services": ["F", "E"]},
        {"name": "Loket Empat", "services": ["E", "F", "A"]})
    for bad, message in (
        (dataclasses.replace(moved, services=("Z",)), "services: unknown service 'Z'"),
        (dataclasses.replace(moved, services=()), "services: must list at least one service code"),
        (dataclasses.replace(moved, services=("A", "A")), "services: lists a service twice"),
        (dataclasses.replace(moved, call_rule="random"), "call_rule: must be one of"),
        (dataclasses.replace(moved, name=""), "name: must not be empty"),
    ):
        with pytest.raises(InvalidValue, match=re.escape(message)):
            admin.save_counter(db, boss, bad, moved)
    with pytest.raises(InvalidState, match="counter 1 already exists"):
        admin.save_counter(db, boss, dataclasses.replace(four, number=1), None)
    with pytest.raises(InvalidState, match="number cannot change"):
        admin.save_counter(db, boss, dataclasses.replace(moved, number=5), moved)
    with pytest.raises(NotFound, match="counter 9 does not exist"):
        admin.save_counter(db, boss, dataclasses.replace(moved, number=9), dataclasses.replace(moved, number=9))
    stale = dataclasses.replace(moved, name="Loket 4")
    with pytest.raises(EditConflict, match="counter 4 was changed by admin"):
        admin.save_counter(db, boss, dataclasses.replace(stale, call_rule="service_order"), stale)


def test_an_active_counter_must_serve_an_active_service(db: Database, boss: roles.Actor) -> None:
    f = _spec(db, boss, "F")
    three = admin.counters(db, boss)[2]
    only_f = admin.save_counter(db, boss, dataclasses.replace(three, services=("F",)), three)
    with pytest.raises(InvalidState, match="counter 3 would serve no active service"):
        admin.save_service(db, boss, dataclasses.replace(f, active=False), f)
    admin.save_counter(db, boss, dataclasses.replace(only_f, services=("F", "E")), only_f)
    admin.save_service(db, boss, dataclasses.replace(f, active=False), f)
    with pytest.raises(InvalidState, match="counter 5 would serve no active service"):
        admin.save_counter(db, boss, admin.CounterSpec(5, "Loket 5", True, ("F",)), None)
    assert [c.number for c in admin.counters(db, boss)] == [1, 2, 3]
    closed = admin.save_counter(db, boss, admin.CounterSpec(5, "Loket 5", False, ("F",)), None)
    assert closed.active is False


# -- officers ------------------------------------------------------------------------------------


def test_officers_add_disable_enable_role_and_password(db: Database, boss: roles.Actor) -> None:
    nia = admin.OfficerSpec("nia", " Nia Kurnia ", "officer", True)
    with pytest.raises(InvalidValue, match="the password is required for a new officer"):
        admin.save_officer(db, boss, nia, None)
    saved = admin.save_officer(db, boss, nia, None, password="nia12345")
    assert saved == admin.OfficerSpec("nia", "Nia Kurnia", "officer", True)
    assert queue.sign_in(db, 1, "nia", "nia12345", take_over=True).username == "nia"
    off = admin.save_officer(db, boss, dataclasses.replace(saved, active=False), saved)
    with pytest.raises(AuthError):
        queue.sign_in(db, 2, "nia", "nia12345", take_over=True)
    on = admin.save_officer(db, boss, dataclasses.replace(off, active=True, role="supervisor"), off)
    assert roles.sign_in(db, "nia", "nia12345").role == "supervisor"
    # a new password lifts a lockout
    for _ in range(access.MAX_FAILURES):
        with pytest.raises(AuthError):
            roles.sign_in(db, "nia", "salah")
    with pytest.raises(LockedOut):
        roles.sign_in(db, "nia", "nia12345")
    admin.reset_password(db, boss, "nia", "baru5678")
    assert roles.sign_in(db, "nia", "baru5678").username == "nia"
    admin.save_officer(db, boss, on, on, password="lagi9999")
    assert queue.sign_in(db, 2, "nia", "lagi9999", take_over=True).username == "nia"
    with pytest.raises(NotFound, match="officer 'nobody' does not exist"):
        admin.reset_password(db, boss, "nobody", "abcd1234")
    with pytest.raises(InvalidValue, match="at least 4"):
        admin.reset_password(db, boss, "nia", "abc")
    with pytest.raises(InvalidState, match="officer 'nia' already exists"):
        admin.save_officer(db, boss, nia, None, password="nia12345")
    with pytest.raises(InvalidValue, match="username: must be 2-60"):
        admin.save_officer(db, boss, admin.OfficerSpec("Nia Baru", "Nia"), None, password="nia12345")
    with pytest.raises(InvalidValue, match="role: must be one of"):
        admin.save_officer(db, boss, dataclasses.replace(on, role="boss"), on)
    # the audit log never holds a password or its hash
    trail = audit.entries(db, target="officer nia")
    assert [e.action for e in trail] == ["officer_changed", "password_reset", "officer_changed", "officer_changed",
                                         "officer_added"]
    assert trail[0].after == {"password": "changed"} and trail[0].before == {"password": "unchanged"}
    assert trail[1].after == {"password": "changed"}
    assert trail[2].before == {"active": False, "role": "officer"} and trail[2].after == {"active": True,
                                                                                           "role": "supervisor"}
    text = json.dumps([(e.before, e.after) for e in audit.entries(db)])
    assert "scrypt" not in text and "nia12345" not in text and "baru5678" not in text


def test_the_last_administrator_stays_and_nobody_disables_themself(db: Database, boss: roles.Actor) -> None:
    me = next(o for o in admin.officers(db, boss) if o.username == "admin")
    with pytest.raises(InvalidState, match="cannot disable your own account"):
        admin.save_officer(db, boss, dataclasses.replace(me, active=False), me)
    with pytest.raises(InvalidState, match="Administrator is the last active administrator"):
        admin.save_officer(db, boss, dataclasses.replace(me, role="supervisor"), me)
    rina = admin.save_officer(db, boss, admin.OfficerSpec("rina", "Rina", "admin"), None, password="rina1234")
    other = roles.sign_in(db, "rina", "rina1234")
    # now there are two: rina may demote the first one, then not herself
    admin.save_officer(db, other, dataclasses.replace(me, role="supervisor"), me)
    with pytest.raises(NotPermitted, match="Administrator is not an administrator"):
        admin.services(db, boss)  # demoted a moment ago: refused at once
    with pytest.raises(InvalidState, match="Rina is the last active administrator"):
        admin.save_officer(db, other, dataclasses.replace(rina, role="officer"), rina)


# -- settings and the kiosk PIN ----------------------------------------------------------------


def test_settings_by_their_rules_with_conflicts(db: Database, boss: roles.Actor) -> None:
    read = admin.site_settings(db, boss)
    saved = admin.save_settings(db, boss, {"site_name": "Kantor Baru", "ticker": "Halo", "media_dir": "/srv/media"},
                                read)
    assert (saved["site_name"], saved["ticker"], saved["media_dir"]) == ("Kantor Baru", "Halo", "/srv/media")
    assert queue.queue_snapshot(db).settings.site_name == "Kantor Baru"
    [entry] = audit.entries(db, action="settings_changed")
    assert entry.before == {"site_name": "Direktorat Pengawasan Produksi Obat", "media_dir": "",
                            "ticker": read["ticker"]}
    assert entry.after == {"site_name": "Kantor Baru", "ticker": "Halo", "media_dir": "/srv/media"}
    for bad, message in (({"recent_calls": 0}, "must be at least 1"),
                         ({"announcement_template_id": "Nomor {nomor}"}, "unknown field {nomor}"),
                         ({"language": "fr"}, "must be one of id, en"),
                         ({"site_name": 5}, "must be text"),
                         ({"shoe_size": 5}, "unknown setting"),
                         ({"kiosk_pin": "1234"}, "set_kiosk_pin")):
        with pytest.raises(InvalidValue, match=re.escape(message)):
            admin.save_settings(db, boss, bad, {**saved, "shoe_size": 1, "kiosk_pin": ""})
    with pytest.raises(InvalidValue, match="without being read"):
        admin.save_settings(db, boss, {"ticker": "x"}, {})
    # read before the save above: the ticker has changed since, so the stale save is refused whole
    with pytest.raises(EditConflict, match="settings was changed by admin"):
        admin.save_settings(db, boss, {"ticker": "Lama", "recent_calls": 5}, read)
    # a key nobody changed since goes through from the old read
    assert admin.save_settings(db, boss, {"recent_calls": 5}, read)["recent_calls"] == 5
    assert admin.site_settings(db, boss)["ticker"] == "Halo"


def test_kiosk_pin_is_stored_hashed_and_audited_without_it(db: Database, boss: roles.Actor) -> None:
    admin.set_kiosk_pin(db, boss, "2468")
    assert admin.kiosk_pin_set(db, boss) is True
    assert access.check_kiosk_pin(db, "2468") is True
    with pytest.raises(AntrianError, match="4 to 12 digits"):
        admin.set_kiosk_pin(db, boss, "12ab")
    admin.set_kiosk_pin(db, boss, "")
    assert admin.kiosk_pin_set(db, boss) is False
    pins = audit.entries(db, target="kiosk PIN")
    assert [(e.action, e.before, e.after) for e in pins] == [
        ("kiosk_pin_removed", {"kiosk_pin": "set"}, {"kiosk_pin": "removed"}),
        ("kiosk_pin_set", {"kiosk_pin": "none"}, {"kiosk_pin": "changed"})]


# -- the site file from the console ----------------------------------------------------------------


def test_export_and_import_the_site_file(db: Database, boss: roles.Actor) -> None:
    text = admin.export_site(db, boss)
    assert text == siteconfig.export(db)
    edited = text.replace('name_id = "Diskusi Denah"', 'name_id = "Diskusi Denah Bangunan"')
    assert admin.import_site(db, boss, edited) == {"settings": 0, "services": 1, "counters": 0, "officers": 0}
    assert _spec(db, boss, "D").name_id == "Diskusi Denah Bangunan"
    [entry] = audit.entries(db, action="site_applied", username="admin")
    assert (entry.username, entry.target, entry.after) == (
        "admin", "site file", {"settings": 0, "services": 1, "counters": 0, "officers": 0})
    before = siteconfig.export(db)
    bad = edited.replace('colour = "#1565c0"', 'colour = "biru"', 1)
    with pytest.raises(ConfigError, match=r"imported site file: services\[0\].colour"):
        admin.import_site(db, boss, bad.replace("Desk CAPA", "Desk CAPA Baru"))
    assert siteconfig.export(db) == before
    # a file that drops the importer's own role is refused whole
    demoted = before.replace('username = "admin"\ndisplay_name = "Administrator"\nrole = "admin"',
                             'username = "admin"\ndisplay_name = "Administrator"\nrole = "supervisor"')
    assert demoted != before
    with pytest.raises(ConfigError, match="would disable or demote admin"):
        admin.import_site(db, boss, demoted.replace("Kantor", "Kantor"))
    assert siteconfig.export(db) == before
    # a conflict after an import names whoever applied the file
    d = _spec(db, boss, "D")
    admin.import_site(db, boss, before.replace("Diskusi Denah Bangunan", "Diskusi Denah"))
    with pytest.raises(EditConflict) as e:
        admin.save_service(db, boss, d, d)
    assert e.value.by == "admin"


def test_the_last_admin_cannot_be_removed_by_a_site_file(db: Database, boss: roles.Actor) -> None:
    admin.save_officer(db, boss, admin.OfficerSpec("rina", "Rina", "admin"), None, password="rina1234")
    rina = roles.sign_in(db, "rina", "rina1234")
    text = siteconfig.export(db)
    both_gone = text.replace('role = "admin"', 'role = "officer"')
    with pytest.raises(ConfigError, match="would disable or demote rina"):
        admin.import_site(db, rina, both_gone)
    only_admin_gone = text.replace('username = "admin"\ndisplay_name = "Administrator"\nrole = "admin"\nactive = true',
                                   'username = "admin"\ndisplay_name = "Administrator"\nrole = "admin"\nactive = false')
    assert admin.import_site(db, rina, only_admin_gone)["officers"] == 1


# -- roles: an officer reaches none of it ------------------------------------------------------------


def test_officers_and_supervisors_reach_none_of_it(db: Database, boss: roles.Actor) -> None:
    with pytest.raises(NotPermitted, match="Siti Rahmawati is not a supervisor or administrator"):
        roles.sign_in(db, "siti", "siti123")
    sup = roles.sign_in(db, "supervisor", "supervisor123")
    with db.read() as s:
        siti_id = s.scalar(select(Officer.id).where(Officer.username == "siti"))
    assert siti_id is not None
    forged = dataclasses.replace(sup, officer_id=siti_id, username="siti", role="admin")  # made up in Python
    a = _spec(db, boss, "A")
    one = admin.counters(db, boss)[0]
    siti = next(o for o in admin.officers(db, boss) if o.username == "siti")
    settings = admin.site_settings(db, boss)
    before = siteconfig.export(db)
    calls: list[Callable[[Any], object]] = [
        lambda who: admin.services(db, who), lambda who: admin.counters(db, who),
        lambda who: admin.officers(db, who), lambda who: admin.site_settings(db, who),
        lambda who: admin.save_service(db, who, dataclasses.replace(a, name_id="X"), a),
        lambda who: admin.save_counter(db, who, dataclasses.replace(one, name="X"), one),
        lambda who: admin.save_officer(db, who, dataclasses.replace(siti, role="admin"), siti),
        lambda who: admin.save_officer(db, who, admin.OfficerSpec("evil", "Evil", "admin"), None, password="evil1234"),
        lambda who: admin.reset_password(db, who, "admin", "hacked99"),
        lambda who: admin.set_kiosk_pin(db, who, "1111"),
        lambda who: admin.save_settings(db, who, {"site_name": "X"}, settings),
        lambda who: admin.export_site(db, who),
        lambda who: admin.import_site(db, who, before.replace("Desk CAPA", "X")),
        lambda who: siteconfig.apply(db, siteconfig.parse(before.replace("Desk CAPA", "X")), actor=who),
    ]
    for call in calls:
        for who in (None, forged, sup):
            with pytest.raises(NotPermitted):
                call(who)
    assert siteconfig.export(db) == before
    assert roles.sign_in(db, "admin", "admin123").username == "admin"  # the password was not reset


def test_set_up_is_open_until_the_first_administrator(db_url: str) -> None:
    """A fresh database: the first site file and officers need no actor (recorded as set-up)."""
    db = Database(db_url)
    try:
        small = "[[services]]\ncode = \"A\"\nname_id = \"Umum\"\nname_en = \"General\"\n"
        assert siteconfig.apply(db, siteconfig.parse(small))["services"] == 1
        admin.save_officer(db, None, admin.OfficerSpec("kepala", "Kepala", "admin"), None, password="kepala12")
        with pytest.raises(NotPermitted):
            siteconfig.apply(db, siteconfig.parse(small.replace("Umum", "Lain")))
        with pytest.raises(NotPermitted):
            admin.save_officer(db, None, admin.OfficerSpec("lain", "Lain", "admin"), None, password="lain1234")
        assert [(e.username, e.action) for e in audit.entries(db)] == [
            ("setup", "officer_added"), ("setup", "site_applied")]
    finally:
        db.dispose()


def test_two_saves_at_the_same_moment_one_is_told(db: Database, boss: roles.Actor) -> None:
    """Both read E, both save at once from their own threads: one goes through, the other
    gets EditConflict; the first one's change is never silently undone."""
    import threading

    rina = other_admin(db, boss)
    e = _spec(db, boss, "E")
    barrier = threading.Barrier(2)
    outcome: dict[str, object] = {}

    def save(name: str, who: roles.Actor, spec: admin.ServiceSpec) -> None:
        barrier.wait()
        try:
            outcome[name] = admin.save_service(db, who, spec, e)
        except EditConflict as err:
            outcome[name] = err

    threads = [threading.Thread(target=save, args=("admin", boss, dataclasses.replace(e, daily_quota=10))),
               threading.Thread(target=save, args=("rina", rina, dataclasses.replace(e, target_wait_min=5)))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    conflicts = [name for name, value in outcome.items() if isinstance(value, EditConflict)]
    assert len(conflicts) == 1, outcome
    [winner] = set(outcome) - set(conflicts)
    assert outcome[conflicts[0]].by == winner  # type: ignore[union-attr]
    now = _spec(db, boss, "E")
    assert (now.daily_quota, now.target_wait_min) == ((10, 20) if winner == "admin" else (80, 5))
    assert len(audit.entries(db, target="service E")) == 1


def other_admin(db: Database, boss: roles.Actor) -> roles.Actor:
    """A second administrator, signed in at another console."""
    admin.save_officer(db, boss, admin.OfficerSpec("rina", "Rina Wulandari", "admin"), None, password="rina1234")
    return roles.sign_in(db, "rina", "rina1234")


def test_officer_changes_refused_without_writing(db: Database, boss: roles.Actor) -> None:
    siti = next(o for o in admin.officers(db, boss) if o.username == "siti")
    with pytest.raises(InvalidState, match="a username cannot change"):
        admin.save_officer(db, boss, dataclasses.replace(siti, username="siti2"), siti)
    ghost = admin.OfficerSpec("hantu", "Hantu")
    with pytest.raises(NotFound, match="officer 'hantu' does not exist"):
        admin.save_officer(db, boss, ghost, ghost)
    rina = other_admin(db, boss)
    admin.save_officer(db, rina, dataclasses.replace(siti, display_name="Siti R."), siti)
    with pytest.raises(EditConflict, match="officer siti was changed by rina"):
        admin.save_officer(db, boss, dataclasses.replace(siti, role="supervisor"), siti, password="baru1234")
    assert queue.sign_in(db, 1, "siti", "siti123").display_name == "Siti R."  # role and password untouched
