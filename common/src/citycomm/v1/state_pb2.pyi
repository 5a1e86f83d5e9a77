import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from citycomm.v1 import options_pb2 as _options_pb2
from citycomm.v1 import commands_pb2 as _commands_pb2
from citycomm.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class InquiryState(_message.Message):
    __slots__ = ("inquiry_id", "status", "agency_id", "co_handling_agency_ids", "deadline", "applied_command_ids", "declined_agency_ids", "transfers", "extended", "submission", "updated_at", "rule_id", "routing_reason", "assigned_at", "times_reopened", "answered_at", "recent_decisions", "lifecycle_status", "updated_time", "assigned_time", "answered_time")
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    CO_HANDLING_AGENCY_IDS_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_FIELD_NUMBER: _ClassVar[int]
    APPLIED_COMMAND_IDS_FIELD_NUMBER: _ClassVar[int]
    DECLINED_AGENCY_IDS_FIELD_NUMBER: _ClassVar[int]
    TRANSFERS_FIELD_NUMBER: _ClassVar[int]
    EXTENDED_FIELD_NUMBER: _ClassVar[int]
    SUBMISSION_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    RULE_ID_FIELD_NUMBER: _ClassVar[int]
    ROUTING_REASON_FIELD_NUMBER: _ClassVar[int]
    ASSIGNED_AT_FIELD_NUMBER: _ClassVar[int]
    TIMES_REOPENED_FIELD_NUMBER: _ClassVar[int]
    ANSWERED_AT_FIELD_NUMBER: _ClassVar[int]
    RECENT_DECISIONS_FIELD_NUMBER: _ClassVar[int]
    LIFECYCLE_STATUS_FIELD_NUMBER: _ClassVar[int]
    UPDATED_TIME_FIELD_NUMBER: _ClassVar[int]
    ASSIGNED_TIME_FIELD_NUMBER: _ClassVar[int]
    ANSWERED_TIME_FIELD_NUMBER: _ClassVar[int]
    inquiry_id: str
    status: str
    agency_id: str
    co_handling_agency_ids: _containers.RepeatedScalarFieldContainer[str]
    deadline: _common_pb2.Deadline
    applied_command_ids: _containers.RepeatedScalarFieldContainer[str]
    declined_agency_ids: _containers.RepeatedScalarFieldContainer[str]
    transfers: int
    extended: bool
    submission: _commands_pb2.SubmitInquiry
    updated_at: str
    rule_id: str
    routing_reason: str
    assigned_at: str
    times_reopened: int
    answered_at: str
    recent_decisions: _containers.RepeatedCompositeFieldContainer[RecentDecision]
    lifecycle_status: _common_pb2.LifecycleStatus
    updated_time: _timestamp_pb2.Timestamp
    assigned_time: _timestamp_pb2.Timestamp
    answered_time: _timestamp_pb2.Timestamp
    def __init__(self, inquiry_id: _Optional[str] = ..., status: _Optional[str] = ..., agency_id: _Optional[str] = ..., co_handling_agency_ids: _Optional[_Iterable[str]] = ..., deadline: _Optional[_Union[_common_pb2.Deadline, _Mapping]] = ..., applied_command_ids: _Optional[_Iterable[str]] = ..., declined_agency_ids: _Optional[_Iterable[str]] = ..., transfers: _Optional[int] = ..., extended: _Optional[bool] = ..., submission: _Optional[_Union[_commands_pb2.SubmitInquiry, _Mapping]] = ..., updated_at: _Optional[str] = ..., rule_id: _Optional[str] = ..., routing_reason: _Optional[str] = ..., assigned_at: _Optional[str] = ..., times_reopened: _Optional[int] = ..., answered_at: _Optional[str] = ..., recent_decisions: _Optional[_Iterable[_Union[RecentDecision, _Mapping]]] = ..., lifecycle_status: _Optional[_Union[_common_pb2.LifecycleStatus, str]] = ..., updated_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., assigned_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., answered_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RecentDecision(_message.Message):
    __slots__ = ("command_id", "events")
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    command_id: str
    events: _containers.RepeatedCompositeFieldContainer[SentEvent]
    def __init__(self, command_id: _Optional[str] = ..., events: _Optional[_Iterable[_Union[SentEvent, _Mapping]]] = ...) -> None: ...

class SentEvent(_message.Message):
    __slots__ = ("event_id", "type", "payload")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    PAYLOAD_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    type: str
    payload: bytes
    def __init__(self, event_id: _Optional[str] = ..., type: _Optional[str] = ..., payload: _Optional[bytes] = ...) -> None: ...
