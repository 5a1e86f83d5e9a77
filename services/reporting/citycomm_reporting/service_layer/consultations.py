"""The consultation reports and the open consultations intake lists (issue 20, decision 0108)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from citycomm_common.clock import Clock
from citycomm_reporting.adapters.consultations import ConsultationStore
from citycomm_reporting.domain import consultation_reports as figures
from citycomm_reporting.domain.periods import Period

Row = dict[str, Any]


def jsonable(value: Any) -> Any:
    """Moments as RFC 3339 text, for the published reports' JSON."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


class ConsultationReports:
    def __init__(self, store: ConsultationStore, clock: Clock) -> None:
        self._store, self._clock = store, clock

    async def report(self, consultation_id: str) -> Row | None:
        """One consultation's report, None when there is no such consultation."""
        row = await self._store.get(consultation_id)
        if row is None:
            return None
        counts = await self._store.comment_counts(consultation_id)
        return figures.consultation_report(row, counts, self._clock.now())

    async def across(self, period: Period, agency_id: str = "") -> Row:
        """The consultations of the period (one agency's, when given) and their figures by agency."""
        rows = await self._store.between(period.start, period.end, agency_id)
        return figures.across_agencies(rows, period, self._clock.now())

    async def briefing(self, period: Period) -> Row:
        """Opened, closing and answered in the week, as the briefing report publishes them (JSON)."""
        rows = await self._store.between(period.start, period.end)
        return jsonable(figures.briefing_consultations(rows, period, self._clock.now()))  # type: ignore[no-any-return]

    async def open_now(self, agency_id: str = "", audience: str = "", limit: int = 200) -> list[Row]:
        """Open and taking comments now, closing soonest first: one agency's if given, those put to
        `audience` (press, public, organisations) if given."""
        rows = await self._store.open_at(self._clock.now(), agency_id)
        return [r for r in rows if not audience or audience in (r.get("audiences") or [])][:limit]


def consultations_of(engine: AsyncEngine, clock: Clock) -> ConsultationReports:
    """The consultations' reports and listing on the read model's engine (stateless: made on use)."""
    return ConsultationReports(ConsultationStore(engine), clock)
