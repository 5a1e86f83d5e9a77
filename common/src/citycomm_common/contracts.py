"""Deprecated contract fields and the fields that replace them, kept in step in one place.

Times were RFC 3339 strings and statuses, kinds and roles were lowercase strings; they are now
`google.protobuf.Timestamp` and proto enums (docs/decisions/0063-typed-contracts.md). For a
deprecation period both are on the wire, marked in proto/ by `[deprecated = true,
(replaced_by) = "<new field>"]`:

- `with_legacy` writes each deprecated field from its replacement (where that is set) before a
  record is written, so a reader of the previous release (in a rolling upgrade) still finds what
  it reads, and a record read, changed and written again carries no stale twin;
- `upgrade` moves each deprecated field into its replacement after a record is read, so records
  written before (on topics, in table changelogs, by old gRPC clients) read like new ones, and
  code holding a record sees the typed fields only.

Code outside this module reads and writes only the new fields. Legacy times are written with the
city's offset (`2026-12-04T16:00:00+07:00`); legacy names are the enums' short names (`assigned`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache, lru_cache
from typing import Any, TypeVar

from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.internal.enum_type_wrapper import EnumTypeWrapper
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from citycomm.v1 import options_pb2
from citycomm_common.vocabulary import CITY_ZONE, enum_name, short_name_value

M = TypeVar("M", bound=Message)
TIMESTAMP = Timestamp.DESCRIPTOR.full_name
# The generated stub types the extension as a plain FieldDescriptor, which Extensions[] refuses.
REPLACED_BY: Any = options_pb2.replaced_by


def to_timestamp(moment: datetime) -> Timestamp:
    """An aware moment as a protobuf Timestamp (UTC on the wire, as Timestamp always is)."""
    seconds, nanos = _seconds_and_nanos(moment)
    return Timestamp(seconds=seconds, nanos=nanos)


def from_timestamp(stamp: Timestamp) -> datetime:
    """A Timestamp as an aware moment in the city's time zone."""
    return _city_moment(stamp.seconds, stamp.nanos)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_FIRST_SECOND, _LAST_SECOND = -62_135_596_800, 253_402_300_799  # 0001-01-01, 9999-12-31T23:59:59 UTC


def _seconds_and_nanos(moment: datetime) -> tuple[int, int]:
    # Plain arithmetic: Timestamp.FromDatetime is pure Python and several times slower, and a
    # cache does not help here — most moments (now, a new deadline) are new.
    elapsed = moment - _EPOCH  # TypeError for a naive moment
    seconds = elapsed.days * 86_400 + elapsed.seconds
    if not _FIRST_SECOND <= seconds <= _LAST_SECOND:  # as astimezone(UTC) refuses it
        raise OverflowError(f"{moment.isoformat()} is outside Timestamp's years 1 to 9999 in UTC")
    return seconds, elapsed.microseconds * 1000


