"""Routing's faust app: commands in, lifecycle decisions recorded in a table, events out."""

from __future__ import annotations

import faust
from faust.contrib.asgi import serve_asgi

from citycomm.v1 import state_pb2
from citycomm_common import framework_fixes
from citycomm_common.directory_feed import DirectoryView
from citycomm_common.http_server import uvicorn_options
from citycomm_common.kafka import create_producer, faust_options
from citycomm_common.streams import dead_letter, envelopes, raw_topic, send
from citycomm_common.topics import INQUIRY_COMMANDS, INQUIRY_EVENTS
from citycomm_routing.adapters.directory_writer import DirectoryWriter
from citycomm_routing.bootstrap import Dependencies
from citycomm_routing.domain.lifecycle import UnknownCommand, decide
from citycomm_routing.domain.replay import recall, remember
from citycomm_routing.entrypoints.http import create_api
from citycomm_routing.settings import RoutingSettings

APP_ID = "citycomm-routing"
SOURCE = "/citycomm/routing"


def _state(raw: bytes | None) -> state_pb2.InquiryState | None:
    return state_pb2.InquiryState.FromString(raw) if raw else None


def create_app(settings: RoutingSettings, deps: Dependencies) -> faust.App:
    app = faust.App(
        APP_ID,
        store=settings.table_store,
        datadir=str(settings.data_dir),
        **faust_options(settings, web_port=settings.http_port),
    )
    framework_fixes.install(app, settings)
    commands = raw_topic(app, INQUIRY_COMMANDS)
    events = raw_topic(app, INQUIRY_EVENTS)
    inquiries = app.Table("routing-inquiries", key_type=bytes, value_type=bytes)
    view = DirectoryView(settings, deps.file_directory, client_id="citycomm-routing-directory")
    deps.current_directory = lambda: view.current
    writer = DirectoryWriter(view, lambda: create_producer(settings, "citycomm-routing-directory"),
                             deps.clock)

    @app.agent(commands, name="routing-commands")
    async def process_commands(stream: faust.StreamT) -> None:
        await view.wait_loaded()  # route with operators' changes, not only the files
        async for delivery in envelopes(app, stream, group=APP_ID):
            key: bytes = delivery.event.key  # type: ignore[assignment]
            command = delivery.envelope.message
            state = _state(inquiries.get(key))
            command_id = getattr(command, "command_id", "")
            published = recall(state, command_id)
            if published is None:
                try:
                    decision = decide(state, command, deps.context())
                except UnknownCommand as unknown:  # e.g. an event written to the wrong topic
                    await dead_letter(app, delivery.event, f"not a routing command: {unknown}")
                    continue
                published = decision.events
                if decision.state is not None:
                    remember(decision.state, command_id, published)
                    inquiries[key] = decision.state.SerializeToString()
            for event_id, message in published:
                await send(events, message, source=SOURCE, subject=key.decode(), event_id=event_id)

    @app.timer(settings.rotation_check_seconds)
    async def expire_rotated_secrets() -> None:
        if view.is_loaded():
            await writer.expire_rotations()

    serve_asgi(app, create_api(app, settings, deps, writer), host=settings.http_host,
               port=settings.http_port, **uvicorn_options(settings))
    return app
