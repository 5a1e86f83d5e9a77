"""Listings of inquiries with filters and an opaque cursor (newest received first)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine

from citycomm.v1 import common_pb2
from citycomm_common.vocabulary import CITY_ZONE, enum_name
from citycomm_reporting.adapters.filters import as_utc, conditions, is_open
from citycomm_reporting.adapters.schema import inquiries
from citycomm_reporting.adapters.store import normalised
from citycomm_reporting.domain.filters import InquiryFilter
from citycomm_reporting.domain.paging import MAX_PAGE, decode_token, encode_token, page_size

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

    async def briefing_questions(self, start: datetime, end: datetime) -> list[Row]:
        """Questions raised at briefings in [start, end) local days, and older ones still open."""
        c = inquiries.c
        first = start.astimezone(CITY_ZONE).date().isoformat()
        last = end.astimezone(CITY_ZONE).date().isoformat()
        raised = or_(and_(c.briefing_date >= first, c.briefing_date < last),
                     and_(c.briefing_date.is_(None), c.received_at >= as_utc(start),
                          c.received_at < as_utc(end)))
        older_open = and_(is_open(), or_(c.briefing_date < first, c.received_at < as_utc(start)))
        query = select(inquiries).where(c.kind == BRIEFING_QUESTION, or_(raised, older_open))
        async with self.engine.connect() as conn:
            return [normalised(r) for r in (await conn.execute(query)).mappings()]
