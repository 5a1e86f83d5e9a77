"""Explaining routing: the decision it would take for a hypothetical inquiry, every rule tried
and why, and the deadline that would apply."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime

from citycomm.v1 import commands_pb2, common_pb2
from citycomm_common.contracts import from_timestamp
from citycomm_routing.domain.deadline_policies import NoDeadlinePolicy
from citycomm_routing.domain.lifecycle import deadline
from citycomm_routing.domain.lifecycle.decision import Context
from citycomm_routing.domain.router import RoutingDecision, RuleTrace


@dataclass(frozen=True)
class Explanation:
    decision: RoutingDecision
    agency_name: str
    trace: list[RuleTrace]
    deadline: common_pb2.Deadline | None  # None when no policy applies: see deadline_problem
    deadline_problem: str = ""


class Explanations:
    def __init__(self, context: Callable[[], Context]) -> None:
        self._context = context

    def received(self, given: datetime | None) -> datetime:
        """When the hypothetical inquiry was received: now, or as given (city time if naive)."""
        ctx = self._context()
        received = given or ctx.now
        return received if received.tzinfo else received.replace(tzinfo=ctx.calendar.zone)

    def explain(self, submission: commands_pb2.SubmitInquiry, excluded: Collection[str] = ()
                ) -> Explanation:
        """`submission` names its receipt (received_time); `excluded` agencies declined it."""
        ctx = self._context()
        on = from_timestamp(submission.received_time).astimezone(ctx.calendar.zone).date()
        decision, trace = ctx.router.explain(submission, on, excluded)
        agency_name = ctx.router.directory.get(decision.agency_id).name
        try:
            due = deadline.on_assignment(submission, decision, ctx, first=True)
        except NoDeadlinePolicy as error:
            return Explanation(decision, agency_name, trace, None, str(error))
        return Explanation(decision, agency_name, trace, due)
