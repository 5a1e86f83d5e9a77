"""Early warning's use case: inquiries in, trend changes out on trend.events (issue 19).

An inquiry counts once, when it is first assigned (a transfer is the same inquiry again); it
brings its category, ward, agency, kind and text (its topic). `tick` closes the hours the clock
has passed and publishes each change, naming the agencies assigned to the inquiries behind it.
With a store, every series an inquiry or a tick changed is saved (the worker's changelogged
table) and `restore` takes them all back after a restart; the topic index likewise.

The work is split by partition (decision 0102): each first assignment is sent again once per
series it counts in, keyed by the series (`trend_records`), and once more under `TOPICS` for its
text; each partition has a watch of its own (`TrendShards`), which counts only the series of its
records, so each series, and each trend, belongs to the one worker holding its partition.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable, Mapping
from datetime import datetime
from typing import Protocol

from google.protobuf.message import Message

from citycomm.v1 import common_pb2, events_pb2, trends_pb2
from citycomm_common.codec import Envelope
from citycomm_common.contracts import from_timestamp, to_timestamp
from citycomm_common.vocabulary import enum_name
from citycomm_reporting.domain.trend_baseline import hour_index, hour_start
from citycomm_reporting.domain.trend_detector import SeriesSnapshot, TrendDetector
from citycomm_reporting.domain.trend_events import change_event_id, change_message, trend_message
from citycomm_reporting.domain.trend_model import SeriesKey, TrendChange, series_id, series_keys
from citycomm_reporting.domain.trend_topics import IndexedText, TopicIndex

# (message, key, event id): what the adapter sends on trend.events.
Publish = Callable[[Message, str, str], Awaitable[None]]
# A saved series: its key, its state, and the agency each of its window's inquiries was assigned to.
SavedSeries = tuple[SeriesKey, SeriesSnapshot, Mapping[str, str]]
log = logging.getLogger(__name__)
_REMEMBERED = 20_000  # inquiries whose agency and text a trend can still name


TOPICS = "topics"  # the key of the records whose texts the one topic index clusters


def first_assignment(envelope: Envelope) -> bool:
    """An inquiry's first assignment: what early warning counts (a transfer is the same inquiry)."""
    message = envelope.message
    return isinstance(message, events_pb2.InquiryAssigned) and not message.previous_agency_id


def _series_of(message: events_pb2.InquiryAssigned) -> list[SeriesKey]:
    return list(series_keys(category=message.category, ward=message.ward_code, agency=message.agency_id,
                            kind=enum_name(common_pb2.InquiryKind, message.kind)))


def trend_records(envelope: Envelope) -> list[str]:
    """The keys a first assignment is sent again under: each series it counts in, and the topics'."""
    message = envelope.message
    if not first_assignment(envelope) or not isinstance(message, events_pb2.InquiryAssigned):
        return []
    return [series_id(key) for key in _series_of(message)] + [TOPICS]


class SeriesStore(Protocol):
    def save(self, key: SeriesKey, snapshot: SeriesSnapshot, agencies: Mapping[str, str]) -> None: ...


class TopicStore(Protocol):
    def save(self, text_id: str, text: IndexedText, title: str) -> None: ...

    def delete(self, text_id: str) -> None: ...


class Board(Protocol):
    """What the pages show: each trend as last published, with its windows against normal."""

    def get(self, trend_id: str) -> trends_pb2.TrendView | None: ...

    def put(self, view: trends_pb2.TrendView) -> None: ...


MAX_POINTS = 72  # windows a trend's chart shows


