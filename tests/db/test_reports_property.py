"""Property: every report figure equals a naive recount from ``ticket_events`` alone.

Hypothesis plays random office hours (issue, call, recall, start, finish, no-show,
transfer, cancel, pause, resume, sign out and in, the clock moving, a day turning) with
the real queue operations; then each figure is recounted from the event log by the
simplest code that follows the definitions (``db.reports.definitions``) and compared.
Examples are few: each one is a new database (CI time).
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from db import queue, reports
from db.clock import FakeClock, set_clock
from db.database import Database
from db.errors import AntrianError
from db.models import Service
from db.reports import Period
from tests.db.dbtools import events, wib
from tests.sitedb import SEATED

CODES = ("A", "B", "E")
COUNTERS = (1, 2, 3)
START = wib(2026, 3, 2, 8, 0)

op = st.one_of(
    st.tuples(st.just("issue"), st.sampled_from(CODES), st.booleans()),
    st.tuples(st.just("call"), st.sampled_from(COUNTERS), st.sampled_from((None, "done", "no_show"))),
    st.tuples(st.sampled_from(("recall", "start", "finish", "no_show", "pause", "resume", "sign_out", "sign_in")),
              st.sampled_from(COUNTERS)),
    st.tuples(st.just("transfer"), st.sampled_from(COUNTERS), st.sampled_from(CODES)),
    st.tuples(st.just("cancel"), st.integers(0, 30)),
    st.tuples(st.just("wait"), st.integers(1, 50)),
    st.tuples(st.just("next_day")),
)


def _play(db: Database, clock: FakeClock, ops: list[tuple[Any, ...]]) -> None:
    for n, (user, password) in SEATED.items():
        queue.sign_in(db, n, user, password)
    issued: list[int] = []
    for o in ops:
        clock.advance(minutes=1)
        try:
            if o[0] == "issue":
                issued.append(queue.issue_ticket(db, o[1], priority=o[2]).ticket.id)
            elif o[0] == "call":
                queue.call_next(db, o[1], close_as=o[2])
            elif o[0] == "transfer":
                queue.transfer(db, o[1], o[2])
            elif o[0] == "cancel":
                if issued:
                    queue.cancel(db, issued[o[1] % len(issued)])
            elif o[0] == "wait":
                clock.advance(minutes=o[1])
            elif o[0] == "next_day":
                local = clock.current.astimezone(START.tzinfo)
                clock.current = (local.replace(hour=8, minute=0) + timedelta(days=1)).astimezone(UTC)
            elif o[0] == "sign_in":
                user, password = SEATED[o[1]]
                queue.sign_in(db, o[1], user, password)
            else:
                fn = {"recall": queue.recall, "start": queue.start_service, "finish": queue.finish,
                      "no_show": queue.mark_no_show, "pause": queue.pause_counter, "resume": queue.resume_counter,
                      "sign_out": queue.sign_out}[o[0]]
                fn(db, o[1])
        except AntrianError:
            pass
    clock.advance(minutes=30)


# -- the naive recount ---------------------------------------------------------------------------


def _tickets(evs: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """Each ticket's life from its events alone."""
    t: dict[int, dict[str, Any]] = {}
    closing = {"finished": "done", "no_show": "no_show", "transferred": "transferred", "cancelled": "cancelled",
               "expired": "expired"}
    for e in evs:
        tid = e["ticket_id"]
        if tid is None:
            continue
        if e["kind"] in ("issued", "requeued"):
            detail = json.loads(e["detail"]) if e["detail"] else {}
            entry = e["at"] if e["kind"] == "issued" else t[detail["from_ticket"]]["entry"]
            t[tid] = {"service": e["service_id"], "day": e["day"], "entry": entry, "issued_at": e["at"],
                      "new": e["kind"] == "issued", "priority": bool(detail.get("priority")), "first_call": None,
                      "last_call": None, "start": None, "end": None, "status": "open", "counter": None,
                      "officer": None, "recalls": 0, "to": None}
            continue
        x = t[tid]
        if e["kind"] == "called":
            x["first_call"] = x["first_call"] or e["at"]
            x["last_call"] = e["at"]
            x["counter"], x["officer"] = e["counter_id"], e["officer_id"]
        elif e["kind"] == "recalled":
            x["recalls"] += 1
            x["last_call"] = e["at"]
        elif e["kind"] == "started":
            x["start"] = e["at"]
        elif e["kind"] in closing:
            x["status"], x["end"] = closing[e["kind"]], e["at"]
            if e["kind"] == "transferred":
                x["to"] = json.loads(e["detail"])["to"]
    return t


