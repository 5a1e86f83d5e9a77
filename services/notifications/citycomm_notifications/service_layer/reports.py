"""Published reports to the agencies that subscribed to their kind (config/report-subscribers.yaml),
and early-warning trends to theirs (config/trend-subscribers.yaml)."""

from __future__ import annotations

from citycomm.v1 import events_pb2
from citycomm_common.codec import Envelope
from citycomm_notifications.domain.reports import ReportSubscribers, report_notices
from citycomm_notifications.domain.trends import TrendSubscribers, trend_notices
from citycomm_notifications.service_layer.delivery_queue import DeliveryQueue


class ReportDeliveries:
    def __init__(self, subscribers: ReportSubscribers, queue: DeliveryQueue) -> None:
        self._subscribers, self._queue = subscribers, queue

    async def on_event(self, envelope: Envelope) -> None:
        """One report.published webhook per subscriber of a ReportPublished; other events: nothing."""
        report = envelope.message
        if isinstance(report, events_pb2.ReportPublished):
            for notice in report_notices(report, envelope.id, self._subscribers):
                await self._queue.enqueue(notice)


class TrendDeliveries:
    def __init__(self, subscribers: TrendSubscribers, queue: DeliveryQueue) -> None:
        self._subscribers, self._queue = subscribers, queue

    async def on_event(self, envelope: Envelope) -> None:
        """trend.detected, trend.updated or trend.ended to each recipient; other events: nothing."""
        for notice in trend_notices(envelope.message, envelope.id, self._subscribers):
            await self._queue.enqueue(notice)
