"""The floor page: its words worked out by hand, and the live page following other processes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from pytestqt.qtbot import QtBot

from db import floor as floors
from db import heartbeat, queue
from db.clock import FakeClock
from db.database import Database
from db.floor import Alert, CounterFloor, Floor, ServiceFloor
from db.heartbeat import AppBeat
from supervisor.floor_page import (
    AlertStrip,
    FloorPage,
    alert_text,
    app_cells,
    counter_cells,
    ordered_alerts,
    service_cells,
)
from tests.supervisor import console_helpers
from tests.supervisor.console_helpers import WAIT_MS, Consoles
from ui.i18n import translator
from ui.theme import DANGER, OK, WARNING

consoles = console_helpers.consoles  # the fixture

NOW = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)  # 10.00 WIB
JAKARTA = ZoneInfo("Asia/Jakarta")


def _service(code: str = "A", *, waiting: int = 12, oldest_min: float | None = 32, **kw: object) -> ServiceFloor:
    values: dict[str, object] = dict(
        code=code, name_id="Layanan Umum", name_en="General Service", colour="#1565c0", open=True,
        open_override=None, waiting=waiting,
        oldest_queue_time=None if oldest_min is None else NOW - timedelta(minutes=oldest_min),
        target_wait_min=30, target_service_min=15, called_today=20, called_within_standard=17,
        issued_today=40, quota=100, quota_override=None)
    values.update(kw)
    return ServiceFloor(**values)  # type: ignore[arg-type]


def _counter(number: int = 1, state: str = "idle", **kw: object) -> CounterFloor:
    values: dict[str, object] = dict(
        number=number, name=f"Loket {number}", active=True, officer="Siti Rahmawati", state=state,
        pause_reason=None, ticket_id=None, ticket_label=None, ticket_service=None, since=None,
        target_service_min=None, idle_since=None, services=("A",), waiting_for_it=0)
    values.update(kw)
    return CounterFloor(**values)  # type: ignore[arg-type]


def _floor(services: tuple[ServiceFloor, ...] = (), counters: tuple[CounterFloor, ...] = (),
           apps: tuple[AppBeat, ...] = ()) -> Floor:
    return Floor(now=NOW, day=NOW.date(), services=services, counters=counters, apps=apps, notice_id="", notice_en="")


def test_each_alert_reads_as_a_sentence(qapp: object) -> None:
    translator().set_language("id")
    idle = _counter(2, "idle", idle_since=NOW - timedelta(minutes=5), waiting_for_it=12)
    long = _counter(1, "serving", ticket_label="B-004", since=NOW - timedelta(minutes=35), target_service_min=15)
    kiosk = AppBeat("kiosk", "PC-KIOSK", None, 42, NOW - timedelta(hours=2), datetime(2026, 3, 2, 2, 12, tzinfo=UTC))
    floor = _floor((_service(),), (long, idle), (kiosk,))
    found = floors.alerts(floor, NOW)
    assert {a.kind for a in found} == {"service_late", "counter_idle", "visit_long", "app_quiet"}
    texts = {a.kind: alert_text(a, floor, NOW, JAKARTA) for a in found}
    assert texts == {
        "service_late": "Layanan A melewati standar waktu tunggu (32 mnt > 30 mnt)",
        "counter_idle": "Loket 2 kosong 5 mnt, 12 orang menunggu",
        "visit_long": "Kunjungan B-004 di Loket 1 sudah 35 mnt (standar 15 mnt)",
        "app_quiet": "Kios PC-KIOSK tidak aktif sejak 09.12",
    }
    translator().set_language("en")
    try:
        assert alert_text(found[0], floor, NOW, JAKARTA) == "Service A is past its waiting standard (32 min > 30 min)"
    finally:
        translator().set_language("id")
    counter_app = Alert("app_quiet", "counter|PC-3|3", 5)
    assert alert_text(counter_app, floor, NOW, JAKARTA) == "Aplikasi Loket 3 PC-3 tidak aktif sejak ?"


def test_the_worst_of_each_kind_comes_first() -> None:
    late = [Alert("service_late", c, m) for c, m in (("A", 2), ("B", 9), ("C", 5))]
    quiet = Alert("app_quiet", "kiosk|PC|", 1)
    idle = Alert("counter_idle", "2", 3)
    assert ordered_alerts([*late, quiet, idle]) == [late[1], idle, quiet, late[2], late[0]]


def test_service_and_counter_cells_with_their_colours(qapp: object) -> None:
    translator().set_language("id")
    cells = service_cells(_service(oldest_min=4 + 28 / 60), NOW)
    assert [t for t, _c in cells] == ["A — Layanan Umum", "12", "4 mnt 28 dtk / 30 mnt", "85% dari 20", "40 / 100", "Buka"]
    late = service_cells(_service(oldest_min=65, open=False, open_override=False, quota=None), NOW)
    assert late[2] == ("1 jam 5 mnt / 30 mnt", DANGER)
    assert late[4][0] == "40" and late[5][0] == "Tutup (diatur hari ini)"
    empty = service_cells(_service(waiting=0, oldest_min=None, called_today=0, called_within_standard=0), NOW)
    assert empty[2][0] == "– / 30 mnt" and empty[3][0] == "–"
    serving = counter_cells(_counter(1, "serving", ticket_label="B-004", since=NOW - timedelta(minutes=20),
                                     target_service_min=15), NOW)
    assert [t for t, _c in serving] == ["Loket 1", "Siti Rahmawati", "Melayani", "B-004", "20 mnt / 15 mnt", "–"]
    assert serving[4][1] == WARNING and serving[2][1] == OK
    paused = counter_cells(_counter(4, "paused", pause_reason="Salat"), NOW)
    assert paused[2] == ("Istirahat: Salat", WARNING)
    idle = counter_cells(_counter(2, "idle", idle_since=NOW - timedelta(seconds=190), waiting_for_it=3), NOW)
    assert idle[5] == ("3 mnt 10 dtk, 3 menunggu", WARNING)
    closed = counter_cells(_counter(5, "closed", officer=None), NOW)
    assert [t for t, _c in closed][1:3] == ["–", "Tutup"]
    beat = AppBeat("display", "PC-LAYAR", None, 1, NOW, NOW - timedelta(seconds=20))
    assert [t for t, _c in app_cells(beat, NOW, JAKARTA)] == ["Layar", "PC-LAYAR", "09.59", "Aktif"]


def test_the_alert_strip_counts_what_does_not_fit(qtbot: QtBot) -> None:
    strip = AlertStrip()
    qtbot.addWidget(strip)
    strip.set_density(True)  # four at most on a 1366×768 screen
    strip.show_alerts([(f"alert {i}", "red") for i in range(6)])
    assert strip.texts() == ["alert 0", "alert 1", "alert 2", "… dan 3 peringatan lain"]
    strip.set_density(False)
    assert strip.texts() == ["alert 0", "alert 1", "alert 2", "… dan 3 peringatan lain"]  # kept until the next tick
    strip.show_alerts([])
    assert strip.texts() == [] and not strip.calm.isHidden()


def test_the_floor_follows_kiosks_and_counters_in_other_processes(qtbot: QtBot, consoles: Consoles,
                                                                   db: Database) -> None:
    page = consoles.page(FloorPage)
    assert isinstance(page, FloorPage)
    services = page.services
    row_a = [sf.code for sf in page.view.floor.services].index("A")  # type: ignore[union-attr]
    assert services.cell_text(row_a, "waiting") == "0"
    assert [page.counters.cell_text(i, "officer") for i in range(3)] == ["Siti Rahmawati", "Budi Santoso", "Agus Pratama"]
    for _ in range(3):
        queue.issue_ticket(db, "A")  # the kiosk, another process
    qtbot.waitUntil(lambda: services.cell_text(row_a, "waiting") == "3", timeout=WAIT_MS)
    call = queue.call_next(db, 1)  # counter 1, another process
    assert call.ticket is not None
    qtbot.waitUntil(lambda: page.counters.cell_text(0, "ticket") == call.ticket.label, timeout=WAIT_MS)  # type: ignore[union-attr]
    assert page.counters.cell_text(0, "state") == "Dipanggil"
    queue.start_service(db, 1)
    qtbot.waitUntil(lambda: page.counters.cell_text(0, "state") == "Melayani", timeout=WAIT_MS)
    writes = services.cell_writes + page.counters.cell_writes
    page.tick()  # nothing moved within the second: nothing repainted but the running times
    assert services.cell_writes + page.counters.cell_writes - writes <= 2
    translator().set_language("en")
    assert page.counters.cell_text(0, "state") == "Serving"
    header = services.horizontalHeaderItem(1)
    assert header is not None and header.text() == "Waiting"


def test_alerts_appear_as_time_passes_and_apps_report(qtbot: QtBot, consoles: Consoles, db: Database,
                                                      fake_clock: FakeClock) -> None:
    queue.issue_ticket(db, "A")
    heartbeat.beat(db, "kiosk", pc="PC-KIOSK")
    page = consoles.page(FloorPage)
    assert isinstance(page, FloorPage)
    # Counters seated since the day began stand idle with a visitor waiting: 9 hours by now.
    assert "Loket 1 kosong 9 jam, 1 orang menunggu" in page.alerts.texts()
    assert not any(t.startswith("Layanan A") for t in page.alerts.texts())
    assert page.apps.cell_text(0, "app_state") == "Aktif"
    fake_clock.advance(minutes=31)
    page.reader.request_now()
    qtbot.waitUntil(lambda: any(t.startswith("Layanan A melewati") for t in page.alerts.texts()), timeout=WAIT_MS)
    assert "Layanan A melewati standar waktu tunggu (31 mnt > 30 mnt)" in page.alerts.texts()
    assert any(t.startswith("Kios PC-KIOSK tidak aktif sejak ") for t in page.alerts.texts())
    assert page.apps.cell_text(0, "app_state") == "Tidak aktif"
    page.shutdown()
    page.shutdown()  # twice is harmless
