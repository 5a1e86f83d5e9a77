"""Aggregates in SQL: counts from the roll-ups (or grouped over the inquiries where a filter or a
period needs it), percentiles from one read of the period's answers (adapters/percentiles.py); see
domain/stats.py for what each means.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from citycomm_reporting.adapters.filters import DIMENSION_COLUMNS, as_utc, conditions, is_open
from citycomm_reporting.adapters.percentiles import NAMES, Percentiles, histogram, response_percentiles
from citycomm_reporting.adapters.rollup_figures import RolledUp, answers, of_agency
from citycomm_reporting.adapters.schema import inquiries, signals
from citycomm_reporting.adapters.store import normalised
from citycomm_reporting.domain.filters import InquiryFilter
from citycomm_reporting.domain.periods import Period
from citycomm_reporting.domain.rollups import COUNTED_SIGNALS
from citycomm_reporting.domain.stats import RESPONSE_EDGES, GroupFigures


def _key(by: str | None) -> ColumnElement[Any]:
    if by is None:
        return literal("all").label("key")
    return func.coalesce(DIMENSION_COLUMNS[by], "").label("key")


def _ones(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.sum(case((condition, 1), else_=0))


def _within(column: Any, period: Period) -> ColumnElement[bool]:
    return and_(column >= as_utc(period.start), column < as_utc(period.end))


class Aggregates:
    """`rollups=False` is the way figures were read before roll-ups: every count from the inquiries
    and every answered row of the period into Python for the percentiles (the benchmark's baseline,
    and the reference the tests hold the roll-ups to)."""

    def __init__(self, engine: AsyncEngine, *, rollups: bool = True) -> None:
        self.engine, self.rollups = engine, rollups

    def _rolls_up(self, periods: Sequence[Period], where: InquiryFilter) -> bool:
        """The roll-ups keep whole slots, for the city or one agency, nothing else filtered."""
        return (self.rollups and all(answers(p) for p in periods)
                and where == InquiryFilter(agency_id=where.agency_id))

    def _answered(self, period: Period, where: InquiryFilter, now: datetime) -> list[ColumnElement[bool]]:
        """The answers of `period` in scope, as the percentiles read them (from the answered index)."""
        c = inquiries.c
        rolled = self._rolls_up([period], where)
        scope = [of_agency(where.agency_id)] if rolled and where.agency_id else conditions(where, now)
        return [_within(c.answered_at, period), c.response_hours.is_not(None), *scope]

    async def figures(self, period: Period, by: str | None, where: InquiryFilter, now: datetime, *,
                      percentiles: bool = True) -> list[GroupFigures]:
        """One GroupFigures per value of `by` (or one "all"), in key order; `percentiles=False`:
        counts only (the response-time percentiles, the costly part, neither read nor shown)."""
        c, key, scope = inquiries.c, _key(by), conditions(where, now)
        rolled, answered = self._rolls_up([period], where), self._answered(period, where, now)
        async with self.engine.connect() as conn:
            if not self.rollups:
                groups = await _raw_counts(conn, period, key, scope, now)
                for row in await conn.execute(select(key, c.response_hours, c.response_working_hours)
                                              .where(*answered)):
                    found = groups.setdefault(row[0] or "", GroupFigures(row[0] or ""))
                    found.response_hours.append(row[1])
                    found.response_working_hours.append(row[2])
            elif rolled:
                groups = await RolledUp(period, by, where.agency_id, now).counts(conn)
            else:
                groups = await _raw_counts(conn, period, key, scope, now)
            if not rolled:
                for row in await conn.execute(self._signals(period, by, where, now)):
                    figures = groups.setdefault(row[0] or "", GroupFigures(row[0] or ""))
                    measure = COUNTED_SIGNALS[row[1]]
                    setattr(figures, measure, getattr(figures, measure) + row[2])
            if self.rollups and percentiles:
                [computed] = await response_percentiles(conn, [by], answered)
                _with_percentiles(groups.values(), computed)
            elif self.rollups:
                for group in groups.values():
                    group.response_times_read = False
        return [groups[k] for k in sorted(groups) if groups[k].counted]

    async def figures_by(self, period: Period, bys: Sequence[str | None], where: InquiryFilter,
                         now: datetime) -> list[list[GroupFigures]]:
        """figures() for each of `bys` (the monthly report's groupings): the counts asked at once, each
        on a connection of its own, and the percentiles of every grouping from one read of the answers."""
        if not self.rollups:
            return [await self.figures(period, by, where, now) for by in bys]

        async def percentiles() -> list[Percentiles]:
            async with self.engine.connect() as conn:
                return await response_percentiles(conn, bys, self._answered(period, where, now))

        counted, computed = await asyncio.gather(
            asyncio.gather(*(self.figures(period, by, where, now, percentiles=False) for by in bys)),
            percentiles())
        for groups, found in zip(counted, computed, strict=True):
            _with_percentiles(groups, found)
        return list(counted)

    async def on_time_rates(self, periods: Sequence[Period], where: InquiryFilter,
                            now: datetime) -> list[float | None]:
        """The on-time rate of each of consecutive `periods` (None where nothing was decided)."""
        if self._rolls_up(periods, where):
            async with self.engine.connect() as conn:
                counted = await RolledUp(periods[0], None, where.agency_id, now).on_time(conn, periods)
            return [GroupFigures("all", decided=d, on_time=t).on_time_rate for d, t in counted]
        return [found[0].on_time_rate if (found := await self.figures(p, None, where, now)) else None
                for p in periods]

    async def response_histogram(self, period: Period, where: InquiryFilter, now: datetime,
                                 edges: Sequence[float]) -> list[int]:
        """Office-hour response times of the period's answers, counted in the buckets of `edges`."""
        c = inquiries.c
        scope = [_within(c.answered_at, period), c.response_hours.is_not(None), *conditions(where, now)]
        async with self.engine.connect() as conn:
            if self._rolls_up([period], where) and tuple(edges) == RESPONSE_EDGES:
                return await RolledUp(period, None, where.agency_id, now).response_histogram(conn)
            return await histogram(conn, c.response_working_hours, scope, edges)

    async def standing_by_agency(self, period: Period, now: datetime) -> list[GroupFigures]:
        """Per agency: open and overdue now, decided and on time in `period`; two grouped counts only."""
        key, groups = _key("agency"), dict[str, GroupFigures]()
        async with self.engine.connect() as conn:
            for name, query in _counts(period, key, [], now).items():
                if name in ("decided", "open"):
                    for row in await conn.execute(query.group_by(key)):
                        _count(groups.setdefault(row[0], GroupFigures(row[0])), name, row[1:])
        return [groups[k] for k in sorted(groups)]

    async def latest_escalations(self, agency_id: str = "", limit: int = 10) -> list[dict[str, Any]]:
        """The newest escalations, with the inquiry they concern (no personal data)."""
        query = (select(signals.c.at, signals.c.stage, signals.c.agency_id, signals.c.inquiry_id,
                        inquiries.c.kind, inquiries.c.category, inquiries.c.status)
                 .select_from(signals.outerjoin(inquiries, inquiries.c.inquiry_id == signals.c.inquiry_id))
                 .where(signals.c.signal == "escalation").order_by(signals.c.at.desc()).limit(limit))
        if agency_id:
            query = query.where(signals.c.agency_id == agency_id)
        async with self.engine.connect() as conn:
            return [normalised(r) for r in (await conn.execute(query)).mappings()]

    @staticmethod
    def _signals(period: Period, by: str | None, where: InquiryFilter, now: datetime) -> Any:
        """Reminders, escalations and failures by the agency they concern (the notice's)."""
        key = func.coalesce(signals.c.agency_id, "").label("key") if by == "agency" else _key(by)
        scope = conditions(replace(where, agency_id=""), now)
        if where.agency_id:
            scope.append(signals.c.agency_id == where.agency_id)
        return (select(key, signals.c.signal, func.count())
                .select_from(signals.outerjoin(inquiries, inquiries.c.inquiry_id == signals.c.inquiry_id))
                .where(_within(signals.c.at, period), signals.c.signal.in_(COUNTED_SIGNALS), *scope)
                .group_by(key, signals.c.signal))


def _with_percentiles(groups: Iterable[GroupFigures], computed: Percentiles) -> None:
    for group in groups:
        group.response_percentiles = computed.get(group.key, dict.fromkeys(NAMES.values()))
        group.response_times_read = True


def _counts(period: Period, key: ColumnElement[Any], scope: list[ColumnElement[Any]],
            now: datetime) -> dict[str, Any]:
    """The grouped counts behind GroupFigures, by the figure they fill (see domain/stats.py)."""
    c = inquiries.c
    decided = and_(_within(c.due_at, period),
                   or_(c.answered_at.is_not(None), and_(is_open(), c.due_at < as_utc(now))))
    return {
        "received": select(key, func.count()).where(_within(c.received_at, period), *scope),
        "answered": select(key, func.count(), _ones(c.refused.is_(True)))
        .where(_within(c.answered_at, period), *scope),
        "decided": select(key, func.count(), _ones(c.on_time.is_(True))).where(decided, *scope),
        "open": select(key, func.count(), _ones(c.due_at < as_utc(now))).where(is_open(), *scope),
    }


async def _raw_counts(conn: AsyncConnection, period: Period, key: ColumnElement[Any],
                      scope: list[ColumnElement[Any]], now: datetime) -> dict[str, GroupFigures]:
    groups: dict[str, GroupFigures] = {}
    for name, query in _counts(period, key, scope, now).items():
        for row in await conn.execute(query.group_by(key)):
            _count(groups.setdefault(row[0] or "", GroupFigures(row[0] or "")), name, row[1:])
    return groups


def _count(figures: GroupFigures, name: str, values: tuple[Any, ...]) -> None:
    first, second = int(values[0] or 0), int(values[1] or 0) if len(values) > 1 else 0
    if name == "received":
        figures.received = first
    elif name == "answered":
        figures.answered, figures.refused = first, second
    elif name == "decided":
        figures.decided, figures.on_time = first, second
    else:
        figures.open_now, figures.overdue_now = first, second
