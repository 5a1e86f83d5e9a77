"""Every lifecycle transition and rejection, transfers with their limit, duplicates ignored."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from google.protobuf.message import Message

from citycomm.v1 import commands_pb2, common_pb2, events_pb2, state_pb2
from citycomm_common.clock import FakeClock
from citycomm_common.contracts import from_timestamp, to_timestamp
from citycomm_common.vocabulary import enum_name
from citycomm_routing.domain.lifecycle.replay import REMEMBERED_DECISIONS
from citycomm_routing.domain.lifecycle.state import REMEMBERED_COMMANDS
from citycomm_routing.service_layer.inquiry_commands import InquiryCommands
from tests.support import routing_fakes
from tests.support.routing_fakes import MemoryInquiryStates

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)  # Thursday 10:00 in Ho Chi Minh City
WARD = "ubnd-26740"
CITIZEN = common_pb2.Actor(role=common_pb2.ROLE_CITIZEN)
# A citizen who can be told apart from others: the Open311 app that filed the report.
SUBMITTER = common_pb2.Actor(role=common_pb2.ROLE_CITIZEN, id="open311:app-1")
OPERATOR = common_pb2.Actor(role=common_pb2.ROLE_OPERATOR, id="op-1")
_ids = itertools.count()
CLOCK = FakeClock(NOW)
CONTAINER = routing_fakes.container(clock=CLOCK)  # loading the files once keeps the tests fast


def agency(agency_id: str = WARD) -> common_pb2.Actor:
    return common_pb2.Actor(role=common_pb2.ROLE_AGENCY, id=agency_id)


class Inquiry:
    """One inquiry driven through routing's command handling, as the faust agent drives it."""

    def __init__(self, kind: int = common_pb2.INQUIRY_KIND_CITIZEN_FEEDBACK, **fields: object):
        self.clock = CLOCK
        self.clock.set(NOW)
        self.container = CONTAINER
        self.states = MemoryInquiryStates()  # the inquiry table
        self.commands = InquiryCommands(self.states, CONTAINER.context.current)
        self.published: list[tuple[str, Message]] = []  # (event id, event), as sent to the topic
        defaults = {"title": "Karaoke", "description": "ồn ào", "category": "noise",
                    "ward_code": "26740", "submitted_by": SUBMITTER}
        submission = commands_pb2.SubmitInquiry(
            command_id="submit", inquiry_id="inq-1", kind=kind, received_time=to_timestamp(NOW),
            **{**defaults, **fields})  # type: ignore[arg-type]
        self.events = self.send(submission)

    @property
    def state(self) -> state_pb2.InquiryState | None:
        return self.states.get("inq-1")

    def forget(self) -> None:
        """As if routing had never seen the inquiry."""
        self.states.stored.clear()

    def send(self, command: Message) -> list[Message]:
        handled = self.commands.handle("inq-1", command)
        assert handled.dead_letter is None, handled.dead_letter
        self.published.extend(handled.events)
        return [message for _, message in handled.events]

    def do(self, command_type: type[Message], **fields: object) -> list[Message]:
        fields.setdefault("command_id", f"cmd-{next(_ids)}")
        known = command_type.DESCRIPTOR.fields_by_name  # e.g. `reason` where the command has one
        return self.send(command_type(inquiry_id="inq-1",
                                      **{k: v for k, v in fields.items() if k in known}))

    def rejection(self, command_type: type[Message], **fields: object) -> str:
        [event] = self.do(command_type, **fields)
        assert isinstance(event, events_pb2.CommandRejected), event
        return event.reason

    @property
    def status(self) -> str:
        assert self.state is not None
        return enum_name(common_pb2.LifecycleStatus, self.state.lifecycle_status)


def test_the_happy_path_assigned_acknowledged_answered_closed() -> None:
    inquiry = Inquiry()
    assert inquiry.status == "assigned"
    [ack] = inquiry.do(commands_pb2.AcknowledgeInquiry, actor=agency())
    assert isinstance(ack, events_pb2.InquiryAcknowledged) and inquiry.status == "acknowledged"
    [answered] = inquiry.do(commands_pb2.AnswerInquiry, actor=agency(), answer="Đã xử lý")
    assert isinstance(answered, events_pb2.InquiryAnswered) and answered.on_time
    assert inquiry.status == "answered"
    [closed] = inquiry.do(commands_pb2.CloseInquiry, actor=SUBMITTER, reason="cảm ơn")
    assert isinstance(closed, events_pb2.InquiryClosed) and inquiry.status == "closed"


