"""The city's working-time calendar: office hours, public holidays, swapped days, deadline counting.

Every moment is timezone-aware. "24:00 of a day" (Civil Code 2015 Art. 148) is represented as
23:59:59.999999 local time of that day, so `due.date()` is the last day and an answer is on
time when `answered_at <= due`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Literal, get_args
from zoneinfo import ZoneInfo

import holidays
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from citycomm_common.config_files import load_config
from citycomm_common.vocabulary import CITY_ZONE_NAME

__all__ = ["CalendarConfig", "CalendarDays", "OfficeSession", "WorkingCalendar", "load_calendar"]

Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[Weekday, ...] = get_args(Weekday)
END_OF_DAY = time(23, 59, 59, 999999)
_SEARCH_LIMIT_DAYS = 3660


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class OfficeSession(_Frozen):
    """One stretch of office hours in a working day, e.g. 07:30-11:30."""

    opens: time
    closes: time

    @field_validator("opens", "closes", mode="before")
    @classmethod
    def _quoted_clock_time(cls, value: object) -> object:
        if not isinstance(value, str | time):
            raise ValueError("write clock times as quoted 'HH:MM' strings")
        return value

    @model_validator(mode="after")
    def _opens_before_closes(self) -> OfficeSession:
        if self.opens >= self.closes:
            raise ValueError("opens must be before closes")
        return self


class OfficeHours(_Frozen):
    """Office hours of a working day (set by each province), with where they come from."""

    sessions: tuple[OfficeSession, ...] = (
        OfficeSession(opens=time(7, 30), closes=time(11, 30)),
        OfficeSession(opens=time(13, 0), closes=time(17, 0)),
    )
    source: str = "Quyết định 188/1999/QĐ-TTg; hours set by the province"

    @field_validator("sessions")
    @classmethod
    def _ordered_and_apart(cls, sessions: tuple[OfficeSession, ...]) -> tuple[OfficeSession, ...]:
        if not sessions:
            raise ValueError("at least one office session is needed")
        for earlier, later in zip(sessions, sessions[1:], strict=False):
            if later.opens < earlier.closes:
                raise ValueError("sessions must be in order and must not overlap")
        return sessions


class CalendarDays(_Frozen):
    """A day or a run of days (first..last) decided for one year, with reason and source."""

    first: date
    last: date | None = None
    reason: str = Field(min_length=1)
    source: str = Field(min_length=1)
    confidence: Literal["high", "medium", "low"] = "high"
    note: str = ""

    @model_validator(mode="after")
    def _short_forward_run(self) -> CalendarDays:
        if self.last is not None and not 0 <= (self.last - self.first).days <= 31:
            raise ValueError("last must be on or after first, at most 31 days later")
        return self

    def dates(self) -> list[date]:
        """Every date of the run."""
        span = (self.last - self.first).days if self.last else 0
        return [self.first + timedelta(days=n) for n in range(span + 1)]


class CalendarConfig(_Frozen):
    """The calendar as data: see config/calendar.yaml."""

    timezone: str = CITY_ZONE_NAME
    holidays_country: str = "VN"
    working_weekdays: tuple[Weekday, ...] = WEEKDAYS[:5]
    office_hours: OfficeHours = OfficeHours()
    days_off: tuple[CalendarDays, ...] = ()
    working_days: tuple[CalendarDays, ...] = ()

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, name: str) -> str:
        ZoneInfo(name)
        return name

    @field_validator("working_weekdays")
    @classmethod
    def _some_weekday(cls, weekdays: tuple[Weekday, ...]) -> tuple[Weekday, ...]:
        if not weekdays:
            raise ValueError("at least one working weekday is needed")
        return weekdays

    @model_validator(mode="after")
    def _no_day_both_off_and_working(self) -> CalendarConfig:
        off = {d for days in self.days_off for d in days.dates()}
        both = sorted(off.intersection(d for days in self.working_days for d in days.dates()))
        if both:
            raise ValueError(f"listed both as day off and as working day: {both[0]}")
        return self


class WorkingCalendar:
    """Working days and office hours of the city, and the counting of deadlines over them."""

    def __init__(self, config: CalendarConfig | None = None) -> None:
        self.config = config or CalendarConfig()
        self.zone = ZoneInfo(self.config.timezone)
        self._weekdays = frozenset(WEEKDAYS.index(day) for day in self.config.working_weekdays)
        self._sessions = self.config.office_hours.sessions
        self._years: dict[int, tuple[frozenset[date], frozenset[date]]] = {}

    def _year(self, year: int) -> tuple[frozenset[date], frozenset[date]]:
        """(days off, working days that would otherwise be off) of one year, cached."""
        if year not in self._years:
            # A swap can cross the new year (2018-12-31 off for 2019-01-05), so load neighbours.
            years = range(year - 1, year + 2)
            public = holidays.country_holidays(self.config.holidays_country, years=years)
            extra_off = {d for days in self.config.days_off for d in days.dates()}
            extra_on = {d for days in self.config.working_days for d in days.dates()}
            swapped = {d for d in getattr(public, "weekend_workdays", ()) if d.year == year}
            on = frozenset(d for d in extra_on | swapped if d.year == year)
            off = frozenset(d for d in set(public) | extra_off if d.year == year) - on
            self._years[year] = (off, on)
        return self._years[year]

    def is_working_day(self, day: date) -> bool:
        """True on a day the agencies work: a weekday that is no holiday, or a swapped day."""
        off, on = self._year(day.year)
        return day in on or (day not in off and day.weekday() in self._weekdays)

    def next_working_day(self, day: date, *, inclusive: bool = False) -> date:
        """The first working day after `day` (or `day` itself when inclusive and working)."""
        candidate = day if inclusive else day + timedelta(days=1)
        for _ in range(_SEARCH_LIMIT_DAYS):
            if self.is_working_day(candidate):
                return candidate
            candidate += timedelta(days=1)
        raise ValueError(f"no working day within {_SEARCH_LIMIT_DAYS} days of {day}")

    def _local(self, moment: datetime) -> datetime:
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError(f"a timezone-aware datetime is required, got {moment!r}")
        return moment.astimezone(self.zone)

    def _at(self, day: date, clock: time) -> datetime:
        return datetime.combine(day, clock, tzinfo=self.zone)

    def end_of_day(self, day: date) -> datetime:
        """24:00 of `day`, as its last microsecond."""
        return self._at(day, END_OF_DAY)

    def add_clock_hours(self, start: datetime, hours: float) -> datetime:
        """The moment `hours` after `start`, counted from the moment itself."""
        return (self._local(start).astimezone(UTC) + timedelta(hours=hours)).astimezone(self.zone)

    def add_calendar_days(self, start: datetime, days: int) -> datetime:
        """Civil Code Art. 147-148: from the next day, to 24:00 of the last day (a working day)."""
        _check_count(days)
        last = self._local(start).date() + timedelta(days=days)
        return self.end_of_day(self.next_working_day(last, inclusive=True))

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """From the next day, counting working days only, to 24:00 of the last of them."""
        _check_count(days)
        day = self.next_working_day(self._local(start).date(), inclusive=days == 0)
        for _ in range(max(days - 1, 0)):
            day = self.next_working_day(day)
        return self.end_of_day(day)

    def _office_sessions(self, day: date) -> list[tuple[datetime, datetime]]:
        if not self.is_working_day(day):
            return []
        return [(self._at(day, s.opens), self._at(day, s.closes)) for s in self._sessions]

    def _sessions_from(self, moment: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Office sessions still open at or after `moment`, clipped to start no earlier."""
        day = moment.date()
        for _ in range(_SEARCH_LIMIT_DAYS):
            for opens, closes in self._office_sessions(day):
                if moment < closes:
                    yield max(opens, moment), closes
            day += timedelta(days=1)
        raise ValueError(f"no office hours within {_SEARCH_LIMIT_DAYS} days of {moment}")

    def next_office_moment(self, moment: datetime) -> datetime:
        """`moment` itself if the offices are open then, otherwise their next opening."""
        return next(self._sessions_from(self._local(moment)))[0]

    def add_working_hours(self, start: datetime, hours: float) -> datetime:
        """The moment when `hours` of office time have passed since `start`."""
        if hours < 0:
            raise ValueError("hours must not be negative")
        remaining = timedelta(hours=hours)
        for opens, closes in self._sessions_from(self._local(start)):
            if remaining <= closes - opens:
                return opens + remaining
            remaining -= closes - opens
        raise AssertionError("unreachable: _sessions_from ends by raising")

    def working_hours_between(self, earlier: datetime, later: datetime) -> float:
        """Office hours between two moments (response time as reporting measures it)."""
        earlier, later = self._local(earlier), self._local(later)
        if later < earlier:
            raise ValueError("later must not be before earlier")
        total, day = timedelta(0), earlier.date()
        while day <= later.date():
            for opens, closes in self._office_sessions(day):
                total += max(min(closes, later) - max(opens, earlier), timedelta(0))
            day += timedelta(days=1)
        return total.total_seconds() / 3600


def _check_count(days: int) -> None:
    if days < 0:
        raise ValueError("days must not be negative")


def load_calendar(path: Path) -> WorkingCalendar:
    """The working calendar described by a YAML file (see config/calendar.yaml)."""
    return WorkingCalendar(load_config(path, CalendarConfig))
