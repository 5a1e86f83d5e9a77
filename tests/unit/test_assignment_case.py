"""What an assignment tells the agency: intake's command as routing turns it into InquiryAssigned."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from typing import Any, TypeVar

import pytest
from google.protobuf.message import Message

from citycomm.v1 import commands_pb2, common_pb2, events_pb2
from citycomm_common import contracts
from citycomm_common.clock import FakeClock
from citycomm_intake.domain.commands import submit_command
from citycomm_intake.domain.submissions import (
    BriefingQuestionIn,
    CitizenFeedbackIn,
    InformationRequestIn,
    MediaAlertIn,
    PressRequestIn,
)
from citycomm_routing import bootstrap
from citycomm_routing.domain.lifecycle.decide import decide
from tests.support import routing_fakes

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)  # Thursday 10:00 in Ho Chi Minh City
CENTER = common_pb2.Actor(role=common_pb2.ROLE_PRESS_CENTER, id="trung-tam-bao-chi")
TUOI_TRE = common_pb2.Actor(role=common_pb2.ROLE_PRESS_AGENCY, id="bao-tuoi-tre")
CITIZEN = common_pb2.Actor(role=common_pb2.ROLE_CITIZEN)
M = TypeVar("M", bound=Message)


@pytest.fixture(scope="module")
def container() -> bootstrap.Container:
    return routing_fakes.container(clock=FakeClock(NOW))


def through_the_broker(command: M) -> M:
    """The command as routing reads it: written with its deprecated fields, as the codec does."""
    return contracts.parse(type(command), contracts.serialize(command))


def assigned(container: bootstrap.Container, submission: Any, actor: common_pb2.Actor,
             ward_code: str = "") -> events_pb2.InquiryAssigned:
    command = through_the_broker(submit_command(
        submission, inquiry="inq-1", code="AAAA-BBBB-CCCC", ward_code=ward_code, actor=actor,
        channel="rest", received=NOW))
    decision = decide(None, command, container.context.current())
    event = decision.events[-1][1]
    assert isinstance(event, events_pb2.InquiryAssigned)
    return event


def test_a_press_request_names_the_paper_the_journalist_and_its_legal_basis(
        container: bootstrap.Container) -> None:
    event = assigned(container, PressRequestIn(
        agency_id="so-xay-dung", title="Ngập", question="Khi nào xong?", answer_on_press=True,
        links=["https://tuoitre.vn/a", "https://tuoitre.vn/b"], journalist="Trần Thị B"), TUOI_TRE)
    assert event.description == "Khi nào xong?"
    assert (event.submitted_by.role, event.submitted_by.id) == (common_pb2.ROLE_PRESS_AGENCY, "bao-tuoi-tre")
    assert (event.asked_by.party_id, event.asked_by.party_name, event.asked_by.journalist) == (
        "bao-tuoi-tre", "Báo Tuổi Trẻ", "Trần Thị B")
    assert event.details.answer_on_press and not event.details.petition_follow_up
    assert list(event.details.links) == ["https://tuoitre.vn/a", "https://tuoitre.vn/b"]


@pytest.mark.parametrize(("asked_by", "party_id", "party_name"), [
    ("Thanh Niên", "bao-thanh-nien", "Báo Thanh Niên"),  # the short name, accents and case aside
    ("bao-thanh-nien", "bao-thanh-nien", "Báo Thanh Niên"),
    ("báo THANH NIÊN", "bao-thanh-nien", "Báo Thanh Niên"),
    ("Tạp chí Không Có", "", "Tạp chí Không Có"),  # not in the directory: named as sent
])
def test_a_briefing_question_is_asked_by_the_paper_not_the_press_center(
        container: bootstrap.Container, asked_by: str, party_id: str, party_name: str) -> None:
    event = assigned(container, BriefingQuestionIn(
        briefing_date="2026-11-26", agency_id="so-y-te", title="Sốt xuất huyết", question="Số ca?",
        asked_by=asked_by, journalist="Lê C"), CENTER)
    assert (event.asked_by.party_id, event.asked_by.party_name) == (party_id, party_name)
    assert event.asked_by.journalist == "Lê C"
    assert event.submitted_by.id == "trung-tam-bao-chi"
    assert event.details.briefing_date == "2026-11-26"


def test_a_briefing_question_without_asked_by_is_the_press_centers(container: bootstrap.Container) -> None:
    event = assigned(container, BriefingQuestionIn(
        briefing_date="2026-11-26", agency_id="so-y-te", title="t", question="q"), CENTER)
    assert (event.asked_by.party_id, event.asked_by.party_name) == (
        "trung-tam-bao-chi", "Trung tâm Báo chí Thành phố Hồ Chí Minh")


def test_a_media_alert_carries_its_sources_and_when_it_appeared(container: bootstrap.Container) -> None:
    event = assigned(container, MediaAlertIn(
        title="Tin giả", description="Bài sai", source_urls=["https://example.com/p"],
        detected_at=datetime(2026, 11, 26, 1, 30, tzinfo=UTC), agency_id="so-y-te"), CENTER)
    assert list(event.details.source_urls) == ["https://example.com/p"]
    assert contracts.from_timestamp(event.details.event_time) == datetime(2026, 11, 26, 1, 30, tzinfo=UTC)
    assert event.details.urgent
    assert event.asked_by.party_id == "trung-tam-bao-chi"


def test_a_post_information_request_gives_the_address_in_the_contact_only(
        container: bootstrap.Container) -> None:
    event = assigned(container, InformationRequestIn(
        agency_id="so-tai-chinh", title="Ngân sách", description="Xin dự toán", channel="post",
        complexity="complex", requester={"name": "Nguyễn Văn A", "phone": "0901234567"},
        postal_address=unicodedata.normalize("NFD", "12  Lê Lợi,\u00a0Phường Sài Gòn")), CITIZEN)
    assert (event.details.channel, event.details.complexity) == ("post", "complex")
    assert event.contact.postal_address == "12 Lê Lợi, Phường Sài Gòn"  # NFC, spaces normalised
    assert event.contact.name == "Nguyễn Văn A"
    assert event.asked_by == common_pb2.Asker()  # a citizen is not named outside the contact
    assert event.submitted_by.role == common_pb2.ROLE_CITIZEN


def test_a_transfer_hands_the_next_agency_the_whole_case(container: bootstrap.Container) -> None:
    feedback = CitizenFeedbackIn(category="noise", ward="26740", title="Karaoke", description="Ồn",
                                 contact={"name": "A", "email": "a@example.com"})
    first = through_the_broker(submit_command(
        feedback, inquiry="inq-2", code="AAAA-BBBB-DDDD", ward_code="26740", actor=CITIZEN,
        channel="rest", received=NOW))
    decision = decide(None, first, container.context.current())
    assert decision.state is not None
    transfer = commands_pb2.RequestTransfer(
        command_id="t-1", inquiry_id="inq-2", issued_time=contracts.to_timestamp(NOW),
        reason="không thuộc thẩm quyền",
        actor=common_pb2.Actor(role=common_pb2.ROLE_AGENCY, id=decision.state.agency_id))
    event = decide(decision.state, transfer, container.context.current()).events[-1][1]
    assert isinstance(event, events_pb2.InquiryAssigned)
    assert event.description == "Ồn" and event.contact.email == "a@example.com"
    assert event.submitted_by.role == common_pb2.ROLE_CITIZEN
