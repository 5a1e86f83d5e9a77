"""The early-warning page's rows (issue 19): each trend by name, how far from normal, since when,
and a chart of its windows against their normal band; open trends first, then those ended lately."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from citycomm.v1 import trends_pb2
from citycomm_common.contracts import from_timestamp
from citycomm_reporting.domain.trend_counts import normal_band
from citycomm_reporting.entrypoints import charts
from citycomm_reporting.entrypoints.labels import N_
from citycomm_reporting.entrypoints.templating import Speaker

ENDED_SHOWN = timedelta(days=7)

SERIES_TYPES = {"category": N_("Category"), "ward": N_("Ward"), "agency": N_("Agency"),
                "kind": N_("Kind of inquiry"), "category_ward": N_("Category in a ward"),
                "topic": N_("Topic")}


def series_name(say: Speaker, series_type: str, value: str, topic_label: str | None = None) -> str:
    """A series in words, its type first: names, never codes."""
    if series_type == "category_ward":
        category, _, ward = value.partition("/")
        name = f"{say.category(category)} · {say.ward(ward)}"
    elif series_type == "topic":
        name = topic_label or ""
    else:
        named = {"category": say.category, "ward": say.ward, "agency": say.agency, "kind": say.kind}
        name = named.get(series_type, say._unknown)(value)
    kind = say.gettext(SERIES_TYPES[series_type]) if series_type in SERIES_TYPES else series_type
    return f"{kind}: {name}" if name else kind


def concerning(views: list[trends_pb2.TrendView], agency_id: str) -> list[trends_pb2.TrendView]:
    """The trends an agency sees: those naming it among the agencies of their inquiries ("": all)."""
    return [v for v in views if not agency_id or agency_id in v.trend.agency_ids]


def trend_rows(say: Speaker, views: list[trends_pb2.TrendView], now: datetime) -> list[dict[str, Any]]:
    shown = [v for v in views
             if not v.ended or now - from_timestamp(v.changed_time) <= ENDED_SHOWN]
    shown.sort(key=lambda v: (v.ended, -from_timestamp(v.changed_time).timestamp()))
    rows = []
    for n, view in enumerate(shown):
        trend = view.trend
        title = series_name(say, trend.series_type, trend.series_value, trend.topic_label)
        points = []
        for point in view.points:
            low, high = normal_band(point.expected, view.dispersion)
            points.append((say.f.moment(from_timestamp(point.time))[-5:], point.observed, point.expected,
                           low, high))
        rows.append({
            "id": trend.trend_id, "title": title, "ended": view.ended,
            "rise": trend.direction == trends_pb2.TREND_DIRECTION_RISE,
            "since": say.f.moment(from_timestamp(trend.since_time)),
            "changed": say.f.moment(from_timestamp(view.changed_time)),
            "observed": trend.observed, "expected": say.f.number(trend.expected),
            "ratio": say.f.number(trend.observed / trend.expected) if trend.expected > 0 else "∞",
            "agencies": [say.agency(a) for a in trend.agency_ids],
            "inquiries": len(trend.inquiry_ids),
            "chart": charts.band_chart(f"trend-{n}", title, points),
        })
    return rows
