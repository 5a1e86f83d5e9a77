"""Self-service for the holders of webhooks, with their own API key (intake's keys): an agency,
press agency or the Press Center sees where its webhooks go and its delivery log, sends itself a
`ping`, and asks redelivery of one message or a range. Only ever its own: no call names a party.

Redelivery runs on every worker (each holds its partitions' deliveries): this worker asks the
others through the operator route `POST /v1/operator/agencies/{agency_id}/redeliver`."""

# No `from __future__ import annotations`: FastAPI must see the local `Holder` dependency itself.
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Response
from pydantic import BaseModel, Field, model_validator

from citycomm_common.intake_keys import Caller, Identify, KeysUnavailable
from citycomm_common.moments import AwareMoment
from citycomm_common.problems import responses
from citycomm_notifications.entrypoints.operator import Local, _by_creation, _flag, _view, require_operator
from citycomm_notifications.service_layer.operations import Operations
from citycomm_notifications.service_layer.self_service import Redelivery, SelfService


class RedeliveryIn(BaseModel):
    """Either the webhook-ids of your messages, or a range of their creation times."""

    webhook_ids: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(default=[], max_length=100)
    since: AwareMoment | None = None
    until: AwareMoment | None = None

    @model_validator(mode="after")
    def _one_selection(self) -> "RedeliveryIn":
        if not self.webhook_ids and self.since is None:
            raise ValueError("name webhook_ids, or a range from `since` (and optionally `until`)")
        return self

    def wanted(self) -> Redelivery:
        return Redelivery(tuple(self.webhook_ids), self.since, self.until)


def self_service_router(service: SelfService, operations: Operations, identify: Identify) -> APIRouter:
    async def holder(authorization: Annotated[str, Header()] = "") -> Caller:
        try:
            caller = await identify(authorization)
        except KeysUnavailable as exc:
            raise HTTPException(503, "the key cannot be checked now; retry shortly",
                                headers={"Retry-After": "2"}) from exc
        if caller is None:
            raise HTTPException(401, "your API key is required", headers={"WWW-Authenticate": "Bearer"})
        if not caller.serves_itself:
            raise HTTPException(403, "only agencies, press agencies and the Press Center receive webhooks")
        return caller

    Holder = Annotated[Caller, Depends(holder)]
    router = APIRouter(prefix="/v1/webhooks", tags=["webhook self-service"],
                       responses=responses(401, 403, 503))

    @router.get("/endpoints")
    async def endpoints(caller: Holder) -> list[dict[str, Any]]:
        return service.endpoints(caller)

    @router.get("/deliveries", responses=responses(422))
    async def deliveries(response: Response, caller: Holder,
                         limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[dict[str, Any]]:
        """Your latest deliveries, each with its attempts (time, status code, latency, error)."""
        mine = [_view(d) for d in operations.delivery_log(caller.party_id, limit)]
        gathered = await operations.ask_others("GET", f"/v1/operator/agencies/{caller.party_id}/deliveries",
                                               params={"limit": str(limit)})
        _flag(response, gathered)
        return _by_creation(mine + [v for answer in gathered.answers for v in answer])[-limit:]

    @router.post("/ping", status_code=202)
    async def ping(caller: Holder) -> dict[str, Any]:
        """A `ping` to each of your endpoints that takes it; its webhook-ids, to find in the log."""
        return {"webhook_ids": await service.ping(caller)}

    @router.post("/redeliver", status_code=202, responses=responses(422))
    async def redeliver(response: Response, caller: Holder, wanted: RedeliveryIn) -> dict[str, Any]:
        """Your delivered or dead messages sent again, same webhook-id; others' ids are not found."""
        redelivered = service.redeliver(caller.party_id, wanted.wanted())
        gathered = await operations.ask_others("POST", f"/v1/operator/agencies/{caller.party_id}/redeliver",
                                               body=wanted.model_dump(mode="json"))
        _flag(response, gathered)
        return {"redelivered": sorted(redelivered + [i for a in gathered.answers for i in a["redelivered"]])}

    return router


def peer_redelivery_router(service: SelfService, token: str) -> APIRouter:
    """The operator route the workers ask each other (and operators may use for an agency)."""
    router = APIRouter(prefix="/v1/operator", tags=["operator"], responses=responses(401, 422),
                       dependencies=[Depends(require_operator(token))])

    @router.post("/agencies/{agency_id}/redeliver", status_code=202)
    async def redeliver(agency_id: str, wanted: RedeliveryIn, local: Local = False) -> dict[str, Any]:
        """This worker's part of an agency's redelivery (`local` is how the workers ask each other)."""
        return {"redelivered": service.redeliver(agency_id, wanted.wanted())}

    return router
