"""Webhook payloads as receivers read them, rendered in this one place (decision 0076).

- Every field of the message is present: an unset text, enum, time or message is `null`, a list
  `[]`, a map `{}`; numbers and booleans are always their value (`transfers: 0`).
- Enums are their documented lowercase names (`press_agency`, not `ROLE_PRESS_AGENCY`).
- Every time is RFC 3339 with the city's offset, to the second: `2026-12-04T16:00:00+07:00` (what
  PHP's DATE_ATOM, Java's OffsetDateTime and .NET's DateTimeOffset all read as is).
- Names are the ones webhooks always had: a field that replaced a deprecated one keeps the
  deprecated one's name (`assigned_at` for `assigned_time`, `role` for `contact_role`), and any
  other Timestamp `x_time` is written `x_at`; deprecated fields themselves are never written.
- `headline` says in Vietnamese and English what happened, for a person reading the message.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.internal.enum_type_wrapper import EnumTypeWrapper
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from citycomm.v1 import options_pb2
from citycomm_common.contracts import from_timestamp
from citycomm_common.vocabulary import CITY_ZONE, enum_name

TIMESTAMP = Timestamp.DESCRIPTOR.full_name
_REPLACED_BY: Any = options_pb2.replaced_by

HEADLINES: dict[str, tuple[str, str]] = {  # webhook type or ladder stage → (vi, en)
    "inquiry.assigned": ("Cơ quan được giao xử lý một yêu cầu", "An inquiry was assigned to your agency"),
    "inquiry.deadline_extended": ("Thời hạn xử lý đã được gia hạn", "The deadline was extended"),
    "inquiry.reopened": ("Yêu cầu đã được mở lại", "The inquiry was reopened"),
    "inquiry.escalated": ("Yêu cầu đã được chuyển lên để điều phối",
                          "The inquiry was escalated for coordination"),
    "command.rejected": ("Thao tác không được chấp nhận", "Your command was rejected"),
    "inquiry.reminder": ("Nhắc hạn xử lý", "Deadline reminder"),
    "inquiry.overdue": ("Yêu cầu đã quá hạn xử lý", "The inquiry is overdue"),
    "reminder_half": ("Đã qua một nửa thời gian xử lý", "Half of the allowed time has passed"),
    "reminder_quarter": ("Đã qua một phần tư thời gian xử lý", "A quarter of the allowed time has passed"),
    "reminder_day_before": ("Còn một ngày làm việc đến hạn", "One working day left before the deadline"),
    "reminder_hours_before": ("Còn 4 giờ đến hạn", "Four hours left before the deadline"),
    "overdue": ("Yêu cầu đã quá hạn xử lý", "The inquiry is overdue"),
    "long_overdue": ("Quá hạn gấp đôi thời gian cho phép", "Long overdue: twice the allowed time has passed"),
    "agency.unreachable": ("Không gửi được thông báo đến cơ quan",
                           "An agency's webhook endpoint cannot be reached"),
    "digest.daily": ("Tổng hợp hằng ngày các yêu cầu đang xử lý", "Daily digest of open inquiries"),
    "report.published": ("Báo cáo đã được công bố", "A report was published"),
    "trend.detected": ("Phát hiện xu hướng bất thường trong các yêu cầu",
                       "An unusual trend in inquiries was detected"),
    "trend.updated": ("Xu hướng bất thường tiếp tục tăng", "The unusual trend has grown"),
    "trend.ended": ("Xu hướng bất thường đã kết thúc", "The unusual trend has ended"),
    "consultation.opened": ("Dự thảo được đưa ra lấy ý kiến", "A draft was opened for comment"),
    "consultation.changed": ("Đợt lấy ý kiến dự thảo đã thay đổi", "The consultation on a draft was changed"),
    "consultation.closed": ("Đợt lấy ý kiến dự thảo đã kết thúc", "The consultation on a draft has closed"),
    "consultation.comment_received": ("Có ý kiến góp ý mới về dự thảo của quý cơ quan",
                                      "A comment on your agency's draft was received"),
    "consultation.response_published": (
        "Cơ quan chủ trì đã công bố báo cáo tiếp thu, giải trình ý kiến",
        "The drafting agency published its summary of and response to the comments"),
    "ping": ("Thông báo thử", "Test event"),
    "submission.acknowledged": ("Cơ quan đã tiếp nhận yêu cầu của quý cơ quan",
                                "The agency has acknowledged your inquiry"),
    "submission.answered": ("Cơ quan đã trả lời yêu cầu của quý cơ quan", "Your inquiry was answered"),
    "submission.transferred": ("Yêu cầu của quý cơ quan đã được chuyển đến cơ quan khác",
                               "Your inquiry was transferred to another agency"),
    "submission.deadline_extended": ("Thời hạn trả lời yêu cầu của quý cơ quan đã được gia hạn",
                                     "The deadline for answering your inquiry was extended"),
    "submission.overdue": ("Yêu cầu của quý cơ quan đã quá hạn trả lời",
                           "The answer to your inquiry is overdue"),
}


def moment(value: datetime) -> str:
    """The one time format of every payload."""
    return value.astimezone(CITY_ZONE).replace(microsecond=0).isoformat()


def headline(key: str, fallback: str = "") -> dict[str, str]:
    vi, en = HEADLINES.get(key) or HEADLINES.get(fallback) or ("", "")
    return {"vi": vi, "en": en}


def payload(event_type: str, message: Message, stage: str = "") -> dict[str, Any]:
    """A webhook's `data`: its headline, then every field of the message."""
    return {"headline": headline(stage or event_type, event_type), **fields(message)}


