"""The agency's and the submitter's steps: acknowledge, answer or refuse, extend, dispute, close.

Who may take each step is checked before (decide.RULES); these check the inquiry."""

from __future__ import annotations

from citycomm.v1 import commands_pb2, common_pb2, events_pb2
from citycomm_common.codec import derived_id
from citycomm_common.contracts import to_timestamp
from citycomm_routing.domain.lifecycle import deadline
from citycomm_routing.domain.lifecycle.decision import Context, Decision, Rejection
from citycomm_routing.domain.lifecycle.guards import (
    coordinates,
    is_submitter,
    require_status,
    require_text,
    who,
)
from citycomm_routing.domain.lifecycle.state import ANSWERED, OPEN, State, next_state

ASSIGNED = common_pb2.LIFECYCLE_STATUS_ASSIGNED


def acknowledge(state: State, command: commands_pb2.AcknowledgeInquiry, ctx: Context) -> Decision:
    require_status(state, (ASSIGNED,), "acknowledge")
    new = next_state(state, command.command_id, ctx.now,
                     status=common_pb2.LIFECYCLE_STATUS_ACKNOWLEDGED)
    event = events_pb2.InquiryAcknowledged(
        inquiry_id=state.inquiry_id, agency_id=state.agency_id, actor=command.actor,
        acknowledged_time=to_timestamp(ctx.now), note=command.note, command_id=command.command_id)
    return Decision(new, [(derived_id(command.command_id, "acknowledged"), event)])


def answer(state: State, command: commands_pb2.AnswerInquiry, ctx: Context) -> Decision:
    """An answer, or a refusal on a legal ground (which counts as an answer)."""
    require_status(state, OPEN, "answer")
    if command.refused:
        grounds = ctx.router.rules.refusal_grounds
        if command.refusal_ground not in grounds:
            raise Rejection(f"a refusal needs a legal ground, one of {sorted(grounds)}; "
                            f"got {command.refusal_ground!r}")
    else:
        require_text(command.answer, "the answer's text")
    now = to_timestamp(ctx.now)
    new = next_state(state, command.command_id, ctx.now,
                     status=(common_pb2.LIFECYCLE_STATUS_REFUSED if command.refused
                             else common_pb2.LIFECYCLE_STATUS_ANSWERED),
                     answered_time=now)
    event = events_pb2.InquiryAnswered(
        inquiry_id=state.inquiry_id, agency_id=state.agency_id, answer=command.answer,
        links=command.links, refused=command.refused, refusal_ground=command.refusal_ground,
        answered_time=now, on_time=ctx.now <= deadline.due_time(state.deadline, ctx),
        command_id=command.command_id, actor=command.actor, due_time=state.deadline.due_time)
    return Decision(new, [(derived_id(command.command_id, "answered"), event)])


def extend(state: State, command: commands_pb2.RequestExtension, ctx: Context) -> Decision:
    """At most what the policy allows, once, and only asked before the deadline."""
    require_status(state, OPEN, "extend the deadline of")
    require_text(command.reason, "a reason for the extension")
    if state.extended:
        raise Rejection("the deadline was already extended once; the law allows one extension")
    later = deadline.extended(state, ctx)
    new = next_state(state, command.command_id, ctx.now, extended=True, deadline=later)
    event = events_pb2.DeadlineExtended(
        inquiry_id=state.inquiry_id, agency_id=state.agency_id, reason=command.reason,
        previous_due_time=state.deadline.due_time, deadline=later,
        extended_time=to_timestamp(ctx.now), command_id=command.command_id)
    return Decision(new, [(derived_id(command.command_id, "extended"), event)])


def dispute(state: State, command: commands_pb2.DisputeAnswer, ctx: Context) -> Decision:
    """The submitter disputes the answer: the same agency answers again, on a fresh deadline."""
    require_status(state, ANSWERED, "dispute the answer of")
    require_text(command.reason, "a reason for the dispute")
    fresh = deadline.restarted(state, ctx)
    new = next_state(state, command.command_id, ctx.now,
                     status=common_pb2.LIFECYCLE_STATUS_REOPENED, deadline=fresh,
                     times_reopened=state.times_reopened + 1, answered_time=None)
    event = events_pb2.InquiryReopened(
        inquiry_id=state.inquiry_id, agency_id=state.agency_id, reason=command.reason,
        actor=command.actor, deadline=fresh, reopened_time=to_timestamp(ctx.now),
        command_id=command.command_id)
    return Decision(new, [(derived_id(command.command_id, "reopened"), event)])


def may_close(state: State | None, actor: common_pb2.Actor, ctx: Context) -> None:
    """The submitter (accepting the answer or withdrawing), an operator or the coordinating office."""
    if not (is_submitter(state, actor) or coordinates(actor, ctx)):
        raise Rejection("only the submitter, an operator or the coordinating office may close the "
                        f"inquiry; {who(actor)} may not")


def close(state: State, command: commands_pb2.CloseInquiry, ctx: Context) -> Decision:
    require_status(state, (*OPEN, *ANSWERED), "close")
    if not is_submitter(state, command.actor):
        require_text(command.reason, "a reason for closing")  # the submitter needs none
    new = next_state(state, command.command_id, ctx.now, status=common_pb2.LIFECYCLE_STATUS_CLOSED)
    event = events_pb2.InquiryClosed(
        inquiry_id=state.inquiry_id, actor=command.actor, reason=command.reason,
        closed_time=to_timestamp(ctx.now), command_id=command.command_id)
    return Decision(new, [(derived_id(command.command_id, "closed"), event)])
