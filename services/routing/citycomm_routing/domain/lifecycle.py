"""The inquiry's legal lifecycle: a command and the current state in, the new state and events out.

States: assigned → acknowledged → answered | refused → closed; a transfer or an operator's
reassignment assigns again; a disputed answer reopens; an extension moves the deadline once.
Every other command gets CommandRejected with a reason. A command already handled is ignored.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from google.protobuf.message import Message

from citycomm.v1 import commands_pb2
from citycomm_routing.domain import assignment, transitions
from citycomm_routing.domain.guards import Context, Decision, Rejection, rejected

__all__ = ["Context", "Decision", "UnknownCommand", "decide"]

from citycomm.v1.state_pb2 import InquiryState as State

Handler = Callable[[State, Any, Context], Decision]  # each takes its own command type

HANDLERS: dict[str, Handler] = {
    commands_pb2.AcknowledgeInquiry.DESCRIPTOR.full_name: transitions.acknowledge,
    commands_pb2.AnswerInquiry.DESCRIPTOR.full_name: transitions.answer,
    commands_pb2.RequestExtension.DESCRIPTOR.full_name: transitions.extend,
    commands_pb2.DisputeAnswer.DESCRIPTOR.full_name: transitions.dispute,
    commands_pb2.CloseInquiry.DESCRIPTOR.full_name: transitions.close,
    commands_pb2.RequestTransfer.DESCRIPTOR.full_name: assignment.transfer,
    commands_pb2.ReassignInquiry.DESCRIPTOR.full_name: assignment.reassign,
}


class UnknownCommand(ValueError):
    """A record on inquiry.commands that is not a command routing knows."""


def decide(state: State | None, command: Message, ctx: Context) -> Decision:
    """What `command` does to the inquiry in `state` (None: routing has never seen it)."""
    name = command.DESCRIPTOR.full_name
    if isinstance(command, commands_pb2.SubmitInquiry):
        return assignment.submit(state, command, ctx)
    handler = HANDLERS.get(name)
    if handler is None:
        raise UnknownCommand(name)
    if state is None:
        return rejected(None, command, f"no inquiry {command.inquiry_id!r} is known", ctx)  # type: ignore[attr-defined]
    if command.command_id in state.applied_command_ids:  # type: ignore[attr-defined]
        return Decision(None)  # redelivered: its events were published the first time
    try:
        return handler(state, command, ctx)
    except Rejection as rejection:
        return rejected(state, command, str(rejection), ctx)
