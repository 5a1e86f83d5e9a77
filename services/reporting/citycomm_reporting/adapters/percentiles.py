"""Response-time percentiles and distribution computed where the rows are, as domain/stats does.

PostgreSQL: percentile_cont (the same interpolation, on the same doubles). SQLite has no
ordered-set aggregate, and ranking by window functions was slower than Python: each group's values
come as one text and the ranks needed are placed by numpy (np.partition), without a row object per
answer and without sorting them all.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, Float, and_, case, cast, func, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncConnection

from citycomm_reporting.adapters.schema import inquiries

SHARES = (0.5, 0.9)
EXACT = "%!.17g"  # SQLite's printf: 17 significant digits round-trip a double
NAMES = {("response_hours", 0.5): "median_hours", ("response_hours", 0.9): "p90_hours",
         ("response_working_hours", 0.5): "median_working_hours",
         ("response_working_hours", 0.9): "p90_working_hours"}
Percentiles = dict[str, dict[str, float | None]]  # group key -> {"median_hours": …, …}


async def response_percentiles(conn: AsyncConnection, key: ColumnElement[Any],
                               scope: Sequence[ColumnElement[bool]]) -> Percentiles:
    """Median and 90th percentile of both response times, per group, of the rows in `scope`."""
    if conn.dialect.name == "postgresql":
        return await _percentile_cont(conn, key, scope)
    return await _concatenated(conn, key, scope)


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


async def _concatenated(conn: AsyncConnection, key: ColumnElement[Any],
                        scope: Sequence[ColumnElement[bool]]) -> Percentiles:
    """SQLite: each group's values as one text, 17 significant digits (a double read back exactly),
    then shares_of; one row per group crosses into Python, not one per answer."""
    c, columns = inquiries.c, ("response_hours", "response_working_hours")
    query = select(key, *(func.group_concat(func.printf(EXACT, c[name])) for name in columns)
                   ).where(*scope).group_by(key)
    found: Percentiles = {}
    for group, *texts in await conn.execute(query):
        found[group] = {NAMES[name, share]: value for name, text in zip(columns, texts, strict=True)
                        for share, value in zip(SHARES, shares_of(text), strict=True)}
    return found


def shares_of(text: str | None) -> list[float | None]:
    """The SHARES percentiles of the comma-separated values in `text`, exactly as domain/stats.percentile
    computes them (the same ranks, the same interpolation), from the few ranks they need: numpy places
    those ranks in linear time (np.partition) instead of sorting every value."""
    if not text:
        return [None] * len(SHARES)
    parts = text.split(",")
    values = np.fromiter(map(float, parts), dtype=np.float64, count=len(parts))  # Python's exact parse
    ranks = {share: ((len(parts) - 1) * share) for share in SHARES}
    needed = sorted({n for position in ranks.values() for n in (math.floor(position), math.ceil(position))})
    placed = np.partition(values, needed)
    found: list[float | None] = []
    for position in ranks.values():
        low, high = float(placed[math.floor(position)]), float(placed[math.ceil(position)])
        found.append(low + (high - low) * (position - math.floor(position)))
    return found


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
