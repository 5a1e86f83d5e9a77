"""The reminder and escalation ladder as data (config/escalation-ladder.yaml), and when each stage fires."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from citycomm_common.calendar import WorkingCalendar
from citycomm_common.config_files import load_config


class Role(StrEnum):
    CONTACT_POINT = "contact_point"
    SPOKESPERSON = "spokesperson"
    HEAD = "head"
    SUPERVISOR = "supervisor"
    CITY_OFFICE = "city_office"
    COORDINATOR = "coordinator"


AGENCY_ROLES = frozenset({Role.CONTACT_POINT, Role.SPOKESPERSON, Role.HEAD})


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Span(_Model):
    working_days: int | None = Field(default=None, ge=1, le=30)
    hours: float | None = Field(default=None, ge=0, le=24 * 30)

    @model_validator(mode="after")
    def _one_unit(self) -> Self:
        if (self.working_days is None) == (self.hours is None):
            raise ValueError("give exactly one of working_days or hours")
        return self


class Anchor(_Model):
    fraction_of_allowed: float | None = Field(default=None, gt=0, le=10)
    before_due: Span | None = None
    after_due: Span | None = None

    @model_validator(mode="after")
    def _one_anchor(self) -> Self:
        if sum(v is not None for v in (self.fraction_of_allowed, self.before_due, self.after_due)) != 1:
            raise ValueError("give exactly one of fraction_of_allowed, before_due, after_due")
        if self.after_due is not None and self.after_due.hours is None:
            raise ValueError("after_due is counted in hours")
        return self


class Stage(_Model):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)
    type: str = Field(pattern=r"^inquiry\.[a-z_]+$")
    at: Anchor
    recipients: list[Role] = Field(min_length=1)


class KindLadder(_Model):
    time: Literal["working", "clock"] = "working"
    urgent: bool = False
    stages: list[Stage] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> Self:
        ids = [s.id for s in self.stages]
        if len(ids) != len(set(ids)):
            raise ValueError("stage ids must be unique within a kind")
        return self


class Ladder(_Model):
    kinds: dict[str, KindLadder]

    def for_kind(self, kind: str) -> KindLadder | None:
        return self.kinds.get(kind)


def load_ladder(path: Path) -> Ladder:
    return load_config(path, Ladder)


def _working_days_before(calendar: WorkingCalendar, due: datetime, days: int) -> datetime:
    """24:00 of the `days`-th working day before the due day."""
    day = due.astimezone(calendar.zone).date()
    for _ in range(days):
        day -= timedelta(days=1)
        while not calendar.is_working_day(day):
            day -= timedelta(days=1)
    return calendar.end_of_day(day)


def _fraction(calendar: WorkingCalendar, kind: KindLadder, start: datetime, due: datetime,
              fraction: float) -> datetime:
    if kind.time == "clock":
        return start + (due - start) * fraction
    allowed = calendar.working_hours_between(start, due)
    moment = calendar.add_working_hours(start, allowed * fraction)
    # Office time ends at 17:00 while a day deadline ends at 24:00: never fire "past due" early.
    return max(moment, due) if fraction >= 1 else moment


def raw_moment(calendar: WorkingCalendar, kind: KindLadder, stage: Stage, start: datetime,
               due: datetime) -> datetime:
    """When the stage falls due, before any holding for office hours."""
    at = stage.at
    if at.fraction_of_allowed is not None:
        return _fraction(calendar, kind, start, due, at.fraction_of_allowed)
    if at.before_due is not None:
        if at.before_due.working_days is not None:
            return _working_days_before(calendar, due, at.before_due.working_days)
        return due - timedelta(hours=at.before_due.hours or 0)
    assert at.after_due is not None
    return due + timedelta(hours=at.after_due.hours or 0)


def fire_moment(calendar: WorkingCalendar, kind: KindLadder, stage: Stage, start: datetime,
                due: datetime) -> datetime | None:
    """When the stage is sent: None if before the assignment; held for office hours unless urgent."""
    moment = raw_moment(calendar, kind, stage, start, due)
    if moment <= start:
        return None
    return moment if kind.urgent else calendar.next_office_moment(moment)
