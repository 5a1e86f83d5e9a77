"""Early-warning trends go to the city office, the Press Center and the agencies concerned as
`trend.detected`, `trend.updated` and `trend.ended` webhooks (issue 19), each recipient once,
with payloads that fit the committed contract."""

from __future__ import annotations

from datetime import UTC, datetime

from citycomm.v1 import events_pb2, trends_pb2
from citycomm_common.codec import decode, encode
from citycomm_common.contracts import to_timestamp
from citycomm_notifications.domain.trends import TrendSubscribers, load_trend_subscribers, trend_notices
from tests.conftest import CONFIG_DIR
from tests.support.webhook_contract import violations

SUBSCRIBERS = TrendSubscribers(always=["van-phong-ubnd-tp", "trung-tam-bao-chi"])


def trend(*agencies: str) -> trends_pb2.Trend:
    return trends_pb2.Trend(
        trend_id="t-1", series_type="category_ward", series_value="urban-infrastructure/25747",
        direction=trends_pb2.TREND_DIRECTION_RISE,
        since_time=to_timestamp(datetime(2026, 12, 4, 1, tzinfo=UTC)),
        observed=9, expected=0.8, peak=9, p_value=1e-6, window_hours=6, inquiry_ids=["i-1", "i-2"],
        agency_ids=list(agencies))


def test_every_change_goes_to_the_city_office_the_press_center_and_the_agencies_concerned_once() -> None:
    at = to_timestamp(datetime(2026, 12, 4, 7, tzinfo=UTC))
    changes = ((trends_pb2.TrendDetected(trend=trend("ubnd-25747", "trung-tam-bao-chi"), detected_time=at),
                "trend.detected"),
               (trends_pb2.TrendUpdated(trend=trend("ubnd-25747"), updated_time=at), "trend.updated"),
               (trends_pb2.TrendEnded(trend=trend("ubnd-25747"), ended_time=at), "trend.ended"))
    for message, event_type in changes:
        record = encode(message, source="citycomm/reporting", subject="t-1", event_id="ev-1")
        notices = trend_notices(decode(record.value, record.headers).message, "ev-1", SUBSCRIBERS)
        assert [n.agency_id for n in notices] == ["van-phong-ubnd-tp", "trung-tam-bao-chi", "ubnd-25747"]
        assert {n.type for n in notices} == {event_type} and {n.source_id for n in notices} == {"ev-1"}
        data = notices[0].data
        assert data["trend"]["direction"] == "rise"
        assert data["trend"]["since_at"] == "2026-12-04T08:00:00+07:00"
        assert data["headline"]["vi"] and data["headline"]["en"]
        body = {"type": event_type, "timestamp": "2026-12-04T14:00:00+07:00", "data": data}
        assert violations(body) == [], event_type


def test_without_the_agencies_concerned_only_the_named_recipients_and_nothing_for_other_records() -> None:
    detected = trends_pb2.TrendDetected(trend=trend("ubnd-25747"))
    only = TrendSubscribers(always=["trung-tam-bao-chi"], agencies_concerned=False)
    assert [n.agency_id for n in trend_notices(detected, "ev-1", only)] == ["trung-tam-bao-chi"]
    assert trend_notices(events_pb2.InquiryAssigned(inquiry_id="i-1"), "ev-1", SUBSCRIBERS) == []


def test_the_file_names_the_city_office_and_the_press_center() -> None:
    subscribers = load_trend_subscribers(CONFIG_DIR / "trend-subscribers.yaml")
    assert {"van-phong-ubnd-tp", "trung-tam-bao-chi"} <= set(subscribers.always)
    assert subscribers.agencies_concerned