@lru_cache(maxsize=8192)  # delivering reads the same few deadlines again and again
def _city_moment(seconds: int, nanos: int) -> datetime:
    return datetime.fromtimestamp(seconds, CITY_ZONE).replace(microsecond=nanos // 1000)


def legacy_text(moment: datetime) -> str:
    return moment.astimezone(CITY_ZONE).isoformat()


@lru_cache(maxsize=8192)  # shared, never changed: callers copy it into their record
def _stamp(text: str) -> Timestamp | None:
    """The Timestamp a legacy text names; None for text no release could read (the replacement
    stays unset). Our producers always wrote an offset; a text without one is read as UTC."""
    try:
        moment = datetime.fromisoformat(text)
        return to_timestamp(moment if moment.tzinfo else moment.replace(tzinfo=UTC))
    except (ValueError, OverflowError):  # not a time, or beyond year 1..9999 once in UTC
        return None


@dataclass(frozen=True)
class _Pair:
    old: str
    new: str
    kind: str  # "time", "enum" or "time_map"
    enum_type: Any = None


def _replaced_by(field: FieldDescriptor) -> str:
    return str(field.GetOptions().Extensions[REPLACED_BY])


def _is_map(field: FieldDescriptor) -> bool:
    return field.message_type is not None and field.message_type.GetOptions().map_entry


def _pair(descriptor: Descriptor, old: FieldDescriptor) -> _Pair:
    new = descriptor.fields_by_name[_replaced_by(old)]
    if _is_map(new):
        return _Pair(old.name, new.name, "time_map")
    if new.message_type is not None and new.message_type.full_name == TIMESTAMP:
        return _Pair(old.name, new.name, "time")
    if new.enum_type is not None:
        return _Pair(old.name, new.name, "enum", EnumTypeWrapper(new.enum_type))
    raise TypeError(f"{descriptor.full_name}.{new.name}: no rule to replace {old.name} by it")


@dataclass(frozen=True)
class _Plan:
    pairs: tuple[_Pair, ...]
    # message fields whose types have pairs of their own: (name, "single" | "repeated" | "map")
    children: tuple[tuple[str, str], ...]


@cache
def _plan(descriptor: Descriptor) -> _Plan | None:
    pairs = tuple(_pair(descriptor, f) for f in descriptor.fields if _replaced_by(f))
    children = []
    for field in descriptor.fields:
        target = field.message_type
        if target is None or target.full_name == TIMESTAMP:
            continue
        if _is_map(field):
            target = target.fields_by_name["value"].message_type
            if target is None:
                continue
        if target is not descriptor and _plan(target) is not None:
            shape = "map" if _is_map(field) else "repeated" if field.is_repeated else "single"
            children.append((field.name, shape))
    if not pairs and not children:
        return None
    return _Plan(pairs, tuple(children))


def _walk(message: Message, step: Callable[[Message, _Pair], object]) -> None:
    plan = _plan(message.DESCRIPTOR)
    if plan is None:
        return
    for pair in plan.pairs:
        step(message, pair)
    for name, shape in plan.children:
        if shape == "single":
            if message.HasField(name):
                _walk(getattr(message, name), step)
        else:
            value = getattr(message, name)
            for child in (value.values() if shape == "map" else value):
                _walk(child, step)


def _fill_new(message: Message, pair: _Pair) -> None:
    """Move the legacy value into its replacement: where the replacement ends up set, the legacy
    field is cleared, so code holding the record sees one truth. A legacy value that names nothing
    (text no release could read, a name this release does not know) stays where it was."""
    old = getattr(message, pair.old)
    if not old:
        return
    if pair.kind == "time":
        if not message.HasField(pair.new) and (stamp := _stamp(old)) is not None:
            getattr(message, pair.new).CopyFrom(stamp)
        moved = message.HasField(pair.new)
    elif pair.kind == "enum":
        # Legacy text was always a short name (`answered`): other text named nothing, and still does.
        if not getattr(message, pair.new) and (value := short_name_value(pair.enum_type, old)):
            setattr(message, pair.new, value)
        moved = bool(getattr(message, pair.new))
    else:
        stamps = getattr(message, pair.new)
        for key, text in old.items():
            if key not in stamps and (stamp := _stamp(text)) is not None:
                stamps[key].CopyFrom(stamp)
        moved = all(key in stamps for key in old)
    if moved:
        message.ClearField(pair.old)


def _legacy_time(stamp: Timestamp) -> str:
    return _legacy_text_at(stamp.seconds, stamp.nanos)


@lru_cache(maxsize=8192)  # a record is written again and again with the same moments in it
def _legacy_text_at(seconds: int, nanos: int) -> str:
    # = legacy_text(from_timestamp(stamp)), without the float round trip of ToDatetime
    return datetime.fromtimestamp(seconds, CITY_ZONE).replace(microsecond=nanos // 1000).isoformat()


def _fill_old(message: Message, pair: _Pair) -> bool:
    """Write the legacy field from its replacement, where that is set (the replacement is the
    truth: a record read, changed and written again keeps no stale twin). Whether it wrote."""
    if pair.kind == "time":
        if not message.HasField(pair.new):
            return False
        setattr(message, pair.old, _legacy_time(getattr(message, pair.new)))
    elif pair.kind == "enum":
        value = getattr(message, pair.new)
        if not value:
            return False
        setattr(message, pair.old, enum_name(pair.enum_type, value))
    else:
        stamps = getattr(message, pair.new)
        if not stamps:
            return False
        texts = getattr(message, pair.old)
        for key, stamp in stamps.items():
            texts[key] = _legacy_time(stamp)
    return True


def upgrade(message: M) -> M:
    """`message` (changed in place) with every deprecated field moved into its replacement."""
    _walk(message, _fill_new)
    return message


def with_legacy(message: M) -> M:
    """`message` (changed in place) with every deprecated field written from its replacement."""
    _walk(message, _fill_old)
    return message


def serialize(message: Message) -> bytes:
    """The record's bytes, readable by this release and the previous one (`message` is unchanged:
    the legacy fields are written for the bytes and cleared again, cheaper than a copy)."""
    if _plan(message.DESCRIPTOR) is None:
        return message.SerializeToString()
    written: list[tuple[Message, str]] = []

    def fill(m: Message, pair: _Pair) -> None:
        if _fill_old(m, pair):
            written.append((m, pair.old))

    _walk(message, fill)
    try:
        return message.SerializeToString()
    finally:
        for m, name in written:
            m.ClearField(name)


def legacy_only(message: M) -> M:
    """A copy in the previous release's shape (replacements cleared): for JSON that people and
    integrators already read (webhook payloads, operator views), which keeps its form until its
    own contract says otherwise."""
    copy = type(message)()
    copy.CopyFrom(message)
    _walk(copy, _fill_old)
    _walk(copy, lambda m, pair: m.ClearField(pair.new))
    return copy


def parse(message_type: type[M], data: bytes) -> M:
    """A record of `message_type`, whichever release wrote it, read with its new fields filled."""
    return upgrade(message_type.FromString(data))