def test_a_late_answer_is_recorded_as_late() -> None:
    inquiry = Inquiry()
    inquiry.clock.advance(timedelta(days=30))
    [answered] = inquiry.do(commands_pb2.AnswerInquiry, actor=agency(), answer="muộn")
    assert isinstance(answered, events_pb2.InquiryAnswered) and not answered.on_time


def test_a_refusal_needs_a_legal_ground_and_counts_as_answered() -> None:
    inquiry = Inquiry()
    assert "legal ground" in inquiry.rejection(commands_pb2.AnswerInquiry, actor=agency(),
                                                refused=True, refusal_ground="không thích")
    [refused] = inquiry.do(commands_pb2.AnswerInquiry, actor=agency(), refused=True,
                           refusal_ground="under-investigation")
    assert isinstance(refused, events_pb2.InquiryAnswered) and refused.refused
    assert inquiry.status == "refused"


@pytest.mark.parametrize(("actor", "reason"), [
    (agency("ubnd-26737"), "only the assigned agency"),
    (CITIZEN, "only the assigned agency"),
    (OPERATOR, "only the assigned agency"),
])
def test_only_the_assigned_agency_may_act_as_the_agency(actor: common_pb2.Actor,
                                                        reason: str) -> None:
    inquiry = Inquiry()
    for command in (commands_pb2.AcknowledgeInquiry, commands_pb2.RequestExtension,
                    commands_pb2.RequestTransfer):
        assert reason in inquiry.rejection(command, actor=actor, reason="r")
    assert reason in inquiry.rejection(commands_pb2.AnswerInquiry, actor=actor, answer="a")
    assert inquiry.status == "assigned"


def test_a_rejection_is_told_to_the_acting_agency() -> None:
    inquiry = Inquiry()
    [event] = inquiry.do(commands_pb2.AcknowledgeInquiry, actor=agency("ubnd-26737"))
    assert isinstance(event, events_pb2.CommandRejected)
    assert event.agency_id == "ubnd-26737" and event.command_type.endswith("AcknowledgeInquiry")


def test_a_co_handling_agency_may_not_answer_for_the_lead() -> None:
    inquiry = Inquiry(common_pb2.INQUIRY_KIND_PRESS_REQUEST, title="ngộ độc")
    assert inquiry.state is not None and inquiry.state.agency_id == "so-an-toan-thuc-pham"
    reason = inquiry.rejection(commands_pb2.AnswerInquiry, actor=agency("so-y-te"), answer="a")
    assert "co-handles" in reason


@pytest.mark.parametrize(("command", "fields", "reason"), [
    (commands_pb2.AcknowledgeInquiry, {"actor": agency()}, "cannot acknowledge"),
    (commands_pb2.AnswerInquiry, {"actor": agency(), "answer": "x"}, "cannot answer"),
    (commands_pb2.RequestExtension, {"actor": agency(), "reason": "r"}, "cannot extend"),
    (commands_pb2.RequestTransfer, {"actor": agency(), "reason": "r"}, "cannot transfer"),
    (commands_pb2.ReassignInquiry, {"actor": OPERATOR, "agency_id": "so-y-te", "reason": "r"},
     "cannot reassign"),
])
def test_an_answered_inquiry_takes_no_more_agency_steps(command: type[Message],
                                                        fields: dict[str, object],
                                                        reason: str) -> None:
    inquiry = Inquiry()
    inquiry.do(commands_pb2.AnswerInquiry, actor=agency(), answer="xong")
    assert reason in inquiry.rejection(command, **fields)


def test_a_closed_inquiry_rejects_everything() -> None:
    inquiry = Inquiry()
    inquiry.do(commands_pb2.CloseInquiry, actor=OPERATOR, reason="spam")
    for command, actor in ((commands_pb2.AcknowledgeInquiry, agency()),
                           (commands_pb2.DisputeAnswer, OPERATOR), (commands_pb2.CloseInquiry, OPERATOR)):
        assert "closed" in inquiry.rejection(command, actor=actor, reason="r")


def test_acknowledging_twice_is_rejected() -> None:
    inquiry = Inquiry()
    inquiry.do(commands_pb2.AcknowledgeInquiry, actor=agency())
    assert "acknowledged" in inquiry.rejection(commands_pb2.AcknowledgeInquiry, actor=agency())


