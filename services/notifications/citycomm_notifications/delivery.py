"""The delivery queue: webhooks recorded first, then sent by worker tasks with retries, not by the agent."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from google.protobuf.message import Message

from citycomm.v1.notifications_pb2 import DeliveryAttempt, EndpointStatus, WebhookDelivery
from citycomm_common.clock import Clock
from citycomm_common.codec import derived_id, rfc3339
from citycomm_common.directory import Directory, WebhookEndpoint
from citycomm_common.metrics import WEBHOOK_DELIVERIES
from citycomm_common.tracing import current_traceparent, resumed
from citycomm_notifications import outcomes
from citycomm_notifications.adapters.egress import EgressPolicy, RefusedTarget, Target, Unresolved
from citycomm_notifications.adapters.secrets import MissingSecret, SecretStore
from citycomm_notifications.adapters.stores import Store
from citycomm_notifications.adapters.webhooks import Attempt, WebhookClient, body, signed_headers
from citycomm_notifications.domain.notices import Notice
from citycomm_notifications.domain.retries import RetryPolicy, Verdict, judge

log = logging.getLogger(__name__)
Publish = Callable[[Message, str, str], Awaitable[None]]  # message, subject, event id
HISTORY_LIMIT = 30


@dataclass(frozen=True)
class Limits:
    per_endpoint: int = 4  # one slow agency holds at most this many connections
    total: int = 200
    poll_interval: float = 0.5


def parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


class Dispatcher:
    def __init__(self, deliveries: Store[WebhookDelivery], endpoints: Store[EndpointStatus],
                 directory: Callable[[], Directory], secrets: SecretStore, client: WebhookClient,
                 egress: EgressPolicy, clock: Clock, policy: RetryPolicy, publish: Publish,
                 limits: Limits = Limits(), rng: random.Random | None = None,
                 home: Callable[[str], str] = lambda _: "0") -> None:
        self.deliveries, self.endpoints = deliveries, endpoints
        self._directory, self._secrets, self._client = directory, secrets, client
        self._egress, self._clock, self._policy, self._publish = egress, clock, policy, publish
        self._limits, self._rng = limits, rng or random.Random()
        self._home = home  # inquiry id ("" for none) → the partition a delivery is kept in
        self._keys: dict[str, str] = {}  # webhook-id → store key
        self.on_dead: Callable[[WebhookDelivery], Awaitable[None]] | None = None
        self._due: dict[str, tuple[datetime, str]] = {}  # webhook-id → (next attempt, endpoint)
        self._inflight: set[str] = set()
        self._busy: Counter[str] = Counter()
        self._tasks: set[asyncio.Task[None]] = set()
        self._seen_generation: object = object()
        self._wake = asyncio.Event()

    def now(self) -> datetime:
        return self._clock.now()

    # -- the queue ----------------------------------------------------------------------
    async def enqueue(self, notice: Notice) -> list[str]:
        """Record one delivery per subscribed endpoint; ids repeat, so a replayed event adds nothing."""
        now, ids = self._clock.now(), []
        self._refresh_index()
        try:
            endpoints = self._directory().endpoints_for(notice.agency_id)
        except LookupError:
            log.warning("no agency %s for %s: not notified", notice.agency_id, notice.type)
            return []
        for endpoint in (e for e in endpoints if e.wants(notice.type)):
            webhook_id = derived_id(notice.source_id, endpoint.id, notice.agency_id)
            ids.append(webhook_id)
            key = self._keys.setdefault(webhook_id, f"{self._home(notice.inquiry_id)}/{webhook_id}")
            if self.deliveries.get(key) is None:
                self._store(WebhookDelivery(
                    webhook_id=webhook_id, agency_id=notice.agency_id, endpoint_id=endpoint.id,
                    inquiry_id=notice.inquiry_id, event_type=notice.type,
                    body=body(notice.type, now, notice.data), created_at=rfc3339(now),
                    state="pending", next_attempt_at=rfc3339(now), source_id=notice.source_id,
                    traceparent=current_traceparent()))
        self._wake.set()
        return ids

    def find(self, webhook_id: str) -> WebhookDelivery | None:
        self._refresh_index()
        key = self._keys.get(webhook_id)
        return self.deliveries.get(key) if key is not None else None

    def replay(self, webhook_id: str) -> WebhookDelivery | None:
        """A dead letter back in the queue: same webhook-id, a new round of the schedule."""
        d = self.find(webhook_id)
        if d is None or d.state != "dead":
            return None
        d.state, d.attempts, d.error, d.replays = "pending", 0, "", d.replays + 1
        d.next_attempt_at = rfc3339(self._clock.now())
        self._store(d)
        self._wake.set()
        return d

    def _store(self, d: WebhookDelivery) -> None:
        self.deliveries.put(self._keys[d.webhook_id], d)
        if d.state == "pending":
            self._due[d.webhook_id] = (parse_time(d.next_attempt_at), d.endpoint_id)
        else:
            self._due.pop(d.webhook_id, None)

    def _refresh_index(self) -> None:
        generation = self.deliveries.generation()
        if generation != self._seen_generation:
            self._seen_generation = generation
            held = list(self.deliveries.items())
            self._keys = {d.webhook_id: key for key, d in held}
            self._due = {d.webhook_id: (parse_time(d.next_attempt_at), d.endpoint_id)
                         for _, d in held if d.state == "pending"}

    def prune(self, older_than: timedelta) -> int:
        """Forget delivered records past their retention (the delivery log's horizon)."""
        limit, gone = self._clock.now() - older_than, 0
        for key, d in self.deliveries.items():
            if d.state == "delivered" and parse_time(d.created_at) < limit:
                self.deliveries.delete(key)
                self._keys.pop(d.webhook_id, None)
                gone += 1
        return gone

    # -- the workers --------------------------------------------------------------------
    async def run(self) -> None:
        while True:
            self.dispatch_due()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._limits.poll_interval)
            self._wake.clear()

    def dispatch_due(self) -> int:
        """Start an attempt for each due delivery whose endpoint has a free slot; never waits."""
        self._refresh_index()
        now, started = self._clock.now(), 0
        due = sorted((at, webhook_id, endpoint) for webhook_id, (at, endpoint) in self._due.items()
                     if at <= now and webhook_id not in self._inflight)
        for _, webhook_id, endpoint in due:
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

    async def _attempt(self, webhook_id: str, endpoint_id: str) -> None:
        try:
            d = self.find(webhook_id)
            if d is not None and d.state == "pending":
                with resumed(d.traceparent, f"deliver {d.event_type}"):
                    await self._try(d)
        except Exception:
            log.exception("delivery %s failed unexpectedly; it stays queued", webhook_id)
        finally:
            self._inflight.discard(webhook_id)
            self._busy[endpoint_id] -= 1
            self._wake.set()

    def _endpoint(self, d: WebhookDelivery) -> WebhookEndpoint | None:
        try:
            found = self._directory().endpoints_for(d.agency_id)
        except LookupError:
            return None
        return next((e for e in found if e.id == d.endpoint_id), None)

    async def _try(self, d: WebhookDelivery) -> None:
        endpoint = self._endpoint(d)
        status = self.endpoints.get(d.endpoint_id)
        if endpoint is None or (status is not None and status.disabled):
            why = "endpoint no longer in the directory" if endpoint is None else "endpoint disabled"
            return await self._dead(d, 0, why)
        target: Target | None = None
        unresolved = ""
        try:
            target = await self._egress.check(endpoint.url)
        except Unresolved as no_address:  # DNS has no answer now: a failed attempt, retried
            unresolved = str(no_address)
        except RefusedTarget as refused:
            return await self._dead(d, 0, f"refused target: {refused}")
        now = self._clock.now()
        attempt = (Attempt(0, 0.0, error=unresolved) if target is None
                   else await self._post(d, endpoint, target, now))
        d.attempts += 1
        d.history.append(DeliveryAttempt(at=rfc3339(now), status_code=attempt.status_code,
                                         latency_ms=round(attempt.latency_ms, 2), error=attempt.error))
        del d.history[:-HISTORY_LIMIT]
        outcome = judge(attempt.status_code, attempt.retry_after, d.attempts, self._clock.now(),
                        self._policy, self._rng)
        WEBHOOK_DELIVERIES.labels(outcome.verdict.value).inc()
        if outcome.verdict is Verdict.DELIVERED:
            d.state = "delivered"
            self._store(d)
            event_id, message = outcomes.delivered(d, attempt.status_code, attempt.latency_ms, now)
            await self._publish(message, d.inquiry_id or d.agency_id, event_id)
        elif outcome.verdict is Verdict.RETRY:
            assert outcome.retry_at is not None
            d.next_attempt_at = rfc3339(outcome.retry_at)
            self._store(d)
        elif outcome.verdict is Verdict.GONE:
            await self._disable(d)
            await self._dead(d, 410, "410 Gone: endpoint disabled")
        else:
            await self._dead(d, attempt.status_code, f"retry schedule exhausted: {attempt.error}")

    async def _post(self, d: WebhookDelivery, endpoint: WebhookEndpoint, target: Target,
                    now: datetime) -> Attempt:
        """Sent only to the addresses the egress check returned (no second DNS look-up)."""
        try:
            secrets = [self._secrets.resolve(ref) for ref in endpoint.secret_refs]
        except MissingSecret as missing:
            return Attempt(0, 0.0, error=str(missing))
        return await self._client.post(endpoint.url, signed_headers(d.webhook_id, now, d.body, secrets),
                                       d.body, target.addresses)

    async def _disable(self, d: WebhookDelivery) -> None:
        now = self._clock.now()
        self.endpoints.put(d.endpoint_id, EndpointStatus(
            endpoint_id=d.endpoint_id, agency_id=d.agency_id, disabled=True,
            reason=f"410 Gone for delivery {d.webhook_id}", changed_at=rfc3339(now)))
        event_id, message = outcomes.endpoint_disabled(d, now)
        await self._publish(message, d.agency_id, event_id)

    async def _dead(self, d: WebhookDelivery, status_code: int, error: str) -> None:
        d.state, d.error = "dead", error
        self._store(d)
        event_id, message = outcomes.dead_lettered(d, status_code, self._clock.now())
        await self._publish(message, d.inquiry_id or d.agency_id, event_id)
        if self.on_dead is not None:
            await self.on_dead(d)
