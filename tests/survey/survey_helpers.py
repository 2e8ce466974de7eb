"""Helpers of the survey screen's tests: a visit served to the end, a response read back."""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import select

from db import queue, survey
from db.database import Database
from db.models import SurveyResponse
from db.settings import SiteSettings
from db.survey import SurveyVisit


def serve(db: Database, counter: int, code: str = "A") -> str:
    """Issue a ticket of ``code`` and serve it to the end at ``counter``; its label."""
    label = queue.issue_ticket(db, code).ticket.label
    called = queue.call_next(db, counter)
    assert called.ticket is not None and called.ticket.label == label
    queue.start_service(db, counter)
    queue.finish(db, counter)
    return label


def served_visit(db: Database, counter: int = 1, code: str = "A") -> SurveyVisit:
    """A visit just finished at ``counter``, as the survey screen finds it."""
    label = serve(db, counter, code)
    visit = survey.visit_for_counter(db, counter)
    assert visit is not None and visit.label == label
    return visit


def site_settings(db: Database, **changes: Any) -> SiteSettings:
    """The site's settings with ``changes`` (the survey's options) applied in memory."""
    return dataclasses.replace(queue.site_settings(db), **changes)


def response(db: Database, ticket_id: int) -> dict[str, Any] | None:
    """The survey row of a ticket as a dict (None when there is none)."""
    with db.read() as s:
        row = s.scalar(select(SurveyResponse).where(SurveyResponse.ticket_id == ticket_id))
        if row is None:
            return None
        return {c.key: getattr(row, c.key) for c in SurveyResponse.__table__.columns}
