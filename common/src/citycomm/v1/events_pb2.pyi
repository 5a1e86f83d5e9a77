import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from citycomm.v1 import options_pb2 as _options_pb2
from citycomm.v1 import common_pb2 as _common_pb2
from citycomm.v1 import attachments_pb2 as _attachments_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class InquirySubmitted(_message.Message):
    __slots__ = ("inquiry_id", "tracking_code", "kind", "submitted_by", "received_at", "channel", "title", "description", "category", "ward_code", "contact", "attributes", "command_id", "received_time", "attachments", "location")
    class AttributesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_BY_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_AT_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    WARD_CODE_FIELD_NUMBER: _ClassVar[int]
    CONTACT_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_TIME_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    inquiry_id: str
    tracking_code: str
    kind: _common_pb2.InquiryKind
    submitted_by: _common_pb2.Actor
    received_at: str
    channel: str
    title: str
    description: str
    category: str
    ward_code: str
    contact: _common_pb2.Contact
    attributes: _containers.ScalarMap[str, str]
    command_id: str
    received_time: _timestamp_pb2.Timestamp
    attachments: _containers.RepeatedCompositeFieldContainer[_attachments_pb2.Attachment]
    location: _attachments_pb2.GeoPoint
    def __init__(self, inquiry_id: _Optional[str] = ..., tracking_code: _Optional[str] = ..., kind: _Optional[_Union[_common_pb2.InquiryKind, str]] = ..., submitted_by: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ..., received_at: _Optional[str] = ..., channel: _Optional[str] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., category: _Optional[str] = ..., ward_code: _Optional[str] = ..., contact: _Optional[_Union[_common_pb2.Contact, _Mapping]] = ..., attributes: _Optional[_Mapping[str, str]] = ..., command_id: _Optional[str] = ..., received_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., attachments: _Optional[_Iterable[_Union[_attachments_pb2.Attachment, _Mapping]]] = ..., location: _Optional[_Union[_attachments_pb2.GeoPoint, _Mapping]] = ...) -> None: ...

class InquiryAssigned(_message.Message):
    __slots__ = ("inquiry_id", "agency_id", "co_handling_agency_ids", "rule_id", "reason", "deadline", "assigned_at", "kind", "tracking_code", "title", "category", "ward_code", "description", "command_id", "previous_agency_id", "transfers", "contact", "submitted_by", "asked_by", "details", "assigned_time", "attachments", "location")
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    CO_HANDLING_AGENCY_IDS_FIELD_NUMBER: _ClassVar[int]
    RULE_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_FIELD_NUMBER: _ClassVar[int]
    ASSIGNED_AT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    WARD_CODE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    TRANSFERS_FIELD_NUMBER: _ClassVar[int]
    CONTACT_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_BY_FIELD_NUMBER: _ClassVar[int]
    ASKED_BY_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    ASSIGNED_TIME_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    inquiry_id: str
    agency_id: str
    co_handling_agency_ids: _containers.RepeatedScalarFieldContainer[str]
    rule_id: str
    reason: str
    deadline: _common_pb2.Deadline
    assigned_at: str
    kind: _common_pb2.InquiryKind
    tracking_code: str
    title: str
    category: str
    ward_code: str
    description: str
    command_id: str
    previous_agency_id: str
    transfers: int
    contact: _common_pb2.Contact
    submitted_by: _common_pb2.Actor
    asked_by: _common_pb2.Asker
    details: _common_pb2.InquiryDetails
    assigned_time: _timestamp_pb2.Timestamp
    attachments: _containers.RepeatedCompositeFieldContainer[_attachments_pb2.Attachment]
    location: _attachments_pb2.GeoPoint
    def __init__(self, inquiry_id: _Optional[str] = ..., agency_id: _Optional[str] = ..., co_handling_agency_ids: _Optional[_Iterable[str]] = ..., rule_id: _Optional[str] = ..., reason: _Optional[str] = ..., deadline: _Optional[_Union[_common_pb2.Deadline, _Mapping]] = ..., assigned_at: _Optional[str] = ..., kind: _Optional[_Union[_common_pb2.InquiryKind, str]] = ..., tracking_code: _Optional[str] = ..., title: _Optional[str] = ..., category: _Optional[str] = ..., ward_code: _Optional[str] = ..., description: _Optional[str] = ..., command_id: _Optional[str] = ..., previous_agency_id: _Optional[str] = ..., transfers: _Optional[int] = ..., contact: _Optional[_Union[_common_pb2.Contact, _Mapping]] = ..., submitted_by: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ..., asked_by: _Optional[_Union[_common_pb2.Asker, _Mapping]] = ..., details: _Optional[_Union[_common_pb2.InquiryDetails, _Mapping]] = ..., assigned_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., attachments: _Optional[_Iterable[_Union[_attachments_pb2.Attachment, _Mapping]]] = ..., location: _Optional[_Union[_attachments_pb2.GeoPoint, _Mapping]] = ...) -> None: ...

