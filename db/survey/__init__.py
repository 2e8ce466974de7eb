"""The satisfaction survey (SKM, Permenpan RB No. 14 Tahun 2017): which visit a screen asks
about, and saving one visitor's answers.

A survey is about one finished visit (a ticket whose status is ``done``) and anonymous:
its row names the ticket, service, counter, officer and business day, never a person.
Each answer is saved as it is tapped (:class:`Draft`), so a visitor who walks away
half-way leaves what they answered; a ticket answers once (the unique ``ticket_id``).

- the counter's screen asks :func:`visit_for_counter` when the feed reports a finish there;
- the kiosk asks :func:`find_visit` with the number printed on the ticket;
- the unit's follow-up plan for a survey period: :func:`plan`, :func:`set_plan`.

The IKM over the responses is :mod:`db.survey.ikm`; the questions are
:mod:`db.survey.elements`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db import audit, roles
from db.database import Database
from db.errors import AntrianError
from db.feed import CHANNEL, SURVEY
from db.models import ELEMENT_COLUMNS, WBK_COLUMNS, Counter, Service, SurveyPeriod, SurveyResponse, Ticket
from db.queue import site_now, ticket_label
from db.records import TicketStatus
from db.survey.elements import COMMENT_MAX, PROFILE
from db.validation import Text

__all__ = ["CHANNELS", "PLAN_MAX", "Draft", "SurveyRefused", "SurveyVisit", "find_visit", "normalise_label", "plan",
           "set_plan", "visit_for_counter"]

#: Where a survey is answered: the screen at the counter, or the kiosk by ticket number.
CHANNELS = ("counter", "kiosk")
#: The longest follow-up plan kept (characters).
PLAN_MAX = 4000
_ANSWER_KEYS = frozenset(ELEMENT_COLUMNS + WBK_COLUMNS)
_PROFILE_CODES = {f.key: frozenset(f.codes()) for f in PROFILE}
_LABEL = re.compile(r"^\s*([A-Za-z]{1,3})\s*-?\s*(\d{1,6})\s*$")


class SurveyRefused(AntrianError):
    """A survey that cannot be taken or saved; ``reason`` says why: ``unknown`` (no such
    ticket today), ``not_finished``, ``answered`` (it has a survey already), ``closed`` (this
    survey was finished or left and cannot change any more)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class SurveyVisit:
    """The finished visit a survey is about (what a survey screen shows and saves against)."""

    ticket_id: int
    label: str
    day: date
    service_id: int
    service_code: str
    service_name: str
    service_name_en: str
    counter_id: int | None
    counter_number: int | None
    officer_id: int | None
    finished_at: datetime  # UTC

    def service_title(self, language: str) -> str:
        """The service's name in ``language`` (``id`` or ``en``)."""
        return (self.service_name_en or self.service_name) if language == "en" else self.service_name


_VISIT_COLUMNS = (Ticket.id, Ticket.label, Ticket.day, Service.id, Service.code, Service.name_id, Service.name_en,
                  Ticket.counter_id, Counter.number, Ticket.officer_id, Ticket.finished_at)


def _visit(row: Any) -> SurveyVisit:
    return SurveyVisit(*row)


def _visits() -> Any:
    """Tickets with their service and counter, and whether a survey exists for them."""
    return (select(*_VISIT_COLUMNS, SurveyResponse.id, Ticket.status)
            .join(Service, Service.id == Ticket.service_id)
            .outerjoin(Counter, Counter.id == Ticket.counter_id)
            .outerjoin(SurveyResponse, SurveyResponse.ticket_id == Ticket.id))


