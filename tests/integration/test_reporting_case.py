"""Reporting keeps who asked and serves the case for a read-back by id, never personal data: the
weekly briefing report names the paper, GetInquiry by id gives description, details and asker."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from google.protobuf.message import Message
from sqlalchemy import select

from citycomm.v1 import common_pb2, events_pb2
from citycomm_common.clock import FakeClock
from citycomm_common.contracts import to_timestamp
from citycomm_dev.broker import free_port
from citycomm_intake.adapters.reporting_client import ReportingClient
from citycomm_reporting.adapters.schema import metadata
from citycomm_reporting.bootstrap import Container
from citycomm_reporting.domain.facts import fact_from
from citycomm_reporting.domain.periods import Period
from citycomm_reporting.entrypoints.grpc_server import start_grpc
from citycomm_reporting.entrypoints.http_reports import report_csv
from tests.support.reporting_db import DIALECTS, fresh_read_model
from tests.support.reporting_scenario import (
    CITY,
    at,
    deadline,
    end_of,
    seeded_reporting,
    settings_for_tests,
)

TOKEN = "svc_" + "z" * 40
CENTER = common_pb2.Actor(role=common_pb2.ROLE_PRESS_CENTER, id="trung-tam-bao-chi")
PERSONAL = ("Nguyễn Văn A", "0901234567", "a@example.vn", "12 Lê Lợi")


def briefing_question() -> list[Message]:
    details = common_pb2.InquiryDetails(briefing_date="2026-05-14")
    return [
        events_pb2.InquirySubmitted(
            inquiry_id="q1", tracking_code="HCM-Q1", kind=common_pb2.INQUIRY_KIND_BRIEFING_QUESTION,
            submitted_by=CENTER, received_time=to_timestamp(at(2026, 5, 14, 15)), title="Sốt xuất huyết",
            description="Số ca tuần này?", command_id="q1-submit",
            attributes={"briefing_date": "2026-05-14", "asked_by": "Thanh Niên"}),
        events_pb2.InquiryAssigned(
            inquiry_id="q1", agency_id="so-y-te", kind=common_pb2.INQUIRY_KIND_BRIEFING_QUESTION,
            tracking_code="HCM-Q1", title="Sốt xuất huyết", description="Số ca tuần này?",
            deadline=deadline(end_of(2026, 5, 19)), assigned_time=to_timestamp(at(2026, 5, 14, 15)),
            command_id="q1-submit", submitted_by=CENTER,
            asked_by=common_pb2.Asker(party_id="bao-thanh-nien", party_name="Báo Thanh Niên",
                                      journalist="Lê C"), details=details),
    ]


def post_request() -> list[Message]:
    contact = common_pb2.Contact(name=PERSONAL[0], phone=PERSONAL[1], email=PERSONAL[2],
                                 postal_address=PERSONAL[3] + ", Phường Sài Gòn")
    citizen = common_pb2.Actor(role=common_pb2.ROLE_CITIZEN)
    return [
        events_pb2.InquirySubmitted(
            inquiry_id="r1", tracking_code="HCM-R1", kind=common_pb2.INQUIRY_KIND_INFORMATION_REQUEST,
            submitted_by=citizen, received_time=to_timestamp(at(2026, 5, 15, 9)), title="Ngân sách",
            description="Xin dự toán", command_id="r1-submit", contact=contact,
            attributes={"channel": "post", "complexity": "simple"}),
        events_pb2.InquiryAssigned(
            inquiry_id="r1", agency_id="so-tai-chinh", kind=common_pb2.INQUIRY_KIND_INFORMATION_REQUEST,
            tracking_code="HCM-R1", title="Ngân sách", description="Xin dự toán", contact=contact,
            deadline=deadline(end_of(2026, 6, 5)), assigned_time=to_timestamp(at(2026, 5, 15, 9)),
            command_id="r1-submit", submitted_by=citizen,
            details=common_pb2.InquiryDetails(channel="post", complexity="simple")),
    ]


@pytest.fixture(params=DIALECTS)
async def deps(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Container]:
    async with fresh_read_model(request.param, tmp_path) as model:
        written = datetime(2026, 5, 20, tzinfo=UTC)
        for n, message in enumerate([*briefing_question(), *post_request()]):
            await model.apply(fact_from(message, event_id=f"e{n}", subject=message.inquiry_id,  # type: ignore[attr-defined]
                                        written_at=written))
        yield seeded_reporting(model, FakeClock(datetime(2026, 5, 21, 8, 0, tzinfo=CITY)))


async def test_the_briefing_report_names_the_paper_that_asked(deps: Container) -> None:
    names = deps.agency_names
    assert isinstance(names, dict)  # the directory's, updated in place
    names["bao-thanh-nien"] = "Thanh Niên"  # as the live directory names it
    record = (await deps.reports.publish_due())[0]
    [question] = json.loads(record.content)["briefings"][0]["questions"]
    assert (question["press_agency_id"], question["press_agency_name"]) == ("bao-thanh-nien", "Thanh Niên")
    assert "Lê C" not in record.content  # the journalist is the agency's to know, not the report's
    assert "bao-thanh-nien,Thanh Niên" in report_csv(json.loads(record.content))
    del names["bao-thanh-nien"]  # a paper the directory does not know: as routing named it
    week = Period("briefing", datetime(2026, 5, 1, tzinfo=CITY), datetime(2026, 5, 21, tzinfo=CITY), "w")
    again = await deps.reports.briefing_content(week)
    assert again["briefings"][0]["questions"][0]["press_agency_name"] == "Báo Thanh Niên"


async def test_the_case_is_read_back_by_id_only_and_no_personal_data_is_stored(deps: Container) -> None:
    port = free_port()
    server = await start_grpc(replace(deps, settings=settings_for_tests(reporting_grpc_token=TOKEN)),
                              "127.0.0.1", port)
    client = ReportingClient(f"127.0.0.1:{port}", TOKEN)
    try:
        case = await client.inquiry(inquiry_id="q1")
        by_code = await client.inquiry(tracking_code="HCM-Q1")
        post = await client.inquiry(inquiry_id="r1")
    finally:
        await client.close()
        await server.stop(grace=1)
    assert case is not None and by_code is not None and post is not None
    assert case.description == "Số ca tuần này?" and case.details.briefing_date == "2026-05-14"
    assert (case.asked_by.party_id, case.asked_by.journalist) == ("bao-thanh-nien", "Lê C")
    assert (by_code.description, by_code.asked_by, by_code.details) == (
        "", common_pb2.Asker(), common_pb2.InquiryDetails())
    assert (post.details.channel, post.description) == ("post", "Xin dự toán")
    stored = []
    async with deps.engine.connect() as conn:
        for table in metadata.sorted_tables:
            stored += [json.dumps(list(r), default=str, ensure_ascii=False)
                       for r in await conn.execute(select(table))]
    assert stored and not [p for p in PERSONAL if any(p in row for row in stored)]
    trail = {e["type"]: (e["actor_role"], e["actor_id"]) for e in await deps.inquiries.history("q1")}
    assert trail == {"citycomm.v1.InquirySubmitted": ("press_center", "trung-tam-bao-chi"),
                     "citycomm.v1.InquiryAssigned": ("system", "")}  # routing assigned it, not the asker
