"""The percentiles (adapters/percentiles.grouped_shares: one numpy sort by group and value) are exactly
domain/stats': the same ranks, the same interpolation, the same doubles, group by group."""

from __future__ import annotations

import random

import numpy as np
import pytest

from citycomm_reporting.adapters.percentiles import SHARES, grouped_shares
from citycomm_reporting.domain.stats import percentile


def shares(groups: list[list[float]]) -> list[list[float | None]]:
    codes = np.array([n for n, values in enumerate(groups) for _ in values], dtype=np.int64)
    values = np.array([v for group in groups for v in group], dtype=np.float64)
    order = np.random.default_rng(len(values)).permutation(len(values))  # rows come in any order
    return [each for [each] in grouped_shares(codes[order], [values[order]], len(groups))]


@pytest.mark.parametrize("count", [1, 2, 3, 10, 11, 1001, 73_480])
def test_the_same_figures_as_sorting_every_value(count: int) -> None:
    rnd = random.Random(count)
    values = [rnd.expovariate(1 / 100) for _ in range(count)] + [0.0, 1 / 3][: count % 2]
    assert shares([values]) == [[percentile(values, share) for share in SHARES]]


def test_each_group_its_own_ranks() -> None:
    rnd = random.Random(17)
    groups = [[rnd.expovariate(1 / 40) for _ in range(rnd.choice([1, 2, 5, 97, 1000]))] for _ in range(200)]
    groups[7] = [3.0] * 10  # ties
    groups[9] = []  # a group with no answer
    expected = [[percentile(g, share) for share in SHARES] for g in groups]
    assert shares(groups) == expected
    assert expected[9] == [None, None]


def test_ties_and_interpolation() -> None:
    assert shares([[5, 1, 5, 3]]) == [[4.0, 5.0]]  # ranks 1.5 and 2.7 of 1,3,5,5
    assert shares([[120, 24, 170]]) == [[120.0, 160.0]]  # 120 + 0.8·50, as the scenario's agency A


def test_missing_values_are_left_out() -> None:
    codes = np.array([0, 0, 0, 1, 1], dtype=np.int64)
    values = np.array([1.0, float("nan"), 3.0, float("nan"), float("nan")])
    assert grouped_shares(codes, [values, values + 1], 3) == [[[2.0, 2.8], [3.0, 3.8]], [[None, None]] * 2,
                                                             [[None, None]] * 2]
