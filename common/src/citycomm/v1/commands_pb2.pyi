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

class SubmitInquiry(_message.Message):
    __slots__ = ("command_id", "inquiry_id", "tracking_code", "kind", "submitted_by", "received_at", "channel", "title", "description", "category", "ward_code", "contact", "target_agency_id", "attributes", "received_time", "attachments", "location")
    class AttributesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
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
    TARGET_AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_TIME_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    command_id: str
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
    target_agency_id: str
    attributes: _containers.ScalarMap[str, str]
    received_time: _timestamp_pb2.Timestamp
    attachments: _containers.RepeatedCompositeFieldContainer[_attachments_pb2.Attachment]
    location: _attachments_pb2.GeoPoint
    def __init__(self, command_id: _Optional[str] = ..., inquiry_id: _Optional[str] = ..., tracking_code: _Optional[str] = ..., kind: _Optional[_Union[_common_pb2.InquiryKind, str]] = ..., submitted_by: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ..., received_at: _Optional[str] = ..., channel: _Optional[str] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., category: _Optional[str] = ..., ward_code: _Optional[str] = ..., contact: _Optional[_Union[_common_pb2.Contact, _Mapping]] = ..., target_agency_id: _Optional[str] = ..., attributes: _Optional[_Mapping[str, str]] = ..., received_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., attachments: _Optional[_Iterable[_Union[_attachments_pb2.Attachment, _Mapping]]] = ..., location: _Optional[_Union[_attachments_pb2.GeoPoint, _Mapping]] = ...) -> None: ...

class AcknowledgeInquiry(_message.Message):
    __slots__ = ("command_id", "inquiry_id", "actor", "issued_at", "note", "issued_time")
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    ISSUED_AT_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    ISSUED_TIME_FIELD_NUMBER: _ClassVar[int]
    command_id: str
    inquiry_id: str
    actor: _common_pb2.Actor
    issued_at: str
    note: str
    issued_time: _timestamp_pb2.Timestamp
    def __init__(self, command_id: _Optional[str] = ..., inquiry_id: _Optional[str] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ..., issued_at: _Optional[str] = ..., note: _Optional[str] = ..., issued_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class AnswerInquiry(_message.Message):
    __slots__ = ("command_id", "inquiry_id", "actor", "issued_at", "answer", "links", "refused", "refusal_ground", "issued_time")
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    ISSUED_AT_FIELD_NUMBER: _ClassVar[int]
    ANSWER_FIELD_NUMBER: _ClassVar[int]
    LINKS_FIELD_NUMBER: _ClassVar[int]
    REFUSED_FIELD_NUMBER: _ClassVar[int]
    REFUSAL_GROUND_FIELD_NUMBER: _ClassVar[int]
    ISSUED_TIME_FIELD_NUMBER: _ClassVar[int]
    command_id: str
    inquiry_id: str
    actor: _common_pb2.Actor
    issued_at: str
    answer: str
    links: _containers.RepeatedScalarFieldContainer[str]
    refused: bool
    refusal_ground: str
    issued_time: _timestamp_pb2.Timestamp
    def __init__(self, command_id: _Optional[str] = ..., inquiry_id: _Optional[str] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ..., issued_at: _Optional[str] = ..., answer: _Optional[str] = ..., links: _Optional[_Iterable[str]] = ..., refused: _Optional[bool] = ..., refusal_ground: _Optional[str] = ..., issued_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RequestTransfer(_message.Message):
    __slots__ = ("command_id", "inquiry_id", "actor", "issued_at", "reason", "suggested_agency_id", "issued_time")
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    ISSUED_AT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    SUGGESTED_AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    ISSUED_TIME_FIELD_NUMBER: _ClassVar[int]
    command_id: str
    inquiry_id: str
    actor: _common_pb2.Actor
    issued_at: str
    reason: str
    suggested_agency_id: str
    issued_time: _timestamp_pb2.Timestamp
    def __init__(self, command_id: _Optional[str] = ..., inquiry_id: _Optional[str] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ..., issued_at: _Optional[str] = ..., reason: _Optional[str] = ..., suggested_agency_id: _Optional[str] = ..., issued_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RequestExtension(_message.Message):
    __slots__ = ("command_id", "inquiry_id", "actor", "issued_at", "reason", "issued_time")
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    ISSUED_AT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ISSUED_TIME_FIELD_NUMBER: _ClassVar[int]
    command_id: str
    inquiry_id: str
    actor: _common_pb2.Actor
    issued_at: str
    reason: str
    issued_time: _timestamp_pb2.Timestamp
    def __init__(self, command_id: _Optional[str] = ..., inquiry_id: _Optional[str] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ..., issued_at: _Optional[str] = ..., reason: _Optional[str] = ..., issued_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ReassignInquiry(_message.Message):
    __slots__ = ("command_id", "inquiry_id", "actor", "issued_at", "agency_id", "reason", "issued_time")
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    ISSUED_AT_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ISSUED_TIME_FIELD_NUMBER: _ClassVar[int]
    command_id: str
    inquiry_id: str
    actor: _common_pb2.Actor
    issued_at: str
    agency_id: str
    reason: str
    issued_time: _timestamp_pb2.Timestamp
    def __init__(self, command_id: _Optional[str] = ..., inquiry_id: _Optional[str] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ..., issued_at: _Optional[str] = ..., agency_id: _Optional[str] = ..., reason: _Optional[str] = ..., issued_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class DisputeAnswer(_message.Message):
    __slots__ = ("command_id", "inquiry_id", "actor", "issued_at", "reason", "issued_time")
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    ISSUED_AT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ISSUED_TIME_FIELD_NUMBER: _ClassVar[int]
    command_id: str
    inquiry_id: str
    actor: _common_pb2.Actor
    issued_at: str
    reason: str
    issued_time: _timestamp_pb2.Timestamp
    def __init__(self, command_id: _Optional[str] = ..., inquiry_id: _Optional[str] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ..., issued_at: _Optional[str] = ..., reason: _Optional[str] = ..., issued_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CloseInquiry(_message.Message):
    __slots__ = ("command_id", "inquiry_id", "actor", "issued_at", "reason", "issued_time")
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    ISSUED_AT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ISSUED_TIME_FIELD_NUMBER: _ClassVar[int]
    command_id: str
    inquiry_id: str
    actor: _common_pb2.Actor
    issued_at: str
    reason: str
    issued_time: _timestamp_pb2.Timestamp
    def __init__(self, command_id: _Optional[str] = ..., inquiry_id: _Optional[str] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ..., issued_at: _Optional[str] = ..., reason: _Optional[str] = ..., issued_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SettleDispute(_message.Message):
    __slots__ = ("command_id", "inquiry_id", "actor", "issued_at", "resolution", "reason", "agency_id", "issued_time")
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    ISSUED_AT_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    ISSUED_TIME_FIELD_NUMBER: _ClassVar[int]
    command_id: str
    inquiry_id: str
    actor: _common_pb2.Actor
    issued_at: str
    resolution: _common_pb2.DisputeResolution
    reason: str
    agency_id: str
    issued_time: _timestamp_pb2.Timestamp
    def __init__(self, command_id: _Optional[str] = ..., inquiry_id: _Optional[str] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ..., issued_at: _Optional[str] = ..., resolution: _Optional[_Union[_common_pb2.DisputeResolution, str]] = ..., reason: _Optional[str] = ..., agency_id: _Optional[str] = ..., issued_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
