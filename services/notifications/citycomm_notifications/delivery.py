"""Deliver one notice to each of its agency's endpoints and say how it went."""

from __future__ import annotations

import asyncio

from citycomm.v1 import events_pb2
from citycomm_common.codec import derived_id, rfc3339
from citycomm_notifications.adapters.webhooks import body, signed_headers
from citycomm_notifications.bootstrap import Dependencies
from citycomm_notifications.domain.notices import Notice

QUICK_RETRIES = (0.0, 0.5, 2.0)

Outcome = events_pb2.WebhookDelivered | events_pb2.WebhookFailed


async def deliver(notice: Notice, source_event_id: str, deps: Dependencies) -> list[Outcome]:
    outcomes: list[Outcome] = []
    for endpoint in deps.directory.endpoints_for(notice.agency_id):
        if not endpoint.enabled or not endpoint.wants(notice.type):
            continue
        webhook_id = derived_id(source_event_id, endpoint.id, notice.agency_id)
        secrets = [deps.secrets.resolve(ref) for ref in endpoint.secret_refs]
        attempt = None
        for tries, pause in enumerate(QUICK_RETRIES, start=1):
            await asyncio.sleep(pause)
            moment = deps.clock.now()
            payload = body(notice.type, moment, notice.data)
            attempt = await deps.webhooks.post(
                str(endpoint.url), signed_headers(webhook_id, moment, payload, secrets), payload)
            if attempt.succeeded:
                outcomes.append(events_pb2.WebhookDelivered(
                    delivery_id=webhook_id, inquiry_id=notice.inquiry_id,
                    agency_id=notice.agency_id, endpoint_id=endpoint.id, event_type=notice.type,
                    attempts=tries, status_code=attempt.status_code,
                    latency_ms=attempt.latency_ms, delivered_at=rfc3339(moment)))
                break
        else:
            assert attempt is not None
            outcomes.append(events_pb2.WebhookFailed(
                delivery_id=webhook_id, inquiry_id=notice.inquiry_id, agency_id=notice.agency_id,
                endpoint_id=endpoint.id, event_type=notice.type, attempts=len(QUICK_RETRIES),
                status_code=attempt.status_code, error=attempt.error,
                failed_at=rfc3339(deps.clock.now())))
    return outcomes
