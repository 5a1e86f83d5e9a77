"""Early warning's use case: inquiries in, trend changes out on trend.events (issue 19).

An inquiry counts once, when it is first assigned (a transfer is the same inquiry again); it
brings its category, ward, agency, kind and text (its topic). `tick` closes the hours the clock
has passed and publishes each change, naming the agencies assigned to the inquiries behind it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable
from datetime import datetime

from google.protobuf.message import Message

from citycomm.v1 import common_pb2, events_pb2
from citycomm_common.codec import Envelope
from citycomm_common.contracts import from_timestamp
from citycomm_common.vocabulary import enum_name
from citycomm_reporting.domain.trend_baseline import hour_index
from citycomm_reporting.domain.trend_detector import TrendDetector
from citycomm_reporting.domain.trend_events import change_event_id, change_message, trend_message
from citycomm_reporting.domain.trend_model import SeriesKey, TrendChange, series_keys
from citycomm_reporting.domain.trend_topics import TopicIndex

# (message, key, event id): what the adapter sends on trend.events.
Publish = Callable[[Message, str, str], Awaitable[None]]
_REMEMBERED = 20_000  # inquiries whose agency and text a trend can still name


class TrendWatch:
    def __init__(self, detector: TrendDetector, topics: TopicIndex | None, publish: Publish) -> None:
        self.detector = detector
        self._topics = topics
        self._publish = publish
        self._agencies: OrderedDict[str, str] = OrderedDict()
        self._labels: OrderedDict[str, str] = OrderedDict()  # topic id -> its first text's title

    def observe(self, envelope: Envelope) -> bool:
        """Count an inquiry's first assignment; False for every other record."""
        message = envelope.message
        if not isinstance(message, events_pb2.InquiryAssigned) or message.previous_agency_id:
            return False
        if message.inquiry_id in self._agencies:
            return False  # redelivered
        at = from_timestamp(message.assigned_time) if message.HasField("assigned_time") else envelope.time
        hour = hour_index(at)
        keys: list[SeriesKey] = list(series_keys(
            category=message.category, ward=message.ward_code, agency=message.agency_id,
            kind=enum_name(common_pb2.InquiryKind, message.kind)))
        if self._topics is not None:
            topic = self._topics.assign(message.inquiry_id, f"{message.title}. {message.description}", hour)
            self._labels.setdefault(topic, message.title)
            while len(self._labels) > _REMEMBERED:
                self._labels.popitem(last=False)
            keys.append(("topic", topic))
        self.detector.observe(message.inquiry_id, hour, keys)
        self._agencies[message.inquiry_id] = message.agency_id
        while len(self._agencies) > _REMEMBERED:
            self._agencies.popitem(last=False)
        return True

    async def tick(self, now: datetime) -> list[TrendChange]:
        """Close the hours before `now`; publish and return the changes."""
        changes = self.detector.close_until(hour_index(now))
        for change in changes:
            trend = change.trend
            agencies = tuple({self._agencies[i] for i in trend.inquiry_ids if i in self._agencies})
            label = self._labels.get(trend.series_value, "") if trend.series_type == "topic" else ""
            body = trend_message(trend, window_hours=self.detector.config.window_hours,
                                 agency_ids=agencies, topic_label=label)
            await self._publish(change_message(change, body), trend.trend_id, change_event_id(change))
        return changes
