"""REST: operators and the coordinating office reassign, close and settle disputes; the submitter
disputes an answer. Like the agency actions: 202 with a command id, `Prefer: wait=N` for routing's
decision, `Idempotency-Key` to make a retry the same command."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status

from citycomm_intake.domain.oversight import CloseIn, DisputeIn, ReassignIn, SettleDisputeIn
from citycomm_intake.entrypoints.actions_api import ACTION_RESPONSES, record
from citycomm_intake.entrypoints.dependencies import (
    Authenticated,
    Deps,
    OptionalIdempotencyKey,
    PreferHeader,
)
from citycomm_intake.entrypoints.inquiries_api import InquiryId
from citycomm_intake.entrypoints.views import CommandAccepted


def oversight_router() -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["operator and coordinator actions"])
    accepted = status.HTTP_202_ACCEPTED

    @router.post("/inquiries/{inquiry_id}/reassign", status_code=accepted, responses=ACTION_RESPONSES)
    async def reassign(
        inquiry_id: InquiryId,
        body: ReassignIn,
        principal: Authenticated,
        deps: Deps,
        request: Request,
        response: Response,
        idempotency_key: OptionalIdempotencyKey = None,
        prefer: PreferHeader = None,
    ) -> CommandAccepted:
        """Operators and the coordinating office (an agency key of the directory's coordinator or its
        supervisor; 403 for others): place an open inquiry with a named agency, which gets a deadline
        counted from now. This is how an inquiry escalated to the coordinating office is placed."""
        return await record(deps, request, response, principal, inquiry_id, body, idempotency_key, prefer)

    @router.post("/inquiries/{inquiry_id}/close", status_code=accepted, responses=ACTION_RESPONSES)
    async def close(
        inquiry_id: InquiryId,
        body: CloseIn,
        principal: Authenticated,
        deps: Deps,
        request: Request,
        response: Response,
        idempotency_key: OptionalIdempotencyKey = None,
        prefer: PreferHeader = None,
    ) -> CommandAccepted:
        """Operators and the coordinating office: close an inquiry that is not closed, with a reason."""
        return await record(deps, request, response, principal, inquiry_id, body, idempotency_key, prefer)

    @router.post("/inquiries/{inquiry_id}/settle-dispute", status_code=accepted, responses=ACTION_RESPONSES)
    async def settle_dispute(
        inquiry_id: InquiryId,
        body: SettleDisputeIn,
        principal: Authenticated,
        deps: Deps,
        request: Request,
        response: Response,
        idempotency_key: OptionalIdempotencyKey = None,
        prefer: PreferHeader = None,
    ) -> CommandAccepted:
        """Operators and the coordinating office decide a dispute (the inquiry is `reopened`):
        `answer_stands` closes it with the disputed answer as final; `answer_again` assigns it anew
        to `agency_id` (default: the agency that answered) on a deadline counted from now."""
        return await record(deps, request, response, principal, inquiry_id, body, idempotency_key, prefer)

    @router.post("/inquiries/{inquiry_id}/dispute", status_code=accepted, responses=ACTION_RESPONSES)
    async def dispute(
        inquiry_id: InquiryId,
        body: DisputeIn,
        principal: Authenticated,
        deps: Deps,
        request: Request,
        response: Response,
        idempotency_key: OptionalIdempotencyKey = None,
        prefer: PreferHeader = None,
    ) -> CommandAccepted:
        """The submitter (its press agency or Press Center key) or an operator does not accept the
        answer: the inquiry reopens for the same agency until it answers again or the dispute is
        settled."""
        return await record(deps, request, response, principal, inquiry_id, body, idempotency_key, prefer)

    return router
