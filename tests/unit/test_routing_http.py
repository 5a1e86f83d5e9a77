"""Routing's HTTP APIs with in-memory fakes: explain, the deadline calculator, the operator API."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from citycomm.v1 import directory_pb2
from citycomm_common import contracts, problems
from citycomm_common.clock import FakeClock
from citycomm_common.vocabulary import CITY_ZONE
from citycomm_routing import bootstrap
from citycomm_routing.entrypoints.deadlines_api import deadlines_router
from citycomm_routing.entrypoints.directory_api import directory_router
from citycomm_routing.entrypoints.explain_api import explain_router
from tests.support import routing_fakes
from tests.support.routing_fakes import FakeProducer

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
KEY = "operator-test-key"
CONTAINER = routing_fakes.container(clock=FakeClock(NOW))  # for what does not change the directory


def api(container: bootstrap.Container) -> FastAPI:
    """Routing's routers as create_api mounts them, errors as routing serves them."""
    app = FastAPI()
    problems.install(app)
    for router in (explain_router(container.explanations), deadlines_router(container.deadlines),
                   directory_router(container.directory_admin, container.settings)):
        app.include_router(router)

    @app.on_event("startup")
    async def start() -> None:
        await container.directory_writer.start()

    return app


@pytest.fixture
def producer() -> FakeProducer:
    return FakeProducer()


@pytest.fixture
def client(producer: FakeProducer) -> TestClient:
    settings = routing_fakes.settings(operator_api_key_sha256=hashlib.sha256(KEY.encode()).hexdigest())
    container = routing_fakes.container(settings, clock=FakeClock(NOW), producer=producer)
    with TestClient(api(container), headers={"Authorization": f"Bearer {KEY}"}) as test_client:
        yield test_client  # type: ignore[misc]


def test_explain_shows_the_decision_the_deadline_and_every_rule_tried(client: TestClient) -> None:
    body = client.get("/v1/routing/explain", params={"category": "noise",
                                                     "ward": "phuong sai gon"}).json()
    assert (body["agency_id"], body["rule_id"]) == ("ubnd-26740", "ward-level")
    assert body["deadline"]["due_at"] == "2026-12-10T23:59:59.999999+07:00"
    assert body["trace"][-1] == {"rule_id": "ward-level", "matched": True,
                                 "why": "noise is a ward-level matter"}


def test_explain_by_post_with_decliners_and_an_unknown_ward(client: TestClient) -> None:
    body = client.post("/v1/routing/explain", json={
        "kind": "media_alert", "description": "tin giả về sốt xuất huyết", "excluded": ["so-y-te"]
    }).json()
    assert body["rule_id"] == "unclear-responsibility"
    assert body["deadline"]["policy_id"] == "feedback-1022-unclear-guidance"
    assert client.post("/v1/routing/explain", json={"ward": "Quận 1"}).status_code == 422


def test_the_deadline_calculator_by_policy_and_by_kind(client: TestClient) -> None:
    by_policy = client.get("/v1/deadlines/calculate", params={
        "policy": "information-in-person", "received_at": "2026-02-09T09:00:00"}).json()
    assert by_policy["due_at"] == "2026-03-02T23:59:59.999999+07:00"
    assert by_policy["extended_due_at"] == "2026-03-16T23:59:59.999999+07:00"
    assert by_policy["policy"]["legal_basis"].startswith("Access to Information Law")
    by_kind = client.get("/v1/deadlines/calculate", params={
        "kind": "press_request", "answer_on_press": "true",
        "received_at": "2026-03-31T10:00:00+07:00"}).json()
    assert by_kind["policy"]["id"] == "press-answer-on-press-2017"


@pytest.mark.parametrize(("params", "status"), [
    ({"policy": "no-such", "received_at": "2026-01-01T00:00:00Z"}, 404),
    ({"kind": "media_alert", "colour": "red", "received_at": "2026-01-01T00:00:00Z"}, 422),
    ({"received_at": "2026-01-01T00:00:00Z"}, 422),
])
def test_the_deadline_calculator_explains_bad_questions(client: TestClient,
                                                        params: dict[str, str], status: int) -> None:
    response = client.get("/v1/deadlines/calculate", params=params)
    assert response.status_code == status and response.headers["content-type"] == problems.PROBLEM
    assert response.json()["status"] == status and response.json()["title"] and response.json()["detail"]


SPOKESPERSON = {"role": "spokesperson", "name": "(chưa công bố)"}
NEW_AGENCY: dict[str, Any] = {
    "id": "ban-quan-ly-duong-sat-do-thi", "name": "Ban Quản lý Đường sắt đô thị TP.HCM",
    "short_name": "MAUR", "kind": "department", "supervisor": "van-phong-ubnd-tp",
    "valid_from": "2025-07-01", "contacts": [SPOKESPERSON]}


