"""Reporting periods in city time: weeks from Monday, months, the 1022 month from the 25th at noon."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from citycomm_common.vocabulary import CITY_ZONE as CITY
from citycomm_reporting.domain.periods import date_range, period_containing, periods_between, previous
from citycomm_reporting.domain.reports import briefing_period, monthly_period


def city(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=CITY)


@pytest.mark.parametrize(("moment", "label", "start", "end"), [
    (city(2025, 10, 25, 11, 59), "2025-10 (1022)", city(2025, 9, 25, 12), city(2025, 10, 25, 12)),
    (city(2025, 10, 25, 12, 0), "2025-11 (1022)", city(2025, 10, 25, 12), city(2025, 11, 25, 12)),
    (city(2025, 12, 31, 23, 0), "2026-01 (1022)", city(2025, 12, 25, 12), city(2026, 1, 25, 12)),
])
def test_the_1022_month_turns_on_the_25th_at_noon(moment: datetime, label: str, start: datetime,
                                                  end: datetime) -> None:
    period = period_containing("month_1022", moment)
    assert (period.label, period.start, period.end) == (label, start, end)


def test_days_weeks_months_and_ranges_are_local() -> None:
    # 23:30 UTC on 31 May is already 1 June in Ho Chi Minh City.
    moment = datetime.fromisoformat("2026-05-31T23:30:00+00:00")
    assert period_containing("day", moment).label == "2026-06-01"
    assert period_containing("month", moment).label == "2026-06"
    week = period_containing("week", city(2026, 5, 20, 12))
    assert (week.label, week.start, week.end) == ("2026-W21", city(2026, 5, 18), city(2026, 5, 25))
    assert date_range(date(2026, 5, 4), date(2026, 5, 8)).end == city(2026, 5, 9)
    with pytest.raises(ValueError):
        date_range(date(2026, 5, 8), date(2026, 5, 4))
    with pytest.raises(ValueError, match="unknown period"):
        period_containing("year", moment)


def test_previous_and_series() -> None:
    march = period_containing("month", city(2026, 3, 10))
    assert previous(march).label == "2026-02"
    labels = [p.label for p in periods_between("month", city(2025, 11, 5), city(2026, 2, 1))]
    assert labels == ["2025-11", "2025-12", "2026-01"]


def test_report_timetable() -> None:
    # Thursday 21 May 2026 at 06:59 the newest slot is still last Thursday's; at 07:00 it is today's.
    assert briefing_period(city(2026, 5, 21, 6, 59), 3, 7, 28).end == city(2026, 5, 14, 7)
    assert briefing_period(city(2026, 5, 21, 7, 0), 3, 7, 28).end == city(2026, 5, 21, 7)
    assert briefing_period(city(2026, 5, 21, 7, 0), 3, 7, 28).start == city(2026, 4, 23, 7)
    assert monthly_period(city(2026, 6, 1, 0, 59), "month") is None
    assert monthly_period(city(2026, 6, 1, 1, 0), "month").label == "2026-05"  # type: ignore[union-attr]
    assert monthly_period(city(2026, 5, 25, 13, 0), "month_1022").label == "2026-05 (1022)"  # type: ignore[union-attr]
