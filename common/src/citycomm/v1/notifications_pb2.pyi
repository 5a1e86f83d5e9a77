import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from citycomm.v1 import common_pb2 as _common_pb2
from citycomm.v1 import options_pb2 as _options_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class DeliveryState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DELIVERY_STATE_UNSPECIFIED: _ClassVar[DeliveryState]
    DELIVERY_STATE_PENDING: _ClassVar[DeliveryState]
    DELIVERY_STATE_DELIVERED: _ClassVar[DeliveryState]
    DELIVERY_STATE_DEAD: _ClassVar[DeliveryState]
    DELIVERY_STATE_READDRESSED: _ClassVar[DeliveryState]
DELIVERY_STATE_UNSPECIFIED: DeliveryState
DELIVERY_STATE_PENDING: DeliveryState
DELIVERY_STATE_DELIVERED: DeliveryState
DELIVERY_STATE_DEAD: DeliveryState
DELIVERY_STATE_READDRESSED: DeliveryState

class DeadlineClock(_message.Message):
    __slots__ = ("inquiry_id", "agency_id", "kind", "policy_id", "started_at", "due_at", "stages_sent", "assignment", "tracking_code", "title", "assigned_event_id", "traceparent", "inquiry_kind", "started_time", "due_time", "submitted_by", "ladder_kind")
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    POLICY_ID_FIELD_NUMBER: _ClassVar[int]
    STARTED_AT_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    STAGES_SENT_FIELD_NUMBER: _ClassVar[int]
    ASSIGNMENT_FIELD_NUMBER: _ClassVar[int]
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    ASSIGNED_EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    TRACEPARENT_FIELD_NUMBER: _ClassVar[int]
    INQUIRY_KIND_FIELD_NUMBER: _ClassVar[int]
    STARTED_TIME_FIELD_NUMBER: _ClassVar[int]
    DUE_TIME_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_BY_FIELD_NUMBER: _ClassVar[int]
    LADDER_KIND_FIELD_NUMBER: _ClassVar[int]
    inquiry_id: str
    agency_id: str
    kind: str
    policy_id: str
    started_at: str
    due_at: str
    stages_sent: _containers.RepeatedScalarFieldContainer[str]
    assignment: int
    tracking_code: str
    title: str
    assigned_event_id: str
    traceparent: str
    inquiry_kind: _common_pb2.InquiryKind
    started_time: _timestamp_pb2.Timestamp
    due_time: _timestamp_pb2.Timestamp
    submitted_by: _common_pb2.Actor
    ladder_kind: str
    def __init__(self, inquiry_id: _Optional[str] = ..., agency_id: _Optional[str] = ..., kind: _Optional[str] = ..., policy_id: _Optional[str] = ..., started_at: _Optional[str] = ..., due_at: _Optional[str] = ..., stages_sent: _Optional[_Iterable[str]] = ..., assignment: _Optional[int] = ..., tracking_code: _Optional[str] = ..., title: _Optional[str] = ..., assigned_event_id: _Optional[str] = ..., traceparent: _Optional[str] = ..., inquiry_kind: _Optional[_Union[_common_pb2.InquiryKind, str]] = ..., started_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., due_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., submitted_by: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ..., ladder_kind: _Optional[str] = ...) -> None: ...

class DeliveryAttempt(_message.Message):
    __slots__ = ("at", "status_code", "latency_ms", "error", "time")
    AT_FIELD_NUMBER: _ClassVar[int]
    STATUS_CODE_FIELD_NUMBER: _ClassVar[int]
    LATENCY_MS_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    at: str
    status_code: int
    latency_ms: float
    error: str
    time: _timestamp_pb2.Timestamp
    def __init__(self, at: _Optional[str] = ..., status_code: _Optional[int] = ..., latency_ms: _Optional[float] = ..., error: _Optional[str] = ..., time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class WebhookDelivery(_message.Message):
    __slots__ = ("webhook_id", "agency_id", "endpoint_id", "inquiry_id", "event_type", "body", "created_at", "state", "attempts", "next_attempt_at", "history", "error", "replays", "source_id", "traceparent", "endpoint_owner", "created_time", "delivery_state", "next_attempt_time")
    WEBHOOK_ID_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    ENDPOINT_ID_FIELD_NUMBER: _ClassVar[int]
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_ATTEMPT_AT_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    REPLAYS_FIELD_NUMBER: _ClassVar[int]
    SOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    TRACEPARENT_FIELD_NUMBER: _ClassVar[int]
    ENDPOINT_OWNER_FIELD_NUMBER: _ClassVar[int]
    CREATED_TIME_FIELD_NUMBER: _ClassVar[int]
    DELIVERY_STATE_FIELD_NUMBER: _ClassVar[int]
    NEXT_ATTEMPT_TIME_FIELD_NUMBER: _ClassVar[int]
    webhook_id: str
    agency_id: str
    endpoint_id: str
    inquiry_id: str
    event_type: str
    body: str
    created_at: str
    state: str
    attempts: int
    next_attempt_at: str
    history: _containers.RepeatedCompositeFieldContainer[DeliveryAttempt]
    error: str
    replays: int
    source_id: str
    traceparent: str
    endpoint_owner: str
    created_time: _timestamp_pb2.Timestamp
    delivery_state: DeliveryState
    next_attempt_time: _timestamp_pb2.Timestamp
    def __init__(self, webhook_id: _Optional[str] = ..., agency_id: _Optional[str] = ..., endpoint_id: _Optional[str] = ..., inquiry_id: _Optional[str] = ..., event_type: _Optional[str] = ..., body: _Optional[str] = ..., created_at: _Optional[str] = ..., state: _Optional[str] = ..., attempts: _Optional[int] = ..., next_attempt_at: _Optional[str] = ..., history: _Optional[_Iterable[_Union[DeliveryAttempt, _Mapping]]] = ..., error: _Optional[str] = ..., replays: _Optional[int] = ..., source_id: _Optional[str] = ..., traceparent: _Optional[str] = ..., endpoint_owner: _Optional[str] = ..., created_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., delivery_state: _Optional[_Union[DeliveryState, str]] = ..., next_attempt_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class EndpointStatus(_message.Message):
    __slots__ = ("endpoint_id", "agency_id", "disabled", "reason", "changed_at", "owner", "changed_time")
    ENDPOINT_ID_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    CHANGED_TIME_FIELD_NUMBER: _ClassVar[int]
    endpoint_id: str
    agency_id: str
    disabled: bool
    reason: str
    changed_at: str
    owner: str
    changed_time: _timestamp_pb2.Timestamp
    def __init__(self, endpoint_id: _Optional[str] = ..., agency_id: _Optional[str] = ..., disabled: _Optional[bool] = ..., reason: _Optional[str] = ..., changed_at: _Optional[str] = ..., owner: _Optional[str] = ..., changed_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class AgencyItem(_message.Message):
    __slots__ = ("agency_id", "inquiry_id", "clock")
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    CLOCK_FIELD_NUMBER: _ClassVar[int]
    agency_id: str
    inquiry_id: str
    clock: DeadlineClock
    def __init__(self, agency_id: _Optional[str] = ..., inquiry_id: _Optional[str] = ..., clock: _Optional[_Union[DeadlineClock, _Mapping]] = ...) -> None: ...
