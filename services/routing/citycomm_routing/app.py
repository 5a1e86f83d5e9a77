"""Routing's faust app: commands in, each inquiry's lifecycle state in a table, events out."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import cast

import faust
from faust.contrib.asgi import serve_asgi

from citycomm_common import framework_fixes
from citycomm_common.http_server import uvicorn_options
from citycomm_common.kafka import faust_options
from citycomm_common.streams import (
    Delivery,
    dead_letter,
    delivery_batches,
    handling,
    raw_topic,
    send_serialized,
    timer,
)
from citycomm_common.topics import INQUIRY_COMMANDS, INQUIRY_EVENTS
from citycomm_routing.adapters.consultation_table import ConsultationTable
from citycomm_routing.adapters.inquiry_table import InquiryTable
from citycomm_routing.bootstrap import Container
from citycomm_routing.entrypoints.http import create_api
from citycomm_routing.service_layer.consultation_commands import ConsultationCommands
from citycomm_routing.service_layer.inquiry_commands import InquiryCommands

APP_ID = "citycomm-routing"
SOURCE = "/citycomm/routing"


def create_app(container: Container) -> faust.App:
    settings = container.settings
    app = faust.App(APP_ID, store=settings.table_store, datadir=str(settings.data_dir),
                    **faust_options(settings, web_port=settings.http_port))
    framework_fixes.install(app, settings)

    commands = raw_topic(app, INQUIRY_COMMANDS)
    events = raw_topic(app, INQUIRY_EVENTS)
    # The lifecycle state of each inquiry (citycomm.v1.InquiryState, serialized), by inquiry id;
    # its name is its changelog topic's, kept so that existing state recovers.
    inquiry_states = app.Table("routing-inquiries", key_type=bytes, value_type=bytes)
    inquiries = InquiryCommands(InquiryTable(inquiry_states), container.context.current)
    # Consultations on draft documents (decision 0113): their commands and events share the
    # inquiry topics, keyed by consultation id; their records are kept in a table of their own.
    consultation_states = app.Table("routing-consultations", key_type=bytes, value_type=bytes)
    consultations = ConsultationCommands.from_config(
        ConsultationTable(consultation_states), settings.config_dir, container.calendar,
        container.clock.now)

    async def handle_commands(stream: faust.StreamT[bytes]) -> None:
        await container.directory.wait_loaded()  # route with operators' changes, not only the files
        # What the stream has ready, in order: commands for one inquiry are on one partition and
        # handled one after another, so a batch decides exactly as record by record would. A
        # batch's offsets are acked only after every event it produced was acknowledged.
        async for batch in delivery_batches(app, stream, group=APP_ID):
            acknowledgements = []
            for delivery in batch:
                with handling(delivery):
                    acknowledgements += await handle(delivery)
            await asyncio.gather(*acknowledgements)

    async def handle(delivery: Delivery) -> list[Awaitable[object]]:
        inquiry_id = cast(bytes, delivery.event.key).decode()  # a raw topic's keys are bytes
        message = delivery.envelope.message
        use_case = consultations if ConsultationCommands.accepts(message) else inquiries
        handled = use_case.handle(inquiry_id, message)
        if handled.dead_letter is not None:
            await dead_letter(app, delivery.event, handled.dead_letter)
        return [await send_serialized(events, sent.payload, sent.type, source=SOURCE,
                                      subject=inquiry_id, event_id=sent.event_id)
                for sent in handled.sent]

    app.agent(commands, name="routing-commands")(handle_commands)

    @timer(app, settings.rotation_check_seconds)
    async def expire_rotated_secrets() -> None:
        if container.directory.is_loaded():
            await container.directory_admin.expire_rotations()

    serve_asgi(app, create_api(app, container), host=settings.http_host, port=settings.http_port,
               **uvicorn_options(settings))
    return app