def test_a_redelivered_command_publishes_the_same_events_and_changes_nothing() -> None:
    inquiry = Inquiry()
    [acknowledged] = inquiry.do(commands_pb2.AcknowledgeInquiry, command_id="ack", actor=agency())
    first, state, writes = inquiry.published[-1], inquiry.state, inquiry.states.writes
    assert inquiry.do(commands_pb2.AcknowledgeInquiry, command_id="ack", actor=agency()) == [
        acknowledged]
    assert inquiry.published[-1] == first  # the same id: consumers drop the repeat
    assert (inquiry.state, inquiry.states.writes) == (state, writes)
    # Recognised by its id alone, whatever the record says now.
    assert inquiry.do(commands_pb2.CloseInquiry, command_id="ack", actor=OPERATOR) == [acknowledged]
    assert inquiry.status == "acknowledged"


def test_a_command_redelivered_long_after_is_still_applied_only_once() -> None:
    inquiry = Inquiry()
    inquiry.do(commands_pb2.AcknowledgeInquiry, command_id="ack", actor=agency())
    for _ in range(REMEMBERED_DECISIONS):  # its events are no longer remembered, its id is
        inquiry.rejection(commands_pb2.AcknowledgeInquiry, actor=agency())
    writes = inquiry.states.writes
    assert inquiry.do(commands_pb2.AcknowledgeInquiry, command_id="ack", actor=agency()) == []
    assert inquiry.states.writes == writes


def test_remembered_command_ids_are_bounded() -> None:
    inquiry = Inquiry()
    for _ in range(REMEMBERED_COMMANDS + 10):
        inquiry.do(commands_pb2.AcknowledgeInquiry, actor=agency("ubnd-26737"))
    assert inquiry.state is not None
    assert len(inquiry.state.applied_command_ids) == REMEMBERED_COMMANDS


def test_commands_for_an_unknown_inquiry_are_rejected() -> None:
    inquiry = Inquiry()
    inquiry.forget()
    assert "no inquiry" in inquiry.rejection(commands_pb2.CloseInquiry, actor=OPERATOR, reason="r")
    # An agency learns nothing from it: the reason any agency but the assigned one gets.
    assert inquiry.rejection(commands_pb2.AcknowledgeInquiry, actor=agency()) == (
        "only the assigned agency may acknowledge it; agency ubnd-26740 is not")


def test_an_extension_is_what_the_policy_allows_once_and_before_the_deadline() -> None:
    inquiry = Inquiry(common_pb2.INQUIRY_KIND_INFORMATION_REQUEST,
                      attributes={"channel": "in_person"})
    assert inquiry.state is not None
    due = inquiry.state.deadline.due_time
    [extended] = inquiry.do(commands_pb2.RequestExtension, actor=agency(), reason="cần tra cứu")
    assert isinstance(extended, events_pb2.DeadlineExtended)
    assert extended.previous_due_time == due
    assert from_timestamp(extended.deadline.due_time) > from_timestamp(due)
    assert "already extended" in inquiry.rejection(commands_pb2.RequestExtension,
                                                   actor=agency(), reason="again")


def test_an_extension_is_refused_when_the_policy_has_none_or_it_is_late() -> None:
    inquiry = Inquiry()
    assert "allows no extension" in inquiry.rejection(commands_pb2.RequestExtension,
                                                      actor=agency(), reason="r")
    late = Inquiry(common_pb2.INQUIRY_KIND_INFORMATION_REQUEST,
                   attributes={"channel": "in_person"})
    late.clock.advance(timedelta(days=40))
    assert "has passed" in late.rejection(commands_pb2.RequestExtension, actor=agency(),
                                          reason="r")


def test_a_disputed_answer_reopens_with_a_fresh_deadline_and_can_be_answered_again() -> None:
    inquiry = Inquiry()
    inquiry.do(commands_pb2.AnswerInquiry, actor=agency(), answer="xong")
    assert "only the submitter" in inquiry.rejection(commands_pb2.DisputeAnswer,
                                                     actor=agency(), reason="r")
    inquiry.clock.advance(timedelta(days=3))
    [reopened] = inquiry.do(commands_pb2.DisputeAnswer, actor=SUBMITTER, reason="vẫn ồn")
    assert isinstance(reopened, events_pb2.InquiryReopened) and inquiry.status == "reopened"
    assert inquiry.state is not None and inquiry.state.times_reopened == 1
    [answered] = inquiry.do(commands_pb2.AnswerInquiry, actor=agency(), answer="lần 2")
    assert isinstance(answered, events_pb2.InquiryAnswered) and answered.on_time


def test_disputing_an_unanswered_inquiry_is_rejected() -> None:
    assert "cannot dispute" in Inquiry().rejection(commands_pb2.DisputeAnswer, actor=SUBMITTER,
                                                   reason="r")