def test_operators_add_change_and_retire_agencies(client: TestClient,
                                                  producer: FakeProducer) -> None:
    assert client.post("/v1/directory/agencies", json=NEW_AGENCY).status_code == 201
    assert client.post("/v1/directory/agencies", json=NEW_AGENCY).status_code == 409
    changed = {**NEW_AGENCY, "short_name": "Ban QL ĐSĐT"}
    assert client.put(f"/v1/directory/agencies/{NEW_AGENCY['id']}", json=changed).status_code == 200
    retired = client.post(f"/v1/directory/agencies/{NEW_AGENCY['id']}/retire",
                          json={"valid_until": "2026-12-31"})
    assert retired.status_code == 200 and retired.json()[0]["retired"]
    assert [m.short_name for m in producer.sent] == ["MAUR", "Ban QL ĐSĐT", "Ban QL ĐSĐT"]
    assert all(m.origin == "operator" for m in producer.sent)
    shown = client.get(f"/v1/directory/agencies/{NEW_AGENCY['id']}").json()
    assert shown["valid_until"] == "2026-12-31"


def test_operators_see_records_as_they_always_did(client: TestClient) -> None:
    """The previous release's fields (kind, role, secret_refs_until), updated_at in UTC; none of
    the typed twins the records carry now."""
    [record] = client.post("/v1/directory/agencies", json=NEW_AGENCY).json()
    assert record == {
        "id": NEW_AGENCY["id"], "name": NEW_AGENCY["name"], "short_name": "MAUR",
        "kind": "department", "supervisor": "van-phong-ubnd-tp",
        "contacts": [{"role": "spokesperson", "name": "(chưa công bố)"}],
        "valid_from": "2025-07-01", "origin": "operator", "updated_at": "2026-11-26T03:00:00Z"}
    base = f"/v1/directory/agencies/{NEW_AGENCY['id']}/endpoints/main"
    client.put(base, json={"id": "main", "url": "https://maur.example.vn/h", "secret_refs": ["env:A"]})
    client.post(f"{base}/rotate", json={"secret_ref": "env:B", "keep_old_until": "2026-12-01T00:00:00+07:00"})
    [endpoint] = client.get(f"/v1/directory/agencies/{NEW_AGENCY['id']}/endpoints").json()
    assert endpoint == {"id": "main", "url": "https://maur.example.vn/h",
                        "secret_refs": ["env:B", "env:A"], "events": ["*"], "enabled": True,
                        "secret_refs_until": {"env:A": "2026-12-01T00:00:00+07:00"}}


def test_changes_that_break_the_network_are_refused(client: TestClient,
                                                    producer: FakeProducer) -> None:
    gap = client.post("/v1/directory/agencies/ubnd-26740/retire", json={"valid_until": "2026-12-31"})
    assert gap.status_code == 422 and "no People's Committee" in gap.json()["detail"]
    assert gap.headers["content-type"] == problems.PROBLEM
    dangling = {**NEW_AGENCY, "supervisor": "khong-co"}
    assert client.post("/v1/directory/agencies", json=dangling).status_code == 422
    assert client.put("/v1/directory/agencies/khong-co", json=NEW_AGENCY).status_code == 404
    assert producer.sent == []


def test_a_ward_committee_is_replaced_by_a_successor_in_one_change(client: TestClient) -> None:
    successor = {"id": "ubnd-26740-moi", "name": "UBND Phường Sài Gòn (mới)",
                 "short_name": "UBND P. Sài Gòn", "kind": "ward", "wards": ["26740"],
                 "supervisor": "van-phong-ubnd-tp", "valid_from": "2027-01-01"}
    response = client.post("/v1/directory/agencies/ubnd-26740/retire",
                           json={"valid_until": "2026-12-31", "successor": successor})
    assert response.status_code == 200, response.text


def test_endpoints_and_secret_rotation(client: TestClient, producer: FakeProducer) -> None:
    base = "/v1/directory/agencies/so-y-te/endpoints/main"
    endpoint = {"id": "main", "url": "https://so-y-te.example.vn/hooks", "secret_refs": ["env:OLD"]}
    assert client.put(base, json=endpoint).status_code == 200
    rotated = client.post(f"{base}/rotate", json={"secret_ref": "env:NEW",
                                                  "keep_old_until": "2026-12-01T00:00:00+07:00"})
    assert rotated.status_code == 200, rotated.text
    [record] = [e for e in producer.sent[-1].endpoints if e.id == "main"]
    assert list(record.secret_refs) == ["env:NEW", "env:OLD"]
    assert {ref: contracts.from_timestamp(until) for ref, until in record.secret_refs_expire_time.items()
            } == {"env:OLD": datetime(2026, 12, 1, tzinfo=CITY_ZONE)}
    [as_old_release_reads] = [e for e in directory_pb2.Agency.FromString(producer.raw[-1]).endpoints
                              if e.id == "main"]
    assert dict(as_old_release_reads.secret_refs_until) == {"env:OLD": "2026-12-01T00:00:00+07:00"}
    assert client.get("/v1/directory/agencies/so-y-te/endpoints").json()[0]["secret_refs"][0] == "env:NEW"
    assert client.delete(base).status_code == 200
    assert client.delete(base).status_code == 404


def test_the_operator_api_needs_the_key(client: TestClient) -> None:
    response = client.post("/v1/directory/agencies", json=NEW_AGENCY,
                           headers={"Authorization": "Bearer wrong"})
    assert response.status_code == 401
    assert client.get("/v1/directory/agencies", params={"kind": "press_agency"},
                      headers={"Authorization": ""}).status_code == 200
