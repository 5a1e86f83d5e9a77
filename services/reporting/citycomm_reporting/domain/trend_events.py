"""Trend changes as the records of trend.events (proto/citycomm/v1/trends.proto)."""

from __future__ import annotations

from citycomm.v1 import trends_pb2
from citycomm_common.codec import derived_id
from citycomm_common.contracts import to_timestamp
from citycomm_reporting.domain.trend_model import Trend, TrendChange

TrendMessage = trends_pb2.TrendDetected | trends_pb2.TrendUpdated | trends_pb2.TrendEnded
_DIRECTION = {"rise": trends_pb2.TREND_DIRECTION_RISE, "fall": trends_pb2.TREND_DIRECTION_FALL}


def trend_message(trend: Trend, *, window_hours: int, agency_ids: tuple[str, ...] = (),
                  topic_label: str = "") -> trends_pb2.Trend:
    return trends_pb2.Trend(
        trend_id=trend.trend_id, series_type=trend.series_type, series_value=trend.series_value,
        direction=_DIRECTION[trend.direction], since_time=to_timestamp(trend.since),
        observed=trend.observed, expected=trend.expected, peak=trend.peak, p_value=trend.p_value,
        window_hours=window_hours, inquiry_ids=list(trend.inquiry_ids),
        agency_ids=sorted(agency_ids), topic_label=topic_label)


def change_message(change: TrendChange, body: trends_pb2.Trend) -> TrendMessage:
    at = to_timestamp(change.at)
    if change.kind == "detected":
        return trends_pb2.TrendDetected(trend=body, detected_time=at)
    if change.kind == "updated":
        return trends_pb2.TrendUpdated(trend=body, updated_time=at)
    return trends_pb2.TrendEnded(trend=body, ended_time=at)


def change_event_id(change: TrendChange) -> str:
    """One id per trend and change (and per peak for updates): a replay repeats it."""
    return derived_id(change.trend.trend_id, change.kind, str(change.trend.peak))
