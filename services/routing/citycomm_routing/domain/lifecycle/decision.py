"""What every step shares: the context it decides in, its result, and a rejection's result."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from google.protobuf.message import Message

from citycomm.v1 import common_pb2, events_pb2
from citycomm_common.calendar import WorkingCalendar
from citycomm_common.codec import derived_id
from citycomm_common.contracts import to_timestamp
from citycomm_routing.domain.deadline_policies import PolicyBook
from citycomm_routing.domain.lifecycle.state import State, next_state
from citycomm_routing.domain.router import Router


@dataclass(frozen=True)
class Context:
    """What a decision is taken against: the rules over today's directory, the policies, the time."""

    router: Router
    policies: PolicyBook
    calendar: WorkingCalendar
    now: datetime


@dataclass
class Decision:
    """What a command did: the state to store (None: unchanged) and the events to publish."""

    state: State | None
    events: list[tuple[str, Message]] = field(default_factory=list)


class Rejection(Exception):
    """The command is not allowed now; the message is the reason CommandRejected carries."""


def rejected(state: State | None, command: Message, reason: str, ctx: Context) -> Decision:
    """CommandRejected, told to the acting agency (or the assigned one); the command is remembered."""
    actor: common_pb2.Actor = command.actor  # type: ignore[attr-defined]
    agency = actor.id if actor.role == common_pb2.ROLE_AGENCY else (state.agency_id if state else "")
    event = events_pb2.CommandRejected(
        inquiry_id=command.inquiry_id, command_id=command.command_id,  # type: ignore[attr-defined]
        command_type=command.DESCRIPTOR.full_name, reason=reason, actor=actor,
        rejected_time=to_timestamp(ctx.now), agency_id=agency)
    new = None if state is None else next_state(state, event.command_id, ctx.now)
    return Decision(new, [(derived_id(event.command_id, "rejected"), event)])
