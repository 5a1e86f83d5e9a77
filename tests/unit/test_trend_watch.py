"""Early warning's use case (issue 19): assignments in, one TrendDetected out, with its agencies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from google.protobuf.message import Message

from citycomm.v1 import common_pb2, events_pb2, trends_pb2
from citycomm_common import codec
from citycomm_common.calendar import WorkingCalendar
from citycomm_common.contracts import parse, serialize, to_timestamp
from citycomm_reporting.domain.trend_baseline import HourOfWeek
from citycomm_reporting.domain.trend_config import Sensitivity, TrendConfig
from citycomm_reporting.domain.trend_detector import TrendDetector
from citycomm_reporting.service_layer.trends import TrendWatch

START = datetime(2025, 2, 10, 1, tzinfo=UTC)  # a Monday, 08:00 in the city
BURST = START + timedelta(weeks=3)
CONFIG = TrendConfig(window_hours=3, min_history_weeks=2,
                     series={"category_ward": Sensitivity(min_count=5, min_ratio=3.0, end_ratio=1.5)})


def assigned(inquiry_id: str, at: datetime, *, previous: str = "", ward: str = "25747") -> codec.Envelope:
    message = events_pb2.InquiryAssigned(
        inquiry_id=inquiry_id, agency_id=f"ubnd-{ward}", previous_agency_id=previous,
        kind=common_pb2.INQUIRY_KIND_CITIZEN_FEEDBACK, category="drainage-flooding", ward_code=ward,
        title="Ngập nước", assigned_time=to_timestamp(at))
    return codec.Envelope(id=inquiry_id, type="citycomm.v1.InquiryAssigned", source="t",
                          subject=inquiry_id, time=at, message=message, headers={})


async def test_a_burst_in_one_ward_is_published_once_with_its_agency() -> None:
    published: list[tuple[Message, str, str]] = []

    async def publish(message: Message, key: str, event_id: str) -> None:
        published.append((message, key, event_id))

    watch = TrendWatch(TrendDetector(CONFIG, HourOfWeek(WorkingCalendar())), None, publish)
    moment = START
    while moment < BURST:  # three weeks: one inquiry every six hours in each of two wards
        assert watch.observe(assigned(f"n{moment:%j%H}", moment))
        watch.observe(assigned(f"m{moment:%j%H}", moment, ward="25750"))
        await watch.tick(moment)
        moment += timedelta(hours=6)
    await watch.tick(BURST)
    for n in range(8):
        assert watch.observe(assigned(f"b{n}", BURST + timedelta(minutes=5 * n)))
    assert not watch.observe(assigned("b0", BURST))  # redelivered
    assert not watch.observe(assigned("b1", BURST, previous="ubnd-25750"))  # a transfer
    changes = await watch.tick(BURST + timedelta(hours=1))
    detected = [m for m, _, _ in published if isinstance(m, trends_pb2.TrendDetected)
                and m.trend.series_type == "category_ward"]
    assert len(detected) == 1 and [c.kind for c in changes].count("detected") >= 1
    trend = detected[0].trend
    assert trend.series_value == "drainage-flooding/25747" and trend.observed == 8
    assert trend.direction == trends_pb2.TREND_DIRECTION_RISE and trend.window_hours == 3
    assert list(trend.agency_ids) == ["ubnd-25747"] and "b7" in trend.inquiry_ids
    # The record reads back through the codec's registry, as notifications will read it.
    assert parse(codec.MESSAGE_TYPES["citycomm.v1.TrendDetected"], serialize(detected[0])) == detected[0]
    keys = [key for m, key, _ in published if m is detected[0]]
    assert keys == [trend.trend_id]
