"""Notifications' faust app: lifecycle events in, signed webhooks out, outcomes recorded."""

from __future__ import annotations

import faust
from faust.contrib.asgi import serve_asgi

from citycomm_common.kafka import faust_options
from citycomm_common.streams import envelopes, raw_topic, send
from citycomm_common.topics import INQUIRY_EVENTS, NOTIFICATION_EVENTS
from citycomm_notifications.bootstrap import Dependencies
from citycomm_notifications.delivery import deliver
from citycomm_notifications.domain.notices import notices_for
from citycomm_notifications.entrypoints.http import create_api
from citycomm_notifications.settings import NotificationsSettings

APP_ID = "citycomm-notifications"
SOURCE = "/citycomm/notifications"


def create_app(settings: NotificationsSettings, deps: Dependencies) -> faust.App:
    app = faust.App(APP_ID, store=settings.table_store, datadir=str(settings.data_dir),
                    **faust_options(settings, web_port=settings.http_port))
    inquiry_events = raw_topic(app, INQUIRY_EVENTS)
    outcomes_topic = raw_topic(app, NOTIFICATION_EVENTS)

    @app.agent(inquiry_events, name="notifications-inquiry-events")
    async def notify(stream: faust.StreamT) -> None:
        async for delivery in envelopes(app, stream, group=APP_ID):
            for notice in notices_for(delivery.envelope):
                for outcome in await deliver(notice, delivery.envelope.id, deps):
                    await send(outcomes_topic, outcome, source=SOURCE, subject=notice.inquiry_id,
                               event_id=outcome.delivery_id)

    serve_asgi(app, create_api(app, settings), host=settings.http_host, port=settings.http_port)
    return app
