"""The inquiry's legal lifecycle: a command and the current state in, the new state and events out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from google.protobuf.message import Message

from citycomm.v1 import commands_pb2, common_pb2, events_pb2, state_pb2
from citycomm_common.calendar import WorkingCalendar
from citycomm_common.codec import derived_id, rfc3339
from citycomm_routing.domain.deadlines import PolicyBook
from citycomm_routing.domain.router import Router, RoutingDecision

UNCLEAR = "unclear-responsibility"


@dataclass(frozen=True)
class Context:
    router: Router
    policies: PolicyBook
    calendar: WorkingCalendar
    now: datetime


@dataclass
class Decision:
    """What a command did: the state to store (None: unchanged) and the events to publish."""

    state: state_pb2.InquiryState | None
    events: list[tuple[str, Message]] = field(default_factory=list)


def kind_name(kind: int) -> str:
    return common_pb2.InquiryKind.Name(kind).removeprefix("INQUIRY_KIND_").lower()


def _deadline(command: commands_pb2.SubmitInquiry, routing: RoutingDecision,
              received: datetime, ctx: Context) -> common_pb2.Deadline:
    attributes = dict(command.attributes)
    if routing.rule_id == UNCLEAR and command.kind == common_pb2.INQUIRY_KIND_CITIZEN_FEEDBACK:
        attributes["stage"] = "unclear"
    policy = ctx.policies.select(kind_name(command.kind), received, **attributes)
    due = policy.due_at(received, ctx.calendar)
    return common_pb2.Deadline(policy_id=policy.id, legal_basis=policy.legal_basis,
                               due_at=due.isoformat())


def submit(state: state_pb2.InquiryState | None, command: commands_pb2.SubmitInquiry,
           ctx: Context) -> Decision:
    if state is not None:
        return Decision(None)  # a retried submission: already applied
    received = datetime.fromisoformat(command.received_at)
    local_day = received.astimezone(ctx.calendar.zone).date()
    routing = ctx.router.route(command, local_day)
    deadline = _deadline(command, routing, received, ctx)
    new_state = state_pb2.InquiryState(
        inquiry_id=command.inquiry_id, status="assigned", agency_id=routing.agency_id,
        co_handling_agency_ids=routing.co_handling, deadline=deadline,
        applied_command_ids=[command.command_id], submission=command, updated_at=rfc3339(ctx.now),
    )
    submitted = events_pb2.InquirySubmitted(
        inquiry_id=command.inquiry_id, tracking_code=command.tracking_code, kind=command.kind,
        submitted_by=command.submitted_by, received_at=command.received_at,
        channel=command.channel, title=command.title, description=command.description,
        category=command.category, ward_code=command.ward_code, contact=command.contact,
        attributes=command.attributes, command_id=command.command_id,
    )
    assigned = events_pb2.InquiryAssigned(
        inquiry_id=command.inquiry_id, agency_id=routing.agency_id,
        co_handling_agency_ids=routing.co_handling, rule_id=routing.rule_id,
        reason=routing.reason, deadline=deadline, assigned_at=rfc3339(ctx.now), kind=command.kind,
        tracking_code=command.tracking_code, title=command.title, category=command.category,
        ward_code=command.ward_code, description=command.description,
        command_id=command.command_id,
    )
    return Decision(new_state, [
        (derived_id(command.command_id, "submitted"), submitted),
        (derived_id(command.command_id, "assigned"), assigned),
    ])


Handler = Callable[[state_pb2.InquiryState | None, Message, Context], Decision]
HANDLERS: dict[str, Handler] = {
    commands_pb2.SubmitInquiry.DESCRIPTOR.full_name: submit,  # type: ignore[dict-item]
}


def decide(state: state_pb2.InquiryState | None, command: Message, ctx: Context) -> Decision:
    handler = HANDLERS.get(command.DESCRIPTOR.full_name)
    if handler is None:
        raise UnknownCommand(command.DESCRIPTOR.full_name)
    return handler(state, command, ctx)


class UnknownCommand(ValueError):
    """A record on inquiry.commands that is not a command routing knows."""
