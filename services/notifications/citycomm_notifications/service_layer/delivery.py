"""Sending webhooks: worker tasks attempt what the queue holds due, within limits, not the agents."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from citycomm.v1.notifications_pb2 import DeliveryAttempt, WebhookDelivery
from citycomm_common.clock import Clock, SystemClock
from citycomm_common.contracts import to_timestamp
from citycomm_common.directory import Directory, WebhookEndpoint
from citycomm_common.metrics import WEBHOOK_DELIVERIES
from citycomm_common.tracing import resumed
from citycomm_notifications.adapters.egress import EgressPolicy, RefusedTarget, Target, Unresolved
from citycomm_notifications.adapters.secrets import MissingSecret, SecretStore
from citycomm_notifications.adapters.webhooks import Attempt, signed_headers
from citycomm_notifications.domain import delivery_states as states
from citycomm_notifications.domain.destinations import Destination, serving
from citycomm_notifications.domain.retries import RetryPolicy, Verdict, judge
from citycomm_notifications.service_layer import outcomes
from citycomm_notifications.service_layer.delivery_queue import DeliveryQueue
from citycomm_notifications.service_layer.endpoints import Endpoints
from citycomm_notifications.service_layer.ports import Publish, WebhookSender

log = logging.getLogger(__name__)
OnDead = Callable[[WebhookDelivery], Awaitable[None]]
HISTORY_LIMIT = 30


@dataclass(frozen=True)
class Limits:
    per_endpoint: int = 4  # one slow agency holds at most this many connections
    total: int = 200
    poll_interval: float = 0.5


class Dispatcher:
    """Attempts each due delivery of `queue`; `on_dead` hears of every dead letter (after its event).

    The signature's timestamp comes from `wall`, the real time whatever `clock` reads (a fast or
    shifted local clock): receivers refuse timestamps more than minutes from their own time."""

    def __init__(self, queue: DeliveryQueue, endpoints: Endpoints, *, directory: Callable[[], Directory],
                 secrets: SecretStore, client: WebhookSender, egress: EgressPolicy, clock: Clock,
                 retry: RetryPolicy, publish: Publish, on_dead: OnDead,
                 limits: Limits = Limits(), rng: random.Random | None = None,
                 wall: Clock | None = None, links: Callable[[str], str] | None = None) -> None:
        self.queue, self.endpoints = queue, endpoints
        self._directory, self._secrets, self._client, self._egress = directory, secrets, client, egress
        self._clock, self._retry, self._publish, self._on_dead = clock, retry, publish, on_dead
        self._limits, self._rng = limits, rng or random.Random()
        self._wall = wall or SystemClock()
        self._links = links  # AttachmentLinks.fill: fresh signed links to attachments, per attempt
        self._inflight: set[str] = set()
        self._busy: Counter[str] = Counter()
        self._tasks: set[asyncio.Task[None]] = set()

    # -- the workers --------------------------------------------------------------------
    async def run(self) -> None:
        wake = self.queue.wake
        while True:
            self.dispatch_due()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), self._limits.poll_interval)
            wake.clear()

    def dispatch_due(self) -> int:
        """Start an attempt for each due delivery whose endpoint has a free slot; never waits."""
        started = 0
        for _, webhook_id, endpoint in self.queue.due(self._clock.now()):
            if webhook_id in self._inflight:
                continue
            if len(self._inflight) >= self._limits.total:
                break
            if self._busy[endpoint] >= self._limits.per_endpoint:
                continue
            self._inflight.add(webhook_id)
            self._busy[endpoint] += 1
            task = asyncio.get_running_loop().create_task(self._attempt(webhook_id, endpoint))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            started += 1
        return started

    async def drain(self) -> None:
        """Wait for the attempts in flight (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def _attempt(self, webhook_id: str, endpoint: str) -> None:
        try:
            d = self.queue.find(webhook_id)
            if d is not None and d.delivery_state == states.PENDING:
                with resumed(d.traceparent, f"deliver {d.event_type}"):
                    await self._try(d)
        except Exception:
            log.exception("delivery %s failed unexpectedly; it stays queued", webhook_id)
        finally:
            self._inflight.discard(webhook_id)
            self._busy[endpoint] -= 1
            self.queue.wake.set()

    # -- one attempt --------------------------------------------------------------------
    async def _try(self, d: WebhookDelivery) -> None:
        destination = serving(self._directory(), d)
        if destination is None:
            return await self._dead(d, 0, f"endpoint {d.endpoint_id} no longer serves {d.agency_id}")
        if self.endpoints.disabled(destination):
            return await self._dead(d, 0, "endpoint disabled")
        target: Target | None = None
        unresolved = ""
        try:
            target = await self._egress.check(destination.endpoint.url)
        except Unresolved as no_address:  # DNS has no answer now: a failed attempt, retried
            unresolved = str(no_address)
        except RefusedTarget as refused:
            return await self._dead(d, 0, f"refused target: {refused}")
        if serving(self._directory(), d) != destination:
            return None  # the directory changed while we looked the host up: decide again, at once
        now = self._clock.now()
        attempt = (Attempt(0, 0.0, error=unresolved) if target is None
                   else await self._post(d, destination.endpoint, target))
        d.attempts += 1
        d.history.append(DeliveryAttempt(time=to_timestamp(now), status_code=attempt.status_code,
                                         latency_ms=round(attempt.latency_ms, 2), error=attempt.error))
        del d.history[:-HISTORY_LIMIT]
        await self._settle(d, attempt, destination, now)

    async def _settle(self, d: WebhookDelivery, attempt: Attempt, destination: Destination,
                      sent_at: datetime) -> None:
        """What the attempt means for the delivery: delivered, retried later, gone, or dead."""
        outcome = judge(attempt.status_code, attempt.retry_after, d.attempts, self._clock.now(),
                        self._retry, self._rng)
        WEBHOOK_DELIVERIES.labels(outcome.verdict.value, d.agency_id).inc()
        if outcome.verdict is Verdict.DELIVERED:
            d.delivery_state = states.DELIVERED
            self.queue.save(d)
            event_id, message = outcomes.delivered(d, attempt.status_code, attempt.latency_ms, sent_at)
            await self._publish(message, d.inquiry_id or d.agency_id, event_id)
        elif outcome.verdict is Verdict.RETRY:
            assert outcome.retry_at is not None
            d.next_attempt_time.CopyFrom(to_timestamp(outcome.retry_at))
            self.queue.save(d)
        elif outcome.verdict is Verdict.GONE:
            await self._disable(d, destination)
            await self._dead(d, 410, "410 Gone: endpoint disabled")
        else:
            await self._dead(d, attempt.status_code, f"retry schedule exhausted: {attempt.error}")

    async def _post(self, d: WebhookDelivery, endpoint: WebhookEndpoint, target: Target) -> Attempt:
        """Sent only to the addresses the egress check returned (no second DNS look-up)."""
        try:
            secrets = [self._secrets.resolve(ref) for ref in endpoint.secret_refs]
        except MissingSecret as missing:
            return Attempt(0, 0.0, error=str(missing))
        body = self._links(d.body) if self._links is not None else d.body
        headers = signed_headers(d.webhook_id, self._wall.now(), body, secrets)
        return await self._client.post(endpoint.url, headers, body, target.addresses)

    async def _disable(self, d: WebhookDelivery, destination: Destination) -> None:
        now = self._clock.now()
        self.endpoints.disable(destination, d.agency_id, f"410 Gone for delivery {d.webhook_id}", now)
        event_id, message = outcomes.endpoint_disabled(d, now)
        await self._publish(message, d.agency_id, event_id)

    async def _dead(self, d: WebhookDelivery, status_code: int, error: str) -> None:
        d.delivery_state, d.error = states.DEAD, error
        self.queue.save(d)
        event_id, message = outcomes.dead_lettered(d, status_code, self._clock.now())
        await self._publish(message, d.inquiry_id or d.agency_id, event_id)
        await self._on_dead(d)
