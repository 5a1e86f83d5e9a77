"""The commands intake records on inquiry.commands: submissions and agency actions."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypedDict

from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from citycomm.v1 import commands_pb2, common_pb2
from citycomm_common.codec import derived_id, rfc3339
from citycomm_common.contracts import to_timestamp
from citycomm_intake.domain.actions import AcknowledgeIn, AnswerIn, ExtensionIn, TransferIn
from citycomm_intake.domain.fields import ContactIn, url_text
from citycomm_intake.domain.oversight import CloseIn, DisputeIn, ReassignIn, SettleDisputeIn
from citycomm_intake.domain.submissions import (
    AnySubmission,
    BriefingQuestionIn,
    CitizenFeedbackIn,
    FeedbackIn,
    InformationRequestIn,
    MediaAlertIn,
    PressRequestIn,
)

KINDS = {
    "press_request": common_pb2.INQUIRY_KIND_PRESS_REQUEST,
    "briefing_question": common_pb2.INQUIRY_KIND_BRIEFING_QUESTION,
    "media_alert": common_pb2.INQUIRY_KIND_MEDIA_ALERT,
    "citizen_feedback": common_pb2.INQUIRY_KIND_CITIZEN_FEEDBACK,
    "information_request": common_pb2.INQUIRY_KIND_INFORMATION_REQUEST,
}


def kind_of(submission: AnySubmission | FeedbackIn) -> str:
    return getattr(submission, "kind", "citizen_feedback")


def attributes(submission: AnySubmission | FeedbackIn) -> dict[str, str]:
    """Kind-specific data; deadline-selecting names are exactly those of deadline-policies.yaml.

    A selecting flag is written only when true: its absence is the policy default (false).
    """
    match submission:
        case PressRequestIn():
            flags = {
                "answer_on_press": submission.answer_on_press,
                "petition_follow_up": submission.petition_follow_up,
            }
            extra = {"links": "\n".join(url_text(submission.links))} if submission.links else {}
            return {name: "true" for name, on in flags.items() if on} | extra | _journalist(submission)
        case BriefingQuestionIn():
            asked = {"asked_by": submission.asked_by} if submission.asked_by else {}
            return {"briefing_date": submission.briefing_date.isoformat()} | asked | _journalist(submission)
        case MediaAlertIn():
            # attributes are text, with no typed twin: routing reads event_at as RFC 3339
            detected = {"event_at": rfc3339(submission.detected_at)} if submission.detected_at else {}
            return {"urgent": "true", "source_urls": "\n".join(url_text(submission.source_urls))} | detected
        case InformationRequestIn():
            return {"channel": submission.channel, "complexity": submission.complexity}
    return {}


def _journalist(submission: PressRequestIn | BriefingQuestionIn) -> dict[str, str]:
    return {"journalist": submission.journalist} if submission.journalist else {}


def _description(submission: AnySubmission | FeedbackIn) -> str:
    return str(getattr(submission, "question", None) or getattr(submission, "description", ""))


def _contact(submission: AnySubmission | FeedbackIn) -> common_pb2.Contact:
    contact: ContactIn | None = None
    if isinstance(submission, FeedbackIn | CitizenFeedbackIn | PressRequestIn):
        contact = submission.contact
    elif isinstance(submission, InformationRequestIn):
        contact = submission.requester
    contact = contact or ContactIn()
    address = submission.postal_address if isinstance(submission, InformationRequestIn) else None
    return common_pb2.Contact(
        name=contact.name or "", phone=contact.phone or "", email=str(contact.email or ""),
        postal_address=address or "", language=contact.language or "",
    )


def submit_command(
    submission: AnySubmission | FeedbackIn,
    *,
    inquiry: str,
    code: str,
    ward_code: str,
    actor: common_pb2.Actor,
    channel: str,
    received: datetime,
) -> commands_pb2.SubmitInquiry:
    return commands_pb2.SubmitInquiry(
        command_id=derived_id(inquiry, "submit"),
        inquiry_id=inquiry,
        tracking_code=code,
        kind=KINDS[kind_of(submission)],
        submitted_by=actor,
        received_time=to_timestamp(received),
        channel=channel,
        title=submission.title,
        description=_description(submission),
        category=getattr(submission, "category", None) or "",
        ward_code=ward_code,
        contact=_contact(submission),
        target_agency_id=getattr(submission, "agency_id", None) or "",
        attributes=attributes(submission),
    )


RESOLUTIONS = {
    "answer_stands": common_pb2.DISPUTE_RESOLUTION_ANSWER_STANDS,
    "answer_again": common_pb2.DISPUTE_RESOLUTION_ANSWER_AGAIN,
}
AgencyAction = AcknowledgeIn | AnswerIn | TransferIn | ExtensionIn
Action = AgencyAction | ReassignIn | CloseIn | SettleDisputeIn | DisputeIn


class _ActionCommon(TypedDict):
    """The fields every action's command carries."""

    command_id: str
    inquiry_id: str
    actor: common_pb2.Actor
    issued_time: Timestamp


def action_command(
    action: Action,
    *,
    command_id: str,
    inquiry: str,
    actor: common_pb2.Actor,
    issued: datetime,
) -> Message:
    common: _ActionCommon = {"command_id": command_id, "inquiry_id": inquiry, "actor": actor,
                             "issued_time": to_timestamp(issued)}
    command: Message = _action_message(action, common)  # the generated classes are Any to mypy
    return command


def _action_message(action: Action, common: _ActionCommon) -> Any:
    match action:
        case AcknowledgeIn():
            return commands_pb2.AcknowledgeInquiry(**common, note=action.note or "")
        case AnswerIn():
            return commands_pb2.AnswerInquiry(
                **common,
                answer=action.answer,
                links=url_text(action.links),
                refused=action.refused,
                refusal_ground=action.refusal_ground or "",
            )
        case TransferIn():
            return commands_pb2.RequestTransfer(
                **common, reason=action.reason, suggested_agency_id=action.suggested_agency_id or ""
            )
        case ExtensionIn():
            return commands_pb2.RequestExtension(**common, reason=action.reason)
        case ReassignIn():
            return commands_pb2.ReassignInquiry(**common, agency_id=action.agency_id, reason=action.reason)
        case CloseIn():
            return commands_pb2.CloseInquiry(**common, reason=action.reason)
        case SettleDisputeIn():
            return commands_pb2.SettleDispute(
                **common,
                resolution=RESOLUTIONS[action.resolution],
                reason=action.reason,
                agency_id=action.agency_id or "",
            )
        case DisputeIn():
            return commands_pb2.DisputeAnswer(**common, reason=action.reason)
    raise TypeError(f"not an action on an inquiry: {type(action).__name__}")
