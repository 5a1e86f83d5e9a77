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
from citycomm_common.clock import Clock, SystemClock
from citycomm_common.codec import derived_id, rfc3339
from citycomm_common.directory import Directory, WebhookEndpoint
from citycomm_common.metrics import WEBHOOK_DELIVERIES
from citycomm_common.tracing import current_traceparent, resumed
from citycomm_notifications import outcomes
from citycomm_notifications.adapters.egress import EgressPolicy, RefusedTarget, Target, Unresolved
from citycomm_notifications.adapters.secrets import MissingSecret, SecretStore
from citycomm_notifications.adapters.stores import Store
from citycomm_notifications.adapters.webhooks import Attempt, WebhookClient, body, signed_headers
from citycomm_notifications.domain.destinations import Destination, destinations, endpoint_key, serving
from citycomm_notifications.domain.notices import Notice
from citycomm_notifications.domain.retries import RetryPolicy, Verdict, judge
from citycomm_notifications.endpoints import Endpoints

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
        self.deliveries, self.endpoints = deliveries, Endpoints(endpoints, directory)
        self._directory, self._secrets, self._client = directory, secrets, client
        self._egress, self._clock, self._policy, self._publish = egress, clock, policy, publish
        self._limits, self._rng = limits, rng or random.Random()
        self._home = home  # inquiry id ("" for none) → the partition a delivery is kept in
        self._keys: dict[str, str] = {}  # webhook-id → store key
        self.on_dead: Callable[[WebhookDelivery], Awaitable[None]] | None = None
        self._due: dict[str, tuple[datetime, str]] = {}  # webhook-id → (next attempt, endpoint key)
        self._inflight: set[str] = set()
        self._busy: Counter[str] = Counter()
        self._tasks: set[asyncio.Task[None]] = set()
        self._seen_generation: object = object()
        self._wake = asyncio.Event()
        # The signature's timestamp is the real time whatever the platform's clock reads (a fast or
        # shifted local clock): receivers refuse timestamps more than minutes from their own time.
        self.wall: Clock = SystemClock()

    def now(self) -> datetime:
        return self._clock.now()

    # -- the queue ----------------------------------------------------------------------
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
            body=body(notice.type, now, notice.data), created_at=rfc3339(now), source_id=notice.source_id,
            traceparent=current_traceparent())
        ids = [self._add(message, x).webhook_id for x in found]
        self._wake.set()
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
        d.state, d.next_attempt_at = "pending", rfc3339(self._clock.now())
        self._store(d)
        return d

    def find(self, webhook_id: str) -> WebhookDelivery | None:
        self._refresh_index()
        key = self._keys.get(webhook_id)
        return self.deliveries.get(key) if key is not None else None

    def replay(self, webhook_id: str) -> WebhookDelivery | None:
        """A dead letter back in the queue: same webhook-id, a new round of the schedule — or, if its
        endpoint no longer serves its agency, re-addressed to the agency's endpoints now."""
        d = self.find(webhook_id)
        if d is None or d.state != "dead":
            return None
        if serving(self._directory(), d) is None:
            readdressed = self._readdress(d)
            if readdressed is not None:
                return readdressed
        d.state, d.attempts, d.error, d.replays = "pending", 0, "", d.replays + 1
        d.next_attempt_at = rfc3339(self._clock.now())
        self._store(d)
        self._wake.set()
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
                                  body=d.body, created_at=d.created_at, source_id=d.source_id,
                                  traceparent=d.traceparent)
        added = [self._add(message, x) for x in found]
        log.info("dead letter %s of %s re-addressed to %s", d.webhook_id, d.agency_id,
                 [x.key for x in ([same] if same else []) + found])
        if same is not None or not added:
            return None
        d.state = "readdressed"
        d.error = f"{d.error}; re-addressed to {', '.join(a.webhook_id for a in added)}"
        self._store(d)
        self._wake.set()
        return added[0]

    def _store(self, d: WebhookDelivery) -> None:
        self.deliveries.put(self._keys[d.webhook_id], d)
        if d.state == "pending":
            self._due[d.webhook_id] = (parse_time(d.next_attempt_at), endpoint_key(d.endpoint_owner,
                                                                                   d.endpoint_id))
        else:
            self._due.pop(d.webhook_id, None)

    def _refresh_index(self) -> None:
        generation = self.deliveries.generation()
        if generation != self._seen_generation:
            self._seen_generation = generation
            held = list(self.deliveries.items())
            self._keys = {d.webhook_id: key for key, d in held}
            self._due = {d.webhook_id: (parse_time(d.next_attempt_at),
                                        endpoint_key(d.endpoint_owner, d.endpoint_id))
                         for _, d in held if d.state == "pending"}

    def prune(self, older_than: timedelta) -> int:
        """Forget delivered records past their retention (the delivery log's horizon)."""
        limit, gone = self._clock.now() - older_than, 0
        for key, d in self.deliveries.items():
            if d.state in ("delivered", "readdressed") and parse_time(d.created_at) < limit:
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

    async def _attempt(self, webhook_id: str, endpoint: str) -> None:
        try:
            d = self.find(webhook_id)
            if d is not None and d.state == "pending":
                with resumed(d.traceparent, f"deliver {d.event_type}"):
                    await self._try(d)
        except Exception:
            log.exception("delivery %s failed unexpectedly; it stays queued", webhook_id)
        finally:
            self._inflight.discard(webhook_id)
            self._busy[endpoint] -= 1
            self._wake.set()

    async def _try(self, d: WebhookDelivery) -> None:
        destination = serving(self._directory(), d)
        if destination is None:
            return await self._dead(d, 0, f"endpoint {d.endpoint_id} no longer serves {d.agency_id}")
        if self.endpoints.disabled(destination):
            return await self._dead(d, 0, "endpoint disabled")
        endpoint = destination.endpoint
        target: Target | None = None
        unresolved = ""
        try:
            target = await self._egress.check(endpoint.url)
        except Unresolved as no_address:  # DNS has no answer now: a failed attempt, retried
            unresolved = str(no_address)
        except RefusedTarget as refused:
            return await self._dead(d, 0, f"refused target: {refused}")
        if serving(self._directory(), d) != destination:
            return  # the directory changed while we looked the host up: decide again, at once
        now = self._clock.now()
        attempt = (Attempt(0, 0.0, error=unresolved) if target is None
                   else await self._post(d, endpoint, target))
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
        headers = signed_headers(d.webhook_id, self.wall.now(), d.body, secrets)
        return await self._client.post(endpoint.url, headers, d.body, target.addresses)

    async def _disable(self, d: WebhookDelivery, destination: Destination) -> None:
        now = self._clock.now()
        self.endpoints.disable(destination, d.agency_id, f"410 Gone for delivery {d.webhook_id}", now)
        event_id, message = outcomes.endpoint_disabled(d, now)
        await self._publish(message, d.agency_id, event_id)

    async def _dead(self, d: WebhookDelivery, status_code: int, error: str) -> None:
        d.state, d.error = "dead", error
        self._store(d)
        event_id, message = outcomes.dead_lettered(d, status_code, self._clock.now())
        await self._publish(message, d.inquiry_id or d.agency_id, event_id)
        if self.on_dead is not None:
            await self.on_dead(d)
