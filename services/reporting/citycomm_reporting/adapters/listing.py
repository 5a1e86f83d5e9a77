"""Listings of inquiries with filters and an opaque cursor (newest received first)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine

from citycomm.v1 import common_pb2
from citycomm_common.vocabulary import CITY_ZONE, enum_name
from citycomm_reporting.adapters.filters import as_utc, conditions, is_open, overdue
from citycomm_reporting.adapters.schema import inquiries
from citycomm_reporting.adapters.store import normalised
from citycomm_reporting.domain.filters import InquiryFilter
from citycomm_reporting.domain.paging import MAX_PAGE, decode_token, encode_token, page_size
from citycomm_reporting.domain.projection import CLOSED

Row = dict[str, Any]
BRIEFING_QUESTION = enum_name(common_pb2.InquiryKind, common_pb2.INQUIRY_KIND_BRIEFING_QUESTION)


def _query(where: InquiryFilter, now: datetime) -> Select[Any]:
    c = inquiries.c
    return (select(inquiries).where(*conditions(where, now))
            .order_by(c.received_at.desc(), c.inquiry_id.desc()))


class Listing:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def page(self, where: InquiryFilter, now: datetime, *, size: int = 50,
                   token: str = "") -> tuple[list[Row], str]:
        """One page and the token of the next ("" at the end); a token we did not issue: BadPageToken."""
        size = page_size(size)
        query = _query(where, now)
        if token:
            stamp, inquiry_id = decode_token(token)
            c, stamp = inquiries.c, as_utc(stamp)
            query = query.where(or_(c.received_at < stamp,
                                    and_(c.received_at == stamp, c.inquiry_id < inquiry_id)))
        async with self.engine.connect() as conn:
            rows = [normalised(r) for r in (await conn.execute(query.limit(size + 1))).mappings()]
        if len(rows) <= size:
            return rows, ""
        last = rows[size - 1]
        return rows[:size], encode_token(last["received_at"], last["inquiry_id"])

    async def every(self, where: InquiryFilter, now: datetime, batch: int = MAX_PAGE) -> AsyncIterator[Row]:
        """Every matching inquiry, page by page (exports), without holding them all in memory."""
        token = ""
        while True:
            rows, token = await self.page(where, now, size=batch, token=token)
            for row in rows:
                yield row
            if not token:
                return

    async def briefing_questions(self, start: datetime, end: datetime, limit: int | None = None) -> list[Row]:
        """Questions raised at briefings in [start, end) local days, and older ones still open; with
        `limit`, the first of them in the report's order (newest briefing first)."""
        c = inquiries.c
        query = select(inquiries).where(*_briefing_scope(start, end))
        if limit is not None:
            newest_first = (c.briefing_date.desc().nulls_last(), c.agency_id, c.inquiry_id)
            query = query.order_by(*newest_first).limit(limit)
        async with self.engine.connect() as conn:
            return [normalised(r) for r in (await conn.execute(query)).mappings()]

    async def briefing_summary(self, start: datetime, end: datetime, now: datetime) -> dict[str, int]:
        """The briefing report's summary counted by the database (domain/reports.briefing_summary)."""
        c = inquiries.c
        answered = c.answered_at.is_not(None)
        query = select(func.count(), _ones(answered), _ones(and_(answered, c.on_time.is_(True))),
                       _ones(c.status == CLOSED), _ones(overdue(now))).where(*_briefing_scope(start, end))
        async with self.engine.connect() as conn:
            questions, answers, on_time, closed, late = (await conn.execute(query)).one()
        return {"questions": questions, "answered": answers or 0, "on_time": on_time or 0,
                "open": questions - (answers or 0) - (closed or 0), "overdue": late or 0}


def _ones(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.sum(case((condition, 1), else_=0))


def _briefing_scope(start: datetime, end: datetime) -> list[ColumnElement[bool]]:
    """Raised at a briefing of the period, raised in the period without a briefing date, or older and
    still open: each branch names the kind, so each is a range of an index (ix_inquiries_briefing,
    ix_inquiries_kind_status) and the database reads only these questions, not every one ever asked."""
    c = inquiries.c
    first = start.astimezone(CITY_ZONE).date().isoformat()
    last = end.astimezone(CITY_ZONE).date().isoformat()
    question = c.kind == BRIEFING_QUESTION
    return [or_(and_(question, c.briefing_date >= first, c.briefing_date < last),
                and_(question, c.briefing_date.is_(None), c.received_at >= as_utc(start),
                     c.received_at < as_utc(end)),
                and_(question, is_open(), or_(c.briefing_date < first, c.received_at < as_utc(start))))]
