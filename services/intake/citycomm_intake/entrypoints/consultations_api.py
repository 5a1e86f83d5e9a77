"""REST resource `consultations` (decision 0113): open, change, close and answer a consultation on a
draft document; comment on an open one. 202: recorded, routing decides; `Prefer: wait=N`: routing's
decision, a refusal answered as a problem with routing's status and reasons (Vietnamese first)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response, status
from pydantic import BaseModel

from citycomm_intake.domain.consultation_requests import CONSULTATION_ID, CommentIn, DraftIn, ResponseIn
from citycomm_intake.entrypoints.dependencies import (
    Caller,
    Deps,
    OptionalIdempotencyKey,
    PreferHeader,
    wait_seconds,
)
from citycomm_intake.entrypoints.links import link
from citycomm_intake.entrypoints.problems import responses
from citycomm_intake.service_layer.consultations import Consultations

ConsultationId = Annotated[str, Path(min_length=1, max_length=64, pattern=CONSULTATION_ID)]
RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "Prefer: wait=N and routing accepted it in time"},
    **responses(401, 403, 404, 409, 413, 422, 503),
}


class ConsultationCommandAccepted(BaseModel):
    """Recorded; routing decides (see `outcome`, or send `Prefer: wait=N`)."""

    consultation_id: str
    command_id: str
    state: str = "recorded"  # recorded, or accepted with Prefer: wait=N
    event_type: str | None = None
    outcome: str


async def _answer(deps: Deps, request: Request, response: Response, consultation_id: str,
                  command_id: str, prefer: str | None) -> ConsultationCommandAccepted:
    outcome = link(request, "command_outcome", "command_id", command_id)
    body = ConsultationCommandAccepted(consultation_id=consultation_id, command_id=command_id,
                                       outcome=outcome)
    response.headers["Location"] = outcome
    wait = wait_seconds(prefer, deps)
    if wait:
        event_type = await Consultations(deps.actions).decided(command_id, wait)  # raises if refused
        if event_type is not None:
            body.state, body.event_type = "accepted", event_type
            response.status_code = status.HTTP_200_OK
    return body


def consultations_router() -> APIRouter:
    router = APIRouter(prefix="/v1/consultations", tags=["consultations"])
    accepted = status.HTTP_202_ACCEPTED

    @router.post("", name="open_consultation",
                 status_code=accepted, responses=RESPONSES)
    async def open_consultation(body: DraftIn, principal: Caller, deps: Deps, request: Request,
                                response: Response, idempotency_key: OptionalIdempotencyKey = None,
                                prefer: PreferHeader = None) -> ConsultationCommandAccepted:
        """Put a draft to consultation: the drafting agency (its own drafts) or the city office."""
        consultation_id, command_id = await Consultations(deps.actions).open(principal, body, idempotency_key)
        return await _answer(deps, request, response, consultation_id, command_id, prefer)

    @router.put("/{consultation_id}", name="change_consultation",
                 status_code=accepted, responses=RESPONSES)
    async def change_consultation(consultation_id: ConsultationId, body: DraftIn, principal: Caller,
                                  deps: Deps, request: Request, response: Response,
                                  idempotency_key: OptionalIdempotencyKey = None,
                                  prefer: PreferHeader = None) -> ConsultationCommandAccepted:
        """The draft as it is to be, while the consultation is open (same agency, level and opening)."""
        command_id = await Consultations(deps.actions).change(principal, consultation_id, body, "",
                                                              idempotency_key)
        return await _answer(deps, request, response, consultation_id, command_id, prefer)

    @router.post("/{consultation_id}/close", name="close_consultation",
                 status_code=accepted, responses=RESPONSES)
    async def close_consultation(consultation_id: ConsultationId, principal: Caller, deps: Deps,
                                 request: Request, response: Response,
                                 idempotency_key: OptionalIdempotencyKey = None,
                                 prefer: PreferHeader = None) -> ConsultationCommandAccepted:
        """Close it (no earlier than announced): the summary and response are then due."""
        command_id = await Consultations(deps.actions).close(principal, consultation_id, idempotency_key)
        return await _answer(deps, request, response, consultation_id, command_id, prefer)

    @router.post("/{consultation_id}/response", name="publish_consultation_response",
                 status_code=accepted, responses=RESPONSES)
    async def publish_response(consultation_id: ConsultationId, body: ResponseIn, principal: Caller,
                               deps: Deps, request: Request, response: Response,
                               idempotency_key: OptionalIdempotencyKey = None,
                               prefer: PreferHeader = None) -> ConsultationCommandAccepted:
        """Publish the summary of comments and the response, once, after the close."""
        command_id = await Consultations(deps.actions).respond(principal, consultation_id, body,
                                                               idempotency_key)
        return await _answer(deps, request, response, consultation_id, command_id, prefer)

    @router.post("/{consultation_id}/comments", name="comment_on_consultation",
                 status_code=accepted, responses=RESPONSES)
    async def comment(consultation_id: ConsultationId, body: CommentIn, principal: Caller, deps: Deps,
                      request: Request, response: Response,
                      idempotency_key: OptionalIdempotencyKey = None,
                      prefer: PreferHeader = None) -> ConsultationCommandAccepted:
        """Comment on an open consultation (press and agency keys, or anyone as the public). After
        it closes the comment is refused: 409 with the reason in Vietnamese and English."""
        command_id = await Consultations(deps.actions).comment(principal, consultation_id, body,
                                                               idempotency_key)
        return await _answer(deps, request, response, consultation_id, command_id, prefer)

    return router
