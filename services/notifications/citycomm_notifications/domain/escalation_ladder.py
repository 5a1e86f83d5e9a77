"""The reminder and escalation ladder as data (config/escalation-ladder.yaml), and when each stage fires."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal, Self, get_args

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
# The units of config/deadline-policies.yaml (routing's deadlines.Unit; a test keeps them equal).
Unit = Literal["minutes", "clock_hours", "working_hours", "calendar_days", "working_days"]
BEFORE_DUE_TYPES = frozenset({"inquiry.reminder"})
AFTER_DUE_TYPES = frozenset({"inquiry.overdue", "inquiry.escalated"})


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

    @property
    def ahead_of_due(self) -> bool:
        """Anchored before the due time (a fraction below 1, or before_due)."""
        return self.before_due is not None or (self.fraction_of_allowed or 1.0) < 1


class Stage(_Model):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)
    type: str = Field(pattern=r"^inquiry\.[a-z_]+$")
    at: Anchor
    recipients: list[Role] = Field(min_length=1)

    @model_validator(mode="after")
    def _on_the_right_side_of_the_due_time(self) -> Self:
        if self.type in BEFORE_DUE_TYPES and not self.at.ahead_of_due:
            raise ValueError(f"a {self.type} stage must come before the due time "
                             "(fraction_of_allowed below 1, or before_due)")
        if self.type in AFTER_DUE_TYPES and self.at.ahead_of_due:
            raise ValueError(f"a {self.type} stage must come at or after the due time "
                             "(after_due, or fraction_of_allowed of 1 or more)")
        return self


class Counting(_Model):
    """How a deadline's stages are counted: fractions in office or clock time; held for the offices."""

    time: Literal["working", "clock"]
    hold: bool


class KindLadder(_Model):
    time: Literal["working", "clock"] = "working"  # only for a deadline whose unit is not known
    urgent: bool = False
    stages: list[Stage] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> Self:
        ids = [s.id for s in self.stages]
        if len(ids) != len(set(ids)):
            raise ValueError("stage ids must be unique within a kind")
        return self


class Ladder(_Model):
    units: dict[Unit, Counting]
    kinds: dict[str, KindLadder]
    # Each deadline policy's unit, read from config/deadline-policies.yaml by load_ladder.
    policy_units: dict[str, Unit] = Field(default_factory=dict, exclude=True)

    @model_validator(mode="before")
    @classmethod
    def _policies_are_not_written_here(cls, data: Any) -> Any:
        if isinstance(data, dict) and "policy_units" in data:
            raise ValueError("policy_units is read from deadline-policies.yaml, not written here")
        return data

    @model_validator(mode="after")
    def _every_unit_counted(self) -> Self:
        missing = [u for u in get_args(Unit) if u not in self.units]
        if missing:
            raise ValueError(f"units must say how to count every deadline unit; missing: {missing}")
        return self

    def for_kind(self, kind: str) -> KindLadder | None:
        return self.kinds.get(kind)

    def counting(self, kind: KindLadder, policy_id: str) -> Counting:
        """As the deadline's unit says (the kind's `time` if the policy is unknown); urgent: never held."""
        unit = self.policy_units.get(policy_id)
        counted = self.units[unit] if unit else Counting(time=kind.time, hold=True)
        return counted.model_copy(update={"hold": False}) if kind.urgent else counted


class _PolicyUnit(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)
    id: str
    unit: Unit


class _PolicyUnits(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)
    policies: list[_PolicyUnit]


def load_ladder(path: Path, policies: Path | None = None) -> Ladder:
    """The ladder file, knowing each policy's unit when given config/deadline-policies.yaml."""
    ladder = load_config(path, Ladder)
    if policies is None:
        return ladder
    units = {p.id: p.unit for p in load_config(policies, _PolicyUnits).policies}
    return ladder.model_copy(update={"policy_units": units})


def _working_days_before(calendar: WorkingCalendar, due: datetime, days: int) -> datetime:
    """24:00 of the `days`-th working day before the due day."""
    day = due.astimezone(calendar.zone).date()
    for _ in range(days):
        day -= timedelta(days=1)
        while not calendar.is_working_day(day):
            day -= timedelta(days=1)
    return calendar.end_of_day(day)


def _fraction(calendar: WorkingCalendar, counting: Counting, start: datetime, due: datetime,
              fraction: float) -> datetime:
    if counting.time == "clock":
        return start + (due - start) * fraction
    allowed = calendar.working_hours_between(start, due)
    moment = calendar.add_working_hours(start, allowed * fraction)
    # Office time ends at 17:00 while a day deadline ends at 24:00: never fire "past due" early.
    return max(moment, due) if fraction >= 1 else moment


def raw_moment(calendar: WorkingCalendar, counting: Counting, stage: Stage, start: datetime,
               due: datetime) -> datetime:
    """When the stage falls due, before any holding for office hours."""
    at = stage.at
    if at.fraction_of_allowed is not None:
        return _fraction(calendar, counting, start, due, at.fraction_of_allowed)
    if at.before_due is not None:
        if at.before_due.working_days is not None:
            return _working_days_before(calendar, due, at.before_due.working_days)
        return due - timedelta(hours=at.before_due.hours or 0)
    assert at.after_due is not None
    return due + timedelta(hours=at.after_due.hours or 0)


def fire_moment(calendar: WorkingCalendar, counting: Counting, stage: Stage, start: datetime,
                due: datetime) -> datetime | None:
    """When the stage is sent: None if before the assignment; held for office hours if so counted,
    but a stage before the due time is never held past it."""
    moment = raw_moment(calendar, counting, stage, start, due)
    if moment <= start:
        return None
    if not counting.hold:
        return moment
    held = calendar.next_office_moment(moment)
    return moment if moment < due <= held else held
