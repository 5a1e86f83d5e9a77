"""Intake on the typed contracts, with either release on the other side: reporting answering in the
deprecated fields only (the previous release) or in both, and gRPC clients sending the old fields.
The JSON people and integrators read is the same either way."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import grpc
import httpx
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from citycomm.v1 import commands_pb2, common_pb2, intake_pb2, reporting_pb2, reporting_pb2_grpc
from citycomm_common import codec
from citycomm_common.clock import FakeClock
from citycomm_common.contracts import legacy_only, to_timestamp, with_legacy
from citycomm_common.vocabulary import CITY_ZONE
from citycomm_dev.broker import free_port
from citycomm_intake.adapters.reporting_client import ReportingClient
from citycomm_intake.app import create_app
from citycomm_intake.domain.principals import Role
from citycomm_intake.settings import IntakeSettings
from tests.support import intake_fakes
from tests.unit.test_intake_grpc import Rig, rig  # noqa: F401
from tests.unit.test_intake_rest import ALERT, NOW, PRESS
from tests.unit.test_intake_rest import Rig as RestRig
from tests.unit.test_intake_rest import rig as rest_rig  # noqa: F401

ASSIGNED = reporting_pb2.InquiryStatus(
    inquiry_id="inq-1", tracking_code="AAAA-BBBB-CCCC", kind=common_pb2.INQUIRY_KIND_CITIZEN_FEEDBACK,
    lifecycle_status=common_pb2.LIFECYCLE_STATUS_ASSIGNED, agency_id="ubnd-26740",
    due_time=to_timestamp(datetime(2026, 3, 20, 17, tzinfo=CITY_ZONE)), policy_id="feedback",
    received_time=to_timestamp(NOW), updated_time=to_timestamp(datetime(2026, 3, 12, 3, 0, 5, 250000, UTC)),
    category="noise", ward_code="26740", title="Karaoke",
    submitted_by=common_pb2.Actor(role=common_pb2.ROLE_PRESS_AGENCY, id="bao-tuoi-tre"),
    details=common_pb2.InquiryDetails(
        urgent=True, event_time=to_timestamp(datetime(2026, 3, 12, 8, 30, tzinfo=CITY_ZONE))),
)
OUTCOME = reporting_pb2.CommandOutcome(
    command_id="cmd-1", outcome_state=common_pb2.COMMAND_OUTCOME_STATE_ACCEPTED, inquiry_id="inq-1",
    event_type="citycomm.v1.InquiryAcknowledged",
)
# What the REST API and Open311 answered before the contracts were typed, byte for byte.
TRACKED: dict[str, Any] = {
    "inquiry_id": "inq-1", "tracking_code": "AAAA-BBBB-CCCC", "kind": "citizen_feedback",
    "status": "assigned", "agency_id": "ubnd-26740", "agency_name": None, "co_handling_agency_ids": [],
    "due_at": "2026-03-20T10:00:00Z", "policy_id": "feedback", "legal_basis": None, "overdue": False,
    "received_at": "2026-03-12T03:00:00Z", "updated_at": "2026-03-12T03:00:05.250000Z",
    "category": "noise", "ward_code": "26740", "title": "Karaoke", "answer": None, "refused": False,
    "refusal_ground": None, "answered_at": None,
}
OPEN311_TIMES = {
    "status": "open", "extended_status": "assigned", "requested_datetime": "2026-03-12T03:00:00Z",
    "updated_datetime": "2026-03-12T03:00:05.250000Z", "expected_datetime": "2026-03-20T10:00:00Z",
}


def _copy(message: Any) -> Any:
    copy = type(message)()
    copy.CopyFrom(message)
    return copy


class Reporting(reporting_pb2_grpc.ReportingServiceServicer):  # type: ignore[misc]  # generated, untyped
    """Reporting's gRPC as one release or the other answers it; remembers the listings asked for."""

    def __init__(self, release: str) -> None:
        self.shape = legacy_only if release == "previous" else lambda m: with_legacy(_copy(m))
        self.asked: list[reporting_pb2.ListInquiriesRequest] = []

    async def GetInquiry(self, request: Any, context: Any) -> Any:  # noqa: N802
        return self.shape(ASSIGNED)

    async def ListInquiries(self, request: Any, context: Any) -> Any:  # noqa: N802
        self.asked.append(request)
        return reporting_pb2.ListInquiriesResponse(inquiries=[self.shape(ASSIGNED)])

    async def GetCommandOutcome(self, request: Any, context: Any) -> Any:  # noqa: N802
        return self.shape(OUTCOME)


