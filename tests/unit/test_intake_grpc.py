"""gRPC IntakeService on a real server with in-memory adapters: submit, bulk stream, look-ups, actions."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from citycomm.v1 import commands_pb2, common_pb2, intake_pb2, intake_pb2_grpc, reporting_pb2
from citycomm_common.clock import FakeClock
from citycomm_dev.broker import free_port
from citycomm_intake.app import start_grpc
from citycomm_intake.domain.principals import Role
from citycomm_intake.entrypoints import grpc_server
from citycomm_intake.settings import IntakeSettings
from tests.support import intake_fakes
from tests.support.intake_fakes import FakePublisher, FakeReporting, MemoryKeys

NOW = datetime(2026, 3, 12, 3, 0, tzinfo=UTC)
Submission = intake_pb2.Submission


@dataclass
class Rig:
    stub: intake_pb2_grpc.IntakeServiceStub
    channel: grpc.aio.Channel
    publisher: FakePublisher
    reporting: FakeReporting
    keys: MemoryKeys
    server: grpc_server.GrpcServer

    def auth(self, role: Role, party: str = "") -> tuple[tuple[str, str], ...]:
        return (("authorization", f"Bearer {self.keys.issue(role, party)}"),)


@pytest.fixture
async def rig() -> AsyncIterator[Rig]:
    settings = IntakeSettings(grpc_port=free_port(), max_bulk_items=5)
    publisher, reporting, keys = FakePublisher(), FakeReporting(), MemoryKeys()
    container = intake_fakes.container(
        settings, publisher=publisher, reporting=reporting, keys=keys, clock=FakeClock(NOW)
    )
    server = await start_grpc(container)
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{settings.grpc_port}")
    yield Rig(intake_pb2_grpc.IntakeServiceStub(channel), channel, publisher, reporting, keys, server)
    await channel.close()
    await server.stop()


def question(n: int, key: str | None = None, agency: str = "so-y-te") -> Submission:
    return Submission(
        idempotency_key=key if key is not None else f"q-{n}",
        briefing_question=Submission.BriefingQuestion(
            briefing_date="2026-03-12",
            agency_id=agency,
            title=f"Câu hỏi {n}",
            question="Tình hình sốt xuất huyết?",
            asked_by="Báo Thanh Niên",
        ),
    )


FEEDBACK = Submission(
    idempotency_key="f-1",
    citizen_feedback=Submission.CitizenFeedback(
        category="noise", ward="26740", title="Karaoke", description="Ồn ào sau 22 giờ"
    ),
)


async def test_a_press_request_is_submitted_with_its_key(rig: Rig) -> None:
    request = Submission(
        idempotency_key="p-1",
        press_request=Submission.PressRequest(
            agency_id="so-xay-dung", title="Ngập", question="Khi nào xong?", petition_follow_up=True
        ),
    )
    receipt = await rig.stub.Submit(request, metadata=rig.auth(Role.PRESS_AGENCY, "bao-tuoi-tre"))
    [command] = rig.publisher.commands
    assert command.inquiry_id == receipt.inquiry_id and command.channel == "grpc"
    assert dict(command.attributes) == {"petition_follow_up": "true"}


async def test_citizens_submit_anonymously_but_not_press_requests(rig: Rig) -> None:
    receipt = await rig.stub.Submit(FEEDBACK)
    assert receipt.tracking_code and rig.publisher.commands[0].ward_code == "26740"
    with pytest.raises(grpc.aio.AioRpcError) as denied:
        await rig.stub.Submit(
            Submission(
                idempotency_key="x",
                press_request=Submission.PressRequest(agency_id="so-xay-dung", title="t", question="q"),
            )
        )
    assert denied.value.code() == grpc.StatusCode.PERMISSION_DENIED


async def test_unavailable_carries_the_key_a_citizen_retries_with(rig: Rig) -> None:
    unkeyed = Submission(citizen_feedback=FEEDBACK.citizen_feedback)
    rig.publisher.lands_late = True
    with pytest.raises(grpc.aio.AioRpcError) as unavailable:
        await rig.stub.Submit(unkeyed)
    assert unavailable.value.code() == grpc.StatusCode.UNAVAILABLE
    trailing = dict(unavailable.value.trailing_metadata() or ())
    assert trailing["retry-after"] and trailing["idempotency-key"] in unavailable.value.details()
    rig.publisher.lands_late = False
    unkeyed.idempotency_key = trailing["idempotency-key"]
    receipt = await rig.stub.Submit(unkeyed)
    assert (receipt.inquiry_id, receipt.tracking_code) == (trailing["inquiry-id"], trailing["tracking-code"])
    assert {c.inquiry_id for c in rig.publisher.commands} == {receipt.inquiry_id}


async def test_an_idempotency_key_is_what_rest_takes_so_a_503_can_hand_it_back(rig: Rig) -> None:
    rig.publisher.lands_late = True  # a non-ASCII key could not go back in metadata: INTERNAL
    for key in ("khóa-1", "a b", "k" * 201):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await rig.stub.Submit(Submission(idempotency_key=key, citizen_feedback=FEEDBACK.citizen_feedback))
        assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert "idempotency_key" in refused.value.details()
    center = rig.auth(Role.PRESS_CENTER, "trung-tam-bao-chi")
    response = await rig.stub.BulkSubmit(iter([question(0, key="câu-1")]), metadata=center)
    assert response.results[0].error_code == "invalid" and not rig.publisher.commands


async def test_invalid_fields_are_named_in_invalid_argument(rig: Rig) -> None:
    bad = Submission(
        idempotency_key="i",
        information_request=Submission.InformationRequest(
            agency_id="so-tai-chinh",
            title="Ngân sách",
            description="Dự toán",
            channel="fax",
            requester=common_pb2.Contact(name="A"),
        ),
    )
    with pytest.raises(grpc.aio.AioRpcError) as invalid:
        await rig.stub.Submit(bad)
    assert invalid.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "information_request.channel" in (invalid.value.details() or "")
    with pytest.raises(grpc.aio.AioRpcError) as unknown:
        await rig.stub.Submit(FEEDBACK, metadata=(("authorization", "Bearer cck_x_y"),))
    assert unknown.value.code() == grpc.StatusCode.UNAUTHENTICATED


async def test_bulk_reports_every_item_and_accepts_the_valid_ones(rig: Rig) -> None:
    center = rig.auth(Role.PRESS_CENTER, "trung-tam-bao-chi")
    items = [question(0), question(1, agency="bao-tuoi-tre"), question(2, key=""), question(3)]
    response = await rig.stub.BulkSubmit(iter(items), metadata=center)
    assert (response.received, response.accepted, response.failed) == (4, 2, 2)
    assert [r.index for r in response.results] == [0, 1, 2, 3]
    assert [r.accepted for r in response.results] == [True, False, False, True]
    assert (
        response.results[1].error_code == "invalid" and response.results[1].violations[0].field == "agency_id"
    )
    assert response.results[2].violations[0].field == "idempotency_key"
    assert {c.inquiry_id for c in rig.publisher.commands} == {
        response.results[0].receipt.inquiry_id,
        response.results[3].receipt.inquiry_id,
    }
    again = await rig.stub.BulkSubmit(iter([question(0), question(3)]), metadata=center)
    assert [r.receipt.inquiry_id for r in again.results] == [
        response.results[0].receipt.inquiry_id,
        response.results[3].receipt.inquiry_id,
    ]


async def test_bulk_stops_reading_after_its_limit_and_says_so(rig: Rig) -> None:
    center = rig.auth(Role.PRESS_CENTER, "trung-tam-bao-chi")
    response = await rig.stub.BulkSubmit(iter([question(n) for n in range(8)]), metadata=center)
    assert response.received == 6 and response.accepted == 5
    assert response.results[5].error_code == "too_many_items" and response.results[5].index == 5


async def test_bulk_with_the_broker_down_fails_each_item_visibly(rig: Rig) -> None:
    rig.publisher.down = True
    center = rig.auth(Role.PRESS_CENTER, "trung-tam-bao-chi")
    response = await rig.stub.BulkSubmit(iter([question(0), question(1)]), metadata=center)
    assert response.accepted == 0 and {r.error_code for r in response.results} == {"unavailable"}


async def test_bulk_needs_a_key_and_the_right_role(rig: Rig) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as anonymous:
        await rig.stub.BulkSubmit(iter([question(0)]))
    assert anonymous.value.code() == grpc.StatusCode.UNAUTHENTICATED
    press = await rig.stub.BulkSubmit(
        iter([question(0)]), metadata=rig.auth(Role.PRESS_AGENCY, "bao-tuoi-tre")
    )
    assert press.results[0].error_code == "forbidden"


async def test_look_ups_are_scoped_to_the_caller(rig: Rig) -> None:
    press = rig.auth(Role.PRESS_AGENCY, "bao-tuoi-tre")
    request = Submission(
        idempotency_key="p-1",
        press_request=Submission.PressRequest(
            agency_id="so-xay-dung", title="Ngập", question="Khi nào xong?"
        ),
    )
    receipt = await rig.stub.Submit(request, metadata=press)
    rig.reporting.project(rig.publisher.commands[-1], "so-xay-dung")
    by_id = reporting_pb2.GetInquiryRequest(inquiry_id=receipt.inquiry_id)
    assert (await rig.stub.GetInquiry(by_id, metadata=press)).agency_id == "so-xay-dung"
    with pytest.raises(grpc.aio.AioRpcError) as hidden:
        await rig.stub.GetInquiry(by_id, metadata=rig.auth(Role.AGENCY, "so-y-te"))
    assert hidden.value.code() == grpc.StatusCode.NOT_FOUND
    by_code = reporting_pb2.GetInquiryRequest(tracking_code=receipt.tracking_code)
    assert (await rig.stub.GetInquiry(by_code)).inquiry_id == receipt.inquiry_id
    mine = await rig.stub.ListInquiries(intake_pb2.ListOwnInquiriesRequest(), metadata=press)
    assert [s.inquiry_id for s in mine.inquiries] == [receipt.inquiry_id]
    builders = await rig.stub.ListInquiries(
        intake_pb2.ListOwnInquiriesRequest(), metadata=rig.auth(Role.AGENCY, "so-xay-dung")
    )
    assert len(builders.inquiries) == 1
    with pytest.raises(grpc.aio.AioRpcError) as forbidden:
        await rig.stub.ListInquiries(
            intake_pb2.ListOwnInquiriesRequest(agency_id="so-xay-dung"), metadata=press
        )
    assert forbidden.value.code() == grpc.StatusCode.PERMISSION_DENIED


async def test_agency_actions_are_commands_with_an_optional_wait(rig: Rig) -> None:
    agency = rig.auth(Role.AGENCY, "so-xay-dung")
    receipt = await rig.stub.Answer(
        intake_pb2.AnswerRequest(
            inquiry_id="inq-1", answer="Từ chối", refused=True, refusal_ground="draft_policy"
        ),
        metadata=agency,
    )
    [command] = rig.publisher.commands
    assert isinstance(command, commands_pb2.AnswerInquiry) and command.refusal_ground == "draft_policy"
    assert receipt.command_id == command.command_id and receipt.state == "recorded"
    rig.reporting.outcomes["fixed"] = reporting_pb2.CommandOutcome(
        command_id="fixed", outcome_state=common_pb2.COMMAND_OUTCOME_STATE_ACCEPTED, inquiry_id="inq-1")
    rig.reporting.inquiries_by_id["inq-1"] = reporting_pb2.InquiryStatus(
        inquiry_id="inq-1", agency_id="so-xay-dung")
    waited = await rig.stub.RequestExtension(
        intake_pb2.ExtensionRequest(inquiry_id="inq-1", reason="Cần thêm thời gian", wait_seconds=1),
        metadata=agency,
    )
    assert waited.state == "recorded"  # nothing decided it within the second
    for call, request in (
        (rig.stub.Acknowledge, intake_pb2.AcknowledgeRequest(inquiry_id="inq-1")),
        (rig.stub.RequestTransfer, intake_pb2.TransferRequest(inquiry_id="inq-1", reason="Sai")),
    ):
        with pytest.raises(grpc.aio.AioRpcError) as denied:
            await call(request, metadata=rig.auth(Role.PRESS_AGENCY, "bao-tuoi-tre"))
        assert denied.value.code() == grpc.StatusCode.PERMISSION_DENIED
    outcome = await rig.stub.GetCommandOutcome(
        reporting_pb2.GetCommandOutcomeRequest(command_id="fixed"), metadata=agency
    )
    assert outcome.state == "accepted"


async def _rejected_while_waiting(rig: Rig, inquiry: str, reason: str) -> intake_pb2.CommandReceipt:
    """so-y-te acknowledges `inquiry` waiting for the outcome; routing (played here) rejects it."""
    metadata = (*rig.auth(Role.AGENCY, "so-y-te"), ("idempotency-key", f"ack-{inquiry}"))
    first = await rig.stub.Acknowledge(intake_pb2.AcknowledgeRequest(inquiry_id=inquiry), metadata=metadata)
    rig.reporting.outcomes[first.command_id] = reporting_pb2.CommandOutcome(
        command_id=first.command_id, outcome_state=common_pb2.COMMAND_OUTCOME_STATE_REJECTED,
        reason=reason, inquiry_id=inquiry,
        event_type="citycomm.v1.CommandRejected")
    return await rig.stub.Acknowledge(  # type: ignore[no-any-return]
        intake_pb2.AcknowledgeRequest(inquiry_id=inquiry, wait_seconds=2), metadata=metadata)


async def test_a_wait_answers_alike_for_another_agencys_inquiry_and_a_missing_one(rig: Rig) -> None:
    rig.reporting.inquiries_by_id["inq-theirs"] = reporting_pb2.InquiryStatus(
        inquiry_id="inq-theirs", agency_id="so-xay-dung")
    theirs = await _rejected_while_waiting(
        rig, "inq-theirs", "so-y-te may not acknowledge: the inquiry is assigned to so-xay-dung")
    missing = await _rejected_while_waiting(rig, "inq-nope", "no inquiry 'inq-nope' is known")
    for receipt in (theirs, missing):
        receipt.ClearField("command_id")
        receipt.ClearField("inquiry_id")
    assert theirs == missing and theirs.state == "rejected" and "so-xay-dung" not in theirs.reason


async def test_health_follows_the_watch_and_reflection_lists_the_service(rig: Rig) -> None:
    health = health_pb2_grpc.HealthStub(rig.channel)
    service = "citycomm.v1.IntakeService"
    before = await health.Check(health_pb2.HealthCheckRequest(service=service))
    assert before.status == health_pb2.HealthCheckResponse.NOT_SERVING
    await rig.server.health.set(True)
    after = await health.Check(health_pb2.HealthCheckRequest(service=service))
    assert after.status == health_pb2.HealthCheckResponse.SERVING
    reflection = reflection_pb2_grpc.ServerReflectionStub(rig.channel)
    responses = reflection.ServerReflectionInfo(
        iter([reflection_pb2.ServerReflectionRequest(list_services="")])
    )
    names = [s.name async for r in responses for s in r.list_services_response.service]
    assert service in names and "grpc.health.v1.Health" in names
