"""ReportingService over real gRPC, as intake calls it: look-ups, scoped listings, histories, outcomes,
and only for a caller presenting the service token."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from citycomm.v1 import common_pb2, events_pb2, reporting_pb2, reporting_pb2_grpc
from citycomm_common.contracts import from_timestamp, to_timestamp
from citycomm_common.service_auth import bearer_metadata
from citycomm_dev.broker import free_port
from citycomm_intake.adapters.reporting_client import ReportingClient, ReportingUnavailable
from citycomm_reporting.domain.facts import fact_from
from citycomm_reporting.entrypoints.grpc_server import start_grpc
from tests.support.reporting_db import fresh_read_model
from tests.support.reporting_scenario import (
    AGENCY_A,
    CITY,
    PRESS,
    at,
    end_of,
    scenario_facts,
    seeded_reporting,
    settings_for_tests,
)

TOKEN = "svc_" + "x" * 40


class WithToken(grpc.aio.UnaryUnaryClientInterceptor):  # type: ignore[misc]
    """Adds the service token to every call, as intake's ReportingClient does."""

    def __init__(self, token: str) -> None:
        self._metadata = bearer_metadata(token)

    async def intercept_unary_unary(self, continuation, details, request):  # type: ignore[no-untyped-def]
        metadata = (*(details.metadata or ()), *self._metadata)
        return await continuation(details._replace(metadata=metadata), request)


@pytest.fixture
async def port(tmp_path: Path) -> AsyncIterator[int]:
    async with fresh_read_model("sqlite", tmp_path) as model:
        for fact in scenario_facts():
            await model.apply(fact)
        rejected = events_pb2.CommandRejected(
            inquiry_id="i4", command_id="i4-close", command_type="CloseInquiry", reason="not answered yet",
            rejected_time=to_timestamp(datetime(2026, 5, 18, 10, tzinfo=CITY)))
        await model.apply(fact_from(rejected, event_id="r1", subject="i4", written_at=datetime.now(UTC)))
        deps = seeded_reporting(model, settings=settings_for_tests(reporting_grpc_token=TOKEN))
        chosen = free_port()
        server = await start_grpc(deps, "127.0.0.1", chosen)
        yield chosen
        await server.stop(grace=1)


@pytest.fixture
async def stub(port: int) -> AsyncIterator[reporting_pb2_grpc.ReportingServiceStub]:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}", interceptors=[WithToken(TOKEN)]) as channel:
        yield reporting_pb2_grpc.ReportingServiceStub(channel)


async def test_get_inquiry_by_code_and_id(stub: reporting_pb2_grpc.ReportingServiceStub) -> None:
    found = await stub.GetInquiry(reporting_pb2.GetInquiryRequest(tracking_code="HCM-I4"))
    assert (found.inquiry_id, found.lifecycle_status, found.overdue, found.agency_name) == (
        "i4", common_pb2.LIFECYCLE_STATUS_ASSIGNED, True, "Sở Xây dựng")
    assert from_timestamp(found.due_time) == end_of(2026, 5, 13)
    assert from_timestamp(found.received_time) == at(2026, 5, 6, 9) and not found.HasField("answered_time")
    # Intake of the previous release reads the deprecated fields: they are filled too.
    assert (found.status, found.due_at) == ("assigned", "2026-05-13T23:59:59.999999+07:00")
    assert found.kind == common_pb2.INQUIRY_KIND_PRESS_REQUEST
    assert (found.submitted_by.role, found.submitted_by.id) == (common_pb2.ROLE_PRESS_AGENCY, PRESS)
    assert found.last_rejection == "not answered yet"
    with pytest.raises(grpc.aio.AioRpcError) as missing:
        await stub.GetInquiry(reporting_pb2.GetInquiryRequest(inquiry_id="nope"))
    assert missing.value.code() == grpc.StatusCode.NOT_FOUND


async def test_list_inquiries_scoped_and_paged(stub: reporting_pb2_grpc.ReportingServiceStub) -> None:
    first = await stub.ListInquiries(reporting_pb2.ListInquiriesRequest(agency_id=AGENCY_A, page_size=3))
    second = await stub.ListInquiries(reporting_pb2.ListInquiriesRequest(
        agency_id=AGENCY_A, page_size=3, page_token=first.next_page_token))
    assert [i.inquiry_id for i in first.inquiries] + [i.inquiry_id for i in second.inquiries] == [
        "i4", "i3", "i2", "i1"]
    assert second.next_page_token == ""
    press = await stub.ListInquiries(
        reporting_pb2.ListInquiriesRequest(submitter_id=PRESS, overdue_only=True))
    assert [i.inquiry_id for i in press.inquiries] == ["i4"]
    dated = await stub.ListInquiries(reporting_pb2.ListInquiriesRequest(
        received_from="2026-05-05", received_to="2026-05-06"))
    assert sorted(i.inquiry_id for i in dated.inquiries) == ["i3", "i4"]
    with pytest.raises(grpc.aio.AioRpcError) as bad:
        await stub.ListInquiries(reporting_pb2.ListInquiriesRequest(agency_id=AGENCY_A, page_token="x"))
    assert bad.value.code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_old_and_new_clients_filter_alike(stub: reporting_pb2_grpc.ReportingServiceStub) -> None:
    async def ids(**asked: object) -> list[str]:
        found = await stub.ListInquiries(reporting_pb2.ListInquiriesRequest(**asked))  # type: ignore[arg-type]
        return [i.inquiry_id for i in found.inquiries]

    new = await ids(lifecycle_status=common_pb2.LIFECYCLE_STATUS_ANSWERED,
                    inquiry_kind=common_pb2.INQUIRY_KIND_CITIZEN_FEEDBACK)
    assert new == await ids(status="answered", kind="citizen_feedback") == ["i7", "i2", "i1"]
    # Old clients' text was compared with the columns as sent: what is not a status's or kind's
    # short name matched nothing (there are no pseudo-statuses), and still does.
    for asked in ({"status": "open"}, {"status": "overdue"}, {"status": "ANSWERED"}, {"kind": "press"},
                  {"lifecycle_status": 99}):  # an enum value newer than this code: unknown too
        assert await ids(**asked) == []


