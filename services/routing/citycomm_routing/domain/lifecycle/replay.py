"""Remembering what a command published, so a redelivered command re-sends it instead of nothing.

At-least-once: routing records an inquiry's new state and publishes its events, and a worker can
die after the first reached the changelog but before the second reached the broker. The command
then comes again (its offset was never committed) and finds itself applied. Re-sending the
remembered events, with their original ids, completes the work; consumers deduplicate by id.
"""

from __future__ import annotations

from google.protobuf.message import Message

from citycomm.v1 import consultations_pb2, state_pb2
from citycomm_common.codec import MESSAGE_TYPES, type_of
from citycomm_common.contracts import parse, serialize

REMEMBERED_DECISIONS = 8
Published = list[tuple[str, Message]]  # (event id, event)
Sent = list[state_pb2.SentEvent]  # the same events serialized, as they go to the topic
Remembering = state_pb2.InquiryState | consultations_pb2.ConsultationState  # records that remember


def serialized(events: Published) -> Sent:
    """The events' bytes with their deprecated twins filled, as the codec would send them: what a
    decision publishes and remembers (serialized once for both), and what the previous release
    re-sends from its table without filling anything."""
    return [state_pb2.SentEvent(event_id=event_id, type=type_of(event), payload=serialize(event))
            for event_id, event in events]


def remember(state: Remembering, command_id: str, sent: Sent) -> None:
    if not command_id:
        return
    decision = state_pb2.RecentDecision(command_id=command_id, events=sent)
    kept = [d for d in state.recent_decisions if d.command_id != command_id][-(REMEMBERED_DECISIONS - 1):]
    del state.recent_decisions[:]
    state.recent_decisions.extend([*kept, decision])


def recall(state: Remembering | None, command_id: str) -> Sent | None:
    """The events a recent command published, as sent, or None if it is not a recent one."""
    if state is None or not command_id:
        return None
    for decision in state.recent_decisions:
        if decision.command_id == command_id:
            return list(decision.events)
    return None


def events_of(sent: Sent) -> Published:
    """Serialized events read back, in the typed fields."""
    return [(e.event_id, parse(MESSAGE_TYPES[e.type], e.payload)) for e in sent]
