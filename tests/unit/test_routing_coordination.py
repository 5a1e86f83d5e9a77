"""Who may act is judged before the inquiry's state; the coordinating office reassigns, closes and
settles disputes; an inquiry it has to place cannot bounce back to it by a transfer request."""

from __future__ import annotations

from datetime import timedelta

import pytest
from google.protobuf.message import Message

from citycomm.v1 import commands_pb2, common_pb2, events_pb2
from citycomm_common.contracts import from_timestamp
from tests.unit.test_routing_transfers import PRESS, decline
from tests.unit.test_routing_transitions import CITIZEN, CONTAINER, OPERATOR, WARD, Inquiry, agency

COORDINATOR = CONTAINER.directory.current.coordinator
CITY_OFFICE = "van-phong-ubnd-tp"
STANDS = common_pb2.DISPUTE_RESOLUTION_ANSWER_STANDS
AGAIN = common_pb2.DISPUTE_RESOLUTION_ANSWER_AGAIN


def in_state(status: str) -> Inquiry:
    inquiry = Inquiry()
    steps: dict[str, list[tuple[type[Message], dict[str, object]]]] = {
        "assigned": [],
        "acknowledged": [(commands_pb2.AcknowledgeInquiry, {"actor": agency()})],
        "answered": [(commands_pb2.AnswerInquiry, {"actor": agency(), "answer": "xong"})],
        "reopened": [(commands_pb2.AnswerInquiry, {"actor": agency(), "answer": "xong"}),
                     (commands_pb2.DisputeAnswer, {"actor": OPERATOR, "reason": "chưa đủ"})],
        "closed": [(commands_pb2.CloseInquiry, {"actor": OPERATOR, "reason": "trùng"})],
    }
    for command, fields in steps[status]:
        inquiry.do(command, **fields)
    assert inquiry.status == status
    return inquiry


def disputed() -> Inquiry:
    return in_state("reopened")


@pytest.mark.parametrize("command", [commands_pb2.AcknowledgeInquiry, commands_pb2.AnswerInquiry,
                                     commands_pb2.RequestExtension, commands_pb2.RequestTransfer])
def test_a_wrong_agency_hears_the_same_reason_whatever_the_inquirys_state(
        command: type[Message]) -> None:
    reasons = {status: in_state(status).rejection(command, actor=agency("so-y-te"), reason="r",
                                                  answer="a")
               for status in ("assigned", "acknowledged", "answered", "reopened", "closed")}
    unknown = Inquiry()
    unknown.forget()
    reasons["unknown"] = unknown.rejection(command, actor=agency("so-y-te"), reason="r", answer="a")
    assert len(set(reasons.values())) == 1, reasons
    [reason] = set(reasons.values())
    assert reason.startswith("only the assigned agency may") and "so-y-te is not" in reason
    for secret in (WARD, "closed", "answered", "acknowledged", "reopened"):
        assert secret not in reason


@pytest.mark.parametrize("actor", [agency(COORDINATOR), agency(CITY_OFFICE), OPERATOR])
def test_operators_and_the_coordinating_office_reassign_and_close(actor: common_pb2.Actor) -> None:
    inquiry = Inquiry()
    [assigned] = inquiry.do(commands_pb2.ReassignInquiry, actor=actor, agency_id="so-y-te",
                            reason="thuộc ngành y tế")
    assert isinstance(assigned, events_pb2.InquiryAssigned) and assigned.agency_id == "so-y-te"
    assert assigned.rule_id == "operator-reassign" and actor.id in assigned.reason
    assert "a reason for closing" in inquiry.rejection(commands_pb2.CloseInquiry, actor=actor)
    [closed] = inquiry.do(commands_pb2.CloseInquiry, actor=actor, reason="đã giải quyết")
    assert isinstance(closed, events_pb2.InquiryClosed) and inquiry.status == "closed"


@pytest.mark.parametrize("actor", [agency(), agency("so-y-te"), PRESS, CITIZEN])
def test_nobody_else_reassigns_closes_or_settles(actor: common_pb2.Actor) -> None:
    inquiry = disputed()
    for command in (commands_pb2.ReassignInquiry, commands_pb2.SettleDispute):
        reason = inquiry.rejection(command, actor=actor, agency_id="so-y-te", reason="r",
                                   resolution=STANDS)
        assert reason.startswith("only an operator or the coordinating office")
        assert COORDINATOR in reason and "reopened" not in reason
    assert "only the submitter, an operator or the coordinating office" in inquiry.rejection(
        commands_pb2.CloseInquiry, actor=actor, reason="r")
    assert inquiry.status == "reopened"


def test_an_anonymous_citizen_is_not_the_submitter_of_another_anonymous_inquiry() -> None:
    inquiry = Inquiry(submitted_by=CITIZEN)
    inquiry.do(commands_pb2.AnswerInquiry, actor=agency(), answer="xong")
    assert "only the submitter" in inquiry.rejection(commands_pb2.DisputeAnswer, actor=CITIZEN,
                                                     reason="r")
    assert "only the submitter" in inquiry.rejection(commands_pb2.CloseInquiry, actor=CITIZEN)
    assert inquiry.status == "answered"


