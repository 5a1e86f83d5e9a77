import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from citycomm.v1 import common_pb2 as _common_pb2
from citycomm.v1 import state_pb2 as _state_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ConsultationAudience(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONSULTATION_AUDIENCE_UNSPECIFIED: _ClassVar[ConsultationAudience]
    CONSULTATION_AUDIENCE_PRESS: _ClassVar[ConsultationAudience]
    CONSULTATION_AUDIENCE_PUBLIC: _ClassVar[ConsultationAudience]
    CONSULTATION_AUDIENCE_ORGANISATIONS: _ClassVar[ConsultationAudience]

class DocumentLevel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DOCUMENT_LEVEL_UNSPECIFIED: _ClassVar[DocumentLevel]
    DOCUMENT_LEVEL_CITY: _ClassVar[DocumentLevel]
    DOCUMENT_LEVEL_NATIONAL: _ClassVar[DocumentLevel]
CONSULTATION_AUDIENCE_UNSPECIFIED: ConsultationAudience
CONSULTATION_AUDIENCE_PRESS: ConsultationAudience
CONSULTATION_AUDIENCE_PUBLIC: ConsultationAudience
CONSULTATION_AUDIENCE_ORGANISATIONS: ConsultationAudience
DOCUMENT_LEVEL_UNSPECIFIED: DocumentLevel
DOCUMENT_LEVEL_CITY: DocumentLevel
DOCUMENT_LEVEL_NATIONAL: DocumentLevel

class ConsultationDraft(_message.Message):
    __slots__ = ("title", "summary", "drafting_agency_id", "level", "opens_time", "closes_time", "audiences", "organisation_ids", "document_links", "large_impact")
    TITLE_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    DRAFTING_AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    OPENS_TIME_FIELD_NUMBER: _ClassVar[int]
    CLOSES_TIME_FIELD_NUMBER: _ClassVar[int]
    AUDIENCES_FIELD_NUMBER: _ClassVar[int]
    ORGANISATION_IDS_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_LINKS_FIELD_NUMBER: _ClassVar[int]
    LARGE_IMPACT_FIELD_NUMBER: _ClassVar[int]
    title: str
    summary: str
    drafting_agency_id: str
    level: DocumentLevel
    opens_time: _timestamp_pb2.Timestamp
    closes_time: _timestamp_pb2.Timestamp
    audiences: _containers.RepeatedScalarFieldContainer[ConsultationAudience]
    organisation_ids: _containers.RepeatedScalarFieldContainer[str]
    document_links: _containers.RepeatedScalarFieldContainer[str]
    large_impact: bool
    def __init__(self, title: _Optional[str] = ..., summary: _Optional[str] = ..., drafting_agency_id: _Optional[str] = ..., level: _Optional[_Union[DocumentLevel, str]] = ..., opens_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., closes_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., audiences: _Optional[_Iterable[_Union[ConsultationAudience, str]]] = ..., organisation_ids: _Optional[_Iterable[str]] = ..., document_links: _Optional[_Iterable[str]] = ..., large_impact: _Optional[bool] = ...) -> None: ...

class OpenConsultation(_message.Message):
    __slots__ = ("command_id", "consultation_id", "actor", "draft", "issued_time")
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    CONSULTATION_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    DRAFT_FIELD_NUMBER: _ClassVar[int]
    ISSUED_TIME_FIELD_NUMBER: _ClassVar[int]
    command_id: str
    consultation_id: str
    actor: _common_pb2.Actor
    draft: ConsultationDraft
    issued_time: _timestamp_pb2.Timestamp
    def __init__(self, command_id: _Optional[str] = ..., consultation_id: _Optional[str] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ..., draft: _Optional[_Union[ConsultationDraft, _Mapping]] = ..., issued_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ChangeConsultation(_message.Message):
    __slots__ = ("command_id", "consultation_id", "actor", "draft", "reason", "issued_time")
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    CONSULTATION_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    DRAFT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ISSUED_TIME_FIELD_NUMBER: _ClassVar[int]
    command_id: str
    consultation_id: str
    actor: _common_pb2.Actor
    draft: ConsultationDraft
    reason: str
    issued_time: _timestamp_pb2.Timestamp
    def __init__(self, command_id: _Optional[str] = ..., consultation_id: _Optional[str] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ..., draft: _Optional[_Union[ConsultationDraft, _Mapping]] = ..., reason: _Optional[str] = ..., issued_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CloseConsultation(_message.Message):
    __slots__ = ("command_id", "consultation_id", "actor", "issued_time")
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    CONSULTATION_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    ISSUED_TIME_FIELD_NUMBER: _ClassVar[int]
    command_id: str
    consultation_id: str
    actor: _common_pb2.Actor
    issued_time: _timestamp_pb2.Timestamp
    def __init__(self, command_id: _Optional[str] = ..., consultation_id: _Optional[str] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ..., issued_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class PublishConsultationResponse(_message.Message):
    __slots__ = ("command_id", "consultation_id", "actor", "response_url", "summary", "issued_time")
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    CONSULTATION_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_URL_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    ISSUED_TIME_FIELD_NUMBER: _ClassVar[int]
    command_id: str
    consultation_id: str
    actor: _common_pb2.Actor
    response_url: str
    summary: str
    issued_time: _timestamp_pb2.Timestamp
    def __init__(self, command_id: _Optional[str] = ..., consultation_id: _Optional[str] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ..., response_url: _Optional[str] = ..., summary: _Optional[str] = ..., issued_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SubmitConsultationComment(_message.Message):
    __slots__ = ("command_id", "consultation_id", "comment_id", "submitted_by", "audience", "article", "theme", "text", "contact", "received_time", "channel")
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    CONSULTATION_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_BY_FIELD_NUMBER: _ClassVar[int]
    AUDIENCE_FIELD_NUMBER: _ClassVar[int]
    ARTICLE_FIELD_NUMBER: _ClassVar[int]
    THEME_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    CONTACT_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_TIME_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    command_id: str
    consultation_id: str
    comment_id: str
    submitted_by: _common_pb2.Actor
    audience: ConsultationAudience
    article: str
    theme: str
    text: str
    contact: _common_pb2.Contact
    received_time: _timestamp_pb2.Timestamp
    channel: str
    def __init__(self, command_id: _Optional[str] = ..., consultation_id: _Optional[str] = ..., comment_id: _Optional[str] = ..., submitted_by: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ..., audience: _Optional[_Union[ConsultationAudience, str]] = ..., article: _Optional[str] = ..., theme: _Optional[str] = ..., text: _Optional[str] = ..., contact: _Optional[_Union[_common_pb2.Contact, _Mapping]] = ..., received_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., channel: _Optional[str] = ...) -> None: ...

class ConsultationOpened(_message.Message):
    __slots__ = ("consultation_id", "command_id", "actor", "draft", "policy_id", "opened_time", "response_due_time")
    CONSULTATION_ID_FIELD_NUMBER: _ClassVar[int]
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    DRAFT_FIELD_NUMBER: _ClassVar[int]
    POLICY_ID_FIELD_NUMBER: _ClassVar[int]
    OPENED_TIME_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_DUE_TIME_FIELD_NUMBER: _ClassVar[int]
    consultation_id: str
    command_id: str
    actor: _common_pb2.Actor
    draft: ConsultationDraft
    policy_id: str
    opened_time: _timestamp_pb2.Timestamp
    response_due_time: _timestamp_pb2.Timestamp
    def __init__(self, consultation_id: _Optional[str] = ..., command_id: _Optional[str] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ..., draft: _Optional[_Union[ConsultationDraft, _Mapping]] = ..., policy_id: _Optional[str] = ..., opened_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., response_due_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ConsultationChanged(_message.Message):
    __slots__ = ("consultation_id", "command_id", "actor", "draft", "policy_id", "reason", "changed_time", "response_due_time")
    CONSULTATION_ID_FIELD_NUMBER: _ClassVar[int]
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    DRAFT_FIELD_NUMBER: _ClassVar[int]
    POLICY_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CHANGED_TIME_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_DUE_TIME_FIELD_NUMBER: _ClassVar[int]
    consultation_id: str
    command_id: str
    actor: _common_pb2.Actor
    draft: ConsultationDraft
    policy_id: str
    reason: str
    changed_time: _timestamp_pb2.Timestamp
    response_due_time: _timestamp_pb2.Timestamp
    def __init__(self, consultation_id: _Optional[str] = ..., command_id: _Optional[str] = ..., actor: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ..., draft: _Optional[_Union[ConsultationDraft, _Mapping]] = ..., policy_id: _Optional[str] = ..., reason: _Optional[str] = ..., changed_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., response_due_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ConsultationClosed(_message.Message):
    __slots__ = ("consultation_id", "command_id", "drafting_agency_id", "policy_id", "comments", "closed_time", "response_due_time")
    CONSULTATION_ID_FIELD_NUMBER: _ClassVar[int]
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    DRAFTING_AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    POLICY_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENTS_FIELD_NUMBER: _ClassVar[int]
    CLOSED_TIME_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_DUE_TIME_FIELD_NUMBER: _ClassVar[int]
    consultation_id: str
    command_id: str
    drafting_agency_id: str
    policy_id: str
    comments: int
    closed_time: _timestamp_pb2.Timestamp
    response_due_time: _timestamp_pb2.Timestamp
    def __init__(self, consultation_id: _Optional[str] = ..., command_id: _Optional[str] = ..., drafting_agency_id: _Optional[str] = ..., policy_id: _Optional[str] = ..., comments: _Optional[int] = ..., closed_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., response_due_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ConsultationResponsePublished(_message.Message):
    __slots__ = ("consultation_id", "command_id", "drafting_agency_id", "response_url", "summary", "on_time", "published_time", "response_due_time", "commenter_ids")
    CONSULTATION_ID_FIELD_NUMBER: _ClassVar[int]
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    DRAFTING_AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_URL_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    ON_TIME_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_TIME_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_DUE_TIME_FIELD_NUMBER: _ClassVar[int]
    COMMENTER_IDS_FIELD_NUMBER: _ClassVar[int]
    consultation_id: str
    command_id: str
    drafting_agency_id: str
    response_url: str
    summary: str
    on_time: bool
    published_time: _timestamp_pb2.Timestamp
    response_due_time: _timestamp_pb2.Timestamp
    commenter_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, consultation_id: _Optional[str] = ..., command_id: _Optional[str] = ..., drafting_agency_id: _Optional[str] = ..., response_url: _Optional[str] = ..., summary: _Optional[str] = ..., on_time: _Optional[bool] = ..., published_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., response_due_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., commenter_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ConsultationCommentReceived(_message.Message):
    __slots__ = ("consultation_id", "command_id", "comment_id", "drafting_agency_id", "submitted_by", "audience", "article", "theme", "text", "received_time", "contact")
    CONSULTATION_ID_FIELD_NUMBER: _ClassVar[int]
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    DRAFTING_AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_BY_FIELD_NUMBER: _ClassVar[int]
    AUDIENCE_FIELD_NUMBER: _ClassVar[int]
    ARTICLE_FIELD_NUMBER: _ClassVar[int]
    THEME_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_TIME_FIELD_NUMBER: _ClassVar[int]
    CONTACT_FIELD_NUMBER: _ClassVar[int]
    consultation_id: str
    command_id: str
    comment_id: str
    drafting_agency_id: str
    submitted_by: _common_pb2.Actor
    audience: ConsultationAudience
    article: str
    theme: str
    text: str
    received_time: _timestamp_pb2.Timestamp
    contact: _common_pb2.Contact
    def __init__(self, consultation_id: _Optional[str] = ..., command_id: _Optional[str] = ..., comment_id: _Optional[str] = ..., drafting_agency_id: _Optional[str] = ..., submitted_by: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ..., audience: _Optional[_Union[ConsultationAudience, str]] = ..., article: _Optional[str] = ..., theme: _Optional[str] = ..., text: _Optional[str] = ..., received_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., contact: _Optional[_Union[_common_pb2.Contact, _Mapping]] = ...) -> None: ...

class ConsultationCommandRefused(_message.Message):
    __slots__ = ("consultation_id", "command_id", "comment_id", "code", "detail_vi", "detail", "refused_time", "status")
    CONSULTATION_ID_FIELD_NUMBER: _ClassVar[int]
    COMMAND_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    DETAIL_VI_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    REFUSED_TIME_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    consultation_id: str
    command_id: str
    comment_id: str
    code: str
    detail_vi: str
    detail: str
    refused_time: _timestamp_pb2.Timestamp
    status: int
    def __init__(self, consultation_id: _Optional[str] = ..., command_id: _Optional[str] = ..., comment_id: _Optional[str] = ..., code: _Optional[str] = ..., detail_vi: _Optional[str] = ..., detail: _Optional[str] = ..., refused_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., status: _Optional[int] = ...) -> None: ...

class ConsultationState(_message.Message):
    __slots__ = ("consultation_id", "draft", "policy_id", "state", "opened_time", "closed_time", "response_due_time", "response_published_time", "response_url", "comments", "recent_decisions", "commenter_ids")
    CONSULTATION_ID_FIELD_NUMBER: _ClassVar[int]
    DRAFT_FIELD_NUMBER: _ClassVar[int]
    POLICY_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    OPENED_TIME_FIELD_NUMBER: _ClassVar[int]
    CLOSED_TIME_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_DUE_TIME_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_PUBLISHED_TIME_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_URL_FIELD_NUMBER: _ClassVar[int]
    COMMENTS_FIELD_NUMBER: _ClassVar[int]
    RECENT_DECISIONS_FIELD_NUMBER: _ClassVar[int]
    COMMENTER_IDS_FIELD_NUMBER: _ClassVar[int]
    consultation_id: str
    draft: ConsultationDraft
    policy_id: str
    state: str
    opened_time: _timestamp_pb2.Timestamp
    closed_time: _timestamp_pb2.Timestamp
    response_due_time: _timestamp_pb2.Timestamp
    response_published_time: _timestamp_pb2.Timestamp
    response_url: str
    comments: int
    recent_decisions: _containers.RepeatedCompositeFieldContainer[_state_pb2.RecentDecision]
    commenter_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, consultation_id: _Optional[str] = ..., draft: _Optional[_Union[ConsultationDraft, _Mapping]] = ..., policy_id: _Optional[str] = ..., state: _Optional[str] = ..., opened_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., closed_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., response_due_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., response_published_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., response_url: _Optional[str] = ..., comments: _Optional[int] = ..., recent_decisions: _Optional[_Iterable[_Union[_state_pb2.RecentDecision, _Mapping]]] = ..., commenter_ids: _Optional[_Iterable[str]] = ...) -> None: ...
