"""What operators and the coordinating office do by hand: reassign an inquiry, settle a dispute.

Who may do it is checked before (decide.RULES); these check the inquiry and the target.
"""

from __future__ import annotations

from citycomm.v1 import commands_pb2, common_pb2, events_pb2
from citycomm_common.codec import derived_id
from citycomm_common.contracts import to_timestamp
from citycomm_routing.domain.lifecycle.assignment import assigned, placed
from citycomm_routing.domain.lifecycle.decision import Context, Decision, Rejection
from citycomm_routing.domain.lifecycle.guards import require_status, require_text, who
from citycomm_routing.domain.lifecycle.state import OPEN, State, next_state
from citycomm_routing.domain.router import RoutingDecision

STANDS = common_pb2.DISPUTE_RESOLUTION_ANSWER_STANDS
AGAIN = common_pb2.DISPUTE_RESOLUTION_ANSWER_AGAIN


def placement(state: State, agency_id: str, rule_id: str, reason: str, ctx: Context
              ) -> RoutingDecision:
    """Placing the inquiry with a named agency, which must answer inquiries today."""
    on = ctx.now.astimezone(ctx.calendar.zone).date()
    agency, problem = ctx.router.answering(agency_id, on)
    if agency is None:
        raise Rejection(f"cannot assign to {agency_id}: {problem}")
    co = tuple(a for a in state.co_handling_agency_ids if a != agency)
    return RoutingDecision(agency, rule_id, reason, co)


def reassign(state: State, command: commands_pb2.ReassignInquiry, ctx: Context) -> Decision:
    """Placed by hand with a named agency, on a deadline from now; it does not count as a transfer."""
    require_status(state, OPEN, "reassign")
    require_text(command.reason, "a reason for the reassignment")
    if command.agency_id == state.agency_id:
        raise Rejection(f"the inquiry is already assigned to {state.agency_id}")
    routing = placement(state, command.agency_id, "operator-reassign",
                        f"reassigned by {who(command.actor)}: {command.reason}", ctx)
    new = placed(state, command.command_id, routing, ctx)
    return Decision(new, [(derived_id(command.command_id, "assigned"),
                           assigned(new, command.command_id, ctx, previous=state.agency_id))])


def settle(state: State, command: commands_pb2.SettleDispute, ctx: Context) -> Decision:
    """Decide a dispute: the answer stands (closed), or an agency answers again (assigned anew)."""
    if state.lifecycle_status != common_pb2.LIFECYCLE_STATUS_REOPENED:
        require_status(state, (), "settle a dispute on")
    require_text(command.reason, "a reason for the settlement")
    settled = events_pb2.DisputeSettled(
        inquiry_id=state.inquiry_id, resolution=command.resolution, reason=command.reason,
        actor=command.actor, settled_time=to_timestamp(ctx.now), command_id=command.command_id)
    if command.resolution == STANDS:
        return _answer_stands(state, command, settled, ctx)
    if command.resolution == AGAIN:
        return _answer_again(state, command, settled, ctx)
    raise Rejection("the resolution must be answer_stands or answer_again")


def _answer_stands(state: State, command: commands_pb2.SettleDispute,
                   settled: events_pb2.DisputeSettled, ctx: Context) -> Decision:
    if command.agency_id:
        raise Rejection("agency_id is only for answer_again: when the answer stands nobody answers")
    settled.agency_id = state.agency_id
    new = next_state(state, command.command_id, ctx.now, status=common_pb2.LIFECYCLE_STATUS_CLOSED)
    closed = events_pb2.InquiryClosed(
        inquiry_id=state.inquiry_id, actor=command.actor, closed_time=to_timestamp(ctx.now),
        reason=f"dispute settled, the answer stands: {command.reason}",
        command_id=command.command_id)
    return Decision(new, [(derived_id(command.command_id, "dispute-settled"), settled),
                          (derived_id(command.command_id, "closed"), closed)])


def _answer_again(state: State, command: commands_pb2.SettleDispute,
                  settled: events_pb2.DisputeSettled, ctx: Context) -> Decision:
    routing = placement(state, command.agency_id or state.agency_id, "dispute-settled",
                        f"dispute settled by {who(command.actor)}: {command.reason}", ctx)
    new = placed(state, command.command_id, routing, ctx)
    settled.agency_id = new.agency_id
    settled.deadline.CopyFrom(new.deadline)
    return Decision(new, [(derived_id(command.command_id, "dispute-settled"), settled),
                          (derived_id(command.command_id, "assigned"),
                           assigned(new, command.command_id, ctx, previous=state.agency_id))])
