"""The live floor: alerts, every service and every counter, and the apps' heartbeats.

The floor is pushed by the change feed: a :class:`ui.reader.SnapshotReader` over
``db.floor.floor`` re-reads whenever another process commits (coalesced: one read in
flight plus one more). Ages and alerts move with the clock: every second the page
recomputes them from the last :class:`db.floor.Floor` (``db.floor.alerts``), without the
database. Only what changed is repainted: a cell's text is set only when it differs.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db import floor as floors
from db import heartbeat, queue
from db.database import Database
from db.floor import Alert, CounterFloor, Floor, ServiceFloor
from db.heartbeat import AppBeat
from db.roles import Actor
from supervisor.page_common import leave_live
from supervisor.texts import counter_name, duration_text, minutes_text
from ui.backend import Backend
from ui.i18n import register, retranslate_on_switch, stop_retranslating, tr, translator
from ui.reader import SnapshotReader
from ui.theme import DANGER, INK, MUTED, OK, WARNING
from ui.waittext import clock_text

log = logging.getLogger("antrian.supervisor.floor")

TEXTS: dict[str, dict[str, str]] = {
    "supervisor.floor.heading": {"id": "Lantai Layanan", "en": "Service Floor"},
    "supervisor.floor.services": {"id": "Layanan", "en": "Services"},
    "supervisor.floor.counters": {"id": "Loket", "en": "Counters"},
    "supervisor.floor.apps": {"id": "Aplikasi", "en": "Apps"},
    "supervisor.floor.all_well": {"id": "Semua sesuai standar.", "en": "Everything within the standards."},
    "supervisor.floor.more_alerts": {"id": "… dan {n} peringatan lain", "en": "… and {n} more alerts"},
    "supervisor.floor.notice": {"id": "Pengumuman hari ini: {text}", "en": "Today's notice: {text}"},
    "supervisor.floor.loading": {"id": "Memuat lantai layanan…", "en": "Loading the floor…"},
    "supervisor.floor.read_failed": {"id": "Data lantai tidak dapat dibaca: {error}. Mencoba lagi…",
                                     "en": "Cannot read the floor: {error}. Retrying…"},
    # service columns
    "supervisor.floor.col.service": {"id": "Layanan", "en": "Service"},
    "supervisor.floor.col.waiting": {"id": "Menunggu", "en": "Waiting"},
    "supervisor.floor.col.oldest": {"id": "Terlama / standar", "en": "Longest / standard"},
    "supervisor.floor.col.within": {"id": "Sesuai standar", "en": "Within standard"},
    "supervisor.floor.col.quota": {"id": "Diambil / Kuota", "en": "Taken / Quota"},
    "supervisor.floor.col.open": {"id": "Buka/Tutup", "en": "Open/Closed"},
    # counter columns
    "supervisor.floor.col.counter": {"id": "Loket", "en": "Counter"},
    "supervisor.floor.col.officer": {"id": "Petugas", "en": "Officer"},
    "supervisor.floor.col.state": {"id": "Keadaan", "en": "State"},
    "supervisor.floor.col.ticket": {"id": "Nomor", "en": "Number"},
    "supervisor.floor.col.time": {"id": "Lama / standar", "en": "Time / standard"},
    "supervisor.floor.col.idle": {"id": "Kosong sejak", "en": "Free for"},
    # app columns
    "supervisor.floor.col.app": {"id": "Aplikasi", "en": "App"},
    "supervisor.floor.col.pc": {"id": "Komputer", "en": "Computer"},
    "supervisor.floor.col.seen": {"id": "Terakhir aktif", "en": "Last seen"},
    "supervisor.floor.col.app_state": {"id": "Keadaan", "en": "State"},
    # values
    "supervisor.floor.open": {"id": "Buka", "en": "Open"},
    "supervisor.floor.closed": {"id": "Tutup", "en": "Closed"},
    "supervisor.floor.open_set": {"id": "Buka (diatur hari ini)", "en": "Open (set today)"},
    "supervisor.floor.closed_set": {"id": "Tutup (diatur hari ini)", "en": "Closed (set today)"},
    "supervisor.floor.none": {"id": "–", "en": "–"},
    "supervisor.floor.percent": {"id": "{p}% dari {n}", "en": "{p}% of {n}"},
    "supervisor.floor.of": {"id": "{a} / {b}", "en": "{a} / {b}"},
    "supervisor.floor.state.closed": {"id": "Tutup", "en": "Closed"},
    "supervisor.floor.state.idle": {"id": "Kosong", "en": "Free"},
    "supervisor.floor.state.called": {"id": "Dipanggil", "en": "Called"},
    "supervisor.floor.state.serving": {"id": "Melayani", "en": "Serving"},
    "supervisor.floor.state.paused": {"id": "Istirahat", "en": "Paused"},
    "supervisor.floor.state.paused_reason": {"id": "Istirahat: {reason}", "en": "Paused: {reason}"},
    "supervisor.floor.state.inactive": {"id": "Nonaktif", "en": "Inactive"},
    "supervisor.floor.idle_waiting": {"id": "{dur}, {n} menunggu", "en": "{dur}, {n} waiting"},
    "supervisor.floor.app_alive": {"id": "Aktif", "en": "Alive"},
    "supervisor.floor.app_quiet": {"id": "Tidak aktif", "en": "Quiet"},
    "supervisor.floor.app.kiosk": {"id": "Kios", "en": "Kiosk"},
    "supervisor.floor.app.display": {"id": "Layar", "en": "Display"},
    "supervisor.floor.app.counter": {"id": "Aplikasi loket", "en": "Counter app"},
    "supervisor.floor.app.counter_n": {"id": "Aplikasi Loket {n}", "en": "Counter {n} app"},
    "supervisor.floor.app.supervisor": {"id": "Konsol", "en": "Console"},
    "supervisor.floor.app.survey": {"id": "Survei", "en": "Survey"},
    # alerts
    "supervisor.alert.service_late": {
        "id": "Layanan {code} melewati standar waktu tunggu ({wait} > {target})",
        "en": "Service {code} is past its waiting standard ({wait} > {target})",
    },
    "supervisor.alert.counter_idle": {
        "id": "{counter} kosong {idle}, {n} orang menunggu",
        "en": "{counter} free for {idle}, {n} people waiting",
    },
    "supervisor.alert.visit_long": {
        "id": "Kunjungan {label} di {counter} sudah {time} (standar {target})",
        "en": "Visit {label} at {counter} has taken {time} (standard {target})",
    },
    "supervisor.alert.app_quiet": {
        "id": "{app} {pc} tidak aktif sejak {time}",
        "en": "{app} {pc} quiet since {time}",
    },
}
register(TEXTS)

MAX_ALERTS = 6  # shown at once (4 on a 1366×768 screen); the rest counted on the last line
RED_ALERTS = ("service_late", "visit_long")

SERVICE_COLUMNS = ("service", "waiting", "oldest", "within", "quota", "open")
COUNTER_COLUMNS = ("counter", "officer", "state", "ticket", "time", "idle")
APP_COLUMNS = ("app", "pc", "seen", "app_state")


@dataclass(frozen=True)
class FloorView:
    """One read: the floor and the site's time zone (to write times of day)."""

    floor: Floor
    zone: str


