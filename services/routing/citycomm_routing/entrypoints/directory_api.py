"""The directory's operator API: add, change and retire agencies and endpoints, rotate secrets."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Query
from google.protobuf.json_format import MessageToDict
from google.protobuf.message import Message
from pydantic import BaseModel, Field

from citycomm.v1 import directory_pb2
from citycomm_common.codec import rfc3339
from citycomm_common.contracts import from_timestamp, legacy_only
from citycomm_common.directory import Agency, AgencyKind, SecretRef, WebhookEndpoint
from citycomm_common.moments import AwareMoment, Day
from citycomm_common.problems import responses
from citycomm_routing.domain.network import ChangeRefused
from citycomm_routing.service_layer.directory_admin import DirectoryAdmin, Records
from citycomm_routing.settings import RoutingSettings

MAX_BODY_BYTES = 64 * 1024  # a whole agency with its contacts and endpoints is a few KiB


class Retirement(BaseModel):
    valid_until: Day
    successor: Agency | None = None


class Rotation(BaseModel):
    secret_ref: SecretRef
    keep_old_until: AwareMoment = Field(description="RFC 3339 with offset; old secrets verify until then")


def operator_only(settings: RoutingSettings) -> Callable[..., None]:
    """Operators authenticate with a bearer key whose SHA-256 is configured."""

    def check(authorization: Annotated[str | None, Header()] = None) -> None:
        expected = settings.operator_api_key_sha256
        if expected is None:
            if settings.environment == "production":
                raise HTTPException(403, "operator API disabled: set CITYCOMM_OPERATOR_API_KEY_SHA256")
            return  # development: open, as the rest of the local stack
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(hashlib.sha256(given.encode()).hexdigest(), expected.lower()):
            raise HTTPException(401, "a valid operator key is required",
                                headers={"WWW-Authenticate": "Bearer"})

    return check


def _public(agency: Agency) -> dict[str, Any]:
    return agency.model_dump(mode="json", exclude={"endpoints"})


def _records(records: Records | list[directory_pb2.WebhookEndpoint]) -> list[dict[str, Any]]:
    return [_shown(r) for r in records]


def _shown(record: Message) -> dict[str, Any]:
    """A record as operators have always seen it: the previous release's fields (kind, role,
    secret_refs_until), updated_at in UTC."""
    shown = MessageToDict(legacy_only(record), preserving_proto_field_name=True)
    if isinstance(record, directory_pb2.Agency) and record.HasField("updated_time"):
        shown["updated_at"] = rfc3339(from_timestamp(record.updated_time))
    return shown


def directory_router(admin: DirectoryAdmin, settings: RoutingSettings) -> APIRouter:
    router = APIRouter(prefix="/v1/directory", tags=["directory"], max_body_size=MAX_BODY_BYTES)
    operator = [Depends(operator_only(settings))]
    changes = responses(400, 401, 403, 404, 409, 413, 422)  # what a change may be refused with

    async def changed(change: Awaitable[Records]) -> list[dict[str, Any]]:
        try:
            return _records(await change)
        except ChangeRefused as refused:
            raise HTTPException(refused.status, str(refused)) from None

    @router.get("/agencies", responses=responses(422))
    async def agencies(kind: AgencyKind | None = None,
                       active_on: Annotated[Day | None, Query()] = None) -> list[dict[str, Any]]:
        return [_public(a) for a in admin.agencies(kind, active_on)]

    @router.get("/agencies/{agency_id}", responses=responses(404))
    async def agency(agency_id: str) -> dict[str, Any]:
        try:
            return _public(admin.agency(agency_id))
        except ChangeRefused as refused:
            raise HTTPException(refused.status, str(refused)) from None

    @router.get("/agencies/{agency_id}/endpoints", dependencies=operator, responses=responses(401, 403, 404))
    async def endpoints(agency_id: str) -> list[dict[str, Any]]:
        record = admin.record(agency_id)
        if record is not None:
            return _records(list(record.endpoints))
        try:
            found = admin.agency(agency_id)
        except ChangeRefused as refused:  # an unknown agency: 404, as for GET /agencies/{id}
            raise HTTPException(refused.status, str(refused)) from None
        return [e.model_dump(mode="json") for e in found.endpoints]

    @router.post("/agencies", status_code=201, dependencies=operator,
                 responses=responses(400, 401, 403, 409, 413, 422))
    async def add(agency: Agency) -> list[dict[str, Any]]:
        return await changed(admin.add(agency))

    @router.put("/agencies/{agency_id}", dependencies=operator,
                responses=responses(400, 401, 403, 404, 413, 422))
    async def replace(agency_id: str, agency: Agency) -> list[dict[str, Any]]:
        return await changed(admin.replace(agency_id, agency))

    @router.post("/agencies/{agency_id}/retire", dependencies=operator, responses=changes)
    async def retire(agency_id: str, body: Retirement) -> list[dict[str, Any]]:
        return await changed(admin.retire(agency_id, body.valid_until, body.successor))

    @router.put("/agencies/{agency_id}/endpoints/{endpoint_id}", dependencies=operator,
                responses=responses(400, 401, 403, 404, 413, 422))
    async def put_endpoint(agency_id: str, endpoint_id: str,
                           endpoint: WebhookEndpoint) -> list[dict[str, Any]]:
        if endpoint.id != endpoint_id:
            raise HTTPException(422, f"the body's id {endpoint.id} is not {endpoint_id}")
        return await changed(admin.put_endpoint(agency_id, endpoint))

    @router.delete("/agencies/{agency_id}/endpoints/{endpoint_id}", dependencies=operator,
                   responses=responses(401, 403, 404, 422))
    async def remove_endpoint(agency_id: str, endpoint_id: str) -> list[dict[str, Any]]:
        return await changed(admin.remove_endpoint(agency_id, endpoint_id))

    @router.post("/agencies/{agency_id}/endpoints/{endpoint_id}/rotate", dependencies=operator,
                 responses=changes)
    async def rotate(agency_id: str, endpoint_id: str, body: Rotation) -> list[dict[str, Any]]:
        return await changed(admin.rotate(agency_id, endpoint_id, body.secret_ref,
                                          body.keep_old_until))

    return router
