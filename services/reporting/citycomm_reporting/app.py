"""Reporting's faust app: every event projected into the SQL read model, served over REST and gRPC."""

from __future__ import annotations

import logging

import faust
import grpc
from faust.contrib.asgi import serve_asgi

from citycomm_common import framework_fixes
from citycomm_common.http_server import uvicorn_options
from citycomm_common.kafka import faust_options
from citycomm_common.streams import delivery_batches, raw_topic
from citycomm_common.topics import INQUIRY_EVENTS, NOTIFICATION_EVENTS, REPORTS_PUBLISHED
from citycomm_common.worker import stream_service_api
from citycomm_reporting.adapters.publisher import KafkaPublisher
from citycomm_reporting.bootstrap import build, start, stop
from citycomm_reporting.entrypoints.grpc_server import start_grpc
from citycomm_reporting.entrypoints.routes import routers
from citycomm_reporting.service_layer.projection import ReadModelUnreachable
from citycomm_reporting.settings import ReportingSettings

APP_ID = "citycomm-reporting"
log = logging.getLogger(__name__)


def create_app(settings: ReportingSettings) -> faust.App:
    app = faust.App(APP_ID, store=settings.table_store, datadir=str(settings.data_dir),
                    **faust_options(settings, web_port=settings.http_port))
    framework_fixes.install(app, settings)

    inquiry_events = raw_topic(app, INQUIRY_EVENTS)
    notification_events = raw_topic(app, NOTIFICATION_EVENTS)
    reports_published = raw_topic(app, REPORTS_PUBLISHED)
    # No tables: what reporting keeps is the SQL read model (adapters/store.py).

    container = build(settings, publisher=KafkaPublisher(reports_published))

    async def project(stream: faust.StreamT[bytes]) -> None:
        """Both topics into the read model, a batch (what arrived meanwhile) per transaction."""
        # Agents may start before the web lifespan: the schema is made ready (once) by whoever is first.
        await container.projection.open()
        async for batch in delivery_batches(app, stream, group=APP_ID,
                                            max_records=settings.projection_batch_max,
                                            linger=settings.projection_linger_ms / 1000):
            try:
                await container.projection.apply([delivery.envelope for delivery in batch])
            except ReadModelUnreachable as exc:
                # The batch stays unacked, so its offsets are never committed: a restart projects it again.
                log.exception("the read model is unreachable; stopping the worker")
                await app.crash(exc)
                raise

    app.agent(inquiry_events, name="reporting-inquiry-events")(project)
    app.agent(notification_events, name="reporting-notification-events")(project)

    async def publish_scheduled_reports() -> None:
        if container.projection.ready and container.directory.is_loaded():  # a report names every agency
            await container.reports.publish_due()

    async def refresh_gauges() -> None:
        # Also keeps readiness's "database" true to the database now, not only at start-up.
        if container.projection.ready and await container.projection.check():
            await container.figures.refresh_gauges()

    app.timer(interval=settings.report_check_seconds, on_leader=True)(publish_scheduled_reports)
    app.timer(interval=settings.gauges_seconds)(refresh_gauges)

    grpc_server: list[grpc.aio.Server] = []

    async def on_start() -> None:
        await start(container)
        grpc_server.append(await start_grpc(container, settings.http_host, settings.grpc_port))

    async def on_stop() -> None:
        for server in grpc_server:
            await server.stop(grace=5)
        await stop(container)

    api = stream_service_api(app, settings, title="CityComm reporting", routers=routers(),
                             checks={"database": lambda: container.projection.reachable,
                                     "directory_loaded": container.directory.is_loaded},
                             on_start=on_start, on_stop=on_stop)
    api.state.reporting = container
    serve_asgi(app, api, host=settings.http_host, port=settings.http_port, **uvicorn_options(settings))
    return app
