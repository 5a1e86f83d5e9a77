"""The early-warning detector's state in faust tables of bytes (issue 19, decisions 0111, 0102).

Per series: keyed by "<series type>/<value>", each value a citycomm.v1.TrendSeriesState (protobuf,
like every table value: decision 0001), in the partition the producer's partitioner gives that key,
which is also the partition of the series' records: what a restart, or the worker taking the
partition over, reads back: every open window (with the agency of each inquiry in it), open trend
and learned hour of the week. The topic index (a global table: the one worker holding the topics'
partition may change): "text/<inquiry id>", a TrendTopicText each, and the topic series' states,
"series/topic/<topic id>", as that worker saves them from its timer too.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Mapping, MutableMapping

from aiokafka.partitioner import murmur2

from citycomm.v1 import trends_pb2
from citycomm_common.contracts import from_timestamp, parse, serialize, to_timestamp
from citycomm_reporting.domain.trend_baseline import HistorySnapshot
from citycomm_reporting.domain.trend_detector import SeriesSnapshot
from citycomm_reporting.domain.trend_model import Direction, SeriesKey, Trend, series_id
from citycomm_reporting.domain.trend_topics import IndexedText

# A saved series: its key, its state, and the agency each of its window's inquiries was assigned to.
SavedSeries = tuple[SeriesKey, SeriesSnapshot, dict[str, str]]

log = logging.getLogger(__name__)

_DIRECTION: dict[Direction, trends_pb2.TrendDirection] = {"rise": trends_pb2.TREND_DIRECTION_RISE,
                                    "fall": trends_pb2.TREND_DIRECTION_FALL}
_DIRECTION_OF: dict[trends_pb2.TrendDirection, Direction] = {v: k for k, v in _DIRECTION.items()}


def table_key(key: SeriesKey) -> bytes:
    return series_id(key).encode()


def partition_of(key: bytes, partitions: int) -> int:
    """The partition Kafka's default partitioner (the producer's, faust's tables' with
    use_partitioner) gives a key: where a series' records and its saved state both go."""
    hashed: int = murmur2(key)
    return (hashed & 0x7FFFFFFF) % partitions


def to_state(key: SeriesKey, snapshot: SeriesSnapshot,
             agencies: Mapping[str, str] | None = None) -> trends_pb2.TrendSeriesState:
    ids = dict(snapshot.ids)
    agencies = agencies or {}
    state = trends_pb2.TrendSeriesState(
        series_type=key[0], series_value=key[1], next_hour=snapshot.next_hour, quiet=snapshot.quiet,
        hours=[trends_pb2.TrendSeriesState.Hour(hour=h, count=c, inquiry_ids=list(ids.get(h, ())),
                                                agency_ids=[agencies.get(i, "") for i in ids.get(h, ())])
               for h, c in snapshot.counts])
    trend = snapshot.trend
    if trend is not None:
        state.trend.CopyFrom(trends_pb2.Trend(
            trend_id=trend.trend_id, series_type=trend.series_type, series_value=trend.series_value,
            direction=_DIRECTION[trend.direction], since_time=to_timestamp(trend.since),
            observed=trend.observed, expected=trend.expected, peak=trend.peak, p_value=trend.p_value,
            inquiry_ids=list(trend.inquiry_ids)))
        state.trend_detected_time.CopyFrom(to_timestamp(trend.detected_at))
    history = snapshot.history
    if history is not None:
        state.has_history = True
        state.history_sums.extend(history.sums)
        state.history_hours.extend(history.hours)
        state.history_total = history.total
        state.history_total_hours = history.total_hours
    return state


def agencies_of(state: trends_pb2.TrendSeriesState) -> dict[str, str]:
    """Who was assigned each inquiry in the saved window (as far as it was known)."""
    return {i: a for h in state.hours for i, a in zip(h.inquiry_ids, h.agency_ids, strict=False) if a}


def from_state(state: trends_pb2.TrendSeriesState) -> tuple[SeriesKey, SeriesSnapshot]:
    trend = None
    if state.HasField("trend"):
        t = state.trend
        trend = Trend(t.trend_id, t.series_type, t.series_value, _DIRECTION_OF[t.direction],
                      from_timestamp(t.since_time), from_timestamp(state.trend_detected_time),
                      t.observed, t.expected, t.peak, t.p_value, tuple(t.inquiry_ids))
    history = (HistorySnapshot(tuple(state.history_sums), tuple(state.history_hours), state.history_total,
                               state.history_total_hours) if state.has_history else None)
    snapshot = SeriesSnapshot(
        state.next_hour, tuple((h.hour, h.count) for h in state.hours),
        tuple((h.hour, tuple(h.inquiry_ids)) for h in state.hours if h.inquiry_ids),
        trend, state.quiet, history)
    return (state.series_type, state.series_value), snapshot


