"""The counts of GroupFigures read from the roll-ups (figure_counts, open_counts).

They answer for periods made of whole slots (every period kind is) and for the city or one agency;
the slot `now` falls in is only partly past, so what falls due in it before `now` is counted from
the inquiries themselves (the few open ones due in those hours).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, select
from sqlalchemy.ext.asyncio import AsyncConnection

from citycomm_reporting.adapters.filters import DIMENSION_COLUMNS, as_utc, is_open
from citycomm_reporting.adapters.schema import figure_counts, inquiries, open_counts
from citycomm_reporting.domain.periods import Period
from citycomm_reporting.domain.rollups import (
    ALL,
    CITY,
    COUNTED_SIGNALS,
    RESPONSE_BUCKETS,
    is_slot_boundary,
    slot_of,
)
from citycomm_reporting.domain.stats import GroupFigures


def of_agency(agency_id: str) -> ColumnElement[bool]:
    """One agency's inquiries, filtered along a time index rather than found by the agency's: the
    hours or month asked for hold far fewer rows than a large agency, but SQLite's planner prefers
    an equality (it read all of the largest agency's rows to find a month's)."""
    return func.coalesce(inquiries.c.agency_id, "") == agency_id


def answers(period: Period) -> bool:
    return is_slot_boundary(period.start) and is_slot_boundary(period.end)


def _sum(column: Any, condition: ColumnElement[bool] | None = None) -> Any:
    return func.coalesce(func.sum(column if condition is None else case((condition, column), else_=0)), 0)


class RolledUp:
    """Counts for `period` grouped `by` a dimension (or one group, "all"), city-wide or one agency's."""

    def __init__(self, period: Period, by: str | None, agency_id: str, now: datetime) -> None:
        self.period, self.by, self.agency_id, self.now = period, by, agency_id, now
        self.current = slot_of(now)

    def _scope(self, table: Any) -> list[ColumnElement[bool]]:
        dimension = ALL if self.by in (None, "agency") else self.by
        if self.agency_id:
            agency = table.c.agency_id == self.agency_id
        else:
            agency = table.c.agency_id != CITY if self.by == "agency" else table.c.agency_id == CITY
        return [agency, table.c.dimension == dimension]

    def _key(self, table: Any) -> ColumnElement[Any]:
        column: ColumnElement[Any] = table.c.agency_id if self.by == "agency" else table.c.key
        return column.label("key")

    async def counts(self, conn: AsyncConnection) -> dict[str, GroupFigures]:
        groups: dict[str, GroupFigures] = {}

        def group(name: str) -> GroupFigures:
            return groups.setdefault(name, GroupFigures(name))

        for row in await conn.execute(self._in_period()):
            figures = group(row.key)
            figures.received, figures.answered, figures.refused = row.received, row.answered, row.refused
            figures.decided, figures.on_time = row.decided, row.on_time
            figures.reminders, figures.escalations = row.reminders, row.escalations
            figures.webhook_failures = row.webhook_failures
        for row in await conn.execute(self._open()):
            group(row.key).open_now = row.open
        for row in await conn.execute(self._open_from_now()):
            group(row.key).overdue_now -= row.open
        for row in await conn.execute(self._due_lately()):
            group(row.key).overdue_now += row.overdue
            group(row.key).decided += row.decided
        for figures in groups.values():
            figures.overdue_now += figures.open_now
        return groups

    async def on_time(self, conn: AsyncConnection, periods: Sequence[Period]) -> list[tuple[int, int]]:
        """(decided, on time) in each of `periods` (by=None), from one read of their slots."""
        f, c, current = figure_counts.c, inquiries.c, as_utc(self.current)
        by_slot = (select(f.slot, (_sum(f.due_answered) + _sum(f.open_unanswered_due, f.slot < current)),
                          _sum(f.due_on_time))
                   .where(*self._scope(figure_counts), f.slot >= as_utc(periods[0].start),
                          f.slot < as_utc(periods[-1].end)).group_by(f.slot))
        lately = select(c.due_at, literal(1), literal(0)).where(
            is_open(), c.answered_at.is_(None), c.due_at >= current, c.due_at < as_utc(self.now))
        if self.agency_id:
            lately = lately.where(of_agency(self.agency_id))
        found = [[0, 0] for _ in periods]
        for query in (by_slot, lately):
            for moment, decided, on_time in await conn.execute(query):
                for n, period in enumerate(periods):
                    if period.contains(moment):
                        found[n][0] += decided
                        found[n][1] += on_time
        return [(decided, on_time) for decided, on_time in found]

    async def response_histogram(self, conn: AsyncConnection) -> list[int]:
        """The period's answers by office hours taken, in the buckets of RESPONSE_EDGES (by=None)."""
        f, start, end = figure_counts.c, as_utc(self.period.start), as_utc(self.period.end)
        query = select(*(_sum(f[bucket]) for bucket in RESPONSE_BUCKETS)).where(
            *self._scope(figure_counts), f.slot >= start, f.slot < end)
        return [int(count) for count in (await conn.execute(query)).one()]

    def _in_period(self) -> Any:
        f, start, end = figure_counts.c, as_utc(self.period.start), as_utc(self.period.end)
        key = self._key(figure_counts)
        return (select(key, _sum(f.received).label("received"), _sum(f.answered).label("answered"),
                       _sum(f.refused).label("refused"), _sum(f.due_on_time).label("on_time"),
                       *(_sum(f[m]).label(m) for m in COUNTED_SIGNALS.values()),
                       (_sum(f.due_answered) + _sum(f.open_unanswered_due, f.slot < as_utc(self.current))
                        ).label("decided"))
                .where(*self._scope(figure_counts), f.slot >= start, f.slot < end).group_by(key))

    def _open(self) -> Any:
        key = self._key(open_counts)
        query = select(key, _sum(open_counts.c.open).label("open"))
        return query.where(*self._scope(open_counts)).group_by(key)

    def _open_from_now(self) -> Any:
        """Open and due in the current slot or later (never due included): not overdue, but for the
        hours of the current slot already past, which _due_lately counts back."""
        f, key = figure_counts.c, self._key(figure_counts)
        return (select(key, _sum(f.open_due).label("open"))
                .where(*self._scope(figure_counts), f.slot >= as_utc(self.current)).group_by(key))

    def _due_lately(self) -> Any:
        """From the inquiries: open ones due since the current slot began, before now."""
        c, now, current = inquiries.c, as_utc(self.now), as_utc(self.current)
        if self.by is None:
            key: ColumnElement[Any] = literal(ALL).label("key")
        else:
            key = func.coalesce(DIMENSION_COLUMNS[self.by], "").label("key")
        in_period = and_(c.answered_at.is_(None), c.due_at >= as_utc(self.period.start),
                         c.due_at < as_utc(self.period.end))
        query = (select(key, func.count().label("overdue"), _sum(1, in_period).label("decided"))
                 .where(is_open(), c.due_at >= current, c.due_at < now).group_by(key))
        return query.where(of_agency(self.agency_id)) if self.agency_id else query
