"""Operators' and the coordinating office's actions (reassign, close, settle a dispute) and the
submitter's dispute, over REST and gRPC; what the public sees by tracking code."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import grpc
import pytest

from citycomm.v1 import commands_pb2, common_pb2, intake_pb2, reporting_pb2
from citycomm_intake.domain.principals import Role
from tests.unit.test_intake_grpc import Rig as GrpcRig
from tests.unit.test_intake_grpc import rig as grpc_rig  # noqa: F401  (the gRPC fixture)
from tests.unit.test_intake_rest import FEEDBACK, PRESS, Rig, make_rig

COORDINATOR = "so-van-hoa-the-thao"  # config/directory.yaml
CITY_OFFICE = "van-phong-ubnd-tp"  # the coordinator's supervisor
ACTIONS = [
    ("reassign", {"agency_id": "so-y-te", "reason": "Thuộc ngành y tế"}, commands_pb2.ReassignInquiry),
    ("close", {"reason": "Trùng lặp"}, commands_pb2.CloseInquiry),
    ("settle-dispute", {"resolution": "answer_stands", "reason": "Đã trả lời đủ"},
     commands_pb2.SettleDispute),
]
OVERSEERS = [(Role.OPERATOR, "ops"), (Role.AGENCY, COORDINATOR), (Role.AGENCY, CITY_OFFICE)]
OTHERS = [(Role.AGENCY, "so-xay-dung"), (Role.PRESS_AGENCY, "bao-tuoi-tre"),
          (Role.PRESS_CENTER, "trung-tam-bao-chi"), (Role.OPEN311_CLIENT, "app")]


@pytest.fixture
def rig() -> Iterator[Rig]:
    yield from make_rig()


@pytest.mark.parametrize(("action", "body", "command_type"), ACTIONS)
@pytest.mark.parametrize(("role", "party"), OVERSEERS)
def test_operators_and_the_coordinating_office_act_on_any_inquiry(
        rig: Rig, action: str, body: dict[str, Any], command_type: type, role: Role, party: str) -> None:
    response = rig.client.post(f"/v1/inquiries/inq-1/{action}", json=body,
                               headers={**rig.key(role, party), "Idempotency-Key": "a-1"})
    assert response.status_code == 202, response.text
    [command] = rig.publisher.commands
    assert isinstance(command, command_type) and command.reason == body["reason"]
    assert (command.inquiry_id, command.actor.id) == ("inq-1", party)
    assert command.command_id == response.json()["command_id"]
    again = rig.client.post(f"/v1/inquiries/inq-1/{action}", json=body,
                            headers={**rig.key(role, party), "Idempotency-Key": "a-1"})
    assert again.json()["command_id"] == command.command_id  # a retry is the same command


@pytest.mark.parametrize(("action", "body", "command_type"), ACTIONS)
@pytest.mark.parametrize(("role", "party"), OTHERS)
def test_everyone_else_is_refused_403_in_english_and_vietnamese(
        rig: Rig, action: str, body: dict[str, Any], command_type: type, role: Role, party: str) -> None:
    response = rig.client.post(f"/v1/inquiries/inq-1/{action}", json=body, headers=rig.key(role, party))
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert "coordinating office" in problem["detail"] and "cơ quan điều phối" in problem["detail_vi"]
    assert rig.client.post(f"/v1/inquiries/inq-1/{action}", json=body).status_code == 401
    assert not rig.publisher.commands


def test_a_settlement_is_checked_before_it_is_recorded(rig: Rig) -> None:
    operator = rig.key(Role.OPERATOR, "ops")
    url = "/v1/inquiries/inq-1/settle-dispute"
    stands_to = {"resolution": "answer_stands", "reason": "r", "agency_id": "so-y-te"}
    assert rig.client.post(url, json=stands_to, headers=operator).status_code == 422
    maybe = {"resolution": "maybe", "reason": "r"}
    assert rig.client.post(url, json=maybe, headers=operator).status_code == 422
    again = rig.client.post(url, json={"resolution": "answer_again", "reason": "r", "agency_id": "so-y-te"},
                            headers=operator)
    assert again.status_code == 202
    [command] = rig.publisher.commands
    assert command.resolution == common_pb2.DISPUTE_RESOLUTION_ANSWER_AGAIN and command.agency_id == "so-y-te"


@pytest.mark.parametrize(("role", "party", "status"), [
    (Role.PRESS_AGENCY, "bao-tuoi-tre", 202), (Role.PRESS_CENTER, "trung-tam-bao-chi", 202),
    (Role.OPERATOR, "ops", 202), (Role.AGENCY, "so-xay-dung", 403), (Role.AGENCY, COORDINATOR, 403),
    (Role.OPEN311_CLIENT, "app", 403),
])
def test_the_submitter_disputes_an_answer(rig: Rig, role: Role, party: str, status: int) -> None:
    response = rig.client.post("/v1/inquiries/inq-1/dispute", json={"reason": "Chưa trả lời đúng"},
                               headers=rig.key(role, party))
    assert response.status_code == status, response.text
    if status == 202:
        [command] = rig.publisher.commands
        assert isinstance(command, commands_pb2.DisputeAnswer) and command.actor.id == party
    else:
        assert "khiếu nại" in response.json()["detail_vi"]


def test_the_coordinating_office_waiting_on_its_action_hears_routings_reason(rig: Rig) -> None:
    headers = {**rig.key(Role.AGENCY, COORDINATOR), "Idempotency-Key": "r-1"}
    url, body = "/v1/inquiries/inq-x/reassign", {"agency_id": "so-y-te", "reason": "r"}
    command_id = rig.client.post(url, json=body, headers=headers).json()["command_id"]
    rig.reporting.outcomes[command_id] = reporting_pb2.CommandOutcome(
        command_id=command_id, outcome_state=common_pb2.COMMAND_OUTCOME_STATE_REJECTED,
        reason="cannot reassign: the inquiry is closed",
        inquiry_id="inq-x", event_type="citycomm.v1.CommandRejected")
    decided = rig.client.post(url, json=body, headers={**headers, "Prefer": "wait=2"})
    assert decided.status_code == 200 and decided.json()["reason"] == "cannot reassign: the inquiry is closed"


def test_the_openapi_lists_each_action_with_its_statuses(rig: Rig) -> None:
    paths = rig.client.get("/openapi.json").json()["paths"]
    for action in ("reassign", "close", "settle-dispute", "dispute"):
        answers = paths[f"/v1/inquiries/{{inquiry_id}}/{action}"]["post"]["responses"]
        assert {"200", "202", "401", "403", "422", "503"} <= set(answers), (action, answers)


def _seen_publicly(rig: Rig) -> str:
    """A press request another agency tried to answer; what its tracking code shows."""
    response = rig.submit(PRESS, headers=rig.key(Role.PRESS_AGENCY, "bao-tuoi-tre"))
    rig.reporting.project(rig.publisher.commands[-1], "so-xay-dung")
    status = rig.reporting.inquiries_by_id[response.json()["inquiry_id"]]
    status.last_rejection = "only the assigned agency may answer it; agency so-y-te is not"
    return str(response.json()["tracking_code"])


def test_tracking_shows_no_rejected_command_and_no_submitter(rig: Rig) -> None:
    code = _seen_publicly(rig)
    tracked = rig.client.get(f"/v1/track/{code}")
    assert tracked.status_code == 200 and tracked.json()["agency_id"] == "so-xay-dung"
    assert "so-y-te" not in tracked.text and "last_rejection" not in tracked.json()
    assert "bao-tuoi-tre" not in tracked.text
    open311 = rig.client.get(f"/open311/v2/requests/{code}.json")
    assert open311.status_code == 200 and "so-y-te" not in open311.text, open311.text
    schema = rig.client.get("/openapi.json").json()["paths"]["/v1/track/{code}"]["get"]
    assert "PublicInquiryView" in str(schema["responses"]["200"])


def test_the_assigned_agency_still_sees_the_last_rejection(rig: Rig) -> None:
    response = rig.submit(FEEDBACK)
    rig.reporting.project(rig.publisher.commands[-1], "ubnd-26740")
    rig.reporting.inquiries_by_id[response.json()["inquiry_id"]].last_rejection = "already acknowledged"
    found = rig.client.get(f"/v1/inquiries/{response.json()['inquiry_id']}",
                           headers=rig.key(Role.AGENCY, "ubnd-26740"))
    assert found.json()["last_rejection"] == "already acknowledged"


async def test_grpc_doors_for_the_same_actions(grpc_rig: GrpcRig) -> None:  # noqa: F811
    operator, press = grpc_rig.auth(Role.OPERATOR, "ops"), grpc_rig.auth(Role.PRESS_AGENCY, "bao-tuoi-tre")
    stub = grpc_rig.stub
    await stub.Reassign(intake_pb2.ReassignRequest(inquiry_id="i", agency_id="so-y-te", reason="r"),
                        metadata=operator)
    await stub.Close(intake_pb2.CloseRequest(inquiry_id="i", reason="r"), metadata=operator)
    await stub.SettleDispute(intake_pb2.SettleDisputeRequest(
        inquiry_id="i", resolution="answer_again", reason="r"), metadata=operator)
    await stub.DisputeAnswer(intake_pb2.DisputeRequest(inquiry_id="i", reason="r"), metadata=press)
    types = [type(c) for c in grpc_rig.publisher.commands]
    assert types == [commands_pb2.ReassignInquiry, commands_pb2.CloseInquiry, commands_pb2.SettleDispute,
                     commands_pb2.DisputeAnswer]
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stub.Close(intake_pb2.CloseRequest(inquiry_id="i", reason="r"), metadata=press)
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.aio.AioRpcError) as invalid:
        await stub.SettleDispute(intake_pb2.SettleDisputeRequest(inquiry_id="i", resolution="x", reason="r"),
                                 metadata=operator)
    assert invalid.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "resolution" in (invalid.value.details() or "")


async def test_grpc_tracking_code_look_up_is_public(grpc_rig: GrpcRig) -> None:  # noqa: F811
    grpc_rig.reporting.inquiries_by_id["i"] = reporting_pb2.InquiryStatus(
        inquiry_id="i", tracking_code="AAAA-BBBB-CCCC", agency_id="so-xay-dung",
        lifecycle_status=common_pb2.LIFECYCLE_STATUS_ASSIGNED,
        last_rejection="so-y-te may not answer it", submitted_by=common_pb2.Actor(
            role=common_pb2.ROLE_PRESS_AGENCY, id="bao-tuoi-tre"))
    found = await grpc_rig.stub.GetInquiry(reporting_pb2.GetInquiryRequest(tracking_code="AAAA-BBBB-CCCC"))
    assert found.agency_id == "so-xay-dung" and not found.last_rejection
    assert not found.HasField("submitted_by")
