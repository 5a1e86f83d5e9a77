"""Reporting's faust app: every event projected into the SQL read model, served over REST and gRPC."""

from __future__ import annotations

import logging
from datetime import timedelta

import faust
import grpc
from faust.contrib.asgi import serve_asgi
from faust.types import TP
from google.protobuf.message import Message

from citycomm_common import framework_fixes
from citycomm_common.http_server import uvicorn_options
from citycomm_common.kafka import faust_options
from citycomm_common.streams import delivery_batches, envelopes, raw_topic, send
from citycomm_common.topics import INQUIRY_EVENTS, NOTIFICATION_EVENTS, REPORTS_PUBLISHED, TREND_EVENTS
from citycomm_common.worker import stream_service_api
from citycomm_reporting.adapters.publisher import KafkaPublisher
from citycomm_reporting.adapters.trend_board import TrendBoard
from citycomm_reporting.adapters.trend_table import (
    MisroutedTrendRecords,
    TrendSeriesTable,
    TrendTopicTable,
    partition_of,
)
from citycomm_reporting.bootstrap import build, start, stop, trend_config, trend_watch
from citycomm_reporting.entrypoints.grpc_server import start_grpc
from citycomm_reporting.entrypoints.routes import routers
from citycomm_reporting.service_layer.projection import ReadModelUnreachable
from citycomm_reporting.service_layer.trends import TOPICS, TrendShards, trend_records
from citycomm_reporting.settings import ReportingSettings

APP_ID = "citycomm-reporting"
SOURCE = "citycomm/reporting"
# Early warning (decision 0102): every first assignment again, once per series it counts in keyed
# by that series, and once under "topics" for its text; each worker detects on the partitions it
# holds, each series' state in a table co-partitioned with that topic, the topic index in another.
TREND_INQUIRIES_TOPIC = f"{APP_ID}-trend-series-inquiries"
TREND_SERIES_TABLE = "reporting-trend-state"
TREND_TOPICS_TABLE = "reporting-trend-topics"
TREND_VIEWS_TABLE = "reporting-trends"
TREND_PRUNE_SECONDS = 3600.0
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
    # detectors' state: by partition, as many as the inquiries' topic has, its changelog read back
    # by whoever holds the partition next. A series' state is saved from the timer too, so its
    # table's partition is the key's (the partitioner's, as for the records keyed the same). The
    # topic index and the topic series (their records all in one partition, whatever their own keys
    # hash to) in a global table, read by whichever worker holds the topics' partition.
    partitions = settings.kafka_partitions
    trend_inquiries = app.topic(TREND_INQUIRIES_TOPIC, internal=True, partitions=partitions, key_type=bytes,
                                value_type=bytes, key_serializer="raw", value_serializer="raw")
    trend_series = app.Table(TREND_SERIES_TABLE, partitions=partitions, use_partitioner=True,
                             key_type=bytes, value_type=bytes)
    trend_topics = app.GlobalTable(TREND_TOPICS_TABLE, partitions=1, recovery_buffer_size=1,
                                   use_partitioner=True, key_type=bytes, value_type=bytes)
    # The trends as the pages show them: global, as any worker serves the pages.
    trend_views = app.GlobalTable(TREND_VIEWS_TABLE, partitions=1, recovery_buffer_size=1,
                                  use_partitioner=True, key_type=bytes, value_type=bytes)
    board = TrendBoard(trend_views)

    container = build(settings, publisher=KafkaPublisher(reports_published), trend_board=board)

    async def publish_trend(message: Message, key: str, event_id: str) -> None:
        await send(trend_events, message, source=SOURCE, subject=key, event_id=event_id)

    topics_partition = partition_of(TOPICS.encode(), partitions)
    series = TrendSeriesTable(trend_series, partitions, trend_topics, topics_partition)
    topics = TrendTopicTable(trend_topics)
    trends = TrendShards(
        lambda partition: trend_watch(settings, publish_trend, series, board,
                                      topics=partition == topics_partition, topic_store=topics),
        series.load, topics.load, topics_partition)
    kept = timedelta(days=trend_config(settings).ended_kept_days)

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
                for key in trend_records(delivery.envelope):
                    await trend_inquiries.send(key=key.encode(), value=delivery.event.value,
                                               headers=delivery.event.headers)

    app.agent(inquiry_events, name="reporting-inquiry-events")(project)
    app.agent(notification_events, name="reporting-notification-events")(project)

    misrouted = MisroutedTrendRecords(TREND_INQUIRIES_TOPIC, partitions)

    async def count_for_trends(stream: faust.StreamT[bytes]) -> None:
        async for delivery in envelopes(app, stream, group=APP_ID):
            key, partition = delivery.event.key, delivery.event.message.partition
            if not isinstance(key, bytes):
                continue
            if not series.owns(key, partition):
                misrouted.record(partition)
                continue
            trends.observe(partition, delivery.envelope, key.decode())

    app.agent(trend_inquiries, name="reporting-trend-series-inquiries")(count_for_trends)

    async def close_trend_hours() -> None:
        await trends.tick(container.clock.now(), held_partitions(app, TREND_INQUIRIES_TOPIC))

    async def forget_revoked(sender: faust.App, revoked: set[TP], **kwargs: object) -> None:
        trends.forget(tp.partition for tp in revoked if tp.topic == TREND_INQUIRIES_TOPIC)

    app.on_partitions_revoked.connect(forget_revoked)  # type: ignore[arg-type]

    async def prune_ended_trends() -> None:
        pruned = board.prune(container.clock.now() - kept)
        if pruned:
            log.info("early warning: %d ended trends pruned from the board", pruned)

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
    app.timer(interval=TREND_PRUNE_SECONDS, on_leader=True)(prune_ended_trends)

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


def held_partitions(app: faust.App, topic: str) -> set[int] | None:
    """The partitions of `topic` this worker actively holds, their tables recovered; None while the
    group rebalances (another worker may be acting on them)."""
    if app.rebalancing or not app.tables.recovery.completed.is_set():  # type: ignore[attr-defined]
        return None
    return {tp.partition for tp in app.assignor.assigned_actives() if tp.topic == topic}
