"""Reading one period's IKM figures: a fixed handful of grouped statements, whatever the
number of responses (sums and counts per service in SQL, never a row per response)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import and_, case, func, literal, or_, select, union_all
from sqlalchemy.orm import Session

from db.database import Database
from db.models import ELEMENT_COLUMNS, WBK_COLUMNS, Service, SurveyPeriod, SurveyResponse, Ticket
from db.reports.data import ServiceRow, narrowed
from db.reports.period import Period, ReportError
from db.survey.elements import PROFILE
from db.survey.ikm import Counts, IkmResult, result_of

_R = SurveyResponse.__table__.c


def _flag(condition: Any) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _where(q: Any, period: Period, sid: int | None, cid: int | None, oid: int | None) -> Any:
    return narrowed(q.where(_R.day >= period.first, _R.day <= period.last), _R, sid, cid, oid)


#: A response counts as a respondent when at least one element is answered.
ANSWERED = or_(*(_R[c].is_not(None) for c in ELEMENT_COLUMNS))


def _counts(s: Session, period: Period, sid: int | None, cid: int | None, oid: int | None) -> dict[int, Counts]:
    """Per service: respondents, complete, WBK respondents and each column's answers and sum."""
    columns = ELEMENT_COLUMNS + WBK_COLUMNS
    per_column = [x for c in columns for x in (func.count(_R[c]), func.coalesce(func.sum(_R[c]), 0))]
    q = select(_R.service_id, _flag(ANSWERED), _flag(and_(*(_R[c].is_not(None) for c in ELEMENT_COLUMNS))),
               _flag(or_(*(_R[c].is_not(None) for c in WBK_COLUMNS))), *per_column).group_by(_R.service_id)
    out = {}
    for row in s.execute(_where(q, period, sid, cid, oid)):
        service_id, respondents, complete, wbk, *rest = row
        sums = {c: (int(rest[2 * i]), int(rest[2 * i + 1])) for i, c in enumerate(columns)}
        out[service_id] = Counts(int(respondents), int(complete), int(wbk), sums)
    return out


def _previous_visitors(s: Session, period: Period, sid: int | None, cid: int | None, oid: int | None) -> dict[int, int]:
    """Finished visits (status done) per service in the period before ``period``."""
    t = Ticket.__table__.c
    before = period.previous()
    q = (select(t.service_id, func.count()).where(t.day >= before.first, t.day <= before.last, t.status == "done")
         .group_by(t.service_id))
    return {service_id: int(n) for service_id, n in s.execute(narrowed(q, t, sid, cid, oid))}


def _profiles(s: Session, period: Period, sid: int | None, cid: int | None,
              oid: int | None) -> dict[int, dict[str, dict[str, int]]]:
    """Respondents per profile code, per service: ``{service_id: {field: {code: n}}}``."""
    parts = [_where(select(_R.service_id, literal(f.key).label("field"), _R[f.key].label("code"), func.count())
                    .where(ANSWERED, _R[f.key].is_not(None)).group_by(_R.service_id, _R[f.key]), period, sid, cid, oid)
             for f in PROFILE]
    out: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for service_id, key, code, n in s.execute(union_all(*parts)):
        out[service_id][key][code] = int(n)
    return out


def _comments(s: Session, period: Period, sid: int | None, cid: int | None, oid: int | None) -> list[tuple[int, str]]:
    """``(service_id, comment)`` of the period's responses with a comment, newest first."""
    q = (select(_R.service_id, _R.comment).where(_R.comment.is_not(None), _R.comment != "")
         .order_by(_R.updated_at.desc(), _R.id.desc()))
    return [(service_id, comment) for service_id, comment in s.execute(_where(q, period, sid, cid, oid))]


def plan_of(s: Session, period: Period) -> str:
    """The follow-up plan saved for exactly ``period``'s first and last day ("" when none)."""
    found = s.execute(select(SurveyPeriod.plan).where(SurveyPeriod.first == period.first,
                                                      SurveyPeriod.last == period.last)).scalar()
    return found or ""


def _merge(profiles: list[dict[str, dict[str, int]]]) -> dict[str, dict[str, int]]:
    total: dict[str, dict[str, int]] = {}
    for p in profiles:
        for key, codes in p.items():
            into = total.setdefault(key, {})
            for code, n in codes.items():
                into[code] = into.get(code, 0) + n
    return total


def read_results(s: Session, period: Period, services: dict[int, ServiceRow], sid: int | None = None,
                 cid: int | None = None, oid: int | None = None) -> IkmResult:
    """The IKM inside the caller's read session: for one service (``sid``) or the unit with
    ``per_service`` (services with respondents or visitors the period before, in their order)."""
    counts = _counts(s, period, sid, cid, oid)
    previous = _previous_visitors(s, period, sid, cid, oid)
    profiles = _profiles(s, period, sid, cid, oid)
    comments = _comments(s, period, sid, cid, oid)
    plan = plan_of(s, period)
    per_service = []
    for service_id, row in services.items():
        if service_id not in counts and service_id not in previous:
            continue
        c = counts.get(service_id, Counts())
        c = Counts(c.respondents, c.complete, c.wbk_respondents, c.sums, previous.get(service_id, 0))
        per_service.append(result_of(period, row, c, comments=tuple(t for i, t in comments if i == service_id),
                                     plan=plan, profile=_merge([profiles.get(service_id, {})])))
    if sid is not None:
        if per_service:
            return per_service[0]
        return result_of(period, services[sid], Counts(), plan=plan)
    unit = sum((r for r in counts.values()), Counts())
    unit = Counts(unit.respondents, unit.complete, unit.wbk_respondents, unit.sums, sum(previous.values()))
    return result_of(period, None, unit, per_service=tuple(per_service), comments=tuple(t for _, t in comments),
                     plan=plan, profile=_merge(list(profiles.values())))


def service_rows(s: Session) -> dict[int, ServiceRow]:
    """Every service as the reports name it, in the site's order."""
    return {r.id: ServiceRow(r.id, r.code, r.name_id, r.name_en, r.colour, r.target_wait_min, r.target_service_min)
            for r in s.execute(select(Service).order_by(Service.sort_order, Service.code)).scalars()}


def load_results(db: Database, period: Period, service: str | None = None) -> IkmResult:
    """:func:`db.survey.ikm.results`: one read transaction."""
    with db.read() as s:
        services = service_rows(s)
        sid = None
        if service is not None:
            sid = next((i for i, v in services.items() if v.code == service.upper()), None)
            if sid is None:
                raise ReportError(f"there is no service '{service}' (known: {', '.join(v.code for v in services.values())})")
        return read_results(s, period, services, sid)