class TrendSeriesTable:
    """SeriesSnapshots over a faust table of bytes (or any mapping, in tests). With `topics` (the
    topic index's global table), the topic series are kept there instead, beside the texts: their
    records all go to one partition (`topics_partition`), whatever their keys hash to."""

    def __init__(self, table: MutableMapping[bytes, bytes], partitions: int = 1,
                 topics: MutableMapping[bytes, bytes] | None = None, topics_partition: int = 0) -> None:
        self._table = table
        self.partitions = partitions
        self._topics = topics
        self._topics_partition = topics_partition

    def owns(self, record_key: bytes, partition: int) -> bool:
        """Whether a record keyed `record_key` belongs on `partition` by this worker's partition count.
        False means the topic has another number of partitions than `CITYCOMM_KAFKA_PARTITIONS`
        (it was created before the setting changed): series would be saved and read back on partitions
        other than their records', so such a record must not be counted."""
        return partition_of(record_key, self.partitions) == partition

    def save(self, key: SeriesKey, snapshot: SeriesSnapshot,
             agencies: Mapping[str, str] | None = None) -> None:
        value = serialize(to_state(key, snapshot, agencies))
        if key[0] == "topic" and self._topics is not None:
            self._topics[_SERIES + table_key(key)] = value
        else:
            self._table[table_key(key)] = value

    def load(self, partition: int | None = None) -> Iterator[SavedSeries]:
        """Every saved series, or those of one partition (the table may also hold standby copies)."""
        for key, raw in list(self._table.items()):
            if raw and (partition is None or partition_of(key, self.partitions) == partition):
                yield _saved(raw)
        if self._topics is not None and partition in (None, self._topics_partition):
            for key, raw in list(self._topics.items()):
                if raw and key.startswith(_SERIES):
                    yield _saved(raw)


def _saved(raw: bytes) -> SavedSeries:
    state = parse(trends_pb2.TrendSeriesState, raw)
    return (*from_state(state), agencies_of(state))


_SERIES, _TEXT = b"series/", b"text/"


class TrendTopicTable:
    """The topic index's texts over a faust table of bytes (or any mapping), keyed by text id."""

    def __init__(self, table: MutableMapping[bytes, bytes]) -> None:
        self._table = table

    def save(self, text_id: str, text: IndexedText, title: str) -> None:
        self._table[_TEXT + text_id.encode()] = serialize(trends_pb2.TrendTopicText(
            topic_id=text.topic, hour=text.hour, minhash=list(text.signature), title=title))

    def delete(self, text_id: str) -> None:
        self._table.pop(_TEXT + text_id.encode(), None)

    def load(self) -> Iterator[tuple[str, IndexedText, str]]:
        for key, raw in list(self._table.items()):
            if raw and key.startswith(_TEXT):
                text = parse(trends_pb2.TrendTopicText, raw)
                indexed = IndexedText(text.topic_id, text.hour, tuple(text.minhash))
                yield key.removeprefix(_TEXT).decode(), indexed, text.title


class MisroutedTrendRecords:
    """Records of the trends' topic found on a partition their key does not hash to under
    `CITYCOMM_KAFKA_PARTITIONS`: the topic has another partition count (runbook, early warning).
    They are not counted, and an error says so once a minute with the count so far."""

    def __init__(self, topic: str, partitions: int, every: float = 60.0,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._topic, self._partitions, self._every, self._monotonic = topic, partitions, every, monotonic
        self.count = 0
        self._said: float | None = None

    def record(self, partition: int) -> None:
        self.count += 1
        now = self._monotonic()
        if self._said is None or now - self._said >= self._every:
            self._said = now
            log.error("early warning: %d records of %s arrived on a partition (last: %d) their key does not "
                      "hash to with CITYCOMM_KAFKA_PARTITIONS=%d: the topic has another partition count; "
                      "they are not counted (runbook: early warning, changing the partition count)",
                      self.count, self._topic, partition, self._partitions)