def _mins(a: datetime, b: datetime) -> float:
    return (a - b).total_seconds() / 60


def _idle(evs: list[dict[str, Any]], start: datetime, end: datetime) -> tuple[dict[int, float], dict[int, float]]:
    """Idle minutes by counter and officer: the signed-in intervals minus paused and busy ones,
    measured segment by segment between every moment something changed."""
    signed: dict[int, list[tuple[datetime, datetime, int]]] = defaultdict(list)
    blocked: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    open_sign: dict[int, tuple[datetime, int]] = {}
    open_pause: dict[int, datetime] = {}
    open_call: dict[int, tuple[int, datetime]] = {}
    for e in evs:
        c, k, at = e["counter_id"], e["kind"], e["at"]
        if c is None:
            continue
        if k == "signed_in":  # signing in again where one is signed in changes nothing
            if c in open_sign and open_sign[c][1] != e["officer_id"]:
                begin, officer = open_sign.pop(c)
                signed[c].append((begin, at, officer))
            open_sign.setdefault(c, (at, e["officer_id"]))
        elif k == "signed_out" and c in open_sign:
            begin, officer = open_sign.pop(c)
            signed[c].append((begin, at, officer))
        elif k == "paused":
            open_pause[c] = at
        elif k == "resumed" and c in open_pause:
            blocked[c].append((open_pause.pop(c), at))
        elif k == "called":
            open_call[c] = (e["ticket_id"], at)
        elif k in ("finished", "no_show", "transferred", "cancelled", "expired") and c in open_call \
                and open_call[c][0] == e["ticket_id"]:
            blocked[c].append((open_call.pop(c)[1], at))
    far = end + timedelta(days=1)
    for c, (begin, officer) in open_sign.items():
        signed[c].append((begin, far, officer))
    for c, begin in open_pause.items():
        blocked[c].append((begin, far))
    for c, (_, begin) in open_call.items():
        blocked[c].append((begin, far))
    by_counter: dict[int, float] = defaultdict(float)
    by_officer: dict[int, float] = defaultdict(float)
    for c, spans in signed.items():
        for a, b, officer in spans:
            a, b = max(a, start), min(b, end)
            if b <= a:
                continue
            cuts = sorted({a, b, *(x for s in blocked[c] for x in s if a < x < b)})
            for lo, hi in zip(cuts, cuts[1:], strict=False):
                mid = lo + (hi - lo) / 2
                if not any(p <= mid < q for p, q in blocked[c]):
                    by_counter[c] += _mins(hi, lo)
                    by_officer[officer] += _mins(hi, lo)
    return by_counter, by_officer


def _p90(values: list[float]) -> float | None:
    return sorted(values)[math.ceil(0.9 * len(values)) - 1] if values else None


