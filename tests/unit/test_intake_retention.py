"""The Idempotency-Key retention: its settings and the background purge's behaviour (SQL: integration)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from citycomm_common.clock import FakeClock
from citycomm_intake import bootstrap
from citycomm_intake.service_layer.retention import IdempotencyPurge
from citycomm_intake.settings import IntakeSettings

NOW = datetime(2026, 3, 12, 3, 0, tzinfo=UTC)


class FlakyStore:
    """Fails its first call (the database is down), then purges nothing."""

    def __init__(self) -> None:
        self.calls: list[datetime] = []

    async def purge_idempotency_keys(self, before: datetime, limit: int) -> int:
        self.calls.append(before)
        if len(self.calls) == 1:
            raise ConnectionError("database down")
        return 0


def test_the_retention_is_thirty_days_unless_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    assert IntakeSettings().idempotency_key_retention_days == 30
    monkeypatch.setenv("CITYCOMM_IDEMPOTENCY_KEY_RETENTION_DAYS", "90")
    monkeypatch.setenv("CITYCOMM_IDEMPOTENCY_PURGE_INTERVAL_SECONDS", "60")
    settings = IntakeSettings()
    purge = bootstrap.idempotency_purge(settings, FlakyStore(), FakeClock(NOW))
    assert (purge.retention, purge.interval, purge.batch) == (timedelta(days=90), 60.0, 1000)
    with pytest.raises(ValidationError):
        IntakeSettings(idempotency_key_retention_days=0)
    with pytest.raises(ValidationError):
        IntakeSettings(idempotency_purge_batch=0)


async def test_a_failed_purge_is_retried_at_the_next_interval() -> None:
    store = FlakyStore()
    purge = IdempotencyPurge(store, FakeClock(NOW), retention=timedelta(days=30), interval=0.01, batch=10)
    purge.start()
    try:
        for _ in range(200):
            if len(store.calls) >= 3:
                break
            await asyncio.sleep(0.01)
    finally:
        await purge.stop()
    assert len(store.calls) >= 3 and set(store.calls) == {NOW - timedelta(days=30)}