def read_floor_view(db: Database) -> FloorView:
    """The floor and the site's zone in one read transaction (on the task runner's thread)."""
    with db.read() as s:
        floor = floors.read_floor(s)
        zone = queue.read_settings(s).timezone
    return FloorView(floor, zone)


# -- words ------------------------------------------------------------------------------------------
def service_name(sf: ServiceFloor) -> str:
    """``A — Layanan Umum`` in the current language."""
    return f"{sf.code} — {sf.name_en if translator().language == 'en' else sf.name_id}"


def app_name(kind: str, counter: int | None) -> str:
    """``Kios`` / ``Aplikasi Loket 2`` / ``Layar``."""
    if kind == "counter" and counter is not None:
        return tr("supervisor.floor.app.counter_n", n=counter)
    key = f"supervisor.floor.app.{kind}"
    text = tr(key)
    return kind if text == key else text


def _seconds(now: datetime, since: datetime | None) -> float | None:
    return None if since is None else max(0.0, (now - since).total_seconds())


def service_cells(sf: ServiceFloor, now: datetime) -> tuple[tuple[str, str], ...]:
    """The service's row: (text, colour) per column of :data:`SERVICE_COLUMNS`."""
    none = tr("supervisor.floor.none")
    wait_s = _seconds(now, sf.oldest_queue_time)
    if wait_s is None:
        oldest = (tr("supervisor.floor.of", a=none, b=minutes_text(sf.target_wait_min)), MUTED)
    else:
        late = wait_s > sf.target_wait_min * 60
        oldest = (tr("supervisor.floor.of", a=duration_text(wait_s), b=minutes_text(sf.target_wait_min)),
                  DANGER if late else INK)
    share = sf.within_share()
    if share is None:
        within = (none, MUTED)
    else:
        colour = OK if share >= 0.9 else (WARNING if share >= 0.7 else DANGER)
        within = (tr("supervisor.floor.percent", p=int(round(share * 100)), n=sf.called_today), colour)
    if sf.quota is None:
        quota = (str(sf.issued_today), INK)
    else:
        quota = (tr("supervisor.floor.of", a=sf.issued_today, b=sf.quota),
                 DANGER if sf.issued_today >= sf.quota else INK)
    if sf.open_override is None:
        state = tr("supervisor.floor.open" if sf.open else "supervisor.floor.closed")
    else:
        state = tr("supervisor.floor.open_set" if sf.open else "supervisor.floor.closed_set")
    return (
        (service_name(sf), INK),
        (str(sf.waiting), INK if sf.waiting else MUTED),
        oldest,
        within,
        quota,
        (state, OK if sf.open else MUTED),
    )


