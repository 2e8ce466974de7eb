"""Administration from the console (db.admin): reads, saves with conflict detection, refusals, roles."""

from __future__ import annotations

import pytest

from db import admin, roles
from db.database import Database
from db.errors import NotPermitted


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
