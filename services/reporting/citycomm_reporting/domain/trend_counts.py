"""The count model of the early-warning detector: negative binomial tails for small counts."""

from __future__ import annotations

from functools import lru_cache

from scipy import stats

_MIN_MEAN = 0.05  # a series never seen at an hour still expects a little, so one inquiry is no storm


def _distribution(mean: float, dispersion: float) -> stats.rv_discrete:
    """NB with this mean and variance mean + dispersion·mean² (Poisson when dispersion is 0)."""
    mean = max(mean, _MIN_MEAN)
    if dispersion == 0:
        return stats.poisson(mean)
    size = 1.0 / dispersion
    return stats.nbinom(size, size / (size + mean))


@lru_cache(maxsize=65536)
def _upper(observed: int, mean: float, dispersion: float) -> float:
    return float(_distribution(mean, dispersion).sf(observed - 1))


@lru_cache(maxsize=65536)
def _lower(observed: int, mean: float, dispersion: float) -> float:
    return float(_distribution(mean, dispersion).cdf(observed))


def upper_tail(observed: int, mean: float, dispersion: float) -> float:
    """P(X ≥ observed) when `mean` is what is normal: small means a surprising rise."""
    return _upper(observed, round(mean, 2), dispersion)


def lower_tail(observed: int, mean: float, dispersion: float) -> float:
    """P(X ≤ observed) when `mean` is what is normal: small means a surprising fall."""
    return _lower(observed, round(mean, 2), dispersion)


def upper_quantile(mean: float, dispersion: float, alpha: float) -> int:
    """The smallest count whose upper tail is at most `alpha` (the top of the normal band)."""
    return int(_distribution(round(mean, 2), dispersion).isf(alpha)) + 1
