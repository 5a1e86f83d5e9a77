"""Routing's HTTP surface: health, explain, the deadline calculator and the directory's operator API."""

from __future__ import annotations

import faust
from fastapi import FastAPI

from citycomm_common.worker import stream_service_api
from citycomm_routing.adapters.directory_writer import DirectoryWriter
from citycomm_routing.bootstrap import Dependencies
from citycomm_routing.entrypoints.deadlines_api import deadlines_router
from citycomm_routing.entrypoints.directory_api import directory_router
from citycomm_routing.entrypoints.explain_api import explain_router
from citycomm_routing.settings import RoutingSettings


def create_api(app: faust.App, settings: RoutingSettings, deps: Dependencies,
               writer: DirectoryWriter) -> FastAPI:
    async def on_start() -> None:
        await writer.view.start()
        await writer.start()
        app.loop.create_task(writer.publish_at_start(), name="publish-directory")

    async def on_stop() -> None:
        await writer.stop()
        await writer.view.stop()

    routers = (explain_router(deps, deps.clock.now), deadlines_router(deps),
               directory_router(writer, settings, deps.clock.now))
    return stream_service_api(
        app, settings, title="CityComm routing", routers=routers,
        checks={"directory_loaded": writer.view.is_loaded,
                "directory_published": writer.published_at_start.is_set},
        on_start=on_start, on_stop=on_stop)
