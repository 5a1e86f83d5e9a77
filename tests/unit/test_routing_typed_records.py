"""Routing's own records across a rolling upgrade: an inquiry's state and the events it remembers,
written by the previous release (status and times as text) are decided on like ours, and what
routing writes back the previous release still reads (status, *_at)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from citycomm.v1 import commands_pb2, common_pb2, events_pb2, state_pb2
from citycomm_common import contracts
from citycomm_common.codec import type_of
from citycomm_common.vocabulary import CITY_ZONE
from citycomm_routing.domain.lifecycle.replay import events_of, recall
from tests.unit.test_routing_transitions import NOW, SUBMITTER, WARD, Inquiry, agency

RECEIVED = "2026-11-26T10:00:00+07:00"  # NOW, as the previous release wrote it
DUE = "2026-12-10T23:59:59.999999+07:00"


def written_by_the_previous_release() -> bytes:
    """An assigned inquiry's state as the previous release stored it: no typed field at all."""
    submission = commands_pb2.SubmitInquiry(
        command_id="submit", inquiry_id="inq-1", kind=common_pb2.INQUIRY_KIND_CITIZEN_FEEDBACK,
        received_at=RECEIVED, title="Karaoke", description="ồn ào", category="noise",
        ward_code="26740", submitted_by=SUBMITTER)
    acknowledged = events_pb2.InquiryAcknowledged(
        inquiry_id="inq-1", agency_id=WARD, acknowledged_at=RECEIVED, command_id="ack")
    return state_pb2.InquiryState(
        inquiry_id="inq-1", status="acknowledged", agency_id=WARD,
        deadline=common_pb2.Deadline(policy_id="feedback-1022-reply",
                                     legal_basis="HCMC 1022 portal rules (2025)", due_at=DUE),
        applied_command_ids=["submit", "ack"], submission=submission, updated_at=RECEIVED,
        rule_id="ward-level", routing_reason="ward-level matter", assigned_at=RECEIVED,
        recent_decisions=[state_pb2.RecentDecision(command_id="ack", events=[state_pb2.SentEvent(
            event_id="e-ack", type=type_of(acknowledged),
            payload=acknowledged.SerializeToString())])],
    ).SerializeToString()


def inquiry_from_the_previous_release() -> Inquiry:
    inquiry = Inquiry()
    inquiry.states.stored[b"inq-1"] = written_by_the_previous_release()
    return inquiry


def test_a_state_the_previous_release_wrote_is_read_in_the_typed_fields() -> None:
    state = inquiry_from_the_previous_release().state
    assert state is not None
    assert state.lifecycle_status == common_pb2.LIFECYCLE_STATUS_ACKNOWLEDGED
    assert contracts.from_timestamp(state.deadline.due_time) == datetime.fromisoformat(DUE)
    assert contracts.from_timestamp(state.assigned_time) == NOW
    assert state.submission.HasField("received_time")
    # Nothing of the text is left to go stale when the typed fields change.
    assert (state.status, state.updated_at, state.deadline.due_at) == ("", "", "")


def test_a_state_the_previous_release_wrote_is_decided_on() -> None:
    inquiry = inquiry_from_the_previous_release()
    assert "cannot acknowledge an inquiry that is acknowledged" in inquiry.rejection(
        commands_pb2.AcknowledgeInquiry, actor=agency())
    inquiry.clock.advance(timedelta(days=3))
    [answered] = inquiry.do(commands_pb2.AnswerInquiry, actor=agency(), answer="Đã xử lý")
    assert isinstance(answered, events_pb2.InquiryAnswered) and answered.on_time
    assert contracts.from_timestamp(answered.due_time) == datetime.fromisoformat(DUE)
    assert inquiry.status == "answered"


def test_its_deadline_counts_as_it_did() -> None:
    inquiry = inquiry_from_the_previous_release()
    inquiry.clock.advance(timedelta(days=30))
    [answered] = inquiry.do(commands_pb2.AnswerInquiry, actor=agency(), answer="muộn")
    assert isinstance(answered, events_pb2.InquiryAnswered) and not answered.on_time


def test_a_command_it_applied_is_re_sent_as_it_was_published() -> None:
    inquiry = inquiry_from_the_previous_release()
    [again] = inquiry.do(commands_pb2.AcknowledgeInquiry, command_id="ack", actor=agency())
    assert isinstance(again, events_pb2.InquiryAcknowledged) and again.command_id == "ack"
    assert inquiry.published[-1][0] == "e-ack"  # its id, so consumers drop the repeat
    assert contracts.from_timestamp(again.acknowledged_time) == NOW
    assert again.acknowledged_at == ""  # the codec writes the text when it is sent


def test_what_routing_stores_the_previous_release_still_reads() -> None:
    inquiry = inquiry_from_the_previous_release()
    inquiry.clock.advance(timedelta(hours=2))
    inquiry.do(commands_pb2.AnswerInquiry, command_id="answer", actor=agency(), answer="xong")
    # Read as the previous release reads it: the bytes alone, no typed field known.
    stored = state_pb2.InquiryState.FromString(inquiry.states.stored[b"inq-1"])
    answered = (NOW + timedelta(hours=2)).astimezone(CITY_ZONE).isoformat()
    assert (stored.status, stored.updated_at, stored.answered_at) == ("answered", answered, answered)
    assert (stored.assigned_at, stored.deadline.due_at) == (RECEIVED, DUE)
    assert stored.submission.received_at == RECEIVED
    # The events it would re-send carry the text fields too: it sends the bytes as they are.
    [sent] = next(d for d in stored.recent_decisions if d.command_id == "answer").events
    event = events_pb2.InquiryAnswered.FromString(sent.payload)
    assert (event.answered_at, event.due_at) == (answered, DUE)


def test_remembered_events_are_recalled_in_the_typed_fields() -> None:
    inquiry = Inquiry()
    inquiry.do(commands_pb2.AnswerInquiry, command_id="answer", actor=agency(), answer="xong")
    recalled = recall(inquiry.state, "answer")
    assert recalled is not None
    [(_, event)] = events_of(recalled)
    assert isinstance(event, events_pb2.InquiryAnswered)
    assert contracts.from_timestamp(event.answered_time) == NOW.astimezone(UTC)
    assert (event.answered_at, event.due_at) == ("", "")
