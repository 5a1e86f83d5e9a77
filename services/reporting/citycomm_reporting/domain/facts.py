"""One event as the read model keeps it: type, when, who, a one-line summary, data without contact.

The read model works from the event's typed fields (`Fact.message`: Timestamps and enums, filled by
the codec even for records written the old way). What it stores (`Fact.data`, the audit trail's
JSON) keeps the shape it has always had, the previous release's (`contracts.legacy_only`), and is
read back through `stored_event`, which fills the typed fields again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar, overload

from google.protobuf.json_format import MessageToDict, ParseDict
from google.protobuf.message import Message

from citycomm.v1 import common_pb2
from citycomm_common.codec import MESSAGE_TYPES
from citycomm_common.contracts import from_timestamp, legacy_only, legacy_text, upgrade
from citycomm_common.vocabulary import enum_name

M = TypeVar("M", bound=Message)
PACKAGE = "citycomm.v1"

# Citizens' personal data never enters the read model (design.md §7).
PRIVATE_FIELDS = ("contact",)

# When each event type happened, in its own words (ce_time is only when it was written).
OCCURRED_AT = {
    "InquirySubmitted": "received_time", "InquiryAssigned": "assigned_time",
    "InquiryAcknowledged": "acknowledged_time", "InquiryAnswered": "answered_time",
    "TransferRequested": "requested_time", "DeadlineExtended": "extended_time",
    "InquiryReopened": "reopened_time", "InquiryClosed": "closed_time",
    "InquiryEscalated": "escalated_time", "CommandRejected": "rejected_time",
    "NoticeSent": "sent_time", "WebhookDelivered": "delivered_time", "WebhookFailed": "failed_time",
    "DisputeSettled": "settled_time",
    # Consultations (issue 20, domain/consultations.py)
    "ConsultationOpened": "opened_time", "ConsultationChanged": "changed_time",
    "ConsultationCommentReceived": "received_time", "ConsultationCommandRefused": "refused_time",
    "ConsultationClosed": "closed_time", "ConsultationResponsePublished": "published_time",
}


@dataclass(frozen=True)
class Fact:
    event_id: str
    inquiry_id: str
    type: str  # short name: InquiryAnswered
    occurred_at: datetime
    message: Message  # the event without contact, its typed fields filled
    data: dict[str, Any]  # the event as stored: the previous release's JSON shape, without contact
    actor_role: str = ""
    actor_id: str = ""
    command_id: str = ""
    source: str = ""

    @property
    def summary(self) -> str:
        return summarise(self.message)


def moment(message: Message, field: str) -> datetime | None:
    """A Timestamp field in UTC, None if unset: SQLite keeps no offsets, so every moment is
    normalised before it is written."""
    return from_timestamp(getattr(message, field)).astimezone(UTC) if message.HasField(field) else None


@overload
def utc(value: datetime) -> datetime: ...
@overload
def utc(value: None) -> None: ...
def utc(value: datetime | None) -> datetime | None:
    """A moment read back from SQL: naive ones (SQLite) are UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _without_private(message: M) -> M:
    kept = type(message)()
    kept.CopyFrom(message)
    for field in PRIVATE_FIELDS:
        if field in kept.DESCRIPTOR.fields_by_name:
            kept.ClearField(field)
    return kept


def stored_data(message: Message) -> dict[str, Any]:
    """The event's JSON as the audit trail keeps it (and always has): old field names and RFC 3339
    strings, no Timestamps or enum twins, no contact."""
    return MessageToDict(legacy_only(message), preserving_proto_field_name=True)


def stored_as(message_type: type[M], data: dict[str, Any]) -> M:
    """An event of `message_type` read back from the audit trail, its typed fields filled."""
    return upgrade(ParseDict(data, message_type(), ignore_unknown_fields=True))


def stored_event(type_name: str, data: dict[str, Any]) -> Message:
    """An event read back from the audit trail (by its full or short type name)."""
    full = type_name if "." in type_name else f"{PACKAGE}.{type_name}"
    return stored_as(MESSAGE_TYPES[full], data)


