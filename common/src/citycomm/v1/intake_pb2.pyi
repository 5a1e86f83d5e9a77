import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from citycomm.v1 import options_pb2 as _options_pb2
from citycomm.v1 import common_pb2 as _common_pb2
from citycomm.v1 import reporting_pb2 as _reporting_pb2
from citycomm.v1 import attachments_pb2 as _attachments_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Submission(_message.Message):
    __slots__ = ("idempotency_key", "press_request", "briefing_question", "media_alert", "citizen_feedback", "information_request", "attachments", "location")
    class PressRequest(_message.Message):
        __slots__ = ("agency_id", "title", "question", "answer_on_press", "petition_follow_up", "links", "category", "ward", "journalist")
        AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
        TITLE_FIELD_NUMBER: _ClassVar[int]
        QUESTION_FIELD_NUMBER: _ClassVar[int]
        ANSWER_ON_PRESS_FIELD_NUMBER: _ClassVar[int]
        PETITION_FOLLOW_UP_FIELD_NUMBER: _ClassVar[int]
        LINKS_FIELD_NUMBER: _ClassVar[int]
        CATEGORY_FIELD_NUMBER: _ClassVar[int]
        WARD_FIELD_NUMBER: _ClassVar[int]
        JOURNALIST_FIELD_NUMBER: _ClassVar[int]
        agency_id: str
        title: str
        question: str
        answer_on_press: bool
        petition_follow_up: bool
        links: _containers.RepeatedScalarFieldContainer[str]
        category: str
        ward: str
        journalist: str
        def __init__(self, agency_id: _Optional[str] = ..., title: _Optional[str] = ..., question: _Optional[str] = ..., answer_on_press: _Optional[bool] = ..., petition_follow_up: _Optional[bool] = ..., links: _Optional[_Iterable[str]] = ..., category: _Optional[str] = ..., ward: _Optional[str] = ..., journalist: _Optional[str] = ...) -> None: ...
    class BriefingQuestion(_message.Message):
        __slots__ = ("briefing_date", "agency_id", "title", "question", "asked_by", "category", "journalist")
        BRIEFING_DATE_FIELD_NUMBER: _ClassVar[int]
        AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
        TITLE_FIELD_NUMBER: _ClassVar[int]
        QUESTION_FIELD_NUMBER: _ClassVar[int]
        ASKED_BY_FIELD_NUMBER: _ClassVar[int]
        CATEGORY_FIELD_NUMBER: _ClassVar[int]
        JOURNALIST_FIELD_NUMBER: _ClassVar[int]
        briefing_date: str
        agency_id: str
        title: str
        question: str
        asked_by: str
        category: str
        journalist: str
        def __init__(self, briefing_date: _Optional[str] = ..., agency_id: _Optional[str] = ..., title: _Optional[str] = ..., question: _Optional[str] = ..., asked_by: _Optional[str] = ..., category: _Optional[str] = ..., journalist: _Optional[str] = ...) -> None: ...
    class MediaAlert(_message.Message):
        __slots__ = ("title", "description", "source_urls", "detected_at", "agency_id", "category", "ward", "detected_time")
        TITLE_FIELD_NUMBER: _ClassVar[int]
        DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
        SOURCE_URLS_FIELD_NUMBER: _ClassVar[int]
        DETECTED_AT_FIELD_NUMBER: _ClassVar[int]
        AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
        CATEGORY_FIELD_NUMBER: _ClassVar[int]
        WARD_FIELD_NUMBER: _ClassVar[int]
        DETECTED_TIME_FIELD_NUMBER: _ClassVar[int]
        title: str
        description: str
        source_urls: _containers.RepeatedScalarFieldContainer[str]
        detected_at: str
        agency_id: str
        category: str
        ward: str
        detected_time: _timestamp_pb2.Timestamp
        def __init__(self, title: _Optional[str] = ..., description: _Optional[str] = ..., source_urls: _Optional[_Iterable[str]] = ..., detected_at: _Optional[str] = ..., agency_id: _Optional[str] = ..., category: _Optional[str] = ..., ward: _Optional[str] = ..., detected_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
    class CitizenFeedback(_message.Message):
        __slots__ = ("category", "ward", "title", "description", "contact")
        CATEGORY_FIELD_NUMBER: _ClassVar[int]
        WARD_FIELD_NUMBER: _ClassVar[int]
        TITLE_FIELD_NUMBER: _ClassVar[int]
        DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
        CONTACT_FIELD_NUMBER: _ClassVar[int]
        category: str
        ward: str
        title: str
        description: str
        contact: _common_pb2.Contact
        def __init__(self, category: _Optional[str] = ..., ward: _Optional[str] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., contact: _Optional[_Union[_common_pb2.Contact, _Mapping]] = ...) -> None: ...
    class InformationRequest(_message.Message):
        __slots__ = ("agency_id", "title", "description", "channel", "complexity", "requester", "postal_address")
        AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
        TITLE_FIELD_NUMBER: _ClassVar[int]
        DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
        CHANNEL_FIELD_NUMBER: _ClassVar[int]
        COMPLEXITY_FIELD_NUMBER: _ClassVar[int]
        REQUESTER_FIELD_NUMBER: _ClassVar[int]
        POSTAL_ADDRESS_FIELD_NUMBER: _ClassVar[int]
        agency_id: str
        title: str
        description: str
        channel: str
        complexity: str
        requester: _common_pb2.Contact
        postal_address: str
        def __init__(self, agency_id: _Optional[str] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., channel: _Optional[str] = ..., complexity: _Optional[str] = ..., requester: _Optional[_Union[_common_pb2.Contact, _Mapping]] = ..., postal_address: _Optional[str] = ...) -> None: ...
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    PRESS_REQUEST_FIELD_NUMBER: _ClassVar[int]
    BRIEFING_QUESTION_FIELD_NUMBER: _ClassVar[int]
    MEDIA_ALERT_FIELD_NUMBER: _ClassVar[int]
    CITIZEN_FEEDBACK_FIELD_NUMBER: _ClassVar[int]
    INFORMATION_REQUEST_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    press_request: Submission.PressRequest
    briefing_question: Submission.BriefingQuestion
    media_alert: Submission.MediaAlert
    citizen_feedback: Submission.CitizenFeedback
    information_request: Submission.InformationRequest
    attachments: _containers.RepeatedScalarFieldContainer[bytes]
    location: _attachments_pb2.GeoPoint
    def __init__(self, idempotency_key: _Optional[str] = ..., press_request: _Optional[_Union[Submission.PressRequest, _Mapping]] = ..., briefing_question: _Optional[_Union[Submission.BriefingQuestion, _Mapping]] = ..., media_alert: _Optional[_Union[Submission.MediaAlert, _Mapping]] = ..., citizen_feedback: _Optional[_Union[Submission.CitizenFeedback, _Mapping]] = ..., information_request: _Optional[_Union[Submission.InformationRequest, _Mapping]] = ..., attachments: _Optional[_Iterable[bytes]] = ..., location: _Optional[_Union[_attachments_pb2.GeoPoint, _Mapping]] = ...) -> None: ...

class SubmissionReceipt(_message.Message):
    __slots__ = ("inquiry_id", "tracking_code", "command_id", "status", "lifecycle_status")
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    LIFECYCLE_STATUS_FIELD_NUMBER: _ClassVar[int]
    inquiry_id: str
    tracking_code: str
    command_id: str
    status: str
    lifecycle_status: _common_pb2.LifecycleStatus
    def __init__(self, inquiry_id: _Optional[str] = ..., tracking_code: _Optional[str] = ..., command_id: _Optional[str] = ..., status: _Optional[str] = ..., lifecycle_status: _Optional[_Union[_common_pb2.LifecycleStatus, str]] = ...) -> None: ...

class FieldViolation(_message.Message):
    __slots__ = ("field", "message", "message_vi")
    FIELD_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_VI_FIELD_NUMBER: _ClassVar[int]
    field: str
    message: str
    message_vi: str
    def __init__(self, field: _Optional[str] = ..., message: _Optional[str] = ..., message_vi: _Optional[str] = ...) -> None: ...

class BulkItemResult(_message.Message):
    __slots__ = ("index", "idempotency_key", "accepted", "receipt", "error_code", "error", "violations")
    INDEX_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_FIELD_NUMBER: _ClassVar[int]
    ERROR_CODE_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    VIOLATIONS_FIELD_NUMBER: _ClassVar[int]
    index: int
    idempotency_key: str
    accepted: bool
    receipt: SubmissionReceipt
    error_code: str
    error: str
    violations: _containers.RepeatedCompositeFieldContainer[FieldViolation]
    def __init__(self, index: _Optional[int] = ..., idempotency_key: _Optional[str] = ..., accepted: _Optional[bool] = ..., receipt: _Optional[_Union[SubmissionReceipt, _Mapping]] = ..., error_code: _Optional[str] = ..., error: _Optional[str] = ..., violations: _Optional[_Iterable[_Union[FieldViolation, _Mapping]]] = ...) -> None: ...

class BulkSubmitResponse(_message.Message):
    __slots__ = ("received", "accepted", "failed", "results")
    RECEIVED_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    FAILED_FIELD_NUMBER: _ClassVar[int]
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    received: int
    accepted: int
    failed: int
    results: _containers.RepeatedCompositeFieldContainer[BulkItemResult]
    def __init__(self, received: _Optional[int] = ..., accepted: _Optional[int] = ..., failed: _Optional[int] = ..., results: _Optional[_Iterable[_Union[BulkItemResult, _Mapping]]] = ...) -> None: ...

class ConsultationComment(_message.Message):
    __slots__ = ("idempotency_key", "consultation_id", "text", "article", "theme", "contact", "wait_seconds")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    CONSULTATION_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    ARTICLE_FIELD_NUMBER: _ClassVar[int]
    THEME_FIELD_NUMBER: _ClassVar[int]
    CONTACT_FIELD_NUMBER: _ClassVar[int]
    WAIT_SECONDS_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    consultation_id: str
    text: str
    article: str
    theme: str
    contact: _common_pb2.Contact
    wait_seconds: int
    def __init__(self, idempotency_key: _Optional[str] = ..., consultation_id: _Optional[str] = ..., text: _Optional[str] = ..., article: _Optional[str] = ..., theme: _Optional[str] = ..., contact: _Optional[_Union[_common_pb2.Contact, _Mapping]] = ..., wait_seconds: _Optional[int] = ...) -> None: ...

class BulkCommentResult(_message.Message):
    __slots__ = ("index", "idempotency_key", "consultation_id", "state", "comment_id", "command_id", "error_code", "status", "error", "error_vi", "violations")
    INDEX_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    CONSULTATION_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    ERROR_CODE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    ERROR_VI_FIELD_NUMBER: _ClassVar[int]
    VIOLATIONS_FIELD_NUMBER: _ClassVar[int]
    index: int
    idempotency_key: str
    consultation_id: str
    state: str
    comment_id: str
    command_id: str
    error_code: str
    status: int
    error: str
    error_vi: str
    violations: _containers.RepeatedCompositeFieldContainer[FieldViolation]
    def __init__(self, index: _Optional[int] = ..., idempotency_key: _Optional[str] = ..., consultation_id: _Optional[str] = ..., state: _Optional[str] = ..., comment_id: _Optional[str] = ..., command_id: _Optional[str] = ..., error_code: _Optional[str] = ..., status: _Optional[int] = ..., error: _Optional[str] = ..., error_vi: _Optional[str] = ..., violations: _Optional[_Iterable[_Union[FieldViolation, _Mapping]]] = ...) -> None: ...

class BulkCommentResponse(_message.Message):
    __slots__ = ("received", "accepted", "failed", "results")
    RECEIVED_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    FAILED_FIELD_NUMBER: _ClassVar[int]
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    received: int
    accepted: int
    failed: int
    results: _containers.RepeatedCompositeFieldContainer[BulkCommentResult]
    def __init__(self, received: _Optional[int] = ..., accepted: _Optional[int] = ..., failed: _Optional[int] = ..., results: _Optional[_Iterable[_Union[BulkCommentResult, _Mapping]]] = ...) -> None: ...

class ListOwnInquiriesRequest(_message.Message):
    __slots__ = ("status", "kind", "page_size", "page_token", "agency_id", "lifecycle_status", "inquiry_kind")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    LIFECYCLE_STATUS_FIELD_NUMBER: _ClassVar[int]
    INQUIRY_KIND_FIELD_NUMBER: _ClassVar[int]
    status: str
    kind: str
    page_size: int
    page_token: str
    agency_id: str
    lifecycle_status: _common_pb2.LifecycleStatus
    inquiry_kind: _common_pb2.InquiryKind
    def __init__(self, status: _Optional[str] = ..., kind: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., agency_id: _Optional[str] = ..., lifecycle_status: _Optional[_Union[_common_pb2.LifecycleStatus, str]] = ..., inquiry_kind: _Optional[_Union[_common_pb2.InquiryKind, str]] = ...) -> None: ...

class AcknowledgeRequest(_message.Message):
    __slots__ = ("inquiry_id", "note", "wait_seconds")
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    WAIT_SECONDS_FIELD_NUMBER: _ClassVar[int]
    inquiry_id: str
    note: str
    wait_seconds: int
    def __init__(self, inquiry_id: _Optional[str] = ..., note: _Optional[str] = ..., wait_seconds: _Optional[int] = ...) -> None: ...

class AnswerRequest(_message.Message):
    __slots__ = ("inquiry_id", "answer", "links", "refused", "refusal_ground", "wait_seconds")
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    ANSWER_FIELD_NUMBER: _ClassVar[int]
    LINKS_FIELD_NUMBER: _ClassVar[int]
    REFUSED_FIELD_NUMBER: _ClassVar[int]
    REFUSAL_GROUND_FIELD_NUMBER: _ClassVar[int]
    WAIT_SECONDS_FIELD_NUMBER: _ClassVar[int]
    inquiry_id: str
    answer: str
    links: _containers.RepeatedScalarFieldContainer[str]
    refused: bool
    refusal_ground: str
    wait_seconds: int
    def __init__(self, inquiry_id: _Optional[str] = ..., answer: _Optional[str] = ..., links: _Optional[_Iterable[str]] = ..., refused: _Optional[bool] = ..., refusal_ground: _Optional[str] = ..., wait_seconds: _Optional[int] = ...) -> None: ...

class TransferRequest(_message.Message):
    __slots__ = ("inquiry_id", "reason", "suggested_agency_id", "wait_seconds")
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    SUGGESTED_AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    WAIT_SECONDS_FIELD_NUMBER: _ClassVar[int]
    inquiry_id: str
    reason: str
    suggested_agency_id: str
    wait_seconds: int
    def __init__(self, inquiry_id: _Optional[str] = ..., reason: _Optional[str] = ..., suggested_agency_id: _Optional[str] = ..., wait_seconds: _Optional[int] = ...) -> None: ...

class ExtensionRequest(_message.Message):
    __slots__ = ("inquiry_id", "reason", "wait_seconds")
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    WAIT_SECONDS_FIELD_NUMBER: _ClassVar[int]
    inquiry_id: str
    reason: str
    wait_seconds: int
    def __init__(self, inquiry_id: _Optional[str] = ..., reason: _Optional[str] = ..., wait_seconds: _Optional[int] = ...) -> None: ...

class ReassignRequest(_message.Message):
    __slots__ = ("inquiry_id", "agency_id", "reason", "wait_seconds")
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    WAIT_SECONDS_FIELD_NUMBER: _ClassVar[int]
    inquiry_id: str
    agency_id: str
    reason: str
    wait_seconds: int
    def __init__(self, inquiry_id: _Optional[str] = ..., agency_id: _Optional[str] = ..., reason: _Optional[str] = ..., wait_seconds: _Optional[int] = ...) -> None: ...

class CloseRequest(_message.Message):
    __slots__ = ("inquiry_id", "reason", "wait_seconds")
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    WAIT_SECONDS_FIELD_NUMBER: _ClassVar[int]
    inquiry_id: str
    reason: str
    wait_seconds: int
    def __init__(self, inquiry_id: _Optional[str] = ..., reason: _Optional[str] = ..., wait_seconds: _Optional[int] = ...) -> None: ...

class DisputeRequest(_message.Message):
    __slots__ = ("inquiry_id", "reason", "wait_seconds")
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    WAIT_SECONDS_FIELD_NUMBER: _ClassVar[int]
    inquiry_id: str
    reason: str
    wait_seconds: int
    def __init__(self, inquiry_id: _Optional[str] = ..., reason: _Optional[str] = ..., wait_seconds: _Optional[int] = ...) -> None: ...

class SettleDisputeRequest(_message.Message):
    __slots__ = ("inquiry_id", "resolution", "reason", "agency_id", "wait_seconds")
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    WAIT_SECONDS_FIELD_NUMBER: _ClassVar[int]
    inquiry_id: str
    resolution: str
    reason: str
    agency_id: str
    wait_seconds: int
    def __init__(self, inquiry_id: _Optional[str] = ..., resolution: _Optional[str] = ..., reason: _Optional[str] = ..., agency_id: _Optional[str] = ..., wait_seconds: _Optional[int] = ...) -> None: ...

class CommandReceipt(_message.Message):
    __slots__ = ("command_id", "inquiry_id", "state", "reason", "event_type")
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    command_id: str
    inquiry_id: str
    state: str
    reason: str
    event_type: str
    def __init__(self, command_id: _Optional[str] = ..., inquiry_id: _Optional[str] = ..., state: _Optional[str] = ..., reason: _Optional[str] = ..., event_type: _Optional[str] = ...) -> None: ...
