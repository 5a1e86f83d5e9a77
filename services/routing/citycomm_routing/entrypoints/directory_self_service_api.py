"""Self-service on the directory with the holder's own API key (intake's keys, asked of intake):
an agency, press agency or the Press Center reads its endpoints, sets one's URL (proved by a signed
`ping` first) and rotates its signing secret, shown once. Only ever its own: no call names a party."""

# No `from __future__ import annotations`: FastAPI must see the local `Holder` dependency itself.
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Response
from pydantic import BaseModel, Field

from citycomm_common.codec import rfc3339
from citycomm_common.intake_keys import Caller, Identify, KeysUnavailable
from citycomm_common.problems import responses
from citycomm_routing.domain.network import ChangeRefused
from citycomm_routing.service_layer.directory_self_service import DirectorySelfService, VerifierUnavailable


class UrlIn(BaseModel):
    url: Annotated[str, Field(min_length=1, max_length=2048)]


class RotationIn(BaseModel):
    overlap_hours: Annotated[float | None, Field(gt=0, le=168,
                                                 description="how long the old secrets still verify")] = None


def directory_self_service_router(service: DirectorySelfService, identify: Identify) -> APIRouter:
    async def holder(authorization: Annotated[str, Header()] = "") -> Caller:
        try:
            caller = await identify(authorization)
        except KeysUnavailable as exc:
            raise HTTPException(503, "the key cannot be checked now; retry shortly",
                                headers={"Retry-After": "2"}) from exc
        if caller is None:
            raise HTTPException(401, "your API key is required", headers={"WWW-Authenticate": "Bearer"})
        return caller

    Holder = Annotated[Caller, Depends(holder)]
    router = APIRouter(prefix="/v1/directory/self", tags=["directory self-service"],
                       responses=responses(401, 403, 404, 503), max_body_size=8 * 1024)

    def refused(refusal: ChangeRefused) -> HTTPException:
        return HTTPException(refusal.status, str(refusal))

    @router.get("/endpoints")
    async def endpoints(caller: Holder) -> list[dict[str, Any]]:
        """Your endpoints: URL, events, and how many secrets sign now (never the secrets)."""
        try:
            found = service.endpoints(caller)
        except ChangeRefused as refusal:
            raise refused(refusal) from None
        return [{"endpoint_id": e.id, "url": str(e.url), "events": list(e.events), "enabled": e.enabled,
                 "secrets": len(e.secret_refs)} for e in found]

    @router.put("/endpoints/{endpoint_id}", responses=responses(413, 422))
    async def set_url(endpoint_id: str, body: UrlIn, caller: Holder) -> dict[str, Any]:
        """Send the new URL a signed `ping` (your current secret); only a 2xx answer moves the endpoint."""
        try:
            proof, _ = await service.set_url(caller, endpoint_id, body.url)
        except ChangeRefused as refusal:
            raise refused(refusal) from None
        except VerifierUnavailable as exc:
            raise HTTPException(503, "the URL cannot be checked now; retry shortly",
                                headers={"Retry-After": "5"}) from exc
        return {"endpoint_id": endpoint_id, "url": body.url, "verified_by": proof.webhook_id,
                "status_code": proof.status_code}

    @router.post("/endpoints/{endpoint_id}/rotate", responses=responses(413, 422))
    async def rotate(endpoint_id: str, response: Response, caller: Holder,
                     body: RotationIn | None = None) -> dict[str, Any]:
        """A new signing secret, shown this once; the old ones verify until `old_secrets_verify_until`."""
        hours = body.overlap_hours if body is not None else None
        try:
            rotated = await service.rotate(caller, endpoint_id,
                                           None if hours is None else timedelta(hours=hours))
        except ChangeRefused as refusal:
            raise refused(refusal) from None
        response.headers["Cache-Control"] = "no-store"
        return {"endpoint_id": endpoint_id, "secret": rotated.secret,
                "old_secrets_verify_until": rfc3339(rotated.old_secrets_verify_until)}

    return router
