"""Which agency must answer an inquiry, and why: the rules of routing-rules.yaml applied in order."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date

from citycomm.v1 import commands_pb2
from citycomm_common.directory import AgencyKind, Category, Directory
from citycomm_routing.domain.facts import Facts, facts_of
from citycomm_routing.domain.rules import Assign, Rule, RuleBook

UNCLEAR = "unclear-responsibility"
_ASKERS = (AgencyKind.PRESS_AGENCY, AgencyKind.PRESS_CENTER)


@dataclass(frozen=True)
class RoutingDecision:
    agency_id: str
    rule_id: str
    reason: str
    co_handling: tuple[str, ...] = ()
    policy_id: str | None = None  # set when the rule fixes the deadline policy


@dataclass(frozen=True)
class RuleTrace:
    """One rule as the router saw it, for the explain endpoint."""

    rule_id: str
    matched: bool
    why: str


class Router:
    """Applies the rule book to one inquiry against the directory in force on a date."""

    def __init__(self, directory: Directory, categories: Mapping[str, Category],
                 rules: RuleBook) -> None:
        self.directory = directory
        self.categories = categories
        self.rules = rules
        self._ordered = rules.ordered()

    def route(self, submission: commands_pb2.SubmitInquiry, on: date,
              excluded: Collection[str] = ()) -> RoutingDecision:
        return self.explain(submission, on, excluded, trace=False)[0]

    def explain(self, submission: commands_pb2.SubmitInquiry, on: date,
                excluded: Collection[str] = (), *, trace: bool = True
                ) -> tuple[RoutingDecision, list[RuleTrace]]:
        """The decision and, with `trace`, every rule tried up to the one that decided."""
        facts = facts_of(submission, self.categories)
        traces: list[RuleTrace] = []
        for rule in self._ordered:
            decision, why = self._try(rule, facts, on, excluded)
            if trace:
                traces.append(RuleTrace(rule.id, decision is not None, why))
            if decision is not None:
                return decision, traces
        return self._unmatched(facts, on, excluded), traces

    def _try(self, rule: Rule, facts: Facts, on: date, excluded: Collection[str]
             ) -> tuple[RoutingDecision | None, str]:
        matched, why = facts.match(rule.match)
        if not matched:
            return None, why
        lead, problem = self._resolve(rule.assign.lead, facts, on)
        if lead is None:
            return None, f"{why}; but {problem}"
        if lead in excluded:
            return None, f"{why}; but {lead} declined it earlier"
        co = self._co_handling(rule.assign, facts, on, {lead, *excluded})
        reason = f"rule {rule.id} ({rule.description}): {why}; {lead} leads"
        if facts.category_note and rule.assign.lead == "department":
            reason += f" as the department of {facts.category.code}{facts.category_note}"  # type: ignore[union-attr]
        return RoutingDecision(lead, rule.id, reason, co, rule.assign.policy), why

    def _unmatched(self, facts: Facts, on: date, excluded: Collection[str]) -> RoutingDecision:
        assign = self.rules.unmatched
        lead, _ = self._resolve(assign.lead, facts, on)
        lead = lead or self.directory.coordinator
        co = self._co_handling(assign, facts, on, {lead, *excluded})
        reason = "no rule matched: the network's coordinator gives guidance on who answers"
        return RoutingDecision(lead, UNCLEAR, reason, co, assign.policy)

    def _co_handling(self, assign: Assign, facts: Facts, on: date,
                     skip: set[str]) -> tuple[str, ...]:
        found = (self._resolve(target, facts, on)[0] for target in assign.co_handling)
        return tuple(dict.fromkeys(a for a in found if a is not None and a not in skip))

    def _resolve(self, target: str, facts: Facts, on: date) -> tuple[str | None, str]:
        """The agency a rule's target names for this inquiry, or None and why not."""
        try:
            if target == "ward":
                if not facts.ward:
                    return None, "no ward given"
                return self.directory.ward_authority(facts.ward, on).id, ""
            if target == "department":
                if facts.category is None:
                    return None, "no category given or recognised"
                return self.directory.department_for(facts.category, on).id, ""
            if target == "coordinator":
                return self.directory.coordinator, ""
            return self.answering(facts.named if target == "named" else target, on)
        except LookupError as error:
            return None, str(error)

    def answering(self, agency_id: str, on: date) -> tuple[str | None, str]:
        """The agency if it may answer inquiries on `on`, else None and why not."""
        if not agency_id:
            return None, "no agency named"
        try:
            agency = self.directory.get(agency_id)
        except LookupError as error:
            return None, str(error)
        if not agency.active_on(on):
            return None, f"{agency_id} is not in office on {on.isoformat()}"
        if agency.kind in _ASKERS:
            return None, f"{agency_id} is a {agency.kind}, which does not answer inquiries"
        return agency_id, ""
