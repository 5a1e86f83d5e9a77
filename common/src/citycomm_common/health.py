"""Liveness and readiness: readiness reflects the real dependencies (broker, tables, database)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from aiokafka.client import AIOKafkaClient
from fastapi import APIRouter
from fastapi.responses import JSONResponse

from citycomm_common.kafka import connection_options
from citycomm_common.metrics import register_readiness
from citycomm_common.settings import CommonSettings

log = logging.getLogger(__name__)
Check = Callable[[], bool]


class Readiness:
    """Named checks; ready only when every one passes."""

    def __init__(self) -> None:
        self._checks: dict[str, Check] = {}

    def add(self, name: str, check: Check) -> None:
        self._checks[name] = check

    def report(self) -> dict[str, bool]:
        return {name: bool(check()) for name, check in self._checks.items()}


def health_router(readiness: Readiness) -> APIRouter:
    """/livez and /readyz; the same checks are exported as citycomm_ready{check} on /metrics."""
    register_readiness(readiness)
    router = APIRouter(tags=["health"])

    @router.get("/livez", include_in_schema=False)
    async def livez() -> dict[str, str]:
        return {"status": "alive"}

    @router.get("/readyz", include_in_schema=False)
    async def readyz() -> JSONResponse:
        checks = readiness.report()
        ready = all(checks.values())
        body = {"status": "ready" if ready else "not ready", "checks": checks}
        return JSONResponse(body, status_code=200 if ready else 503)

    return router


class BrokerProbe:
    """Asks the broker for metadata every few seconds; a stopped or paused broker fails it."""

    def __init__(self, settings: CommonSettings, interval: float = 1.0, timeout: float = 2.0):
        self._connection = connection_options(settings)
        self._interval = interval
        self._timeout = timeout
        self.reachable = False
        self._task: asyncio.Task[None] | None = None

    async def _check_once(self, client: AIOKafkaClient) -> bool:
        try:
            await asyncio.wait_for(client.fetch_all_metadata(), self._timeout)
            return True
        except Exception as exc:  # any failure means "not reachable now"; the next probe retries
            log.debug("broker probe failed: %r", exc)
            return False

    async def _run(self) -> None:
        client = AIOKafkaClient(**self._connection, request_timeout_ms=5000)
        try:
            while True:
                with contextlib.suppress(Exception):
                    if not client.cluster.brokers():
                        await asyncio.wait_for(client.bootstrap(), self._timeout)
                self.reachable = await self._check_once(client)
                await asyncio.sleep(self._interval)
        finally:
            await client.close()

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="broker-probe")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

