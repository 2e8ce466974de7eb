"""The demo's simulated visitors answer the survey at the counters without a survey screen."""

from __future__ import annotations

from sqlalchemy import select

from db.clock import FakeClock
from db.database import Database
from db.demo import Simulator
from db.models import Counter, SurveyResponse


def test_simulated_visitors_answer_at_the_counters_without_a_screen(db: Database, fake_clock: FakeClock) -> None:
    sim = Simulator(db, seed=7, surveyed=(2, 3))
    for second in range(0, 900, 2):  # 15 minutes: 36 answers at counters 2 and 3, 8 of them stopped half-way
        sim.step(float(second))
        fake_clock.advance(seconds=2)
    with db.read() as s:
        rows = s.execute(select(Counter.number, SurveyResponse.u1, SurveyResponse.u9, SurveyResponse.closed_at)
                         .join(Counter, Counter.id == SurveyResponse.counter_id)).all()
    assert rows, "nobody answered"
    assert {number for number, *_ in rows} <= {2, 3}
    assert all(closed is not None and u1 in (1, 2, 3, 4) for _, u1, _, closed in rows)
    assert 0 < sum(u9 is None for _, _, u9, _ in rows) < len(rows) / 2  # a few stop half-way
