"""What is normal for a series at an hour of the week, learned from its history (issue 19).

Each series keeps, per hour of the week, the sum of its counts and how many such hours it has
seen. Few weeks of a quiet series say little, so the estimate is shrunk towards a prior: the
series' own mean rate shaped by the hour-of-week profile pooled over every series of its type
(the city's rhythm), worth `shrinkage_weeks` weeks of history. Public holidays are Sundays.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from citycomm_common.calendar import WorkingCalendar

HOURS_PER_WEEK = 168
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def hour_index(moment: datetime, seconds: int = 3600) -> int:
    """Whole hours since 1970 (UTC): the detector's time unit (`seconds` long: an hour but to try
    the detector out, config/trends.yaml `hour_seconds`)."""
    return int((moment - _EPOCH).total_seconds() // seconds)


def hour_start(index: int, seconds: int = 3600) -> datetime:
    return _EPOCH + timedelta(seconds=index * seconds)


class HourOfWeek:
    """The hour of the week (0 = Monday 00:00 local) whose normal applies to an hour index."""

    def __init__(self, calendar: WorkingCalendar, seconds: int = 3600) -> None:
        self._calendar = calendar
        self._seconds = seconds
        self._weekdays: dict[date, int] = {}
        self._slots: dict[int, int] = {}

    def __call__(self, index: int) -> int:
        if index not in self._slots:
            if len(self._slots) > 4096:
                self._slots.clear()
            local = hour_start(index, self._seconds).astimezone(self._calendar.zone)
            self._slots[index] = self._weekday(local.date()) * 24 + local.hour
        return self._slots[index]

    def _weekday(self, day: date) -> int:
        if day not in self._weekdays:
            weekday = day.weekday()
            working = self._calendar.is_working_day(day)
            if not working and weekday < 5:
                weekday = 6  # a public holiday behaves like a Sunday
            elif working and weekday >= 5:
                weekday = 0  # a swapped working Saturday behaves like a weekday
            self._weekdays[day] = weekday
        return self._weekdays[day]


@dataclass
class _History:
    sums: list[float] = field(default_factory=lambda: [0.0] * HOURS_PER_WEEK)
    hours: list[int] = field(default_factory=lambda: [0] * HOURS_PER_WEEK)
    total: float = 0.0
    total_hours: int = 0

    def add(self, slot: int, count: float) -> None:
        self.sums[slot] += count
        self.hours[slot] += 1
        self.total += count
        self.total_hours += 1

    def rate(self) -> float:
        return self.total / self.total_hours if self.total_hours else 0.0


@dataclass(frozen=True)
class HistorySnapshot:
    """One series' history as plain data (a table value): sums and hours per hour of the week."""

    sums: tuple[float, ...]
    hours: tuple[int, ...]
    total: float
    total_hours: int


class SeasonalBaseline:
    """Expected counts per series and hour of the week, shrunk towards the pooled profile."""

    def __init__(self, shrinkage_weeks: float) -> None:
        self._shrinkage = shrinkage_weeks
        self._series: dict[tuple[str, str], _History] = {}
        self._pooled: dict[str, _History] = {}

    def learn(self, series: tuple[str, str], slot: int, count: float) -> None:
        history = self._series.get(series)
        if history is None:
            history = self._series[series] = _History()
        pooled = self._pooled.get(series[0])
        if pooled is None:
            pooled = self._pooled[series[0]] = _History()
        history.add(slot, count)
        pooled.add(slot, count)

    def snapshot(self, series: tuple[str, str]) -> HistorySnapshot | None:
        history = self._series.get(series)
        if history is None:
            return None
        return HistorySnapshot(tuple(history.sums), tuple(history.hours), history.total, history.total_hours)

    def restore(self, series: tuple[str, str], snapshot: HistorySnapshot) -> None:
        """Put a series' history back (after a restart); the pooled profile is its sum again."""
        old = self._series.get(series)
        pooled = self._pooled.setdefault(series[0], _History())
        if old is not None:
            _fold_into(pooled, old, -1)
        new = _History(list(snapshot.sums), list(snapshot.hours), snapshot.total, snapshot.total_hours)
        self._series[series] = new
        _fold_into(pooled, new, 1)

    def weeks_seen(self, series: tuple[str, str]) -> float:
        history = self._series.get(series)
        return history.total_hours / HOURS_PER_WEEK if history else 0.0

    def mean_rate(self, series: tuple[str, str]) -> float:
        """The series' average count an hour, whatever the hour."""
        history = self._series.get(series)
        return history.rate() if history else 0.0

    def expected(self, series: tuple[str, str], slot: int) -> float:
        history = self._series.get(series)
        if history is None:
            return 0.0
        pooled = self._pooled[series[0]]
        pooled_rate = pooled.rate()
        shape = (pooled.sums[slot] / pooled.hours[slot] / pooled_rate
                 if pooled.hours[slot] and pooled_rate > 0 else 1.0)
        prior = history.rate() * shape
        k = self._shrinkage
        if history.hours[slot] + k == 0:
            return prior
        return (history.sums[slot] + k * prior) / (history.hours[slot] + k)


def _fold_into(pooled: _History, history: _History, sign: int) -> None:
    for slot in range(HOURS_PER_WEEK):
        pooled.sums[slot] += sign * history.sums[slot]
        pooled.hours[slot] += sign * history.hours[slot]
    pooled.total += sign * history.total
    pooled.total_hours += sign * history.total_hours
