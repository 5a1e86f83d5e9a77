"""Verified API keys, remembered for a few seconds so that a keyed request needs no SQL look-up.

Only successes are cached, under the SHA-256 of the whole presented key (never the key itself):
an unknown or wrong key always goes to the database, so guessing cannot fill the cache, and a key
id with a wrong secret never matches a cached entry. The cache holds at most `size` entries (least
recently used out first). A key revoked in the database (`citycomm-intake keys revoke`, another
process) is refused by this process at most `ttl` seconds later.
"""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from citycomm_intake.domain.principals import Principal


class KeySource(Protocol):
    async def authenticate(self, presented: str) -> Principal | None: ...
    async def remember(
        self, scope: str, key: str, fingerprint: str, inquiry_id: str, now: datetime
    ) -> str: ...


class CachedKeys:
    """The key store with `authenticate` cached; everything else goes straight through."""

    def __init__(
        self,
        store: KeySource,
        *,
        ttl: float,
        size: int,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if ttl <= 0 or size < 1:
            raise ValueError("a key cache needs ttl > 0 and size >= 1")
        self._store, self.ttl, self.size, self._monotonic = store, ttl, size, monotonic
        self._entries: OrderedDict[str, tuple[float, Principal]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    async def authenticate(self, presented: str) -> Principal | None:
        slot = hashlib.sha256(presented.encode()).hexdigest()
        # Read before the look-up: an entry never outlives the moment it was read by more than ttl.
        now = self._monotonic()
        found = self._entries.get(slot)
        if found is not None:
            expires, cached = found
            if now < expires:
                self._entries.move_to_end(slot)
                return cached
            del self._entries[slot]
        principal = await self._store.authenticate(presented)
        if principal is not None:  # failures are never cached
            self._entries[slot] = (now + self.ttl, principal)
            self._entries.move_to_end(slot)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return principal

    async def remember(self, scope: str, key: str, fingerprint: str, inquiry_id: str, now: datetime) -> str:
        return await self._store.remember(scope, key, fingerprint, inquiry_id, now)
