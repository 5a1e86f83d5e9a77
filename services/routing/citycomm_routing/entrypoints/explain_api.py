"""GET/POST /v1/routing/explain: the decision routing would take for a hypothetical inquiry, and why."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query
from google.protobuf.timestamp_pb2 import Timestamp
from pydantic import BaseModel, Field

from citycomm.v1 import commands_pb2, common_pb2
from citycomm_common.contracts import from_timestamp, to_timestamp
from citycomm_common.moments import Moment
from citycomm_common.problems import responses
from citycomm_common.vocabulary import enum_value
from citycomm_common.wards import AmbiguousWard, UnknownWard, hcmc_wards
from citycomm_routing.domain.rules import Kind
from citycomm_routing.entrypoints.directory_api import MAX_BODY_BYTES
from citycomm_routing.service_layer.explanations import Explanation, Explanations


class HypotheticalInquiry(BaseModel):
    kind: Kind = "citizen_feedback"
    category: str = Field(default="", max_length=64)
    ward: str = Field(default="", max_length=100, description="official code or name")
    title: str = Field(default="", max_length=500)
    description: str = Field(default="", max_length=5000)
    submitted_by: str = Field(default="", max_length=64, description="press agency id")
    target_agency_id: str = Field(default="", max_length=64)
    received_at: Moment | None = None
    attributes: dict[str, str] = Field(default_factory=dict, max_length=10)
    excluded: list[str] = Field(default_factory=list, max_length=20,
                                description="agencies that declined it")


def _submission(inquiry: HypotheticalInquiry, received: datetime) -> commands_pb2.SubmitInquiry:
    try:
        ward = hcmc_wards().resolve(inquiry.ward).code if inquiry.ward else ""
    except (UnknownWard, AmbiguousWard) as error:
        raise HTTPException(422, str(error)) from None
    role = common_pb2.ROLE_PRESS_AGENCY if inquiry.submitted_by else common_pb2.ROLE_CITIZEN
    return commands_pb2.SubmitInquiry(
        kind=enum_value(common_pb2.InquiryKind, inquiry.kind),
        category=inquiry.category, ward_code=ward, title=inquiry.title,
        description=inquiry.description, target_agency_id=inquiry.target_agency_id,
        submitted_by=common_pb2.Actor(role=role, id=inquiry.submitted_by),
        received_time=to_timestamp(received), attributes=inquiry.attributes)


def explain_router(explanations: Explanations) -> APIRouter:
    router = APIRouter(prefix="/v1/routing", tags=["routing"], max_body_size=MAX_BODY_BYTES)

    def explain(inquiry: HypotheticalInquiry) -> dict[str, Any]:
        submission = _submission(inquiry, explanations.received(inquiry.received_at))
        return _answer(explanations.explain(submission, inquiry.excluded))

    @router.get("/explain", responses=responses(422))
    async def explain_get(inquiry: Annotated[HypotheticalInquiry, Query()]) -> dict[str, Any]:
        return explain(inquiry)

    @router.post("/explain", responses=responses(400, 413, 422))
    async def explain_post(inquiry: HypotheticalInquiry) -> dict[str, Any]:
        return explain(inquiry)

    return router


def _answer(found: Explanation) -> dict[str, Any]:
    decision, due = found.decision, found.deadline
    return {
        "agency_id": decision.agency_id,
        "agency_name": found.agency_name,
        "co_handling_agency_ids": list(decision.co_handling),
        "rule_id": decision.rule_id,
        "reason": decision.reason,
        "deadline": None if due is None else {"policy_id": due.policy_id,
                                              "legal_basis": due.legal_basis,
                                              "due_at": _city_time(due.due_time)},
        "deadline_problem": found.deadline_problem,
        "trace": [{"rule_id": t.rule_id, "matched": t.matched, "why": t.why} for t in found.trace],
    }


def _city_time(stamp: Timestamp) -> str:
    """RFC 3339 with the city's offset, as the deadline's due_at has always been shown."""
    return from_timestamp(stamp).isoformat()
