"""The delivery queue: one record per webhook and endpoint, written before anything is sent.

The Dispatcher (delivery.py) sends what is due here; operators list and replay what is dead."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

from citycomm.v1.notifications_pb2 import WebhookDelivery
from citycomm_common.clock import Clock
from citycomm_common.codec import derived_id
from citycomm_common.contracts import from_timestamp, to_timestamp
from citycomm_common.directory import Directory
from citycomm_common.tracing import current_traceparent
from citycomm_notifications.adapters.webhooks import body
from citycomm_notifications.domain import delivery_states as states
from citycomm_notifications.domain.destinations import Destination, destinations, endpoint_key, serving
from citycomm_notifications.domain.notices import Notice
from citycomm_notifications.service_layer.ports import Store

log = logging.getLogger(__name__)
Due = tuple[datetime, str, str]  # next attempt, webhook-id, endpoint key


class DeliveryQueue:
    """`home` places a delivery: inquiry id ("" for none) → the partition its record is kept in."""

    def __init__(self, deliveries: Store[WebhookDelivery], directory: Callable[[], Directory],
                 clock: Clock, home: Callable[[str], str]) -> None:
        self.deliveries, self._directory, self._clock, self._home = deliveries, directory, clock, home
        self.wake = asyncio.Event()  # set when something may have become due
        self._keys: dict[str, str] = {}  # webhook-id → store key
        self._due: dict[str, tuple[datetime, str]] = {}  # webhook-id → (next attempt, endpoint key)
        self._seen_generation: object = object()

    async def enqueue(self, notice: Notice) -> list[str]:
        """Record one delivery per subscribed endpoint; ids repeat, so a replayed event adds nothing."""
        now = self._clock.now()
        self._refresh_index()
        try:
            found = self._wanting(notice.agency_id, notice.type)
        except LookupError:
            log.warning("no agency %s for %s: not notified", notice.agency_id, notice.type)
            return []
        message = WebhookDelivery(
            agency_id=notice.agency_id, inquiry_id=notice.inquiry_id, event_type=notice.type,
            body=body(notice.type, now, notice.data), created_time=to_timestamp(now),
            source_id=notice.source_id, traceparent=current_traceparent())
        ids = [self._add(message, x).webhook_id for x in found]
        self.wake.set()
        return ids

    def _wanting(self, agency_id: str, event_type: str) -> list[Destination]:
        """The agency's endpoints now that subscribed to `event_type` (LookupError: no such agency)."""
        return [x for x in destinations(self._directory(), agency_id) if x.endpoint.wants(event_type)]

    def _add(self, message: WebhookDelivery, to: Destination) -> WebhookDelivery:
        """`message` for one endpoint, recorded unless already there: its id derives from what caused
        it, the endpoint and the agency, so the same message to the same endpoint is one delivery."""
        webhook_id = derived_id(message.source_id, to.endpoint.id, message.agency_id)
        key = self._keys.setdefault(webhook_id, f"{self._home(message.inquiry_id)}/{webhook_id}")
        existing = self.deliveries.get(key)
        if existing is not None:
            return existing
        d = WebhookDelivery()
        d.CopyFrom(message)
        d.webhook_id, d.endpoint_id, d.endpoint_owner = webhook_id, to.endpoint.id, to.owner
        d.delivery_state = states.PENDING
        d.next_attempt_time.CopyFrom(to_timestamp(self._clock.now()))
        self.save(d)
        return d

    def find(self, webhook_id: str) -> WebhookDelivery | None:
        self._refresh_index()
        key = self._keys.get(webhook_id)
        return self.deliveries.get(key) if key is not None else None

    def records(self) -> Iterator[WebhookDelivery]:
        """Every delivery this worker holds (its partitions'), in no particular order."""
        return (d for _, d in self.deliveries.items())

    def replay(self, webhook_id: str, *, delivered_too: bool = False) -> WebhookDelivery | None:
        """A dead letter back in the queue: same webhook-id, a new round of the schedule — or, if its
        endpoint no longer serves its agency, re-addressed to the agency's endpoints now. With
        `delivered_too`, a delivered message is sent again the same way (an agency's redelivery)."""
        d = self.find(webhook_id)
        replayable = (states.DEAD, states.DELIVERED) if delivered_too else (states.DEAD,)
        if d is None or d.delivery_state not in replayable:
            return None
        if serving(self._directory(), d) is None:
            readdressed = self._readdress(d)
            if readdressed is not None:
                return readdressed
        d.delivery_state, d.attempts, d.error, d.replays = states.PENDING, 0, "", d.replays + 1
        d.next_attempt_time.CopyFrom(to_timestamp(self._clock.now()))
        self.save(d)
        self.wake.set()
        return d

    def _readdress(self, d: WebhookDelivery) -> WebhookDelivery | None:
        """The dead letter's message to the endpoints of its agency now, as enqueue would record it.
        An endpoint of the same id takes it over under the same webhook-id (replayed as usual: None);
        otherwise the dead letter is kept as `readdressed` and the first new delivery returned."""
        try:
            found = self._wanting(d.agency_id, d.event_type)
        except LookupError:
            return None  # replayed as it is: dead again, saying why
        same = next((x for x in found if x.endpoint.id == d.endpoint_id), None)
        if same is not None:
            d.endpoint_owner = same.owner
            found.remove(same)
        message = WebhookDelivery(agency_id=d.agency_id, inquiry_id=d.inquiry_id, event_type=d.event_type,
                                  body=d.body, created_time=d.created_time, source_id=d.source_id,
                                  traceparent=d.traceparent)
        added = [self._add(message, x) for x in found]
        log.info("dead letter %s of %s re-addressed to %s", d.webhook_id, d.agency_id,
                 [x.key for x in ([same] if same else []) + found])
        if same is not None or not added:
            return None
        states.readdress(d)
        d.error = f"{d.error}; re-addressed to {', '.join(a.webhook_id for a in added)}"
        self.save(d)
        self.wake.set()
        return added[0]

    def save(self, d: WebhookDelivery) -> None:
        self.deliveries.put(self._keys[d.webhook_id], d)
        if d.delivery_state == states.PENDING:
            self._due[d.webhook_id] = (from_timestamp(d.next_attempt_time),
                                       endpoint_key(d.endpoint_owner, d.endpoint_id))
        else:
            self._due.pop(d.webhook_id, None)

    def due(self, now: datetime) -> list[Due]:
        """Pending deliveries whose next attempt has come, earliest first."""
        self._refresh_index()
        return sorted((at, webhook_id, endpoint) for webhook_id, (at, endpoint) in self._due.items()
                      if at <= now)

    def _refresh_index(self) -> None:
        generation = self.deliveries.generation()
        if generation != self._seen_generation:
            self._seen_generation = generation
            held = list(self.deliveries.items())
            self._keys = {d.webhook_id: key for key, d in held}
            self._due = {d.webhook_id: (from_timestamp(d.next_attempt_time),
                                        endpoint_key(d.endpoint_owner, d.endpoint_id))
                         for _, d in held if d.delivery_state == states.PENDING}

    def prune(self, older_than: timedelta) -> int:
        """Forget delivered records past their retention (the delivery log's horizon)."""
        limit, gone = self._clock.now() - older_than, 0
        for key, d in self.deliveries.items():
            settled = d.delivery_state == states.DELIVERED or states.is_readdressed(d)
            if settled and from_timestamp(d.created_time) < limit:
                self.deliveries.delete(key)
                self._keys.pop(d.webhook_id, None)
                gone += 1
        return gone
