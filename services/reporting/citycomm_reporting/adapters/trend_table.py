"""The early-warning detector's state per series in a faust table of bytes (issue 19, decision 0111).

Keyed by "<series type>/<value>", each value a citycomm.v1.TrendSeriesState (protobuf, like every
table value: decision 0001). The table's changelog is what a restart, or the worker taking the
detector over, reads back: every open window, open trend and learned hour of the week.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping

from citycomm.v1 import trends_pb2
from citycomm_common.contracts import from_timestamp, parse, serialize, to_timestamp
from citycomm_reporting.domain.trend_baseline import HistorySnapshot
from citycomm_reporting.domain.trend_detector import SeriesSnapshot
from citycomm_reporting.domain.trend_model import Direction, SeriesKey, Trend

_DIRECTION: dict[Direction, trends_pb2.TrendDirection] = {"rise": trends_pb2.TREND_DIRECTION_RISE,
                                    "fall": trends_pb2.TREND_DIRECTION_FALL}
_DIRECTION_OF: dict[trends_pb2.TrendDirection, Direction] = {v: k for k, v in _DIRECTION.items()}


def table_key(key: SeriesKey) -> bytes:
    return f"{key[0]}/{key[1]}".encode()


def to_state(key: SeriesKey, snapshot: SeriesSnapshot) -> trends_pb2.TrendSeriesState:
    ids = dict(snapshot.ids)
    state = trends_pb2.TrendSeriesState(
        series_type=key[0], series_value=key[1], next_hour=snapshot.next_hour, quiet=snapshot.quiet,
        hours=[trends_pb2.TrendSeriesState.Hour(hour=h, count=c, inquiry_ids=list(ids.get(h, ())))
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
    """SeriesSnapshots over a faust table of bytes (or any mapping, in tests)."""

    def __init__(self, table: MutableMapping[bytes, bytes]) -> None:
        self._table = table

    def save(self, key: SeriesKey, snapshot: SeriesSnapshot) -> None:
        self._table[table_key(key)] = serialize(to_state(key, snapshot))

    def load(self) -> Iterator[tuple[SeriesKey, SeriesSnapshot]]:
        for raw in list(self._table.values()):
            if raw:
                yield from_state(parse(trends_pb2.TrendSeriesState, raw))