def counter_cells(cf: CounterFloor, now: datetime) -> tuple[tuple[str, str], ...]:
    """The counter's row: (text, colour) per column of :data:`COUNTER_COLUMNS`."""
    none = tr("supervisor.floor.none")
    if not cf.active:
        state = (tr("supervisor.floor.state.inactive"), MUTED)
    elif cf.state == "paused" and cf.pause_reason:
        state = (tr("supervisor.floor.state.paused_reason", reason=cf.pause_reason), WARNING)
    else:
        colours = {"serving": OK, "called": INK, "idle": INK, "paused": WARNING, "closed": MUTED}
        state = (tr(f"supervisor.floor.state.{cf.state}"), colours.get(cf.state, INK))
    ticket = (cf.ticket_label or none, INK if cf.ticket_label else MUTED)
    spent = _seconds(now, cf.since) if cf.state in ("called", "serving") else None
    if spent is None:
        timing = (none, MUTED)
    else:
        target = cf.target_service_min
        text = duration_text(spent) if target is None else tr(
            "supervisor.floor.of", a=duration_text(spent), b=minutes_text(target))
        colour = INK
        if cf.state == "serving" and target:
            colour = DANGER if spent > 2 * target * 60 else (WARNING if spent > target * 60 else INK)
        timing = (text, colour)
    idle_s = _seconds(now, cf.idle_since) if cf.state == "idle" else None
    if idle_s is None:
        idle = (none, MUTED)
    elif cf.waiting_for_it:
        idle = (tr("supervisor.floor.idle_waiting", dur=duration_text(idle_s), n=cf.waiting_for_it),
                WARNING if idle_s > 120 else INK)
    else:
        idle = (duration_text(idle_s), MUTED)
    return (
        (cf.name or counter_name(cf.number), INK),
        (cf.officer or none, INK if cf.officer else MUTED),
        state,
        ticket,
        timing,
        idle,
    )


