"""The bytes of notifications' own records (table values, the agency-items topic), either release's.

Written with `contracts.serialize` (the previous release still reads them) and read with
`contracts.parse` (records it wrote read like ours). The deprecated twins a read fills from are then
dropped: the code changes typed fields in place (a delivery's state, its next attempt), and a twin
left behind would be stale, as `serialize` and `legacy_only` fill a twin only where it is empty. A
twin whose typed field stayed empty is kept: it holds what the typed field cannot (a `readdressed`
delivery: DeliveryState has no name for it, domain/delivery_states.py).
"""

from __future__ import annotations

from typing import TypeVar

from google.protobuf.message import Message

from citycomm_common.contracts import REPLACED_BY, parse, serialize

M = TypeVar("M", bound=Message)


def to_bytes(record: Message) -> bytes:
    return serialize(record)


def from_bytes(kind: type[M], raw: bytes) -> M:
    record = parse(kind, raw)
    _drop_twins(record)
    return record


def _carries(record: Message, name: str) -> bool:
    try:
        return record.HasField(name)
    except ValueError:  # a field without presence (an enum, a map): carried when not empty
        return bool(getattr(record, name))


def _drop_twins(record: Message) -> None:
    for field in record.DESCRIPTOR.fields:
        replacement = str(field.GetOptions().Extensions[REPLACED_BY])
        if replacement:
            if _carries(record, replacement):
                record.ClearField(field.name)
        elif field.message_type is not None and not field.message_type.GetOptions().map_entry:
            children = getattr(record, field.name) if field.is_repeated else (
                [getattr(record, field.name)] if record.HasField(field.name) else [])
            for child in children:
                _drop_twins(child)
