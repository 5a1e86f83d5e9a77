"""Aggregate figures per group, as the directive's periodic reports need them (item 3a).

Definitions (docs/decisions/0009-what-the-figures-mean.md):
- received: inquiries received in the period; answered: answered in it (refusals included,
  domain.md §3), refused: the refusals among them;
- on-time rate: of the inquiries whose deadline fell in the period and whose outcome is known
  (answered, or still open past the deadline), the share answered by the deadline;
- response time: of the inquiries answered in the period, received → answered, in calendar
  hours and in office hours; median and 90th percentile interpolate linearly;
- open and overdue are counted now, whatever the period.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

DIMENSIONS = ("agency", "category", "kind", "ward", "channel")
# Buckets of the response-time distribution, in office hours: half a day, a day, two days, a week, …
RESPONSE_EDGES = (0, 4, 8, 16, 24, 40, 80)


def percentile(values: Sequence[float], share: float) -> float | None:
    """Linear interpolation between closest ranks (PostgreSQL's percentile_cont)."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * share
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class GroupFigures:
    key: str
    received: int = 0
    answered: int = 0
    refused: int = 0
    decided: int = 0
    on_time: int = 0
    open_now: int = 0
    overdue_now: int = 0
    reminders: int = 0
    escalations: int = 0
    webhook_failures: int = 0
    response_hours: list[float] = field(default_factory=list, repr=False)
    response_working_hours: list[float] = field(default_factory=list, repr=False)
    # The four percentiles as the database computed them (as_dict's names); then the lists stay empty.
    response_percentiles: dict[str, float | None] | None = field(default=None, repr=False)
    # False where only counts were asked for (a breakdown): as_dict then has no percentile keys.
    response_times_read: bool = field(default=True, repr=False)

    @property
    def on_time_rate(self) -> float | None:
        return round(self.on_time / self.decided, 4) if self.decided else None

    def as_dict(self) -> dict[str, Any]:
        figures = {f.name: getattr(self, f.name) for f in COUNTS}  # asdict would copy the lists too
        if not self.response_times_read:
            return {**figures, "on_time_rate": self.on_time_rate}
        return {**figures, "on_time_rate": self.on_time_rate,
                **{name: _rounded(value) for name, value in self.percentiles().items()}}

    def percentiles(self) -> dict[str, float | None]:
        if self.response_percentiles is not None:
            return self.response_percentiles
        return {"median_hours": percentile(self.response_hours, 0.5),
                "p90_hours": percentile(self.response_hours, 0.9),
                "median_working_hours": percentile(self.response_working_hours, 0.5),
                "p90_working_hours": percentile(self.response_working_hours, 0.9)}

    @property
    def counted(self) -> bool:
        """Anything at all: a group the queries found has one of these above zero."""
        return any((self.received, self.answered, self.decided, self.open_now, self.reminders,
                    self.escalations, self.webhook_failures))


COUNTS = [f for f in fields(GroupFigures) if not f.name.startswith("response_")]


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def ranking(groups: Iterable[GroupFigures], min_volume: int) -> dict[str, list[dict[str, Any]]]:
    """Agencies by on-time rate (then volume); those under `min_volume` decided are listed apart."""
    groups = list(groups)
    ranked = sorted((g for g in groups if g.decided >= min_volume),
                    key=lambda g: (-(g.on_time_rate or 0.0), -g.decided, g.key))
    return {
        "ranked": [{"rank": n, "agency_id": g.key, "on_time_rate": g.on_time_rate,
                    "decided": g.decided, "on_time": g.on_time} for n, g in enumerate(ranked, 1)],
        "below_min_volume": [{"agency_id": g.key, "decided": g.decided}
                             for g in sorted(groups, key=lambda g: g.key) if g.decided < min_volume],
    }
