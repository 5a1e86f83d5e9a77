from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
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
    __slots__ = ("name", "phone", "email")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    name: str
    phone: str
    email: str
    def __init__(self, name: _Optional[str] = ..., phone: _Optional[str] = ..., email: _Optional[str] = ...) -> None: ...

class Deadline(_message.Message):
    __slots__ = ("policy_id", "legal_basis", "due_at")
    POLICY_ID_FIELD_NUMBER: _ClassVar[int]
    LEGAL_BASIS_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    policy_id: str
    legal_basis: str
    due_at: str
    def __init__(self, policy_id: _Optional[str] = ..., legal_basis: _Optional[str] = ..., due_at: _Optional[str] = ...) -> None: ...
