"""Handling one command on consultation.commands: the consultation's record looked up, a redelivered
command's events recalled, or the decision taken and remembered; the events to publish out."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from google.protobuf.message import Message

from citycomm.v1.consultations_pb2 import ConsultationState
from citycomm_common.calendar import WorkingCalendar
from citycomm_routing.domain.consultation_lifecycle import UnknownConsultationCommand, decide
from citycomm_routing.domain.consultation_policies import ConsultationPolicyBook
from citycomm_routing.domain.lifecycle.replay import recall, remember, serialized
from citycomm_routing.service_layer.inquiry_commands import Handled


class ConsultationStates(Protocol):
    """Where each consultation's record is kept (routing's consultation table), by its id."""

    def get(self, consultation_id: str) -> ConsultationState | None: ...
    def put(self, consultation_id: str, state: ConsultationState) -> None: ...


class ConsultationCommands:
    """Applies consultation commands under the consultation policies, at the clock's time."""

    def __init__(self, states: ConsultationStates, policies: ConsultationPolicyBook,
                 calendar: WorkingCalendar, now: Callable[[], datetime]) -> None:
        self._states, self._policies, self._calendar, self._now = states, policies, calendar, now

    def handle(self, consultation_id: str, command: Message) -> Handled:
        state = self._states.get(consultation_id)
        command_id: str = getattr(command, "command_id", "")
        remembered = recall(state, command_id)
        if remembered is not None:
            return Handled(remembered)  # redelivered: the same events, with the same ids
        try:
            decision = decide(state, command, self._policies, self._calendar, self._now())
        except UnknownConsultationCommand as unknown:
            return Handled(dead_letter=f"not a consultation command: {unknown}")
        sent = serialized(decision.events)
        if decision.state is not None:
            remember(decision.state, command_id, sent)
            self._states.put(consultation_id, decision.state)
        return Handled(sent)
