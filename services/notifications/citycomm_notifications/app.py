"""Notifications' faust app: lifecycle events move deadline clocks and queue webhooks, which worker
tasks deliver; timers send the escalation ladder's stages and the daily digests."""

from __future__ import annotations

from datetime import timedelta

import faust
from faust.contrib.asgi import serve_asgi
from google.protobuf.message import DecodeError

from citycomm.v1.notifications_pb2 import AgencyItem, DeadlineClock, EndpointStatus, WebhookDelivery
from citycomm.v1.submitter_notices_pb2 import (
    ConsultationCommenters,
    SubmitterContact,
    SubmitterMessage,
    SubmitterOptOut,
)
from citycomm_common import framework_fixes
from citycomm_common.contracts import parse
from citycomm_common.http_server import uvicorn_options
from citycomm_common.kafka import faust_options
from citycomm_common.streams import dead_letter, envelopes, raw_topic, task, timer
from citycomm_common.topics import INQUIRY_EVENTS, NOTIFICATION_EVENTS, REPORTS_PUBLISHED, TREND_EVENTS
from citycomm_notifications import bootstrap
from citycomm_notifications.adapters.placement import Placement
from citycomm_notifications.adapters.stores import PlacedTable, TableStore, placed_partition
from citycomm_notifications.adapters.topics import mirror_to, publisher
from citycomm_notifications.entrypoints.http import create_api
from citycomm_notifications.service_layer.submitter_notices import SubmitterStores
from citycomm_notifications.settings import NotificationsSettings

APP_ID = "citycomm-notifications"
AGENCY_ITEMS_TOPIC = f"{APP_ID}-agency-items"


