"""Deadline policies as data (config/deadline-policies.yaml): which legal rule applies to an
inquiry, how its time is counted, and whether it may be extended."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    ValidationInfo,
    field_validator,
    model_validator,
)

from citycomm_common.calendar import WorkingCalendar
from citycomm_common.config_files import load_config
from citycomm_common.vocabulary import CITY_ZONE_NAME

__all__ = [
    "DeadlinePolicy",
    "Duration",
    "EffectivePeriod",
    "NoDeadlinePolicy",
    "PolicyBook",
    "attribute_value",
    "load_policies",
]

Kind = Literal[
    "press_request",
    "briefing_question",
    "media_alert",
    "citizen_feedback",
    "information_request",
    "spokesperson_authorisation",  # not an inquiry: an agency's duty to publish it
]
Unit = Literal["minutes", "clock_hours", "working_hours", "calendar_days", "working_days"]
AttributeValue = StrictBool | str


def attribute_value(text: str) -> AttributeValue:
    """A selecting attribute as a policy names it: "true"/"false" are flags, anything else text."""
    return {"true": True, "false": False}.get(text.lower(), text)


class NoDeadlinePolicy(LookupError):
    """No policy (or more than one equally specific policy) fits an inquiry."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Duration(_Frozen):
    """An amount of time in one of the legal units."""

    amount: int = Field(gt=0)
    unit: Unit
    note: str = ""

    def after(self, start: datetime, calendar: WorkingCalendar) -> datetime:
        """The moment this duration after `start` ends, counted as the law counts it."""
        if self.unit == "minutes":
            return calendar.add_clock_hours(start, self.amount / 60)
        if self.unit == "clock_hours":
            return calendar.add_clock_hours(start, self.amount)
        if self.unit == "working_hours":
            return calendar.add_working_hours(start, self.amount)
        if self.unit == "calendar_days":
            return calendar.add_calendar_days(start, self.amount)
        return calendar.add_working_days(start, self.amount)


class EffectivePeriod(_Frozen):
    """The days (inclusive, city time) a rule is in force; an open end is unbounded."""

    since: date | None = Field(default=None, alias="from")
    until: date | None = None

    @model_validator(mode="after")
    def _in_order(self) -> EffectivePeriod:
        if self.since and self.until and self.since > self.until:
            raise ValueError("from must not be after until")
        return self

    def covers(self, day: date) -> bool:
        return (self.since is None or self.since <= day) and (
            self.until is None or day <= self.until
        )

    def overlaps(self, other: EffectivePeriod) -> bool:
        return (other.until is None or self.since is None or self.since <= other.until) and (
            self.until is None or other.since is None or other.since <= self.until
        )


