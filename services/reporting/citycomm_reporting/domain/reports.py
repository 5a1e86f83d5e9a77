"""The scheduled reports' contents and their timetable: plain data, built from figures and rows.

- weekly press-briefing report: every question raised at the briefings of the last weeks (kind
  briefing_question, attribute briefing_date) and where it stands, plus any older one still open;
  ready on the briefing day's morning (Thursday 07:00 by default);
- monthly report to the city office (Văn phòng UBND): figures per agency, category and kind,
  and the ranking by on-time rate, for the last complete month (calendar or 1022 month).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from citycomm.v1 import common_pb2, trends_pb2
from citycomm_common.codec import derived_id, rfc3339
from citycomm_common.contracts import from_timestamp
from citycomm_common.vocabulary import CITY_ZONE, enum_name
from citycomm_reporting.domain.exports import is_overdue
from citycomm_reporting.domain.periods import Period, period_containing, previous
from citycomm_reporting.domain.projection import CLOSED

# Report kinds by ReportKind's short names, as report ids, the archive and the REST API name them.
WEEKLY_BRIEFING = enum_name(common_pb2.ReportKind, common_pb2.REPORT_KIND_WEEKLY_BRIEFING)
MONTHLY = enum_name(common_pb2.ReportKind, common_pb2.REPORT_KIND_MONTHLY)
ON_DEMAND = enum_name(common_pb2.ReportKind, common_pb2.REPORT_KIND_ON_DEMAND)
PUBLISH_GRACE = timedelta(hours=1)  # late events of the last evening still count


@dataclass(frozen=True)
class ReportRecord:
    """A report as published on reports.published and kept in the archive."""

    report_id: str
    kind: str
    period_start: datetime
    period_end: datetime
    published_at: datetime
    content_type: str
    content: str


def report_id(kind: str, period: Period) -> str:
    """Stable per kind and period: a report published twice is the same report."""
    return derived_id("report", kind, rfc3339(period.start), rfc3339(period.end))


def briefing_period(now: datetime, weekday: int, hour: int, lookback_days: int) -> Period:
    """The most recent briefing-report slot at or before `now`, and the weeks it looks back on."""
    local = now.astimezone(CITY_ZONE)
    slot = datetime.combine(local.date() - timedelta(days=(local.weekday() - weekday) % 7),
                            time(hour), tzinfo=CITY_ZONE)
    if slot > local:
        slot -= timedelta(days=7)
    start = slot - timedelta(days=lookback_days)
    return Period("briefing", start, slot, f"briefings {start:%Y-%m-%d}..{slot:%Y-%m-%d}")


def briefings_until(now: datetime, lookback_days: int) -> Period:
    """The briefing report's period when an operator asks for it: the weeks up to `now`."""
    return Period("briefing", now - timedelta(days=lookback_days), now,
                  f"briefings until {now.astimezone(CITY_ZONE):%Y-%m-%d %H:%M}")


def monthly_period(now: datetime, kind: str) -> Period | None:
    """The last complete month (of `kind`), once the grace after its end has passed."""
    current = period_containing(kind, now)
    return previous(current) if now >= current.start + PUBLISH_GRACE else None


def _question(row: Mapping[str, Any], now: datetime, names: Mapping[str, str]) -> dict[str, Any]:
    agency = row.get("agency_id") or ""
    return {
        "inquiry_id": row["inquiry_id"], "briefing_date": row.get("briefing_date"),
        "title": row.get("title"), **_asker(row, names),
        "agency_id": agency, "agency_name": names.get(agency, agency), "status": row["status"],
        "due_at": _text(row.get("due_at")), "answered_at": _text(row.get("answered_at")),
        "on_time": row.get("on_time"), "overdue": is_overdue(row, now),
    }


def _asker(row: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    """The paper that asked the question (the Press Center only submits it), named as today."""
    paper = row.get("asked_by_id")
    name = (names.get(paper) if paper else None) or row.get("asked_by_name")
    return {"press_agency_id": paper, "press_agency_name": name}


def _text(value: Any) -> str | None:
    return rfc3339(value) if isinstance(value, datetime) else value


def briefing_trends(views: Sequence[trends_pb2.TrendView], period: Period) -> list[dict[str, Any]]:
    """Early warning's trends (issue 19) open at some time in the period, the latest detected first."""
    listed = []
    for view in views:
        detected, changed = from_timestamp(view.detected_time), from_timestamp(view.changed_time)
        if detected >= period.end or (view.ended and changed < period.start):
            continue
        trend = view.trend
        listed.append({
            "trend_id": trend.trend_id, "series_type": trend.series_type, "series_value": trend.series_value,
            "topic_label": trend.topic_label or None,
            "direction": "rise" if trend.direction == trends_pb2.TREND_DIRECTION_RISE else "fall",
            "since_at": rfc3339(from_timestamp(trend.since_time)), "detected_at": rfc3339(detected),
            "ended_at": rfc3339(changed) if view.ended else None, "observed": trend.observed,
            "expected": round(trend.expected, 2), "peak": trend.peak, "agency_ids": list(trend.agency_ids),
            "inquiries": len(trend.inquiry_ids)})
    return sorted(listed, key=lambda t: t["detected_at"], reverse=True)


def briefing_report(rows: Sequence[Mapping[str, Any]], period: Period, now: datetime,
                    names: Mapping[str, str], summary: Mapping[str, int] | None = None,
                    trends: Sequence[Mapping[str, Any]] = ()) -> dict[str, Any]:
    """Every question of `rows`; `rows` may be only the first ones (the page's), their `summary`
    (as briefing_summary counts them) then counted over all by the database; and the period's
    trends (briefing_trends)."""
    questions = sorted((_question(r, now, names) for r in rows),
                       key=lambda q: (q["briefing_date"] or "", q["agency_id"], q["inquiry_id"]))
    by_date: dict[str, list[dict[str, Any]]] = {}
    for question in questions:
        by_date.setdefault(question["briefing_date"] or "", []).append(question)
    return {
        "kind": WEEKLY_BRIEFING, "period": _period(period), "generated_at": rfc3339(now),
        "summary": dict(summary) if summary is not None else briefing_summary(questions),
        "shown": len(questions),
        "briefings": [{"briefing_date": d, "questions": qs}
                      for d, qs in sorted(by_date.items(), reverse=True)],
        "trends": [dict(t) for t in trends],
    }


def briefing_summary(questions: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    answered = [q for q in questions if q["answered_at"]]
    return {"questions": len(questions), "answered": len(answered),
            "on_time": sum(1 for q in answered if q["on_time"]),
            "open": len(questions) - len(answered) - sum(q["status"] == CLOSED for q in questions),
            "overdue": sum(1 for q in questions if q["overdue"])}


def monthly_report(period: Period, now: datetime, totals: dict[str, Any],
                   groups: Mapping[str, list[dict[str, Any]]], ranked: dict[str, Any],
                   names: Mapping[str, str]) -> dict[str, Any]:
    by_agency = [{**g, "agency_name": names.get(g["key"], g["key"])} for g in groups.get("agency", [])]
    return {
        "kind": MONTHLY, "period": _period(period), "generated_at": rfc3339(now), "totals": totals,
        "by_agency": by_agency, **{f"by_{name}": rows for name, rows in groups.items() if name != "agency"},
        "ranking": ranked,
    }


def _period(period: Period) -> dict[str, str]:
    return {"kind": period.kind, "start": rfc3339(period.start), "end": rfc3339(period.end),
            "label": period.label}