def create_app(settings: NotificationsSettings) -> faust.App:
    app = faust.App(APP_ID, store=settings.table_store, datadir=str(settings.data_dir),
                    **faust_options(settings, web_port=settings.http_port))
    framework_fixes.install(app, settings)

    inquiry_events = raw_topic(app, INQUIRY_EVENTS)
    reports_published = raw_topic(app, REPORTS_PUBLISHED)
    trend_events = raw_topic(app, TREND_EVENTS)
    notification_events = raw_topic(app, NOTIFICATION_EVENTS)
    # internal: the deadline clocks again, keyed by agency, so one worker sees all of an agency's
    agency_items = app.topic(AGENCY_ITEMS_TOPIC, internal=True, partitions=settings.kafka_partitions,
                             key_type=bytes, value_type=bytes, key_serializer="raw", value_serializer="raw")

    # Each open inquiry's DeadlineClock, by inquiry id, in its inquiry's partition of inquiry.events.
    clocks = app.Table("notifications-deadlines", use_partitioner=True, key_type=bytes, value_type=bytes)
    # Every WebhookDelivery with its attempts, by "<partition>/<webhook-id>": its inquiry's partition.
    deliveries = app.tables.add(PlacedTable(app, name="notifications-deliveries", key_type=bytes,
                                            value_type=bytes, beacon=app.tables.beacon))
    # The agency_items topic as a table: DeadlineClock by "<partition>/<agency>/<inquiry>" (digests).
    items = app.tables.add(PlacedTable(app, name="notifications-agency-items", key_type=bytes,
                                       value_type=bytes, beacon=app.tables.beacon))
    # Each endpoint's EndpointStatus (disabled after a 410), by owner and id: global, as every
    # worker must see a disabled endpoint, whoever disabled it.
    endpoints = app.GlobalTable("notifications-endpoints", partitions=1, recovery_buffer_size=1,
                                use_partitioner=True, key_type=bytes, value_type=bytes)

    # Submitters' addresses and the messages to them (issue 18): like the clocks and deliveries;
    # opt-outs by the address's digest, global like the endpoints (any worker takes the click).
    submitters = app.Table("notifications-submitters", use_partitioner=True, key_type=bytes, value_type=bytes)
    submitter_messages = app.tables.add(PlacedTable(app, name="notifications-submitter-messages",
                                                    key_type=bytes, value_type=bytes,
                                                    beacon=app.tables.beacon))
    # Who commented on a consultation with an address (issue 20), by consultation id, likewise.
    commenters = app.Table("notifications-consultation-commenters", use_partitioner=True, key_type=bytes,
                           value_type=bytes)
    optouts = app.GlobalTable("notifications-submitter-optouts", partitions=1, recovery_buffer_size=1,
                              use_partitioner=True, key_type=bytes, value_type=bytes)

    placement = Placement(app, settings.kafka_partitions)
    container = bootstrap.build(settings, worker=bootstrap.WorkerParts(
        clocks=TableStore(clocks, DeadlineClock, placement.inquiries),
        deliveries=TableStore(deliveries, WebhookDelivery, placement.inquiries, _placed),
        endpoints=TableStore(endpoints, EndpointStatus, lambda: (frozenset({0}), 1)),
        agency_items=TableStore(items, DeadlineClock, placement.of(AGENCY_ITEMS_TOPIC), _placed),
        publish=publisher(notification_events),
        mirror=mirror_to(agency_items),
        home=placement.home,
        mirror_ready=lambda: placement.held(AGENCY_ITEMS_TOPIC)[1] > 0,
        other_workers=placement.other_workers,
        submitters=SubmitterStores(
            contacts=TableStore(submitters, SubmitterContact, placement.inquiries),
            messages=TableStore(submitter_messages, SubmitterMessage, placement.inquiries, _placed),
            optouts=TableStore(optouts, SubmitterOptOut, lambda: (frozenset({0}), 1)),
            commenters=TableStore(commenters, ConsultationCommenters, placement.inquiries)),
    ))
    notices = container.submitter_notices

    async def directory_read() -> None:
        """Who gets what is decided on the whole directory: the files alone may miss an agency an
        operator added, or send a ward's webhooks to the default endpoint instead of its own."""
        await container.directory.wait_loaded()

    @app.agent(inquiry_events, name="notifications-inquiry-events")
    async def move_deadline_clocks(stream: faust.StreamT[bytes]) -> None:
        await directory_read()
        async for delivery in envelopes(app, stream, group=APP_ID):
            await container.escalator.on_event(delivery.envelope)
            if notices is not None:
                await notices.on_event(delivery.envelope)

    @app.agent(agency_items, name="notifications-agency-items")
    async def gather_by_agency(stream: faust.StreamT[bytes]) -> None:
        async for event in stream.events():
            try:
                item = parse(AgencyItem, event.value)
            except DecodeError as exc:
                await dead_letter(app, event, f"not an AgencyItem: {exc}")
                continue
            container.digests.record(item, event.message.partition)

    @app.agent(reports_published, name="notifications-reports")
    async def deliver_reports(stream: faust.StreamT[bytes]) -> None:
        await directory_read()
        async for delivery in envelopes(app, stream, group=APP_ID):
            await container.reports.on_event(delivery.envelope)

    @app.agent(trend_events, name="notifications-trends")
    async def deliver_trends(stream: faust.StreamT[bytes]) -> None:
        await directory_read()
        async for delivery in envelopes(app, stream, group=APP_ID):
            await container.trends.on_event(delivery.envelope)

    @task(app)
    async def deliver() -> None:
        await directory_read()
        await container.dispatcher.run()

    @timer(app, settings.tick_seconds)
    async def deadline_clock() -> None:
        if container.directory.is_loaded():
            await container.escalator.tick()
            await container.digests.send_if_due()

    @task(app)
    async def tell_submitters() -> None:
        if notices is not None:
            await notices.run()

    @timer(app, settings.tick_seconds)
    async def submitter_clock() -> None:
        if notices is not None:
            await notices.tick()

    @timer(app, 15.0)
    async def count_dead_letters() -> None:
        container.operations.refresh_dead_letter_gauge()

    @timer(app, 3600.0)
    async def prune_delivery_log() -> None:
        container.deliveries.prune(timedelta(days=settings.delivery_log_retention_days))

    serve_asgi(app, create_api(app, container), host=settings.http_host, port=settings.http_port,
               **uvicorn_options(settings))
    return app


def _placed(key: str, _: int) -> int:
    return placed_partition(key)
