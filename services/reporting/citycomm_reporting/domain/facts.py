"""One event as the read model keeps it: type, when, who, a one-line summary, data without contact."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from google.protobuf.json_format import MessageToDict
from google.protobuf.message import Message

from citycomm.v1 import common_pb2
from citycomm_common.vocabulary import enum_name

# Citizens' personal data never enters the read model (design.md §7).
PRIVATE_FIELDS = ("contact",)

# When each event type happened, in its own words (ce_time is only when it was written).
MOMENT_FIELDS = ("received_at", "assigned_at", "acknowledged_at", "answered_at", "requested_at",
                 "extended_at", "reopened_at", "closed_at", "escalated_at", "rejected_at",
                 "sent_at", "delivered_at", "failed_at", "settled_at")


@dataclass(frozen=True)
class Fact:
    event_id: str
    inquiry_id: str
    type: str  # short name: InquiryAnswered
    occurred_at: datetime
    data: dict[str, Any]
    actor_role: str = ""
    actor_id: str = ""
    command_id: str = ""
    source: str = ""

    @property
    def summary(self) -> str:
        return summarise(self.type, self.data)


def moment(text: str | None) -> datetime | None:
    """Stored in UTC: SQLite keeps no offsets, so every moment is normalised before it is written."""
    return datetime.fromisoformat(text).astimezone(UTC) if text else None


def utc(value: datetime | None) -> datetime | None:
    """A moment read back from SQL: naive ones (SQLite) are UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _actor(message: Message) -> tuple[str, str]:
    # An assignment names its submitter too (for the agency), but routing made it: the system's.
    field = "submitted_by" if message.DESCRIPTOR.name == "InquirySubmitted" else "actor"
    if field in message.DESCRIPTOR.fields_by_name and message.HasField(field):
        actor = getattr(message, field)
        return enum_name(common_pb2.Role, actor.role), actor.id
    return "system", ""


def fact_from(message: Message, *, event_id: str, subject: str, written_at: datetime,
              source: str = "") -> Fact:
    data = MessageToDict(message, preserving_proto_field_name=True)
    for field in PRIVATE_FIELDS:
        data.pop(field, None)
    stamp = next((data[f] for f in MOMENT_FIELDS if data.get(f)), None)
    role, actor_id = _actor(message)
    return Fact(event_id=event_id, inquiry_id=data.get("inquiry_id") or subject,
                type=message.DESCRIPTOR.name, occurred_at=moment(stamp) or written_at.astimezone(UTC),
                data=data, actor_role=role, actor_id=actor_id, command_id=data.get("command_id", ""),
                source=source)


def summarise(kind: str, data: dict[str, Any]) -> str:
    """A line for the audit trail; never carries personal data."""
    agency = data.get("agency_id", "")
    lines: dict[str, str] = {
        "InquirySubmitted": f"received via {data.get('channel', '?')}",
        "InquiryAssigned": f"assigned to {agency}, due {data.get('deadline', {}).get('due_at', '?')}",
        "InquiryAcknowledged": f"acknowledged by {agency}",
        "InquiryAnswered": ("refused by " if data.get("refused") else "answered by ") + agency,
        "TransferRequested": f"{agency} asked for a transfer: {data.get('reason', '')}",
        "DeadlineExtended": f"deadline extended to {data.get('deadline', {}).get('due_at', '?')}",
        "InquiryReopened": f"reopened: {data.get('reason', '')}",
        "InquiryClosed": f"closed: {data.get('reason', '')}",
        "DisputeSettled": _settled(data),
        "InquiryEscalated": f"escalated to {', '.join(data.get('escalated_to', []))}",
        "CommandRejected": f"{data.get('command_type', 'command')} rejected: {data.get('reason', '')}",
        "NoticeSent": f"{data.get('stage', 'notice')} sent to {', '.join(data.get('recipients', []))}",
        "WebhookDelivered": f"{data.get('event_type', '')} delivered to {data.get('endpoint_id', '')}",
        "WebhookFailed": f"{data.get('event_type', '')} failed at {data.get('endpoint_id', '')}",
    }
    return lines.get(kind, kind)


def _settled(data: dict[str, Any]) -> str:
    if data.get("resolution") == "DISPUTE_RESOLUTION_ANSWER_STANDS":
        return f"dispute settled, the answer stands: {data.get('reason', '')}"
    return f"dispute settled, {data.get('agency_id', '')} answers again: {data.get('reason', '')}"
