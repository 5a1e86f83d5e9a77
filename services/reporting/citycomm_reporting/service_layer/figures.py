"""Figures from the read model: per group, the ranking, the dashboard's, the gauges on /metrics."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from citycomm_common.clock import Clock
from citycomm_common.metrics import INQUIRIES_DECIDED, INQUIRIES_ON_TIME, INQUIRIES_OPEN, INQUIRIES_OVERDUE
from citycomm_reporting.adapters.aggregates import Aggregates
from citycomm_reporting.domain.filters import InquiryFilter
from citycomm_reporting.domain.periods import Period, period_containing, previous
from citycomm_reporting.domain.stats import RESPONSE_EDGES, GroupFigures, ranking

# Periods of on-time rate the dashboard shows, the selected one last.
DASHBOARD_GROUPS = (None, "agency", "category", "ward")  # the total first
HISTORY = {"day": 14, "week": 12, "month": 12, "month_1022": 12}


@dataclass(frozen=True)
class Dashboard:
    """What the dashboard shows for a period and (maybe) one agency. The breakdowns by agency,
    category and ward are counts only (no response-time percentiles: groups() has them)."""

    now: datetime
    total: GroupFigures | None
    by_agency: list[GroupFigures]
    by_category: list[GroupFigures]
    by_ward: list[GroupFigures]
    on_time: list[tuple[str, float | None]]  # (period label, rate), oldest first
    escalations: list[dict[str, Any]]
    names: Mapping[str, str]
    # The period's answers by office hours taken: below RESPONSE_EDGES[1], between edges, above the last.
    response_counts: tuple[int, ...] = ()


class Figures:
    def __init__(self, aggregates: Aggregates, clock: Clock, names: Mapping[str, str], *,
                 min_volume: int, monthly_period: str) -> None:
        self._aggregates, self._clock, self.names = aggregates, clock, names
        self._min_volume, self._monthly_period = min_volume, monthly_period

    async def groups(self, period: Period, by: str | None, where: InquiryFilter | None = None, *,
                     percentiles: bool = True) -> list[dict[str, Any]]:
        """One row of figures per value of `by` (agencies named), or one for all; `percentiles=False`:
        counts only (rows without the response-time percentiles)."""
        found = await self._aggregates.figures(period, by, where or InquiryFilter(), self._clock.now(),
                                               percentiles=percentiles)
        return [self._named(g, by) for g in found]

    async def groups_by(self, period: Period, bys: Sequence[str | None],
                        where: InquiryFilter | None = None) -> list[list[dict[str, Any]]]:
        """groups() for each of `bys`, asked at once (Aggregates.figures_by)."""
        found = await self._aggregates.figures_by(period, bys, where or InquiryFilter(), self._clock.now())
        return [[self._named(g, by) for g in groups] for by, groups in zip(bys, found, strict=True)]

    def _named(self, group: GroupFigures, by: str | None) -> dict[str, Any]:
        row = group.as_dict()
        if by == "agency":
            row["agency_name"] = self.names.get(group.key, group.key)
        return row

    async def ranking(self, period: Period, min_volume: int | None = None) -> dict[str, Any]:
        groups = await self._aggregates.figures(period, "agency", InquiryFilter(), self._clock.now(),
                                                percentiles=False)
        ranked = ranking(groups, min_volume or self._min_volume)
        for entry in ranked["ranked"] + ranked["below_min_volume"]:
            entry["agency_name"] = self.names.get(entry["agency_id"], entry["agency_id"])
        return {"period": period.label, "min_volume": min_volume or self._min_volume, **ranked}

    async def dashboard(self, period: Period, agency_id: str = "") -> Dashboard:
        """Its parts are independent reads: asked at once, each on a connection of its own."""
        where, now, read = InquiryFilter(agency_id=agency_id), self._clock.now(), self._aggregates
        groups, others = await asyncio.gather(
            asyncio.gather(*(read.figures(period, by, where, now, percentiles=by is None)
                             for by in DASHBOARD_GROUPS)),
            asyncio.gather(self._on_time_series(period, where, now), read.latest_escalations(agency_id),
                           read.response_histogram(period, where, now, RESPONSE_EDGES)))
        (totals, by_agency, by_category, by_ward), (on_time, escalations, response_counts) = groups, others
        return Dashboard(now=now, total=totals[0] if totals else None, by_agency=by_agency,
                         by_category=by_category, by_ward=by_ward, on_time=on_time, escalations=escalations,
                         names=self.names, response_counts=tuple(response_counts))

    async def _on_time_series(self, period: Period, where: InquiryFilter,
                              now: datetime) -> list[tuple[str, float | None]]:
        """The on-time rate of the selected period and the ones before it (weeks for a range)."""
        kind = "week" if period.kind == "range" else period.kind
        series = [period_containing(kind, period.end - timedelta(microseconds=1))]
        while len(series) < HISTORY[kind]:
            series.insert(0, previous(series[0]))
        rates = await self._aggregates.on_time_rates(series, where, now)
        return [(each.label, rate) for each, rate in zip(series, rates, strict=True)]

    async def refresh_gauges(self) -> None:
        """Open, overdue (now), decided and on time (this month) per agency, as /metrics shows them:
        counts, so a query computes the city's on-time rate as on time / decided over all agencies."""
        now = self._clock.now()
        standing = await self._aggregates.standing_by_agency(
            period_containing(self._monthly_period, now), now)
        # Replaced all at once (no await in between): an agency with nothing open or decided drops out.
        gauges = (INQUIRIES_OPEN, INQUIRIES_OVERDUE, INQUIRIES_DECIDED, INQUIRIES_ON_TIME)
        for gauge in gauges:
            gauge.clear()
        for figures in standing:
            agency = figures.key or "unassigned"
            INQUIRIES_OPEN.labels(agency).set(figures.open_now)
            INQUIRIES_OVERDUE.labels(agency).set(figures.overdue_now)
            INQUIRIES_DECIDED.labels(agency).set(figures.decided)
            INQUIRIES_ON_TIME.labels(agency).set(figures.on_time)
