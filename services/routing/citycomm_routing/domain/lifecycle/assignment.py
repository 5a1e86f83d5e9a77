"""Placing an inquiry: first assignment, and transfers when an agency declines."""

from __future__ import annotations

from google.protobuf.message import Message

from citycomm.v1 import attachments_pb2, commands_pb2, common_pb2, events_pb2
from citycomm_common.codec import derived_id
from citycomm_common.contracts import from_timestamp, to_timestamp
from citycomm_routing.domain import case
from citycomm_routing.domain.deadline_policies import NoDeadlinePolicy
from citycomm_routing.domain.lifecycle import deadline
from citycomm_routing.domain.lifecycle.decision import Context, Decision, Rejection, rejected
from citycomm_routing.domain.lifecycle.guards import require_status, require_text
from citycomm_routing.domain.lifecycle.state import OPEN, State, next_state
from citycomm_routing.domain.router import UNCLEAR, RoutingDecision

TRANSFER_LIMIT = "transfer-limit"
ASSIGNED = common_pb2.LIFECYCLE_STATUS_ASSIGNED


def assigned(state: State, command_id: str, ctx: Context, previous: str = ""
             ) -> events_pb2.InquiryAssigned:
    s = state.submission
    return events_pb2.InquiryAssigned(
        inquiry_id=state.inquiry_id, agency_id=state.agency_id,
        co_handling_agency_ids=state.co_handling_agency_ids, rule_id=state.rule_id,
        reason=state.routing_reason, deadline=state.deadline, assigned_time=to_timestamp(ctx.now),
        kind=s.kind, tracking_code=s.tracking_code, title=s.title, category=s.category,
        ward_code=s.ward_code, description=s.description, command_id=command_id,
        previous_agency_id=previous, transfers=state.transfers, contact=s.contact,
        submitted_by=s.submitted_by, asked_by=case.asker(s, ctx.router.directory),
        details=case.details(s.attributes), attachments=s.attachments, location=_place(s))


def _place(s: commands_pb2.SubmitInquiry) -> attachments_pb2.GeoPoint | None:
    """The submitter's point, or unset (a point at 0,0 is not in any city we serve)."""
    return s.location if s.HasField("location") else None


def placed(state: State, command_id: str, routing: RoutingDecision, ctx: Context,
           **changes: object) -> State:
    due = deadline.on_assignment(state.submission, routing, ctx, first=False)
    return next_state(state, command_id, ctx.now, status=ASSIGNED, agency_id=routing.agency_id,
                      co_handling_agency_ids=list(routing.co_handling), deadline=due,
                      rule_id=routing.rule_id, routing_reason=routing.reason,
                      assigned_time=to_timestamp(ctx.now), **changes)


def submit(state: State | None, command: commands_pb2.SubmitInquiry, ctx: Context) -> Decision:
    if state is not None:
        return Decision(None)  # a retried submission: already applied
    if not command.HasField("received_time"):  # nor a received_at that is an RFC 3339 time
        reason = "the submission has no time of receipt (received_time, or received_at in RFC 3339)"
        return rejected(None, _as_actor_command(command), reason, ctx)
    received = from_timestamp(command.received_time)
    routing = ctx.router.route(command, received.astimezone(ctx.calendar.zone).date())
    try:
        due = deadline.on_assignment(command, routing, ctx, first=True)
    except NoDeadlinePolicy as error:
        return rejected(None, _as_actor_command(command), f"no deadline applies: {error}", ctx)
    now = to_timestamp(ctx.now)
    new = State(inquiry_id=command.inquiry_id, lifecycle_status=ASSIGNED,
                agency_id=routing.agency_id, co_handling_agency_ids=routing.co_handling,
                deadline=due, submission=command, applied_command_ids=[command.command_id],
                updated_time=now, rule_id=routing.rule_id, routing_reason=routing.reason,
                assigned_time=now)
    submitted = events_pb2.InquirySubmitted(
        inquiry_id=command.inquiry_id, tracking_code=command.tracking_code, kind=command.kind,
        submitted_by=command.submitted_by, received_time=command.received_time,
        channel=command.channel, title=command.title, description=command.description,
        category=command.category, ward_code=command.ward_code, contact=command.contact,
        attributes=command.attributes, command_id=command.command_id,
        attachments=command.attachments, location=_place(command))
    return Decision(new, [(derived_id(command.command_id, "submitted"), submitted),
                          (derived_id(command.command_id, "assigned"),
                           assigned(new, command.command_id, ctx))])


