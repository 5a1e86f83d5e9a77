import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from citycomm.v1 import options_pb2 as _options_pb2
from citycomm.v1 import common_pb2 as _common_pb2
from citycomm.v1 import attachments_pb2 as _attachments_pb2
from citycomm.v1 import consultations_pb2 as _consultations_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GetInquiryRequest(_message.Message):
    __slots__ = ("inquiry_id", "tracking_code")
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    inquiry_id: str
    tracking_code: str
    def __init__(self, inquiry_id: _Optional[str] = ..., tracking_code: _Optional[str] = ...) -> None: ...

class InquiryStatus(_message.Message):
    __slots__ = ("inquiry_id", "tracking_code", "kind", "status", "agency_id", "agency_name", "due_at", "policy_id", "legal_basis", "received_at", "updated_at", "category", "ward_code", "title", "submitted_by", "answer", "refused", "refusal_ground", "answered_at", "overdue", "last_rejection", "co_handling_agency_ids", "description", "details", "asked_by", "lifecycle_status", "due_time", "received_time", "updated_time", "answered_time", "location", "media_url")
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    AGENCY_NAME_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    POLICY_ID_FIELD_NUMBER: _ClassVar[int]
    LEGAL_BASIS_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    WARD_CODE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_BY_FIELD_NUMBER: _ClassVar[int]
    ANSWER_FIELD_NUMBER: _ClassVar[int]
    REFUSED_FIELD_NUMBER: _ClassVar[int]
    REFUSAL_GROUND_FIELD_NUMBER: _ClassVar[int]
    ANSWERED_AT_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    LAST_REJECTION_FIELD_NUMBER: _ClassVar[int]
    CO_HANDLING_AGENCY_IDS_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    ASKED_BY_FIELD_NUMBER: _ClassVar[int]
    LIFECYCLE_STATUS_FIELD_NUMBER: _ClassVar[int]
    DUE_TIME_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATED_TIME_FIELD_NUMBER: _ClassVar[int]
    ANSWERED_TIME_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    MEDIA_URL_FIELD_NUMBER: _ClassVar[int]
    inquiry_id: str
    tracking_code: str
    kind: _common_pb2.InquiryKind
    status: str
    agency_id: str
    agency_name: str
    due_at: str
    policy_id: str
    legal_basis: str
    received_at: str
    updated_at: str
    category: str
    ward_code: str
    title: str
    submitted_by: _common_pb2.Actor
    answer: str
    refused: bool
    refusal_ground: str
    answered_at: str
    overdue: bool
    last_rejection: str
    co_handling_agency_ids: _containers.RepeatedScalarFieldContainer[str]
    description: str
    details: _common_pb2.InquiryDetails
    asked_by: _common_pb2.Asker
    lifecycle_status: _common_pb2.LifecycleStatus
    due_time: _timestamp_pb2.Timestamp
    received_time: _timestamp_pb2.Timestamp
    updated_time: _timestamp_pb2.Timestamp
    answered_time: _timestamp_pb2.Timestamp
    location: _attachments_pb2.GeoPoint
    media_url: str
    def __init__(self, inquiry_id: _Optional[str] = ..., tracking_code: _Optional[str] = ..., kind: _Optional[_Union[_common_pb2.InquiryKind, str]] = ..., status: _Optional[str] = ..., agency_id: _Optional[str] = ..., agency_name: _Optional[str] = ..., due_at: _Optional[str] = ..., policy_id: _Optional[str] = ..., legal_basis: _Optional[str] = ..., received_at: _Optional[str] = ..., updated_at: _Optional[str] = ..., category: _Optional[str] = ..., ward_code: _Optional[str] = ..., title: _Optional[str] = ..., submitted_by: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ..., answer: _Optional[str] = ..., refused: _Optional[bool] = ..., refusal_ground: _Optional[str] = ..., answered_at: _Optional[str] = ..., overdue: _Optional[bool] = ..., last_rejection: _Optional[str] = ..., co_handling_agency_ids: _Optional[_Iterable[str]] = ..., description: _Optional[str] = ..., details: _Optional[_Union[_common_pb2.InquiryDetails, _Mapping]] = ..., asked_by: _Optional[_Union[_common_pb2.Asker, _Mapping]] = ..., lifecycle_status: _Optional[_Union[_common_pb2.LifecycleStatus, str]] = ..., due_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., received_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., answered_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., location: _Optional[_Union[_attachments_pb2.GeoPoint, _Mapping]] = ..., media_url: _Optional[str] = ...) -> None: ...

class ListInquiriesRequest(_message.Message):
    __slots__ = ("agency_id", "submitter_id", "status", "kind", "category", "ward_code", "overdue_only", "received_from", "received_to", "page_size", "page_token", "lifecycle_status", "inquiry_kind")
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    SUBMITTER_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    WARD_CODE_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_ONLY_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_FROM_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_TO_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    LIFECYCLE_STATUS_FIELD_NUMBER: _ClassVar[int]
    INQUIRY_KIND_FIELD_NUMBER: _ClassVar[int]
    agency_id: str
    submitter_id: str
    status: str
    kind: str
    category: str
    ward_code: str
    overdue_only: bool
    received_from: str
    received_to: str
    page_size: int
    page_token: str
    lifecycle_status: _common_pb2.LifecycleStatus
    inquiry_kind: _common_pb2.InquiryKind
    def __init__(self, agency_id: _Optional[str] = ..., submitter_id: _Optional[str] = ..., status: _Optional[str] = ..., kind: _Optional[str] = ..., category: _Optional[str] = ..., ward_code: _Optional[str] = ..., overdue_only: _Optional[bool] = ..., received_from: _Optional[str] = ..., received_to: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., lifecycle_status: _Optional[_Union[_common_pb2.LifecycleStatus, str]] = ..., inquiry_kind: _Optional[_Union[_common_pb2.InquiryKind, str]] = ...) -> None: ...