class DeadlinePolicy(Duration):
    """One legal deadline: its rule, what it applies to, its basis and period of force."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    kind: Kind
    when: dict[str, AttributeValue] = {}
    starts_from: Literal["event", "receipt"] = "receipt"
    effective: EffectivePeriod = EffectivePeriod()
    legal_basis: str = Field(min_length=1)
    confidence: Literal["high", "medium", "low"]
    extension: Duration | None = None

    def applies_to(self, attributes: dict[str, AttributeValue]) -> bool:
        return all(attributes.get(name) == value for name, value in self.when.items())

    def due_at(self, start: datetime, calendar: WorkingCalendar) -> datetime:
        """When the answer is due, `start` being the moment named by `starts_from`."""
        return self.after(start, calendar)

    def extended_due_at(
        self, due: datetime, calendar: WorkingCalendar, *, times_extended: int = 0
    ) -> datetime | None:
        """The deadline after the one extension the law allows; None if none (or used)."""
        if self.extension is None or times_extended >= 1:
            return None
        return self.extension.after(due, calendar)


class Attribute(_Frozen):
    """A selecting attribute of one inquiry kind: its allowed values and default."""

    values: tuple[AttributeValue, ...] = Field(min_length=1)
    default: AttributeValue | None = None

    @model_validator(mode="after")
    def _default_allowed(self) -> Attribute:
        if self.default is not None and self.default not in self.values:
            raise ValueError(f"default {self.default!r} is not one of {list(self.values)}")
        return self


class PolicyBook(_Frozen):
    """Every deadline policy, with the attributes that select among them (see the YAML file)."""

    timezone: str = CITY_ZONE_NAME
    attributes: dict[Kind, dict[str, Attribute]] = {}
    policies: tuple[DeadlinePolicy, ...]

    @field_validator("policies")
    @classmethod
    def _consistent(
        cls, policies: tuple[DeadlinePolicy, ...], info: ValidationInfo
    ) -> tuple[DeadlinePolicy, ...]:
        if not policies:
            raise ValueError("at least one policy is needed")
        catalogue = info.data.get("attributes", {})
        for number, policy in enumerate(policies):
            _check_when(policy, catalogue.get(policy.kind, {}))
            for earlier in policies[:number]:
                _check_distinct(earlier, policy)
        return policies

    def get(self, policy_id: str) -> DeadlinePolicy:
        """The policy with this id."""
        for policy in self.policies:
            if policy.id == policy_id:
                return policy
        raise NoDeadlinePolicy(f"no deadline policy with id {policy_id!r}")

    def select(self, kind: str, at: datetime, **attributes: AttributeValue) -> DeadlinePolicy:
        """The most specific policy for `kind` in force at `at` (usually the receipt)."""
        given = self._complete(kind, attributes)
        day = _city_day(at, ZoneInfo(self.timezone))
        fitting = [
            p
            for p in self.policies
            if p.kind == kind and p.effective.covers(day) and p.applies_to(given)
        ]
        if not fitting:
            raise NoDeadlinePolicy(f"no deadline policy for {kind} {given} in force on {day}")
        most = max(len(p.when) for p in fitting)
        best = [p for p in fitting if len(p.when) == most]
        if len(best) > 1:
            ids = ", ".join(p.id for p in best)
            raise NoDeadlinePolicy(f"several deadline policies fit {kind} {given}: {ids}")
        return best[0]

    def _complete(
        self, kind: str, attributes: dict[str, AttributeValue]
    ) -> dict[str, AttributeValue]:
        """The attributes given, checked against the catalogue, with defaults filled in."""
        known = self.attributes.get(kind, {})  # type: ignore[call-overload]
        unknown = sorted(set(attributes) - set(known))
        if unknown:
            raise NoDeadlinePolicy(
                f"{kind} has no attribute {unknown[0]!r}; known: {sorted(known)}"
            )
        complete: dict[str, AttributeValue] = {}
        for name, attribute in known.items():
            value = attributes.get(name, attribute.default)
            if value is None or value not in attribute.values:
                allowed = list(attribute.values)
                raise NoDeadlinePolicy(f"{kind} needs {name} in {allowed}, got {value!r}")
            complete[name] = value
        return complete


def _check_when(policy: DeadlinePolicy, known: dict[str, Attribute]) -> None:
    for name, value in policy.when.items():
        if name not in known or value not in known[name].values:
            raise ValueError(f"policy {policy.id}: {name}={value!r} is not declared")


def _check_distinct(first: DeadlinePolicy, second: DeadlinePolicy) -> None:
    if first.id == second.id:
        raise ValueError(f"policy id {second.id} is used twice")
    same_case = first.kind == second.kind and first.when == second.when
    if same_case and first.effective.overlaps(second.effective):
        raise ValueError(f"policies {first.id} and {second.id} overlap in time for the same case")


def _city_day(moment: datetime, zone: ZoneInfo) -> date:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"a timezone-aware datetime is required, got {moment!r}")
    return moment.astimezone(zone).date()


def load_policies(path: Path) -> PolicyBook:
    """The policy book described by a YAML file (see config/deadline-policies.yaml)."""
    return load_config(path, PolicyBook)
