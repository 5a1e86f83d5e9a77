"""Trends as values: what rose (or fell), where, how far above normal, since when, on what evidence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from citycomm_common.codec import derived_id

Direction = Literal["rise", "fall"]
ChangeKind = Literal["detected", "updated", "ended"]
SeriesKey = tuple[str, str]  # (series type, value): ("category_ward", "noise/phuong-ben-thanh")


def series_keys(*, category: str, ward: str, agency: str, kind: str) -> tuple[SeriesKey, ...]:
    """Every series one inquiry counts in; empty parts (no ward, not yet assigned) are left out."""
    keys: list[SeriesKey] = [("category", category), ("kind", kind)]
    if ward:
        keys += [("ward", ward), ("category_ward", f"{category}/{ward}")]
    if agency:
        keys.append(("agency", agency))
    return tuple((t, v) for t, v in keys if v)


def series_id(series: SeriesKey) -> str:
    """A series as one string, "<type>/<value>": the key of its records and of its saved state."""
    return f"{series[0]}/{series[1]}"


def trend_id(series: SeriesKey, direction: Direction, since_hour: int) -> str:
    """Derived from the series and the window start, so a replay or a second worker repeats it."""
    return derived_id("trend", series[0], series[1], direction, str(since_hour))


@dataclass(frozen=True)
class Trend:
    """One trend as last reported."""

    trend_id: str
    series_type: str
    series_value: str
    direction: Direction
    since: datetime  # the start of the window in which it was first seen
    detected_at: datetime
    observed: int  # inquiries in the last window
    expected: float  # what is normal for that window
    peak: int
    p_value: float
    inquiry_ids: tuple[str, ...]
    ended_at: datetime | None = None

    @property
    def ratio(self) -> float:
        """How many times normal the last window was."""
        return self.observed / self.expected if self.expected > 0 else float("inf")


@dataclass(frozen=True)
class TrendChange:
    kind: ChangeKind
    trend: Trend
    at: datetime