Over = tuple[httpx.AsyncClient, Reporting, dict[str, str]]


@pytest.fixture(params=["previous", "this"])
async def over_grpc(request: pytest.FixtureRequest) -> AsyncIterator[Over]:
    """Intake's REST API over a real ReportingClient, with reporting of the `previous` or `this` release."""
    port, reporting = free_port(), Reporting(request.param)
    server = grpc.aio.server()
    reporting_pb2_grpc.add_ReportingServiceServicer_to_server(reporting, server)
    server.add_insecure_port(f"127.0.0.1:{port}")
    await server.start()
    settings, keys = IntakeSettings(), intake_fakes.MemoryKeys()
    press = {"Authorization": f"Bearer {keys.issue(Role.PRESS_AGENCY, 'bao-tuoi-tre')}"}
    client = ReportingClient(f"127.0.0.1:{port}", "svc_" + "z" * 40)
    container = intake_fakes.container(settings, reporting=client, keys=keys, clock=FakeClock(NOW))
    api = create_app(settings, container, serve_grpc=False)
    api.state.container = container  # what the lifespan would set
    async with httpx.AsyncClient(transport=httpx.ASGITransport(api), base_url="http://intake") as http:
        yield http, reporting, press
    await client.close()
    await server.stop(None)


async def test_reporting_of_either_release_gives_the_same_json(over_grpc: Over) -> None:
    api, reporting, press = over_grpc
    assert (await api.get("/v1/track/AAAA-BBBB-CCCC")).json() == TRACKED
    request = (await api.get("/open311/v2/requests/AAAA-BBBB-CCCC.json")).json()[0]
    assert {k: request[k] for k in OPEN311_TIMES} == OPEN311_TIMES
    assert (await api.get("/v1/commands/cmd-1", headers=press)).json()["state"] == "accepted"
    case = (await api.get("/v1/inquiries/inq-1", headers=press)).json()
    assert case["details"] == {"urgent": True, "event_at": "2026-03-12T01:30:00Z"}
    listed = (await api.get("/v1/inquiries?status=assigned&kind=press_request", headers=press)).json()
    assert listed["inquiries"] == [{**TRACKED, "last_rejection": None}]
    [asked] = reporting.asked  # both forms of the filter: the previous release reads the names
    assert (asked.status, asked.lifecycle_status) == ("assigned", common_pb2.LIFECYCLE_STATUS_ASSIGNED)
    assert (asked.kind, asked.inquiry_kind) == ("press_request", common_pb2.INQUIRY_KIND_PRESS_REQUEST)


def test_a_status_no_inquiry_has_lists_nothing(rest_rig: RestRig) -> None:  # noqa: F811
    press = rest_rig.key(Role.PRESS_AGENCY, "bao-tuoi-tre")
    assert rest_rig.submit(PRESS, headers=press).status_code == 202
    rest_rig.reporting.project(rest_rig.publisher.commands[-1], "so-xay-dung")

    def listed(status: str) -> int:
        found = rest_rig.client.get(f"/v1/inquiries?status={status}", headers=press)
        assert found.status_code == 200, found.text
        return len(found.json()["inquiries"])

    assert (listed("assigned"), listed("answered")) == (1, 0)
    assert (listed("no_such_status"), listed("lifecycle_status_assigned")) == (0, 0)


