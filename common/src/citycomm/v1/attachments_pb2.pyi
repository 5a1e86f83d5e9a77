from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class Attachment(_message.Message):
    __slots__ = ("id", "content_type", "size", "sha256", "media_url", "link")
    ID_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    MEDIA_URL_FIELD_NUMBER: _ClassVar[int]
    LINK_FIELD_NUMBER: _ClassVar[int]
    id: str
    content_type: str
    size: int
    sha256: str
    media_url: str
    link: str
    def __init__(self, id: _Optional[str] = ..., content_type: _Optional[str] = ..., size: _Optional[int] = ..., sha256: _Optional[str] = ..., media_url: _Optional[str] = ..., link: _Optional[str] = ...) -> None: ...

class GeoPoint(_message.Message):
    __slots__ = ("lat", "long")
    LAT_FIELD_NUMBER: _ClassVar[int]
    LONG_FIELD_NUMBER: _ClassVar[int]
    lat: float
    long: float
    def __init__(self, lat: _Optional[float] = ..., long: _Optional[float] = ...) -> None: ...
