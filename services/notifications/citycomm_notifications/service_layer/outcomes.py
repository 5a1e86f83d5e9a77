"""The records notifications writes on notification.events, with ids derived so a replay repeats them."""

from __future__ import annotations

from datetime import datetime

from citycomm.v1 import common_pb2, events_pb2
from citycomm.v1.notifications_pb2 import WebhookDelivery
from citycomm_common.codec import derived_id
from citycomm_common.contracts import to_timestamp


def delivered(d: WebhookDelivery, status_code: int, latency_ms: float, at: datetime
              ) -> tuple[str, events_pb2.WebhookDelivered]:
    return derived_id(d.webhook_id, "delivered", str(d.replays)), events_pb2.WebhookDelivered(
        delivery_id=d.webhook_id, inquiry_id=d.inquiry_id, agency_id=d.agency_id,
        endpoint_id=d.endpoint_id, event_type=d.event_type, attempts=d.attempts,
        status_code=status_code, latency_ms=latency_ms, delivered_time=to_timestamp(at))


def dead_lettered(d: WebhookDelivery, status_code: int, at: datetime) -> tuple[str, events_pb2.WebhookFailed]:
    return derived_id(d.webhook_id, "dead", str(d.replays)), events_pb2.WebhookFailed(
        delivery_id=d.webhook_id, inquiry_id=d.inquiry_id, agency_id=d.agency_id,
        endpoint_id=d.endpoint_id, event_type=d.event_type, attempts=d.attempts,
        status_code=status_code, error=d.error, failed_time=to_timestamp(at), dead_lettered=True)


def endpoint_disabled(d: WebhookDelivery, at: datetime) -> tuple[str, events_pb2.WebhookEndpointDisabled]:
    return derived_id(d.webhook_id, "gone", str(d.replays)), events_pb2.WebhookEndpointDisabled(
        endpoint_id=d.endpoint_id, agency_id=d.agency_id, delivery_id=d.webhook_id, status_code=410,
        reason="the endpoint answered 410 Gone", disabled_time=to_timestamp(at))


def notice_sent(notice_id: str, inquiry_id: str, agency_id: str, stage: str, recipients: list[str],
                due: datetime | None, at: datetime, *,
                kind: common_pb2.InquiryKind = common_pb2.INQUIRY_KIND_UNSPECIFIED, event_type: str = "",
                urgent: bool = False) -> tuple[str, events_pb2.NoticeSent]:
    """`due`: the inquiry's due time (None: a notice about no deadline); `kind`: its InquiryKind."""
    message = events_pb2.NoticeSent(
        notice_id=notice_id, inquiry_id=inquiry_id, agency_id=agency_id, stage=stage,
        recipients=recipients, sent_time=to_timestamp(at), inquiry_kind=kind,
        event_type=event_type, urgent=urgent)
    if due is not None:
        message.due_time.CopyFrom(to_timestamp(due))
    return notice_id, message
