"""Notifications' HTTP surface: health, metrics, the operator API, agencies' webhook self-service
and the webhook contract."""

from __future__ import annotations

import faust
from fastapi import FastAPI

from citycomm_common.worker import stream_service_api
from citycomm_notifications.bootstrap import Container, start, stop
from citycomm_notifications.entrypoints.contract import contract_router
from citycomm_notifications.entrypoints.endpoint_checks import endpoint_checks_router
from citycomm_notifications.entrypoints.operator import operator_router
from citycomm_notifications.entrypoints.self_service import peer_redelivery_router, self_service_router
from citycomm_notifications.entrypoints.submitter_operator import submitter_operator_router
from citycomm_notifications.entrypoints.submitter_unsubscribe import unsubscribe_router
from citycomm_notifications.service_layer.endpoint_checks import EndpointChecks


def create_api(app: faust.App, container: Container) -> FastAPI:
    async def on_start() -> None:
        await start(container)

    async def on_stop() -> None:
        await stop(container)

    token = container.settings.operator_token
    routers = (operator_router(container.operations, token),
               peer_redelivery_router(container.self_service, token),
               self_service_router(container.self_service, container.operations, container.identify),
               endpoint_checks_router(EndpointChecks(container.egress, container.webhooks, container.secrets),
                                      token),
               contract_router())
    notices, per_minute = container.submitter_notices, container.settings.unsubscribe_per_minute
    submitters = () if notices is None else (
        unsubscribe_router(notices, per_minute),
        submitter_operator_router(notices, token, container.operations.ask_others))
    return stream_service_api(app, container.settings, title="CityComm notifications",
                              routers=(*routers, *submitters),
                              checks={"directory_loaded": container.directory.is_loaded},
                              on_start=on_start, on_stop=on_stop)
