"""Which command does what, and who may give it: `decide` takes a command and the inquiry's state.

Who acts is checked before the state (RULES). Every command that is not allowed gets
CommandRejected with a reason; one already applied changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from google.protobuf.message import Message

from citycomm.v1 import commands_pb2, common_pb2
from citycomm_routing.domain.lifecycle import assignment, coordination, transitions
from citycomm_routing.domain.lifecycle.decision import Context, Decision, Rejection, rejected
from citycomm_routing.domain.lifecycle.guards import (
    require_coordinating,
    require_lead_agency,
    require_submitter_or_operator,
)
from citycomm_routing.domain.lifecycle.state import State

__all__ = ["HANDLERS", "RULES", "UnknownCommand", "decide"]

Handler = Callable[[State, Any, Context], Decision]  # each takes its own command type
# Who may give the command: checked first, on the actor alone (state None: no inquiry is known),
# so a rejection for the wrong actor never depends on, or names, the inquiry's state.
Authority = Callable[[State | None, common_pb2.Actor, Context], None]


def lead(doing: str) -> Authority:
    return lambda state, actor, _: require_lead_agency(state, actor, doing)


def coordinating(doing: str) -> Authority:
    return lambda _, actor, ctx: require_coordinating(actor, ctx, doing)


def submitter_or_operator(doing: str) -> Authority:
    return lambda state, actor, _: require_submitter_or_operator(state, actor, doing)


RULES: dict[str, tuple[Authority, Handler]] = {
    commands_pb2.AcknowledgeInquiry.DESCRIPTOR.full_name: (lead("acknowledge it"),
                                                           transitions.acknowledge),
    commands_pb2.AnswerInquiry.DESCRIPTOR.full_name: (lead("answer it"), transitions.answer),
    commands_pb2.RequestExtension.DESCRIPTOR.full_name: (lead("ask for an extension"),
                                                         transitions.extend),
    commands_pb2.RequestTransfer.DESCRIPTOR.full_name: (lead("ask for a transfer"),
                                                        assignment.transfer),
    commands_pb2.DisputeAnswer.DESCRIPTOR.full_name: (submitter_or_operator("dispute the answer"),
                                                      transitions.dispute),
    commands_pb2.CloseInquiry.DESCRIPTOR.full_name: (transitions.may_close, transitions.close),
    commands_pb2.ReassignInquiry.DESCRIPTOR.full_name: (coordinating("reassign an inquiry"),
                                                        coordination.reassign),
    commands_pb2.SettleDispute.DESCRIPTOR.full_name: (coordinating("settle a dispute"),
                                                      coordination.settle),
}
HANDLERS = {name: handler for name, (_, handler) in RULES.items()}


class UnknownCommand(ValueError):
    """A record on inquiry.commands that is not a command routing knows."""


def decide(state: State | None, command: Message, ctx: Context) -> Decision:
    """What `command` does to the inquiry in `state` (None: routing has never seen it)."""
    name = command.DESCRIPTOR.full_name
    if isinstance(command, commands_pb2.SubmitInquiry):
        return assignment.submit(state, command, ctx)
    rule = RULES.get(name)
    if rule is None:
        raise UnknownCommand(name)
    if state is not None and command.command_id in state.applied_command_ids:  # type: ignore[attr-defined]
        return Decision(None)  # redelivered: its events were published the first time
    authority, handler = rule
    try:
        authority(state, command.actor, ctx)  # type: ignore[attr-defined]
        if state is None:
            raise Rejection(f"no inquiry {command.inquiry_id!r} is known")  # type: ignore[attr-defined]
        return handler(state, command, ctx)
    except Rejection as rejection:
        return rejected(state, command, str(rejection), ctx)