def app_cells(beat: AppBeat, now: datetime, tz: ZoneInfo) -> tuple[tuple[str, str], ...]:
    """An app's row: (text, colour) per column of :data:`APP_COLUMNS`."""
    quiet = beat.quiet(now)
    seen = clock_text(beat.last_seen.astimezone(tz))
    return (
        (app_name(beat.kind, beat.counter), INK),
        (beat.pc, INK),
        (seen, DANGER if quiet else MUTED),
        (tr("supervisor.floor.app_quiet" if quiet else "supervisor.floor.app_alive"), DANGER if quiet else OK),
    )


def alert_text(alert: Alert, floor: Floor, now: datetime, tz: ZoneInfo) -> str:
    """One alert as a sentence: "Layanan A melewati standar waktu tunggu (32 mnt > 30 mnt)"."""
    if alert.kind == "service_late":
        sf = next((s for s in floor.services if s.code == alert.subject), None)
        target = sf.target_wait_min if sf is not None else 0
        wait = sf.oldest_wait_min(now) if sf is not None else None
        return tr("supervisor.alert.service_late", code=alert.subject,
                  wait=minutes_text(wait if wait is not None else target + alert.minutes), target=minutes_text(target))
    if alert.kind in ("counter_idle", "visit_long"):
        cf = next((c for c in floor.counters if str(c.number) == alert.subject), None)
        name = counter_name(int(alert.subject)) if alert.subject.isdigit() else alert.subject
        if alert.kind == "counter_idle":
            return tr("supervisor.alert.counter_idle", counter=name, idle=minutes_text(alert.minutes),
                      n=cf.waiting_for_it if cf is not None else 0)
        target = (cf.target_service_min or 0) if cf is not None else 0
        spent = _seconds(now, cf.since) if cf is not None else None
        return tr("supervisor.alert.visit_long", label=(cf.ticket_label if cf is not None else "") or "",
                  counter=name, time=minutes_text(spent / 60 if spent is not None else alert.minutes),
                  target=minutes_text(target))
    kind, _, rest = alert.subject.partition("|")
    pc, _, number = rest.partition("|")
    beat = next((b for b in floor.apps if b.kind == kind and b.pc == pc
                 and (str(b.counter) if b.counter is not None else "") == number), None)
    since = clock_text(beat.last_seen.astimezone(tz)) if beat is not None else "?"
    return tr("supervisor.alert.app_quiet", app=app_name(kind, int(number) if number.isdigit() else None),
              pc=pc, time=since)


def ordered_alerts(alerts: list[Alert]) -> list[Alert]:
    """The worst of each kind first (late service, long visit, idle counter, quiet app), so a
    quiet kiosk is not hidden behind five late services; then the rest, worst first."""
    rank = {kind: i for i, kind in enumerate(("service_late", "visit_long", "counter_idle", "app_quiet"))}
    by_worst = sorted(alerts, key=lambda a: (rank.get(a.kind, 9), -a.minutes))
    firsts: list[Alert] = []
    for a in by_worst:
        if all(f.kind != a.kind for f in firsts):
            firsts.append(a)
    return firsts + [a for a in by_worst if a not in firsts]


