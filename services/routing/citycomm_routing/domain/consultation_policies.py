"""Consultation policies as data (config/consultation-policies.yaml): how long a draft stays open
for comment and by when the drafting agency publishes its summary and response, by the law in force
on the day the consultation opens."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, field_validator

from citycomm_common.calendar import WorkingCalendar
from citycomm_common.config_files import load_config
from citycomm_common.vocabulary import CITY_ZONE_NAME
from citycomm_routing.domain.deadline_policies import Duration, EffectivePeriod

__all__ = [
    "CommunicationScheme",
    "ConsultationPolicy",
    "ConsultationPolicyBook",
    "LegalBasis",
    "Level",
    "NoConsultationPolicy",
    "city_day",
    "load_consultation_policies",
]

Level = Literal["city", "national"]
Confidence = Literal["high", "medium", "low"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class NoConsultationPolicy(LookupError):
    """No consultation policy is in force for a level on a day."""


class LegalBasis(_Frozen):
    """Where a rule comes from: the document, its article and clause, and where to read it."""

    document: str = Field(min_length=1)
    article: str = Field(min_length=1)
    clause: str = ""
    url: str = Field(pattern=r"^https?://\S+$")


class _Rule(_Frozen):
    legal_basis: tuple[LegalBasis, ...] = Field(min_length=1)
    confidence: Confidence
    configured: bool = False  # True: no law sets the figure, the city does (see the note)
    note: str = ""


class CommentPeriodRule(_Rule):
    """The least time a draft stays open for comment."""

    minimum: Duration


class ResponseRule(_Rule):
    """How long after the comment period the summary and response must be published."""

    due_after_close: Duration


class ConsultationPolicy(_Frozen):
    """The consultation rules for one level of document over one period of force."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    level: Level
    effective: EffectivePeriod = EffectivePeriod()
    comment_period: CommentPeriodRule
    response: ResponseRule

    def earliest_close(self, opens_at: datetime, calendar: WorkingCalendar) -> datetime:
        """The earliest moment a consultation opened at `opens_at` may close (Civil Code counting:
        from the next day to 24:00 of the last day, moved to a working day)."""
        return self.comment_period.minimum.after(opens_at, calendar)

    def response_due(self, closed_at: datetime, calendar: WorkingCalendar) -> datetime:
        """When the summary of comments and the response are due, the period having closed."""
        return self.response.due_after_close.after(closed_at, calendar)


class CommunicationScheme(_Frozen):
    """A scheme such as Decision 407/QĐ-TTg: which audiences a large-impact draft must reach."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    effective: EffectivePeriod
    requires_press_when_large_impact: bool
    legal_basis: tuple[LegalBasis, ...] = Field(min_length=1)
    confidence: Confidence
    note: str = ""


class ConsultationPolicyBook(_Frozen):
    """Every consultation policy and communication scheme (see the YAML file)."""

    timezone: str = CITY_ZONE_NAME
    policies: tuple[ConsultationPolicy, ...] = Field(min_length=1)
    communication_schemes: tuple[CommunicationScheme, ...] = ()

    @field_validator("policies")
    @classmethod
    def _distinct(cls, policies: tuple[ConsultationPolicy, ...]) -> tuple[ConsultationPolicy, ...]:
        for number, policy in enumerate(policies):
            for earlier in policies[:number]:
                if earlier.id == policy.id:
                    raise ValueError(f"policy id {policy.id} is used twice")
                if earlier.level == policy.level and earlier.effective.overlaps(policy.effective):
                    raise ValueError(f"policies {earlier.id} and {policy.id} overlap in time")
        return policies

    def select(self, level: str, opens_at: datetime) -> ConsultationPolicy:
        """The policy for `level` in force on the day a consultation opens."""
        day = city_day(opens_at, ZoneInfo(self.timezone))
        for policy in self.policies:
            if policy.level == level and policy.effective.covers(day):
                return policy
        raise NoConsultationPolicy(f"no consultation policy for level {level!r} on {day}")

    def press_required(self, opens_at: datetime, *, large_impact: bool) -> CommunicationScheme | None:
        """The scheme in force that makes the press a required audience, if any."""
        if not large_impact:
            return None
        day = city_day(opens_at, ZoneInfo(self.timezone))
        for scheme in self.communication_schemes:
            if scheme.requires_press_when_large_impact and scheme.effective.covers(day):
                return scheme
        return None


def city_day(moment: datetime, zone: ZoneInfo) -> date:
    """The day in city time of an aware moment."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"a timezone-aware datetime is required, got {moment!r}")
    return moment.astimezone(zone).date()


def load_consultation_policies(path: Path) -> ConsultationPolicyBook:
    """The consultation policy book described by a YAML file."""
    return load_config(path, ConsultationPolicyBook)
