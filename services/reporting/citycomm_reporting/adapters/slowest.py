"""An agency's inquiries overdue the longest: earliest deadline first, as the listing's filters
define overdue (the agency's rows in deadline order, read through ix_inquiries_agency_due)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncEngine

from citycomm_reporting.adapters.filters import conditions
from citycomm_reporting.adapters.schema import inquiries
from citycomm_reporting.adapters.store import normalised
from citycomm_reporting.domain.filters import InquiryFilter


async def slowest_overdue(engine: AsyncEngine, agency_id: str, now: datetime,
                          count: int) -> list[dict[str, Any]]:
    async with engine.connect() as conn:
        rows = (await conn.execute(slowest_query(agency_id, now, count))).mappings()
        return [normalised(row) for row in rows]


def slowest_query(agency_id: str, now: datetime, count: int) -> Select[Any]:
    c, where = inquiries.c, InquiryFilter(agency_id=agency_id, overdue_only=True)
    return select(inquiries).where(*conditions(where, now)).order_by(c.due_at, c.inquiry_id).limit(count)
