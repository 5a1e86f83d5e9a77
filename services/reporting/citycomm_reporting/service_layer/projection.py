"""Events into the read model: one transaction per batch; a database that blinks is waited for."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Sequence

from citycomm_common.codec import Envelope
from citycomm_reporting.adapters.store import DATABASE_DOWN, ReadModel
from citycomm_reporting.domain.facts import Fact, fact_from

RETRY_PAUSES = (0.5, 2.0, 5.0, 15.0)
log = logging.getLogger(__name__)


class ReadModelUnreachable(RuntimeError):
    """The database stayed down through every retry: the worker must stop without committing."""


def facts_of(envelopes: Iterable[Envelope]) -> list[Fact]:
    return [fact_from(e.message, event_id=e.id, subject=e.subject, written_at=e.time, source=e.source)
            for e in envelopes]


class Projection:
    def __init__(self, model: ReadModel, *, migrate: bool, pauses: Sequence[float] = RETRY_PAUSES) -> None:
        self._model, self._migrate, self._pauses = model, migrate, pauses
        self._answered = False  # the database, when last asked

    @property
    def ready(self) -> bool:
        """The schema is at head: the read model may be written and read."""
        return self._model.schema_ready

    @property
    def reachable(self) -> bool:
        """The schema is at head and the database answered when last asked (open, or check)."""
        return self.ready and self._answered

    async def open(self) -> None:
        """Migrate the schema, or check that a job did (CITYCOMM_MIGRATE_ON_START); once per process."""
        await self._model.open(migrate=self._migrate)
        self._answered = True

    async def check(self) -> bool:
        """Ask the database again; reachable?"""
        self._answered = await self._model.ping()
        return self.reachable

    async def apply(self, envelopes: Sequence[Envelope]) -> None:
        """Record a batch of events, all or nothing; ReadModelUnreachable once retries are spent."""
        facts = facts_of(envelopes)
        for pause in (*self._pauses, None):
            try:
                await self._model.apply_batch(facts)
                return
            except DATABASE_DOWN as exc:
                if pause is None:
                    raise ReadModelUnreachable(f"projecting {len(facts)} events failed: {exc}") from exc
                log.warning("projecting %d events (from %s) failed; retrying in %.1fs",
                            len(facts), facts[0].event_id, pause)
                await asyncio.sleep(pause)
