"""Query parameters shared by the REST routers: periods and inquiry filters; the CSV answer."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query

from citycomm_common.moments import Day
from citycomm_common.vocabulary import CITY_ZONE
from citycomm_reporting.domain.filters import DIMENSIONS, InquiryFilter
from citycomm_reporting.domain.periods import PERIOD_KINDS, Period, date_range, period_containing
from citycomm_reporting.entrypoints.auth import AnyCaller, Deps


def period_of(deps: Deps, period: str = "month", at: Day | None = None,
              start: Annotated[Day | None, Query(alias="from")] = None,
              end: Annotated[Day | None, Query(alias="to")] = None) -> Period:
    """`period` (day, week, month, month_1022) containing the date `at` (today), or `from`..`to`."""
    if period not in PERIOD_KINDS:
        raise HTTPException(422, f"period must be one of {', '.join(PERIOD_KINDS)}")
    try:
        if period == "range" or start or end:
            if not (start and end):
                raise HTTPException(422, "a range needs both from and to")
            return date_range(start, end)
        day = at or deps.clock.now().astimezone(CITY_ZONE).date()
        return period_containing(period, datetime.combine(day, time(0), tzinfo=CITY_ZONE))
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from exc


def dimension(by: str = "agency") -> str | None:
    if by == "all":
        return None
    if by not in DIMENSIONS:
        raise HTTPException(422, f"by must be all or one of {', '.join(DIMENSIONS)}")
    return by


def _day_start(day: date | None) -> datetime | None:
    return datetime.combine(day, time(0), tzinfo=CITY_ZONE) if day else None


def inquiry_filter(who: AnyCaller, agency_id: str = "", submitter_id: str = "", status: str = "",
                   kind: str = "", category: str = "", ward_code: str = "", channel: str = "",
                   overdue: bool = False, received_from: Day | None = None,
                   received_to: Day | None = None) -> InquiryFilter:
    """The caller's filters, narrowed to what the caller may see (a scope always wins)."""
    wanted = {"agency_id": agency_id, "submitter_id": submitter_id}
    return InquiryFilter(
        **{**wanted, **who.scope()}, status=status, kind=kind, category=category, ward_code=ward_code,
        channel=channel, overdue_only=overdue, received_from=_day_start(received_from),
        received_to=_day_start(received_to + timedelta(days=1)) if received_to else None)


def csv_or_json(description: str = "JSON, or CSV with format=csv") -> dict[int | str, dict[str, Any]]:
    """OpenAPI of a 200 that is JSON or, asked for with `format=csv`, CSV text."""
    return {200: {"description": description, "content": {"text/csv": {"schema": {"type": "string"}}}}}


PeriodParam = Annotated[Period, Depends(period_of)]
Dimension = Annotated[str | None, Depends(dimension)]
Filter = Annotated[InquiryFilter, Depends(inquiry_filter)]
