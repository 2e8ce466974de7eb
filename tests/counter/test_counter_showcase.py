"""``python -m counter.showcase``: the database for screenshots holds the morning its docstring tells."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from counter import model, showcase
from db.database import Database, sqlite_url


def test_showcase_plays_the_last_hour_at_loket_1(tmp_path: Path) -> None:
    now = datetime.now(ZoneInfo("Asia/Jakarta"))
    if (now - timedelta(minutes=80)).date() != now.date():
        pytest.skip("the showcase's last hour would start on the previous business day")
    path = tmp_path / "showcase.db"
    path.write_text("an old file, replaced")
    showcase.prepare(path)
    db = Database(sqlite_url(path))
    try:
        view = model.read_view(db, 1)
        # Loket 1 is serving one visitor now, signed in as Siti.
        assert view.counter.officer == "Siti Rahmawati"
        assert view.current is not None and (view.current.label, view.current.status) == ("A-003", "serving")
        # Two visits served (9 minutes each) and one no-show before.
        assert (view.figures.served, view.figures.no_shows, view.figures.average_service_min) == (2, 1, 9.0)
        # Eight wait: the priority visitor first, one of them past the service's target time, and
        # the booked visitor (checked in 10 minutes ago for 5 minutes ago) after the walk-in who
        # came before the booked time and before the one who came after it.
        now_utc = view.now()
        waiting = [(t.label, t.priority, model.is_overdue(t, view.service(t.service_code), now_utc)) for t in view.waiting]
        assert [w[0] for w in waiting] == ["A-006", "A-004", "A-005", "A-007", "B-002", "B-003", "B-004", "B-005"]
        assert [w[0] for w in waiting if w[1]] == ["A-006"]
        assert [w[0] for w in waiting if w[2]] == ["B-002"]
        booked = [(t.label, model.booked_time(t, view.timezone)) for t in view.waiting if t.source == model.BOOKING]
        assert [label for label, _ in booked] == ["A-005"]
        at = booked[0][1]
        assert at is not None and abs((at - now_utc).total_seconds() + 5 * 60) < 60  # five minutes ago (to the minute)
    finally:
        db.dispose()