class InquiryAcknowledged(_message.Message):
    __slots__ = ("inquiry_id", "agency_id", "actor", "acknowledged_at", "note", "command_id", "acknowledged_time")
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGED_AT_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGED_TIME_FIELD_NUMBER: _ClassVar[int]
    inquiry_id: str
    agency_id: str
    actor: _common_pb2.Actor
    acknowledged_at: str
    note: str
    command_id: str
    acknowledged_time: _timestamp_pb2.Timestamp
    def __init__(self, inquiry_id: _Optional[str] = ..., agency_id: _Optional[str] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ..., acknowledged_at: _Optional[str] = ..., note: _Optional[str] = ..., command_id: _Optional[str] = ..., acknowledged_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class InquiryAnswered(_message.Message):
    __slots__ = ("inquiry_id", "agency_id", "answer", "links", "refused", "refusal_ground", "answered_at", "on_time", "command_id", "actor", "due_at", "answered_time", "due_time")
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    ANSWER_FIELD_NUMBER: _ClassVar[int]
    LINKS_FIELD_NUMBER: _ClassVar[int]
    REFUSED_FIELD_NUMBER: _ClassVar[int]
    REFUSAL_GROUND_FIELD_NUMBER: _ClassVar[int]
    ANSWERED_AT_FIELD_NUMBER: _ClassVar[int]
    ON_TIME_FIELD_NUMBER: _ClassVar[int]
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    ANSWERED_TIME_FIELD_NUMBER: _ClassVar[int]
    DUE_TIME_FIELD_NUMBER: _ClassVar[int]
    inquiry_id: str
    agency_id: str
    answer: str
    links: _containers.RepeatedScalarFieldContainer[str]
    refused: bool
    refusal_ground: str
    answered_at: str
    on_time: bool
    command_id: str
    actor: _common_pb2.Actor
    due_at: str
    answered_time: _timestamp_pb2.Timestamp
    due_time: _timestamp_pb2.Timestamp
    def __init__(self, inquiry_id: _Optional[str] = ..., agency_id: _Optional[str] = ..., answer: _Optional[str] = ..., links: _Optional[_Iterable[str]] = ..., refused: _Optional[bool] = ..., refusal_ground: _Optional[str] = ..., answered_at: _Optional[str] = ..., on_time: _Optional[bool] = ..., command_id: _Optional[str] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ..., due_at: _Optional[str] = ..., answered_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., due_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class TransferRequested(_message.Message):
    __slots__ = ("inquiry_id", "agency_id", "reason", "requested_at", "command_id", "actor", "requested_time")
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_AT_FIELD_NUMBER: _ClassVar[int]
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_TIME_FIELD_NUMBER: _ClassVar[int]
    inquiry_id: str
    agency_id: str
    reason: str
    requested_at: str
    command_id: str
    actor: _common_pb2.Actor
    requested_time: _timestamp_pb2.Timestamp
    def __init__(self, inquiry_id: _Optional[str] = ..., agency_id: _Optional[str] = ..., reason: _Optional[str] = ..., requested_at: _Optional[str] = ..., command_id: _Optional[str] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ..., requested_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class DeadlineExtended(_message.Message):
    __slots__ = ("inquiry_id", "agency_id", "reason", "previous_due_at", "deadline", "extended_at", "command_id", "previous_due_time", "extended_time")
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_DUE_AT_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_FIELD_NUMBER: _ClassVar[int]
    EXTENDED_AT_FIELD_NUMBER: _ClassVar[int]
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_DUE_TIME_FIELD_NUMBER: _ClassVar[int]
    EXTENDED_TIME_FIELD_NUMBER: _ClassVar[int]
    inquiry_id: str
    agency_id: str
    reason: str
    previous_due_at: str
    deadline: _common_pb2.Deadline
    extended_at: str
    command_id: str
    previous_due_time: _timestamp_pb2.Timestamp
    extended_time: _timestamp_pb2.Timestamp
    def __init__(self, inquiry_id: _Optional[str] = ..., agency_id: _Optional[str] = ..., reason: _Optional[str] = ..., previous_due_at: _Optional[str] = ..., deadline: _Optional[_Union[_common_pb2.Deadline, _Mapping]] = ..., extended_at: _Optional[str] = ..., command_id: _Optional[str] = ..., previous_due_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., extended_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class InquiryReopened(_message.Message):
    __slots__ = ("inquiry_id", "agency_id", "reason", "actor", "deadline", "reopened_at", "command_id", "reopened_time")
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_FIELD_NUMBER: _ClassVar[int]
    REOPENED_AT_FIELD_NUMBER: _ClassVar[int]
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    REOPENED_TIME_FIELD_NUMBER: _ClassVar[int]
    inquiry_id: str
    agency_id: str
    reason: str
    actor: _common_pb2.Actor
    deadline: _common_pb2.Deadline
    reopened_at: str
    command_id: str
    reopened_time: _timestamp_pb2.Timestamp
    def __init__(self, inquiry_id: _Optional[str] = ..., agency_id: _Optional[str] = ..., reason: _Optional[str] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ..., deadline: _Optional[_Union[_common_pb2.Deadline, _Mapping]] = ..., reopened_at: _Optional[str] = ..., command_id: _Optional[str] = ..., reopened_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class InquiryClosed(_message.Message):
    __slots__ = ("inquiry_id", "actor", "reason", "closed_at", "command_id", "closed_time")
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CLOSED_AT_FIELD_NUMBER: _ClassVar[int]
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    CLOSED_TIME_FIELD_NUMBER: _ClassVar[int]
    inquiry_id: str
    actor: _common_pb2.Actor
    reason: str
    closed_at: str
    command_id: str
    closed_time: _timestamp_pb2.Timestamp
    def __init__(self, inquiry_id: _Optional[str] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ..., reason: _Optional[str] = ..., closed_at: _Optional[str] = ..., command_id: _Optional[str] = ..., closed_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class DisputeSettled(_message.Message):
    __slots__ = ("inquiry_id", "agency_id", "resolution", "reason", "actor", "settled_at", "command_id", "deadline", "settled_time")
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    SETTLED_AT_FIELD_NUMBER: _ClassVar[int]
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_FIELD_NUMBER: _ClassVar[int]
    SETTLED_TIME_FIELD_NUMBER: _ClassVar[int]
    inquiry_id: str
    agency_id: str
    resolution: _common_pb2.DisputeResolution
    reason: str
    actor: _common_pb2.Actor
    settled_at: str
    command_id: str
    deadline: _common_pb2.Deadline
    settled_time: _timestamp_pb2.Timestamp
    def __init__(self, inquiry_id: _Optional[str] = ..., agency_id: _Optional[str] = ..., resolution: _Optional[_Union[_common_pb2.DisputeResolution, str]] = ..., reason: _Optional[str] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ..., settled_at: _Optional[str] = ..., command_id: _Optional[str] = ..., deadline: _Optional[_Union[_common_pb2.Deadline, _Mapping]] = ..., settled_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class InquiryEscalated(_message.Message):
    __slots__ = ("inquiry_id", "agency_id", "reason", "escalated_to", "escalated_at", "command_id", "escalated_time")
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ESCALATED_TO_FIELD_NUMBER: _ClassVar[int]
    ESCALATED_AT_FIELD_NUMBER: _ClassVar[int]
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    ESCALATED_TIME_FIELD_NUMBER: _ClassVar[int]
    inquiry_id: str
    agency_id: str
    reason: str
    escalated_to: _containers.RepeatedScalarFieldContainer[str]
    escalated_at: str
    command_id: str
    escalated_time: _timestamp_pb2.Timestamp
    def __init__(self, inquiry_id: _Optional[str] = ..., agency_id: _Optional[str] = ..., reason: _Optional[str] = ..., escalated_to: _Optional[_Iterable[str]] = ..., escalated_at: _Optional[str] = ..., command_id: _Optional[str] = ..., escalated_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CommandRejected(_message.Message):
    __slots__ = ("inquiry_id", "command_id", "command_type", "reason", "actor", "rejected_at", "agency_id", "rejected_time")
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    COMMAND_TYPE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    REJECTED_AT_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    REJECTED_TIME_FIELD_NUMBER: _ClassVar[int]
    inquiry_id: str
    command_id: str
    command_type: str
    reason: str
    actor: _common_pb2.Actor
    rejected_at: str
    agency_id: str
    rejected_time: _timestamp_pb2.Timestamp
    def __init__(self, inquiry_id: _Optional[str] = ..., command_id: _Optional[str] = ..., command_type: _Optional[str] = ..., reason: _Optional[str] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ..., rejected_at: _Optional[str] = ..., agency_id: _Optional[str] = ..., rejected_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class WebhookDelivered(_message.Message):
    __slots__ = ("delivery_id", "inquiry_id", "agency_id", "endpoint_id", "event_type", "attempts", "status_code", "latency_ms", "delivered_at", "delivered_time")
    DELIVERY_ID_FIELD_NUMBER: _ClassVar[int]
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    ENDPOINT_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    STATUS_CODE_FIELD_NUMBER: _ClassVar[int]
    LATENCY_MS_FIELD_NUMBER: _ClassVar[int]
    DELIVERED_AT_FIELD_NUMBER: _ClassVar[int]
    DELIVERED_TIME_FIELD_NUMBER: _ClassVar[int]
    delivery_id: str
    inquiry_id: str
    agency_id: str
    endpoint_id: str
    event_type: str
    attempts: int
    status_code: int
    latency_ms: float
    delivered_at: str
    delivered_time: _timestamp_pb2.Timestamp
    def __init__(self, delivery_id: _Optional[str] = ..., inquiry_id: _Optional[str] = ..., agency_id: _Optional[str] = ..., endpoint_id: _Optional[str] = ..., event_type: _Optional[str] = ..., attempts: _Optional[int] = ..., status_code: _Optional[int] = ..., latency_ms: _Optional[float] = ..., delivered_at: _Optional[str] = ..., delivered_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class WebhookFailed(_message.Message):
    __slots__ = ("delivery_id", "inquiry_id", "agency_id", "endpoint_id", "event_type", "attempts", "status_code", "error", "failed_at", "dead_lettered", "failed_time")
    DELIVERY_ID_FIELD_NUMBER: _ClassVar[int]
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    ENDPOINT_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    STATUS_CODE_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    FAILED_AT_FIELD_NUMBER: _ClassVar[int]
    DEAD_LETTERED_FIELD_NUMBER: _ClassVar[int]
    FAILED_TIME_FIELD_NUMBER: _ClassVar[int]
    delivery_id: str
    inquiry_id: str
    agency_id: str
    endpoint_id: str
    event_type: str
    attempts: int
    status_code: int
    error: str
    failed_at: str
    dead_lettered: bool
    failed_time: _timestamp_pb2.Timestamp
    def __init__(self, delivery_id: _Optional[str] = ..., inquiry_id: _Optional[str] = ..., agency_id: _Optional[str] = ..., endpoint_id: _Optional[str] = ..., event_type: _Optional[str] = ..., attempts: _Optional[int] = ..., status_code: _Optional[int] = ..., error: _Optional[str] = ..., failed_at: _Optional[str] = ..., dead_lettered: _Optional[bool] = ..., failed_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class NoticeSent(_message.Message):
    __slots__ = ("notice_id", "inquiry_id", "agency_id", "stage", "recipients", "due_at", "sent_at", "kind", "event_type", "urgent", "due_time", "sent_time", "inquiry_kind")
    NOTICE_ID_FIELD_NUMBER: _ClassVar[int]
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    RECIPIENTS_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    SENT_AT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    URGENT_FIELD_NUMBER: _ClassVar[int]
    DUE_TIME_FIELD_NUMBER: _ClassVar[int]
    SENT_TIME_FIELD_NUMBER: _ClassVar[int]
    INQUIRY_KIND_FIELD_NUMBER: _ClassVar[int]
    notice_id: str
    inquiry_id: str
    agency_id: str
    stage: str
    recipients: _containers.RepeatedScalarFieldContainer[str]
    due_at: str
    sent_at: str
    kind: str
    event_type: str
    urgent: bool
    due_time: _timestamp_pb2.Timestamp
    sent_time: _timestamp_pb2.Timestamp
    inquiry_kind: _common_pb2.InquiryKind
    def __init__(self, notice_id: _Optional[str] = ..., inquiry_id: _Optional[str] = ..., agency_id: _Optional[str] = ..., stage: _Optional[str] = ..., recipients: _Optional[_Iterable[str]] = ..., due_at: _Optional[str] = ..., sent_at: _Optional[str] = ..., kind: _Optional[str] = ..., event_type: _Optional[str] = ..., urgent: _Optional[bool] = ..., due_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., sent_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., inquiry_kind: _Optional[_Union[_common_pb2.InquiryKind, str]] = ...) -> None: ...

class WebhookEndpointDisabled(_message.Message):
    __slots__ = ("endpoint_id", "agency_id", "delivery_id", "status_code", "reason", "disabled_at", "disabled_time")
    ENDPOINT_ID_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    DELIVERY_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_CODE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    DISABLED_AT_FIELD_NUMBER: _ClassVar[int]
    DISABLED_TIME_FIELD_NUMBER: _ClassVar[int]
    endpoint_id: str
    agency_id: str
    delivery_id: str
    status_code: int
    reason: str
    disabled_at: str
    disabled_time: _timestamp_pb2.Timestamp
    def __init__(self, endpoint_id: _Optional[str] = ..., agency_id: _Optional[str] = ..., delivery_id: _Optional[str] = ..., status_code: _Optional[int] = ..., reason: _Optional[str] = ..., disabled_at: _Optional[str] = ..., disabled_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ReportPublished(_message.Message):
    __slots__ = ("report_id", "kind", "period_start", "period_end", "published_at", "content_type", "content", "report_kind", "published_time", "period_start_time", "period_end_time")
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PERIOD_START_FIELD_NUMBER: _ClassVar[int]
    PERIOD_END_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_AT_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    REPORT_KIND_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_TIME_FIELD_NUMBER: _ClassVar[int]
    PERIOD_START_TIME_FIELD_NUMBER: _ClassVar[int]
    PERIOD_END_TIME_FIELD_NUMBER: _ClassVar[int]
    report_id: str
    kind: str
    period_start: str
    period_end: str
    published_at: str
    content_type: str
    content: bytes
    report_kind: _common_pb2.ReportKind
    published_time: _timestamp_pb2.Timestamp
    period_start_time: _timestamp_pb2.Timestamp
    period_end_time: _timestamp_pb2.Timestamp
    def __init__(self, report_id: _Optional[str] = ..., kind: _Optional[str] = ..., period_start: _Optional[str] = ..., period_end: _Optional[str] = ..., published_at: _Optional[str] = ..., content_type: _Optional[str] = ..., content: _Optional[bytes] = ..., report_kind: _Optional[_Union[_common_pb2.ReportKind, str]] = ..., published_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., period_start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., period_end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
