"""Idempotency-Key records are kept for a retention period, then purged in small batches.

A record only serves to answer "same key, different body" with 422: the inquiry id is derived
from the caller and the key alone, so a retry after the purge still names the same inquiry.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime, timedelta
from typing import Protocol

from citycomm_common.clock import Clock

log = logging.getLogger(__name__)


class Purgeable(Protocol):
    async def purge_idempotency_keys(self, before: datetime, limit: int) -> int: ...


class IdempotencyPurge:
    """Every `interval` seconds (and once at start), deletes records first used more than `retention`
    ago, `batch` rows per transaction, so a large backlog never holds a long lock."""

    def __init__(
        self,
        store: Purgeable,
        clock: Clock,
        *,
        retention: timedelta,
        interval: float,
        batch: int,
    ) -> None:
        self._store, self._clock = store, clock
        self.retention, self.interval, self.batch = retention, interval, batch
        self._task: asyncio.Task[None] | None = None

    async def run_once(self) -> int:
        """Purge everything older than the retention now; returns how many records went."""
        cutoff = self._clock.now() - self.retention
        total = 0
        while True:
            removed = await self._store.purge_idempotency_keys(cutoff, self.batch)
            total += removed
            if removed < self.batch:
                return total
            await asyncio.sleep(0)  # let requests in between batches

    async def _run(self) -> None:
        while True:
            try:
                removed = await self.run_once()
                if removed:
                    log.info("purged %d Idempotency-Key records older than %s", removed, self.retention)
            except Exception as exc:  # the database is down: readiness shows it; try again next time
                log.warning("Idempotency-Key purge failed: %r", exc)
            await asyncio.sleep(self.interval)

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="intake-idempotency-purge")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
