"""What the REST API answers: typed views of receipts, inquiries and command outcomes."""

from __future__ import annotations

from typing import Any

from google.protobuf.json_format import MessageToDict
from google.protobuf.message import Message
from pydantic import BaseModel

from citycomm.v1 import common_pb2, reporting_pb2
from citycomm_common.codec import rfc3339
from citycomm_common.contracts import from_timestamp, legacy_only
from citycomm_common.vocabulary import enum_name


class Links(BaseModel):
    status: str | None = None
    outcome: str | None = None
    inquiry: str | None = None


class SubmissionAccepted(BaseModel):
    """Recorded: the broker acknowledged the command. Keep the tracking code to follow it."""

    inquiry_id: str
    tracking_code: str
    command_id: str
    status: str = "submitted"
    outcome: CommandOutcomeView | None = None
    links: Links


class CommandAccepted(BaseModel):
    """The action is recorded; routing decides it (see `links.outcome`, or send `Prefer: wait=N`)."""

    command_id: str
    inquiry_id: str
    state: str = "recorded"
    reason: str | None = None
    event_type: str | None = None
    links: Links


class CommandOutcomeView(BaseModel):
    command_id: str
    inquiry_id: str | None = None
    state: str  # pending, accepted, rejected
    reason: str | None = None
    event_type: str | None = None


class PublicInquiryView(BaseModel):
    """What anyone holding the tracking code may know: no submitter, no rejected commands."""

    inquiry_id: str
    tracking_code: str | None = None
    kind: str | None = None
    status: str
    agency_id: str | None = None
    agency_name: str | None = None
    co_handling_agency_ids: list[str] = []
    due_at: str | None = None
    policy_id: str | None = None
    legal_basis: str | None = None
    overdue: bool = False
    received_at: str | None = None
    updated_at: str | None = None
    category: str | None = None
    ward_code: str | None = None
    title: str | None = None
    answer: str | None = None
    refused: bool = False
    refusal_ground: str | None = None
    answered_at: str | None = None


class InquiryView(PublicInquiryView):
    """For callers who may see the inquiry: also why routing last rejected a command on it."""

    last_rejection: str | None = None


class Asker(BaseModel):
    """The press agency that asked (its directory id when it is in the directory) and the journalist."""

    party_id: str | None = None
    party_name: str | None = None
    journalist: str | None = None


class Submitter(BaseModel):
    role: str | None = None
    id: str | None = None


class CaseView(InquiryView):
    """One inquiry read again by id: everything an agency needs to answer but personal data.

    A citizen's name, phone, e-mail and postal address reach the answering agency only in its
    `inquiry.assigned` webhook (docs/decisions/0061-assignment-carries-the-whole-case.md): no
    read-back serves them.
    """

    description: str | None = None
    details: dict[str, Any] = {}
    submitted_by: Submitter | None = None
    asked_by: Asker | None = None


class InquiryPage(BaseModel):
    inquiries: list[InquiryView]
    next_page_token: str | None = None


def _text(value: str) -> str | None:
    return value or None


def moment_text(message: Message, field: str) -> str:
    """A Timestamp field as this JSON has always shown it (RFC 3339 in UTC, as reporting's old text
    fields were); "" if unset."""
    return rfc3339(from_timestamp(getattr(message, field))) if message.HasField(field) else ""


def inquiry_view(s: reporting_pb2.InquiryStatus) -> InquiryView:
    """Never the submitter's identity or contact."""
    return InquiryView(**public_view(s).model_dump(), last_rejection=_text(s.last_rejection))


def public_view(s: reporting_pb2.InquiryStatus) -> PublicInquiryView:
    """A look-up by tracking code, open to anyone holding it."""
    return PublicInquiryView(
        inquiry_id=s.inquiry_id,
        tracking_code=_text(s.tracking_code),
        kind=enum_name(common_pb2.InquiryKind, s.kind) or None,
        status=enum_name(common_pb2.LifecycleStatus, s.lifecycle_status) or "unknown",
        agency_id=_text(s.agency_id),
        agency_name=_text(s.agency_name),
        co_handling_agency_ids=list(s.co_handling_agency_ids),
        due_at=_text(moment_text(s, "due_time")),
        policy_id=_text(s.policy_id),
        legal_basis=_text(s.legal_basis),
        overdue=s.overdue,
        received_at=_text(moment_text(s, "received_time")),
        updated_at=_text(moment_text(s, "updated_time")),
        category=_text(s.category),
        ward_code=_text(s.ward_code),
        title=_text(s.title),
        answer=_text(s.answer),
        refused=s.refused,
        refusal_ground=_text(s.refusal_ground),
        answered_at=_text(moment_text(s, "answered_time")),
    )


def case_view(s: reporting_pb2.InquiryStatus) -> CaseView:
    """For callers who may see the inquiry (access.may_see): never for a look-up by tracking code."""
    asker = MessageToDict(s.asked_by, preserving_proto_field_name=True)
    role = enum_name(common_pb2.Role, s.submitted_by.role)
    return CaseView(
        **inquiry_view(s).model_dump(),
        description=_text(s.description),
        details=_details(s.details),
        submitted_by=Submitter(role=role, id=_text(s.submitted_by.id)) if s.submitted_by.role else None,
        asked_by=Asker(**asker) if asker else None,
    )


def _details(details: common_pb2.InquiryDetails) -> dict[str, Any]:
    """The details in the shape they always had: event_at (RFC 3339 in UTC), not event_time."""
    shown = MessageToDict(legacy_only(details), preserving_proto_field_name=True)
    if details.HasField("event_time"):
        shown["event_at"] = moment_text(details, "event_time")
    return shown


def state_name(o: reporting_pb2.CommandOutcome) -> str:
    """`accepted`, `rejected` or `pending`; "" if reporting said nothing."""
    return enum_name(common_pb2.CommandOutcomeState, o.outcome_state)


def outcome_view(o: reporting_pb2.CommandOutcome) -> CommandOutcomeView:
    return CommandOutcomeView(
        command_id=o.command_id,
        inquiry_id=_text(o.inquiry_id),
        state=state_name(o) or "pending",
        reason=_text(o.reason),
        event_type=_text(o.event_type),
    )


SubmissionAccepted.model_rebuild()
