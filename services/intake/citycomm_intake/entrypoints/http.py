"""Intake's process: the REST API, Open311 and (on the same event loop) the gRPC server."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from citycomm_common.health import Readiness, health_router
from citycomm_common.metrics import MeasureHTTP, metrics_router
from citycomm_intake import bootstrap
from citycomm_intake.bootstrap import Services
from citycomm_intake.entrypoints import grpc_server, problems
from citycomm_intake.entrypoints.actions_api import actions_router
from citycomm_intake.entrypoints.briefings_api import PATH as BATCH_PATH
from citycomm_intake.entrypoints.briefings_api import briefings_router
from citycomm_intake.entrypoints.inquiries_api import inquiries_router
from citycomm_intake.entrypoints.limits import BodyLimits
from citycomm_intake.entrypoints.open311_api import PREFIX, install_errors, open311_router
from citycomm_intake.entrypoints.oversight_api import oversight_router
from citycomm_intake.settings import IntakeSettings

DESCRIPTION = """The door of CityComm. Authenticate with `Authorization: Bearer <API key>` (or
`X-API-Key`); citizens submit feedback and information requests anonymously and follow them by
tracking code. Every submission needs an `Idempotency-Key`. Errors are RFC 9457 problem details
with a message per field in English and Vietnamese. Open311 GeoReport v2 is under `/open311/v2/`."""


class Watch:
    """Keeps readiness and gRPC health in step with the broker, the key database and the directory."""

    def __init__(self, services: Services, health: grpc_server.Health | None) -> None:
        self.services, self.health = services, health
        self.database = services.keystore is None

    async def run(self) -> None:
        while True:
            if self.services.keystore is not None:
                self.database = await self.services.keystore.ping()
            if self.health is not None:
                await self.health.set(
                    self.services.broker_reachable and self.database and self.services.directory_loaded
                )
            await asyncio.sleep(1.0)


def create_api(
    settings: IntakeSettings, services: Services | None = None, serve_grpc: bool = True
) -> FastAPI:
    """The ASGI app; tests pass prebuilt services (with fakes) and may leave gRPC out."""
    readiness = Readiness()

    @asynccontextmanager
    async def lifespan(api: FastAPI) -> AsyncIterator[None]:
        running = services or await bootstrap.start(settings)
        api.state.services = running
        server = await grpc_server.start(running, settings) if serve_grpc else None
        watch = Watch(running, server.health if server else None)
        task = asyncio.get_running_loop().create_task(watch.run(), name="intake-health")
        readiness.add("broker", lambda: running.broker_reachable)
        readiness.add("database", lambda: watch.database)
        # Submissions naming an agency are checked against the live directory: 503 until it is read.
        readiness.add("directory_loaded", lambda: running.directory_loaded)
        if server is not None:
            readiness.add("grpc", lambda: server.serving)
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            if server is not None:
                await server.stop()
            if services is None:
                await bootstrap.stop(running)

    api = FastAPI(title="CityComm intake", version="1", description=DESCRIPTION, lifespan=lifespan)
    problems.install(api, undocumented=(PREFIX,))  # Open311 answers its own errors
    install_errors(api)
    api.include_router(health_router(readiness))
    api.include_router(metrics_router())
    api.add_middleware(MeasureHTTP)
    api.include_router(inquiries_router())
    api.include_router(briefings_router())
    api.include_router(actions_router())
    api.include_router(oversight_router())
    api.include_router(open311_router())
    api.add_middleware(BodyLimits, max_bytes=settings.max_body_bytes, max_depth=settings.max_json_depth,
                       larger={BATCH_PATH: settings.max_batch_body_bytes})
    return api

