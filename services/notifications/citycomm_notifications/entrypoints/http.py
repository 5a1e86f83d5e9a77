"""Notifications' HTTP surface: health, metrics and the operator API."""

from __future__ import annotations

import faust
from fastapi import FastAPI

from citycomm_common.worker import stream_service_api
from citycomm_notifications.adapters.peers import Peers
from citycomm_notifications.bootstrap import Dependencies
from citycomm_notifications.delivery import Dispatcher
from citycomm_notifications.entrypoints.operator import operator_router
from citycomm_notifications.settings import NotificationsSettings


def create_api(app: faust.App, settings: NotificationsSettings, dispatcher: Dispatcher,
               deps: Dependencies, peers: Peers) -> FastAPI:
    view = deps.directory_view
    checks = {"directory_loaded": view.is_loaded} if view is not None else {}
    operator = operator_router(dispatcher, settings.operator_token, peers,
                               view.is_loaded if view is not None else lambda: True)

    async def on_start() -> None:
        if view is not None:
            await view.start()

    async def on_stop() -> None:
        if view is not None:
            await view.stop()
        await deps.webhooks.close()
        await peers.close()

    return stream_service_api(app, settings, title="CityComm notifications",
                              routers=(operator,),
                              checks=checks, on_start=on_start, on_stop=on_stop)