def test_the_city_office_placing_an_escalated_inquiry_cannot_transfer_it_back_to_itself() -> None:
    inquiry = Inquiry(common_pb2.INQUIRY_KIND_PRESS_REQUEST, submitted_by=PRESS,
                      target_agency_id=COORDINATOR, category="", ward_code="")
    for suggested in ("so-y-te", "so-tu-phap", ""):
        decline(inquiry, suggested_agency_id=suggested)
    assert inquiry.state is not None and inquiry.state.agency_id == CITY_OFFICE
    due = inquiry.state.deadline.due_time
    inquiry.clock.advance(timedelta(minutes=30))
    [rejected] = inquiry.do(commands_pb2.RequestTransfer, actor=agency(CITY_OFFICE), reason="r")
    assert isinstance(rejected, events_pb2.CommandRejected)
    assert "reassign it to the competent agency" in rejected.reason
    assert inquiry.state.deadline.due_time == due and inquiry.state.agency_id == CITY_OFFICE
    [assigned] = inquiry.do(commands_pb2.ReassignInquiry, actor=agency(CITY_OFFICE),
                            agency_id="so-xay-dung", reason="thuộc ngành xây dựng")
    assert isinstance(assigned, events_pb2.InquiryAssigned) and assigned.agency_id == "so-xay-dung"


def test_the_coordinator_places_an_unclear_inquiry_instead_of_transferring_it() -> None:
    inquiry = Inquiry(category="", title="Câu hỏi chung", description="")
    assert inquiry.state is not None and inquiry.state.agency_id == COORDINATOR
    reason = inquiry.rejection(commands_pb2.RequestTransfer, actor=agency(COORDINATOR), reason="r")
    assert "reassign" in reason


def test_when_the_answer_stands_the_inquiry_closes() -> None:
    inquiry = disputed()
    settled, closed = inquiry.do(commands_pb2.SettleDispute, actor=agency(COORDINATOR),
                                 resolution=STANDS, reason="câu trả lời đầy đủ")
    assert isinstance(settled, events_pb2.DisputeSettled) and settled.resolution == STANDS
    assert settled.agency_id == WARD and settled.actor.id == COORDINATOR
    assert isinstance(closed, events_pb2.InquiryClosed) and "the answer stands" in closed.reason
    assert inquiry.status == "closed"


def test_answering_again_assigns_the_named_agency_on_a_deadline_from_the_settlement() -> None:
    inquiry = disputed()
    inquiry.clock.advance(timedelta(days=5))
    settled, assigned = inquiry.do(commands_pb2.SettleDispute, actor=OPERATOR, resolution=AGAIN,
                                   agency_id="so-xay-dung", reason="thuộc ngành xây dựng")
    assert isinstance(settled, events_pb2.DisputeSettled) and settled.agency_id == "so-xay-dung"
    assert isinstance(assigned, events_pb2.InquiryAssigned)
    assert (assigned.agency_id, assigned.rule_id, assigned.previous_agency_id) == (
        "so-xay-dung", "dispute-settled", WARD)
    assert settled.deadline == assigned.deadline and inquiry.status == "assigned"
    assert from_timestamp(assigned.deadline.due_time) > inquiry.clock.now() + timedelta(days=5)


def test_the_same_agency_answers_again_when_none_is_named() -> None:
    inquiry = disputed()
    _, assigned = inquiry.do(commands_pb2.SettleDispute, actor=OPERATOR, resolution=AGAIN,
                             reason="trả lời lại")
    assert assigned.agency_id == WARD  # type: ignore[attr-defined]


@pytest.mark.parametrize(("fields", "reason"), [
    ({"resolution": STANDS}, "a reason for the settlement"),
    ({"resolution": 0, "reason": "r"}, "answer_stands or answer_again"),
    ({"resolution": STANDS, "reason": "r", "agency_id": "so-y-te"}, "only for answer_again"),
    ({"resolution": AGAIN, "reason": "r", "agency_id": "bao-tuoi-tre"}, "does not answer"),
])
def test_a_settlement_must_be_complete(fields: dict[str, object], reason: str) -> None:
    inquiry = disputed()
    assert reason in inquiry.rejection(commands_pb2.SettleDispute, actor=OPERATOR, **fields)
    assert inquiry.status == "reopened"


@pytest.mark.parametrize("status", ["assigned", "answered", "closed"])
def test_only_a_disputed_inquiry_can_be_settled(status: str) -> None:
    reason = in_state(status).rejection(commands_pb2.SettleDispute, actor=OPERATOR,
                                        resolution=STANDS, reason="r")
    assert "cannot settle a dispute on" in reason
