"""Tests of the working-time calendar: working days, office hours and deadline counting."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citycomm_common.calendar import WorkingCalendar, load_calendar
from citycomm_common.config_files import ConfigError

CALENDAR_FILE = Path(__file__).parents[2] / "config" / "calendar.yaml"
CALENDAR = load_calendar(CALENDAR_FILE)


def at(text: str) -> datetime:
    """A moment in Ho Chi Minh City time, e.g. at('2026-02-13 10:00')."""
    return datetime.fromisoformat(f"{text}+07:00")


def end_of(day: str) -> datetime:
    return at(f"{day} 23:59:59.999999")


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2026-01-01", False),  # New Year's Day
        ("2026-01-02", False),  # swapped with Saturday 10 January
        ("2026-01-09", True),
        ("2026-01-10", True),  # swapped working Saturday
        ("2026-01-11", False),
        ("2026-01-17", False),  # an ordinary Saturday
        ("2026-02-13", True),  # last day before Tết
        ("2026-02-14", False),
        ("2026-02-16", False),
        ("2026-02-17", False),  # Mùng 1 Tết Bính Ngọ
        ("2026-02-20", False),
        ("2026-02-22", False),
        ("2026-02-23", True),  # back to work
        ("2026-04-27", False),  # Hùng Kings' day (Sunday 26 April) observed
        ("2026-04-29", True),
        ("2026-04-30", False),
        ("2026-05-01", False),
        ("2026-05-04", True),
        ("2026-08-22", True),  # Saturday worked for Monday 31 August
        ("2026-08-31", False),
        ("2026-09-01", False),  # day adjacent to National Day
        ("2026-09-02", False),
        ("2026-09-03", True),
        ("2026-11-24", False),  # Vietnamese Culture Day, from 2026
        ("2025-11-24", True),  # not yet a holiday in 2025
        ("2026-11-25", True),
        ("2027-02-08", False),  # Tết 2027 comes from the package alone
    ],
)
def test_working_days(day: str, working: bool) -> None:
    assert CALENDAR.is_working_day(date.fromisoformat(day)) is working


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        ("2026-02-12 10:00", 1, "2026-02-13"),
        ("2026-02-12 10:00", 2, "2026-02-23"),  # Tết skipped
        ("2026-02-13 16:59", 5, "2026-02-27"),
        ("2026-02-15 09:00", 1, "2026-02-23"),  # received on a Tết Sunday
        ("2026-04-29 08:00", 1, "2026-05-04"),  # 30/4 and 1/5
        ("2026-04-29 08:00", 3, "2026-05-06"),
        ("2026-08-28 08:00", 1, "2026-09-03"),  # 31/8, 1/9, 2/9
        ("2026-08-21 08:00", 1, "2026-08-22"),  # the swapped Saturday counts
        ("2026-01-09 08:00", 1, "2026-01-10"),
        ("2026-01-09 08:00", 2, "2026-01-12"),
        ("2026-11-23 08:00", 1, "2026-11-25"),  # 24 Nov
        ("2026-02-12 10:00", 0, "2026-02-12"),
        ("2026-02-14 10:00", 0, "2026-02-23"),
    ],
)
def test_add_working_days(start: str, days: int, due: str) -> None:
    assert CALENDAR.add_working_days(at(start), days) == end_of(due)


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        ("2026-02-10 10:00", 3, "2026-02-13"),
        ("2026-02-10 10:00", 4, "2026-02-23"),  # lands in Tết: rolls to the next working day
        ("2026-04-01 10:00", 29, "2026-05-04"),  # lands on 30/4
        ("2026-04-01 10:00", 33, "2026-05-04"),  # lands on Sunday 3 May
        ("2026-08-02 10:00", 30, "2026-09-03"),  # lands on 1/9
        ("2026-12-01 10:00", 30, "2026-12-31"),
        ("2026-01-09 23:00", 1, "2026-01-10"),  # the swapped Saturday is a working day
        ("2026-10-25 10:00", 30, "2026-11-25"),  # lands on 24 Nov
    ],
)
def test_add_calendar_days(start: str, days: int, due: str) -> None:
    assert CALENDAR.add_calendar_days(at(start), days) == end_of(due)


def test_add_clock_hours_counts_from_the_moment_through_holidays() -> None:
    assert CALENDAR.add_clock_hours(at("2026-02-16 20:15"), 24) == at("2026-02-17 20:15")
    utc_start = datetime(2026, 4, 29, 23, 0, tzinfo=UTC)
    assert CALENDAR.add_clock_hours(utc_start, 12) == at("2026-04-30 18:00")


@pytest.mark.parametrize(
    ("moment", "opening"),
    [
        ("2026-02-12 07:29", "2026-02-12 07:30"),
        ("2026-02-12 07:30", "2026-02-12 07:30"),
        ("2026-02-12 11:29", "2026-02-12 11:29"),
        ("2026-02-12 11:30", "2026-02-12 13:00"),  # lunch break
        ("2026-02-12 16:59", "2026-02-12 16:59"),
        ("2026-02-12 17:00", "2026-02-13 07:30"),
        ("2026-02-13 17:00", "2026-02-23 07:30"),  # Tết
        ("2026-01-09 18:00", "2026-01-10 07:30"),  # swapped Saturday
        ("2026-04-29 20:00", "2026-05-04 07:30"),
    ],
)
def test_next_office_moment(moment: str, opening: str) -> None:
    assert CALENDAR.next_office_moment(at(moment)) == at(opening)


@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        ("2026-02-12 07:30", 4, "2026-02-12 11:30"),
        ("2026-02-12 10:00", 2, "2026-02-12 13:30"),
        ("2026-02-12 10:00", 8, "2026-02-13 10:00"),
        ("2026-02-13 16:00", 1, "2026-02-13 17:00"),
        ("2026-02-13 16:00", 2, "2026-02-23 08:30"),
        ("2026-02-14 09:00", 0, "2026-02-23 07:30"),
        ("2026-02-12 12:00", 0.5, "2026-02-12 13:30"),
        ("2026-08-21 16:00", 3, "2026-08-22 09:30"),
    ],
)
def test_add_working_hours(start: str, hours: float, due: str) -> None:
    assert CALENDAR.add_working_hours(at(start), hours) == at(due)


@pytest.mark.parametrize(
    ("earlier", "later", "hours"),
    [
        ("2026-02-12 07:30", "2026-02-12 17:00", 8),
        ("2026-02-12 11:00", "2026-02-12 13:30", 1),
        ("2026-02-12 18:00", "2026-02-13 06:00", 0),
        ("2026-02-13 16:00", "2026-02-23 08:30", 2),
        ("2026-04-29 00:00", "2026-05-05 00:00", 16),
    ],
)
def test_working_hours_between(earlier: str, later: str, hours: float) -> None:
    assert CALENDAR.working_hours_between(at(earlier), at(later)) == pytest.approx(hours)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        CALENDAR.add_working_days(datetime(2026, 2, 12, 10), 1)
    with pytest.raises(ValueError, match="timezone-aware"):
        CALENDAR.working_hours_between(at("2026-02-12 10:00"), datetime(2026, 2, 13))


def test_results_are_in_city_time_whatever_the_input_zone() -> None:
    due = CALENDAR.add_working_days(datetime(2026, 2, 12, 20, tzinfo=UTC), 1)
    assert due == end_of("2026-02-23")  # 03:00 on the 13th in the city
    assert due.utcoffset() == timedelta(hours=7)


def test_defaults_without_a_file_follow_the_holidays_package() -> None:
    calendar = WorkingCalendar()
    assert not calendar.is_working_day(date(2026, 2, 17))
    assert calendar.is_working_day(date(2026, 8, 22))
    assert not calendar.is_working_day(date(2026, 1, 10))


def test_office_hours_are_configuration(tmp_path: Path) -> None:
    path = tmp_path / "calendar.yaml"
    path.write_text('office_hours:\n  sessions:\n    - {opens: "08:00", closes: "16:00"}\n')
    calendar = load_calendar(path)
    assert calendar.working_hours_between(at("2026-02-12 00:00"), at("2026-02-13 00:00")) == 8


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("office_hours:\n  sessions:\n    - {opens: 07:30, closes: 13:00}\n", "quoted 'HH:MM'"),
        ('office_hours:\n  sessions:\n    - {opens: "12:00", closes: "08:00"}\n', "before"),
        ("working_weekdays: [monday, funday]\n", "working_weekdays[1]"),
        ("days_off:\n  - {first: 2026-01-02, reason: x}\n", "days_off[0].source: Field required"),
        (
            "days_off:\n  - {first: 2026-01-02, reason: x, source: y}\n"
            "working_days:\n  - {first: 2026-01-02, reason: x, source: y}\n",
            "both as day off and as working day",
        ),
    ],
)
def test_a_bad_calendar_file_is_refused_with_its_line(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = tmp_path / "calendar.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=r"calendar\.yaml:\d+:\d+: ") as caught:
        load_calendar(path)
    assert problem in str(caught.value)


moments = st.datetimes(min_value=datetime(2025, 12, 1), max_value=datetime(2027, 2, 28)).map(
    lambda naive: naive.replace(tzinfo=CALENDAR.zone)
)


@given(moments, moments, st.integers(min_value=0, max_value=40))
def test_add_working_days_is_monotonic_in_the_start(a: datetime, b: datetime, days: int) -> None:
    earlier, later = sorted((a, b))
    assert CALENDAR.add_working_days(earlier, days) <= CALENDAR.add_working_days(later, days)


@given(moments, st.integers(min_value=0, max_value=40))
def test_add_working_days_ends_on_a_working_day(start: datetime, days: int) -> None:
    due = CALENDAR.add_working_days(start, days)
    assert CALENDAR.is_working_day(due.date())
    assert due > start


@given(moments, st.integers(min_value=1, max_value=60))
def test_add_calendar_days_ends_on_a_working_day_no_earlier_than_the_last_day(
    start: datetime, days: int
) -> None:
    due = CALENDAR.add_calendar_days(start, days)
    assert CALENDAR.is_working_day(due.date())
    assert due.date() >= start.date() + timedelta(days=days)


@given(moments, moments, moments)
def test_working_hours_between_is_additive_and_not_negative(
    a: datetime, b: datetime, c: datetime
) -> None:
    first, middle, last = sorted((a, b, c))
    left = CALENDAR.working_hours_between(first, middle)
    right = CALENDAR.working_hours_between(middle, last)
    assert left >= 0 and right >= 0
    assert left + right == pytest.approx(CALENDAR.working_hours_between(first, last))


@given(moments, st.floats(min_value=0, max_value=200, allow_nan=False))
def test_working_hours_between_undoes_add_working_hours(start: datetime, hours: float) -> None:
    due = CALENDAR.add_working_hours(start, hours)
    assert CALENDAR.working_hours_between(start, due) == pytest.approx(hours, abs=1e-6)
