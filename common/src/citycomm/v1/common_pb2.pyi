import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from citycomm.v1 import options_pb2 as _options_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class InquiryKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INQUIRY_KIND_UNSPECIFIED: _ClassVar[InquiryKind]
    INQUIRY_KIND_PRESS_REQUEST: _ClassVar[InquiryKind]
    INQUIRY_KIND_BRIEFING_QUESTION: _ClassVar[InquiryKind]
    INQUIRY_KIND_MEDIA_ALERT: _ClassVar[InquiryKind]
    INQUIRY_KIND_CITIZEN_FEEDBACK: _ClassVar[InquiryKind]
    INQUIRY_KIND_INFORMATION_REQUEST: _ClassVar[InquiryKind]

class Role(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ROLE_UNSPECIFIED: _ClassVar[Role]
    ROLE_CITIZEN: _ClassVar[Role]
    ROLE_PRESS_AGENCY: _ClassVar[Role]
    ROLE_PRESS_CENTER: _ClassVar[Role]
    ROLE_AGENCY: _ClassVar[Role]
    ROLE_OPERATOR: _ClassVar[Role]
    ROLE_SYSTEM: _ClassVar[Role]

class LifecycleStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LIFECYCLE_STATUS_UNSPECIFIED: _ClassVar[LifecycleStatus]
    LIFECYCLE_STATUS_SUBMITTED: _ClassVar[LifecycleStatus]
    LIFECYCLE_STATUS_ASSIGNED: _ClassVar[LifecycleStatus]
    LIFECYCLE_STATUS_ACKNOWLEDGED: _ClassVar[LifecycleStatus]
    LIFECYCLE_STATUS_TRANSFER_REQUESTED: _ClassVar[LifecycleStatus]
    LIFECYCLE_STATUS_ESCALATED: _ClassVar[LifecycleStatus]
    LIFECYCLE_STATUS_ANSWERED: _ClassVar[LifecycleStatus]
    LIFECYCLE_STATUS_REFUSED: _ClassVar[LifecycleStatus]
    LIFECYCLE_STATUS_REOPENED: _ClassVar[LifecycleStatus]
    LIFECYCLE_STATUS_CLOSED: _ClassVar[LifecycleStatus]

class ReportKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REPORT_KIND_UNSPECIFIED: _ClassVar[ReportKind]
    REPORT_KIND_WEEKLY_BRIEFING: _ClassVar[ReportKind]
    REPORT_KIND_MONTHLY: _ClassVar[ReportKind]
    REPORT_KIND_ON_DEMAND: _ClassVar[ReportKind]

class CommandOutcomeState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    COMMAND_OUTCOME_STATE_UNSPECIFIED: _ClassVar[CommandOutcomeState]
    COMMAND_OUTCOME_STATE_PENDING: _ClassVar[CommandOutcomeState]
    COMMAND_OUTCOME_STATE_ACCEPTED: _ClassVar[CommandOutcomeState]
    COMMAND_OUTCOME_STATE_REJECTED: _ClassVar[CommandOutcomeState]

class DisputeResolution(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DISPUTE_RESOLUTION_UNSPECIFIED: _ClassVar[DisputeResolution]
    DISPUTE_RESOLUTION_ANSWER_STANDS: _ClassVar[DisputeResolution]
    DISPUTE_RESOLUTION_ANSWER_AGAIN: _ClassVar[DisputeResolution]
INQUIRY_KIND_UNSPECIFIED: InquiryKind
INQUIRY_KIND_PRESS_REQUEST: InquiryKind
INQUIRY_KIND_BRIEFING_QUESTION: InquiryKind
INQUIRY_KIND_MEDIA_ALERT: InquiryKind
INQUIRY_KIND_CITIZEN_FEEDBACK: InquiryKind
INQUIRY_KIND_INFORMATION_REQUEST: InquiryKind
ROLE_UNSPECIFIED: Role
ROLE_CITIZEN: Role
ROLE_PRESS_AGENCY: Role
ROLE_PRESS_CENTER: Role
ROLE_AGENCY: Role
ROLE_OPERATOR: Role
ROLE_SYSTEM: Role
LIFECYCLE_STATUS_UNSPECIFIED: LifecycleStatus
LIFECYCLE_STATUS_SUBMITTED: LifecycleStatus
LIFECYCLE_STATUS_ASSIGNED: LifecycleStatus
LIFECYCLE_STATUS_ACKNOWLEDGED: LifecycleStatus
LIFECYCLE_STATUS_TRANSFER_REQUESTED: LifecycleStatus
LIFECYCLE_STATUS_ESCALATED: LifecycleStatus
LIFECYCLE_STATUS_ANSWERED: LifecycleStatus
LIFECYCLE_STATUS_REFUSED: LifecycleStatus
LIFECYCLE_STATUS_REOPENED: LifecycleStatus
LIFECYCLE_STATUS_CLOSED: LifecycleStatus
REPORT_KIND_UNSPECIFIED: ReportKind
REPORT_KIND_WEEKLY_BRIEFING: ReportKind
REPORT_KIND_MONTHLY: ReportKind
REPORT_KIND_ON_DEMAND: ReportKind
COMMAND_OUTCOME_STATE_UNSPECIFIED: CommandOutcomeState
COMMAND_OUTCOME_STATE_PENDING: CommandOutcomeState
COMMAND_OUTCOME_STATE_ACCEPTED: CommandOutcomeState
COMMAND_OUTCOME_STATE_REJECTED: CommandOutcomeState
DISPUTE_RESOLUTION_UNSPECIFIED: DisputeResolution
DISPUTE_RESOLUTION_ANSWER_STANDS: DisputeResolution
DISPUTE_RESOLUTION_ANSWER_AGAIN: DisputeResolution

class Actor(_message.Message):
    __slots__ = ("role", "id")
    ROLE_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    role: Role
    id: str
    def __init__(self, role: _Optional[_Union[Role, str]] = ..., id: _Optional[str] = ...) -> None: ...

class Contact(_message.Message):
    __slots__ = ("name", "phone", "email", "postal_address", "language")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    POSTAL_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    name: str
    phone: str
    email: str
    postal_address: str
    language: str
    def __init__(self, name: _Optional[str] = ..., phone: _Optional[str] = ..., email: _Optional[str] = ..., postal_address: _Optional[str] = ..., language: _Optional[str] = ...) -> None: ...

class Asker(_message.Message):
    __slots__ = ("party_id", "party_name", "journalist")
    PARTY_ID_FIELD_NUMBER: _ClassVar[int]
    PARTY_NAME_FIELD_NUMBER: _ClassVar[int]
    JOURNALIST_FIELD_NUMBER: _ClassVar[int]
    party_id: str
    party_name: str
    journalist: str
    def __init__(self, party_id: _Optional[str] = ..., party_name: _Optional[str] = ..., journalist: _Optional[str] = ...) -> None: ...

class InquiryDetails(_message.Message):
    __slots__ = ("briefing_date", "answer_on_press", "petition_follow_up", "links", "source_urls", "event_at", "urgent", "channel", "complexity", "event_time")
    BRIEFING_DATE_FIELD_NUMBER: _ClassVar[int]
    ANSWER_ON_PRESS_FIELD_NUMBER: _ClassVar[int]
    PETITION_FOLLOW_UP_FIELD_NUMBER: _ClassVar[int]
    LINKS_FIELD_NUMBER: _ClassVar[int]
    SOURCE_URLS_FIELD_NUMBER: _ClassVar[int]
    EVENT_AT_FIELD_NUMBER: _ClassVar[int]
    URGENT_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    COMPLEXITY_FIELD_NUMBER: _ClassVar[int]
    EVENT_TIME_FIELD_NUMBER: _ClassVar[int]
    briefing_date: str
    answer_on_press: bool
    petition_follow_up: bool
    links: _containers.RepeatedScalarFieldContainer[str]
    source_urls: _containers.RepeatedScalarFieldContainer[str]
    event_at: str
    urgent: bool
    channel: str
    complexity: str
    event_time: _timestamp_pb2.Timestamp
    def __init__(self, briefing_date: _Optional[str] = ..., answer_on_press: _Optional[bool] = ..., petition_follow_up: _Optional[bool] = ..., links: _Optional[_Iterable[str]] = ..., source_urls: _Optional[_Iterable[str]] = ..., event_at: _Optional[str] = ..., urgent: _Optional[bool] = ..., channel: _Optional[str] = ..., complexity: _Optional[str] = ..., event_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Deadline(_message.Message):
    __slots__ = ("policy_id", "legal_basis", "due_at", "due_time")
    POLICY_ID_FIELD_NUMBER: _ClassVar[int]
    LEGAL_BASIS_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    DUE_TIME_FIELD_NUMBER: _ClassVar[int]
    policy_id: str
    legal_basis: str
    due_at: str
    due_time: _timestamp_pb2.Timestamp
    def __init__(self, policy_id: _Optional[str] = ..., legal_basis: _Optional[str] = ..., due_at: _Optional[str] = ..., due_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
