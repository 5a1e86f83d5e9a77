"""What agencies are told, and in which words: lifecycle events become webhook notices."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from google.protobuf.json_format import MessageToDict

from citycomm.v1 import events_pb2
from citycomm_common.codec import Envelope


@dataclass(frozen=True)
class Notice:
    """One message to one agency: the Standard Webhooks `type` and `data`."""

    type: str
    agency_id: str
    inquiry_id: str
    data: dict[str, Any]


def _fields(message: Any) -> dict[str, Any]:
    return MessageToDict(message, preserving_proto_field_name=True)


def assigned_notice(event: events_pb2.InquiryAssigned) -> Notice:
    data = _fields(event)
    data["kind"] = data.get("kind", "").removeprefix("INQUIRY_KIND_").lower()
    return Notice("inquiry.assigned", event.agency_id, event.inquiry_id, data)


def notices_for(envelope: Envelope) -> list[Notice]:
    message = envelope.message
    if isinstance(message, events_pb2.InquiryAssigned):
        return [assigned_notice(message)]
    return []
