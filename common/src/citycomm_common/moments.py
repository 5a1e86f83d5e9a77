"""Dates and moments an API accepts: within the years the working calendar knows (1970-2099).

Python's datetime stops at years 1 and 9999, so a moment near either end overflows as soon as it
is moved to UTC (0001-01-01T00:00+14:00) or a day is added to it (9999-12-31 as an inclusive
end): a 500 where the caller deserves a 422. The holidays behind every deadline are known for
1901-2100 only, so nothing outside these years can be answered right anyway.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime
from pydantic_core import PydanticCustomError

EARLIEST = date(1970, 1, 1)
LATEST = date(2099, 12, 31)
RANGE = f"between {EARLIEST.isoformat()} and {LATEST.isoformat()}"


def within_range(day: date) -> date:
    """`day`, or a ValueError naming the accepted years (pydantic reports it as date_out_of_range)."""
    if not EARLIEST <= day <= LATEST:
        raise PydanticCustomError("date_out_of_range", f"must be {RANGE}")
    return day


def moment_within_range(moment: datetime) -> datetime:
    """A moment whose own calendar day is in range: an offset (at most ±24 h) cannot leave it."""
    within_range(moment.date())
    return moment


def parse_moment(text: str) -> datetime:
    """RFC 3339 text (or ISO 8601, as fromisoformat reads it) within range, else ValueError."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not an RFC 3339 date-time") from None
    return moment_within_range(moment)


def parse_day(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD)") from None
    return within_range(day)


Day = Annotated[date, AfterValidator(within_range)]
Moment = Annotated[datetime, AfterValidator(moment_within_range)]  # without an offset: the caller says
AwareMoment = Annotated[AwareDatetime, AfterValidator(moment_within_range)]
