"""Run a faust app as a worker process with its FastAPI surface and honest readiness."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import cast

import faust
import uvloop
from fastapi import APIRouter, FastAPI
from faust.tables.manager import TableManager

from citycomm_common.api_docs import http_app
from citycomm_common.broker_wait import wait_for_broker_before_start
from citycomm_common.health import BrokerProbe, Check, Readiness, health_router
from citycomm_common.metrics import MeasureHTTP, metrics_router, register_consumer_lag
from citycomm_common.problems import install as answer_problems
from citycomm_common.settings import CommonSettings

Hook = Callable[[], Awaitable[None]]
ERRORS = """Errors are RFC 9457 problem details (`application/problem+json`: `type`, `title`, `status`,
`detail`); a 422 lists what is wrong with each field in `errors`, in English and Vietnamese. Each
operation documents the statuses it may answer."""


def faust_readiness(app: faust.App, probe: BrokerProbe) -> Readiness:
    readiness = Readiness()
    readiness.add("broker", lambda: probe.reachable)
    readiness.add("tables_recovered", lambda: cast(TableManager, app.tables).recovery.completed.is_set())
    readiness.add("not_rebalancing", lambda: not app.rebalancing)
    return readiness


def stream_service_api(
    app: faust.App, settings: CommonSettings, *, title: str,
    routers: tuple[APIRouter, ...] = (), checks: dict[str, Check] | None = None,
    on_start: Hook | None = None, on_stop: Hook | None = None,
) -> FastAPI:
    """The HTTP app a stream service serves from inside its worker (faust's serve_asgi); errors are
    problem details, so routers document theirs with citycomm_common.problems.responses."""
    probe = BrokerProbe(settings)
    readiness = faust_readiness(app, probe)
    for name, check in (checks or {}).items():
        readiness.add(name, check)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        probe.start()
        if on_start:
            await on_start()
        yield
        if on_stop:
            await on_stop()
        await probe.stop()

    api = http_app(title=title, lifespan=lifespan, description=ERRORS)
    answer_problems(api)  # every error as RFC 9457 problem details, and documented so
    api.add_middleware(MeasureHTTP)
    api.include_router(health_router(readiness))
    api.include_router(metrics_router())
    register_consumer_lag(app)
    for router in routers:
        api.include_router(router)
    return api


def run_worker(app: faust.App, settings: CommonSettings) -> None:
    """Once the broker answers, run until SIGTERM/SIGINT, then stop agents, commit offsets and exit."""
    Path(app.conf.datadir).parent.mkdir(parents=True, exist_ok=True)
    wait_for_broker_before_start(settings)
    uvloop.install()
    worker = faust.Worker(app, loglevel=settings.log_level, quiet=True, override_logging=False)
    worker.execute_from_commandline()
