"""Transfers (an agency declines), their limit and escalation, and operators' reassignment."""

from __future__ import annotations

from datetime import timedelta

from citycomm.v1 import commands_pb2, common_pb2, events_pb2
from citycomm_common.contracts import from_timestamp
from tests.unit.test_routing_transitions import CONTAINER, OPERATOR, WARD, Inquiry, agency

PRESS = common_pb2.Actor(role=common_pb2.ROLE_PRESS_AGENCY, id="bao-tuoi-tre")


def decline(inquiry: Inquiry, **fields: object) -> list[object]:
    assert inquiry.state is not None
    return inquiry.do(commands_pb2.RequestTransfer, actor=agency(inquiry.state.agency_id),
                      reason="không thuộc thẩm quyền", **fields)


def test_a_declined_inquiry_is_rerouted_without_the_decliner() -> None:
    inquiry = Inquiry()
    requested, assigned = decline(inquiry)
    assert isinstance(requested, events_pb2.TransferRequested) and requested.agency_id == WARD
    assert isinstance(assigned, events_pb2.InquiryAssigned)
    assert assigned.agency_id == "so-nong-nghiep-moi-truong"
    assert (assigned.previous_agency_id, assigned.transfers) == (WARD, 1)
    assert inquiry.state is not None and list(inquiry.state.declined_agency_ids) == [WARD]
    assert inquiry.status == "assigned"


def test_the_new_agency_gets_a_deadline_from_its_own_receipt() -> None:
    inquiry = Inquiry()
    assert inquiry.state is not None
    first_due = from_timestamp(inquiry.state.deadline.due_time)
    inquiry.clock.advance(timedelta(days=2))
    _, assigned = decline(inquiry)
    assert from_timestamp(assigned.deadline.due_time) > first_due  # type: ignore[attr-defined]


def test_a_transfer_needs_a_reason() -> None:
    inquiry = Inquiry()
    reason = inquiry.rejection(commands_pb2.RequestTransfer, actor=agency(), reason=" ")
    assert "reason" in reason


def test_the_decliners_suggestion_is_followed_when_it_can_answer() -> None:
    inquiry = Inquiry()
    _, assigned = decline(inquiry, suggested_agency_id="so-xay-dung")
    assert isinstance(assigned, events_pb2.InquiryAssigned)
    assert (assigned.agency_id, assigned.rule_id) == ("so-xay-dung", "suggested-by-decliner")
    _, again = decline(inquiry, suggested_agency_id="bao-tuoi-tre")  # a newspaper cannot answer
    assert again.agency_id not in ("bao-tuoi-tre", "so-xay-dung", WARD)  # type: ignore[attr-defined]


def test_after_the_limit_it_goes_to_the_coordinator_and_is_escalated() -> None:
    inquiry = Inquiry()
    limit = inquiry.container.rules.max_transfers
    for suggested in ["so-xay-dung", "so-y-te", "so-tu-phap", "so-noi-vu"][:limit - 1]:
        events = decline(inquiry, suggested_agency_id=suggested)
        assert not any(isinstance(e, events_pb2.InquiryEscalated) for e in events)
    requested, escalated, assigned = decline(inquiry)
    assert isinstance(escalated, events_pb2.InquiryEscalated)
    coordinator = inquiry.container.directory.current.coordinator
    assert escalated.agency_id == coordinator and coordinator in escalated.escalated_to
    assert "van-phong-ubnd-tp" in escalated.escalated_to  # the supervisor of the decliners
    assert isinstance(assigned, events_pb2.InquiryAssigned)
    assert (assigned.agency_id, assigned.rule_id, assigned.transfers) == (
        coordinator, "transfer-limit", limit)
    assert assigned.deadline.policy_id == "feedback-1022-unclear-guidance"


def test_an_operator_reassigns_by_hand_without_counting_a_transfer() -> None:
    inquiry = Inquiry()
    [assigned] = inquiry.do(commands_pb2.ReassignInquiry, actor=OPERATOR, agency_id="so-y-te",
                            reason="thuộc ngành y tế")
    assert isinstance(assigned, events_pb2.InquiryAssigned)
    assert (assigned.agency_id, assigned.rule_id, assigned.transfers) == (
        "so-y-te", "operator-reassign", 0)
    assert "thuộc ngành y tế" in assigned.reason and assigned.previous_agency_id == WARD


def test_reassignment_is_for_operators_and_to_agencies_that_answer() -> None:
    inquiry = Inquiry()
    assert "only an operator or the coordinating office" in inquiry.rejection(
        commands_pb2.ReassignInquiry, actor=agency(), agency_id="so-y-te", reason="r")
    assert "no agency 'khong-co'" in inquiry.rejection(
        commands_pb2.ReassignInquiry, actor=OPERATOR, agency_id="khong-co", reason="r")
    assert "does not answer" in inquiry.rejection(
        commands_pb2.ReassignInquiry, actor=OPERATOR, agency_id="bao-tuoi-tre", reason="r")
    assert "already assigned" in inquiry.rejection(
        commands_pb2.ReassignInquiry, actor=OPERATOR, agency_id=WARD, reason="r")


def test_the_coordinator_can_place_an_unclear_inquiry_by_reassigning_it() -> None:
    inquiry = Inquiry(category="", title="Câu hỏi chung", description="")
    assert inquiry.state is not None and inquiry.state.rule_id == "unclear-responsibility"
    [assigned] = inquiry.do(commands_pb2.ReassignInquiry, actor=OPERATOR, agency_id="so-tu-phap",
                            reason="hướng dẫn")
    assert assigned.deadline.policy_id == "feedback-1022-reply"  # type: ignore[attr-defined]


def test_when_the_coordinator_declines_at_the_limit_its_supervisor_gets_it() -> None:
    coordinator = CONTAINER.directory.current.coordinator
    inquiry = Inquiry(common_pb2.INQUIRY_KIND_PRESS_REQUEST, submitted_by=PRESS,
                      target_agency_id=coordinator, category="", ward_code="")
    assert inquiry.state is not None and inquiry.state.agency_id == coordinator
    decline(inquiry, suggested_agency_id="so-y-te")  # as the agency named, not as coordinator
    decline(inquiry, suggested_agency_id="so-tu-phap")
    events = decline(inquiry)
    assigned = events[-1]
    assert isinstance(assigned, events_pb2.InquiryAssigned)
    assert (assigned.agency_id, assigned.rule_id) == ("van-phong-ubnd-tp", "transfer-limit")
