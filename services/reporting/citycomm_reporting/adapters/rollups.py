"""Keeping figure_counts: the projection's increments, and the backfill from the inquiries' rows.

What is counted where is domain/rollups.py; here only the SQL of adding it up.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from citycomm_reporting.adapters.schema import figure_counts, inquiries, open_counts
from citycomm_reporting.domain.rollups import SOURCE_COLUMNS, RollupKey, changes, sorted_keys

BACKFILL_CHUNK = 20_000  # inquiries read at a time
BACKFILL_FLUSH = 200_000  # roll-up rows held in memory before they are written
SOURCE = [inquiries.c[name] for name in SOURCE_COLUMNS]


def _increments(table: Table, dialect_name: str) -> Any:
    """INSERT … ON CONFLICT DO UPDATE adding each measure to what the row holds."""
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


async def apply_changes(conn: AsyncConnection, before: Sequence[Mapping[str, Any]],
                        after: Sequence[Mapping[str, Any]]) -> None:
    """In the projection's transaction: move the counts from the rows `before` to the rows `after`."""
    for statement, rows in _write(conn.dialect.name, changes(before, after)):
        await conn.execute(statement, rows)


def backfill(conn: Connection) -> None:
    """Count every existing inquiry row into figure_counts (which must be empty): the migration's
    and the benchmark's. In receipt order, so what a chunk counts lands mostly in nearby slots and
    few rows are written twice; at most BACKFILL_FLUSH roll-up rows are held in memory."""
    held: dict[RollupKey, dict[str, int]] = {}
    for rows in _chunks(conn):
        for key, amounts in changes([], rows).items():
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


def _chunks(conn: Connection) -> Iterator[list[dict[str, Any]]]:
    """Every inquiry row by (received_at, inquiry_id), then those never received by inquiry_id."""
    c = inquiries.c
    for received, order in ((True, (c.received_at, c.inquiry_id)), (False, (c.inquiry_id,))):
        base = select(*SOURCE).where(c.received_at.is_not(None) if received else c.received_at.is_(None))
        after: tuple[Any, ...] = ()
        while True:
            query = base.where(tuple_(*order) > after) if after else base
            rows = [dict(r) for r in conn.execute(query.order_by(*order).limit(BACKFILL_CHUNK)).mappings()]
            if rows:
                yield rows
            if len(rows) < BACKFILL_CHUNK:
                break
            after = tuple(rows[-1][column.name] for column in order)
