"""The IKM report (``db.survey.ikm.IkmResult``) as titled tables: per service with the unit's
total, NRR per element, the weakest elements, the WBK items, the respondents' profile, the
comments and the follow-up plan. Element names come from ``db.survey.elements`` only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from db.render.texts import text
from db.survey.elements import PROFILE, question
from db.survey.ikm import ElementScore, IkmResult


def _columns(language: str, *spec: tuple[str, str]) -> list[Any]:
    from db.render.tables import Column

    return [Column(text(key, language), kind) for key, kind in spec]


def _row(r: IkmResult, name: str, language: str) -> list[Any]:
    grade = "–" if r.grade is None else f"{r.grade.letter} ({r.grade.name(language)})"
    return [name, r.respondents, r.complete, r.previous_visitors, r.target_sample, r.progress, r.index, grade]


def _scores(items: tuple[ElementScore, ...], language: str) -> list[list[Any]]:
    return [[e.code, question(e.key).title(language), e.answers, e.total, e.nrr_rounded] for e in items]


def ikm_tables(r: IkmResult, service_name: Callable[[int | None], str], language: str) -> list[Any]:
    """``r`` as tables; ``service_name(id)`` names a service (None: all services)."""
    from db.render.tables import Table

    lang = language
    head = _columns(lang, ("service", "text"), ("respondents", "int"), ("complete", "int"),
                    ("previous_visitors", "int"), ("target_sample", "int"), ("progress", "pct"),
                    ("ikm_value", "dec"), ("grade", "text"))
    own = service_name(None if r.service is None else r.service.id)
    rows = [_row(s, service_name(s.service.id if s.service else None), lang) for s in r.per_service]
    tables = [Table("ikm_services", text("t_ikm_services", lang), head, [*rows, _row(r, own, lang)], totals=1)]
    score_cols = _columns(lang, ("code", "code"), ("element", "text"), ("answers", "int"), ("score_total", "int"),
                          ("nrr", "dec"))
    tables.append(Table("ikm_elements", text("t_ikm_elements", lang), score_cols, _scores(r.elements, lang)))
    tables.append(Table("ikm_weakest", text("t_ikm_weakest", lang),
                        _columns(lang, ("code", "code"), ("element", "text"), ("nrr", "dec")),
                        [[e.code, question(e.key).title(lang), e.nrr_rounded] for e in r.weakest]))
    if r.wbk is not None:
        wbk_cols = _columns(lang, ("code", "code"), ("item", "text"), ("answers", "int"), ("score_total", "int"),
                            ("nrr", "dec"))
        total = [text("wbk_value", lang), text("t_wbk", lang), r.wbk.respondents, None, r.wbk.index]
        tables.append(Table("wbk", text("t_wbk", lang), wbk_cols, [*_scores(r.wbk.items, lang), total], totals=1))
    for f in PROFILE:
        counts = r.profile.get(f.key, {})
        if counts:
            rows = [[f.option_text(code, lang), counts[code]] for code in f.codes() if code in counts]
            tables.append(Table(f"profile_{f.key}", text("t_profile", lang, field=f.label[lang]),
                                _columns(lang, ("option", "text"), ("respondents", "int")), rows))
    tables.append(Table("comments", text("t_comments", lang), _columns(lang, ("number_sign", "int"), ("comment", "text")),
                        [[i, c] for i, c in enumerate(r.comments, start=1)]))
    tables.append(Table("plan", text("t_plan", lang), _columns(lang, ("period", "text"), ("t_plan", "text")),
                        [[r.period.title(lang), r.plan or text("no_plan", lang)]]))
    return tables
