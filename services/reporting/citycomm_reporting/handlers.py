"""What reporting does on request or on schedule: figures, rankings, reports built and published."""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Any

from citycomm_common.metrics import INQUIRIES_OPEN, INQUIRIES_OVERDUE, ON_TIME_RATIO
from citycomm_reporting.adapters.archive import ReportRecord
from citycomm_reporting.adapters.filters import InquiryFilter
from citycomm_reporting.adapters.listing import briefing_questions
from citycomm_reporting.bootstrap import Reporting
from citycomm_reporting.domain import reports
from citycomm_reporting.domain.periods import Period, period_containing
from citycomm_reporting.domain.stats import GroupFigures, ranking

log = logging.getLogger(__name__)
MONTHLY_DIMENSIONS = ("agency", "category", "kind", "ward", "channel")


async def figures(deps: Reporting, period: Period, by: str | None,
                  where: InquiryFilter | None = None) -> list[dict[str, Any]]:
    groups = await deps.aggregates.figures(period, by, where or InquiryFilter(), deps.clock.now())
    return [_named(deps, g, by) for g in groups]


def _named(deps: Reporting, group: GroupFigures, by: str | None) -> dict[str, Any]:
    row = group.as_dict()
    if by == "agency":
        row["agency_name"] = deps.agency_names.get(group.key, group.key)
    return row


async def agency_ranking(deps: Reporting, period: Period, min_volume: int | None = None) -> dict[str, Any]:
    groups = await deps.aggregates.figures(period, "agency", InquiryFilter(), deps.clock.now())
    ranked = ranking(groups, min_volume or deps.settings.ranking_min_volume)
    for entry in ranked["ranked"] + ranked["below_min_volume"]:
        entry["agency_name"] = deps.agency_names.get(entry["agency_id"], entry["agency_id"])
    return {"period": period.label, "min_volume": min_volume or deps.settings.ranking_min_volume, **ranked}


async def briefing_content(deps: Reporting, period: Period) -> dict[str, Any]:
    rows = await briefing_questions(deps.engine, period.start, period.end)
    return reports.briefing_report(rows, period, deps.clock.now(), deps.agency_names)


async def monthly_content(deps: Reporting, period: Period) -> dict[str, Any]:
    [totals] = await figures(deps, period, None) or [GroupFigures("all").as_dict()]
    groups = {by: await figures(deps, period, by) for by in MONTHLY_DIMENSIONS}
    ranked = await agency_ranking(deps, period)
    return reports.monthly_report(period, deps.clock.now(), totals, groups, ranked, deps.agency_names)


async def publish(deps: Reporting, kind: str, period: Period, content: dict[str, Any],
                  trigger: str = "schedule") -> ReportRecord:
    """Publish first, then archive: a crash in between republishes the same report id."""
    report_id = reports.report_id(kind, period)
    body = {"report_id": report_id, "trigger": trigger, **content}
    record = ReportRecord(
        report_id=report_id, kind=kind, period_start=period.start, period_end=period.end,
        published_at=deps.clock.now(), content_type="application/json",
        content=json.dumps(body, ensure_ascii=False))
    await deps.publisher.publish(record)
    await deps.archive.save(record)
    log.info("published %s report %s for %s", kind, record.report_id, period.label)
    return record


async def publish_due_reports(deps: Reporting, now: datetime | None = None) -> list[ReportRecord]:
    """The schedule: publish the latest weekly and monthly report unless already published."""
    now = now or deps.clock.now()
    s = deps.settings
    due: list[tuple[str, Period]] = [(reports.WEEKLY_BRIEFING, reports.briefing_period(
        now, s.briefing_weekday, s.briefing_report_hour, s.briefing_lookback_days))]
    if (month := reports.monthly_period(now, s.monthly_period)) is not None:
        due.append((reports.MONTHLY, month))
    published = []
    for kind, period in due:
        if await deps.archive.get(reports.report_id(kind, period)) is None:
            published.append(await build_and_publish(deps, kind, period))
    return published


async def build_and_publish(deps: Reporting, kind: str, period: Period,
                            trigger: str = "schedule") -> ReportRecord:
    if kind == reports.WEEKLY_BRIEFING:
        content = await briefing_content(deps, period)
    elif kind == reports.MONTHLY:
        content = await monthly_content(deps, period)
    else:
        raise ValueError(f"unknown report kind {kind!r}")
    return await publish(deps, kind, period, content, trigger)


async def refresh_gauges(deps: Reporting) -> None:
    """Open, overdue (now) and on-time ratio (this month) per agency, as /metrics shows them."""
    now = deps.clock.now()
    period = period_containing(deps.settings.monthly_period, now)
    standing = await deps.aggregates.standing_by_agency(period, now)
    # Replaced all at once (no await in between): an agency with nothing open or decided drops out, not stale.
    for gauge in (INQUIRIES_OPEN, INQUIRIES_OVERDUE, ON_TIME_RATIO):
        gauge.clear()
    for figures in standing:
        agency = figures.key or "unassigned"
        INQUIRIES_OPEN.labels(agency).set(figures.open_now)
        INQUIRIES_OVERDUE.labels(agency).set(figures.overdue_now)
        if figures.on_time_rate is not None:
            ON_TIME_RATIO.labels(agency).set(figures.on_time_rate)
