"""Response-time percentiles and distribution, computed as domain/stats does.

Percentiles: one read of the period's answers from the answered index (their group columns and both
response times; on PostgreSQL one array per column, no row object per answer), then numpy sorts the
values once by (group, value) and interpolates as domain/stats.percentile does, for every grouping
asked at once (the monthly report's six read the month's answers once). The database sorting them
(percentile_cont, one sort per grouping and time; SQLite: one text per group) cost more (decision 0101).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from citycomm_reporting.adapters.filters import DIMENSION_COLUMNS
from citycomm_reporting.adapters.schema import inquiries

SHARES = (0.5, 0.9)
TIMES = ("response_hours", "response_working_hours")
NAMES = {("response_hours", 0.5): "median_hours", ("response_hours", 0.9): "p90_hours",
         ("response_working_hours", 0.5): "median_working_hours",
         ("response_working_hours", 0.9): "p90_working_hours"}
Percentiles = dict[str, dict[str, float | None]]  # group key -> {"median_hours": …, …}


async def response_percentiles(conn: AsyncConnection, bys: Sequence[str | None],
                               scope: Sequence[ColumnElement[bool]]) -> list[Percentiles]:
    """Median and 90th percentile of both response times, per group of each of `bys` (None: one group,
    "all"), of the rows in `scope`: one read of the rows' group columns and times (PostgreSQL: one
    array per column), then grouped_shares for each grouping."""
    c, needed = inquiries.c, list(dict.fromkeys(by for by in bys if by is not None))
    columns: list[ColumnElement[Any]] = [func.coalesce(DIMENSION_COLUMNS[by], "") for by in needed]
    columns += [c.response_hours, c.response_working_hours]
    if conn.dialect.name == "postgresql":
        query = select(*(func.array_agg(column) for column in columns)).where(*scope)
        read = [array or [] for array in (await conn.execute(query)).one()]
    else:
        rows = (await conn.execute(select(*columns).where(*scope))).all()
        read = [list(values) for values in zip(*rows, strict=True)] if rows else [[] for _ in columns]
    keys = dict(zip(needed, read, strict=False))
    hours = [np.array(read[-2], dtype=np.float64), np.array(read[-1], dtype=np.float64)]
    found: list[Percentiles] = []
    for by in bys:
        names, codes = _codes(keys[by] if by is not None else None, len(hours[0]))
        shares = [grouped_shares(codes, values, len(names)) for values in hours]
        found.append({name: {NAMES[column, share]: shares[n][group][k]
                             for n, column in enumerate(TIMES) for k, share in enumerate(SHARES)}
                      for group, name in enumerate(names)})
    return found


def _codes(keys: Sequence[str] | None, count: int) -> tuple[list[str], np.ndarray]:
    """Each row's group as a number, and the groups' keys by number (None: all rows are "all")."""
    if keys is None:
        return ["all"], np.zeros(count, dtype=np.int64)
    numbers: dict[str, int] = {}
    codes = np.fromiter((numbers.setdefault(key, len(numbers)) for key in keys), dtype=np.int64, count=count)
    return list(numbers), codes


def grouped_shares(codes: np.ndarray, values: np.ndarray, groups: int) -> list[list[float | None]]:
    """The SHARES percentiles of `values` in each of `groups` groups (`codes`: each value's group, 0 to
    groups - 1; NaN, a missing value, left out), exactly as domain/stats.percentile computes them: one
    sort of every value by (group, value), then the same ranks and the same interpolation, in float64
    (the operations Python's floats do, one by one)."""
    kept = ~np.isnan(values)
    codes, values = codes[kept], values[kept]
    ordered = values[np.lexsort((values, codes))]
    counts = np.bincount(codes, minlength=groups)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    found: list[list[float | None]] = [[None] * len(SHARES) for _ in range(groups)]
    present = np.flatnonzero(counts)
    for n, share in enumerate(SHARES):
        position = (counts[present] - 1) * share
        low, high = np.floor(position).astype(np.int64), np.ceil(position).astype(np.int64)
        lows, highs = ordered[starts[present] + low], ordered[starts[present] + high]
        for group, value in zip(present.tolist(), (lows + (highs - lows) * (position - low)).tolist(),
                                strict=True):
            found[group][n] = value
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