def _check(db: Database, clock: FakeClock) -> None:
    evs = events(db)
    with db.read() as s:
        services = {r.id: (r.code, r.target_wait_min) for r in s.scalars(select(Service))}
    code_ids = {code: sid for sid, (code, _) in services.items()}
    t = _tickets(evs)
    days = sorted({x["day"] for x in t.values()}) or [date(2026, 3, 2)]
    period = Period(days[0], days[-1])
    summary = reports.summary(db, period)

    # volume per (day, service)
    for row in summary.volume.rows:
        mine = [x for x in t.values() if x["day"] == row.day and x["service"] == row.service_id]
        status = defaultdict(int)
        for x in mine:
            status[x["status"]] += 1
        new = [x for x in mine if x["new"]]
        assert (row.issued, row.transferred_in, row.priority) == \
            (len(new), len(mine) - len(new), sum(x["priority"] for x in new))
        assert (row.served, row.no_show, row.cancelled, row.transferred_out, row.expired, row.open) == \
            (status["done"], status["no_show"], status["cancelled"], status["transferred"], status["expired"],
             status["open"])
    assert summary.volume.total.issued + summary.volume.total.transferred_in == len(t)

    # waiting and service times per service
    for row in summary.times.rows:
        mine = [x for x in t.values() if x["service"] == row.service_id]
        waits = sorted(_mins(x["first_call"], x["entry"]) for x in mine if x["first_call"])
        served = sorted(_mins(x["end"], x["start"] or x["last_call"]) for x in mine if x["status"] == "done")
        for stats, values in ((row.waiting, waits), (row.service, served)):
            assert stats.count == len(values)
            if values:
                assert stats.mean == pytest.approx(sum(values) / len(values))
                assert stats.p90 == pytest.approx(_p90(values))
                assert stats.max == pytest.approx(values[-1])

    # compliance per (day, service)
    for crow in summary.compliance.rows:
        measured = met = 0
        for x in t.values():
            if x["day"] != crow.day or x["service"] != crow.service_id:
                continue
            target = services[x["service"]][1]
            if x["first_call"]:
                measured += 1
                met += _mins(x["first_call"], x["entry"]) <= target
            elif x["status"] in ("cancelled", "expired") and _mins(x["end"], x["entry"]) > target:
                measured += 1
        assert (crow.measured, crow.met) == (measured, met)

    # arrivals
    zone = START.tzinfo
    counts = [[0] * 24 for _ in range(7)]
    for x in t.values():
        if x["new"]:
            counts[x["day"].weekday()][x["issued_at"].astimezone(zone).hour] += 1
    assert summary.arrivals.counts == counts

    # per officer and counter, with idle time
    st_ = db.read
    with st_() as s:
        now = queue.site_now(s)[0]
    start = datetime.combine(period.first, datetime.min.time(), tzinfo=zone).astimezone(UTC)
    end = min(datetime.combine(period.last + timedelta(days=1), datetime.min.time(), tzinfo=zone).astimezone(UTC), now)
    idle_c, idle_o = _idle(evs, start, end)
    for rows, key, idle in ((summary.staff.counters, "counter", idle_c), (summary.staff.officers, "officer", idle_o)):
        for srow in rows:
            mine = [x for x in t.values() if x[key] == srow.id]
            assert srow.visits == sum(x["status"] == "done" for x in mine)
            assert srow.no_shows == sum(x["status"] == "no_show" for x in mine)
            assert srow.idle_min == pytest.approx(idle.get(srow.id, 0.0), abs=1e-6)
        assert {r.id for r in rows} >= {k for k, v in idle.items() if v > 1e-9}

    # recalls and transfers
    for rrow in summary.recalls.rows:
        mine = [x for x in t.values() if x["service"] == rrow.service_id]
        assert (rrow.recalled_visits, rrow.recalls, rrow.transferred_out, rrow.transferred_in) == (
            sum(1 for x in mine if x["recalls"]), sum(x["recalls"] for x in mine),
            sum(x["status"] == "transferred" for x in mine), sum(not x["new"] for x in mine))
    flows: dict[tuple[int, int], int] = defaultdict(int)
    for x in t.values():
        if x["status"] == "transferred":
            flows[(x["service"], code_ids[x["to"]])] += 1
    assert {(a, b): n for a, b, n in summary.recalls.flows} == dict(flows)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(ops=st.lists(op, min_size=5, max_size=45))
def test_reports_match_a_naive_recount_from_the_events(new_db_url: Any, ops: list[tuple[Any, ...]]) -> None:
    clock = FakeClock(START)
    set_clock(clock)
    db = Database(new_db_url(site=True))
    try:
        _play(db, clock, ops)
        _check(db, clock)
    finally:
        db.dispose()
        set_clock(None)
