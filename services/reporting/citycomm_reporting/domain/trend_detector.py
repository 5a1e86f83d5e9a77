"""The early-warning detector: hopping windows per series against their seasonal normal (issue 19).

Time moves in whole hours. An inquiry adds to its hour's bucket in each of its series; closing
an hour hops every window by one step, judges the window against the normal of its hours (the
count model's tail) and moves the series' trend through detected → updated → ended, with a
lower ratio to end than to raise (hysteresis) so a trend does not flap. Pure: no I/O, no clock.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field

from citycomm_reporting.domain.trend_baseline import HistorySnapshot, HourOfWeek, SeasonalBaseline, hour_start
from citycomm_reporting.domain.trend_config import Sensitivity, TrendConfig
from citycomm_reporting.domain.trend_counts import lower_tail, upper_tail
from citycomm_reporting.domain.trend_model import Direction, SeriesKey, Trend, TrendChange, trend_id


@dataclass
class _Series:
    counts: dict[int, int] = field(default_factory=dict)  # hour index -> inquiries
    ids: dict[int, list[str]] = field(default_factory=dict)
    trend: Trend | None = None
    quiet: int = 0  # consecutive steps below the end ratio


@dataclass(frozen=True)
class SeriesSnapshot:
    """Everything the detector keeps for one series, as plain data: the value of a changelogged
    table keyed by series, so a restart (or the worker taking over its partition) loses no window."""

    next_hour: int
    counts: tuple[tuple[int, int], ...]
    ids: tuple[tuple[int, tuple[str, ...]], ...]
    trend: Trend | None
    quiet: int
    history: HistorySnapshot | None


@dataclass(frozen=True)
class Judgement:
    expected: float
    p_value: float
    rise: bool
    fall: bool


class TrendDetector:
    """Feed inquiries with `observe`, close hours with `close_until`; read the trend changes."""

    def __init__(self, config: TrendConfig, hour_of_week: HourOfWeek) -> None:
        self.config = config
        self.baseline = SeasonalBaseline(config.shrinkage_weeks)
        self._hour_of_week = hour_of_week
        self._series: dict[SeriesKey, _Series] = {}
        self.next_hour: int | None = None  # the first hour not yet closed

    def observe(self, inquiry_id: str, hour: int, series: Iterable[SeriesKey]) -> bool:
        """Count one inquiry in the hour it happened; one older than every open window is dropped.
        Whether it counted anywhere (False: seen before in each of its series, or too old)."""
        if self.next_hour is None:
            self.next_hour = hour
        if hour <= self.next_hour - self.config.window_hours:
            return False
        counted = False
        for key in series:
            state = self._series.setdefault(key, _Series())
            if inquiry_id in state.ids.get(hour, ()):
                continue  # seen again (a redelivery, or a replay after the state was saved)
            state.counts[hour] = state.counts.get(hour, 0) + 1
            state.ids.setdefault(hour, []).append(inquiry_id)
            counted = True
        return counted

    def close_until(self, hour: int) -> list[TrendChange]:
        """Close every hour before `hour`: one hop of every window each, in order."""
        changes: list[TrendChange] = []
        if self.next_hour is None:
            self.next_hour = hour
        while self.next_hour < hour:
            for key, state in self._series.items():
                change = self._step(key, state, self.next_hour)
                if change is not None:
                    changes.append(change)
            self.next_hour += 1
        return changes

    def snapshot(self, key: SeriesKey) -> SeriesSnapshot | None:
        state = self._series.get(key)
        if state is None or self.next_hour is None:
            return None
        return SeriesSnapshot(self.next_hour, tuple(sorted(state.counts.items())),
                              tuple((h, tuple(ids)) for h, ids in sorted(state.ids.items())),
                              state.trend, state.quiet, self.baseline.snapshot(key))

    def restore(self, key: SeriesKey, snapshot: SeriesSnapshot) -> None:
        """Take a series back as it was snapshot; the clock goes on from the latest snapshot."""
        self._series[key] = _Series(dict(snapshot.counts), {h: list(i) for h, i in snapshot.ids},
                                    snapshot.trend, snapshot.quiet)
        if snapshot.history is not None:
            self.baseline.restore(key, snapshot.history)
        self.next_hour = max(self.next_hour or snapshot.next_hour, snapshot.next_hour)

    def series(self) -> list[SeriesKey]:
        return list(self._series)

    def active(self) -> list[Trend]:
        return [s.trend for s in self._series.values() if s.trend is not None]

    def judge(self, key: SeriesKey, hours: range, observed: int, sens: Sensitivity) -> Judgement:
        """Whether this window is a surprising rise (or fall) for this series."""
        expected = sum(self.baseline.expected(key, self._hour_of_week(h)) for h in hours)
        p_rise = upper_tail(observed, expected, sens.dispersion)
        rise = observed >= sens.min_ratio * expected and p_rise <= sens.alpha
        fall = False
        if sens.falls and expected >= sens.min_expected_for_fall:
            p_fall = lower_tail(observed, expected, sens.dispersion)
            fall = observed * sens.min_ratio <= expected and p_fall <= sens.alpha
            if fall:
                return Judgement(expected, p_fall, False, True)
        return Judgement(expected, p_rise, rise, fall)

    def _step(self, key: SeriesKey, state: _Series, hour: int) -> TrendChange | None:
        sens = self.config.sensitivity(key[0])
        first = hour - self.config.window_hours + 1
        hours = range(first, hour + 1)
        observed = sum(c for h, c in state.counts.items() if h <= hour)  # older hours are dropped
        change = None
        worth_judging = state.trend is not None or observed >= sens.min_count or sens.falls
        if worth_judging and self.baseline.weeks_seen(key) >= self.config.min_history_weeks:
            verdict = self.judge(key, hours, observed, sens)
            change = self._advance(key, state, hours, observed, verdict, sens)
        # An hour is learned only as it leaves the window: a rise never teaches its own normal
        # before it is judged.
        self._learn(key, state, float(state.counts.pop(first, 0)), self._hour_of_week(first))
        state.ids.pop(first, None)
        return change

    def _learn(self, key: SeriesKey, state: _Series, count: float, slot: int) -> None:
        if state.trend is not None:  # a trend's own hours are learned capped, not swallowed whole
            sens = self.config.sensitivity(key[0])
            count = min(count, sens.min_ratio * max(self.baseline.expected(key, slot), 0.05))
        self.baseline.learn(key, slot, count)

    def _advance(self, key: SeriesKey, state: _Series, hours: range, observed: int,
                 verdict: Judgement, sens: Sensitivity) -> TrendChange | None:
        at = hour_start(hours.stop, self.config.hour_seconds)
        ids = [i for h in hours for i in state.ids.get(h, ())]
        trend = state.trend
        if trend is None:
            if not (verdict.rise or verdict.fall):
                return None
            direction: Direction = "rise" if verdict.rise else "fall"
            state.trend = Trend(
                trend_id(key, direction, hours.start), key[0], key[1], direction,
                hour_start(hours.start, self.config.hour_seconds),
                at, observed, verdict.expected, observed, verdict.p_value,
                tuple(ids[: self.config.max_inquiry_ids]))
            state.quiet = 0
            return TrendChange("detected", state.trend, at)
        ongoing = dataclasses.replace(
            trend, observed=observed, expected=verdict.expected, p_value=verdict.p_value,
            inquiry_ids=_merge(trend.inquiry_ids, ids, self.config.max_inquiry_ids))
        if self._calm(trend, observed, verdict.expected, sens):
            state.quiet += 1
            if state.quiet >= sens.end_windows:
                state.trend = None
                return TrendChange("ended", dataclasses.replace(ongoing, ended_at=at), at)
            state.trend = ongoing
            return None
        state.quiet = 0
        if trend.direction == "rise" and observed >= sens.update_ratio * trend.peak:
            state.trend = dataclasses.replace(ongoing, peak=observed)
            return TrendChange("updated", state.trend, at)
        state.trend = ongoing
        return None

    @staticmethod
    def _calm(trend: Trend, observed: int, expected: float, sens: Sensitivity) -> bool:
        if trend.direction == "rise":
            return observed < max(sens.end_ratio * expected, sens.min_count)
        return observed * sens.end_ratio > expected


def _merge(known: tuple[str, ...], more: list[str], limit: int) -> tuple[str, ...]:
    seen = dict.fromkeys(known)
    for inquiry_id in more:
        if len(seen) >= limit:
            break
        seen.setdefault(inquiry_id)
    return tuple(seen)
