import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class TrendDirection(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TREND_DIRECTION_UNSPECIFIED: _ClassVar[TrendDirection]
    TREND_DIRECTION_RISE: _ClassVar[TrendDirection]
    TREND_DIRECTION_FALL: _ClassVar[TrendDirection]
TREND_DIRECTION_UNSPECIFIED: TrendDirection
TREND_DIRECTION_RISE: TrendDirection
TREND_DIRECTION_FALL: TrendDirection

class Trend(_message.Message):
    __slots__ = ("trend_id", "series_type", "series_value", "direction", "since_time", "observed", "expected", "peak", "p_value", "window_hours", "inquiry_ids", "agency_ids", "topic_label")
    TREND_ID_FIELD_NUMBER: _ClassVar[int]
    SERIES_TYPE_FIELD_NUMBER: _ClassVar[int]
    SERIES_VALUE_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    SINCE_TIME_FIELD_NUMBER: _ClassVar[int]
    OBSERVED_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_FIELD_NUMBER: _ClassVar[int]
    PEAK_FIELD_NUMBER: _ClassVar[int]
    P_VALUE_FIELD_NUMBER: _ClassVar[int]
    WINDOW_HOURS_FIELD_NUMBER: _ClassVar[int]
    INQUIRY_IDS_FIELD_NUMBER: _ClassVar[int]
    AGENCY_IDS_FIELD_NUMBER: _ClassVar[int]
    TOPIC_LABEL_FIELD_NUMBER: _ClassVar[int]
    trend_id: str
    series_type: str
    series_value: str
    direction: TrendDirection
    since_time: _timestamp_pb2.Timestamp
    observed: int
    expected: float
    peak: int
    p_value: float
    window_hours: int
    inquiry_ids: _containers.RepeatedScalarFieldContainer[str]
    agency_ids: _containers.RepeatedScalarFieldContainer[str]
    topic_label: str
    def __init__(self, trend_id: _Optional[str] = ..., series_type: _Optional[str] = ..., series_value: _Optional[str] = ..., direction: _Optional[_Union[TrendDirection, str]] = ..., since_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., observed: _Optional[int] = ..., expected: _Optional[float] = ..., peak: _Optional[int] = ..., p_value: _Optional[float] = ..., window_hours: _Optional[int] = ..., inquiry_ids: _Optional[_Iterable[str]] = ..., agency_ids: _Optional[_Iterable[str]] = ..., topic_label: _Optional[str] = ...) -> None: ...

class TrendDetected(_message.Message):
    __slots__ = ("trend", "detected_time")
    TREND_FIELD_NUMBER: _ClassVar[int]
    DETECTED_TIME_FIELD_NUMBER: _ClassVar[int]
    trend: Trend
    detected_time: _timestamp_pb2.Timestamp
    def __init__(self, trend: _Optional[_Union[Trend, _Mapping]] = ..., detected_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class TrendUpdated(_message.Message):
    __slots__ = ("trend", "updated_time")
    TREND_FIELD_NUMBER: _ClassVar[int]
    UPDATED_TIME_FIELD_NUMBER: _ClassVar[int]
    trend: Trend
    updated_time: _timestamp_pb2.Timestamp
    def __init__(self, trend: _Optional[_Union[Trend, _Mapping]] = ..., updated_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class TrendEnded(_message.Message):
    __slots__ = ("trend", "ended_time")
    TREND_FIELD_NUMBER: _ClassVar[int]
    ENDED_TIME_FIELD_NUMBER: _ClassVar[int]
    trend: Trend
    ended_time: _timestamp_pb2.Timestamp
    def __init__(self, trend: _Optional[_Union[Trend, _Mapping]] = ..., ended_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class TrendSeriesState(_message.Message):
    __slots__ = ("series_type", "series_value", "next_hour", "hours", "trend", "trend_detected_time", "quiet", "history_sums", "history_hours", "history_total", "history_total_hours", "has_history")
    class Hour(_message.Message):
        __slots__ = ("hour", "count", "inquiry_ids", "agency_ids")
        HOUR_FIELD_NUMBER: _ClassVar[int]
        COUNT_FIELD_NUMBER: _ClassVar[int]
        INQUIRY_IDS_FIELD_NUMBER: _ClassVar[int]
        AGENCY_IDS_FIELD_NUMBER: _ClassVar[int]
        hour: int
        count: int
        inquiry_ids: _containers.RepeatedScalarFieldContainer[str]
        agency_ids: _containers.RepeatedScalarFieldContainer[str]
        def __init__(self, hour: _Optional[int] = ..., count: _Optional[int] = ..., inquiry_ids: _Optional[_Iterable[str]] = ..., agency_ids: _Optional[_Iterable[str]] = ...) -> None: ...
    SERIES_TYPE_FIELD_NUMBER: _ClassVar[int]
    SERIES_VALUE_FIELD_NUMBER: _ClassVar[int]
    NEXT_HOUR_FIELD_NUMBER: _ClassVar[int]
    HOURS_FIELD_NUMBER: _ClassVar[int]
    TREND_FIELD_NUMBER: _ClassVar[int]
    TREND_DETECTED_TIME_FIELD_NUMBER: _ClassVar[int]
    QUIET_FIELD_NUMBER: _ClassVar[int]
    HISTORY_SUMS_FIELD_NUMBER: _ClassVar[int]
    HISTORY_HOURS_FIELD_NUMBER: _ClassVar[int]
    HISTORY_TOTAL_FIELD_NUMBER: _ClassVar[int]
    HISTORY_TOTAL_HOURS_FIELD_NUMBER: _ClassVar[int]
    HAS_HISTORY_FIELD_NUMBER: _ClassVar[int]
    series_type: str
    series_value: str
    next_hour: int
    hours: _containers.RepeatedCompositeFieldContainer[TrendSeriesState.Hour]
    trend: Trend
    trend_detected_time: _timestamp_pb2.Timestamp
    quiet: int
    history_sums: _containers.RepeatedScalarFieldContainer[float]
    history_hours: _containers.RepeatedScalarFieldContainer[int]
    history_total: float
    history_total_hours: int
    has_history: bool
    def __init__(self, series_type: _Optional[str] = ..., series_value: _Optional[str] = ..., next_hour: _Optional[int] = ..., hours: _Optional[_Iterable[_Union[TrendSeriesState.Hour, _Mapping]]] = ..., trend: _Optional[_Union[Trend, _Mapping]] = ..., trend_detected_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., quiet: _Optional[int] = ..., history_sums: _Optional[_Iterable[float]] = ..., history_hours: _Optional[_Iterable[int]] = ..., history_total: _Optional[float] = ..., history_total_hours: _Optional[int] = ..., has_history: _Optional[bool] = ...) -> None: ...

class TrendPoint(_message.Message):
    __slots__ = ("time", "observed", "expected")
    TIME_FIELD_NUMBER: _ClassVar[int]
    OBSERVED_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_FIELD_NUMBER: _ClassVar[int]
    time: _timestamp_pb2.Timestamp
    observed: int
    expected: float
    def __init__(self, time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., observed: _Optional[int] = ..., expected: _Optional[float] = ...) -> None: ...

class TrendView(_message.Message):
    __slots__ = ("trend", "ended", "detected_time", "changed_time", "points", "dispersion")
    TREND_FIELD_NUMBER: _ClassVar[int]
    ENDED_FIELD_NUMBER: _ClassVar[int]
    DETECTED_TIME_FIELD_NUMBER: _ClassVar[int]
    CHANGED_TIME_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    DISPERSION_FIELD_NUMBER: _ClassVar[int]
    trend: Trend
    ended: bool
    detected_time: _timestamp_pb2.Timestamp
    changed_time: _timestamp_pb2.Timestamp
    points: _containers.RepeatedCompositeFieldContainer[TrendPoint]
    dispersion: float
    def __init__(self, trend: _Optional[_Union[Trend, _Mapping]] = ..., ended: _Optional[bool] = ..., detected_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., changed_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., points: _Optional[_Iterable[_Union[TrendPoint, _Mapping]]] = ..., dispersion: _Optional[float] = ...) -> None: ...

class TrendTopicText(_message.Message):
    __slots__ = ("topic_id", "hour", "minhash", "title")
    TOPIC_ID_FIELD_NUMBER: _ClassVar[int]
    HOUR_FIELD_NUMBER: _ClassVar[int]
    MINHASH_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    topic_id: str
    hour: int
    minhash: _containers.RepeatedScalarFieldContainer[int]
    title: str
    def __init__(self, topic_id: _Optional[str] = ..., hour: _Optional[int] = ..., minhash: _Optional[_Iterable[int]] = ..., title: _Optional[str] = ...) -> None: ...
