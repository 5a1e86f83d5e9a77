"""A command that comes again after a crash re-sends what it published, with the same ids."""

from __future__ import annotations

from datetime import UTC, datetime

from citycomm.v1 import commands_pb2, common_pb2, events_pb2, state_pb2
from citycomm_common.clock import FakeClock
from citycomm_common.contracts import to_timestamp
from citycomm_routing.domain.lifecycle.decide import decide
from citycomm_routing.domain.lifecycle.replay import (
    REMEMBERED_DECISIONS,
    events_of,
    recall,
    remember,
    serialized,
)
from citycomm_routing.service_layer.inquiry_commands import InquiryCommands
from tests.support import routing_fakes
from tests.support.routing_fakes import MemoryInquiryStates

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)


def submission(command_id: str = "cmd-1") -> commands_pb2.SubmitInquiry:
    return commands_pb2.SubmitInquiry(
        command_id=command_id, inquiry_id="inq-1", tracking_code="AAAA-BBBB-CCCC",
        kind=common_pb2.INQUIRY_KIND_CITIZEN_FEEDBACK, received_time=to_timestamp(NOW), category="noise",
        ward_code="26740", title="t", description="d")


def test_a_recorded_decision_is_recalled_with_its_ids_and_events() -> None:
    container = routing_fakes.container(clock=FakeClock(NOW))
    decision = decide(None, submission(), container.context.current())
    assert decision.state is not None
    remember(decision.state, "cmd-1", serialized(decision.events))
    stored = state_pb2.InquiryState.FromString(decision.state.SerializeToString())
    recalled = recall(stored, "cmd-1")
    assert recalled is not None and events_of(recalled) == decision.events
    assert recall(stored, "cmd-other") is None
    assert recall(None, "cmd-1") is None


def test_only_the_last_few_decisions_are_kept() -> None:
    state = state_pb2.InquiryState(inquiry_id="inq-1")
    for i in range(REMEMBERED_DECISIONS + 3):
        remember(state, f"cmd-{i}", [])
    assert len(state.recent_decisions) == REMEMBERED_DECISIONS
    assert recall(state, "cmd-0") is None
    assert recall(state, f"cmd-{REMEMBERED_DECISIONS + 2}") == []


def commands() -> tuple[InquiryCommands, MemoryInquiryStates]:
    states = MemoryInquiryStates()
    return InquiryCommands(states, routing_fakes.container(clock=FakeClock(NOW)).context.current), states


def test_a_redelivered_submission_publishes_its_events_again_and_stores_nothing_new() -> None:
    inquiries, states = commands()
    first = inquiries.handle("inq-1", submission())
    stored = dict(states.stored)
    again = inquiries.handle("inq-1", submission())
    assert again.sent == first.sent and again.events == first.events
    assert [type(e) for _, e in first.events] == [
        events_pb2.InquirySubmitted, events_pb2.InquiryAssigned]
    assert states.stored == stored and states.writes == 1


def test_a_record_that_is_no_command_is_dead_lettered() -> None:
    inquiries, states = commands()
    handled = inquiries.handle("inq-1", events_pb2.InquiryClosed(inquiry_id="inq-1"))
    assert handled.events == [] and handled.dead_letter is not None
    assert "not a routing command" in handled.dead_letter and "InquiryClosed" in handled.dead_letter
    assert states.writes == 0
