"""The IKM (Indeks Kepuasan Masyarakat, Permenpan RB No. 14 Tahun 2017), computed exactly.

- **NRR** of an element (*nilai rata-rata*) = sum of its answers ÷ number of answers to it.
- **IKM** = (Σ NRRᵢ × 1/9) × 25 over the nine elements U1..U9, kept as a fraction and
  rounded only at the end, half up, to two decimals. ``None`` while an element has no answer.
- **Grade** (*mutu pelayanan*) of the rounded IKM: A 88,31–100 Sangat Baik, B 76,61–88,30
  Baik, C 65,00–76,60 Kurang Baik, D 25,00–64,99 Tidak Baik.
- The **anti-corruption perception index** (WBK) is the same formula over W1..W5 (1/5 each).
- **Minimum sample** (Krejcie–Morgan) for N visitors of the previous period:
  s = χ²·N·P(1−P) ÷ (d²(N−1) + χ²·P(1−P)), χ² = 3,841, P = 0,5, d = 0,05, rounded to the
  nearest whole respondent as the regulation's published table is (N=50 → 44, 500 → 217).
- **Respondents**: responses with at least one element answered; **complete**: all nine.

:func:`results` reads one period's figures (``db.survey.ikmread``) in one read transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from db.reports.period import Period, current_period
from db.survey.elements import ELEMENTS, WBK_ITEMS

if TYPE_CHECKING:
    from db.database import Database
    from db.reports.data import ServiceRow

__all__ = [
    "GRADES", "ElementScore", "Grade", "IkmResult", "current_period", "grade", "index", "krejcie_morgan",
    "nrr", "results", "round_half_up", "weakest",
]

CHI_SQUARE = Fraction("3.841")
PROPORTION = Fraction(1, 2)
MARGIN = Fraction(5, 100)
#: How many of the lowest elements a report names as the weakest.
WEAKEST = 3


@dataclass(frozen=True)
class Grade:
    """A quality grade: its letter, its name in Indonesian and English, and the lowest IKM it takes."""

    letter: str
    name_id: str
    name_en: str
    lowest: Decimal

    def name(self, language: str = "id") -> str:
        """The grade's name in ``language``."""
        return self.name_en if language == "en" else self.name_id


#: The grades, best first (the regulation's table of *nilai interval konversi*).
GRADES: tuple[Grade, ...] = (
    Grade("A", "Sangat Baik", "Very good", Decimal("88.31")),
    Grade("B", "Baik", "Good", Decimal("76.61")),
    Grade("C", "Kurang Baik", "Less than good", Decimal("65.00")),
    Grade("D", "Tidak Baik", "Not good", Decimal("25.00")),
)


def grade(value: Decimal) -> Grade:
    """The grade of an IKM already rounded to two decimals (25,00 .. 100,00)."""
    if not Decimal("25") <= value <= Decimal("100"):
        raise ValueError(f"an IKM lies between 25 and 100, not {value}")
    return next(g for g in GRADES if value >= g.lowest)


def round_half_up(value: Fraction, places: int = 2) -> Decimal:
    """``value`` (≥ 0) rounded half up to ``places`` decimals, exactly (no float on the way)."""
    if value < 0:
        raise ValueError("only a value of zero or more is rounded here")
    scale = 10**places
    scaled = value * scale
    whole = (scaled.numerator * 2 + scaled.denominator) // (2 * scaled.denominator)
    return Decimal(whole).scaleb(-places).quantize(Decimal(1).scaleb(-places))


def nrr(total: int, answers: int) -> Fraction | None:
    """The mean of ``answers`` answers summing to ``total``; ``None`` without answers."""
    return Fraction(total, answers) if answers else None


def index(nrrs: Sequence[Fraction | None]) -> Decimal | None:
    """(Σ NRR × 1/n) × 25 rounded half up to two decimals; ``None`` if any NRR is missing."""
    if not nrrs or any(v is None for v in nrrs):
        return None
    exact = sum((v for v in nrrs if v is not None), Fraction(0)) / len(nrrs) * 25
    return round_half_up(exact)


def krejcie_morgan(population: int) -> int:
    """The minimum sample for ``population`` visitors (Krejcie–Morgan, as its published table)."""
    if population <= 0:
        return 0
    pq = PROPORTION * (1 - PROPORTION)
    exact = CHI_SQUARE * population * pq / (MARGIN**2 * (population - 1) + CHI_SQUARE * pq)
    return int(round_half_up(exact, 0))


