"""The citizens' rate limit: what intake asks of it, and the in-process one (token buckets per client,
in bounded memory: the least recently seen are forgotten)."""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0  # whole seconds until the client's next request would be allowed


class RateLimiter(Protocol):
    """Counts a request of a client (its key: citycomm_common.clients.client_key)."""

    async def hit(self, client: str) -> Verdict: ...

    async def close(self) -> None: ...


def window_seconds(per_second: float, burst: int) -> int:
    """The window in which a limit of `burst` at once, `per_second` on average, allows `burst`."""
    return max(1, math.ceil(burst / per_second))


class TokenBuckets:
    """`burst` requests at once, refilled at `per_second`; at most `max_clients` buckets kept.

    Forgetting a client can only give it a fresh (full) bucket, so memory stays bounded at the
    price of a little leniency under an attack from very many addresses.
    """

    def __init__(
        self,
        per_second: float,
        burst: int,
        max_clients: int = 10_000,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self._rate = per_second
        self._burst = float(burst)
        self._max = max_clients
        self._now = now
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._buckets)

    def allow(self, client: str) -> bool:
        now = self._now()
        tokens, last = self._buckets.pop(client, (self._burst, now))
        tokens = min(self._burst, tokens + (now - last) * self._rate)
        allowed = tokens >= 1.0
        self._buckets[client] = (tokens - 1.0 if allowed else tokens, now)
        while len(self._buckets) > self._max:
            self._buckets.popitem(last=False)
        return allowed

    async def hit(self, client: str) -> Verdict:
        allowed = self.allow(client)
        return Verdict(allowed, 0 if allowed else self.retry_after(client))

    async def close(self) -> None:
        self._buckets.clear()

    def retry_after(self, client: str) -> int:
        """Whole seconds until the next request of this client would be allowed."""
        tokens, _ = self._buckets.get(client, (self._burst, 0.0))
        return max(1, int((1.0 - tokens) / self._rate + 0.999)) if self._rate > 0 else 60
