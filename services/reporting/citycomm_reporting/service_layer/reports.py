"""The reports: built from the read model, published on reports.published, kept in the archive."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

from citycomm.v1 import trends_pb2
from citycomm_common.clock import Clock
from citycomm_common.codec import rfc3339
from citycomm_reporting.adapters.archive import ReportArchive
from citycomm_reporting.adapters.consultations import ConsultationStore
from citycomm_reporting.adapters.listing import Listing
from citycomm_reporting.domain import reports
from citycomm_reporting.domain.filters import DIMENSIONS
from citycomm_reporting.domain.periods import Period
from citycomm_reporting.domain.reports import ReportRecord
from citycomm_reporting.domain.stats import GroupFigures
from citycomm_reporting.service_layer.consultations import ConsultationReports
from citycomm_reporting.service_layer.figures import Figures
from citycomm_reporting.settings import ReportingSettings

log = logging.getLogger(__name__)


class Publisher(Protocol):
    async def publish(self, record: ReportRecord) -> None: ...


class Reports:
    def __init__(self, figures: Figures, listing: Listing, archive: ReportArchive, publisher: Publisher,
                 clock: Clock, names: Mapping[str, str], settings: ReportingSettings,
                 trends: Callable[[], Sequence[trends_pb2.TrendView]] = tuple,
                 consultations: Callable[[Period], Awaitable[dict[str, Any]]] | None = None) -> None:
        self._figures, self._listing, self._archive = figures, listing, archive
        self._publisher, self._clock, self._names, self._settings = publisher, clock, names, settings
        self._trends = trends  # early warning's, as the pages show them (issue 19)
        # Opened, closing and answered in the week (issue 20), from the same database by default.
        self._consultations = consultations or ConsultationReports(ConsultationStore(listing.engine),
                                                                   clock).briefing

    async def briefing_content(self, period: Period, first: int | None = None) -> dict[str, Any]:
        """The whole report, or (`first`, the page's) its first questions and the summary of all."""
        trends = reports.briefing_trends(self._trends(), period)
        consulted = {"consultations": await self._consultations(period)}
        if first is None:
            rows = await self._listing.briefing_questions(period.start, period.end)
            return {**reports.briefing_report(rows, period, self._clock.now(), self._names, trends=trends),
                    **consulted}
        now = self._clock.now()
        listing = self._listing
        rows, summary = await asyncio.gather(listing.briefing_questions(period.start, period.end, first),
                                             listing.briefing_summary(period.start, period.end, now))
        return {**reports.briefing_report(rows, period, now, self._names, summary, trends), **consulted}

    async def monthly_to_read(self, period: Period) -> dict[str, Any]:
        """A month that has ended and whose report was published reads as published (one read of the
        archive: the document the city office received); any other is computed now."""
        if period.end <= self._clock.now():
            record = await self._archive.get(reports.report_id(reports.MONTHLY, period))
            if record is not None:
                published: dict[str, Any] = json.loads(record.content)
                return {**published, "published_at": rfc3339(record.published_at)}
        return await self.monthly_content(period)

    async def monthly_content(self, period: Period) -> dict[str, Any]:
        found, ranked = await asyncio.gather(self._figures.groups_by(period, [None, *DIMENSIONS]),
                                             self._figures.ranking(period))
        [totals] = found[0] or [GroupFigures("all").as_dict()]
        groups = dict(zip(DIMENSIONS, found[1:], strict=True))
        return reports.monthly_report(period, self._clock.now(), totals, groups, ranked, self._names)

    async def publish(self, kind: str, period: Period, content: dict[str, Any],
                      trigger: str = "schedule") -> ReportRecord:
        """Publish first, then archive: a crash in between republishes the same report id."""
        report_id = reports.report_id(kind, period)
        body = {"report_id": report_id, "trigger": trigger, **content}
        record = ReportRecord(
            report_id=report_id, kind=kind, period_start=period.start, period_end=period.end,
            published_at=self._clock.now(), content_type="application/json",
            content=json.dumps(body, ensure_ascii=False))
        await self._publisher.publish(record)
        await self._archive.save(record)
        log.info("published %s report %s for %s", kind, record.report_id, period.label)
        return record

    async def publish_due(self, now: datetime | None = None) -> list[ReportRecord]:
        """The schedule: publish the latest weekly and monthly report unless already published."""
        now = now or self._clock.now()
        s = self._settings
        due: list[tuple[str, Period]] = [(reports.WEEKLY_BRIEFING, reports.briefing_period(
            now, s.briefing_weekday, s.briefing_report_hour, s.briefing_lookback_days))]
        if (month := reports.monthly_period(now, s.monthly_period)) is not None:
            due.append((reports.MONTHLY, month))
        published = []
        for kind, period in due:
            if await self._archive.get(reports.report_id(kind, period)) is None:
                published.append(await self.build_and_publish(kind, period))
        return published

    async def on_demand(self, kind: str, period: Period) -> ReportRecord:
        """Asked for by an operator: the monthly report of `period`, the briefing report as of now."""
        if kind == reports.WEEKLY_BRIEFING:
            period = reports.briefings_until(self._clock.now(), self._settings.briefing_lookback_days)
        return await self.build_and_publish(kind, period, trigger="on_demand")

    async def build_and_publish(self, kind: str, period: Period, trigger: str = "schedule") -> ReportRecord:
        if kind == reports.WEEKLY_BRIEFING:
            content = await self.briefing_content(period)
        elif kind == reports.MONTHLY:
            content = await self.monthly_content(period)
        else:
            raise ValueError(f"unknown report kind {kind!r}")
        return await self.publish(kind, period, content, trigger)

    async def latest(self, kind: str = "", limit: int = 20) -> list[dict[str, Any]]:
        """Newest first, without their content (1 to 200 of them)."""
        return await self._archive.latest(kind, min(max(limit, 1), 200))

    async def get(self, report_id: str) -> ReportRecord | None:
        return await self._archive.get(report_id)
