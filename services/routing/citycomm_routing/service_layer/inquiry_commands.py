"""Handling one command on inquiry.commands: the inquiry's state looked up, a redelivered command's
events recalled, or the lifecycle's decision taken and remembered; the events to publish out.

At-least-once delivery makes the replay step necessary: a worker can die after the new state
reached the table's changelog but before its events reached the broker. The command then comes
again and re-sends the remembered events with their original ids (consumers deduplicate by id).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from google.protobuf.message import Message

from citycomm.v1.state_pb2 import InquiryState
from citycomm_routing.domain.lifecycle.decide import UnknownCommand, decide
from citycomm_routing.domain.lifecycle.decision import Context
from citycomm_routing.domain.lifecycle.replay import Published, Sent, events_of, recall, remember, serialized


class InquiryStates(Protocol):
    """Where each inquiry's lifecycle state is kept (routing's inquiry table), by inquiry id."""

    def get(self, inquiry_id: str) -> InquiryState | None: ...
    def put(self, inquiry_id: str, state: InquiryState) -> None: ...


@dataclass(frozen=True)
class Handled:
    """The events to publish, in order, serialized; or, for a record that is no routing command,
    why it goes to the dead-letter topic instead."""

    sent: Sent = field(default_factory=list)
    dead_letter: str | None = None

    @property
    def events(self) -> Published:
        """The events read back as messages (for tests and logs; publishing sends `sent`)."""
        return events_of(self.sent)


class InquiryCommands:
    """Applies commands to the inquiries kept in `states`, each decided in the current context."""

    def __init__(self, states: InquiryStates, context: Callable[[], Context]) -> None:
        self._states = states
        self._context = context

    def handle(self, inquiry_id: str, command: Message) -> Handled:
        state = self._states.get(inquiry_id)
        command_id: str = getattr(command, "command_id", "")
        remembered = recall(state, command_id)
        if remembered is not None:
            return Handled(remembered)  # redelivered: the same events, with the same ids
        try:
            decision = decide(state, command, self._context())
        except UnknownCommand as unknown:  # e.g. an event written to the wrong topic
            return Handled(dead_letter=f"not a routing command: {unknown}")
        sent = serialized(decision.events)  # once, for the table and the topic
        if decision.state is not None:
            remember(decision.state, command_id, sent)
            self._states.put(inquiry_id, decision.state)
        return Handled(sent)
