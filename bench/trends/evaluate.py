"""Scoring a detector on the synthetic year: recall, false alarms a week, time to detect."""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from bench.trends.traffic import WARMUP_WEEKS, Event, Inquiry
from citycomm_reporting.adapters.trend_table import partition_of
from citycomm_reporting.domain.trend_config import Sensitivity, TrendConfig
from citycomm_reporting.domain.trend_detector import Judgement, TrendDetector
from citycomm_reporting.domain.trend_model import SeriesKey, TrendChange, series_id, series_keys


class FixedThresholdDetector(TrendDetector):
    """The simple baseline: a window is a rise at `factor` times the series' average window."""

    factor = 3.0

    def judge(self, key: SeriesKey, hours: range, observed: int, sens: Sensitivity) -> Judgement:
        mean = self.baseline.mean_rate(key) * len(hours)
        limit = max(sens.min_count, math.ceil(self.factor * mean))
        return Judgement(mean, 0.0, observed >= limit, False)


class Detector(Protocol):
    def observe(self, inquiry_id: str, hour: int, series: Iterable[SeriesKey]) -> bool: ...

    def close_until(self, hour: int) -> list[TrendChange]: ...


class SplitDetector:
    """The detector as the workers run it (decision 0102): one per partition, each series in the
    partition its key hashes to, each pooling its hour-of-week profile over the series it holds."""

    def __init__(self, make: Callable[[], TrendDetector], partitions: int) -> None:
        self.parts = [make() for _ in range(partitions)]
        self._partition: dict[SeriesKey, int] = {}

    def _of(self, key: SeriesKey) -> int:
        if key not in self._partition:
            self._partition[key] = partition_of(series_id(key).encode(), len(self.parts))
        return self._partition[key]

    def observe(self, inquiry_id: str, hour: int, series: Iterable[SeriesKey]) -> bool:
        by_part: dict[int, list[SeriesKey]] = defaultdict(list)
        for key in series:
            by_part[self._of(key)].append(key)
        counted = [self.parts[p].observe(inquiry_id, hour, keys) for p, keys in by_part.items()]
        return any(counted)

    def close_until(self, hour: int) -> list[TrendChange]:
        return [change for part in self.parts for change in part.close_until(hour)]


@dataclass(frozen=True)
class Score:
    name: str
    recall: float
    recall_by_shape: dict[str, float]
    false_alarms_per_week: float
    median_hours_to_detect: float
    seconds: float
    inquiries: int


def run(detector: Detector, inquiries: list[Inquiry]) -> tuple[list[TrendChange], float]:
    by_hour: dict[int, list[Inquiry]] = defaultdict(list)
    for q in inquiries:
        by_hour[q.hour].append(q)
    first, last = min(by_hour), max(by_hour)
    changes: list[TrendChange] = []
    started = time.perf_counter()
    for hour in range(first, last + 1):
        changes += detector.close_until(hour)
        for q in by_hour.get(hour, ()):
            detector.observe(q.inquiry_id, hour, series_keys(category=q.category, ward=q.ward,
                                                             agency=q.agency, kind=q.kind))
    changes += detector.close_until(last + 1)
    return changes, time.perf_counter() - started


def raw_loop(inquiries: list[Inquiry]) -> float:
    """The same inquiries through a loop that only counts them per series and hour."""
    counts: dict[tuple[SeriesKey, int], int] = defaultdict(int)
    started = time.perf_counter()
    for q in inquiries:
        for key in series_keys(category=q.category, ward=q.ward, agency=q.agency, kind=q.kind):
            counts[key, q.hour] += 1
    return time.perf_counter() - started


def _affected(event: Event) -> set[SeriesKey]:
    return {("category", event.category), ("ward", event.ward), ("agency", event.agency),
            ("category_ward", f"{event.category}/{event.ward}"),
            ("kind", "feedback"), ("kind", "press-question")}  # its inquiries count there too


def score(name: str, changes: list[TrendChange], events: list[Event], inquiries: list[Inquiry],
          config: TrendConfig, seconds: float) -> Score:
    first = min(q.hour for q in inquiries)
    start = first + WARMUP_WEEKS * 168
    weeks = (max(q.hour for q in inquiries) - start) / 168
    raised = [(c.trend, int(c.at.timestamp() // 3600)) for c in changes
              if c.kind == "detected" and c.trend.direction == "rise"
              and c.at.timestamp() // 3600 >= start]
    matched: set[int] = set()
    delays: dict[str, float] = {}
    for event in events:
        keys = _affected(event)
        for i, (trend, at) in enumerate(raised):
            if (trend.series_type, trend.series_value) in keys and \
                    event.start <= at <= event.start + event.hours + config.window_hours:
                matched.add(i)
                delays[event.event_id] = min(delays.get(event.event_id, math.inf), at - event.start)
    shapes = {e.shape for e in events}
    by_shape = {s: sum(e.event_id in delays for e in events if e.shape == s)
                / sum(e.shape == s for e in events) for s in sorted(shapes)}
    waits = sorted(delays.values())
    median = waits[len(waits) // 2] if waits else math.nan
    return Score(name, len(delays) / len(events), by_shape, (len(raised) - len(matched)) / weeks,
                 median, seconds, len(inquiries))
