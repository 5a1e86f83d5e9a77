"""The operator API: dead letters (list, replay one or many), delivery logs, endpoint re-enabling.

Authenticated with one bearer token (CITYCOMM_OPERATOR_TOKEN). It answers for the partitions
this worker holds (one worker in `make run`; ask each worker when there are several).
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Query
from google.protobuf.json_format import MessageToDict
from pydantic import BaseModel

from citycomm.v1.notifications_pb2 import EndpointStatus, WebhookDelivery
from citycomm_common.codec import rfc3339
from citycomm_common.problems import responses
from citycomm_notifications.delivery import Dispatcher


class ReplayFilter(BaseModel):
    agency_id: str | None = None
    endpoint_id: str | None = None
    since: str | None = None  # RFC 3339: dead letters created at or after


def _view(d: WebhookDelivery, with_body: bool = False) -> dict[str, Any]:
    view = MessageToDict(d, preserving_proto_field_name=True, always_print_fields_with_no_presence=True)
    if not with_body:
        view.pop("body", None)
    return view


def operator_router(dispatcher: Dispatcher, token: str) -> APIRouter:
    def authorised(authorization: Annotated[str, Header()] = "") -> None:
        scheme, _, given = authorization.partition(" ")
        if not token or scheme.lower() != "bearer" or not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, "operator token required", headers={"WWW-Authenticate": "Bearer"})

    router = APIRouter(prefix="/v1/operator", tags=["operator"], dependencies=[Depends(authorised)],
                       responses=responses(401))

    def deliveries() -> list[WebhookDelivery]:
        return sorted((d for _, d in dispatcher.deliveries.items()), key=lambda d: d.created_at)

    @router.get("/dead-letters")
    async def dead_letters(agency_id: str | None = None) -> list[dict[str, Any]]:
        return [_view(d) for d in deliveries()
                if d.state == "dead" and agency_id in (None, d.agency_id)]

    @router.get("/dead-letters/{webhook_id}", responses=responses(404))
    async def dead_letter(webhook_id: str) -> dict[str, Any]:
        found = dispatcher.find(webhook_id)
        if found is None or found.state != "dead":
            raise HTTPException(404, "no such dead letter on this worker")
        return _view(found, with_body=True)

    @router.post("/dead-letters/{webhook_id}/replay", status_code=202, responses=responses(404))
    async def replay_one(webhook_id: str) -> dict[str, Any]:
        replayed = dispatcher.replay(webhook_id)
        if replayed is None:
            raise HTTPException(404, "no such dead letter on this worker")
        return _view(replayed)

    @router.post("/dead-letters/replay", status_code=202, responses=responses(400, 422))
    async def replay_many(selection: ReplayFilter) -> dict[str, Any]:
        chosen = [d.webhook_id for d in deliveries() if d.state == "dead"
                  and selection.agency_id in (None, d.agency_id)
                  and selection.endpoint_id in (None, d.endpoint_id)
                  and (selection.since is None or d.created_at >= selection.since)]
        return {"replayed": [i for i in chosen if dispatcher.replay(i) is not None]}

    @router.get("/agencies/{agency_id}/deliveries", responses=responses(422))
    async def delivery_log(agency_id: str, limit: Annotated[int, Query(ge=1, le=1000)] = 100
                           ) -> list[dict[str, Any]]:
        return [_view(d) for d in deliveries() if d.agency_id == agency_id][-limit:]

    @router.get("/endpoints/{endpoint_id}")
    async def endpoint(endpoint_id: str) -> dict[str, Any]:
        status = dispatcher.endpoints.get(endpoint_id) or EndpointStatus(endpoint_id=endpoint_id)
        return MessageToDict(status, preserving_proto_field_name=True,
                             always_print_fields_with_no_presence=True)

    @router.post("/endpoints/{endpoint_id}/enable")
    async def enable(endpoint_id: str) -> dict[str, Any]:
        status = dispatcher.endpoints.get(endpoint_id) or EndpointStatus(endpoint_id=endpoint_id)
        status.disabled, status.reason = False, "re-enabled by an operator"
        status.changed_at = rfc3339(dispatcher.now())
        dispatcher.endpoints.put(endpoint_id, status)
        return MessageToDict(status, preserving_proto_field_name=True,
                             always_print_fields_with_no_presence=True)

    return router
