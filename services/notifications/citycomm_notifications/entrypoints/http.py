"""Notifications' HTTP surface: health, metrics and the operator API."""

from __future__ import annotations

import faust
from fastapi import FastAPI

from citycomm_common.worker import Hook, stream_service_api
from citycomm_notifications.delivery import Dispatcher
from citycomm_notifications.entrypoints.operator import operator_router
from citycomm_notifications.settings import NotificationsSettings


def create_api(app: faust.App, settings: NotificationsSettings, dispatcher: Dispatcher,
               on_stop: Hook | None = None) -> FastAPI:
    return stream_service_api(app, settings, title="CityComm notifications",
                              routers=(operator_router(dispatcher, settings.operator_token),),
                              on_stop=on_stop)
