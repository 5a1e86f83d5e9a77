import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SubmitterContact(_message.Message):
    __slots__ = ("inquiry_id", "tracking_code", "title", "email", "phone", "language", "due_time", "overdue_sent", "closed_time", "agency_id")
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    DUE_TIME_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_SENT_FIELD_NUMBER: _ClassVar[int]
    CLOSED_TIME_FIELD_NUMBER: _ClassVar[int]
    AGENCY_ID_FIELD_NUMBER: _ClassVar[int]
    inquiry_id: str
    tracking_code: str
    title: str
    email: str
    phone: str
    language: str
    due_time: _timestamp_pb2.Timestamp
    overdue_sent: bool
    closed_time: _timestamp_pb2.Timestamp
    agency_id: str
    def __init__(self, inquiry_id: _Optional[str] = ..., tracking_code: _Optional[str] = ..., title: _Optional[str] = ..., email: _Optional[str] = ..., phone: _Optional[str] = ..., language: _Optional[str] = ..., due_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., overdue_sent: _Optional[bool] = ..., closed_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., agency_id: _Optional[str] = ...) -> None: ...

class SubmitterMessage(_message.Message):
    __slots__ = ("message_id", "inquiry_id", "channel", "address", "change", "subject", "text", "html", "template_data", "delivery_state", "attempts", "next_attempt_time", "created_time", "error", "unsubscribe_url")
    class TemplateDataEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    INQUIRY_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    CHANGE_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    HTML_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_DATA_FIELD_NUMBER: _ClassVar[int]
    DELIVERY_STATE_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_ATTEMPT_TIME_FIELD_NUMBER: _ClassVar[int]
    CREATED_TIME_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    UNSUBSCRIBE_URL_FIELD_NUMBER: _ClassVar[int]
    message_id: str
    inquiry_id: str
    channel: str
    address: str
    change: str
    subject: str
    text: str
    html: str
    template_data: _containers.ScalarMap[str, str]
    delivery_state: str
    attempts: int
    next_attempt_time: _timestamp_pb2.Timestamp
    created_time: _timestamp_pb2.Timestamp
    error: str
    unsubscribe_url: str
    def __init__(self, message_id: _Optional[str] = ..., inquiry_id: _Optional[str] = ..., channel: _Optional[str] = ..., address: _Optional[str] = ..., change: _Optional[str] = ..., subject: _Optional[str] = ..., text: _Optional[str] = ..., html: _Optional[str] = ..., template_data: _Optional[_Mapping[str, str]] = ..., delivery_state: _Optional[str] = ..., attempts: _Optional[int] = ..., next_attempt_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., error: _Optional[str] = ..., unsubscribe_url: _Optional[str] = ...) -> None: ...

class ConsultationCommenters(_message.Message):
    __slots__ = ("consultation_id", "title", "commenters", "responded_time")
    class Commenter(_message.Message):
        __slots__ = ("email", "phone", "language")
        EMAIL_FIELD_NUMBER: _ClassVar[int]
        PHONE_FIELD_NUMBER: _ClassVar[int]
        LANGUAGE_FIELD_NUMBER: _ClassVar[int]
        email: str
        phone: str
        language: str
        def __init__(self, email: _Optional[str] = ..., phone: _Optional[str] = ..., language: _Optional[str] = ...) -> None: ...
    CONSULTATION_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    COMMENTERS_FIELD_NUMBER: _ClassVar[int]
    RESPONDED_TIME_FIELD_NUMBER: _ClassVar[int]
    consultation_id: str
    title: str
    commenters: _containers.RepeatedCompositeFieldContainer[ConsultationCommenters.Commenter]
    responded_time: _timestamp_pb2.Timestamp
    def __init__(self, consultation_id: _Optional[str] = ..., title: _Optional[str] = ..., commenters: _Optional[_Iterable[_Union[ConsultationCommenters.Commenter, _Mapping]]] = ..., responded_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SubmitterOptOut(_message.Message):
    __slots__ = ("digest", "opted_out_time")
    DIGEST_FIELD_NUMBER: _ClassVar[int]
    OPTED_OUT_TIME_FIELD_NUMBER: _ClassVar[int]
    digest: str
    opted_out_time: _timestamp_pb2.Timestamp
    def __init__(self, digest: _Optional[str] = ..., opted_out_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
