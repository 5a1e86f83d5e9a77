"""Consultations in SQL (issue 20, decision 0108): projected in the events' transaction (each comment
once, by its id; each consultation refolded from its stored history) and read by the reports, the
briefing report and intake's listing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, func, inspect, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from citycomm_reporting.adapters.schema import consultation_comments, consultations, inquiry_events
from citycomm_reporting.domain.consultations import (
    CONSULTATION_ORDER,
    OPEN,
    comment_of,
    fold_consultation,
    is_consultation,
)
from citycomm_reporting.domain.facts import Fact, stored_event, utc

Row = dict[str, Any]
COLUMNS = tuple(c.name for c in consultations.columns)
CHUNK = 500
TYPE_PREFIX = "citycomm.v1.Consultation"
REFOLDED = [f"citycomm.v1.{name}" for name in CONSULTATION_ORDER if name != "ConsultationCommentReceived"]
# The reports' groupings of comments: name → column.
GROUPINGS = {"audience": consultation_comments.c.audience, "article": consultation_comments.c.article,
             "theme": consultation_comments.c.theme, "day": consultation_comments.c.received_day}


def _stored_fact(row: Any) -> Fact:
    return Fact(event_id=row.event_id, inquiry_id=row.inquiry_id, type=row.type.rsplit(".", 1)[-1],
                occurred_at=utc(row.occurred_at), message=stored_event(row.type, row.data), data=row.data,
                source=row.source)


def _history(keys: Sequence[str]) -> Any:
    """The stored events a consultation's row is folded from, but its comments: a popular draft has
    thousands, and reading them back for each new one made a comment cost what the draft had
    (75 ms at 1,000). They are counted from consultation_comments instead."""
    e = inquiry_events.c
    return select(inquiry_events).where(e.inquiry_id.in_(keys), e.type.in_(REFOLDED))


def _counts(ids: Sequence[str]) -> Any:
    c = consultation_comments.c
    return select(c.consultation_id, func.count(), func.max(c.received_at)).where(
        c.consultation_id.in_(ids)).group_by(c.consultation_id)


def _rows(histories: dict[str, list[Fact]]) -> list[Row]:
    folded = (fold_consultation(h) for h in histories.values())
    return [{name: row.get(name) for name in COLUMNS} for row in folded if row is not None]


def _upsert(dialect_name: str) -> Any:
    statement = (postgresql if dialect_name == "postgresql" else sqlite).insert(consultations)
    return statement.on_conflict_do_update(
        index_elements=["consultation_id"],
        set_={name: statement.excluded[name] for name in COLUMNS if name != "consultation_id"})


async def project(conn: AsyncConnection, new: Sequence[Fact]) -> None:
    """The batch's new consultation events: their comments counted once, their consultations refolded.
    The caller holds the lock on each key (the store's one writer per inquiry id, here the
    consultation's) and has stored the events already."""
    touched = [f for f in new if is_consultation(f.type)]
    if not touched:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    if comments := [c for f in touched if (c := comment_of(f)) is not None]:
        await conn.execute(dialect.insert(consultation_comments).on_conflict_do_nothing(
            index_elements=["comment_id"]), comments)
    known = {f.event_id: f for f in touched}
    histories: dict[str, list[Fact]] = defaultdict(list)
    for f in touched:  # the batch's comments (a row even if, oddly, no opening is stored yet)
        if f.type == "ConsultationCommentReceived":
            histories[f.inquiry_id].append(f)
    keys = sorted({f.inquiry_id for f in touched})
    counted: dict[str, tuple[int, datetime]] = {}
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start:start + CHUNK]
        for r in await conn.execute(_history(chunk)):
            histories[r.inquiry_id].append(known.get(r.event_id) or _stored_fact(r))
        counted.update((i, (n, utc(last))) for i, n, last in await conn.execute(_counts(chunk)))
    if rows := _rows(histories):
        for row in rows:  # every comment counted, the latest one's moment whichever batch it came in
            count, last = counted.get(row["consultation_id"], (0, row["updated_at"]))
            row.update(comments=count, updated_at=max(row["updated_at"], last))
        await conn.execute(_upsert(conn.dialect.name), rows)


def backfill(conn: Connection) -> None:
    """Migration 0006: the consultation events stored before it, projected once (fresh tables)."""
    histories: dict[str, list[Fact]] = defaultdict(list)
    comments: dict[str, Row] = {}
    for r in conn.execute(select(inquiry_events).where(inquiry_events.c.type.like(f"{TYPE_PREFIX}%"))):
        fact = _stored_fact(r)
        histories[r.inquiry_id].append(fact)
        if (comment := comment_of(fact)) is not None:
            comments.setdefault(comment["comment_id"], comment)
    # Only the columns the tables have at this revision: a later one may add some (as 0003 froze its
    # measures).
    have = {t: {c["name"] for c in inspect(conn).get_columns(t)} for t in ("consultations",
                                                                         "consultation_comments")}
    if comments:
        conn.execute(consultation_comments.insert(), [{k: v for k, v in c.items()
                                                       if k in have["consultation_comments"]}
                                                      for c in comments.values()])
    if rows := _rows(histories):
        conn.execute(consultations.insert(), [{k: v for k, v in r.items() if k in have["consultations"]}
                                              for r in rows])


class ConsultationStore:
    """What the reports and intake's listing read."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def get(self, consultation_id: str) -> Row | None:
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(consultations).where(
                consultations.c.consultation_id == consultation_id))).mappings().first()
        return dict(row) if row else None

    async def comment_counts(self, consultation_id: str) -> dict[str, list[tuple[str, int]]]:
        """Comments by audience, article, theme and city day: (value, count), the value's order."""
        found: dict[str, list[tuple[str, int]]] = {}
        async with self.engine.connect() as conn:
            for name, column in GROUPINGS.items():
                query = (select(column, func.count()).where(
                    consultation_comments.c.consultation_id == consultation_id)
                    .group_by(column).order_by(column))
                found[name] = [(value or "", count) for value, count in await conn.execute(query)]
        return found

    async def between(self, start: datetime, end: datetime, agency_id: str = "") -> list[Row]:
        """Consultations whose announced period meets [start, end), or opened, closed or answered in it;
        one agency's when `agency_id` is given. Oldest opening first."""
        c = consultations.c
        met = or_(and_(c.opens_at < end, or_(c.closes_at.is_(None), c.closes_at >= start)),
                  and_(c.closed_at >= start, c.closed_at < end),
                  and_(c.response_published_at >= start, c.response_published_at < end))
        query = select(consultations).where(met)
        if agency_id:
            query = query.where(c.drafting_agency_id == agency_id)
        async with self.engine.connect() as conn:
            rows = [dict(r) for r in (await conn.execute(query.order_by(c.opens_at, c.consultation_id)))
                    .mappings()]
        return rows

    async def open_at(self, now: datetime, agency_id: str = "") -> list[Row]:
        """Open and taking comments at `now` (one agency's, if given), closing soonest first. Few at a
        time: a city consults on some drafts a month."""
        c = consultations.c
        query = (select(consultations)
                 .where(c.status == OPEN, or_(c.opens_at.is_(None), c.opens_at <= now),
                        or_(c.closes_at.is_(None), c.closes_at >= now))
                 .order_by(c.closes_at, c.consultation_id))
        if agency_id:
            query = query.where(c.drafting_agency_id == agency_id)
        async with self.engine.connect() as conn:
            return [dict(r) for r in (await conn.execute(query)).mappings()]
