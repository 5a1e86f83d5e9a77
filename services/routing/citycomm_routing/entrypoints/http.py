"""Routing's HTTP surface: health, explain, the deadline calculator, the directory's operator API and
holders' self-service on their own endpoints."""

from __future__ import annotations

import faust
from fastapi import FastAPI

from citycomm_common.worker import stream_service_api
from citycomm_routing.bootstrap import Container, start, stop
from citycomm_routing.entrypoints.deadlines_api import deadlines_router
from citycomm_routing.entrypoints.directory_api import directory_router
from citycomm_routing.entrypoints.directory_self_service_api import directory_self_service_router
from citycomm_routing.entrypoints.explain_api import explain_router


def create_api(app: faust.App, container: Container) -> FastAPI:
    async def on_start() -> None:
        await start(container)
        app.loop.create_task(container.directory_admin.publish_at_start(), name="publish-directory")

    async def on_stop() -> None:
        await stop(container)

    routers = (explain_router(container.explanations), deadlines_router(container.deadlines),
               directory_router(container.directory_admin, container.settings),
               directory_self_service_router(container.directory_self_service, container.identify))
    return stream_service_api(
        app, container.settings, title="CityComm routing", routers=routers,
        checks={"directory_loaded": container.directory.is_loaded,
                "directory_published": container.directory_admin.is_published},
        on_start=on_start, on_stop=on_stop)
