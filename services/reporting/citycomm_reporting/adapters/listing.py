"""Listings of inquiries with filters and an opaque cursor (newest received first)."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine

from citycomm_reporting.adapters.filters import InquiryFilter, as_utc
from citycomm_reporting.adapters.schema import inquiries
from citycomm_reporting.adapters.store import normalised

MAX_PAGE = 500


class BadPageToken(ValueError):
    """The caller sent a page token we did not issue."""


def encode_token(received_at: datetime, inquiry_id: str) -> str:
    raw = json.dumps([received_at.isoformat(), inquiry_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_token(token: str) -> tuple[datetime, str]:
    try:
        stamp, inquiry_id = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        return datetime.fromisoformat(stamp), str(inquiry_id)
    except (ValueError, TypeError) as exc:
        raise BadPageToken("page_token is not one this service issued") from exc


def _query(where: InquiryFilter, now: datetime) -> Select[Any]:
    c = inquiries.c
    return (select(inquiries).where(*where.conditions(now))
            .order_by(c.received_at.desc(), c.inquiry_id.desc()))


async def list_page(engine: AsyncEngine, where: InquiryFilter, now: datetime, *, page_size: int = 50,
                    page_token: str = "") -> tuple[list[dict[str, Any]], str]:
    """One page and the token of the next ("" at the end)."""
    size = max(1, min(page_size or 50, MAX_PAGE))
    query = _query(where, now)
    if page_token:
        stamp, inquiry_id = decode_token(page_token)
        c, stamp = inquiries.c, as_utc(stamp)
        query = query.where(or_(c.received_at < stamp,
                                and_(c.received_at == stamp, c.inquiry_id < inquiry_id)))
    async with engine.connect() as conn:
        rows = [normalised(r) for r in (await conn.execute(query.limit(size + 1))).mappings()]
    if len(rows) <= size:
        return rows, ""
    last = rows[size - 1]
    return rows[:size], encode_token(last["received_at"], last["inquiry_id"])


async def stream_all(engine: AsyncEngine, where: InquiryFilter, now: datetime,
                     batch: int = MAX_PAGE) -> AsyncIterator[dict[str, Any]]:
    """Every matching inquiry, page by page (exports), without holding them all in memory."""
    token = ""
    while True:
        rows, token = await list_page(engine, where, now, page_size=batch, page_token=token)
        for row in rows:
            yield row
        if not token:
            return


async def briefing_questions(engine: AsyncEngine, start: datetime, end: datetime) -> list[dict[str, Any]]:
    """Questions raised at briefings in [start, end) local days, and older ones still open."""
    from citycomm_reporting.adapters.filters import is_open
    from citycomm_reporting.domain.periods import CITY

    c = inquiries.c
    first, last = start.astimezone(CITY).date().isoformat(), end.astimezone(CITY).date().isoformat()
    raised = or_(and_(c.briefing_date >= first, c.briefing_date < last),
                 and_(c.briefing_date.is_(None), c.received_at >= as_utc(start), c.received_at < as_utc(end)))
    older_open = and_(is_open(), or_(c.briefing_date < first, c.received_at < as_utc(start)))
    query = select(inquiries).where(c.kind == "briefing_question", or_(raised, older_open))
    async with engine.connect() as conn:
        return [normalised(r) for r in (await conn.execute(query)).mappings()]
