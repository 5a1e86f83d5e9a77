import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from citycomm.v1 import common_pb2 as _common_pb2
from citycomm.v1 import directory_pb2 as _directory_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class LocalizedText(_message.Message):
    __slots__ = ("vi", "en")
    VI_FIELD_NUMBER: _ClassVar[int]
    EN_FIELD_NUMBER: _ClassVar[int]
    vi: str
    en: str
    def __init__(self, vi: _Optional[str] = ..., en: _Optional[str] = ...) -> None: ...

class StageNotice(_message.Message):
    __slots__ = ("notice_id", "stage", "inquiry_id", "tracking_code", "title", "kind", "agency_id", "policy_id", "due_time", "assigned_time", "roles", "contacts")
    NOTICE_ID_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    POLICY_ID_FIELD_NUMBER: _ClassVar[int]
    DUE_TIME_FIELD_NUMBER: _ClassVar[int]
    ASSIGNED_TIME_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    CONTACTS_FIELD_NUMBER: _ClassVar[int]
    notice_id: str
    stage: str
    inquiry_id: str
    tracking_code: str
    title: str
    kind: _common_pb2.InquiryKind
    agency_id: str
    policy_id: str
    due_time: _timestamp_pb2.Timestamp
    assigned_time: _timestamp_pb2.Timestamp
    roles: _containers.RepeatedScalarFieldContainer[str]
    contacts: _containers.RepeatedCompositeFieldContainer[_directory_pb2.AgencyContact]
    def __init__(self, notice_id: _Optional[str] = ..., stage: _Optional[str] = ..., inquiry_id: _Optional[str] = ..., tracking_code: _Optional[str] = ..., title: _Optional[str] = ..., kind: _Optional[_Union[_common_pb2.InquiryKind, str]] = ..., agency_id: _Optional[str] = ..., policy_id: _Optional[str] = ..., due_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., assigned_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., roles: _Optional[_Iterable[str]] = ..., contacts: _Optional[_Iterable[_Union[_directory_pb2.AgencyContact, _Mapping]]] = ...) -> None: ...

class DigestItem(_message.Message):
    __slots__ = ("inquiry_id", "tracking_code", "title", "kind", "due_time", "overdue", "stages_sent")
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    DUE_TIME_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    STAGES_SENT_FIELD_NUMBER: _ClassVar[int]
    inquiry_id: str
    tracking_code: str
    title: str
    kind: _common_pb2.InquiryKind
    due_time: _timestamp_pb2.Timestamp
    overdue: bool
    stages_sent: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, inquiry_id: _Optional[str] = ..., tracking_code: _Optional[str] = ..., title: _Optional[str] = ..., kind: _Optional[_Union[_common_pb2.InquiryKind, str]] = ..., due_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., overdue: _Optional[bool] = ..., stages_sent: _Optional[_Iterable[str]] = ...) -> None: ...

class DailyDigest(_message.Message):
    __slots__ = ("agency_id", "day", "generated_time", "open", "overdue", "items")
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    DAY_FIELD_NUMBER: _ClassVar[int]
    GENERATED_TIME_FIELD_NUMBER: _ClassVar[int]
    OPEN_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    agency_id: str
    day: str
    generated_time: _timestamp_pb2.Timestamp
    open: int
    overdue: int
    items: _containers.RepeatedCompositeFieldContainer[DigestItem]
    def __init__(self, agency_id: _Optional[str] = ..., day: _Optional[str] = ..., generated_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., open: _Optional[int] = ..., overdue: _Optional[int] = ..., items: _Optional[_Iterable[_Union[DigestItem, _Mapping]]] = ...) -> None: ...

class AgencyUnreachable(_message.Message):
    __slots__ = ("notice_id", "stage", "agency_id", "endpoint_id", "delivery_id", "event_type", "inquiry_id", "attempts", "error")
    NOTICE_ID_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    ENDPOINT_ID_FIELD_NUMBER: _ClassVar[int]
    DELIVERY_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    notice_id: str
    stage: str
    agency_id: str
    endpoint_id: str
    delivery_id: str
    event_type: str
    inquiry_id: str
    attempts: int
    error: str
    def __init__(self, notice_id: _Optional[str] = ..., stage: _Optional[str] = ..., agency_id: _Optional[str] = ..., endpoint_id: _Optional[str] = ..., delivery_id: _Optional[str] = ..., event_type: _Optional[str] = ..., inquiry_id: _Optional[str] = ..., attempts: _Optional[int] = ..., error: _Optional[str] = ...) -> None: ...

class ReportNotice(_message.Message):
    __slots__ = ("report_id", "kind", "period_start", "period_end", "published_time", "content_type", "content", "content_omitted")
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PERIOD_START_FIELD_NUMBER: _ClassVar[int]
    PERIOD_END_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_TIME_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    CONTENT_OMITTED_FIELD_NUMBER: _ClassVar[int]
    report_id: str
    kind: _common_pb2.ReportKind
    period_start: _timestamp_pb2.Timestamp
    period_end: _timestamp_pb2.Timestamp
    published_time: _timestamp_pb2.Timestamp
    content_type: str
    content: str
    content_omitted: str
    def __init__(self, report_id: _Optional[str] = ..., kind: _Optional[_Union[_common_pb2.ReportKind, str]] = ..., period_start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., period_end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., published_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., content_type: _Optional[str] = ..., content: _Optional[str] = ..., content_omitted: _Optional[str] = ...) -> None: ...

class Ping(_message.Message):
    __slots__ = ("agency_id", "requested_by", "request_id")
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_BY_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    agency_id: str
    requested_by: str
    request_id: str
    def __init__(self, agency_id: _Optional[str] = ..., requested_by: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class SubmissionProgress(_message.Message):
    __slots__ = ("inquiry_id", "tracking_code", "title", "kind", "agency_id", "previous_agency_id", "due_time", "happened_time", "note", "reason", "answer", "links", "refused", "refusal_ground", "on_time")
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    DUE_TIME_FIELD_NUMBER: _ClassVar[int]
    HAPPENED_TIME_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ANSWER_FIELD_NUMBER: _ClassVar[int]
    LINKS_FIELD_NUMBER: _ClassVar[int]
    REFUSED_FIELD_NUMBER: _ClassVar[int]
    REFUSAL_GROUND_FIELD_NUMBER: _ClassVar[int]
    ON_TIME_FIELD_NUMBER: _ClassVar[int]
    inquiry_id: str
    tracking_code: str
    title: str
    kind: _common_pb2.InquiryKind
    agency_id: str
    previous_agency_id: str
    due_time: _timestamp_pb2.Timestamp
    happened_time: _timestamp_pb2.Timestamp
    note: str
    reason: str
    answer: str
    links: _containers.RepeatedScalarFieldContainer[str]
    refused: bool
    refusal_ground: str
    on_time: bool
    def __init__(self, inquiry_id: _Optional[str] = ..., tracking_code: _Optional[str] = ..., title: _Optional[str] = ..., kind: _Optional[_Union[_common_pb2.InquiryKind, str]] = ..., agency_id: _Optional[str] = ..., previous_agency_id: _Optional[str] = ..., due_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., happened_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., note: _Optional[str] = ..., reason: _Optional[str] = ..., answer: _Optional[str] = ..., links: _Optional[_Iterable[str]] = ..., refused: _Optional[bool] = ..., refusal_ground: _Optional[str] = ..., on_time: _Optional[bool] = ...) -> None: ...
