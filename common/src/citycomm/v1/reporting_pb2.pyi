from citycomm.v1 import common_pb2 as _common_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
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
    __slots__ = ("inquiry_id", "tracking_code", "kind", "status", "agency_id", "agency_name", "due_at", "policy_id", "legal_basis", "received_at", "updated_at", "category", "ward_code", "title", "submitted_by")
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
    def __init__(self, inquiry_id: _Optional[str] = ..., tracking_code: _Optional[str] = ..., kind: _Optional[_Union[_common_pb2.InquiryKind, str]] = ..., status: _Optional[str] = ..., agency_id: _Optional[str] = ..., agency_name: _Optional[str] = ..., due_at: _Optional[str] = ..., policy_id: _Optional[str] = ..., legal_basis: _Optional[str] = ..., received_at: _Optional[str] = ..., updated_at: _Optional[str] = ..., category: _Optional[str] = ..., ward_code: _Optional[str] = ..., title: _Optional[str] = ..., submitted_by: _Optional[_Union[_common_pb2.Actor, _Mapping]] = ...) -> None: ...
