"""Routing's decisions for a submission: which agency, which deadline, which events."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from citycomm.v1 import commands_pb2, common_pb2, events_pb2
from citycomm_common import contracts
from citycomm_common.clock import FakeClock
from citycomm_common.vocabulary import CITY_ZONE
from citycomm_routing import bootstrap
from citycomm_routing.domain.lifecycle.decide import decide
from tests.support import routing_fakes

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)  # Thursday 10:00 in Ho Chi Minh City


@pytest.fixture(scope="module")
def container() -> bootstrap.Container:
    return routing_fakes.container(clock=FakeClock(NOW))


def feedback(category: str, ward: str = "26740", **extra: str) -> commands_pb2.SubmitInquiry:
    return commands_pb2.SubmitInquiry(
        command_id="cmd-1", inquiry_id="inq-1", tracking_code="AAAA-BBBB-CCCC",
        kind=common_pb2.INQUIRY_KIND_CITIZEN_FEEDBACK, received_time=contracts.to_timestamp(NOW),
        category=category, ward_code=ward, title="t", description="d", **extra)


def test_ward_level_feedback_goes_to_the_wards_peoples_committee(container: bootstrap.Container) -> None:
    decision = decide(None, feedback("noise"), container.context.current())
    assert decision.state is not None and decision.state.agency_id == "ubnd-26740"
    submitted, assigned = (message for _, message in decision.events)
    assert isinstance(submitted, events_pb2.InquirySubmitted)
    assert isinstance(assigned, events_pb2.InquiryAssigned)
    assert assigned.rule_id == "ward-level"
    assert contracts.from_timestamp(assigned.deadline.due_time) == datetime(
        2026, 12, 10, 23, 59, 59, 999999, tzinfo=CITY_ZONE)
    assert assigned.deadline.legal_basis


def test_city_level_feedback_goes_to_the_department(container: bootstrap.Container) -> None:
    decision = decide(None, feedback("food-safety"), container.context.current())
    assert decision.state is not None and decision.state.agency_id == "so-an-toan-thuc-pham"


def test_unknown_category_goes_to_the_coordinator_with_a_one_hour_deadline(
        container: bootstrap.Container) -> None:
    decision = decide(None, feedback("no-such-category"), container.context.current())
    assert decision.state is not None
    assert decision.state.agency_id == container.directory.current.coordinator
    due = contracts.from_timestamp(decision.state.deadline.due_time)
    assert due - NOW == (datetime(2026, 11, 26, 4, 0, tzinfo=UTC) - NOW)


def test_a_retried_submission_changes_nothing(container: bootstrap.Container) -> None:
    first = decide(None, feedback("noise"), container.context.current())
    again = decide(first.state, feedback("noise"), container.context.current())
    assert again.state is None and again.events == []


def test_event_ids_are_derived_from_the_command(container: bootstrap.Container) -> None:
    first = decide(None, feedback("noise"), container.context.current())
    second = decide(None, feedback("noise"), container.context.current())
    assert [i for i, _ in first.events] == [i for i, _ in second.events]


def test_a_submission_without_a_valid_receipt_time_is_rejected(container: bootstrap.Container) -> None:
    command = feedback("noise")
    command.ClearField("received_time")
    command.received_at = "yesterday"  # as the previous release of intake could have written it
    as_read = contracts.parse(commands_pb2.SubmitInquiry, command.SerializeToString())
    decision = decide(None, as_read, container.context.current())
    [(_, rejected)] = decision.events
    assert isinstance(rejected, events_pb2.CommandRejected) and "RFC 3339" in rejected.reason
