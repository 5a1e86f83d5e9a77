"""What operators do (entrypoints/operator.py): dead letters listed and replayed, delivery logs,
endpoints' standing; on this worker's partitions, the other workers asked through `others`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime
from typing import Any

from citycomm.v1.notifications_pb2 import EndpointStatus, WebhookDelivery
from citycomm_common.clock import Clock
from citycomm_common.contracts import from_timestamp
from citycomm_common.metrics import DEAD_LETTERS
from citycomm_notifications.domain import delivery_states as states
from citycomm_notifications.service_layer.delivery_queue import DeliveryQueue
from citycomm_notifications.service_layer.endpoints import Endpoints
from citycomm_notifications.service_layer.ports import Gathered, OtherWorkers


class Operations:
    """`directory_loaded`: replays and endpoints are resolved on the live directory, not before."""

    def __init__(self, queue: DeliveryQueue, endpoints: Endpoints, *, others: OtherWorkers, clock: Clock,
                 directory_loaded: Callable[[], bool]) -> None:
        self._queue, self._endpoints, self._others, self._clock = queue, endpoints, others, clock
        self.directory_loaded = directory_loaded

    def _deliveries(self) -> list[WebhookDelivery]:
        return sorted(self._queue.records(), key=lambda d: (d.created_time.seconds, d.created_time.nanos))

    def dead_letters(self, agency_id: str | None = None) -> list[WebhookDelivery]:
        return [d for d in self._deliveries()
                if d.delivery_state == states.DEAD and agency_id in (None, d.agency_id)]

    def dead_letter(self, webhook_id: str) -> WebhookDelivery | None:
        found = self._queue.find(webhook_id)
        return found if found is not None and found.delivery_state == states.DEAD else None

    def replay(self, webhook_id: str) -> WebhookDelivery | None:
        """The delivery now queued for the dead letter (None: no such dead letter here)."""
        return self._queue.replay(webhook_id)

    def replay_matching(self, agency_id: str | None = None, endpoint_id: str | None = None,
                        since: datetime | None = None) -> list[str]:
        """Every dead letter here of the agency and endpoint (if given), created at or after `since`."""
        chosen = [d.webhook_id for d in self.dead_letters(agency_id)
                  if endpoint_id in (None, d.endpoint_id)
                  and (since is None or from_timestamp(d.created_time) >= since)]
        return [i for i in chosen if self._queue.replay(i) is not None]

    def delivery_log(self, agency_id: str, limit: int) -> list[WebhookDelivery]:
        return [d for d in self._deliveries() if d.agency_id == agency_id][-limit:]

    def counts_by_state(self) -> Counter[str]:
        """Deliveries here by state (pending, delivered, dead, readdressed): the queue's depth."""
        return Counter(states.state_name(d) for d in self._queue.records())

    def endpoint(self, agency_id: str, endpoint_id: str) -> EndpointStatus | None:
        """The standing of the endpoint the agency reaches under this id (None: it reaches none)."""
        found = self._endpoints.locate(agency_id, endpoint_id)
        return self._endpoints.view(*found) if found is not None else None

    def enable_endpoint(self, agency_id: str, endpoint_id: str) -> EndpointStatus | None:
        found = self._endpoints.locate(agency_id, endpoint_id)
        if found is None:
            return None
        owner, endpoint = found
        return self._endpoints.enable(owner, endpoint, agency_id, self._clock.now())

    async def ask_others(self, method: str, path: str, *, params: dict[str, str] | None = None,
                         body: Any = None) -> Gathered:
        """The same operator request, on every other worker of the group at once."""
        return await self._others.ask(method, path, params=params, body=body)

    def refresh_dead_letter_gauge(self) -> None:
        """citycomm_dead_letters{agency}: the dead letters waiting here, per agency."""
        waiting = Counter(d.agency_id for d in self._queue.records() if d.delivery_state == states.DEAD)
        DEAD_LETTERS.clear()
        for agency, count in waiting.items():
            DEAD_LETTERS.labels(agency).set(count)
