"""An inquiry's deadline: set when it is assigned, moved once by an extension, restarted when a
disputed answer reopens it. Which rule applies and how it counts is `deadline_policies`."""

from __future__ import annotations

from datetime import datetime

from citycomm.v1 import commands_pb2, common_pb2
from citycomm_common.contracts import from_timestamp, to_timestamp
from citycomm_routing.domain.deadline_policies import (
    DeadlinePolicy,
    NoDeadlinePolicy,
    attribute_value,
)
from citycomm_routing.domain.facts import kind_name
from citycomm_routing.domain.lifecycle.decision import Context, Rejection
from citycomm_routing.domain.lifecycle.state import State
from citycomm_routing.domain.router import RoutingDecision


def policy_for(submission: commands_pb2.SubmitInquiry, routing: RoutingDecision,
               ctx: Context) -> DeadlinePolicy:
    """The rule's policy if it fixes one, else the kind's policy in force at receipt."""
    if routing.policy_id:
        return ctx.policies.get(routing.policy_id)
    kind = kind_name(submission.kind)
    known = ctx.policies.attributes.get(kind, {})  # type: ignore[call-overload]
    attributes = {k: attribute_value(v) for k, v in submission.attributes.items() if k in known}
    return ctx.policies.select(kind, from_timestamp(submission.received_time), **attributes)


def on_assignment(submission: commands_pb2.SubmitInquiry, routing: RoutingDecision, ctx: Context,
                  *, first: bool) -> common_pb2.Deadline:
    """Counted from the receipt (the agency's, after a transfer) or from the event itself."""
    policy = policy_for(submission, routing, ctx)
    received = from_timestamp(submission.received_time)
    start = received if first or policy.starts_from == "event" else ctx.now
    return _deadline(policy, policy.due_at(start, ctx.calendar))


def extended(state: State, ctx: Context) -> common_pb2.Deadline:
    """At most what the policy allows, and only asked before the deadline (once: see the caller)."""
    due = due_time(state.deadline, ctx)
    if ctx.now > due:
        raise Rejection(f"the deadline {due.isoformat()} has passed; "
                        "an extension must be asked before it")
    policy = _policy(state, ctx)
    later = policy.extended_due_at(due, ctx.calendar, times_extended=0)
    if later is None:
        raise Rejection(f"policy {policy.id} ({policy.legal_basis}) allows no extension")
    return _deadline(policy, later)


def restarted(state: State, ctx: Context) -> common_pb2.Deadline:
    """A fresh deadline from now under the same policy: the same agency answers again."""
    policy = _policy(state, ctx)
    return _deadline(policy, policy.due_at(ctx.now, ctx.calendar))


def due_time(deadline: common_pb2.Deadline, ctx: Context) -> datetime:
    """The deadline's moment, in the calendar's zone."""
    return from_timestamp(deadline.due_time).astimezone(ctx.calendar.zone)


def _policy(state: State, ctx: Context) -> DeadlinePolicy:
    try:
        return ctx.policies.get(state.deadline.policy_id)
    except NoDeadlinePolicy as error:
        raise Rejection(str(error)) from None


def _deadline(policy: DeadlinePolicy, due: datetime) -> common_pb2.Deadline:
    return common_pb2.Deadline(policy_id=policy.id, legal_basis=policy.legal_basis,
                               due_time=to_timestamp(due))
