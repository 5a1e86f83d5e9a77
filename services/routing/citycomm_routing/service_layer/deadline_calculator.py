"""The public deadline calculator: "received at T, when is it due under policy P (or for kind K)?"."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from citycomm_common.calendar import WorkingCalendar
from citycomm_routing.domain.deadline_policies import AttributeValue, DeadlinePolicy, PolicyBook


class UnclearQuestion(ValueError):
    """Neither or both of a policy and a kind, or attributes given with a policy."""


@dataclass(frozen=True)
class Calculation:
    """The policy applied and its moments, in city time; extended_due_at None: no extension."""

    policy: DeadlinePolicy
    received_at: datetime
    due_at: datetime
    extended_due_at: datetime | None


class DeadlineCalculator:
    def __init__(self, policies: PolicyBook, calendar: WorkingCalendar) -> None:
        self._policies = policies
        self._calendar = calendar

    def policies(self) -> tuple[DeadlinePolicy, ...]:
        return self._policies.policies

    def calculate(self, received_at: datetime, *, policy: str | None = None,
                  kind: str | None = None,
                  attributes: Mapping[str, AttributeValue] | None = None) -> Calculation:
        """Raises UnclearQuestion, or NoDeadlinePolicy when none (or several) fit."""
        zone = self._calendar.zone
        if received_at.tzinfo is None:
            received_at = received_at.replace(tzinfo=zone)
        chosen = self._choose(received_at, policy, kind, dict(attributes or {}))
        due = chosen.due_at(received_at, self._calendar)
        extended = chosen.extended_due_at(due, self._calendar)
        return Calculation(chosen, received_at.astimezone(zone), due.astimezone(zone),
                           extended.astimezone(zone) if extended else None)

    def _choose(self, received_at: datetime, policy: str | None, kind: str | None,
                attributes: dict[str, AttributeValue]) -> DeadlinePolicy:
        if (policy is None) == (kind is None):
            raise UnclearQuestion("give either policy or kind")
        if policy is not None:
            if attributes:
                raise UnclearQuestion(f"attributes {sorted(attributes)} only go with kind")
            return self._policies.get(policy)
        assert kind is not None
        return self._policies.select(kind, received_at, **attributes)