def _as_actor_command(command: commands_pb2.SubmitInquiry) -> commands_pb2.CloseInquiry:
    """A submission seen as a command with an actor, so its rejection names the submitter."""
    return commands_pb2.CloseInquiry(command_id=command.command_id, inquiry_id=command.inquiry_id,
                                     actor=command.submitted_by)


def transfer(state: State, command: commands_pb2.RequestTransfer, ctx: Context) -> Decision:
    """The assigned agency declines: re-route without every agency that declined so far."""
    if _to_place(state, ctx):
        # Routing would hand it straight back (the coordinating office gets what nobody takes):
        # restarting its own one-hour deadline is all a transfer could do. It names the agency.
        raise Rejection(f"{state.agency_id} has this inquiry to place it: reassign it to the "
                        "competent agency (POST /v1/inquiries/{id}/reassign, gRPC Reassign) "
                        "instead of asking for a transfer")
    require_status(state, OPEN, "transfer")
    require_text(command.reason, "a reason for the transfer")
    declined = [*dict.fromkeys([*state.declined_agency_ids, state.agency_id])]
    transfers = state.transfers + 1
    requested = events_pb2.TransferRequested(
        inquiry_id=state.inquiry_id, agency_id=state.agency_id, reason=command.reason,
        requested_time=to_timestamp(ctx.now), command_id=command.command_id, actor=command.actor)
    events: list[tuple[str, Message]] = [
        (derived_id(command.command_id, "transfer-requested"), requested)]
    routing = _reroute(state, command.suggested_agency_id, declined, ctx)
    if transfers >= ctx.router.rules.max_transfers or routing.agency_id in declined:
        routing = _escalation(state, transfers, declined, ctx)
        new = placed(state, command.command_id, routing, ctx, transfers=transfers,
                      declined_agency_ids=declined)
        events.append((derived_id(command.command_id, "escalated"), _escalated(new, command, ctx)))
    else:
        new = placed(state, command.command_id, routing, ctx, transfers=transfers,
                      declined_agency_ids=declined)
    events.append((derived_id(command.command_id, "assigned"),
                   assigned(new, command.command_id, ctx, previous=state.agency_id)))
    return Decision(new, events)


def _to_place(state: State, ctx: Context) -> bool:
    """Whether the coordinating office has the inquiry because nobody else would take it."""
    return (state.rule_id in (TRANSFER_LIMIT, UNCLEAR)
            and state.agency_id in ctx.router.directory.coordinating_offices())


def _reroute(state: State, suggested: str, declined: list[str], ctx: Context) -> RoutingDecision:
    on = ctx.now.astimezone(ctx.calendar.zone).date()
    router = ctx.router
    if suggested and suggested not in declined:
        agency, _ = router.answering(suggested, on)
        if agency is not None:
            return RoutingDecision(agency, "suggested-by-decliner",
                                   f"{state.agency_id} declined and named {agency} as competent")
    return router.route(state.submission, on, excluded=declined)


def _escalation(state: State, transfers: int, declined: list[str], ctx: Context
                ) -> RoutingDecision:
    directory = ctx.router.directory
    lead = directory.coordinator
    if lead in declined:  # the coordinator itself declined: its supervisor decides
        lead = directory.get(lead).supervisor or lead
    reason = (f"declined {transfers} time(s) (by {', '.join(declined)}); the limit is "
              f"{ctx.router.rules.max_transfers}: the coordinator decides who answers")
    return RoutingDecision(lead, TRANSFER_LIMIT, reason, (),
                           ctx.router.rules.unmatched.policy)


def _escalated(state: State, command: commands_pb2.RequestTransfer, ctx: Context
               ) -> events_pb2.InquiryEscalated:
    supervisors = (_supervisor(ctx, a) for a in (state.agency_id, command.actor.id))
    to = [*dict.fromkeys([state.agency_id, *(s for s in supervisors if s)])]
    return events_pb2.InquiryEscalated(
        inquiry_id=state.inquiry_id, agency_id=state.agency_id, reason=state.routing_reason,
        escalated_to=to, escalated_time=to_timestamp(ctx.now), command_id=command.command_id)


def _supervisor(ctx: Context, agency_id: str) -> str | None:
    try:
        return ctx.router.directory.get(agency_id).supervisor
    except LookupError:
        return None