# -- widgets ----------------------------------------------------------------------------------------
class FloorTable(QTableWidget):
    """A read-only table whose cells are set only when their text or colour changes."""

    def __init__(self, columns: tuple[str, ...], name: str, stretch: int = 0) -> None:
        super().__init__(0, len(columns))
        self.columns = columns
        self.setObjectName(name)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.verticalHeader().setVisible(False)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        header = self.horizontalHeader()
        for i in range(len(columns)):
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        self.compact: bool | None = None
        self.set_density(False)
        self.cell_writes = 0  # cells actually changed (the bench and tests read it)

    def set_density(self, compact: bool) -> None:
        """11 pt in 24 px rows (1366×768) or 13 pt in 32 px rows (1920×1080)."""
        if compact == self.compact:
            return
        self.compact = compact
        self.verticalHeader().setDefaultSectionSize(24 if compact else 32)
        size = 11 if compact else 13
        self.setStyleSheet(f"QTableWidget {{ font-size: {size}pt; }}"
                           f" QHeaderView::section {{ font-size: {size - 1}pt; font-weight: bold; padding: 2px 6px; }}")

    def show_rows(self, rows: list[tuple[tuple[str, str], ...]]) -> None:
        """Show ``rows`` of (text, colour) cells, touching only the cells that differ."""
        if self.rowCount() != len(rows):
            self.setRowCount(len(rows))
        for i, row in enumerate(rows):
            for j, (text, colour) in enumerate(row):
                item = self.item(i, j)
                if item is None:
                    item = QTableWidgetItem()
                    item.setData(Qt.ItemDataRole.UserRole, "")
                    self.setItem(i, j, item)
                if item.text() != text:
                    item.setText(text)
                    self.cell_writes += 1
                if item.data(Qt.ItemDataRole.UserRole) != colour:
                    item.setData(Qt.ItemDataRole.UserRole, colour)
                    item.setForeground(QBrush(QColor(colour)))
                    bold = colour in (DANGER, WARNING)
                    font = item.font()
                    if font.bold() != bold:
                        font.setBold(bold)
                        item.setFont(font)
                    self.cell_writes += 1

    def cell_text(self, row: int, column: str) -> str:
        """The text of ``column`` in ``row`` (tests)."""
        item = self.item(row, self.columns.index(column))
        return item.text() if item is not None else ""


