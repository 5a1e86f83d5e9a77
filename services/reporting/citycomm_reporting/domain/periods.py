"""Reporting periods in the city's local time: day, week, month, the 1022 month, any range.

The 1022 portal's month runs from the 25th at 12:00 to the next 25th at 12:00 (domain.md §5);
it is named after the month it ends in (25 Sep 12:00 - 25 Oct 12:00 is "2025-10").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal, get_args

from citycomm_common.vocabulary import CITY_ZONE

PeriodKind = Literal["day", "week", "month", "month_1022", "range"]
PERIOD_KINDS: tuple[str, ...] = get_args(PeriodKind)
NOON = time(12, 0)


@dataclass(frozen=True)
class Period:
    kind: str
    start: datetime  # inclusive
    end: datetime  # exclusive
    label: str

    def contains(self, moment: datetime) -> bool:
        return self.start <= moment < self.end

    @property
    def first_day(self) -> date:
        """The city's day the period starts in."""
        return self.start.astimezone(CITY_ZONE).date()


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=CITY_ZONE)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return day.replace(year=index // 12, month=index % 12 + 1)


def _month_1022_end(moment: datetime) -> datetime:
    local = moment.astimezone(CITY_ZONE)
    end = datetime.combine(local.date().replace(day=25), NOON, tzinfo=CITY_ZONE)
    return end if local < end else datetime.combine(
        _add_months(local.date().replace(day=25), 1), NOON, tzinfo=CITY_ZONE)


def period_containing(kind: str, moment: datetime) -> Period:
    """The day, week (Monday first), month or 1022 month that `moment` falls in."""
    day = moment.astimezone(CITY_ZONE).date()
    if kind == "day":
        return Period(kind, _midnight(day), _midnight(day + timedelta(days=1)), day.isoformat())
    if kind == "week":
        monday = day - timedelta(days=day.weekday())
        iso = monday.isocalendar()
        return Period(kind, _midnight(monday), _midnight(monday + timedelta(days=7)),
                      f"{iso.year}-W{iso.week:02d}")
    if kind == "month":
        first = day.replace(day=1)
        return Period(kind, _midnight(first), _midnight(_add_months(first, 1)), f"{first:%Y-%m}")
    if kind == "month_1022":
        end = _month_1022_end(moment)
        start = datetime.combine(_add_months(end.date(), -1), NOON, tzinfo=CITY_ZONE)
        return Period(kind, start, end, f"{end:%Y-%m} (1022)")
    raise ValueError(f"unknown period kind {kind!r}; one of {', '.join(PERIOD_KINDS)}")


def date_range(start: date, end: date) -> Period:
    """Any range of whole local days, both inclusive."""
    if end < start:
        raise ValueError("the range ends before it starts")
    return Period("range", _midnight(start), _midnight(end + timedelta(days=1)), f"{start}..{end}")


def previous(period: Period) -> Period:
    return period_containing(period.kind, period.start - timedelta(microseconds=1))


def periods_between(kind: str, start: datetime, end: datetime) -> list[Period]:
    """Consecutive periods of `kind` covering [start, end), oldest first."""
    found, current = [], period_containing(kind, start)
    while current.start < end:
        found.append(current)
        current = period_containing(kind, current.end)
    return found