async def test_history_and_command_outcomes(stub: reporting_pb2_grpc.ReportingServiceStub) -> None:
    history = await stub.GetHistory(reporting_pb2.GetHistoryRequest(inquiry_id="i4"))
    types = [e.type for e in history.entries]
    assert types[:2] == ["citycomm.v1.InquirySubmitted", "citycomm.v1.InquiryAssigned"]
    assert "citycomm.v1.NoticeSent" in types and types[-1] == "citycomm.v1.CommandRejected"
    assert all("Nguyễn" not in e.data_json for e in history.entries)
    assert json.loads(history.entries[0].data_json)["channel"] == "api"
    accepted = await stub.GetCommandOutcome(reporting_pb2.GetCommandOutcomeRequest(command_id="i3-answer"))
    assert (accepted.outcome_state, accepted.event_type, accepted.inquiry_id) == (
        common_pb2.COMMAND_OUTCOME_STATE_ACCEPTED, "citycomm.v1.InquiryAnswered", "i3")
    rejected = await stub.GetCommandOutcome(reporting_pb2.GetCommandOutcomeRequest(command_id="i4-close"))
    assert (rejected.outcome_state, rejected.reason) == (common_pb2.COMMAND_OUTCOME_STATE_REJECTED,
                                                         "not answered yet")
    pending = await stub.GetCommandOutcome(reporting_pb2.GetCommandOutcomeRequest(command_id="unknown"))
    assert pending.outcome_state == common_pb2.COMMAND_OUTCOME_STATE_PENDING
    # Intake of the previous release reads the deprecated fields.
    assert (accepted.state, rejected.state, pending.state) == ("accepted", "rejected", "pending")
    assert from_timestamp(history.entries[0].occurred_time) == at(2026, 5, 6, 9)
    assert history.entries[0].occurred_at == "2026-05-06T09:00:00+07:00"


@pytest.mark.parametrize("metadata", [None, bearer_metadata("svc_" + "y" * 40), (("authorization", TOKEN),),
                                      bearer_metadata(TOKEN[:-1])])
async def test_calls_without_the_service_token_are_refused(port: int, metadata: object) -> None:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        stub = reporting_pb2_grpc.ReportingServiceStub(channel)
        calls = [stub.GetInquiry(reporting_pb2.GetInquiryRequest(tracking_code="HCM-I4"), metadata=metadata),
                 stub.ListInquiries(reporting_pb2.ListInquiriesRequest(), metadata=metadata),
                 stub.GetHistory(reporting_pb2.GetHistoryRequest(inquiry_id="i4"), metadata=metadata),
                 stub.GetCommandOutcome(reporting_pb2.GetCommandOutcomeRequest(command_id="i3-answer"),
                                        metadata=metadata)]
        for call in calls:
            with pytest.raises(grpc.aio.AioRpcError) as refused:
                await call
            assert refused.value.code() == grpc.StatusCode.UNAUTHENTICATED
        reflect = reflection_pb2_grpc.ServerReflectionStub(channel).ServerReflectionInfo(
            iter([reflection_pb2.ServerReflectionRequest(list_services="")]), metadata=metadata)
        with pytest.raises(grpc.aio.AioRpcError) as hidden:
            [answer async for answer in reflect]
        assert hidden.value.code() == grpc.StatusCode.UNAUTHENTICATED
        # Probes cannot send a token; health says only whether the server is serving.
        probe = await health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest())
        assert probe.status == health_pb2.HealthCheckResponse.SERVING


async def test_intakes_client_presents_the_token(port: int) -> None:
    right, wrong = ReportingClient(f"127.0.0.1:{port}", TOKEN), ReportingClient(f"127.0.0.1:{port}", "z" * 40)
    try:
        found = await right.inquiry(tracking_code="HCM-I4")
        assert found is not None and found.inquiry_id == "i4"
        with pytest.raises(ReportingUnavailable):
            await wrong.inquiry(tracking_code="HCM-I4")
    finally:
        await right.close()
        await wrong.close()
