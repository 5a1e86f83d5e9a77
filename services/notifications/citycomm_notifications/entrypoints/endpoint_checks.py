"""The operator route routing asks before an agency's own webhook URL takes effect (decision 0094):
one signed `ping` to the proposed URL under the egress policy; the answer says whether it was 2xx."""

# No `from __future__ import annotations`: FastAPI reads the body model from the signature.
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from citycomm_common.directory import SecretRef
from citycomm_common.problems import responses
from citycomm_notifications.entrypoints.operator import require_operator
from citycomm_notifications.service_layer.endpoint_checks import EndpointChecks


class VerificationIn(BaseModel):
    url: Annotated[str, Field(min_length=1, max_length=2048)]
    secret_refs: list[SecretRef] = Field(min_length=1, max_length=4)
    requested_by: Annotated[str, Field(min_length=1, max_length=200)]


def endpoint_checks_router(checks: EndpointChecks, token: str) -> APIRouter:
    router = APIRouter(prefix="/v1/operator", tags=["operator"], responses=responses(401, 413, 422),
                       dependencies=[Depends(require_operator(token))], max_body_size=16 * 1024)

    @router.post("/agencies/{agency_id}/endpoints/{endpoint_id}/verify")
    async def verify(agency_id: str, endpoint_id: str, wanted: VerificationIn) -> dict[str, Any]:
        """Send the URL a signed `ping` now (not queued, not retried); `verified` when it answered 2xx."""
        found = await checks.verify(agency_id, wanted.requested_by, wanted.url, wanted.secret_refs)
        return {"endpoint_id": endpoint_id, **found.view()}

    return router
