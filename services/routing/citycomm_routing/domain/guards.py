"""What every transition shares: its context, its result, and the checks that reject a command."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from google.protobuf.message import Message

from citycomm.v1 import common_pb2, events_pb2
from citycomm.v1.state_pb2 import InquiryState as State
from citycomm_common.calendar import WorkingCalendar
from citycomm_common.codec import derived_id, rfc3339
from citycomm_routing.domain.deadlines import PolicyBook
from citycomm_routing.domain.router import Router

OPEN = ("assigned", "acknowledged", "reopened")
ANSWERED = ("answered", "refused")
# Enough to recognise any redelivery (they come within seconds), small enough to keep the
# table value small over a long life.
REMEMBERED_COMMANDS = 64


@dataclass(frozen=True)
class Context:
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


def role_name(role: int) -> str:
    return common_pb2.Role.Name(role).removeprefix("ROLE_").lower().replace("_", " ")


def who(actor: common_pb2.Actor) -> str:
    return f"{role_name(actor.role)} {actor.id}".strip()


def require_status(state: State, allowed: tuple[str, ...], doing: str) -> None:
    if state.status == "closed":
        raise Rejection(f"cannot {doing}: the inquiry is closed")
    if state.status not in allowed:
        raise Rejection(f"cannot {doing} an inquiry that is {state.status}")


def require_lead_agency(state: State | None, actor: common_pb2.Actor, doing: str) -> None:
    """Only the agency the inquiry is assigned to may act on it as an agency.

    Checked before anything about the inquiry is looked at: anyone else hears the same reason
    whatever the inquiry's state, its assignee, or whether it exists."""
    if actor.role == common_pb2.ROLE_AGENCY and state is not None:
        if actor.id == state.agency_id:
            return
        if actor.id in state.co_handling_agency_ids:  # it sees the inquiry, and who leads it
            raise Rejection(f"{actor.id} co-handles this inquiry; only the lead agency "
                            f"{state.agency_id} may {doing}")
    raise Rejection(f"only the assigned agency may {doing}; {who(actor)} is not")


def is_submitter(state: State | None, actor: common_pb2.Actor) -> bool:
    submitter = state.submission.submitted_by if state is not None else None
    # An anonymous citizen has no id: one citizen cannot be told from another.
    return (submitter is not None and bool(submitter.id) and actor.role == submitter.role
            and actor.id == submitter.id)


def coordinates(actor: common_pb2.Actor, ctx: Context) -> bool:
    """Operators, the platform, and the coordinating office place and settle inquiries by hand."""
    if actor.role in (common_pb2.ROLE_OPERATOR, common_pb2.ROLE_SYSTEM):
        return True
    return (actor.role == common_pb2.ROLE_AGENCY
            and actor.id in ctx.router.directory.coordinating_offices())


def require_coordinating(actor: common_pb2.Actor, ctx: Context, doing: str) -> None:
    if not coordinates(actor, ctx):
        offices = ", ".join(ctx.router.directory.coordinating_offices())
        raise Rejection(f"only an operator or the coordinating office ({offices}) may {doing}; "
                        f"{who(actor)} may not")


def require_submitter_or_operator(state: State | None, actor: common_pb2.Actor, doing: str) -> None:
    if actor.role in (common_pb2.ROLE_OPERATOR, common_pb2.ROLE_SYSTEM) or is_submitter(state, actor):
        return
    raise Rejection(f"only the submitter or an operator may {doing}; {who(actor)} may not")


def require_text(value: str, what: str) -> None:
    if not value.strip():
        raise Rejection(f"{what} is required")


def next_state(state: State, command_id: str, now: datetime, **changes: Any) -> State:
    """A copy of `state` with `changes`, remembering the command (bounded)."""
    new = State()
    new.CopyFrom(state)
    for name, value in changes.items():
        if isinstance(value, Message):
            getattr(new, name).CopyFrom(value)
        elif isinstance(value, list | tuple):
            del getattr(new, name)[:]
            getattr(new, name).extend(value)
        else:
            setattr(new, name, value)
    remembered = [*new.applied_command_ids, command_id][-REMEMBERED_COMMANDS:]
    del new.applied_command_ids[:]
    new.applied_command_ids.extend(remembered)
    new.updated_at = rfc3339(now)
    return new


def rejected(state: State | None, command: Message, reason: str, ctx: Context) -> Decision:
    """CommandRejected, told to the acting agency (or the assigned one); the command is remembered."""
    actor: common_pb2.Actor = command.actor  # type: ignore[attr-defined]
    agency = actor.id if actor.role == common_pb2.ROLE_AGENCY else (state.agency_id if state else "")
    event = events_pb2.CommandRejected(
        inquiry_id=command.inquiry_id, command_id=command.command_id,  # type: ignore[attr-defined]
        command_type=command.DESCRIPTOR.full_name, reason=reason, actor=actor,
        rejected_at=rfc3339(ctx.now), agency_id=agency)
    new = None if state is None else next_state(state, event.command_id, ctx.now)
    return Decision(new, [(derived_id(event.command_id, "rejected"), event)])
