"""Routing's faust app: commands in, lifecycle decisions recorded in a table, events out."""

from __future__ import annotations

import faust
from faust.contrib.asgi import serve_asgi

from citycomm.v1 import state_pb2
from citycomm_common.kafka import faust_options
from citycomm_common.streams import envelopes, raw_topic, send
from citycomm_common.topics import INQUIRY_COMMANDS, INQUIRY_EVENTS
from citycomm_routing.bootstrap import Dependencies
from citycomm_routing.domain.lifecycle import decide
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
    commands = raw_topic(app, INQUIRY_COMMANDS)
    events = raw_topic(app, INQUIRY_EVENTS)
    inquiries = app.Table("routing-inquiries", key_type=bytes, value_type=bytes)

    @app.agent(commands, name="routing-commands")
    async def process_commands(stream: faust.StreamT) -> None:
        async for delivery in envelopes(app, stream, group=APP_ID):
            key = delivery.event.key
            decision = decide(_state(inquiries.get(key)), delivery.envelope.message, deps.context())
            for event_id, message in decision.events:
                await send(events, message, source=SOURCE, subject=key.decode(), event_id=event_id)
            if decision.state is not None:
                inquiries[key] = decision.state.SerializeToString()

    serve_asgi(app, create_api(app, settings), host=settings.http_host, port=settings.http_port)
    return app
