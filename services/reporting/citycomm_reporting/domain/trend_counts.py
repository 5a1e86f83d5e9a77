"""The count model of the early-warning detector: negative binomial tails for small counts."""

from __future__ import annotations

from functools import lru_cache

from scipy import stats

_MIN_MEAN = 0.05  # a series never seen at an hour still expects a little, so one inquiry is no storm


def _nbinom_args(mean: float, dispersion: float) -> tuple[float, float]:
    """NB (size, p) with this mean and variance mean + dispersion·mean²."""
    size = 1.0 / dispersion
    return size, size / (size + mean)


@lru_cache(maxsize=65536)
def _upper(observed: int, mean: float, dispersion: float) -> float:
    # The distributions' own functions, not frozen ones: freezing formats docstrings each time.
    mean = max(mean, _MIN_MEAN)
    if dispersion == 0:
        return float(stats.poisson.sf(observed - 1, mean))
    return float(stats.nbinom.sf(observed - 1, *_nbinom_args(mean, dispersion)))


@lru_cache(maxsize=65536)
def _lower(observed: int, mean: float, dispersion: float) -> float:
    mean = max(mean, _MIN_MEAN)
    if dispersion == 0:
        return float(stats.poisson.cdf(observed, mean))
    return float(stats.nbinom.cdf(observed, *_nbinom_args(mean, dispersion)))


def upper_tail(observed: int, mean: float, dispersion: float) -> float:
    """P(X ≥ observed) when `mean` is what is normal: small means a surprising rise."""
    return _upper(observed, round(mean, 2), dispersion)


def lower_tail(observed: int, mean: float, dispersion: float) -> float:
    """P(X ≤ observed) when `mean` is what is normal: small means a surprising fall."""
    return _lower(observed, round(mean, 2), dispersion)


def upper_quantile(mean: float, dispersion: float, alpha: float) -> int:
    """The smallest count whose upper tail is at most `alpha` (the top of the normal band)."""
    mean = max(round(mean, 2), _MIN_MEAN)
    if dispersion == 0:
        return int(stats.poisson.isf(alpha, mean)) + 1
    return int(stats.nbinom.isf(alpha, *_nbinom_args(mean, dispersion))) + 1


def normal_band(mean: float, dispersion: float, coverage: float = 0.9) -> tuple[int, int]:
    """The counts a window with this normal falls between `coverage` of the time (the pages' band)."""
    mean = max(round(mean, 2), _MIN_MEAN)
    tail = (1 - coverage) / 2
    if dispersion == 0:
        return int(stats.poisson.ppf(tail, mean)), int(stats.poisson.isf(tail, mean))
    args = _nbinom_args(mean, dispersion)
    return int(stats.nbinom.ppf(tail, *args)), int(stats.nbinom.isf(tail, *args))
