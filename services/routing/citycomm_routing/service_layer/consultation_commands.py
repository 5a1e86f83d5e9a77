"""Handling one command on consultation.commands: the consultation's record looked up, a redelivered
command's events recalled, or the decision taken and remembered; the events to publish out."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Protocol

from google.protobuf.message import Message

from citycomm.v1.consultations_pb2 import ConsultationState
from citycomm_common.calendar import WorkingCalendar
from citycomm_routing.domain.consultation_lifecycle import COMMANDS, UnknownConsultationCommand, decide
from citycomm_routing.domain.consultation_policies import (
    ConsultationPolicyBook,
    load_consultation_policies,
)
from citycomm_routing.domain.lifecycle.replay import recall, remember, serialized
from citycomm_routing.service_layer.inquiry_commands import Handled

POLICIES_FILE = "consultation-policies.yaml"


class ConsultationStates(Protocol):
    """Where each consultation's record is kept (routing's consultation table), by its id."""

    def get(self, consultation_id: str) -> ConsultationState | None: ...
    def put(self, consultation_id: str, state: ConsultationState) -> None: ...


class ConsultationCommands:
    """Applies consultation commands under the consultation policies, at the clock's time."""

    def __init__(self, states: ConsultationStates, policies: ConsultationPolicyBook,
                 calendar: WorkingCalendar, now: Callable[[], datetime]) -> None:
        self._states, self._policies, self._calendar, self._now = states, policies, calendar, now

    @classmethod
    def from_config(cls, states: ConsultationStates, config_dir: Path, calendar: WorkingCalendar,
                    now: Callable[[], datetime]) -> ConsultationCommands:
        """Under the policies of config_dir/consultation-policies.yaml."""
        return cls(states, load_consultation_policies(config_dir / POLICIES_FILE), calendar, now)

    @staticmethod
    def accepts(message: Message) -> bool:
        """Whether a record on inquiry.commands is a consultation's command."""
        return isinstance(message, COMMANDS)

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
