"""REST resource `inquiries`: submit every kind, look up by id or tracking code, list one's own."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Body, Path, Query, Request, Response, status

from citycomm.v1 import common_pb2, reporting_pb2
from citycomm_intake.domain import access
from citycomm_intake.domain.filters import by_name
from citycomm_intake.domain.principals import Principal
from citycomm_intake.domain.submissions import FeedbackIn, Submission
from citycomm_intake.entrypoints.dependencies import (
    Authenticated,
    Caller,
    Deps,
    IdempotencyKey,
    OptionalIdempotencyKey,
    PreferHeader,
    wait_seconds,
)
from citycomm_intake.entrypoints.links import link
from citycomm_intake.entrypoints.problems import responses
from citycomm_intake.entrypoints.views import (
    CaseView,
    InquiryPage,
    Links,
    PublicInquiryView,
    SubmissionAccepted,
    case_view,
    inquiry_view,
    outcome_view,
    public_view,
)
from citycomm_intake.service_layer.actions import DECIDED
from citycomm_intake.service_layer.submissions import Receipt

InquiryId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[0-9A-Za-z-]+$")]
KindFilter = Literal[
    "press_request", "briefing_question", "media_alert", "citizen_feedback", "information_request"
]
EXAMPLE = {
    "kind": "citizen_feedback",
    "category": "noise",
    "ward": "Phường Sài Gòn",
    "title": "Karaoke",
    "description": "Hát karaoke ồn ào sau 22 giờ",
}


async def accepted(
    request: Request,
    response: Response,
    deps: Deps,
    receipt: Receipt,
    prefer: str | None,
    principal: Principal,
) -> SubmissionAccepted:
    # Only links the caller can follow: the outcome is read back with a key that sees the inquiry.
    outcome = access.sees_own_submissions(principal)
    links = Links(
        status=link(request, "track", "code", receipt.tracking_code),
        outcome=link(request, "command_outcome", "command_id", receipt.command_id) if outcome else None,
    )
    body = SubmissionAccepted(
        inquiry_id=receipt.inquiry_id,
        tracking_code=receipt.tracking_code,
        command_id=receipt.command_id,
        links=links,
    )
    wait = wait_seconds(prefer, deps)
    if wait:
        found = await deps.actions.wait_for_outcome(receipt.command_id, wait)
        if found is not None and found.outcome_state in DECIDED:
            body.outcome, response.status_code = outcome_view(found), status.HTTP_200_OK
    return body


def inquiries_router() -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["inquiries"])
    submit_errors = responses(400, 401, 403, 413, 422, 429, 503)

    @router.post("/inquiries", status_code=status.HTTP_202_ACCEPTED, responses=submit_errors)
    async def submit(
        submission: Annotated[Submission, Body(openapi_examples={"feedback": {"value": EXAMPLE}})],
        principal: Caller,
        deps: Deps,
        request: Request,
        response: Response,
        idempotency_key: IdempotencyKey,
        prefer: PreferHeader = None,
    ) -> SubmissionAccepted:
        """Submit an inquiry of any kind. 202 once the broker has acknowledged it (200 when
        `Prefer: wait=N` saw routing's decision). Citizens may submit feedback and information
        requests anonymously; press requests need a press agency key, briefing questions and
        media alerts the Press Center's."""
        receipt = await deps.submissions.submit(principal, submission, idempotency_key, channel="rest")
        return await accepted(request, response, deps, receipt, prefer, principal)

    @router.post("/feedback", status_code=status.HTTP_202_ACCEPTED, responses=submit_errors)
    async def submit_feedback(
        body: FeedbackIn,
        principal: Caller,
        deps: Deps,
        request: Request,
        response: Response,
        idempotency_key: OptionalIdempotencyKey = None,
        prefer: PreferHeader = None,
    ) -> SubmissionAccepted:
        """Phản ánh, kiến nghị (the first, feedback-only form of `POST /v1/inquiries`)."""
        receipt = await deps.submissions.submit(principal, body, idempotency_key, channel="rest")
        return await accepted(request, response, deps, receipt, prefer, principal)

    @router.get("/track/{code}", name="track", responses=responses(404, 429, 503))
    async def track(
        code: Annotated[str, Path(max_length=40)], principal: Caller, deps: Deps
    ) -> PublicInquiryView:
        """Where an inquiry stands, by its tracking code (open to anyone holding the code): its agency,
        deadline and answer; never who submitted it or the commands routing rejected."""
        return public_view(await deps.lookups.track(code))

    @router.get("/inquiries/{inquiry_id}", responses=responses(401, 404, 503))
    async def get_inquiry(inquiry_id: InquiryId, principal: Authenticated, deps: Deps) -> CaseView:
        """One inquiry, if the caller may see it (its submitter, its agencies, operators), with the
        case as assigned: description, kind-specific details, who asked; never personal data."""
        return case_view(await deps.lookups.inquiry(principal, inquiry_id))

    @router.get("/inquiries", responses=responses(401, 403, 422, 503))
    async def list_inquiries(
        principal: Authenticated,
        deps: Deps,
        status_filter: Annotated[
            str | None, Query(alias="status", max_length=32, pattern=r"^[a-z_]+$")
        ] = None,
        kind: KindFilter | None = None,
        page_size: Annotated[int, Query(ge=1, le=100)] = 50,
        page_token: Annotated[str | None, Query(max_length=500)] = None,
        agency_id: Annotated[
            str | None, Query(max_length=64, pattern=r"^[a-z0-9][a-z0-9-]*$", description="operators only")
        ] = None,
    ) -> InquiryPage:
        """The caller's own inquiries: a press agency's submissions, an agency's assignments."""
        lifecycle = by_name(common_pb2.LifecycleStatus, status_filter or "")
        inquiry_kind = by_name(common_pb2.InquiryKind, kind or "")
        request = reporting_pb2.ListInquiriesRequest(
            lifecycle_status=lifecycle or common_pb2.LIFECYCLE_STATUS_UNSPECIFIED,
            inquiry_kind=inquiry_kind or common_pb2.INQUIRY_KIND_UNSPECIFIED,
            page_size=page_size, page_token=page_token or "",
        )
        found = await deps.lookups.inquiries(
            principal, request, agency_id or "", matches_nothing=None in (lifecycle, inquiry_kind)
        )
        return InquiryPage(
            inquiries=[inquiry_view(s) for s in found.inquiries],
            next_page_token=found.next_page_token or None,
        )

    return router
