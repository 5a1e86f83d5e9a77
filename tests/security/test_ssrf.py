"""SSRF through webhook URLs: routing refuses non-public targets in production when an operator sets
them; notifications refuses them again at delivery time (after DNS) and never follows a redirect."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pytest
from fastapi import FastAPI, Response
from fastapi.testclient import TestClient

from citycomm_common import problems
from citycomm_common.clock import FakeClock
from citycomm_dev.broker import free_port
from citycomm_notifications.adapters.egress import EgressPolicy, RefusedTarget
from citycomm_notifications.adapters.webhooks import WebhookClient
from citycomm_routing.domain.targets import refusal
from tests.e2e.conftest import serve_in_thread
from tests.support import routing_fakes
from tests.unit.test_routing_http import NOW
from tests.unit.test_routing_http import api as routing_api

KEY = "ssrf-operator-key"
NON_PUBLIC = [
    "http://127.0.0.1/hooks", "http://127.1/", "http://2130706433/", "http://0x7f000001/",
    "http://0177.0.0.1/", "http://0/", "http://0.0.0.0:8080/", "http://localhost/",
    "http://LOCALHOST./", "http://api.localhost/", "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.5/", "http://172.16.1.1/", "http://192.168.1.1/", "http://100.64.0.1/",
    "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/", "http://[fe80::1]/",
    "http://[fc00::1]/", "http://[::]/", "http://example.gov.vn@127.0.0.1/",
    *(f"http://[{v6}]/" for v6 in (  # IPv6 transition forms carrying metadata or private IPv4
        "64:ff9b::a9fe:a9fe", "64:ff9b::10.0.0.1", "64:ff9b:1::a9fe:a9fe", "2002:a9fe:a9fe::1",
        "2002:7f00:1::", "::ffff:0:a9fe:a9fe", "::169.254.169.254", "2001:0:4136:e378:8000:63bf:5601:5601",
        "2001:4860::5efe:a9fe:a9fe", "fd00:ec2::254")),
]
NOT_HTTP = ["file:///etc/passwd", "gopher://127.0.0.1:6379/_INFO", "ftp://example.com/",
            "javascript:alert(1)", "//example.com/hooks"]
WITH_USERINFO = ["http://user:pass@so-y-te.example.vn/hooks", "https://token@so-y-te.example.vn/"]
PUBLIC = ["https://so-y-te.example.vn/hooks", "https://203.113.131.1/hooks", "http://[2001:4860::8888]/",
          "https://[64:ff9b::cb71:8301]/hooks"]  # NAT64 of 203.113.131.1: an IPv6-only cluster's way out


@pytest.mark.parametrize("url", NON_PUBLIC + NOT_HTTP + WITH_USERINFO)
def test_the_validation_function_refuses(url: str) -> None:
    assert refusal(url) is not None


@pytest.mark.parametrize("url", PUBLIC)
def test_the_validation_function_allows_public_hosts(url: str) -> None:
    assert refusal(url) is None


def _client(environment: str) -> Iterator[TestClient]:
    settings = routing_fakes.settings(environment=environment,
                                      operator_api_key_sha256=hashlib.sha256(KEY.encode()).hexdigest())
    container = routing_fakes.container(settings, clock=FakeClock(NOW))
    with TestClient(routing_api(container), headers={"Authorization": f"Bearer {KEY}"}) as client:
        yield client


@pytest.fixture(scope="module")
def production() -> Iterator[TestClient]:
    yield from _client("production")


def _endpoint(url: str) -> dict[str, object]:
    return {"id": "main", "url": url, "secret_refs": ["env:SO_Y_TE_SECRET"]}


ENDPOINT_PATH = "/v1/directory/agencies/so-y-te/endpoints/main"


@pytest.mark.parametrize("url", NON_PUBLIC + NOT_HTTP + WITH_USERINFO)
def test_production_routing_refuses_the_target(production: TestClient, url: str) -> None:
    response = production.put(ENDPOINT_PATH, json=_endpoint(url))
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == problems.PROBLEM and response.json()["detail"]


def test_production_routing_refuses_it_in_a_new_agency_and_a_successor(production: TestClient) -> None:
    agency = {"id": "ban-moi", "name": "Ban mới", "short_name": "BM", "kind": "department",
              "supervisor": "van-phong-ubnd-tp", "valid_from": "2026-01-01",
              "contacts": [{"role": "spokesperson", "name": "Chưa công bố"}],
              "endpoints": [_endpoint("http://169.254.169.254/")]}
    refused = production.post("/v1/directory/agencies", json=agency)
    assert refused.status_code == 422 and "not a public address" in refused.json()["detail"]
    retire = production.post("/v1/directory/agencies/so-y-te/retire",
                             json={"valid_until": "2027-01-01", "successor": agency})
    assert retire.status_code == 422 and "not a public address" in retire.json()["detail"]


@pytest.mark.parametrize("url", PUBLIC)
def test_production_routing_accepts_a_public_target(production: TestClient, url: str) -> None:
    assert production.put(ENDPOINT_PATH, json=_endpoint(url)).status_code == 200


def test_development_routing_keeps_loopback_for_local_stacks() -> None:
    for client in _client("development"):
        assert client.put(ENDPOINT_PATH, json=_endpoint("http://127.0.0.1:8090/webhooks")).status_code == 200


# --- notifications, at delivery time ------------------------------------------------------------------


DELIVERY_CASES = NON_PUBLIC + NOT_HTTP[:3]


@pytest.mark.parametrize("url", DELIVERY_CASES)
async def test_notifications_refuses_non_public_targets_at_delivery(url: str) -> None:
    with pytest.raises(RefusedTarget):
        await EgressPolicy.parse("*", allow_private=False).check(url)


@pytest.mark.parametrize("address", ["64:ff9b::a9fe:a9fe", "64:ff9b:1::a00:5", "2002:a00:5::1",
                                     "2001:4860::200:5efe:a9fe:a9fe", "::ffff:169.254.169.254"])
async def test_notifications_refuses_a_name_resolving_to_a_transition_form(address: str) -> None:
    async def dns(host: str, port: int) -> list[str]:
        return ["203.113.131.1", address]  # one public answer does not excuse the other

    policy = EgressPolicy(("*",), allow_private=False, resolve=dns)
    with pytest.raises(RefusedTarget, match="non-public address"):
        await policy.check("https://hooks.so-y-te.example.vn/hooks")


async def test_notifications_refuses_hosts_outside_the_allow_list() -> None:
    policy = EgressPolicy.parse("*.gov.vn, hooks.example.vn", allow_private=False)
    with pytest.raises(RefusedTarget, match="not in CITYCOMM_WEBHOOK_ALLOWED_HOSTS"):
        await policy.check("https://evil.example.com/hooks")
    with pytest.raises(RefusedTarget, match="not in CITYCOMM_WEBHOOK_ALLOWED_HOSTS"):
        await policy.check("https://gov.vn.evil.example.com/hooks")
    await EgressPolicy.parse("*", allow_private=False).check("https://203.113.131.1/hooks")


@pytest.fixture(scope="module")
def redirecting() -> Iterator[tuple[int, list[str]]]:
    """A public-looking receiver that answers with a redirect to an internal address."""
    hits: list[str] = []
    api = FastAPI()

    @api.post("/hooks")
    async def hooks() -> Response:
        hits.append("hooks")
        return Response(status_code=307, headers={"Location": "/internal"})

    @api.post("/internal")
    async def internal() -> Response:
        hits.append("internal")
        return Response(status_code=204)

    port = free_port()
    with serve_in_thread(api, port):
        yield port, hits


async def test_notifications_never_follows_a_redirect(redirecting: tuple[int, list[str]]) -> None:
    port, hits = redirecting
    client = WebhookClient(connect_timeout=2, read_timeout=5)
    try:
        attempt = await client.post(f"http://127.0.0.1:{port}/hooks", {"content-type": "application/json"},
                                    "{}")
    finally:
        await client.close()
    assert attempt.status_code == 307 and not attempt.succeeded
    assert "not followed" in attempt.error
    assert hits == ["hooks"]  # the internal target never saw a request
