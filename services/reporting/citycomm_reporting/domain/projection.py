"""How each event changes an inquiry's row in the read model: plain functions, no SQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from google.protobuf.message import Message

from citycomm.v1 import events_pb2


def _moment(text: str) -> datetime | None:
    """Stored in UTC: SQLite keeps no offsets, so every moment is normalised before it is written."""
    return datetime.fromisoformat(text).astimezone(UTC) if text else None


def _kind(value: int) -> str:
    from citycomm.v1 import common_pb2

    return common_pb2.InquiryKind.Name(value).removeprefix("INQUIRY_KIND_").lower()


def submitted_row(event: events_pb2.InquirySubmitted) -> dict[str, Any]:
    return {
        "tracking_code": event.tracking_code, "kind": _kind(event.kind), "status": "submitted",
        "received_at": _moment(event.received_at), "category": event.category,
        "ward_code": event.ward_code, "title": event.title, "channel": event.channel,
        "submitter_role": event.submitted_by.role and str(event.submitted_by.role),
        "submitter_id": event.submitted_by.id,
    }


def assigned_row(event: events_pb2.InquiryAssigned) -> dict[str, Any]:
    return {
        "tracking_code": event.tracking_code, "kind": _kind(event.kind), "status": "assigned",
        "agency_id": event.agency_id, "due_at": _moment(event.deadline.due_at),
        "policy_id": event.deadline.policy_id, "legal_basis": event.deadline.legal_basis,
        "category": event.category, "ward_code": event.ward_code, "title": event.title,
    }


ROW_CHANGES = {
    events_pb2.InquirySubmitted: submitted_row,
    events_pb2.InquiryAssigned: assigned_row,
}


def row_change(message: Message) -> dict[str, Any] | None:
    """The columns an event sets on its inquiry's row, or None if it only joins the history."""
    change = ROW_CHANGES.get(type(message))  # type: ignore[call-overload]
    return change(message) if change else None


STATUS_RANK = {"submitted": 0, "assigned": 1}


def keeps_newer_status(current: str | None, incoming: str) -> bool:
    """Out-of-order redelivery must not move an inquiry back to an earlier status."""
    return current is not None and STATUS_RANK.get(current, 99) > STATUS_RANK.get(incoming, 0)
