"""Response-time percentiles and distribution, computed as domain/stats does.

Percentiles: one read of the period's answers from the answered index (their group columns and both
response times; on PostgreSQL one array per column, no row object per answer), then numpy sorts the
values once by (group, value) and interpolates as domain/stats.percentile does, for every grouping
asked at once (the monthly report's six read the month's answers once). The database sorting them
(percentile_cont, one sort per grouping and time; SQLite: one text per group) cost more (decision 0101).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, and_, case, func, literal_column, select, tuple_
from sqlalchemy.ext.asyncio import AsyncConnection

from citycomm_reporting.adapters.filters import DIMENSION_COLUMNS
from citycomm_reporting.adapters.schema import inquiries

SHARES = (0.5, 0.9)
TIMES = ("response_hours", "response_working_hours")
EXACT = "%!.17g"  # SQLite's printf: 17 significant digits read back as the same double
SEPARATOR = "\x1f"  # between the keys of a grouping, in SQLite's text of them (no code holds it)
NAMES = {("response_hours", 0.5): "median_hours", ("response_hours", 0.9): "p90_hours",
         ("response_working_hours", 0.5): "median_working_hours",
         ("response_working_hours", 0.9): "p90_working_hours"}
Percentiles = dict[str, dict[str, float | None]]  # group key -> {"median_hours": …, …}


async def response_percentiles(conn: AsyncConnection, bys: Sequence[str | None],
                               scope: Sequence[ColumnElement[bool]]) -> list[Percentiles]:
    """Median and 90th percentile of both response times, per group of each of `bys` (None: one group,
    "all"), of the rows in `scope`, from one read of them."""
    needed = list(dict.fromkeys(by for by in bys if by is not None))
    keys = {by: func.coalesce(DIMENSION_COLUMNS[by], "") for by in needed}
    read = _postgresql if conn.dialect.name == "postgresql" else _sqlite
    found = await read(conn, None in bys, keys, scope)
    return [{name: {NAMES[column, share]: shares[n][k] for n, column in enumerate(TIMES)
                    for k, share in enumerate(SHARES)} for name, shares in found[by].items()} for by in bys]


Found = dict[str | None, dict[str, list[list[float | None]]]]  # by -> group key -> SHARES of each TIMES


async def _postgresql(conn: AsyncConnection, everyone: bool, keys: Mapping[str, ColumnElement[Any]],
                      scope: Sequence[ColumnElement[bool]]) -> Found:
    """One scan of the answers grouped by every grouping at once (GROUPING SETS, hashed: no sort), each
    group's times as their IEEE doubles end to end (float8send, concatenated): no text and no float
    object per answer; numpy sorts each group's."""
    nan: ColumnElement[Any] = literal_column("'NaN'::float8")
    nothing: ColumnElement[Any] = literal_column("''::bytea")
    times = [func.string_agg(func.float8send(func.coalesce(inquiries.c[name], nan)), nothing)
             for name in TIMES]
    sets = ([tuple_()] if everyone else []) + [tuple_(key) for key in keys.values()]
    query = select(*keys.values(), *times).where(*scope).group_by(func.grouping_sets(*sets))
    bys: list[str | None] = [*([None] if everyone else []), *keys]
    read: dict[str | None, dict[str, list[np.ndarray]]] = {by: {} for by in bys}
    for row in await conn.execute(query):
        grouped = [(by, key) for by, key in zip(keys, row, strict=False) if key is not None]
        by, key = grouped[0] if grouped else (None, "all")  # the grouping whose key the row has
        if row[-1] is not None:  # () gives a row even when no answer is in scope
            read[by][key] = [np.frombuffer(raw, dtype=">f8") for raw in row[len(keys):]]
    return {by: {key: [shares_of(values) for values in times] for key, times in groups.items()}
            for by, groups in read.items()}


async def _sqlite(conn: AsyncConnection, everyone: bool, keys: Mapping[str, ColumnElement[Any]],
                  scope: Sequence[ColumnElement[bool]]) -> Found:
    """One row: each time column as one text (printf %!.17g reads back as the same double; "nan" for
    none) and each grouping's keys as one text, the answers in the same order in each (the aggregates
    of one query step through its rows together, and none of these texts leaves a row out)."""
    c = inquiries.c
    times = [func.group_concat(case((c[name].is_(None), "nan"), else_=func.printf(EXACT, c[name])), ",")
             for name in TIMES]
    row = (await conn.execute(select(func.count(), *times, *(func.group_concat(key, SEPARATOR)
                                                            for key in keys.values())).where(*scope))).one()
    count, texts = row[0], row[1 + len(TIMES):]
    hours = [np.fromstring(text, dtype=np.float64, sep=",") if count else np.zeros(0)  # numpy's C parse
             for text in row[1:1 + len(TIMES)]]
    groupings = [*([(None, ["all"] * count)] if everyone else []),
                 *((by, text.split(SEPARATOR) if count else [])
                   for by, text in zip(keys, texts, strict=True))]
    found: Found = {}
    for by, parts in groupings:
        if len(parts) != count:
            raise ValueError(f"a value of {by} holds {SEPARATOR!r}, which separates them")
        names, codes = _codes(parts)
        found[by] = dict(zip(names, grouped_shares(codes, hours, len(names)), strict=True))
    return found


def _codes(keys: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """Each row's group as a number, and the groups' keys by number."""
    numbers = {key: n for n, key in enumerate(dict.fromkeys(keys))}
    return list(numbers), np.fromiter(map(numbers.__getitem__, keys), dtype=np.int64, count=len(keys))


def grouped_shares(codes: np.ndarray, columns: Sequence[np.ndarray],
                   groups: int) -> list[list[list[float | None]]]:
    """Per group (`codes`: each row's, 0 to groups - 1), shares_of its values in each of `columns`."""
    order = np.argsort(codes, kind="stable")
    bounds = np.cumsum(np.bincount(codes, minlength=groups))[:-1]
    parts = [np.split(values[order], bounds) for values in columns]
    return [[shares_of(part[g]) for part in parts] for g in range(groups)]


def shares_of(values: np.ndarray) -> list[float | None]:
    """The SHARES percentiles of `values` (NaN, a missing value, left out) exactly as
    domain/stats.percentile computes them (the same ranks, the same interpolation, in float64: the
    operations Python's floats do, one by one), from the few ranks they need: numpy places those ranks
    in linear time (np.partition) instead of sorting every value."""
    values = values[~np.isnan(values)]
    if not len(values):
        return [None] * len(SHARES)
    positions = [(len(values) - 1) * share for share in SHARES]
    placed = np.partition(values, sorted({n for p in positions for n in (math.floor(p), math.ceil(p))}))
    found: list[float | None] = []
    for position in positions:
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
