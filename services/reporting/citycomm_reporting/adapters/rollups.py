"""Keeping figure_counts: the projection's increments, and the backfill from the inquiries' rows.

What is counted where is domain/rollups.py; here only the SQL of adding it up.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from itertools import chain
from typing import Any

from sqlalchemy import Connection, Table, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from citycomm_reporting.adapters.schema import figure_counts, inquiries, open_counts, signals
from citycomm_reporting.domain.rollups import (
    DIMENSION_SOURCES,
    SOURCE_COLUMNS,
    RollupKey,
    changes,
    contributions,
    dimension_values,
    moved,
    signal_contributions,
    sorted_keys,
)

BACKFILL_CHUNK = 20_000  # inquiries read at a time
BACKFILL_FLUSH = 200_000  # roll-up rows held in memory before they are written
SOURCE = [inquiries.c[name] for name in SOURCE_COLUMNS]
Row = dict[str, Any]


@cache
def _increments(table: Table, dialect_name: str) -> Any:
    """INSERT … ON CONFLICT DO UPDATE adding each measure to what the row holds (built once per
    table and dialect: every projection batch runs it, and building it was ≈ 5 % of the worker)."""
    keys = [c.name for c in table.primary_key]
    statement = (postgresql if dialect_name == "postgresql" else sqlite).insert(table)
    return statement.on_conflict_do_update(
        index_elements=keys,
        set_={c.name: c + statement.excluded[c.name] for c in table.columns if c.name not in keys})


def _write(dialect_name: str, moved: Mapping[RollupKey, Mapping[str, int]]) -> list[tuple[Any, Any]]:
    """(statement, rows) that add `moved` to figure_counts and open_counts."""
    slotted = [{"slot": slot, "agency_id": agency, "dimension": dimension, "key": key, **amounts}
               for (slot, agency, dimension, key), amounts in moved.items() if slot is not None]
    opened = [{"agency_id": agency, "dimension": dimension, "key": key, "open": amounts["open"]}
              for (slot, agency, dimension, key), amounts in moved.items() if slot is None]
    return [(_increments(table, dialect_name), rows)
            for table, rows in ((figure_counts, slotted), (open_counts, opened)) if rows]


def source_rows(inquiry_ids: Sequence[str]) -> Any:
    """The columns the roll-up reads, of these inquiries' rows as they stand."""
    return select(*SOURCE).where(inquiries.c.inquiry_id.in_(inquiry_ids))


async def apply_changes(conn: AsyncConnection, before: Mapping[str, Row], after: Sequence[Row],
                        marks: Sequence[Row]) -> None:
    """In the projection's transaction: move the counts from the rows `before` to the rows `after`
    (the signals already counted follow their inquiry's dimension values), and count new signals."""
    now = {row["inquiry_id"]: row for row in after}
    added = [contributions(row) for row in after]
    removed = [contributions(before[i]) for i in now if i in before]
    if moving := [i for i, row in now.items() if dimension_values(before.get(i)) != dimension_values(row)]:
        new = {mark["event_id"] for mark in marks}
        stored = (await conn.execute(select(signals).where(signals.c.inquiry_id.in_(moving)))).mappings()
        for mark in map(dict, stored):
            if mark["event_id"] not in new:
                added.append(signal_contributions(mark, now[mark["inquiry_id"]]))
                removed.append(signal_contributions(mark, before.get(mark["inquiry_id"])))
    if unfolded := sorted({mark["inquiry_id"] for mark in marks} - now.keys()):
        now |= {r["inquiry_id"]: dict(r) for r in (await conn.execute(source_rows(unfolded))).mappings()}
    added += [signal_contributions(mark, now.get(mark["inquiry_id"])) for mark in marks]
    for statement, rows in _write(conn.dialect.name, moved(added, removed)):
        await conn.execute(statement, rows)


def backfill(conn: Connection) -> None:
    """Count every inquiry row and signal into the roll-ups (which must be empty): the migration's
    and the benchmark's. In receipt order, so what a chunk counts lands mostly in nearby slots and
    few rows are written twice; at most BACKFILL_FLUSH roll-up rows are held in memory."""
    held: dict[RollupKey, dict[str, int]] = {}
    for counted in chain(_chunks(conn), _signal_chunks(conn)):
        for key, amounts in counted.items():
            total = held.setdefault(key, dict.fromkeys(amounts, 0))
            for measure, amount in amounts.items():
                total[measure] += amount
        if len(held) >= BACKFILL_FLUSH:
            _flush(conn, held)
            held = {}
    _flush(conn, held)


def _flush(conn: Connection, held: Mapping[RollupKey, Mapping[str, int]]) -> None:
    for statement, rows in _write(conn.dialect.name, sorted_keys(held)):
        conn.execute(statement, rows)


def _signal_chunks(conn: Connection) -> Iterator[dict[RollupKey, dict[str, int]]]:
    """What every signal counts, with its inquiry's dimension values, BACKFILL_CHUNK at a time."""
    dims = [inquiries.c[column] for column in DIMENSION_SOURCES.values()]
    base = select(signals, *dims).select_from(
        signals.outerjoin(inquiries, inquiries.c.inquiry_id == signals.c.inquiry_id))
    after = ""
    while True:
        query = base.where(signals.c.event_id > after) if after else base
        query = query.order_by(signals.c.event_id).limit(BACKFILL_CHUNK)
        marks = [dict(r) for r in conn.execute(query).mappings()]
        yield moved([signal_contributions(mark, mark) for mark in marks], [])
        if len(marks) < BACKFILL_CHUNK:
            return
        after = marks[-1]["event_id"]


def _chunks(conn: Connection) -> Iterator[dict[RollupKey, dict[str, int]]]:
    """What every inquiry row counts: by (received_at, inquiry_id), then those never received."""
    c = inquiries.c
    for received, order in ((True, (c.received_at, c.inquiry_id)), (False, (c.inquiry_id,))):
        base = select(*SOURCE).where(c.received_at.is_not(None) if received else c.received_at.is_(None))
        after: tuple[Any, ...] = ()
        while True:
            query = base.where(tuple_(*order) > after) if after else base
            rows = [dict(r) for r in conn.execute(query.order_by(*order).limit(BACKFILL_CHUNK)).mappings()]
            if rows:
                yield changes([], rows)
            if len(rows) < BACKFILL_CHUNK:
                break
            after = tuple(rows[-1][column.name] for column in order)
