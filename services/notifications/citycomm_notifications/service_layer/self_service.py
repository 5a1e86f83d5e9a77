"""What an agency, press agency or the Press Center does with its own webhooks, with its own API
key (entrypoints/self_service.py): its delivery log, a test event, redelivery of one or a range.
Strictly its own: every call is made for the caller's party, never for one it names."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from citycomm.v1.notifications_pb2 import WebhookDelivery
from citycomm_common.contracts import from_timestamp
from citycomm_common.directory import Directory
from citycomm_common.intake_keys import Caller
from citycomm_notifications.domain import delivery_states as states
from citycomm_notifications.domain.destinations import destinations
from citycomm_notifications.domain.notices import ping_notice
from citycomm_notifications.service_layer.delivery_queue import DeliveryQueue
from citycomm_notifications.service_layer.endpoints import Endpoints


@dataclass(frozen=True)
class Redelivery:
    webhook_ids: tuple[str, ...] = ()
    since: datetime | None = None  # created at or after
    until: datetime | None = None  # created before


class SelfService:
    def __init__(self, queue: DeliveryQueue, endpoints: Endpoints,
                 directory: Callable[[], Directory]) -> None:
        self._queue, self._endpoints, self._directory = queue, endpoints, directory

    def endpoints(self, caller: Caller) -> list[dict[str, Any]]:
        """Where the caller's webhooks go now: its own endpoints, else the network's default one
        (`owner: "*"`, shared by every agency without its own: its URL is not the caller's to see)."""
        found = []
        for x in destinations(self._directory(), caller.party_id):
            status = self._endpoints.view(x.owner, x.endpoint.id)
            own = x.owner == caller.party_id
            found.append({"endpoint_id": x.endpoint.id, "owner": x.owner,
                          "url": str(x.endpoint.url) if own else None,
                          "events": list(x.endpoint.events), "disabled": status.disabled,
                          "reason": status.reason or None})
        return found

    async def ping(self, caller: Caller) -> list[str]:
        """The webhook-ids of the test event, one per endpoint of the caller that takes `ping`."""
        request_id = str(uuid.uuid4())
        return await self._queue.enqueue(ping_notice(caller.party_id, f"{caller.role}:{caller.party_id}",
                                                     request_id))

    def redeliver(self, agency_id: str, wanted: Redelivery) -> list[str]:
        """The agency's delivered or dead messages here that `wanted` names, sent again under the same
        webhook-id (receivers deduplicate on it); another agency's ids are not found."""
        chosen = [d.webhook_id for d in self._queue.records() if d.agency_id == agency_id
                  and d.delivery_state in (states.DELIVERED, states.DEAD) and _matches(d, wanted)]
        return sorted(i for i in chosen if self._queue.replay(i, delivered_too=True) is not None)


def _matches(d: WebhookDelivery, wanted: Redelivery) -> bool:
    if wanted.webhook_ids:
        return d.webhook_id in wanted.webhook_ids
    created = from_timestamp(d.created_time)
    after_start = wanted.since is None or created >= wanted.since
    return after_start and (wanted.until is None or created < wanted.until)
