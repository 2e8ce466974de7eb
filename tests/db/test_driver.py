"""The hot paths' statements on the driver's cursor (``db.driver``): the same rows, values
and errors as through SQLAlchemy, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event, exc, insert, text

from db import queue
from db import statements as sql
from db.clock import utcnow
from db.database import Database
from db.driver import DriverConnection, Rows
from db.errors import DatabaseUnavailable
from tests.db.dbtools import count_statements


@pytest.fixture
def busy_db(db: Database, fake_clock: Any) -> Database:
    """The test site with a morning's queue: tickets waiting, called, served, one priority."""
    for code in ("A", "A", "B", "A", "C"):
        queue.issue_ticket(db, code)
    queue.issue_ticket(db, "A", priority=True)
    fake_clock.advance(minutes=3)
    queue.call_next(db, 1)
    queue.start_service(db, 1)
    fake_clock.advance(minutes=7)
    queue.call_next(db, 1)
    queue.call_next(db, 2)
    return db


def _same(db: Database, statement: Any, params: dict[str, Any]) -> list[Any]:
    """``statement`` through SQLAlchemy and through the driver, inside one transaction; the
    driver's rows, after checking they equal SQLAlchemy's in values, types and column names
    (an unnamed column's key is SQLAlchemy's own; the code reads those by position)."""
    with db.write_connection() as conn:
        expected = conn.execute(statement, params).all()
        driver = DriverConnection(conn)
        got = driver.execute(statement, params).all()
        driver.close()
    assert [tuple(r) for r in got] == [tuple(r) for r in expected]
    for mine, theirs in zip(got, expected, strict=True):
        assert [type(v) for v in mine] == [type(v) for v in theirs]
        named = {k: v for k, v in theirs._asdict().items() if not re.search(r"_\d+$", k)}  # not anon_1, count_1
        assert {k: mine._asdict()[k] for k in named} == named
    return got


def test_reads_give_what_sqlalchemy_gives(busy_db: Database) -> None:
    db = busy_db
    now, day, st = queue.site_now(db.engine.connect())
    since = now - timedelta(hours=1)
    settings = _same(db, sql.ALL_SETTINGS, {})
    assert {"site_name", "timezone"} <= {r.key for r in settings}
    services = _same(db, sql.ALL_SERVICES, {"day": day})
    assert [s.code for s in services][:3] == ["A", "B", "C"]
    assert isinstance(services[0].active, bool)
    counter = _same(db, sql.LOCK_COUNTER, {"number": 1})[0]
    current = _same(db, sql.LOCK_TICKET, {"ticket_id": counter.current_ticket_id})[0]
    assert current.called_at.tzinfo is not None and current.service_code == "A"
    for by_order in (True, False):
        assert _same(db, sql.NEXT_WAITING[by_order], {"counter_id": counter.id, "day": day})
    observed = _same(db, sql.OBSERVED_CALLS[db.dialect], {"day": day, "window": 10})
    assert observed and observed[0][2] == 1  # one visit closed, counted once
    queues = _same(db, sql.TODAY_QUEUES, {"day": day, "since": since})
    assert sum(r[2] for r in queues) == 3  # six issued, three called
    ahead = _same(db, sql.QUEUES_AHEAD, {"day": day, "since": since, "ticket_id": current.id + 100,
                                         "queue_time": now + timedelta(days=1), "priority": False})
    assert ahead == queues  # a ticket queued later than everyone has them all ahead
    _same(db, sql.COUNTER_LOAD_FOR_ESTIMATE, {})
    assert _same(db, sql.OFFICER_NAME, {"officer_id": counter.officer_id})[0][0]


def test_writes_bind_like_sqlalchemy(busy_db: Database) -> None:
    """The number upsert binds its own constants (``last_seq = 1``, ``+ 1``); an insert binds
    aware datetimes and dates as SQLAlchemy stores them, and a row reads back the same."""
    db = busy_db
    with db.write_connection() as conn:
        driver = DriverConnection(conn)
        day = utcnow().date() + timedelta(days=30)
        numbers = [driver.execute(sql.NEXT_NUMBER[db.dialect], {"service_id": 1, "day": day}).scalar_one()
                   for _ in range(3)]
        assert numbers == [1, 2, 3]
        now = utcnow()
        columns = dict(service_id=1, day=day, seq=3, label="A-003", status="waiting", priority=False,
                       issued_at=now, queue_time=now, called_at=None, started_at=None, finished_at=None,
                       counter_id=None, officer_id=None, recall_count=0, source="kiosk", transferred_from_id=None)
        ticket_id = driver.execute(sql.INSERT_TICKET, columns).scalar_one()
        row = conn.execute(sql.LOCK_TICKET, {"ticket_id": ticket_id}).one()  # read back by SQLAlchemy
        assert (row.day, row.issued_at, row.priority) == (day, now, False)
        driver.close()


