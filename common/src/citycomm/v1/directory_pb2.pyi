from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class WebhookEndpoint(_message.Message):
    __slots__ = ("id", "url", "secret_refs", "events", "enabled", "secret_refs_until")
    class SecretRefsUntilEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    SECRET_REFS_FIELD_NUMBER: _ClassVar[int]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    SECRET_REFS_UNTIL_FIELD_NUMBER: _ClassVar[int]
    id: str
    url: str
    secret_refs: _containers.RepeatedScalarFieldContainer[str]
    events: _containers.RepeatedScalarFieldContainer[str]
    enabled: bool
    secret_refs_until: _containers.ScalarMap[str, str]
    def __init__(self, id: _Optional[str] = ..., url: _Optional[str] = ..., secret_refs: _Optional[_Iterable[str]] = ..., events: _Optional[_Iterable[str]] = ..., enabled: _Optional[bool] = ..., secret_refs_until: _Optional[_Mapping[str, str]] = ...) -> None: ...

class AgencyContact(_message.Message):
    __slots__ = ("role", "name", "title", "email", "phone")
    ROLE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    role: str
    name: str
    title: str
    email: str
    phone: str
    def __init__(self, role: _Optional[str] = ..., name: _Optional[str] = ..., title: _Optional[str] = ..., email: _Optional[str] = ..., phone: _Optional[str] = ...) -> None: ...

class Agency(_message.Message):
    __slots__ = ("id", "name", "short_name", "kind", "parent", "supervisor", "wards", "categories", "contacts", "endpoints", "valid_from", "valid_until", "retired", "origin", "updated_at")
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
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., short_name: _Optional[str] = ..., kind: _Optional[str] = ..., parent: _Optional[str] = ..., supervisor: _Optional[str] = ..., wards: _Optional[_Iterable[str]] = ..., categories: _Optional[_Iterable[str]] = ..., contacts: _Optional[_Iterable[_Union[AgencyContact, _Mapping]]] = ..., endpoints: _Optional[_Iterable[_Union[WebhookEndpoint, _Mapping]]] = ..., valid_from: _Optional[str] = ..., valid_until: _Optional[str] = ..., retired: _Optional[bool] = ..., origin: _Optional[str] = ..., updated_at: _Optional[str] = ...) -> None: ...