@dataclass(frozen=True)
class ElementScore:
    """One element (or WBK item): ``answers`` given, their ``total``, and the NRR (exact)."""

    key: str
    code: str
    answers: int
    total: int
    nrr: Fraction | None

    @property
    def nrr_rounded(self) -> Decimal | None:
        """The NRR rounded half up to two decimals, as a table shows it."""
        return None if self.nrr is None else round_half_up(self.nrr)


def scores(keys: Sequence[tuple[str, str]], sums: dict[str, tuple[int, int]]) -> tuple[ElementScore, ...]:
    """The scores of the ``(key, code)`` questions from ``{key: (answers, total)}``."""
    out = []
    for key, code in keys:
        answers, total = sums.get(key, (0, 0))
        out.append(ElementScore(key, code, answers, total, nrr(total, answers)))
    return tuple(out)


def weakest(elements: Sequence[ElementScore], count: int = WEAKEST) -> tuple[ElementScore, ...]:
    """The ``count`` elements with the lowest NRR (ties by code), those without answers left out."""
    scored = [e for e in elements if e.nrr is not None]
    return tuple(sorted(scored, key=lambda e: (e.nrr, e.code))[:count])


@dataclass(frozen=True)
class IkmResult:
    """One period's IKM for the unit (``service`` None) or one service.

    ``index`` and ``grade`` are None until every element has an answer; ``wbk`` is the
    anti-corruption perception index's items and value, None when nobody answered them.
    ``target_sample`` is the Krejcie–Morgan sample for ``previous_visitors`` (finished
    visits of the period before). ``profile`` counts the respondents per profile code
    (``{"gender": {"L": 3, "P": 5}, ...}``, unanswered left out). ``comments`` newest first."""

    period: Period
    service: ServiceRow | None
    respondents: int
    complete: int
    elements: tuple[ElementScore, ...]
    index: Decimal | None
    grade: Grade | None
    wbk: WbkResult | None
    target_sample: int
    previous_visitors: int
    weakest: tuple[ElementScore, ...]
    per_service: tuple[IkmResult, ...] = ()
    comments: tuple[str, ...] = ()
    plan: str = ""
    profile: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def progress(self) -> float | None:
        """Respondents ÷ target sample (may pass 1), None without a target."""
        return self.respondents / self.target_sample if self.target_sample else None


@dataclass(frozen=True)
class WbkResult:
    """The anti-corruption perception items W1..W5 and their index (same formula, 1/5 each)."""

    respondents: int
    items: tuple[ElementScore, ...]
    index: Decimal | None


ELEMENT_KEYS = tuple((q.key, q.code) for q in ELEMENTS)
WBK_KEYS = tuple((q.key, q.code) for q in WBK_ITEMS)


@dataclass(frozen=True)
class Counts:
    """What is read for one service (or added up for the unit): respondents, complete ones,
    WBK respondents, ``{column: (answers, total)}``, finished visits of the period before."""

    respondents: int = 0
    complete: int = 0
    wbk_respondents: int = 0
    sums: dict[str, tuple[int, int]] = field(default_factory=dict)
    previous_visitors: int = 0

    def __add__(self, other: Counts) -> Counts:
        keys = set(self.sums) | set(other.sums)
        sums = {k: (self.sums.get(k, (0, 0))[0] + other.sums.get(k, (0, 0))[0],
                    self.sums.get(k, (0, 0))[1] + other.sums.get(k, (0, 0))[1]) for k in keys}
        return Counts(self.respondents + other.respondents, self.complete + other.complete,
                      self.wbk_respondents + other.wbk_respondents, sums,
                      self.previous_visitors + other.previous_visitors)


def result_of(period: Period, service: ServiceRow | None, counts: Counts, *, per_service: tuple[IkmResult, ...] = (),
              comments: tuple[str, ...] = (), plan: str = "",
              profile: dict[str, dict[str, int]] | None = None) -> IkmResult:
    """An :class:`IkmResult` from the counts read."""
    elements = scores(ELEMENT_KEYS, counts.sums)
    value = index([e.nrr for e in elements])
    items = scores(WBK_KEYS, counts.sums)
    wbk = WbkResult(counts.wbk_respondents, items, index([e.nrr for e in items])) if counts.wbk_respondents else None
    return IkmResult(period, service, counts.respondents, counts.complete, elements, value,
                     None if value is None else grade(value), wbk, krejcie_morgan(counts.previous_visitors),
                     counts.previous_visitors, weakest(elements), per_service, comments, plan, profile or {})


def results(db: Database, period: Period, service: str | None = None) -> IkmResult:
    """The IKM of ``period`` for the unit (with ``per_service``) or one service (its code),
    read in one read transaction."""
    from db.survey.ikmread import load_results

    return load_results(db, period, service)