class AlertStrip(QWidget):
    """The alerts, big and coloured, in two columns: red for a late service or a long visit,
    amber for an idle counter or a quiet app."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alertStrip")
        self.box = QGridLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setHorizontalSpacing(6)
        self.box.setVerticalSpacing(4)
        self.labels: list[QLabel] = []
        self.shown: list[tuple[str, str]] = []
        self.max_alerts = MAX_ALERTS
        self.point_size = 15
        self.calm = QLabel()
        self.calm.setObjectName("allWell")
        self.calm.setStyleSheet(f"font-size: 13pt; color: {OK}; padding: 4px 4px;")
        self.box.addWidget(self.calm, 0, 0, 1, 2)

    def set_density(self, compact: bool) -> None:
        """Four alerts in 13 pt on a 1366×768 screen, six in 15 pt on a larger one."""
        max_alerts, size = (4, 13) if compact else (MAX_ALERTS, 15)
        if (max_alerts, size) != (self.max_alerts, self.point_size):
            self.max_alerts, self.point_size = max_alerts, size
            for label in self.labels:
                label.setProperty("level", None)  # restyled below
            shown, self.shown = self.shown, []
            self.show_alerts(shown, keep=True)

    def show_alerts(self, alerts: list[tuple[str, str]], *, keep: bool = False) -> None:
        """Show (text, level) lines, ``level`` ``red`` or ``amber``; the calm line when none."""
        wanted = alerts if keep else alerts[: self.max_alerts]
        if not keep and len(alerts) > self.max_alerts:
            rest = len(alerts) - self.max_alerts + 1
            wanted = alerts[: self.max_alerts - 1] + [(tr("supervisor.floor.more_alerts", n=rest), "amber")]
        if wanted == self.shown:
            return
        self.shown = wanted
        while len(self.labels) < len(wanted):
            label = QLabel()
            label.setObjectName("alert")
            label.setWordWrap(True)
            self.box.addWidget(label, len(self.labels) // 2, len(self.labels) % 2)
            self.labels.append(label)
        for label, (text, level) in zip(self.labels, wanted, strict=False):
            if label.property("level") != level:
                label.setProperty("level", level)
                background = DANGER if level == "red" else WARNING
                label.setStyleSheet(f"background: {background}; color: white; font-size: {self.point_size}pt;"
                                    " font-weight: bold; padding: 5px 12px; border-radius: 6px;")
            if label.text() != text:
                label.setText(text)
            label.show()
        for label in self.labels[len(wanted):]:
            label.hide()
        self.calm.setVisible(not wanted)

    def texts(self) -> list[str]:
        """The alert lines shown (tests)."""
        return [t for t, _level in self.shown]


class _PaintWatch(QObject):
    """Tells the page when a table it changed has been painted (the ``floor_updated`` log line)."""

    def __init__(self, page: FloorPage) -> None:
        super().__init__(page)
        self.page = page

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """On a paint after a read, log once the paint is done (a zero timer runs after it)."""
        if event.type() == QEvent.Type.Paint and self.page._unlogged is not None:
            QTimer.singleShot(0, self.page._log_painted)
        return False


class FloorPage(QWidget):
    """The whole floor for one supervisor. ``ready`` once the first floor is on screen;
    ``painted`` after every repaint caused by a read (benchmarks time it)."""

    ready = Signal()
    painted = Signal()

    def __init__(self, backend: Backend, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("floorPage")
        self.backend = backend
        self.actor = actor
        self.view: FloorView | None = None
        self._received = 0.0  # time.monotonic() when the view arrived
        self._ready = False
        self._shut = False
        self._error = ""
        self._unlogged: FloorView | None = None  # a read whose paint is not logged yet
        self._build()
        self._watch = _PaintWatch(self)
        for table in (self.services, self.counters):
            table.viewport().installEventFilter(self._watch)
        db = backend.db
        self.reader: SnapshotReader[FloorView] = SnapshotReader(
            backend.runner, lambda: read_floor_view(db), self, what="the floor", log=log)
        self.reader.loaded.connect(self._on_floor)
        self.reader.failed.connect(self._on_failed)
        backend.live.changed.connect(self._on_changes)
        backend.live.resync.connect(self.reader.request_now)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self.tick)
        self._tick.start()
        # Liveness is a matter of time: the apps' regular beats announce nothing, so the
        # floor re-reads them (with the rest, one short read) every beat interval.
        self._beats = QTimer(self)
        self._beats.setInterval(int(heartbeat.INTERVAL.total_seconds() * 1000))
        self._beats.timeout.connect(self.reader.request)
        self._beats.start()
        retranslate_on_switch(self)
        self.reader.request_now()

    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(14, 8, 14, 8)
        root.setSpacing(6)
        self.alerts = AlertStrip()
        root.addWidget(self.alerts)
        self.status = QLabel()
        self.status.setObjectName("floorStatus")
        self.status.setStyleSheet(f"font-size: 11pt; color: {MUTED};")
        root.addWidget(self.status)
        self.notice = QLabel()
        self.notice.setObjectName("floorNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(f"font-size: 12pt; color: {INK}; background: #fff8e1; padding: 4px 8px;")
        self.notice.hide()
        root.addWidget(self.notice)
        self.services_heading, self.counters_heading, self.apps_heading = QLabel(), QLabel(), QLabel()
        for h in (self.services_heading, self.counters_heading, self.apps_heading):
            h.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.services = FloorTable(SERVICE_COLUMNS, "servicesTable")
        self.counters = FloorTable(COUNTER_COLUMNS, "countersTable", stretch=1)
        self.apps = FloorTable(APP_COLUMNS, "appsTable", stretch=1)
        root.addWidget(self.services_heading)
        root.addWidget(self.services, 8)
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(4)
        grid.addWidget(self.counters_heading, 0, 0)
        grid.addWidget(self.counters, 1, 0)
        grid.addWidget(self.apps_heading, 0, 1)
        grid.addWidget(self.apps, 1, 1)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 1)
        root.addLayout(grid, 10)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Denser rows on a 1366×768 screen, roomier ones on 1920×1080."""
        super().resizeEvent(event)
        compact = self.height() < 800
        for table in (self.services, self.counters, self.apps):
            table.set_density(compact)
        self.alerts.set_density(compact)

    def translate_ui(self) -> None:
        """Every text in the current language (the data's too)."""
        self.services_heading.setText(tr("supervisor.floor.services"))
        self.counters_heading.setText(tr("supervisor.floor.counters"))
        self.apps_heading.setText(tr("supervisor.floor.apps"))
        self.alerts.calm.setText(tr("supervisor.floor.all_well"))
        for table in (self.services, self.counters, self.apps):
            table.setHorizontalHeaderLabels([tr(f"supervisor.floor.col.{c}") for c in table.columns])
        self._show_status()
        self._show_notice()
        self.tick()

    # -- data -------------------------------------------------------------------------------------
    def now(self) -> datetime:
        """Now by the office clock: the last floor's ``now`` plus the time since it arrived."""
        assert self.view is not None
        return self.view.floor.now + timedelta(seconds=time.monotonic() - self._received)

    def _on_changes(self, _changes: list[object]) -> None:
        self.reader.request()

    def _on_floor(self, view: FloorView) -> None:
        self.view = view
        self._received = time.monotonic()
        self._error = ""
        self.tick()
        self._show_status()
        self._show_notice()
        self._unlogged = view
        self.painted.emit()
        if not self._ready:
            self._ready = True
            log.info("floor shown", extra={"event": "floor_shown", "counters": len(view.floor.counters),
                                           "services": len(view.floor.services)})
            QTimer.singleShot(0, self.ready.emit)

    def _log_painted(self) -> None:
        """The read shown is painted: log ``floor_updated`` (benchmarks and end-to-end tests read it)."""
        view, self._unlogged = self._unlogged, None
        if view is None:
            return
        floor = view.floor
        log.info("floor painted", extra={
            "event": "floor_updated", "waiting": sum(sf.waiting for sf in floor.services),
            "tickets": {str(cf.number): cf.ticket_label for cf in floor.counters if cf.ticket_label}})

    def _show_notice(self) -> None:
        """Today's notice for the kiosk and the board, as they show it."""
        floor = self.view.floor if self.view is not None else None
        text = ""
        if floor is not None:
            text = (floor.notice_en or floor.notice_id) if translator().language == "en" else floor.notice_id
        if text:
            self.notice.setText(tr("supervisor.floor.notice", text=text))
        self.notice.setVisible(bool(text))

    def _on_failed(self, text: str) -> None:
        self._error = text
        self._show_status()

    def _show_status(self) -> None:
        if self._error:
            self.status.setStyleSheet(f"font-size: 11pt; color: {DANGER}; font-weight: bold;")
            self.status.setText(tr("supervisor.floor.read_failed", error=self._error))
            self.status.show()
        elif self.view is None:
            self.status.setStyleSheet(f"font-size: 11pt; color: {MUTED};")
            self.status.setText(tr("supervisor.floor.loading"))
            self.status.show()
        else:
            self.status.hide()

    def tick(self) -> None:
        """Recompute what moves with the clock (ages, idle times, alerts) from the last floor."""
        view = self.view
        if view is None:
            return
        now = self.now()
        floor = view.floor
        tz = ZoneInfo(view.zone)
        self.services.show_rows([service_cells(sf, now) for sf in floor.services])
        self.counters.show_rows([counter_cells(cf, now) for cf in floor.counters])
        self.apps.show_rows([app_cells(b, now, tz) for b in floor.apps])
        alerts = ordered_alerts(floors.alerts(floor, now))
        self.alerts.show_alerts([(alert_text(a, floor, now, tz), "red" if a.kind in RED_ALERTS else "amber")
                                 for a in alerts])

    def shutdown(self) -> None:
        """Stop ticking and reading (the window is going away)."""
        if self._shut:
            return
        self._shut = True
        self._tick.stop()
        self._beats.stop()
        leave_live(self.backend, self.reader, self._on_changes)
        stop_retranslating(self)
