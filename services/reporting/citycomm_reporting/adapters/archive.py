"""Published reports, kept as published (the archive behind reports.published)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from citycomm_reporting.adapters.schema import reports
from citycomm_reporting.adapters.store import normalised
from citycomm_reporting.domain.reports import ReportRecord


class ReportArchive:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._dialect = postgresql if engine.dialect.name == "postgresql" else sqlite

    async def save(self, record: ReportRecord) -> None:
        """Keep the first copy: a report republished with the same id is the same report."""
        statement = self._dialect.insert(reports).values(**record.__dict__)
        async with self.engine.begin() as conn:
            await conn.execute(statement.on_conflict_do_nothing(index_elements=["report_id"]))

    async def get(self, report_id: str) -> ReportRecord | None:
        async with self.engine.connect() as conn:
            query = select(reports).where(reports.c.report_id == report_id)
            row = (await conn.execute(query)).mappings().first()
        return ReportRecord(**normalised(row)) if row else None

    async def latest(self, kind: str = "", limit: int = 20) -> list[dict[str, Any]]:
        """Newest first, without their content."""
        columns = [c for c in reports.columns if c.name != "content"]
        query = select(*columns).order_by(reports.c.published_at.desc()).limit(limit)
        if kind:
            query = query.where(reports.c.kind == kind)
        async with self.engine.connect() as conn:
            return [normalised(r) for r in (await conn.execute(query)).mappings()]
