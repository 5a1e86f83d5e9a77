"""A settled dispute in the read model: the answer that stands is the inquiry's answer again."""

from __future__ import annotations

from google.protobuf.message import Message

from citycomm.v1 import common_pb2, events_pb2
from citycomm_common.contracts import to_timestamp
from citycomm_reporting.domain.facts import summarise
from citycomm_reporting.domain.projection import fold
from tests.support.reporting_scenario import at, deadline, end_of, lifecycle
from tests.unit.test_reporting_projection import CALENDAR, facts

OPERATOR = common_pb2.Actor(role=common_pb2.ROLE_OPERATOR, id="ops")


def disputed() -> list[Message]:
    events = lifecycle("x", agency_id="a", kind=common_pb2.INQUIRY_KIND_PRESS_REQUEST, category="roads",
                       ward="26740", channel="api", received=at(2026, 5, 4, 9), due=end_of(2026, 5, 8),
                       answered=at(2026, 5, 5, 9))
    events.append(events_pb2.InquiryReopened(
        inquiry_id="x", agency_id="a", reason="incomplete", reopened_time=to_timestamp(at(2026, 5, 6, 9)),
        deadline=common_pb2.Deadline(due_time=to_timestamp(end_of(2026, 5, 13)))))
    return events


def test_when_the_answer_stands_the_closed_inquiry_keeps_it_on_its_first_deadline() -> None:
    before = fold(facts(disputed()[:-1]), CALENDAR)
    assert before is not None and before["answer"]
    settled = [*disputed(),
               events_pb2.DisputeSettled(
                   inquiry_id="x", agency_id="a", resolution=common_pb2.DISPUTE_RESOLUTION_ANSWER_STANDS,
                   reason="đủ", actor=OPERATOR, settled_time=to_timestamp(at(2026, 5, 7, 9)), command_id="c"),
               events_pb2.InquiryClosed(inquiry_id="x", actor=OPERATOR, reason="dispute settled",
                                        closed_time=to_timestamp(at(2026, 5, 7, 9)), command_id="c")]
    as_facts = facts(settled)
    row = fold(as_facts, CALENDAR)
    assert row is not None and row["status"] == "closed"
    assert (row["answer"], row["answered_at"], row["due_at"], row["on_time"]) == (
        before["answer"], before["answered_at"], before["due_at"], True)
    assert fold(list(reversed(as_facts)), CALENDAR) == row  # arrival order does not matter
    assert summarise(as_facts[-2].message).startswith("dispute settled, the answer stands")


def test_when_an_agency_answers_again_the_answer_stays_cleared() -> None:
    again = [*disputed(),
             events_pb2.DisputeSettled(
                 inquiry_id="x", agency_id="b", resolution=common_pb2.DISPUTE_RESOLUTION_ANSWER_AGAIN,
                 reason="sai cơ quan", actor=OPERATOR, settled_time=to_timestamp(at(2026, 5, 7, 9)),
                 command_id="c"),
             events_pb2.InquiryAssigned(inquiry_id="x", agency_id="b",
                                        assigned_time=to_timestamp(at(2026, 5, 7, 9)),
                                        deadline=deadline(end_of(2026, 5, 20), "", ""), command_id="c")]
    row = fold(facts(again), CALENDAR)
    assert row is not None and (row["status"], row["agency_id"], row["answer"]) == ("assigned", "b", None)
    assert row["due_at"] == end_of(2026, 5, 20)