def test_commands_are_written_in_both_forms(rest_rig: RestRig) -> None:  # noqa: F811
    center = rest_rig.key(Role.PRESS_CENTER, "trung-tam-bao-chi")
    assert rest_rig.submit(ALERT, headers=center).status_code == 202
    [command] = rest_rig.publisher.commands
    assert isinstance(command, commands_pb2.SubmitInquiry) and command.received_time == to_timestamp(NOW)
    assert not command.received_at  # intake writes the typed field; the codec adds the old one
    sent = codec.encode(command, source="/test", subject=command.inquiry_id).value
    assert commands_pb2.SubmitInquiry.FromString(sent).received_at == "2026-03-12T10:00:00+07:00"
    assert command.attributes["event_at"] == "2026-03-12T01:30:00Z"  # text, as routing reads it


def _alert(key: str, **detected: Any) -> intake_pb2.Submission:
    return intake_pb2.Submission(idempotency_key=key, media_alert=intake_pb2.Submission.MediaAlert(
        title="Tin giả", description="Sai sự thật", source_urls=["https://example.com/a"], **detected))


async def test_a_grpc_client_of_either_release_is_served(rig: Rig) -> None:  # noqa: F811
    center = rig.auth(Role.PRESS_CENTER, "trung-tam-bao-chi")
    old = await rig.stub.Submit(_alert("a-1", detected_at="2026-03-12T08:30:00+07:00"), metadata=center)
    new = await rig.stub.Submit(
        _alert("a-2", detected_time=to_timestamp(datetime(2026, 3, 12, 1, 30, tzinfo=UTC))), metadata=center)
    for receipt in (old, new):
        assert receipt.status == "submitted"  # what a client of the previous release reads
        assert receipt.lifecycle_status == common_pb2.LIFECYCLE_STATUS_SUBMITTED
    assert [c.attributes["event_at"] for c in rig.publisher.commands] == ["2026-03-12T01:30:00Z"] * 2
    rig.reporting.project(rig.publisher.commands[0], "so-y-te")
    rig.reporting.project(rig.publisher.commands[1], "so-y-te", common_pb2.LIFECYCLE_STATUS_ANSWERED)

    async def listed(**asked: Any) -> list[reporting_pb2.InquiryStatus]:
        found = await rig.stub.ListInquiries(intake_pb2.ListOwnInquiriesRequest(**asked), metadata=center)
        return list(found.inquiries)

    [answered] = await listed(status="answered")  # as a client of the previous release asks
    assert answered.inquiry_id == new.inquiry_id and answered.status == "answered" and answered.due_at
    assert [s.inquiry_id for s in await listed(lifecycle_status=common_pb2.LIFECYCLE_STATUS_ASSIGNED)] == [
        old.inquiry_id]
    assert await listed(status="no_such_status") == [] and await listed(lifecycle_status=99) == []


@pytest.mark.parametrize("detected", [
    {"detected_at": "2026-03-12T08:30:00"},  # without an offset: refused, as it always was
    {"detected_at": "not a time"},
    {"detected_at": "0001-01-01T00:00:00+14:00"},  # before year 1 in UTC
    {"detected_time": Timestamp(seconds=253402297199)},  # 9999-12-31T23:59:59Z: year 10000 in the city
    {"detected_time": to_timestamp(datetime(1969, 12, 1, tzinfo=UTC))},  # before 1970: refused, as in REST
])
async def test_a_detected_time_it_cannot_take_is_refused_by_name(
    rig: Rig, detected: dict[str, Any]  # noqa: F811
) -> None:
    center = rig.auth(Role.PRESS_CENTER, "trung-tam-bao-chi")
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await rig.stub.Submit(_alert("x", **detected), metadata=center)
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "detected_at" in (refused.value.details() or "")
