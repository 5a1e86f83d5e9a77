"""Agency unreachable: a dead letter tells the agency's supervisor, once per endpoint and day."""

from __future__ import annotations

from collections.abc import Callable

from citycomm.v1.notifications_pb2 import WebhookDelivery
from citycomm.v1.webhooks_pb2 import AgencyUnreachable
from citycomm_common.calendar import WorkingCalendar
from citycomm_common.clock import Clock
from citycomm_common.codec import derived_id
from citycomm_common.directory import Directory
from citycomm_common.metrics import ESCALATIONS
from citycomm_notifications.domain.notices import Notice
from citycomm_notifications.domain.payloads import payload
from citycomm_notifications.service_layer import outcomes
from citycomm_notifications.service_layer.delivery_queue import DeliveryQueue
from citycomm_notifications.service_layer.ports import Publish

UNREACHABLE = "agency.unreachable"


class UnreachableAlerts:
    """The Dispatcher's `on_dead`: each dead letter becomes an alert to the supervisor (or the
    coordinator), queued like any webhook, and a NoticeSent on notification.events."""

    def __init__(self, queue: DeliveryQueue, *, directory: Callable[[], Directory], clock: Clock,
                 calendar: WorkingCalendar, publish: Publish) -> None:
        self._queue, self._directory, self._clock = queue, directory, clock
        self._calendar, self._publish = calendar, publish

    async def agency_unreachable(self, dead: WebhookDelivery) -> None:
        if dead.event_type == UNREACHABLE:
            return  # the supervisor's own alert died: operators see it in the dead letters
        directory, now = self._directory(), self._clock.now()
        try:
            supervisor = directory.get(dead.agency_id).supervisor or directory.coordinator
        except LookupError:
            supervisor = directory.coordinator
        day = now.astimezone(self._calendar.zone).date().isoformat()
        notice_id = derived_id(dead.agency_id, dead.endpoint_id, "agency_unreachable", day)
        data = payload(UNREACHABLE, AgencyUnreachable(
            notice_id=notice_id, stage="agency_unreachable", agency_id=dead.agency_id,
            endpoint_id=dead.endpoint_id, delivery_id=dead.webhook_id, event_type=dead.event_type,
            inquiry_id=dead.inquiry_id, attempts=dead.attempts, error=dead.error))
        await self._queue.enqueue(Notice(UNREACHABLE, supervisor, dead.inquiry_id, data, notice_id))
        event_id, message = outcomes.notice_sent(notice_id, dead.inquiry_id, dead.agency_id,
                                                 "agency_unreachable", [supervisor], None, now,
                                                 event_type=UNREACHABLE, urgent=True)
        await self._publish(message, dead.inquiry_id or dead.agency_id, event_id)
        ESCALATIONS.labels("agency_unreachable").inc()
