"""One touch, one ticket, on a real database: issued, rendered and kept (printing off); a
touch while busy is ignored; a refusal, an unreachable database, an unknown service and a
folder the PDF cannot be written to each end as their own signal, never as a crash."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from db import queue
from db.database import Database
from kiosk.flow import PrintResult, PrintSetup, TicketFlow
from ui.tasks import TaskRunner

WAIT_MS = 20_000
MakeFlow = Callable[..., TicketFlow]


@pytest.fixture
def make_flow(qtbot: QtBot) -> Iterator[Callable[..., TicketFlow]]:
    """Factory: a flow with printing off that keeps its PDFs in ``keep_dir``; its runners drained after."""
    made: list[TicketFlow] = []

    def make(db: Database, keep_dir: Path, cooldown_ms: int = 0) -> TicketFlow:
        flow = TicketFlow(db, TaskRunner(), TaskRunner(), PrintSetup(printer="none", keep_dir=keep_dir),
                          cooldown_ms=cooldown_ms)
        made.append(flow)
        return flow

    yield make
    for flow in made:
        flow.shutdown()
        flow.db_runner.wait()
        flow.print_runner.wait()


def test_touch_issues_renders_and_keeps_the_ticket(qtbot: QtBot, db: Database, tmp_path: Path, make_flow: MakeFlow) -> None:
    flow = make_flow(db, tmp_path / "tickets")
    with qtbot.waitSignal(flow.printed, timeout=WAIT_MS) as printed, \
            qtbot.waitSignal(flow.pdf_ready, timeout=WAIT_MS) as pdf_ready:
        assert flow.take("A")
    issued, path, ms = pdf_ready.args
    assert issued.ticket.label == "A-001" and ms > 0
    assert Path(path).read_bytes().startswith(b"%PDF")
    result: PrintResult = printed.args[0]
    assert result.ok and result.printing_off and result.ticket_id == issued.ticket.id
    kept = list((tmp_path / "tickets").iterdir())
    assert [p.name for p in kept] == [f"{issued.ticket.day.isoformat()}_A-001_{issued.ticket.id}.pdf"]
    assert queue.ticket(db, issued.ticket.id).status == "waiting"


def test_a_second_touch_while_busy_is_ignored(qtbot: QtBot, db: Database, tmp_path: Path, make_flow: MakeFlow) -> None:
    flow = make_flow(db, tmp_path / "tickets", cooldown_ms=60_000)
    labels: list[str] = []
    flow.issued.connect(lambda issued: labels.append(issued.ticket.label))
    assert flow.take("A")
    assert flow.busy() and not flow.take("A")  # in flight
    qtbot.waitUntil(lambda: labels == ["A-001"], timeout=WAIT_MS)
    assert flow.busy() and not flow.take("B")  # answered, still in the quiet time
    flow.set_cooldown_ms(0)
    flow.shutdown()
    assert not flow.take("A")  # closing: no more tickets
    assert labels == ["A-001"]
    assert [s.issued_today for s in queue.queue_snapshot(db).services if s.code in "AB"] == [1, 0]


def test_refused_when_the_quota_is_full(qtbot: QtBot, db: Database, tmp_path: Path, make_flow: MakeFlow) -> None:
    from sqlalchemy import update

    from db.models import Service

    with db.write() as s:
        s.execute(update(Service).where(Service.code == "A").values(daily_quota=0))
    flow = make_flow(db, tmp_path / "tickets")
    with qtbot.waitSignal(flow.refused, timeout=WAIT_MS) as refused:
        flow.take("A")
    assert refused.args == ["A", "quota"]
    qtbot.waitUntil(lambda: not flow.busy(), timeout=WAIT_MS)  # the kiosk takes the next touch


def test_unreachable_database_is_offline(qtbot: QtBot, tmp_path: Path, make_flow: MakeFlow) -> None:
    folder = tmp_path / "antrian.db"
    folder.mkdir()  # where the file should be: SQLite cannot open it
    db = Database(f"sqlite:///{folder}", migrate=False)
    flow = make_flow(db, tmp_path / "tickets")
    with qtbot.waitSignal(flow.failed, timeout=WAIT_MS) as failed:
        flow.take("A")
    assert failed.args == ["A", "offline"]
    db.dispose()


def test_unknown_service_is_an_error(qtbot: QtBot, db: Database, tmp_path: Path, make_flow: MakeFlow,
                                     caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logging.getLogger("antrian"), "propagate", True)  # records reach caplog
    caplog.set_level(logging.INFO, logger="antrian.kiosk")
    flow = make_flow(db, tmp_path / "tickets")
    with qtbot.waitSignal(flow.failed, timeout=WAIT_MS) as failed:
        flow.take("Z")
    assert failed.args == ["Z", "error"]
    # (A set: pytest may also hand the non-propagating "antrian" logger's records to caplog directly.)
    errors = {r.getMessage() for r in caplog.records if r.levelno == logging.ERROR}
    assert errors == {"ticket for Z not issued: service 'Z' does not exist"}


def test_ticket_that_cannot_be_rendered_is_reported(qtbot: QtBot, db: Database, tmp_path: Path, make_flow: MakeFlow) -> None:
    blocker = tmp_path / "tickets"
    blocker.write_text("a file where the ticket folder should be")
    flow = make_flow(db, blocker)
    labels: list[str] = []
    flow.issued.connect(lambda issued: labels.append(issued.ticket.label))
    with qtbot.waitSignal(flow.printed, timeout=WAIT_MS) as printed:
        flow.take("B")
    result: PrintResult = printed.args[0]
    assert labels == ["B-001"]  # the number stands: the visitor is in the queue
    assert not result.ok and result.message.startswith("the ticket could not be rendered:")
