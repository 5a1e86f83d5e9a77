"""ReportingService over real gRPC, as intake calls it: look-ups, scoped listings, histories, outcomes."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import grpc
import pytest

from citycomm.v1 import common_pb2, events_pb2, reporting_pb2, reporting_pb2_grpc
from citycomm_dev.broker import free_port
from citycomm_reporting.domain.facts import fact_from
from citycomm_reporting.entrypoints.grpc_server import start_grpc
from tests.support.reporting_db import fresh_read_model
from tests.support.reporting_scenario import AGENCY_A, PRESS, scenario_facts, seeded_reporting


@pytest.fixture
async def stub(tmp_path: Path) -> AsyncIterator[reporting_pb2_grpc.ReportingServiceStub]:
    async with fresh_read_model("sqlite", tmp_path) as model:
        for fact in scenario_facts():
            await model.apply(fact)
        rejected = events_pb2.CommandRejected(
            inquiry_id="i4", command_id="i4-close", command_type="CloseInquiry", reason="not answered yet",
            rejected_at="2026-05-18T10:00:00+07:00")
        await model.apply(fact_from(rejected, event_id="r1", subject="i4", written_at=datetime.now(UTC)))
        port = free_port()
        server = await start_grpc(seeded_reporting(model), "127.0.0.1", port)
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
            yield reporting_pb2_grpc.ReportingServiceStub(channel)
        await server.stop(grace=1)


async def test_get_inquiry_by_code_and_id(stub: reporting_pb2_grpc.ReportingServiceStub) -> None:
    found = await stub.GetInquiry(reporting_pb2.GetInquiryRequest(tracking_code="HCM-I4"))
    assert (found.inquiry_id, found.status, found.overdue, found.agency_name) == ("i4", "assigned", True,
                                                                                  "Sở Xây dựng")
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


async def test_history_and_command_outcomes(stub: reporting_pb2_grpc.ReportingServiceStub) -> None:
    history = await stub.GetHistory(reporting_pb2.GetHistoryRequest(inquiry_id="i4"))
    types = [e.type for e in history.entries]
    assert types[:2] == ["citycomm.v1.InquirySubmitted", "citycomm.v1.InquiryAssigned"]
    assert "citycomm.v1.NoticeSent" in types and types[-1] == "citycomm.v1.CommandRejected"
    assert all("Nguyễn" not in e.data_json for e in history.entries)
    assert json.loads(history.entries[0].data_json)["channel"] == "api"
    accepted = await stub.GetCommandOutcome(reporting_pb2.GetCommandOutcomeRequest(command_id="i3-answer"))
    assert (accepted.state, accepted.event_type, accepted.inquiry_id) == (
        "accepted", "citycomm.v1.InquiryAnswered", "i3")
    rejected = await stub.GetCommandOutcome(reporting_pb2.GetCommandOutcomeRequest(command_id="i4-close"))
    assert (rejected.state, rejected.reason) == ("rejected", "not answered yet")
    pending = await stub.GetCommandOutcome(reporting_pb2.GetCommandOutcomeRequest(command_id="unknown"))
    assert pending.state == "pending"