def visit_for_counter(db: Database, counter: int) -> SurveyVisit | None:
    """The visit that just ended at counter number ``counter``, to ask about: the latest one
    finished there today as done, at most ``survey_wake_minutes`` ago, if it has no survey
    yet; else None (nothing to ask)."""
    with db.read() as s:
        now, day, st = site_now(s)
        row = s.execute(
            _visits().where(Counter.number == counter, Ticket.day == day, Ticket.finished_at.is_not(None))
            .order_by(Ticket.finished_at.desc(), Ticket.id.desc()).limit(1)
        ).first()
    if row is None or row[-1] != TicketStatus.DONE or row[-2] is not None:
        return None
    visit = _visit(row[:-2])
    if now - visit.finished_at > timedelta(minutes=st.survey_wake_minutes):
        return None
    return visit


def normalise_label(raw: str) -> str:
    """A ticket number as typed (``a7``, ``A 007``, ``A-7``) in the form tickets carry (``A-007``);
    :class:`SurveyRefused` (``unknown``) when it cannot be one."""
    m = _LABEL.match(raw or "")
    if m is None:
        raise SurveyRefused("unknown", f"'{raw}' is not a ticket number (a letter and digits, e.g. A-007)")
    return ticket_label(m.group(1).upper(), int(m.group(2)))


def find_visit(db: Database, label: str) -> SurveyVisit:
    """Today's finished visit with ticket number ``label``, for the kiosk's survey; refused
    (:class:`SurveyRefused`) when there is no such ticket today, it is not finished yet, or it
    has a survey already."""
    wanted = normalise_label(label)
    with db.read() as s:
        _, day, _ = site_now(s)
        rows = s.execute(_visits().where(Ticket.label == wanted, Ticket.day == day)
                         .order_by(Ticket.id.desc())).all()
    if not rows:
        raise SurveyRefused("unknown", f"there is no ticket {wanted} today")
    done = [r for r in rows if r[-1] == TicketStatus.DONE]
    if any(r[-2] is not None for r in rows):
        raise SurveyRefused("answered", f"the survey for {wanted} has been answered already")
    if not done:
        raise SurveyRefused("not_finished", f"{wanted} has not been served yet")
    return _visit(done[0][:-2])


def _checked(answers: dict[str, Any]) -> dict[str, Any]:
    """The answers as columns, or ValueError naming the first bad one."""
    values: dict[str, Any] = {}
    for key, value in answers.items():
        if key in _ANSWER_KEYS:
            if value is not None and (isinstance(value, bool) or value not in (1, 2, 3, 4)):
                raise ValueError(f"answer {key} must be 1, 2, 3 or 4, not {value!r}")
        elif key in _PROFILE_CODES:
            if value is not None and value not in _PROFILE_CODES[key]:
                raise ValueError(f"{key} must be one of {sorted(_PROFILE_CODES[key])}, not {value!r}")
        elif key == "comment":
            if value is not None and not isinstance(value, str):
                raise ValueError("the comment must be text")
            value = " ".join((value or "").split())[:COMMENT_MAX] or None
        elif key == "language":
            if value not in ("id", "en"):
                raise ValueError(f"language must be id or en, not {value!r}")
        else:
            raise ValueError(f"a survey has no answer {key!r}")
        values[key] = value
    return values


