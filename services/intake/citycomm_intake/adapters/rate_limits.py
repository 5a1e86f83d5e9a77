"""The citizens' rate limit shared by every intake replica: Redis through the `limits` library
(CITYCOMM_RATE_LIMIT_STORAGE_URL), with this process's own token buckets while Redis does not answer.

In process memory intake keeps its own token buckets (citycomm_intake.domain.rate_limit), not
limits' MemoryStorage: that one sweeps every key it holds after each request (limits 5.8), measured
at 0.11 ms a request with 1,000 clients known, 0.94 ms with 10,000 and 9.6 ms with 50,000, and holds
any number of clients, where an attack from many addresses needs O(1) a request in bounded memory.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable

from limits import RateLimitItemPerSecond
from limits.aio.storage import RedisStorage
from limits.aio.strategies import SlidingWindowCounterRateLimiter
from limits.errors import StorageError

from citycomm_common.throttled_log import ThrottledLog
from citycomm_intake.domain.rate_limit import RateLimiter, TokenBuckets, Verdict, window_seconds
from citycomm_intake.settings import IntakeSettings

log = logging.getLogger(__name__)


class RedisLimiter:
    """limits' sliding window counter in Redis: `burst` requests in any window of burst / per_second
    seconds (two counters a client, one Lua script a request), the token buckets' budget."""

    def __init__(self, storage: RedisStorage, per_second: float, burst: int) -> None:
        self._item = RateLimitItemPerSecond(burst, window_seconds(per_second, burst))
        self._storage = storage
        self._strategy = SlidingWindowCounterRateLimiter(storage)

    async def hit(self, client: str) -> Verdict:
        if await self._strategy.hit(self._item, "citizens", client):
            return Verdict(True)
        stats = await self._strategy.get_window_stats(self._item, "citizens", client)
        return Verdict(False, max(1, math.ceil(stats.reset_time - time.time())))

    async def close(self) -> None:
        await self._storage.bridge.storage.aclose()  # type: ignore[attr-defined]  # limits has no close


class SharedLimiter:
    """The shared limit; while its store fails, each process limits on its own (so the platform
    allows at most replicas × the limit) and tries the store again `retry_seconds` later."""

    def __init__(self, shared: RateLimiter, local: RateLimiter, retry_seconds: float = 5.0,
                 now: Callable[[], float] = time.monotonic) -> None:
        self.shared, self.local, self._retry, self._now = shared, local, retry_seconds, now
        self._skip_until = 0.0
        self._warnings = ThrottledLog(log, now=now)

    async def hit(self, client: str) -> Verdict:
        if self._now() >= self._skip_until:
            try:
                return await self.shared.hit(client)
            except (StorageError, OSError) as exc:
                self._skip_until = self._now() + self._retry
                self._warnings.warning("down", "the shared rate-limit store did not answer (%s): this "
                                       "process limits citizens on its own until it does",
                                       getattr(exc, "storage_error", exc))
        return await self.local.hit(client)

    async def close(self) -> None:
        await self.shared.close()
        await self.local.close()


def redis_storage(url: str, key_prefix: str, timeout: float) -> RedisStorage:
    """`redis://…` (or `rediss://…`) through redis-py's asyncio client, errors as StorageError."""
    return RedisStorage(f"async+{url}", wrap_exceptions=True, implementation="redispy",
                        key_prefix=key_prefix, socket_timeout=timeout, socket_connect_timeout=timeout)


def citizen_limiter(settings: IntakeSettings) -> RateLimiter:
    """This process's token buckets, or Redis's shared count when a URL is set (buckets meanwhile)."""
    rate, burst = settings.citizen_rate_per_second, settings.citizen_rate_burst
    local = TokenBuckets(rate, burst, settings.rate_limit_clients)
    url = settings.rate_limit_storage_url.get_secret_value()
    if not url:
        return local
    storage = redis_storage(url, settings.rate_limit_key_prefix, settings.rate_limit_storage_timeout_seconds)
    return SharedLimiter(RedisLimiter(storage, rate, burst), local, settings.rate_limit_storage_retry_seconds)
