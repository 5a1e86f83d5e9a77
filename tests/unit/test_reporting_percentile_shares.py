"""SQLite's percentiles (adapters/percentiles.shares_of, numpy's partition) are exactly domain/stats'."""

from __future__ import annotations

import random

import pytest

from citycomm_reporting.adapters.percentiles import EXACT, SHARES, shares_of
from citycomm_reporting.domain.stats import percentile


def as_sqlite_text(values: list[float]) -> str:
    """What group_concat(printf(EXACT, v)) gives: 17 significant digits per value."""
    assert EXACT == "%!.17g"
    return ",".join(f"{v:.17g}" for v in values)


@pytest.mark.parametrize("count", [1, 2, 3, 10, 11, 1001, 73_480])
def test_the_same_figures_as_sorting_every_value(count: int) -> None:
    rnd = random.Random(count)
    values = [rnd.expovariate(1 / 100) for _ in range(count)] + [0.0, 1 / 3][: count % 2]
    rnd.shuffle(values)
    assert shares_of(as_sqlite_text(values)) == [percentile(values, share) for share in SHARES]


def test_ties_and_interpolation() -> None:
    assert shares_of("5,1,5,3") == [4.0, 5.0]  # ranks 1.5 and 2.7 of 1,3,5,5
    assert shares_of("120,24,170") == [120.0, 160.0]  # 120 + 0.8·50, as the scenario's agency A


def test_no_values() -> None:
    assert shares_of(None) == [None, None]
    assert shares_of("") == [None, None]
