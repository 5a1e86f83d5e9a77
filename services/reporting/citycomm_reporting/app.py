"""Reporting's faust app: every event projected into the SQL read model, served over REST and gRPC."""

from __future__ import annotations

import asyncio
import logging

import faust
import grpc
from faust.contrib.asgi import serve_asgi
from sqlalchemy.exc import DBAPIError

from citycomm_common import framework_fixes
from citycomm_common.directory_feed import DirectoryView
from citycomm_common.http_server import uvicorn_options
from citycomm_common.kafka import faust_options
from citycomm_common.streams import Delivery, delivery_batches, raw_topic
from citycomm_common.topics import INQUIRY_EVENTS, NOTIFICATION_EVENTS, REPORTS_PUBLISHED
from citycomm_common.worker import stream_service_api
from citycomm_reporting import handlers
from citycomm_reporting.adapters.publisher import KafkaPublisher
from citycomm_reporting.bootstrap import Reporting, build
from citycomm_reporting.domain.facts import Fact, fact_from
from citycomm_reporting.entrypoints.grpc_server import start_grpc
from citycomm_reporting.entrypoints.routes import routers
from citycomm_reporting.settings import ReportingSettings

APP_ID = "citycomm-reporting"
RETRY_PAUSES = (0.5, 2.0, 5.0, 15.0)
# A lost server shows as DBAPIError once connected, but asyncpg's connect raises plain OSErrors
# (ConnectionError, TimeoutError) that SQLAlchemy passes through unwrapped.
DATABASE_DOWN = (DBAPIError, OSError)
log = logging.getLogger(__name__)


async def apply_with_retries(deps: Reporting, facts: list[Fact]) -> None:
    """A database that blinks (fail-over, restart) is waited for; one that stays down stops us."""
    for pause in (*RETRY_PAUSES, None):
        try:
            await deps.model.apply_batch(facts)
            return
        except DATABASE_DOWN:
            if pause is None:
                raise
            log.warning("projecting %d events (from %s) failed; retrying in %.1fs",
                        len(facts), facts[0].event_id, pause)
            await asyncio.sleep(pause)


def facts_of(batch: list[Delivery]) -> list[Fact]:
    return [fact_from(e.message, event_id=e.id, subject=e.subject, written_at=e.time, source=e.source)
            for e in (delivery.envelope for delivery in batch)]


def create_app(settings: ReportingSettings) -> faust.App:
    app = faust.App(APP_ID, store=settings.table_store, datadir=str(settings.data_dir),
                    **faust_options(settings, web_port=settings.http_port))
    framework_fixes.install(app, settings)
    # Agencies are named as directory.agencies has them, operators' additions included.
    view = DirectoryView(settings, client_id="citycomm-reporting-directory")
    deps = build(settings, KafkaPublisher(raw_topic(app, REPORTS_PUBLISHED)), directory=view)
    grpc_server: list[grpc.aio.Server] = []

    async def project(stream: faust.StreamT) -> None:
        # Agents may start before the web lifespan: the schema is ensured (once) by whoever is first.
        await deps.start()
        # What arrived while a batch was being written is the next batch: one transaction each.
        async for batch in delivery_batches(app, stream, group=APP_ID,
                                            max_records=settings.projection_batch_max):
            try:
                await apply_with_retries(deps, facts_of(batch))
            except DATABASE_DOWN as exc:
                # The batch stays unacked, so its offsets are never committed: a restart projects it again.
                log.exception("the read model is unreachable; stopping the worker")
                await app.crash(exc)
                raise

    app.agent(raw_topic(app, INQUIRY_EVENTS), name="reporting-inquiry-events")(project)
    app.agent(raw_topic(app, NOTIFICATION_EVENTS), name="reporting-notification-events")(project)

    @app.timer(interval=settings.report_check_seconds, on_leader=True)
    async def publish_scheduled_reports() -> None:
        if deps.model.schema_ready and view.is_loaded():  # a report names every agency
            await handlers.publish_due_reports(deps)

    @app.timer(interval=settings.gauges_seconds)
    async def refresh_gauges() -> None:
        if deps.model.schema_ready:
            await handlers.refresh_gauges(deps)

    async def on_start() -> None:
        await view.start()
        await deps.start()
        grpc_server.append(await start_grpc(deps, settings.http_host, settings.grpc_port))

    async def on_stop() -> None:
        for server in grpc_server:
            await server.stop(grace=5)
        await view.stop()
        await deps.stop()

    api = stream_service_api(app, settings, title="CityComm reporting",
                             routers=routers(),
                             checks={"database": lambda: deps.model.schema_ready,
                                     "directory_loaded": view.is_loaded},
                             on_start=on_start, on_stop=on_stop)
    api.state.reporting = deps
    serve_asgi(app, api, host=settings.http_host, port=settings.http_port, **uvicorn_options(settings))
    return app
