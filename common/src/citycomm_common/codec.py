"""Kafka records as CloudEvents binary-mode messages carrying protobuf values (design.md §3)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from google.protobuf.message import DecodeError as ProtobufDecodeError
from google.protobuf.message import Message
from opentelemetry import propagate

from citycomm.v1 import commands_pb2, consultations_pb2, directory_pb2, events_pb2, trends_pb2
from citycomm_common.contracts import parse, serialize

CONTENT_TYPE = "application/protobuf"
SPEC_VERSION = "1.0"
ID_NAMESPACE = uuid.UUID("5b0c3c8e-8f0e-4a59-9d35-1f4f0c0a7c11")

Headers = list[tuple[str, bytes]]
AnyHeaders = Mapping[str, bytes] | Iterable[tuple[str, bytes]] | None


def _registry() -> dict[str, type[Message]]:
    modules = (commands_pb2, events_pb2, directory_pb2, consultations_pb2, trends_pb2)
    return {
        desc.full_name: getattr(module, name)
        for module in modules
        for name, desc in module.DESCRIPTOR.message_types_by_name.items()
    }


MESSAGE_TYPES: dict[str, type[Message]] = _registry()


class UndecodableRecord(ValueError):
    """A record we cannot read; the reason says why, for the dead-letter topic."""


@dataclass(frozen=True)
class Record:
    key: bytes
    value: bytes
    headers: Headers


@dataclass(frozen=True)
class Envelope:
    id: str
    type: str
    source: str
    subject: str
    time: datetime
    message: Message
    headers: Mapping[str, bytes]


def type_of(message: Message) -> str:
    return message.DESCRIPTOR.full_name


def derived_id(*parts: str) -> str:
    """A stable id for what is derived from the same inputs, so redelivery repeats the id."""
    return str(uuid.uuid5(ID_NAMESPACE, "/".join(parts)))


def rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def encode(
    message: Message,
    *,
    source: str,
    subject: str,
    event_id: str | None = None,
    time: datetime | None = None,
) -> Record:
    """Frame a protobuf message as a record keyed by its subject, with the current trace context."""
    return frame(serialize(message), type_of(message), source=source, subject=subject,
                 event_id=event_id, time=time)


def frame(
    payload: bytes,
    type_name: str,
    *,
    source: str,
    subject: str,
    event_id: str | None = None,
    time: datetime | None = None,
) -> Record:
    """`encode` for a message already serialized (as `contracts.serialize` writes it), whose
    protobuf full name is `type_name`: what routing re-sends from its remembered decisions."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    headers: Headers = [
        ("ce_specversion", SPEC_VERSION.encode()),
        ("ce_id", (event_id or str(uuid.uuid4())).encode()),
        ("ce_source", source.encode()),
        ("ce_type", type_name.encode()),
        ("ce_time", rfc3339(time or datetime.now(UTC)).encode()),
        ("ce_subject", subject.encode()),
        ("content-type", CONTENT_TYPE.encode()),
        *((name, value.encode()) for name, value in carrier.items()),
    ]
    return Record(key=subject.encode(), value=payload, headers=headers)


def header_map(headers: AnyHeaders) -> dict[str, bytes]:
    if headers is None:
        return {}
    items = headers.items() if isinstance(headers, Mapping) else headers
    return {name.lower(): bytes(value) for name, value in items}


def _text(headers: Mapping[str, bytes], name: str) -> str:
    try:
        return headers[name].decode()
    except KeyError:
        raise UndecodableRecord(f"missing header {name}") from None
    except UnicodeDecodeError:
        raise UndecodableRecord(f"header {name} is not UTF-8") from None


def decode(value: bytes | None, headers: AnyHeaders) -> Envelope:
    """Read a record we (or any CloudEvents producer) wrote; raise UndecodableRecord otherwise."""
    found = header_map(headers)
    if _text(found, "ce_specversion") != SPEC_VERSION:
        raise UndecodableRecord("unsupported CloudEvents specversion")
    if _text(found, "content-type") != CONTENT_TYPE:
        raise UndecodableRecord("content-type is not application/protobuf")
    event_type = _text(found, "ce_type")
    message_class = MESSAGE_TYPES.get(event_type)
    if message_class is None:
        raise UndecodableRecord(f"unknown event type {event_type}")
    try:
        time = datetime.fromisoformat(_text(found, "ce_time"))
        message = parse(message_class, value or b"")
    except (ValueError, ProtobufDecodeError) as exc:
        raise UndecodableRecord(f"bad {event_type} record: {exc}") from None
    return Envelope(
        id=_text(found, "ce_id"),
        type=event_type,
        source=_text(found, "ce_source"),
        subject=found.get("ce_subject", b"").decode(errors="replace"),
        time=time,
        message=message,
        headers=found,
    )