def _actor(message: Message) -> tuple[str, str]:
    # An assignment names its submitter too (for the agency), but routing made it: the system's.
    field = "submitted_by" if message.DESCRIPTOR.name == "InquirySubmitted" else "actor"
    if field in message.DESCRIPTOR.fields_by_name and message.HasField(field):
        actor = getattr(message, field)
        return enum_name(common_pb2.Role, actor.role), actor.id
    return "system", ""


def _text(message: Message, field: str) -> str:
    return str(getattr(message, field)) if field in message.DESCRIPTOR.fields_by_name else ""


def fact_from(message: Message, *, event_id: str, subject: str, written_at: datetime,
              source: str = "") -> Fact:
    """An event as the codec decoded it (typed fields filled), for the read model."""
    kept = _without_private(message)
    name = message.DESCRIPTOR.name
    occurred = moment(kept, OCCURRED_AT[name]) if name in OCCURRED_AT else None
    role, actor_id = _actor(kept)
    return Fact(event_id=event_id, inquiry_id=_text(kept, "inquiry_id") or subject, type=name,
                occurred_at=occurred or written_at.astimezone(UTC), message=kept,
                data=stored_data(kept), actor_role=role, actor_id=actor_id,
                command_id=_text(kept, "command_id"), source=source)


def _due(deadline: common_pb2.Deadline) -> str:
    """A deadline as the audit trail has always written it (the city's offset), or '?'."""
    return legacy_text(from_timestamp(deadline.due_time)) if deadline.HasField("due_time") else "?"


def summarise(message: Message) -> str:
    """A line for the audit trail; never carries personal data."""
    m: Any = message  # each line reads the fields of its own event type
    agency = _text(message, "agency_id")
    lines: dict[str, Callable[[], str]] = {
        "InquirySubmitted": lambda: f"received via {m.channel or '?'}",
        "InquiryAssigned": lambda: f"assigned to {agency}, due {_due(m.deadline)}",
        "InquiryAcknowledged": lambda: f"acknowledged by {agency}",
        "InquiryAnswered": lambda: ("refused by " if m.refused else "answered by ") + agency,
        "TransferRequested": lambda: f"{agency} asked for a transfer: {m.reason}",
        "DeadlineExtended": lambda: f"deadline extended to {_due(m.deadline)}",
        "InquiryReopened": lambda: f"reopened: {m.reason}",
        "InquiryClosed": lambda: f"closed: {m.reason}",
        "DisputeSettled": lambda: _settled(m),
        "InquiryEscalated": lambda: f"escalated to {', '.join(m.escalated_to)}",
        "CommandRejected": lambda: f"{m.command_type or 'command'} rejected: {m.reason}",
        "NoticeSent": lambda: f"{m.stage or 'notice'} sent to {', '.join(m.recipients)}",
        "WebhookDelivered": lambda: f"{m.event_type} delivered to {m.endpoint_id}",
        "WebhookFailed": lambda: f"{m.event_type} failed at {m.endpoint_id}",
        "ConsultationOpened": lambda: f"consultation opened by {m.draft.drafting_agency_id}",
        "ConsultationCommentReceived": lambda: f"comment for {m.drafting_agency_id}",
        "ConsultationClosed": lambda: f"consultation closed, {m.comments} comments",
        "ConsultationResponsePublished": lambda: "response published" + ("" if m.on_time else " late"),
        "ConsultationCommandRefused": lambda: f"refused: {m.code}",
    }
    kind = message.DESCRIPTOR.name
    return lines[kind]() if kind in lines else kind


def _settled(settled: Any) -> str:
    if settled.resolution == common_pb2.DISPUTE_RESOLUTION_ANSWER_STANDS:
        return f"dispute settled, the answer stands: {settled.reason}"
    return f"dispute settled, {settled.agency_id} answers again: {settled.reason}"
