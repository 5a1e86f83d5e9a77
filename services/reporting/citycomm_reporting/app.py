"""Reporting's faust app: every event projected into the SQL read model, served over REST and gRPC."""

from __future__ import annotations

import logging

import faust
import grpc
from faust.contrib.asgi import serve_asgi
from google.protobuf.message import Message

from citycomm_common import framework_fixes
from citycomm_common.http_server import uvicorn_options
from citycomm_common.kafka import faust_options
from citycomm_common.streams import delivery_batches, envelopes, raw_topic, send
from citycomm_common.topics import INQUIRY_EVENTS, NOTIFICATION_EVENTS, REPORTS_PUBLISHED, TREND_EVENTS
from citycomm_common.worker import stream_service_api
from citycomm_reporting.adapters.publisher import KafkaPublisher
from citycomm_reporting.adapters.trend_board import TrendBoard
from citycomm_reporting.adapters.trend_table import TrendSeriesTable
from citycomm_reporting.bootstrap import build, start, stop, trend_watch
from citycomm_reporting.entrypoints.grpc_server import start_grpc
from citycomm_reporting.entrypoints.routes import routers
from citycomm_reporting.service_layer.projection import ReadModelUnreachable
from citycomm_reporting.service_layer.trends import TrendDuty, first_assignment
from citycomm_reporting.settings import ReportingSettings

APP_ID = "citycomm-reporting"
SOURCE = "citycomm/reporting"
# Early warning (decision 0111): every first assignment again, on one partition, so that one
# worker holds the one detector; its state by series in a table co-partitioned with that topic.
TREND_INQUIRIES_TOPIC = f"{APP_ID}-trend-inquiries"
TREND_SERIES_TABLE = "reporting-trend-series"
TREND_VIEWS_TABLE = "reporting-trends"
log = logging.getLogger(__name__)


def create_app(settings: ReportingSettings) -> faust.App:
    app = faust.App(APP_ID, store=settings.table_store, datadir=str(settings.data_dir),
                    **faust_options(settings, web_port=settings.http_port))
    framework_fixes.install(app, settings)

    inquiry_events = raw_topic(app, INQUIRY_EVENTS)
    notification_events = raw_topic(app, NOTIFICATION_EVENTS)
    reports_published = raw_topic(app, REPORTS_PUBLISHED)
    trend_events = raw_topic(app, TREND_EVENTS)
    # What reporting keeps is the SQL read model (adapters/store.py), but for the early-warning
    # detector's state: one partition, one worker, its changelog read back after a restart.
    trend_inquiries = app.topic(TREND_INQUIRIES_TOPIC, internal=True, partitions=1, key_type=bytes,
                                value_type=bytes, key_serializer="raw", value_serializer="raw")
    trend_series = app.Table(TREND_SERIES_TABLE, partitions=1, use_partitioner=True,
                             key_type=bytes, value_type=bytes)
    # The trends as the pages show them: global, as any worker serves the pages.
    trend_views = app.GlobalTable(TREND_VIEWS_TABLE, partitions=1, recovery_buffer_size=1,
                                  use_partitioner=True, key_type=bytes, value_type=bytes)
    board = TrendBoard(trend_views)

    container = build(settings, publisher=KafkaPublisher(reports_published), trend_board=board)

    async def publish_trend(message: Message, key: str, event_id: str) -> None:
        await send(trend_events, message, source=SOURCE, subject=key, event_id=event_id)

    series = TrendSeriesTable(trend_series)
    trends = TrendDuty(lambda: trend_watch(settings, publish_trend, series, board), series.load)

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
            for delivery in batch:  # acked with the batch: none is lost, a redelivered one counts once
                if first_assignment(delivery.envelope):
                    await trend_inquiries.send(key=b"trends", value=delivery.event.value,
                                               headers=delivery.event.headers)

    app.agent(inquiry_events, name="reporting-inquiry-events")(project)
    app.agent(notification_events, name="reporting-notification-events")(project)

    async def count_for_trends(stream: faust.StreamT[bytes]) -> None:
        async for delivery in envelopes(app, stream, group=APP_ID):
            trends.observe(delivery.envelope)

    app.agent(trend_inquiries, name="reporting-trend-inquiries")(count_for_trends)

    async def close_trend_hours() -> None:
        await trends.tick(container.clock.now(), held=holds(app, TREND_INQUIRIES_TOPIC))

    async def publish_scheduled_reports() -> None:
        if container.projection.ready and container.directory.is_loaded():  # a report names every agency
            await container.reports.publish_due()

    async def refresh_gauges() -> None:
        # Also keeps readiness's "database" true to the database now, not only at start-up.
        if container.projection.ready and await container.projection.check():
            await container.figures.refresh_gauges()

    app.timer(interval=settings.report_check_seconds, on_leader=True)(publish_scheduled_reports)
    app.timer(interval=settings.gauges_seconds)(refresh_gauges)
    app.timer(interval=settings.trend_tick_seconds)(close_trend_hours)

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


def holds(app: faust.App, topic: str) -> bool:
    """Whether this worker actively holds partition 0 of `topic`, its table recovered; not while
    the group rebalances (another worker may be acting on it)."""
    if app.rebalancing or not app.tables.recovery.completed.is_set():  # type: ignore[attr-defined]
        return False
    return any(tp.topic == topic and tp.partition == 0 for tp in app.assignor.assigned_actives())
