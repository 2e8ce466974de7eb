"""``bench/stats.py``: one definition of a percentile, checked on values worked out by hand."""

from __future__ import annotations

import statistics

import pytest

from bench.stats import FIELDS, Summary, percentile, summarize, summary


def test_percentile_interpolates_between_closest_ranks() -> None:
    # 1..20: k = 19 * 0.95 = 18.05 -> x[18] + 0.05 * (x[19] - x[18]) = 19 + 0.05
    assert percentile(range(1, 21), 95) == pytest.approx(19.05)
    # Ten values 10, 20, ..., 100: k = 9 * 0.95 = 8.55 -> 90 + 0.55 * 10
    assert percentile([100, 10, 90, 20, 80, 30, 70, 40, 60, 50], 95) == pytest.approx(95.5)
    # 0th and 100th are the extremes; the 25th of 1..5 is a sample (k = 1).
    assert percentile([3, 1, 2, 5, 4], 0) == 1
    assert percentile([3, 1, 2, 5, 4], 100) == 5
    assert percentile([3, 1, 2, 5, 4], 25) == 2


def test_the_other_definitions_would_differ() -> None:
    """Why one definition: on 1..20 the old ones gave 19, 19 and 20 (nearest rank variants, floor)."""
    values = list(range(1, 21))
    assert percentile(values, 95) not in (19.0, 20.0)


def test_one_value_and_two_values() -> None:
    assert percentile([7.5], 95) == 7.5
    assert percentile([0.0, 10.0], 95) == pytest.approx(9.5)


@pytest.mark.parametrize("values", [[1.0, 2.0], [4.0, 1.0, 3.0], [5.0, 9.0, 1.0, 2.0, 8.0, 7.0]])
def test_the_50th_percentile_is_the_median(values: list[float]) -> None:
    assert percentile(values, 50) == pytest.approx(statistics.median(values))


def test_same_as_statistics_quantiles_inclusive() -> None:
    values = [12.0, 3.5, 7.25, 30.0, 1.0, 9.0, 14.5, 2.0, 22.0, 5.0, 6.0]
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    assert percentile(values, 95) == pytest.approx(cuts[94])
    assert percentile(values, 10) == pytest.approx(cuts[9])


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1.0], 101)
    with pytest.raises(ValueError):
        summarize([])


def test_summarize() -> None:
    # k = 3 * 0.95 = 2.85 -> 3 + 0.85 * (4 - 3)
    assert summarize([4.0, 1.0, 3.0, 2.0]) == Summary(n=4, min=1.0, median=2.5, p95=3.85, max=4.0, mean=2.5)


def test_summary_dict_keys_units_and_rounding() -> None:
    values = [1.23456, 2.34567, 3.45678]
    assert summary(values, 3, unit="_ms") == {
        "n": 3, "median_ms": 2.346, "p95_ms": 3.346, "mean_ms": 2.346, "min_ms": 1.235, "max_ms": 3.457}
    picked = summary(values, 1, fields=("median", "p95", "min", "max"))
    assert list(picked) == ["n", "median", "p95", "min", "max"]
    assert picked == {"n": 3, "median": 2.3, "p95": 3.3, "min": 1.2, "max": 3.5}
    assert list(summary(values)) == ["n", *FIELDS]
    assert summary([]) == {"n": 0}
