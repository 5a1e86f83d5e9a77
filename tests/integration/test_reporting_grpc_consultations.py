"""ListConsultations over real gRPC, as intake's ReportingClient calls it (issue 20, decision 0108): the
consultations open for comment now, those put to an audience, closing soonest first, agencies named."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from citycomm.v1 import consultations_pb2 as pb
from citycomm.v1 import reporting_pb2
from citycomm_common.contracts import from_timestamp, to_timestamp
from citycomm_dev.broker import free_port
from citycomm_intake.adapters.reporting_client import ReportingClient
from citycomm_reporting.domain.facts import fact_from
from citycomm_reporting.entrypoints.grpc_server import start_grpc
from tests.support.consultation_scenario import PUBLIC, consultation_facts, draft
from tests.support.reporting_db import fresh_read_model
from tests.support.reporting_scenario import AGENCY_A, NOW, at, end_of, seeded_reporting, settings_for_tests

TOKEN = "svc_" + "c" * 40


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[ReportingClient]:
    c3 = pb.ConsultationOpened(consultation_id="c3", command_id="o3", policy_id="consultation-city-2025",
                               draft=draft("Bến xe buýt", AGENCY_A, at(2026, 5, 19, 8), end_of(2026, 6, 8),
                                           pb.CONSULTATION_AUDIENCE_PRESS, PUBLIC),
                               opened_time=to_timestamp(at(2026, 5, 19, 8)))
    async with fresh_read_model("sqlite", tmp_path) as model:
        opened = fact_from(c3, event_id="c3", subject="c3", written_at=NOW)
        await model.apply_batch([*consultation_facts(), opened])
        deps = seeded_reporting(model, settings=settings_for_tests(reporting_grpc_token=TOKEN))
        port = free_port()
        server = await start_grpc(deps, "127.0.0.1", port)
        reporting = ReportingClient(f"127.0.0.1:{port}", TOKEN)
        yield reporting
        await reporting.close()
        await server.stop(grace=1)


async def test_open_consultations_by_audience_closing_soonest_first(client: ReportingClient) -> None:
    every = await client.consultations(reporting_pb2.ListConsultationsRequest())
    assert [c.consultation_id for c in every.consultations] == ["c3", "c2"]  # c1 closed on 16 May
    public = await client.consultations(reporting_pb2.ListConsultationsRequest(audience=PUBLIC))
    [c3] = public.consultations
    assert (c3.title, c3.summary, c3.drafting_agency_id, c3.drafting_agency_name) == (
        "Bến xe buýt", "Tóm tắt", AGENCY_A, "Sở Xây dựng")
    assert (from_timestamp(c3.opens_time), from_timestamp(c3.closes_time)) == (at(2026, 5, 19, 8),
                                                                               end_of(2026, 6, 8))
    assert list(c3.audiences) == [pb.CONSULTATION_AUDIENCE_PRESS, PUBLIC]
    assert list(c3.document_links) == ["https://example.gov.vn/du-thao.pdf"]
    mine = await client.consultations(reporting_pb2.ListConsultationsRequest(drafting_agency_id=AGENCY_A))
    assert [c.consultation_id for c in mine.consultations] == ["c3"]
    one = await client.consultations(reporting_pb2.ListConsultationsRequest(page_size=1))
    assert [c.consultation_id for c in one.consultations] == ["c3"]
