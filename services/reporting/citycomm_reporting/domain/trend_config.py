"""Sensitivity of the early-warning detector per series type, as data (config/trends.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from citycomm_common.config_files import load_config

SeriesType = Literal["category", "ward", "agency", "kind", "category_ward", "topic"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Sensitivity(_Frozen):
    """When one series type raises, updates and ends a trend."""

    alpha: float = Field(default=0.001, gt=0, lt=0.5)  # tail probability of the count model to raise at
    min_count: int = Field(default=5, ge=1)  # fewer inquiries in a window never make a trend
    min_ratio: float = Field(default=2.0, ge=1)  # observed / expected needed to raise
    end_ratio: float = Field(default=1.3, ge=1)  # below this ratio (for end_windows steps) the trend ends
    end_windows: int = Field(default=3, ge=1)
    update_ratio: float = Field(default=1.5, gt=1)  # a window this much above the last reported peak: updated
    falls: bool = False  # report falls too (only where the normal count is large enough)
    min_expected_for_fall: float = Field(default=20.0, gt=0)
    dispersion: float = Field(default=0.3, ge=0)  # negative-binomial overdispersion; 0 is Poisson

    @model_validator(mode="after")
    def _end_below_raise(self) -> Sensitivity:
        if self.end_ratio >= self.min_ratio:
            raise ValueError("end_ratio must be below min_ratio (hysteresis)")
        return self


class TrendConfig(_Frozen):
    """Windows, baseline learning and the sensitivities: see config/trends.yaml."""

    window_hours: int = Field(default=6, ge=1, le=168)  # hopping window size
    step_hours: int = Field(default=1, ge=1, le=24)  # hop
    shrinkage_weeks: float = Field(default=4.0, ge=0)  # weight of the pooled prior, in weeks of history
    min_history_weeks: int = Field(default=2, ge=0)  # no trend from a series with less history
    max_inquiry_ids: int = Field(default=50, ge=1, le=500)  # the ids a trend carries
    # The detector's hour in seconds: 3600 but to try it out or test it end to end in seconds.
    hour_seconds: int = Field(default=3600, ge=1, le=3600)
    # Ended trends stay on the pages' board (and in the weekly briefing's weeks) this long, then go.
    ended_kept_days: int = Field(default=35, ge=1)
    series: dict[SeriesType, Sensitivity] = Field(default_factory=dict)

    def sensitivity(self, series_type: str) -> Sensitivity:
        found = self.series.get(series_type)  # type: ignore[call-overload]  # any name reads
        return found if isinstance(found, Sensitivity) else Sensitivity()


def load_trend_config(path: Path) -> TrendConfig:
    """The detector's configuration; defaults when the file does not exist."""
    return load_config(path, TrendConfig) if path.exists() else TrendConfig()
