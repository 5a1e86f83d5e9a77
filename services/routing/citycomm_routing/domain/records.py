"""The bytes of routing's own records (its inquiry table's values, the events it remembers to
re-send), readable by this release and the previous one.

Written with `contracts.serialize` (the deprecated twins filled, so the previous release still
reads them) and read with `contracts.parse` (a record the previous release wrote reads like ours).
The twins a read filled from are then dropped: routing changes typed fields in place (a status, a
deadline, when it was updated), and a twin left behind would be stale, since `serialize` fills a
twin only where it is empty. A twin whose typed field stayed empty (text no release could read) is
kept as it was.
"""

from __future__ import annotations

from typing import TypeVar

from google.protobuf.message import Message

from citycomm_common.contracts import REPLACED_BY, parse, serialize

M = TypeVar("M", bound=Message)


def to_bytes(record: Message) -> bytes:
    return serialize(record)


def from_bytes(kind: type[M], raw: bytes) -> M:
    """The record in its typed fields only, whichever release wrote it."""
    return typed_only(parse(kind, raw))


def typed_only(record: M) -> M:
    """`record` (changed in place) without the deprecated twins of the typed fields it carries."""
    for field in record.DESCRIPTOR.fields:
        replacement = str(field.GetOptions().Extensions[REPLACED_BY])
        if replacement:
            if _carries(record, replacement):
                record.ClearField(field.name)
        elif field.message_type is not None and not field.message_type.GetOptions().map_entry:
            children = getattr(record, field.name) if field.is_repeated else (
                [getattr(record, field.name)] if record.HasField(field.name) else [])
            for child in children:
                typed_only(child)
    return record


def _carries(record: Message, name: str) -> bool:
    try:
        return record.HasField(name)
    except ValueError:  # a field without presence (an enum, a map): carried when not empty
        return bool(getattr(record, name))
