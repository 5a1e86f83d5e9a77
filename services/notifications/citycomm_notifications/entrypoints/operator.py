"""The operator API: dead letters (list, replay one or many), delivery logs, endpoint re-enabling.

Authenticated with one bearer token (CITYCOMM_OPERATOR_TOKEN). Each worker holds the deliveries
of its own partitions, so whichever worker is asked also asks the group's other workers
(Operations.ask_others) and merges their answers; a worker that did not answer is named in the
`CityComm-Unreached-Workers` header, so an incomplete view never passes for a complete one.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Response
from google.protobuf.json_format import MessageToDict
from google.protobuf.message import Message
from pydantic import BaseModel

from citycomm.v1.notifications_pb2 import EndpointStatus, WebhookDelivery
from citycomm_common.codec import rfc3339
from citycomm_common.contracts import REPLACED_BY, from_timestamp, legacy_only
from citycomm_common.moments import AwareMoment
from citycomm_common.problems import responses
from citycomm_notifications.service_layer.operations import Operations
from citycomm_notifications.service_layer.ports import Gathered

UNREACHED = "CityComm-Unreached-Workers"
# Set by a worker asking its peers: answer from this worker alone (never hidden from operators:
# it is also how to look at one worker).
Local = Annotated[bool, Query(description="Answer from this worker's partitions only.")]


class ReplayFilter(BaseModel):
    agency_id: str | None = None
    endpoint_id: str | None = None
    since: AwareMoment | None = None  # RFC 3339 with offset: dead letters created at or after


def _record(message: Message) -> dict[str, Any]:
    """A record in the shape operators have always read: the previous release's fields. Every field
    is printed, so the typed twins legacy_only cleared are dropped (an enum prints even when clear)."""
    view = MessageToDict(legacy_only(message), preserving_proto_field_name=True,
                         always_print_fields_with_no_presence=True)
    for field in message.DESCRIPTOR.fields:
        view.pop(str(field.GetOptions().Extensions[REPLACED_BY]), None)
    return view


def _utc(record: Message, field: str) -> str:
    """A time as these records wrote it before Timestamps: RFC 3339 in UTC ("" when unset)."""
    return rfc3339(from_timestamp(getattr(record, field))) if record.HasField(field) else ""


def _view(d: WebhookDelivery, with_body: bool = False) -> dict[str, Any]:
    view = _record(d)
    view["created_at"], view["next_attempt_at"] = _utc(d, "created_time"), _utc(d, "next_attempt_time")
    for entry, attempt in zip(view["history"], d.history, strict=True):
        entry["at"] = _utc(attempt, "time")
    if not with_body:
        view.pop("body", None)
    return view


def _flag(response: Response, gathered: Gathered) -> None:
    if gathered.missing:
        response.headers[UNREACHED] = ", ".join(gathered.missing)


def _unreached(response: Response) -> dict[str, str] | None:
    return {UNREACHED: response.headers[UNREACHED]} if UNREACHED in response.headers else None


def _by_creation(views: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(views, key=lambda view: (view["created_at"], view["webhook_id"]))


def _status(status: EndpointStatus) -> dict[str, Any]:
    return _record(status) | {"changed_at": _utc(status, "changed_time")}


def require_operator(token: str) -> Callable[[str], None]:
    """The dependency that lets only holders of the operator token through."""
    def authorised(authorization: Annotated[str, Header()] = "") -> None:
        scheme, _, given = authorization.partition(" ")
        if not token or scheme.lower() != "bearer" or not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, "operator token required", headers={"WWW-Authenticate": "Bearer"})

    return authorised


def operator_router(operations: Operations, token: str) -> APIRouter:
    authorised = require_operator(token)

    def caught_up() -> None:
        """Replays and endpoints are resolved on the live directory: not before it is read."""
        if not operations.directory_loaded():
            raise HTTPException(503, "the agency directory is still being read; retry shortly",
                                headers={"Retry-After": "2"})

    live = [Depends(caught_up)]

    router = APIRouter(prefix="/v1/operator", tags=["operator"], dependencies=[Depends(authorised)],
                       responses=responses(401))

    async def everywhere(response: Response, local: bool, mine: list[dict[str, Any]], path: str,
                         params: dict[str, str] | None = None) -> list[dict[str, Any]]:
        """This worker's views and, unless `local`, every other worker's, in creation order."""
        if local:
            return mine
        gathered = await operations.ask_others("GET", path, params=params)
        _flag(response, gathered)
        return _by_creation(mine + [view for answer in gathered.answers for view in answer])

    async def here_or_elsewhere(response: Response, local: bool, here: dict[str, Any] | None, method: str,
                                path: str) -> dict[str, Any]:
        """One dead letter: this worker's answer, else the first other worker's, else 404."""
        if here is not None:
            return here
        if not local:
            gathered = await operations.ask_others(method, path)
            if gathered.answers:
                return dict(gathered.answers[0])
            _flag(response, gathered)
        raise HTTPException(404, "no such dead letter", headers=_unreached(response))

    @router.get("/dead-letters")
    async def dead_letters(response: Response, agency_id: str | None = None, local: Local = False
                           ) -> list[dict[str, Any]]:
        mine = [_view(d) for d in operations.dead_letters(agency_id)]
        return await everywhere(response, local, mine, "/v1/operator/dead-letters",
                                {"agency_id": agency_id} if agency_id else None)

    @router.get("/dead-letters/{webhook_id}", responses=responses(404))
    async def dead_letter(response: Response, webhook_id: str, local: Local = False) -> dict[str, Any]:
        found = operations.dead_letter(webhook_id)
        here = _view(found, with_body=True) if found is not None else None
        return await here_or_elsewhere(response, local, here, "GET",
                                       f"/v1/operator/dead-letters/{webhook_id}")

    @router.post("/dead-letters/{webhook_id}/replay", status_code=202, dependencies=live,
                 responses=responses(404, 503))
    async def replay_one(response: Response, webhook_id: str, local: Local = False) -> dict[str, Any]:
        replayed = operations.replay(webhook_id)
        here = _view(replayed) if replayed is not None else None
        return await here_or_elsewhere(response, local, here, "POST",
                                       f"/v1/operator/dead-letters/{webhook_id}/replay")

    @router.post("/dead-letters/replay", status_code=202, dependencies=live,
                 responses=responses(400, 422, 503))
    async def replay_many(response: Response, selection: ReplayFilter, local: Local = False
                          ) -> dict[str, Any]:
        replayed = operations.replay_matching(selection.agency_id, selection.endpoint_id, selection.since)
        if not local:
            gathered = await operations.ask_others("POST", "/v1/operator/dead-letters/replay",
                                                   body=selection.model_dump(mode="json", exclude_none=True))
            _flag(response, gathered)
            replayed += [i for answer in gathered.answers for i in answer["replayed"]]
        return {"replayed": sorted(replayed)}

    @router.get("/agencies/{agency_id}/deliveries", responses=responses(422))
    async def delivery_log(response: Response, agency_id: str,
                           limit: Annotated[int, Query(ge=1, le=1000)] = 100, local: Local = False
                           ) -> list[dict[str, Any]]:
        mine = [_view(d) for d in operations.delivery_log(agency_id, limit)]
        views = await everywhere(response, local, mine, f"/v1/operator/agencies/{agency_id}/deliveries",
                                 {"limit": str(limit)})
        return views[-limit:]

    @router.get("/deliveries/summary")
    async def summary(response: Response, local: Local = False) -> dict[str, Any]:
        """Deliveries by state (pending, delivered, dead) across the workers: the queue's depth."""
        counts = operations.counts_by_state()
        path = "/v1/operator/deliveries/summary"
        gathered = Gathered() if local else await operations.ask_others("GET", path)
        _flag(response, gathered)
        for answer in gathered.answers:
            counts.update(answer["by_state"])
        return {"by_state": dict(sorted(counts.items())), "workers": 1 + len(gathered.answers),
                "unreached": gathered.missing}

    def no_endpoint(agency_id: str, endpoint_id: str) -> HTTPException:
        return HTTPException(404, f"agency {agency_id} has no endpoint {endpoint_id}")

    @router.get("/agencies/{agency_id}/endpoints/{endpoint_id}", dependencies=live,
                responses=responses(404, 503))
    async def endpoint(agency_id: str, endpoint_id: str) -> dict[str, Any]:
        """The standing of the endpoint the agency reaches under this id: its own, or the directory's
        default endpoint (`owner: "*"`, shared by every agency without an endpoint of its own)."""
        status = operations.endpoint(agency_id, endpoint_id)
        if status is None:
            raise no_endpoint(agency_id, endpoint_id)
        return _status(status)

    @router.post("/agencies/{agency_id}/endpoints/{endpoint_id}/enable", dependencies=live,
                 responses=responses(404, 503))
    async def enable(agency_id: str, endpoint_id: str) -> dict[str, Any]:
        status = operations.enable_endpoint(agency_id, endpoint_id)
        if status is None:
            raise no_endpoint(agency_id, endpoint_id)
        return _status(status)

    return router
