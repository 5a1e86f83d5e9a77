"""The webhook contract, generated from the proto: a JSON Schema per event type and an AsyncAPI 3
document for the set (decision 0077). Each schema describes exactly what domain.payloads writes."""

from __future__ import annotations

from functools import cache
from typing import Any

from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message

from citycomm.v1 import consultations_pb2, events_pb2, trends_pb2, webhooks_pb2
from citycomm_common.vocabulary import enum_name
from citycomm_notifications.domain.payloads import HEADLINES, TIMESTAMP, enum_type, is_map, map_value, plan

SCHEMA_DIALECT = "http://json-schema.org/draft-07/schema#"  # what AsyncAPI 3 tools read natively
TIME_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$"
CONTRACT_VERSION = "1.0.0"

# Event type → the message(s) its `data` is, and fields added beside the message's own.
EVENT_TYPES: dict[str, tuple[tuple[type[Message], ...], dict[str, Any]]] = {
    "inquiry.assigned": ((events_pb2.InquiryAssigned,), {"co_handling": {"type": "boolean"}}),
    "inquiry.deadline_extended": ((events_pb2.DeadlineExtended,), {}),
    "inquiry.reopened": ((events_pb2.InquiryReopened,), {}),
    "inquiry.escalated": ((events_pb2.InquiryEscalated, webhooks_pb2.StageNotice), {}),
    "command.rejected": ((events_pb2.CommandRejected,), {}),
    "inquiry.reminder": ((webhooks_pb2.StageNotice,), {}),
    "inquiry.overdue": ((webhooks_pb2.StageNotice,), {}),
    "agency.unreachable": ((webhooks_pb2.AgencyUnreachable,), {}),
    "digest.daily": ((webhooks_pb2.DailyDigest,), {}),
    "report.published": ((webhooks_pb2.ReportNotice,), {}),
    "trend.detected": ((trends_pb2.TrendDetected,), {}),
    "trend.updated": ((trends_pb2.TrendUpdated,), {}),
    "trend.ended": ((trends_pb2.TrendEnded,), {}),
    "consultation.opened": ((consultations_pb2.ConsultationOpened,), {}),
    "consultation.changed": ((consultations_pb2.ConsultationChanged,), {}),
    "consultation.closed": ((consultations_pb2.ConsultationClosed,), {}),
    "consultation.comment_received": ((consultations_pb2.ConsultationCommentReceived,), {}),
    "consultation.response_published": ((consultations_pb2.ConsultationResponsePublished,), {}),
    "ping": ((webhooks_pb2.Ping,), {}),
    **{f"submission.{step}": ((webhooks_pb2.SubmissionProgress,), {})
       for step in ("acknowledged", "answered", "transferred", "deadline_extended", "overdue")},
}

_SCALARS: dict[int, dict[str, Any]] = {
    FieldDescriptor.TYPE_BOOL: {"type": "boolean"},
    FieldDescriptor.TYPE_DOUBLE: {"type": "number"}, FieldDescriptor.TYPE_FLOAT: {"type": "number"},
    FieldDescriptor.TYPE_STRING: {"type": ["string", "null"]}, FieldDescriptor.TYPE_BYTES: {"type": "string"},
}
_HEADLINE = {"type": "object", "additionalProperties": False, "required": ["vi", "en"],
             "properties": {"vi": {"type": "string"}, "en": {"type": "string"}}}


def _single(field: FieldDescriptor, definitions: dict[str, Any]) -> dict[str, Any]:
    if field.message_type is not None:
        if field.message_type.full_name == TIMESTAMP:
            return {"type": ["string", "null"], "format": "date-time", "pattern": TIME_PATTERN}
        name = _define(field.message_type, definitions)
        return {"anyOf": [{"$ref": f"#/definitions/{name}"}, {"type": "null"}]}
    if field.enum_type is not None:
        names = [n for v in field.enum_type.values if (n := enum_name(enum_type(field.enum_type), v.number))]
        return {"type": ["string", "null"], "enum": [*names, None]}
    return dict(_SCALARS.get(field.type, {"type": "integer"}))


def _field(field: FieldDescriptor, definitions: dict[str, Any]) -> dict[str, Any]:
    if is_map(field):
        return {"type": "object", "additionalProperties": _single(map_value(field), definitions)}
    if field.is_repeated:
        return {"type": "array", "items": _single(field, definitions)}
    return _single(field, definitions)


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False, "required": list(properties),
            "properties": properties}


def _define(descriptor: Descriptor, definitions: dict[str, Any]) -> str:
    name = descriptor.full_name
    if name not in definitions:
        definitions[name] = {}  # placeholder: a message may contain itself
        definitions[name] = _object({written: _field(f, definitions) for written, f in plan(descriptor)})
    return name


def _data(descriptor: Descriptor, extras: dict[str, Any], definitions: dict[str, Any]) -> dict[str, Any]:
    own = {written: _field(f, definitions) for written, f in plan(descriptor)}
    return _object({"headline": _HEADLINE, **own, **extras})


@cache
def _schema(event_type: str) -> dict[str, Any]:
    messages, extras = EVENT_TYPES[event_type]
    descriptors: list[Any] = [m.DESCRIPTOR for m in messages]  # the stubs type it as a union
    definitions: dict[str, Any] = {}
    variants = [_data(d, extras, definitions) for d in descriptors]
    vi, en = HEADLINES[event_type]
    return {
        "$schema": SCHEMA_DIALECT, "$id": f"{event_type}.json", "title": f"CityComm webhook {event_type}",
        "description": f"{en} / {vi}. Data: {' or '.join(d.full_name for d in descriptors)} "
                       "(proto/citycomm/v1), rendered as docs/webhooks.md says.",
        "type": "object", "additionalProperties": False, "required": ["type", "timestamp", "data"],
        "properties": {"type": {"const": event_type},
                       "timestamp": {"type": "string", "format": "date-time", "pattern": TIME_PATTERN},
                       "data": variants[0] if len(variants) == 1 else {"oneOf": variants}},
        "definitions": dict(sorted(definitions.items())),
    }


def schema(event_type: str) -> dict[str, Any]:
    """The JSON Schema of a whole webhook body of this type (KeyError for a type we do not send)."""
    return _schema(event_type)


def schemas() -> dict[str, dict[str, Any]]:
    return {event_type: schema(event_type) for event_type in sorted(EVENT_TYPES)}
