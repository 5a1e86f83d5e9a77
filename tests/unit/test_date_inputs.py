"""Every date and date-time an endpoint takes, at its extremes (years 1 and 9999, offsets ±14:00 and
beyond): a clear 422 (Open311: 400, gRPC: INVALID_ARGUMENT) naming the field, never a 500."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import grpc
import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citycomm.v1 import intake_pb2, intake_pb2_grpc, reporting_pb2, reporting_pb2_grpc
from citycomm_common import problems
from citycomm_common.clock import FakeClock
from citycomm_common.moments import EARLIEST, LATEST
from citycomm_common.service_auth import bearer_metadata
from citycomm_dev.broker import free_port
from citycomm_intake.app import start_grpc as start_intake_grpc
from citycomm_intake.domain.principals import Role
from citycomm_intake.settings import IntakeSettings
from citycomm_notifications.entrypoints.operator import operator_router
from citycomm_reporting.entrypoints.grpc_server import start_grpc
from tests.support import intake_fakes, routing_fakes
from tests.support.intake_fakes import MemoryKeys
from tests.support.reporting_db import fresh_read_model
from tests.support.reporting_scenario import OPERATOR_TOKEN, api, scenario_facts, seeded_reporting
from tests.unit.test_intake_rest import ALERT, BRIEFING, NOW, Rig, make_rig
from tests.unit.test_routing_http import KEY
from tests.unit.test_routing_http import NOW as ROUTING_NOW
from tests.unit.test_routing_http import api as routing_api
from tests.unit.test_webhook_targets import World, network

DAYS = st.sampled_from(["0001-01-01", "0001-01-02", "1969-12-31", "1970-01-01", "2099-12-31",
                        "2100-01-01", "9999-12-30", "9999-12-31"]) | st.dates().map(date.isoformat)
CLOCKS = st.sampled_from(["00:00", "00:00:00", "23:59", "23:59:59.999999", "12:00:00"])
OFFSETS = st.sampled_from(["", "Z", "+00:00", "+07:00", "+14:00", "-14:00", "+23:59", "-23:59"])
MOMENTS = st.builds(lambda day, clock, offset: f"{day}T{clock}{offset}", DAYS, CLOCKS, OFFSETS)
EXAMPLES = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def in_range(text: str) -> bool:
    return EARLIEST <= date.fromisoformat(text[:10]) <= LATEST


def judge(response: httpx.Response, field: str, value: str, refused: int = 422) -> None:
    """Never a server error; a value out of range is refused, naming its field."""
    assert response.status_code < 500, (field, value, response.status_code, response.text)
    if not in_range(value):
        assert response.status_code == refused and field in response.text, (field, value, response.text)


# --- intake: REST, Open311, gRPC -------------------------------------------------------------------

@pytest.fixture(scope="module")
def intake() -> Iterator[Rig]:
    yield from make_rig()


@EXAMPLES
@given(value=MOMENTS)
def test_intake_detected_at(intake: Rig, value: str) -> None:
    headers = intake.key(Role.PRESS_CENTER, "trung-tam-bao-chi")
    response = intake.submit({**ALERT, "detected_at": value}, key=f"a-{value}", headers=headers)
    judge(response, "detected_at", value)


@EXAMPLES
@given(value=DAYS)
def test_intake_briefing_date(intake: Rig, value: str) -> None:
    headers = intake.key(Role.PRESS_CENTER, "trung-tam-bao-chi")
    judge(intake.submit({**BRIEFING, "briefing_date": value}, key=f"b-{value}", headers=headers),
          "briefing_date", value)


@EXAMPLES
@given(value=MOMENTS | DAYS, field=st.sampled_from(["start_date", "end_date"]))
def test_open311_start_and_end_dates(intake: Rig, value: str, field: str) -> None:
    key = intake.keys.issue(Role.OPEN311_CLIENT, "hcmc-app")
    response = intake.client.get("/open311/v2/requests.json", params={field: value, "api_key": key})
    judge(response, field, value, refused=400)


def test_open311_date_filters_reach_reporting(intake: Rig, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[reporting_pb2.ListInquiriesRequest] = []
    original = intake.reporting.inquiries

    async def capture(request: reporting_pb2.ListInquiriesRequest) -> Any:
        asked.append(request)
        return await original(request)

    monkeypatch.setattr(intake.reporting, "inquiries", capture)
    key = intake.keys.issue(Role.OPEN311_CLIENT, "hcmc-app")
    params = {"start_date": "2026-03-01", "end_date": "2026-03-12T00:00:00Z", "api_key": key}
    assert intake.client.get("/open311/v2/requests.json", params=params).status_code == 200
    assert (asked[-1].received_from, asked[-1].received_to) == ("2026-03-01", "2026-03-12T00:00:00Z")


@pytest.fixture
async def intake_grpc_stub() -> AsyncIterator[tuple[intake_pb2_grpc.IntakeServiceStub, Any]]:
    settings_ = IntakeSettings(grpc_port=free_port())
    keys = MemoryKeys()
    container = intake_fakes.container(settings_, keys=keys, clock=FakeClock(NOW))
    server = await start_intake_grpc(container)
    async with grpc.aio.insecure_channel(f"127.0.0.1:{settings_.grpc_port}") as channel:
        yield intake_pb2_grpc.IntakeServiceStub(channel), (
            ("authorization", f"Bearer {keys.issue(Role.PRESS_CENTER, 'trung-tam-bao-chi')}"),)
    await server.stop()


async def _grpc_judged(call: Any, field: str, value: str) -> None:
    try:
        await call
    except grpc.aio.AioRpcError as error:
        assert error.code() in (grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.PERMISSION_DENIED), (
            field, value, error.code(), error.details())
        if not in_range(value):
            assert error.code() == grpc.StatusCode.INVALID_ARGUMENT and field in (error.details() or "")
    else:
        assert in_range(value), (field, value)


@EXAMPLES
@given(value=MOMENTS, day=DAYS)
async def test_intake_grpc_dates(intake_grpc_stub: Any, value: str, day: str) -> None:
    stub, auth = intake_grpc_stub
    alert = intake_pb2.Submission(idempotency_key=f"g-{value}", media_alert=intake_pb2.Submission.MediaAlert(
        title="Tin giả", description="Sai sự thật", source_urls=["https://example.com/a"], detected_at=value))
    await _grpc_judged(stub.Submit(alert, metadata=auth), "detected_at", value)
    question = intake_pb2.Submission(idempotency_key=f"q-{day}", briefing_question=(
        intake_pb2.Submission.BriefingQuestion(briefing_date=day, agency_id="so-y-te", title="Câu hỏi",
                                               question="Số ca?")))
    await _grpc_judged(stub.Submit(question, metadata=auth), "briefing_date", day)


# --- routing: deadline calculator, explain, directory ----------------------------------------------

@pytest.fixture(scope="module")
def routing() -> Iterator[TestClient]:
    settings_ = routing_fakes.settings(operator_api_key_sha256=hashlib.sha256(KEY.encode()).hexdigest())
    container = routing_fakes.container(settings_, clock=FakeClock(ROUTING_NOW))
    with TestClient(routing_api(container), headers={"Authorization": f"Bearer {KEY}"}) as client:
        yield client


@EXAMPLES
@given(value=MOMENTS)
def test_routing_received_at(routing: TestClient, value: str) -> None:
    calculated = routing.get("/v1/deadlines/calculate", params={
        "kind": "information_request", "channel": "electronic", "received_at": value})
    judge(calculated, "received_at", value)
    judge(routing.get("/v1/routing/explain", params={"received_at": value}), "received_at", value)
    judge(routing.post("/v1/routing/explain", json={"received_at": value}), "received_at", value)


@EXAMPLES
@given(day=DAYS, moment=MOMENTS)
def test_routing_directory_dates(routing: TestClient, day: str, moment: str) -> None:
    judge(routing.get("/v1/directory/agencies", params={"active_on": day}), "active_on", day)
    judge(routing.post("/v1/directory/agencies/no-such-agency/retire", json={"valid_until": day}),
          "valid_until", day)
    agency = {"id": "ban-moi", "name": "Ban mới", "short_name": "BM", "kind": "department",
              "supervisor": "van-phong-ubnd-tp", "valid_from": "2026-01-01", "valid_until": day,
              "contacts": [{"role": "spokesperson", "name": "Chưa công bố"}]}
    judge(routing.post("/v1/directory/agencies", json=agency), "valid_until", day)
    judge(routing.post("/v1/directory/agencies", json={**agency, "valid_from": day, "valid_until": None}),
          "valid_from", day)
    rotation = {"secret_ref": "file:so-y-te-2026-12", "keep_old_until": moment}
    judge(routing.post("/v1/directory/agencies/so-y-te/endpoints/main/rotate", json=rotation),
          "keep_old_until", moment)


# --- reporting: REST query parameters and gRPC ------------------------------------------------------

@pytest.fixture
async def reporting(tmp_path: Path) -> AsyncIterator[tuple[httpx.AsyncClient, int]]:
    async with fresh_read_model("sqlite", tmp_path) as model:
        for fact in scenario_facts():
            await model.apply(fact)
        deps = seeded_reporting(model)
        port = free_port()
        server = await start_grpc(deps, "127.0.0.1", port)
        transport = httpx.ASGITransport(app=api(deps))
        async with httpx.AsyncClient(transport=transport, base_url="http://reporting",
                                     headers={"Authorization": f"Bearer {OPERATOR_TOKEN}"}) as client:
            yield client, port
        await server.stop(grace=1)


@EXAMPLES
@given(day=DAYS, field=st.sampled_from(["at", "from", "to"]))
async def test_reporting_periods(reporting: Any, day: str, field: str) -> None:
    client, _ = reporting
    other = {"from": {"to": "2026-05-31"}, "to": {"from": "2026-05-01"}}.get(field, {})
    for path in ("/v1/aggregates", "/v1/ranking"):
        judge(await client.get(path, params={field: day, **other}), field, day)


@EXAMPLES
@given(day=DAYS, field=st.sampled_from(["received_from", "received_to"]))
async def test_reporting_inquiry_filters(reporting: Any, day: str, field: str) -> None:
    client, _ = reporting
    for path in ("/v1/inquiries", "/v1/exports/inquiries"):
        judge(await client.get(path, params={field: day}), field, day)


@EXAMPLES
@given(value=MOMENTS | DAYS, field=st.sampled_from(["received_from", "received_to"]))
async def test_reporting_grpc_filters(reporting: Any, value: str, field: str) -> None:
    _, port = reporting
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        stub = reporting_pb2_grpc.ReportingServiceStub(channel)
        call = stub.ListInquiries(reporting_pb2.ListInquiriesRequest(**{field: value}),
                                  metadata=bearer_metadata("development-only-reporting-grpc-token"))
        try:
            await call
        except grpc.aio.AioRpcError as error:
            assert error.code() == grpc.StatusCode.INVALID_ARGUMENT, (value, error.code(), error.details())
        else:
            assert in_range(value), value


# --- notifications: the operator's replay filter -----------------------------------------------------

@EXAMPLES
@given(value=MOMENTS)
async def test_notifications_replay_since(value: str) -> None:
    app = FastAPI()
    problems.install(app)
    world = World(network())
    app.include_router(operator_router(world.container.operations, "t" * 32))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://op") as client:
        response = await client.post("/v1/operator/dead-letters/replay", json={"since": value},
                                     headers={"authorization": f"Bearer {'t' * 32}"})
    judge(response, "since", value)