@dataclass
class Draft:
    """One visitor's survey on one screen, saved answer by answer.

    Use it from one thread only (the app's task runner runs every save in order). The first
    :meth:`save` creates the response (refused as ``answered`` when the ticket has one);
    :meth:`close` ends it, after which nothing in it changes.
    """

    visit: SurveyVisit
    channel: str
    language: str = "id"
    response_id: int | None = None
    saved: dict[str, Any] = field(default_factory=dict)
    closed: bool = False

    def __post_init__(self) -> None:
        if self.channel not in CHANNELS:
            raise ValueError(f"channel must be one of {CHANNELS}, not {self.channel!r}")

    def save(self, db: Database, **answers: Any) -> None:
        """Save ``answers`` (``u1``..``u9``, ``w1``..``w5`` 1..4 or None; profile codes; ``comment``;
        ``language``) in one write transaction."""
        values = _checked(answers)
        if self.closed:
            raise SurveyRefused("closed", f"the survey for {self.visit.label} is finished")
        if self.response_id is None:
            self.response_id = self._create(db, values)
        else:
            with db.write() as s:
                now, _, _ = site_now(s)
                done = s.scalar(update(SurveyResponse)
                                .where(SurveyResponse.id == self.response_id, SurveyResponse.closed_at.is_(None))
                                .values(updated_at=now, **values).returning(SurveyResponse.id))
            if done is None:
                self.closed = True
                raise SurveyRefused("closed", f"the survey for {self.visit.label} is finished")
        self.saved.update(values)
        self.language = self.saved.get("language", self.language)

    def _create(self, db: Database, values: dict[str, Any]) -> int:
        v = self.visit
        try:
            with db.write() as s:
                if s.scalar(select(SurveyResponse.id).where(SurveyResponse.ticket_id == v.ticket_id)) is not None:
                    raise _answered(v.label)
                now, _, _ = site_now(s)
                row = SurveyResponse(ticket_id=v.ticket_id, service_id=v.service_id, counter_id=v.counter_id,
                                     officer_id=v.officer_id, day=v.day, channel=self.channel,
                                     started_at=now, updated_at=now, **{"language": self.language, **values})
                s.add(row)
                s.flush()
                return row.id
        except IntegrityError:  # another screen created it in the same moment (PostgreSQL)
            raise _answered(v.label) from None

    def close(self, db: Database) -> None:
        """End the survey (finished or left): its answers stay, nothing more changes. Idempotent."""
        if self.closed:
            return
        self.closed = True
        if self.response_id is None:
            return
        with db.write() as s:
            now, _, _ = site_now(s)
            s.execute(update(SurveyResponse)
                      .where(SurveyResponse.id == self.response_id, SurveyResponse.closed_at.is_(None))
                      .values(closed_at=now))
            _announce(s)


def _answered(label: str) -> SurveyRefused:
    return SurveyRefused("answered", f"the survey for {label} has been answered already")


def _announce(s: Session) -> None:
    """Listeners on other PCs (the board's IKM, the console) re-read once this commits
    (PostgreSQL; SQLite's feed sees the file change by itself)."""
    if s.get_bind().dialect.name == "postgresql":
        s.execute(text("SELECT pg_notify(:c, :p)"), {"c": CHANNEL, "p": json.dumps({"kind": SURVEY})})


def plan(db: Database, first: date, last: date) -> str:
    """The follow-up plan (*rencana tindak lanjut*) entered for the period ``first``..``last``; "" if none."""
    with db.read() as s:
        return s.scalar(select(SurveyPeriod.plan).where(SurveyPeriod.first == first, SurveyPeriod.last == last)) or ""


def set_plan(db: Database, actor: roles.Actor | None, first: date, last: date, text: str) -> None:
    """Store the follow-up plan for ``first``..``last`` (a supervisor or administrator; while
    no administrator exists, set-up may). One transaction with its audit entry."""
    if last < first:
        raise ValueError(f"the period ends ({last}) before it starts ({first})")
    new = Text(PLAN_MAX, multiline=True).check("the follow-up plan", text.strip())
    with roles.acting(db, actor) as (s, officer_id):
        row = s.scalar(select(SurveyPeriod).where(SurveyPeriod.first == first, SurveyPeriod.last == last)
                       .with_for_update())
        old = row.plan if row is not None else ""
        if old == new:
            return
        now, _, _ = site_now(s)
        if row is None:
            s.add(SurveyPeriod(first=first, last=last, plan=new, updated_at=now, updated_by=officer_id))
        else:
            row.plan, row.updated_at, row.updated_by = new, now, officer_id
        target, before, after = f"{first.isoformat()}..{last.isoformat()}", {"plan": old}, {"plan": new}
        if actor is None:
            audit.record_setup(s, "survey_plan_set", target, before, after)
        else:
            audit.record(s, actor, "survey_plan_set", target, before, after)
