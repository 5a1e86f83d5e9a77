"""Response-time percentiles and distribution in SQL: only a few numbers per group leave the database.

PostgreSQL: percentile_cont. SQLite has no ordered-set aggregates: each group's values are ranked
by a window function and only the rows at the ranks the interpolation needs are read, then
interpolated exactly as domain/stats.percentile does, so both give the numbers Python gave.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Float, Integer, and_, case, cast, func, literal, or_, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncConnection

from citycomm_reporting.adapters.schema import inquiries

SHARES = (0.5, 0.9)
NAMES = {("response_hours", 0.5): "median_hours", ("response_hours", 0.9): "p90_hours",
         ("response_working_hours", 0.5): "median_working_hours",
         ("response_working_hours", 0.9): "p90_working_hours"}
Percentiles = dict[str, dict[str, float | None]]  # group key -> {"median_hours": …, …}


async def response_percentiles(conn: AsyncConnection, key: ColumnElement[Any],
                               scope: Sequence[ColumnElement[bool]]) -> Percentiles:
    """Median and 90th percentile of both response times, per group, of the rows in `scope`."""
    if conn.dialect.name == "postgresql":
        return await _percentile_cont(conn, key, scope)
    return await _ranked(conn, key, scope)


async def _percentile_cont(conn: AsyncConnection, key: ColumnElement[Any],
                           scope: Sequence[ColumnElement[bool]]) -> Percentiles:
    c, shares = inquiries.c, cast(list(SHARES), ARRAY(Float))
    columns = ("response_hours", "response_working_hours")
    query = select(key, *(func.percentile_cont(shares).within_group(c[name]).label(name) for name in columns)
                   ).where(*scope).group_by(key)
    found: Percentiles = {}
    for row in await conn.execute(query):
        found[row[0]] = {NAMES[name, share]: value for name, values in zip(columns, row[1:], strict=True)
                         for share, value in zip(SHARES, values, strict=True)}
    return found


async def _ranked(conn: AsyncConnection, key: ColumnElement[Any],
                  scope: Sequence[ColumnElement[bool]]) -> Percentiles:
    c = inquiries.c
    ranked = select(
        key, func.count().over(partition_by=key).label("n"),
        *(column for name in ("response_hours", "response_working_hours") for column in (
            c[name].label(name),
            (func.row_number().over(partition_by=key, order_by=c[name]) - 1).label(f"{name}_rank")))
    ).where(*scope).subquery()
    r = ranked.c

    def needed(rank: Any) -> ColumnElement[bool]:
        lows = [cast((r.n - 1) * literal(share, Float), Integer) for share in SHARES]
        return or_(*(rank == low for low in lows), *(rank == low + 1 for low in lows))

    query = select(r.key, r.n, r.response_hours, r.response_hours_rank, r.response_working_hours,
                   r.response_working_hours_rank).where(
        or_(needed(r.response_hours_rank), needed(r.response_working_hours_rank)))
    at: dict[str, dict[str, dict[int, float]]] = {}
    sizes: dict[str, int] = {}
    for group, n, hours, hours_rank, working, working_rank in await conn.execute(query):
        sizes[group] = n
        values = at.setdefault(group, {"response_hours": {}, "response_working_hours": {}})
        values["response_hours"][hours_rank] = hours
        values["response_working_hours"][working_rank] = working
    return {group: {NAMES[name, share]: _interpolated(values[name], sizes[group], share)
                    for name in values for share in SHARES} for group, values in at.items()}


def _interpolated(by_rank: dict[int, float], size: int, share: float) -> float:
    """domain/stats.percentile, from the values at the two ranks it reads."""
    position = (size - 1) * share
    low, high = math.floor(position), math.ceil(position)
    return by_rank[low] + (by_rank[high] - by_rank[low]) * (position - low)


async def histogram(conn: AsyncConnection, column: ColumnElement[Any],
                    scope: Sequence[ColumnElement[bool]], edges: Sequence[float]) -> list[int]:
    """How many values fall below edges[1], in [edges[i], edges[i+1]), and at or above the last."""
    buckets = [column < edges[1]]
    buckets += [and_(column >= low, column < high) for low, high in zip(edges[1:], edges[2:], strict=False)]
    buckets.append(column >= edges[-1])
    query = select(*(func.coalesce(func.sum(case((bucket, 1), else_=0)), 0) for bucket in buckets)
                   ).where(column.is_not(None), *scope)
    row = (await conn.execute(query)).one()
    return [int(count) for count in row]
