"""Published reports go to their subscribers as `report.published` webhooks."""

from __future__ import annotations

from datetime import UTC, datetime

from citycomm.v1 import common_pb2, events_pb2
from citycomm_common.codec import decode, encode
from citycomm_common.contracts import to_timestamp
from citycomm_common.vocabulary import enum_value
from citycomm_notifications.domain.reports import (
    MAX_INLINE_BYTES,
    ReportSubscribers,
    load_report_subscribers,
    report_notices,
)
from tests.conftest import CONFIG_DIR

SUBSCRIBERS = ReportSubscribers(subscribers={"monthly": ["van-phong-ubnd-tp", "so-van-hoa-the-thao"]})


def report(kind: str, content: bytes = b'{"rows": []}') -> events_pb2.ReportPublished:
    return events_pb2.ReportPublished(report_id="r-1", report_kind=enum_value(common_pb2.ReportKind, kind),
                                      period_start_time=to_timestamp(datetime(2026, 9, 30, 17, tzinfo=UTC)),
                                      period_end_time=to_timestamp(datetime(2026, 10, 31, 17, tzinfo=UTC)),
                                      content_type="application/json", content=content)


def test_each_subscriber_of_the_kind_gets_one_notice_with_the_content() -> None:
    notices = report_notices(report("monthly"), "ev-1", SUBSCRIBERS)
    assert [n.agency_id for n in notices] == ["van-phong-ubnd-tp", "so-van-hoa-the-thao"]
    assert {n.type for n in notices} == {"report.published"}
    assert notices[0].data["content"] == '{"rows": []}' and notices[0].source_id == "ev-1"


def test_the_kind_and_times_read_as_before_whichever_release_of_reporting_published() -> None:
    new = report("monthly")
    new.published_time.CopyFrom(to_timestamp(datetime(2026, 11, 1, 1, 30, tzinfo=UTC)))
    old = events_pb2.ReportPublished(report_id="r-1", kind="monthly", period_start="2026-09-30T17:00:00Z",
                                     period_end="2026-10-31T17:00:00Z", published_at="2026-11-01T01:30:00Z",
                                     content_type="application/json", content=b'{"rows": []}')
    for published in (new, old):
        record = encode(published, source="citycomm/reporting", subject="r-1")
        [notice, _] = report_notices(decode(record.value, record.headers).message,  # type: ignore[arg-type]
                                     "ev-1", SUBSCRIBERS)
        assert {k: v for k, v in notice.data.items() if k not in ("content", "headline")} == {
            "report_id": "r-1", "kind": "monthly", "period_start": "2026-10-01T00:00:00+07:00",
            "period_end": "2026-11-01T00:00:00+07:00", "published_at": "2026-11-01T08:30:00+07:00",
            "content_type": "application/json", "content_omitted": None}  # one time format (0076)


def test_a_kind_nobody_subscribes_to_sends_nothing() -> None:
    assert report_notices(report("on_demand"), "ev-1", SUBSCRIBERS) == []


def test_large_reports_are_announced_not_inlined() -> None:
    [first, _] = report_notices(report("monthly", b"x" * (MAX_INLINE_BYTES + 1)), "ev-1", SUBSCRIBERS)
    assert first.data["content"] is None and "r-1" in first.data["content_omitted"]


def test_the_default_subscribers_exist_in_the_directory() -> None:
    from citycomm_common.directory import load_directory

    directory = load_directory(CONFIG_DIR / "directory.yaml")
    subscribers = load_report_subscribers(CONFIG_DIR / "report-subscribers.yaml")
    assert subscribers.of("weekly_briefing") and subscribers.of("monthly")
    for agencies in subscribers.subscribers.values():
        for agency in agencies:
            directory.get(agency)
