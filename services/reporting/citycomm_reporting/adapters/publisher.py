"""Publishes a report record on reports.published (ReportPublished, keyed by report id)."""

from __future__ import annotations

import faust

from citycomm.v1 import common_pb2, events_pb2
from citycomm_common.contracts import to_timestamp
from citycomm_common.streams import send
from citycomm_common.vocabulary import enum_value
from citycomm_reporting.domain.reports import ReportRecord

SOURCE = "citycomm/reporting"


def report_message(record: ReportRecord) -> events_pb2.ReportPublished:
    """The record as published (the codec adds the deprecated `kind`, `published_at` and the
    period's text bounds). The bounds are moments, not dates: a 1022 month starts at 12:00."""
    return events_pb2.ReportPublished(
        report_id=record.report_id, report_kind=enum_value(common_pb2.ReportKind, record.kind),
        period_start_time=to_timestamp(record.period_start),
        period_end_time=to_timestamp(record.period_end),
        published_time=to_timestamp(record.published_at), content_type=record.content_type,
        content=record.content.encode())


class KafkaPublisher:
    """Through the worker's own producer (the faust app's topic), like every record it writes."""

    def __init__(self, topic: faust.TopicT) -> None:
        self._topic = topic

    async def publish(self, record: ReportRecord) -> None:
        # ce_id is the report id, so a republished report is recognisably the same one downstream.
        await send(self._topic, report_message(record), source=SOURCE, subject=record.report_id,
                   event_id=record.report_id)