def test_a_refused_write_raises_sqlalchemy_s_error_and_nothing_is_kept(db: Database) -> None:
    with pytest.raises(exc.IntegrityError), db.write_connection() as conn:
        driver = DriverConnection(conn)
        driver.execute(sql.NEXT_NUMBER[db.dialect], {"service_id": 999_999, "day": utcnow().date()})  # no such service
    with db.read() as s:
        assert s.execute(text("SELECT count(*) FROM day_sequences WHERE service_id = 999999")).scalar() == 0


def test_a_statement_with_a_python_default_goes_through_sqlalchemy(db: Database) -> None:
    """An insert leaving out a column with a Python-side default needs SQLAlchemy to compute
    it: the driver hands it over, and the result is SQLAlchemy's own."""
    from db.models import Service

    stmt = insert(Service.__table__)
    with db.write_connection() as conn:
        result = DriverConnection(conn).execute(stmt, {"code": "Z", "name_id": "Zeta", "name_en": "Zeta"})
        assert not isinstance(result, Rows)
        stored = conn.execute(text("SELECT colour, active, sort_order FROM services WHERE code = 'Z'")).one()
    assert tuple(stored) == ("#1565c0", True, 0)  # the Python-side defaults, computed by SQLAlchemy


def test_listeners_see_every_statement(db: Database, fake_clock: Any) -> None:
    """Statement taps (the benchmark's, tests counting statements) see the driver's statements,
    with their parameters as SQLAlchemy gives them (a tuple, or a dict of named ones), which
    the benchmark sends on to ``exec_driver_sql``."""
    seen: list[str] = []

    def tap(conn: Any, cursor: Any, statement: str, parameters: Any, *rest: Any) -> None:
        assert isinstance(parameters, tuple | dict), type(parameters)
        seen.append(statement)

    event.listen(db.engine, "after_cursor_execute", tap)
    try:
        queue.issue_ticket(db, "A")
    finally:
        event.remove(db.engine, "after_cursor_execute", tap)
    assert any(s.startswith("INSERT INTO tickets") for s in seen)
    assert count_statements(db, lambda: queue.call_next(db, 1)) >= 5


def test_an_unhashable_or_plain_statement_runs_too(db: Database) -> None:
    with db.write_connection() as conn:
        driver = DriverConnection(conn)
        assert driver.execute(text("SELECT 1 + 1")).scalar() == 2
        assert [r.key for r in driver.execute(sql.ALL_SETTINGS)] == [r.key for r in conn.execute(sql.ALL_SETTINGS)]
        assert Rows([]).first() is None and Rows([]).scalar() is None and Rows([(1,), (2,)]).scalars() == [1, 2]
        with pytest.raises(exc.MultipleResultsFound):
            Rows([(1,), (2,)]).one()
        with pytest.raises(exc.NoResultFound):
            Rows([]).scalar_one()


@pytest.mark.postgres
def test_a_connection_lost_inside_a_write_is_unavailable_and_the_next_one_works(
        pg_site_url: str, fake_clock: Any) -> None:
    db = Database(pg_site_url)
    try:
        first = queue.issue_ticket(db, "A").ticket
        killer = Database(pg_site_url)
        with pytest.raises(DatabaseUnavailable), db.write_connection() as conn:
            driver = DriverConnection(conn)
            pid = driver.execute(text("SELECT pg_backend_pid()")).scalar_one()
            with killer.engine.connect() as other:
                other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            driver.execute(sql.ALL_SETTINGS)
        killer.dispose()
        second = queue.issue_ticket(db, "A").ticket  # the lost connection was not pooled again
        assert (first.label, second.label) == ("A-001", "A-002")
    finally:
        db.dispose()