@cache
def plan(descriptor: Descriptor) -> tuple[tuple[str, FieldDescriptor], ...]:
    """The fields a payload of this message type writes, in order, each with its written name."""
    legacy = {str(f.GetOptions().Extensions[_REPLACED_BY]): f.name
              for f in descriptor.fields if f.GetOptions().deprecated}
    written = []
    for field in descriptor.fields:
        if field.GetOptions().deprecated:
            continue
        name = legacy.get(field.name, field.name)
        if name == field.name and _is_time(field) and name.endswith("_time"):
            name = name.removesuffix("_time") + "_at"
        written.append((name, field))
    return tuple(written)


def _is_time(field: FieldDescriptor) -> bool:
    return field.message_type is not None and field.message_type.full_name == TIMESTAMP


def is_map(field: FieldDescriptor) -> bool:
    return field.message_type is not None and field.message_type.GetOptions().map_entry


def map_value(field: FieldDescriptor) -> FieldDescriptor:
    entry: Any = field.message_type
    return entry.fields_by_name["value"]  # type: ignore[no-any-return]


def fields(message: Message) -> dict[str, Any]:
    """The message as a payload (the rules above)."""
    out: dict[str, Any] = {}
    for name, field in plan(message.DESCRIPTOR):
        value = getattr(message, field.name)
        if is_map(field):
            out[name] = {k: _single(map_value(field), v, True) for k, v in value.items()}
        elif field.is_repeated:
            out[name] = [_single(field, v, True) for v in value]
        else:
            present = message.HasField(field.name) if field.message_type is not None else True
            out[name] = _single(field, value, present)
    return out


@cache  # enum_name keeps one table per enum type object
def enum_type(descriptor: Any) -> EnumTypeWrapper:
    return EnumTypeWrapper(descriptor)


def _single(field: FieldDescriptor, value: Any, present: bool) -> Any:
    if field.message_type is not None:
        if not present:
            return None
        return moment(from_timestamp(value)) if _is_time(field) else fields(value)
    if field.enum_type is not None:
        return enum_name(enum_type(field.enum_type), value) or None
    if field.type == FieldDescriptor.TYPE_STRING:
        return value or None
    return value
