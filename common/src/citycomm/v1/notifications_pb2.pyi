from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class DeadlineClock(_message.Message):
    __slots__ = ("inquiry_id", "agency_id", "kind", "policy_id", "started_at", "due_at", "stages_sent", "assignment", "tracking_code", "title", "assigned_event_id", "traceparent")
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
    def __init__(self, inquiry_id: _Optional[str] = ..., agency_id: _Optional[str] = ..., kind: _Optional[str] = ..., policy_id: _Optional[str] = ..., started_at: _Optional[str] = ..., due_at: _Optional[str] = ..., stages_sent: _Optional[_Iterable[str]] = ..., assignment: _Optional[int] = ..., tracking_code: _Optional[str] = ..., title: _Optional[str] = ..., assigned_event_id: _Optional[str] = ..., traceparent: _Optional[str] = ...) -> None: ...

class DeliveryAttempt(_message.Message):
    __slots__ = ("at", "status_code", "latency_ms", "error")
    AT_FIELD_NUMBER: _ClassVar[int]
    STATUS_CODE_FIELD_NUMBER: _ClassVar[int]
    LATENCY_MS_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    at: str
    status_code: int
    latency_ms: float
    error: str
    def __init__(self, at: _Optional[str] = ..., status_code: _Optional[int] = ..., latency_ms: _Optional[float] = ..., error: _Optional[str] = ...) -> None: ...

class WebhookDelivery(_message.Message):
    __slots__ = ("webhook_id", "agency_id", "endpoint_id", "inquiry_id", "event_type", "body", "created_at", "state", "attempts", "next_attempt_at", "history", "error", "replays", "source_id", "traceparent", "endpoint_owner")
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
    def __init__(self, webhook_id: _Optional[str] = ..., agency_id: _Optional[str] = ..., endpoint_id: _Optional[str] = ..., inquiry_id: _Optional[str] = ..., event_type: _Optional[str] = ..., body: _Optional[str] = ..., created_at: _Optional[str] = ..., state: _Optional[str] = ..., attempts: _Optional[int] = ..., next_attempt_at: _Optional[str] = ..., history: _Optional[_Iterable[_Union[DeliveryAttempt, _Mapping]]] = ..., error: _Optional[str] = ..., replays: _Optional[int] = ..., source_id: _Optional[str] = ..., traceparent: _Optional[str] = ..., endpoint_owner: _Optional[str] = ...) -> None: ...

class EndpointStatus(_message.Message):
    __slots__ = ("endpoint_id", "agency_id", "disabled", "reason", "changed_at", "owner")
    ENDPOINT_ID_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    endpoint_id: str
    agency_id: str
    disabled: bool
    reason: str
    changed_at: str
    owner: str
    def __init__(self, endpoint_id: _Optional[str] = ..., agency_id: _Optional[str] = ..., disabled: _Optional[bool] = ..., reason: _Optional[str] = ..., changed_at: _Optional[str] = ..., owner: _Optional[str] = ...) -> None: ...

class AgencyItem(_message.Message):
    __slots__ = ("agency_id", "inquiry_id", "clock")
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    CLOCK_FIELD_NUMBER: _ClassVar[int]
    agency_id: str
    inquiry_id: str
    clock: DeadlineClock
    def __init__(self, agency_id: _Optional[str] = ..., inquiry_id: _Optional[str] = ..., clock: _Optional[_Union[DeadlineClock, _Mapping]] = ...) -> None: ...
