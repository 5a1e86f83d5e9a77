"""Which agency must answer an inquiry, and why (the decision is recorded on InquiryAssigned)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date

from citycomm.v1 import commands_pb2
from citycomm_common.directory import Category, CategoryLevel, Directory


@dataclass(frozen=True)
class RoutingDecision:
    agency_id: str
    rule_id: str
    reason: str
    co_handling: tuple[str, ...] = ()


class Router:
    """Ward-level matters go to the ward's People's Committee, city-wide ones to the department."""

    def __init__(self, directory: Directory, categories: Mapping[str, Category]) -> None:
        self.directory = directory
        self.categories = categories

    def route(self, submission: commands_pb2.SubmitInquiry, on: date,
              excluded: Collection[str] = ()) -> RoutingDecision:
        named = submission.target_agency_id
        if named and named not in excluded:
            return RoutingDecision(named, "named-agency", f"the submitter named {named}")
        category = self.categories.get(submission.category)
        if category is not None:
            decision = self._by_category(category, submission.ward_code, on)
            if decision is not None and decision.agency_id not in excluded:
                return decision
        return RoutingDecision(
            self.directory.coordinator, "unclear-responsibility",
            "no rule matched: the network's coordinator gives guidance",
        )

    def _by_category(self, category: Category, ward_code: str, on: date) -> RoutingDecision | None:
        if category.level is CategoryLevel.WARD and ward_code:
            authority = self.directory.ward_authority(ward_code, on)
            return RoutingDecision(
                authority.id, f"ward-level:{category.code}",
                f"{category.name_vi} is a ward-level matter in ward {ward_code}",
            )
        department = self.directory.department_for(category, on)
        return RoutingDecision(
            department.id, f"city-level:{category.code}",
            f"{category.name_vi} is handled city-wide by {department.short_name}",
        )
