"""Early warning's use case: inquiries in, trend changes out on trend.events (issue 19).

An inquiry counts once, when it is first assigned (a transfer is the same inquiry again); it
brings its category, ward, agency, kind and text (its topic). `tick` closes the hours the clock
has passed and publishes each change, naming the agencies assigned to the inquiries behind it.
With a store, every series an inquiry or a tick changed is saved (the worker's changelogged
table, decision 0111) and `restore` takes them all back after a restart.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable
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
from citycomm_reporting.domain.trend_model import SeriesKey, TrendChange, series_keys
from citycomm_reporting.domain.trend_topics import TopicIndex

# (message, key, event id): what the adapter sends on trend.events.
Publish = Callable[[Message, str, str], Awaitable[None]]
log = logging.getLogger(__name__)
_REMEMBERED = 20_000  # inquiries whose agency and text a trend can still name


def first_assignment(envelope: Envelope) -> bool:
    """An inquiry's first assignment: what early warning counts (a transfer is the same inquiry)."""
    message = envelope.message
    return isinstance(message, events_pb2.InquiryAssigned) and not message.previous_agency_id


class SeriesStore(Protocol):
    def save(self, key: SeriesKey, snapshot: SeriesSnapshot) -> None: ...


class Board(Protocol):
    """What the pages show: each trend as last published, with its windows against normal."""

    def get(self, trend_id: str) -> trends_pb2.TrendView | None: ...

    def put(self, view: trends_pb2.TrendView) -> None: ...


MAX_POINTS = 72  # windows a trend's chart shows


class TrendWatch:
    def __init__(self, detector: TrendDetector, topics: TopicIndex | None, publish: Publish,
                 store: SeriesStore | None = None, board: Board | None = None) -> None:
        self.detector = detector
        self._topics = topics
        self._publish = publish
        self._store = store
        self._board = board
        self._agencies: OrderedDict[str, str] = OrderedDict()
        self._labels: OrderedDict[str, str] = OrderedDict()  # topic id -> its first text's title

    def observe(self, envelope: Envelope) -> bool:
        """Count an inquiry's first assignment; False for every other record."""
        message = envelope.message
        if not first_assignment(envelope) or not isinstance(message, events_pb2.InquiryAssigned):
            return False
        if message.inquiry_id in self._agencies:
            return False  # redelivered
        at = from_timestamp(message.assigned_time) if message.HasField("assigned_time") else envelope.time
        hour = hour_index(at, self.detector.config.hour_seconds)
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
        self._save(keys)
        self._agencies[message.inquiry_id] = message.agency_id
        while len(self._agencies) > _REMEMBERED:
            self._agencies.popitem(last=False)
        return True

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

    def restore(self, saved: Iterable[tuple[SeriesKey, SeriesSnapshot]]) -> int:
        """Take back every saved series (after a restart); how many there were."""
        count = 0
        for key, snapshot in saved:
            self.detector.restore(key, snapshot)
            if key[0] == "agency":  # who was assigned the inquiries still in a window
                for _, ids in snapshot.ids:
                    self._agencies.update(dict.fromkeys(ids, key[1]))
            count += 1
        return count

    def _save(self, keys: Iterable[SeriesKey]) -> None:
        if self._store is None:
            return
        for key in keys:
            snapshot = self.detector.snapshot(key)
            if snapshot is not None:
                self._store.save(key, snapshot)


class TrendDuty:
    """The one detector of the platform, on the worker that holds its partition (decision 0111).

    `make` builds an empty watch and `saved` reads the series' table: the watch is restored from it
    the first time it is needed after this worker took the partition over, and dropped when the
    partition goes to another worker (which restores it from the same table's changelog).
    """

    def __init__(self, make: Callable[[], TrendWatch],
                 saved: Callable[[], Iterable[tuple[SeriesKey, SeriesSnapshot]]]) -> None:
        self._make, self._saved = make, saved
        self._watch: TrendWatch | None = None

    def watch(self) -> TrendWatch:
        if self._watch is None:
            watch = self._make()
            restored = watch.restore(self._saved())
            log.info("early warning: %d series restored from the table", restored)
            self._watch = watch
        return self._watch

    def observe(self, envelope: Envelope) -> bool:
        return self.watch().observe(envelope)

    async def tick(self, now: datetime, *, held: bool) -> list[TrendChange]:
        """Close the hours before `now` where this worker holds the detector; elsewhere forget it."""
        if not held:
            self._watch = None
            return []
        return await self.watch().tick(now)