class ListInquiriesResponse(_message.Message):
    __slots__ = ("inquiries", "next_page_token")
    INQUIRIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    inquiries: _containers.RepeatedCompositeFieldContainer[InquiryStatus]
    next_page_token: str
    def __init__(self, inquiries: _Optional[_Iterable[_Union[InquiryStatus, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetHistoryRequest(_message.Message):
    __slots__ = ("inquiry_id",)
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    inquiry_id: str
    def __init__(self, inquiry_id: _Optional[str] = ...) -> None: ...

class HistoryEntry(_message.Message):
    __slots__ = ("event_id", "type", "occurred_at", "actor", "summary", "data_json", "occurred_time")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    DATA_JSON_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_TIME_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    type: str
    occurred_at: str
    actor: _common_pb2.Actor
    summary: str
    data_json: str
    occurred_time: _timestamp_pb2.Timestamp
    def __init__(self, event_id: _Optional[str] = ..., type: _Optional[str] = ..., occurred_at: _Optional[str] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ..., summary: _Optional[str] = ..., data_json: _Optional[str] = ..., occurred_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class History(_message.Message):
    __slots__ = ("entries",)
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[HistoryEntry]
    def __init__(self, entries: _Optional[_Iterable[_Union[HistoryEntry, _Mapping]]] = ...) -> None: ...

class GetCommandOutcomeRequest(_message.Message):
    __slots__ = ("command_id",)
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    command_id: str
    def __init__(self, command_id: _Optional[str] = ...) -> None: ...

class CommandOutcome(_message.Message):
    __slots__ = ("command_id", "state", "reason", "event_type", "inquiry_id", "outcome_state")
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_STATE_FIELD_NUMBER: _ClassVar[int]
    command_id: str
    state: str
    reason: str
    event_type: str
    inquiry_id: str
    outcome_state: _common_pb2.CommandOutcomeState
    def __init__(self, command_id: _Optional[str] = ..., state: _Optional[str] = ..., reason: _Optional[str] = ..., event_type: _Optional[str] = ..., inquiry_id: _Optional[str] = ..., outcome_state: _Optional[_Union[_common_pb2.CommandOutcomeState, str]] = ...) -> None: ...

class ListConsultationsRequest(_message.Message):
    __slots__ = ("audience", "drafting_agency_id", "page_size")
    AUDIENCE_FIELD_NUMBER: _ClassVar[int]
    DRAFTING_AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    audience: _consultations_pb2.ConsultationAudience
    drafting_agency_id: str
    page_size: int
    def __init__(self, audience: _Optional[_Union[_consultations_pb2.ConsultationAudience, str]] = ..., drafting_agency_id: _Optional[str] = ..., page_size: _Optional[int] = ...) -> None: ...

class ListedConsultation(_message.Message):
    __slots__ = ("consultation_id", "title", "summary", "drafting_agency_id", "drafting_agency_name", "opens_time", "closes_time", "audiences", "document_links", "policy_id", "comments")
    CONSULTATION_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    DRAFTING_AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    DRAFTING_AGENCY_NAME_FIELD_NUMBER: _ClassVar[int]
    OPENS_TIME_FIELD_NUMBER: _ClassVar[int]
    CLOSES_TIME_FIELD_NUMBER: _ClassVar[int]
    AUDIENCES_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_LINKS_FIELD_NUMBER: _ClassVar[int]
    POLICY_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENTS_FIELD_NUMBER: _ClassVar[int]
    consultation_id: str
    title: str
    summary: str
    drafting_agency_id: str
    drafting_agency_name: str
    opens_time: _timestamp_pb2.Timestamp
    closes_time: _timestamp_pb2.Timestamp
    audiences: _containers.RepeatedScalarFieldContainer[_consultations_pb2.ConsultationAudience]
    document_links: _containers.RepeatedScalarFieldContainer[str]
    policy_id: str
    comments: int
    def __init__(self, consultation_id: _Optional[str] = ..., title: _Optional[str] = ..., summary: _Optional[str] = ..., drafting_agency_id: _Optional[str] = ..., drafting_agency_name: _Optional[str] = ..., opens_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., closes_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., audiences: _Optional[_Iterable[_Union[_consultations_pb2.ConsultationAudience, str]]] = ..., document_links: _Optional[_Iterable[str]] = ..., policy_id: _Optional[str] = ..., comments: _Optional[int] = ...) -> None: ...

class ListConsultationsResponse(_message.Message):
    __slots__ = ("consultations",)
    CONSULTATIONS_FIELD_NUMBER: _ClassVar[int]
    consultations: _containers.RepeatedCompositeFieldContainer[ListedConsultation]
    def __init__(self, consultations: _Optional[_Iterable[_Union[ListedConsultation, _Mapping]]] = ...) -> None: ...
