"""Intake's process: the REST API and Open311 (FastAPI) and, on the same event loop, the gRPC
server, both over one container; `serve` runs it under uvicorn."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import grpc
import uvicorn
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from grpc_health.v1 import health, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from citycomm.v1 import intake_pb2_grpc
from citycomm_common.api_docs import http_app
from citycomm_common.broker_wait import wait_for_broker_before_start
from citycomm_common.health import Readiness, health_router
from citycomm_common.http_server import uvicorn_options
from citycomm_common.metrics import MeasureHTTP, MeasureRPC, metrics_router
from citycomm_common.telemetry import configure_telemetry
from citycomm_intake import bootstrap
from citycomm_intake.bootstrap import Container
from citycomm_intake.entrypoints import grpc_server, problems
from citycomm_intake.entrypoints.actions_api import actions_router
from citycomm_intake.entrypoints.attachments_api import attachments_router
from citycomm_intake.entrypoints.briefings_api import PATH as BATCH_PATH
from citycomm_intake.entrypoints.briefings_api import briefings_router
from citycomm_intake.entrypoints.consultations_api import consultations_router
from citycomm_intake.entrypoints.inquiries_api import inquiries_router
from citycomm_intake.entrypoints.limits import BodyLimits
from citycomm_intake.entrypoints.me_api import me_router
from citycomm_intake.entrypoints.open311_api import PREFIX, UPLOAD_PATHS, install_errors, open311_router
from citycomm_intake.entrypoints.oversight_api import oversight_router
from citycomm_intake.entrypoints.page_render import STATIC
from citycomm_intake.entrypoints.public_pages import MAX_BYTES as PAGE_MAX_BYTES
from citycomm_intake.entrypoints.public_pages import PATH as PAGE_PATH
from citycomm_intake.entrypoints.public_pages import public_pages_router, refused_page
from citycomm_intake.entrypoints.uploads_api import PATH as UPLOAD_PATH
from citycomm_intake.entrypoints.uploads_api import uploads_router
from citycomm_intake.service_layer.health import Health
from citycomm_intake.settings import IntakeSettings

DESCRIPTION = """The door of CityComm. Authenticate with `Authorization: Bearer <API key>` (or
`X-API-Key`); citizens submit feedback and information requests anonymously and follow them by
tracking code. Every submission needs an `Idempotency-Key`. Errors are RFC 9457 problem details
with a message per field in English and Vietnamese. Open311 GeoReport v2 is under `/open311/v2/`."""


def create_app(
    settings: IntakeSettings, container: Container | None = None, serve_grpc: bool = True
) -> FastAPI:
    """The ASGI app. Without a container, one is built from settings at start-up; tests pass one
    (with fakes) and may leave gRPC out. Either way the lifespan opens and closes what build() made."""
    readiness = Readiness()

    @asynccontextmanager
    async def lifespan(api: FastAPI) -> AsyncIterator[None]:
        running = container or bootstrap.build(settings)
        await bootstrap.start(running)
        api.state.container = running
        await running.health.check()
        server = await start_grpc(running) if serve_grpc else None
        task = asyncio.get_running_loop().create_task(
            watch(running.health, server.health if server else None), name="intake-health"
        )
        readiness.add("broker", lambda: running.health.broker_reachable)
        readiness.add("database", lambda: running.health.database_up)
        # Submissions naming an agency are checked against the live directory: 503 until it is read.
        readiness.add("directory_loaded", lambda: running.health.directory_loaded)
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
            await bootstrap.stop(running)

    # FastAPI's own telemetry keeps the request's server span (the trace's root) but not its spans
    # for every dependency, endpoint and serialisation: on the citizen path they were about a
    # fifth of the request's CPU (docs/benchmarks.md, Intake, issue 21).
    api = http_app(title="CityComm intake", version="1", description=DESCRIPTION, lifespan=lifespan,
                   telemetry={"operation_spans": False})
    problems.install(api, undocumented=(PREFIX,))  # Open311 answers its own errors
    install_errors(api)
    api.include_router(health_router(readiness))
    api.include_router(metrics_router())
    api.add_middleware(MeasureHTTP)
    api.include_router(inquiries_router())
    api.include_router(uploads_router())  # with photos and a place, multipart (decision 0104)
    api.include_router(briefings_router())
    api.include_router(actions_router())
    api.include_router(consultations_router())  # drafts put to consultation (decision 0113)
    api.include_router(oversight_router())
    api.include_router(open311_router())
    api.include_router(me_router())
    api.include_router(attachments_router())  # signed links from webhooks (decision 0104)
    api.include_router(public_pages_router())  # the citizen's page, /gop-y (decision 0107)
    api.mount("/gop-y/static", StaticFiles(directory=STATIC), name="public-page-static")
    api.add_middleware(BodyLimits, max_bytes=settings.max_body_bytes, max_depth=settings.max_json_depth,
                       larger={BATCH_PATH: settings.max_batch_body_bytes, PAGE_PATH: PAGE_MAX_BYTES,
                               **dict.fromkeys((UPLOAD_PATH, *UPLOAD_PATHS), settings.max_upload_bytes)},
                       pages={PAGE_PATH: refused_page})
    return api


async def start_grpc(container: Container) -> grpc_server.GrpcServer:
    """IntakeService, gRPC health (NOT_SERVING until the first check) and reflection."""
    settings = container.settings
    # Room for a submission's attachments (each bounded again by Attachments.store).
    largest = max(settings.max_body_bytes * 4, settings.max_upload_bytes)
    options = [("grpc.max_receive_message_length", largest)]
    server = grpc.aio.server(options=options, interceptors=[MeasureRPC()])
    intake_pb2_grpc.add_IntakeServiceServicer_to_server(grpc_server.IntakeServicer(container), server)
    health_ = grpc_server.Health()
    health_pb2_grpc.add_HealthServicer_to_server(health_.servicer, server)
    services = (grpc_server.SERVICE, health.SERVICE_NAME, reflection.SERVICE_NAME)
    reflection.enable_server_reflection(services, server)
    address = f"{settings.grpc_host or settings.http_host}:{settings.grpc_port}"
    if server.add_insecure_port(address) == 0:
        raise RuntimeError(f"cannot listen for gRPC on {address}")
    await server.start()
    await health_.set(False)
    running = grpc_server.GrpcServer(server, health_)
    running.serving = True
    await asyncio.sleep(0)
    return running


async def watch(health_: Health, grpc_health: grpc_server.Health | None) -> None:
    """Keeps gRPC health in step with the broker, the key database and the directory."""
    while True:
        serving = await health_.check()
        if grpc_health is not None:
            await grpc_health.set(serving)
        await asyncio.sleep(1.0)


def serve(settings: IntakeSettings) -> None:
    configure_telemetry("intake", settings)
    wait_for_broker_before_start(settings)  # quietly: a broker that is not up yet is no error
    # One event loop: uvicorn's lifespan starts the gRPC server beside the HTTP one.
    uvicorn.run(
        create_app(settings),
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,
        timeout_graceful_shutdown=10,
        **uvicorn_options(settings),
    )
