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

class AgencyKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    AGENCY_KIND_UNSPECIFIED: _ClassVar[AgencyKind]
    AGENCY_KIND_DEPARTMENT: _ClassVar[AgencyKind]
    AGENCY_KIND_WARD: _ClassVar[AgencyKind]
    AGENCY_KIND_CITY_OFFICE: _ClassVar[AgencyKind]
    AGENCY_KIND_PRESS_CENTER: _ClassVar[AgencyKind]
    AGENCY_KIND_PRESS_AGENCY: _ClassVar[AgencyKind]

class ContactRole(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONTACT_ROLE_UNSPECIFIED: _ClassVar[ContactRole]
    CONTACT_ROLE_HEAD: _ClassVar[ContactRole]
    CONTACT_ROLE_SPOKESPERSON: _ClassVar[ContactRole]
    CONTACT_ROLE_CONTACT_POINT: _ClassVar[ContactRole]
AGENCY_KIND_UNSPECIFIED: AgencyKind
AGENCY_KIND_DEPARTMENT: AgencyKind
AGENCY_KIND_WARD: AgencyKind
AGENCY_KIND_CITY_OFFICE: AgencyKind
AGENCY_KIND_PRESS_CENTER: AgencyKind
AGENCY_KIND_PRESS_AGENCY: AgencyKind
CONTACT_ROLE_UNSPECIFIED: ContactRole
CONTACT_ROLE_HEAD: ContactRole
CONTACT_ROLE_SPOKESPERSON: ContactRole
CONTACT_ROLE_CONTACT_POINT: ContactRole

class WebhookEndpoint(_message.Message):
    __slots__ = ("id", "url", "secret_refs", "events", "enabled", "secret_refs_until", "secret_refs_expire_time")
    class SecretRefsUntilEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    class SecretRefsExpireTimeEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _timestamp_pb2.Timestamp
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    SECRET_REFS_FIELD_NUMBER: _ClassVar[int]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    SECRET_REFS_UNTIL_FIELD_NUMBER: _ClassVar[int]
    SECRET_REFS_EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    url: str
    secret_refs: _containers.RepeatedScalarFieldContainer[str]
    events: _containers.RepeatedScalarFieldContainer[str]
    enabled: bool
    secret_refs_until: _containers.ScalarMap[str, str]
    secret_refs_expire_time: _containers.MessageMap[str, _timestamp_pb2.Timestamp]
    def __init__(self, id: _Optional[str] = ..., url: _Optional[str] = ..., secret_refs: _Optional[_Iterable[str]] = ..., events: _Optional[_Iterable[str]] = ..., enabled: _Optional[bool] = ..., secret_refs_until: _Optional[_Mapping[str, str]] = ..., secret_refs_expire_time: _Optional[_Mapping[str, _timestamp_pb2.Timestamp]] = ...) -> None: ...

class AgencyContact(_message.Message):
    __slots__ = ("role", "name", "title", "email", "phone", "contact_role")
    ROLE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    CONTACT_ROLE_FIELD_NUMBER: _ClassVar[int]
    role: str
    name: str
    title: str
    email: str
    phone: str
    contact_role: ContactRole
    def __init__(self, role: _Optional[str] = ..., name: _Optional[str] = ..., title: _Optional[str] = ..., email: _Optional[str] = ..., phone: _Optional[str] = ..., contact_role: _Optional[_Union[ContactRole, str]] = ...) -> None: ...

class Agency(_message.Message):
    __slots__ = ("id", "name", "short_name", "kind", "parent", "supervisor", "wards", "categories", "contacts", "endpoints", "valid_from", "valid_until", "retired", "origin", "updated_at", "agency_kind", "updated_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SHORT_NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PARENT_FIELD_NUMBER: _ClassVar[int]
    SUPERVISOR_FIELD_NUMBER: _ClassVar[int]
    WARDS_FIELD_NUMBER: _ClassVar[int]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    CONTACTS_FIELD_NUMBER: _ClassVar[int]
    ENDPOINTS_FIELD_NUMBER: _ClassVar[int]
    VALID_FROM_FIELD_NUMBER: _ClassVar[int]
    VALID_UNTIL_FIELD_NUMBER: _ClassVar[int]
    RETIRED_FIELD_NUMBER: _ClassVar[int]
    ORIGIN_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    AGENCY_KIND_FIELD_NUMBER: _ClassVar[int]
    UPDATED_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    short_name: str
    kind: str
    parent: str
    supervisor: str
    wards: _containers.RepeatedScalarFieldContainer[str]
    categories: _containers.RepeatedScalarFieldContainer[str]
    contacts: _containers.RepeatedCompositeFieldContainer[AgencyContact]
    endpoints: _containers.RepeatedCompositeFieldContainer[WebhookEndpoint]
    valid_from: str
    valid_until: str
    retired: bool
    origin: str
    updated_at: str
    agency_kind: AgencyKind
    updated_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., short_name: _Optional[str] = ..., kind: _Optional[str] = ..., parent: _Optional[str] = ..., supervisor: _Optional[str] = ..., wards: _Optional[_Iterable[str]] = ..., categories: _Optional[_Iterable[str]] = ..., contacts: _Optional[_Iterable[_Union[AgencyContact, _Mapping]]] = ..., endpoints: _Optional[_Iterable[_Union[WebhookEndpoint, _Mapping]]] = ..., valid_from: _Optional[str] = ..., valid_until: _Optional[str] = ..., retired: _Optional[bool] = ..., origin: _Optional[str] = ..., updated_at: _Optional[str] = ..., agency_kind: _Optional[_Union[AgencyKind, str]] = ..., updated_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