class TrendWatch:
    """One detector: of the whole platform (the benchmark, tests), or of one partition's series."""

    def __init__(self, detector: TrendDetector, topics: TopicIndex | None, publish: Publish,
                 store: SeriesStore | None = None, board: Board | None = None,
                 topic_store: TopicStore | None = None) -> None:
        self.detector = detector
        self._topics = topics
        self._publish = publish
        self._store = store
        self._board = board
        self._topic_store = topic_store
        self._agencies: OrderedDict[str, str] = OrderedDict()
        self._labels: OrderedDict[str, str] = OrderedDict()  # topic id -> its first text's title

    def observe(self, envelope: Envelope, record: str | None = None) -> bool:
        """Count an inquiry's first assignment in every series (`record` None), or in the series of
        one record of `trend_records` only (`TOPICS`: its topic); False for every other record."""
        message = envelope.message
        if not first_assignment(envelope) or not isinstance(message, events_pb2.InquiryAssigned):
            return False
        at = from_timestamp(message.assigned_time) if message.HasField("assigned_time") else envelope.time
        hour = hour_index(at, self.detector.config.hour_seconds)
        keys = [k for k in _series_of(message) if record is None or series_id(k) == record]
        if self._topics is not None and record in (None, TOPICS):
            keys.append(("topic", self._topic(message, hour)))
        if not keys:
            return False
        self._remember(message.inquiry_id, message.agency_id)
        if not self.detector.observe(message.inquiry_id, hour, keys):
            return False  # seen again: it counted once
        self._save(keys)
        return True

    def _topic(self, message: events_pb2.InquiryAssigned, hour: int) -> str:
        assert self._topics is not None
        topic = self._topics.assign(message.inquiry_id, f"{message.title}. {message.description}", hour)
        self._labels.setdefault(topic, message.title)
        while len(self._labels) > _REMEMBERED:
            self._labels.popitem(last=False)
        if self._topic_store is not None:
            indexed = self._topics.indexed(message.inquiry_id)
            if indexed is not None:
                self._topic_store.save(message.inquiry_id, indexed, message.title)
            for text_id in self._topics.expired:
                self._topic_store.delete(text_id)
        self._topics.expired.clear()
        return topic

    def _remember(self, inquiry_id: str, agency_id: str) -> None:
        self._agencies[inquiry_id] = agency_id
        self._agencies.move_to_end(inquiry_id)
        while len(self._agencies) > _REMEMBERED:
            self._agencies.popitem(last=False)

    async def tick(self, now: datetime) -> list[TrendChange]:
        """Close the hours before `now`; publish and return the changes."""
        before = self.detector.next_hour
        changes = self.detector.close_until(hour_index(now, self.detector.config.hour_seconds))
        if self.detector.next_hour == before:
            return changes
        self._save(self.detector.series())  # every series hopped
        for change in changes:
            trend = change.trend
            agencies = tuple({self._agencies[i] for i in trend.inquiry_ids if i in self._agencies})
            label = self._labels.get(trend.series_value, "") if trend.series_type == "topic" else ""
            body = trend_message(trend, window_hours=self.detector.config.window_hours,
                                 agency_ids=agencies, topic_label=label)
            await self._publish(change_message(change, body), trend.trend_id, change_event_id(change))
            self._show(change, body)
        self._chart(changes)
        return changes

    def _show(self, change: TrendChange, body: trends_pb2.Trend) -> None:
        if self._board is None:
            return
        view = self._board.get(body.trend_id) or trends_pb2.TrendView(
            detected_time=to_timestamp(change.at),
            dispersion=self.detector.config.sensitivity(body.series_type).dispersion)
        view.trend.CopyFrom(body)
        view.ended = change.kind == "ended"
        view.changed_time.CopyFrom(to_timestamp(change.at))
        self._board.put(view)

    def _chart(self, changes: list[TrendChange]) -> None:
        """One point per open (or just ended) trend: its last window against its normal."""
        if self._board is None or self.detector.next_hour is None:
            return
        at = to_timestamp(hour_start(self.detector.next_hour, self.detector.config.hour_seconds))
        shown = {c.trend.trend_id: c.trend for c in changes if c.kind == "ended"}
        shown.update({t.trend_id: t for t in self.detector.active()})
        for trend_id, trend in shown.items():
            view = self._board.get(trend_id)
            if view is None:
                continue
            view.points.append(trends_pb2.TrendPoint(time=at, observed=trend.observed,
                                                     expected=trend.expected))
            del view.points[:-MAX_POINTS]
            self._board.put(view)

    def restore(self, saved: Iterable[SavedSeries]) -> int:
        """Take back every saved series (after a restart); how many there were."""
        count = 0
        for key, snapshot, agencies in saved:
            self.detector.restore(key, snapshot)
            self._agencies.update(agencies)  # who was assigned the inquiries still in a window
            count += 1
        return count

    def restore_topics(self, saved: Iterable[tuple[str, IndexedText, str]]) -> int:
        """Take the topic index and its topics' titles back (after a restart); how many texts."""
        if self._topics is None:
            return 0
        texts = sorted(saved, key=lambda t: (t[1].hour, t[0]))
        for _, text, title in texts:
            self._labels.setdefault(text.topic, title)
        return self._topics.restore((text_id, text) for text_id, text, _ in texts)

    def _save(self, keys: Iterable[SeriesKey]) -> None:
        if self._store is None:
            return
        for key in keys:
            snapshot = self.detector.snapshot(key)
            if snapshot is not None:
                ids = {i for _, hour_ids in snapshot.ids for i in hour_ids}
                self._store.save(key, snapshot, {i: self._agencies[i] for i in ids if i in self._agencies})


class TrendShards:
    """The detectors of the partitions this worker holds, one watch each (decision 0102).

    `make(partition)` builds an empty watch (with the topic index on the topics' partition);
    `saved(partition)` reads that partition's series from the table, `saved_topics()` the topic
    index's table. A watch is restored from them the first time it is needed after this worker
    took its partition; `forget` drops the watches of partitions revoked in a rebalance, so a
    partition that comes back is read again from the changelog the other worker wrote.
    """

    def __init__(self, make: Callable[[int], TrendWatch], saved: Callable[[int], Iterable[SavedSeries]],
                 saved_topics: Callable[[], Iterable[tuple[str, IndexedText, str]]],
                 topics_partition: int) -> None:
        self._make, self._saved, self._saved_topics = make, saved, saved_topics
        self.topics_partition = topics_partition
        self._watches: dict[int, TrendWatch] = {}

    def watch(self, partition: int) -> TrendWatch:
        if partition not in self._watches:
            watch = self._make(partition)
            restored = watch.restore(self._saved(partition))
            texts = watch.restore_topics(self._saved_topics()) if partition == self.topics_partition else 0
            log.info("early warning: partition %d: %d series restored from the table, %d topic texts",
                     partition, restored, texts)
            self._watches[partition] = watch
        return self._watches[partition]

    def held(self) -> list[int]:
        return sorted(self._watches)

    def observe(self, partition: int, envelope: Envelope, record: str) -> bool:
        return self.watch(partition).observe(envelope, record)

    def forget(self, partitions: Iterable[int]) -> None:
        for partition in partitions:
            self._watches.pop(partition, None)

    async def tick(self, now: datetime, held: Iterable[int] | None) -> list[TrendChange]:
        """Close the hours before `now` in the partitions this worker holds (None: it does not know,
        as while the group rebalances: every watch is dropped, to be read again from the table)."""
        if held is None:
            self._watches.clear()
            return []
        partitions = set(held)
        self.forget(set(self._watches) - partitions)
        changes: list[TrendChange] = []
        for partition in sorted(partitions):
            changes += await self.watch(partition).tick(now)
        return changes
