"""Notifications' faust app: events move deadline clocks and queue webhooks; timers and tasks do the rest."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

import faust
from faust.contrib.asgi import serve_asgi
from google.protobuf.message import DecodeError, Message

from citycomm.v1 import events_pb2
from citycomm.v1.notifications_pb2 import AgencyItem, DeadlineClock, EndpointStatus, WebhookDelivery
from citycomm_common import framework_fixes
from citycomm_common.http_server import uvicorn_options
from citycomm_common.kafka import faust_options
from citycomm_common.metrics import DEAD_LETTERS
from citycomm_common.streams import dead_letter, envelopes, raw_topic, send
from citycomm_common.topics import INQUIRY_EVENTS, NOTIFICATION_EVENTS, REPORTS_PUBLISHED
from citycomm_notifications.adapters.peers import Peers
from citycomm_notifications.adapters.stores import PlacedTable, TableStore, partition_of, placed_partition
from citycomm_notifications.bootstrap import Dependencies
from citycomm_notifications.delivery import Dispatcher
from citycomm_notifications.domain.reports import report_notices
from citycomm_notifications.entrypoints.http import create_api
from citycomm_notifications.escalation import Escalator, apply_item
from citycomm_notifications.settings import NotificationsSettings

APP_ID = "citycomm-notifications"
AGENCY_ITEMS_TOPIC = f"{APP_ID}-agency-items"  # internal: the clocks re-keyed by agency (digests)
SOURCE = "/citycomm/notifications"


def _tables(app: faust.App) -> tuple[Any, Any, Any, Any]:
    clocks = app.Table("notifications-deadlines", use_partitioner=True, key_type=bytes, value_type=bytes)
    deliveries = app.tables.add(PlacedTable(app, name="notifications-deliveries", key_type=bytes,
                                            value_type=bytes, beacon=app.tables.beacon))
    items = app.tables.add(PlacedTable(app, name="notifications-agency-items", key_type=bytes,
                                       value_type=bytes, beacon=app.tables.beacon))
    # Every worker must see a disabled endpoint, whoever disabled it.
    endpoints = app.GlobalTable("notifications-endpoints", partitions=1, recovery_buffer_size=1,
                                use_partitioner=True, key_type=bytes, value_type=bytes)
    return clocks, deliveries, endpoints, items


def create_app(settings: NotificationsSettings, deps: Dependencies) -> faust.App:
    app = faust.App(APP_ID, store=settings.table_store, datadir=str(settings.data_dir),
                    **faust_options(settings, web_port=settings.http_port))
    framework_fixes.install(app, settings)
    inquiry_events = raw_topic(app, INQUIRY_EVENTS)
    outcomes_topic = raw_topic(app, NOTIFICATION_EVENTS)
    agency_items = app.topic(AGENCY_ITEMS_TOPIC, internal=True, partitions=settings.kafka_partitions,
                             key_type=bytes, value_type=bytes, key_serializer="raw", value_serializer="raw")
    clocks_table, deliveries_table, endpoints_table, items_table = _tables(app)
    view = deps.directory_view

    async def directory_read() -> None:
        """Who gets what is decided on the whole directory: the files alone may miss an agency an
        operator added, or send a ward's webhooks to the default endpoint instead of its own."""
        if view is not None:
            await view.wait_loaded()

    def directory_ready() -> bool:
        return view is None or view.is_loaded()

    def held(topic: str) -> tuple[frozenset[int], int]:
        """Partitions of `topic` this worker actively holds, and the topic's partition count."""
        if app.rebalancing or not app.tables.recovery.completed.is_set():  # type: ignore[attr-defined]
            return frozenset(), 0
        actives = frozenset(tp.partition for tp in app.assignor.assigned_actives() if tp.topic == topic)
        return actives, app.consumer.topic_partitions(topic) or settings.kafka_partitions

    def ownership() -> tuple[frozenset[int], int]:
        return held(INQUIRY_EVENTS.name)

    def home(inquiry_id: str) -> str:
        held, partitions = ownership()
        if inquiry_id:
            return str(partition_of(inquiry_id, partitions or settings.kafka_partitions))
        return str(min(held, default=0))

    async def publish(message: Message, subject: str, event_id: str) -> None:
        await send(outcomes_topic, message, source=SOURCE, subject=subject, event_id=event_id)

    dispatcher = Dispatcher(
        TableStore(deliveries_table, WebhookDelivery, ownership, lambda key, _: placed_partition(key)),
        TableStore(endpoints_table, EndpointStatus, lambda: (frozenset({0}), 1)),
        deps.directory, deps.secrets, deps.webhooks, deps.egress, deps.clock, deps.retry, publish,
        deps.limits, home=home)
    async def mirror(item: AgencyItem) -> None:
        await agency_items.send(key=item.agency_id.encode(), value=item.SerializeToString())

    items = TableStore(items_table, DeadlineClock, lambda: held(AGENCY_ITEMS_TOPIC),
                       lambda key, _: placed_partition(key))
    escalator = Escalator(TableStore(clocks_table, DeadlineClock, ownership), dispatcher, deps.ladder,
                          deps.calendar, deps.directory, deps.clock, publish, items, mirror)
    digests = DigestSchedule(settings, deps)

    @app.agent(inquiry_events, name="notifications-inquiry-events")
    async def notify(stream: faust.StreamT) -> None:
        await directory_read()
        async for delivery in envelopes(app, stream, group=APP_ID):
            await escalator.on_event(delivery.envelope)

    @app.agent(agency_items, name="notifications-agency-items")
    async def gather_by_agency(stream: faust.StreamT) -> None:
        async for event in stream.events():
            try:
                item = AgencyItem.FromString(event.value)
            except DecodeError as exc:
                await dead_letter(app, event, f"not an AgencyItem: {exc}")
                continue
            apply_item(items, item, event.message.partition)

    @app.agent(raw_topic(app, REPORTS_PUBLISHED), name="notifications-reports")
    async def deliver_reports(stream: faust.StreamT) -> None:
        await directory_read()
        async for delivery in envelopes(app, stream, group=APP_ID):
            report = delivery.envelope.message
            if isinstance(report, events_pb2.ReportPublished):
                for notice in report_notices(report, delivery.envelope.id, deps.report_subscribers):
                    await dispatcher.enqueue(notice)

    @app.task
    async def deliver() -> None:
        await directory_read()
        await dispatcher.run()

    @app.timer(settings.tick_seconds)
    async def deadline_clock() -> None:
        if not directory_ready():
            return
        await escalator.tick()
        day = digests.due()
        if day is not None and held(AGENCY_ITEMS_TOPIC)[1]:
            await escalator.digest(day)
            digests.done(day)

    @app.timer(15.0)
    async def count_dead_letters() -> None:
        waiting = Counter(d.agency_id for _, d in dispatcher.deliveries.items() if d.state == "dead")
        DEAD_LETTERS.clear()
        for agency, count in waiting.items():
            DEAD_LETTERS.labels(agency).set(count)

    @app.timer(3600.0)
    async def prune_delivery_log() -> None:
        dispatcher.prune(timedelta(days=settings.delivery_log_retention_days))

    def other_workers() -> list[str]:
        """The group's members as faust's assignor shares them (their canonical URLs), but this one."""
        me = str(app.conf.canonical_url).rstrip("/")
        return [url for url in app.router.tables_metadata() if str(url).rstrip("/") != me]

    peers = Peers(other_workers, settings.operator_token)
    serve_asgi(app, create_api(app, settings, dispatcher, deps, peers),
               host=settings.http_host, port=settings.http_port, **uvicorn_options(settings))
    return app


class DigestSchedule:
    """Once a working day at `digest_at` city time; a restart the same day repeats the same ids."""

    def __init__(self, settings: NotificationsSettings, deps: Dependencies) -> None:
        self._at, self._deps = settings.digest_at, deps
        self._last: str | None = None

    def due(self) -> str | None:
        local = self._deps.clock.now().astimezone(self._deps.calendar.zone)
        day = local.date()
        if not self._deps.calendar.is_working_day(day) or local.time() < self._at:
            return None
        return None if self._last == day.isoformat() else day.isoformat()

    def done(self, day: str) -> None:
        self._last = day
