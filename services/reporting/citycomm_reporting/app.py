"""Reporting's faust app: every event projected into the SQL read model, served over REST and gRPC."""

from __future__ import annotations

import faust
import grpc
from faust.contrib.asgi import serve_asgi

from citycomm_common.kafka import faust_options
from citycomm_common.streams import envelopes, raw_topic
from citycomm_common.topics import INQUIRY_EVENTS, NOTIFICATION_EVENTS
from citycomm_common.worker import stream_service_api
from citycomm_reporting.adapters.store import ReadModel, create_engine
from citycomm_reporting.entrypoints.grpc_server import start_grpc
from citycomm_reporting.entrypoints.http import inquiries_router
from citycomm_reporting.settings import ReportingSettings

APP_ID = "citycomm-reporting"


def create_app(settings: ReportingSettings) -> faust.App:
    app = faust.App(APP_ID, store=settings.table_store, datadir=str(settings.data_dir),
                    **faust_options(settings, web_port=settings.http_port))
    model = ReadModel(create_engine(settings.database_url))
    grpc_server: list[grpc.aio.Server] = []

    @app.agent(raw_topic(app, INQUIRY_EVENTS), name="reporting-inquiry-events")
    async def project_inquiry_events(stream: faust.StreamT) -> None:
        await model.ensure_schema()
        async for delivery in envelopes(app, stream, group=APP_ID):
            await model.apply(delivery.envelope)

    @app.agent(raw_topic(app, NOTIFICATION_EVENTS), name="reporting-notification-events")
    async def project_notification_events(stream: faust.StreamT) -> None:
        await model.ensure_schema()
        async for delivery in envelopes(app, stream, group=APP_ID):
            await model.apply(delivery.envelope)

    async def on_start() -> None:
        await model.ensure_schema()
        grpc_server.append(await start_grpc(model, settings.http_host, settings.grpc_port))

    async def on_stop() -> None:
        for server in grpc_server:
            await server.stop(grace=5)
        await model.engine.dispose()

    api = stream_service_api(app, settings, title="CityComm reporting",
                             routers=(inquiries_router(),),
                             checks={"database": lambda: model.schema_ready},
                             on_start=on_start, on_stop=on_stop)
    api.state.read_model = model
    serve_asgi(app, api, host=settings.http_host, port=settings.http_port)
    return app
