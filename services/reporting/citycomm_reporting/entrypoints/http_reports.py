"""Reporting's REST surface for figures: aggregates, ranking, reports (published and on demand)."""

from __future__ import annotations

import json
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Response

from citycomm_common.problems import responses
from citycomm_reporting.domain import reports
from citycomm_reporting.domain.exports import to_csv
from citycomm_reporting.domain.filters import InquiryFilter
from citycomm_reporting.entrypoints.auth import Deps, Operator, OperatorOrAgency
from citycomm_reporting.entrypoints.params import Dimension, PeriodParam, csv_or_json

FIGURE_COLUMNS = ("key", "agency_name", "received", "answered", "refused", "decided", "on_time",
                  "on_time_rate", "median_hours", "p90_hours", "median_working_hours",
                  "p90_working_hours", "open_now", "overdue_now", "reminders", "escalations",
                  "webhook_failures")
Format = Literal["json", "csv"]


def figures_router() -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["figures"])

    @router.get("/aggregates", responses={**csv_or_json(), **responses(401, 403, 422)})
    async def aggregates(deps: Deps, who: OperatorOrAgency, period: PeriodParam, by: Dimension,
                         agency_id: str = "", kind: str = "", category: str = "", ward_code: str = "",
                         channel: str = "", format: Format = "json") -> Any:  # noqa: A002
        """Figures per group for the period; an agency always gets its own only."""
        where = InquiryFilter(agency_id=who.scope().get("agency_id", agency_id), kind=kind,
                              category=category, ward_code=ward_code, channel=channel)
        groups = await deps.figures.groups(period, by, where)
        if format == "csv":
            return Response(to_csv(groups, FIGURE_COLUMNS), media_type="text/csv; charset=utf-8")
        return {"period": {"kind": period.kind, "label": period.label, "start": period.start,
                           "end": period.end}, "by": by or "all", "groups": groups}

    @router.get("/ranking", responses=responses(401, 403, 422))
    async def ranking(deps: Deps, who: OperatorOrAgency, period: PeriodParam,
                      min_volume: int | None = None) -> dict[str, Any]:
        return await deps.figures.ranking(period, min_volume)

    return router


def reports_router() -> APIRouter:
    router = APIRouter(prefix="/v1/reports", tags=["reports"])

    @router.get("", responses=responses(401, 403, 422))
    async def published(deps: Deps, who: Operator, kind: str = "", limit: int = 20) -> dict[str, Any]:
        return {"reports": await deps.reports.latest(kind, limit)}

    @router.get("/{report_id}", responses={**csv_or_json(), **responses(401, 403, 404, 422)})
    async def one(report_id: str, deps: Deps, who: Operator, format: Format = "json") -> Response:  # noqa: A002
        record = await deps.reports.get(report_id)
        if record is None:
            raise HTTPException(404, "no such report")
        if format == "json":
            return Response(record.content, media_type=record.content_type)
        return Response(report_csv(json.loads(record.content)), media_type="text/csv; charset=utf-8")

    @router.post("/{kind}", status_code=201, responses=responses(401, 403, 422))
    async def on_demand(kind: Literal["weekly_briefing", "monthly"], deps: Deps, who: Operator,
                        period: PeriodParam) -> dict[str, Any]:
        """Build and publish now: the monthly report for the chosen period, the briefing report as of now."""
        record = await deps.reports.on_demand(kind, period)
        return {"report_id": record.report_id, "kind": kind, "period_start": record.period_start,
                "period_end": record.period_end, "published_at": record.published_at}

    return router


def report_csv(content: dict[str, Any]) -> str:
    """The table a report is about: questions for the briefing report, agencies for the monthly."""
    if content.get("kind") == reports.WEEKLY_BRIEFING:
        rows = [q for b in content["briefings"] for q in b["questions"]]
        columns = ("briefing_date", "inquiry_id", "title", "press_agency_id", "press_agency_name",
                   "agency_id", "agency_name", "status", "due_at", "answered_at", "on_time", "overdue")
        return to_csv(rows, columns)
    return to_csv(content.get("by_agency", []), FIGURE_COLUMNS)
