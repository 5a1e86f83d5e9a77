"""Routing's directory self-service (decisions 0094, 0095): an agency sets its own endpoint's URL,
which takes effect only after the URL answered a signed ping, and rotates its own signing secret,
shown once, sealed in the directory; during the overlap both secrets sign and the official Standard
Webhooks library verifies each, after it only the new one. Only its own endpoints, ever."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from standardwebhooks import Webhook, WebhookVerificationError

from citycomm_common import problems
from citycomm_common.clock import FakeClock
from citycomm_common.directory import WebhookEndpoint
from citycomm_common.intake_keys import Caller
from citycomm_common.sealed_secrets import new_key
from citycomm_notifications.adapters.secrets import SecretStore
from citycomm_notifications.adapters.webhooks import signed_headers
from citycomm_routing import bootstrap
from citycomm_routing.adapters.directory_writer import DirectoryWriter
from citycomm_routing.entrypoints.directory_api import directory_router
from citycomm_routing.entrypoints.directory_self_service_api import directory_self_service_router
from citycomm_routing.service_layer.directory_self_service import Proof
from tests.support import routing_fakes
from tests.support.routing_fakes import FakeProducer

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
SEALING_KEY = new_key()
OLD_SECRET = "whsec_" + "b2xkLXNlY3JldC1vZi1zby15LXRlLTAxMjM0NTY3ODk="
KEYS = {"Bearer so-y-te-key": Caller("agency", "so-y-te"),
        "Bearer xay-dung-key": Caller("agency", "so-xay-dung"),
        "Bearer reporter-key": Caller("reporter", "")}
MAIN = {"id": "main", "url": "https://so-y-te.example.vn/hooks", "secret_refs": ["env:SO_Y_TE_OLD"]}


async def identify(authorization: str) -> Caller | None:
    return KEYS.get(authorization)


class FakeVerifier:
    """Notifications' proof: answers what the test says, remembers what it was asked."""

    def __init__(self) -> None:
        self.status_code = 204
        self.asked: list[tuple[str, str, str, list[str], str]] = []

    async def verify(self, agency_id: str, endpoint_id: str, url: str, secret_refs: Sequence[str],
                     requested_by: str) -> Proof:
        self.asked.append((agency_id, endpoint_id, url, list(secret_refs), requested_by))
        ok = 200 <= self.status_code < 300
        return Proof(ok, "msg_verify_1", self.status_code, "" if ok else f"HTTP {self.status_code}")


class Platform:
    def __init__(self, environment: str = "development", sealing_key: str = SEALING_KEY) -> None:
        self.clock = FakeClock(NOW)
        self.producer = FakeProducer()
        self.verifier = FakeVerifier()
        settings = routing_fakes.settings(environment=environment, webhook_secrets_key=sealing_key)
        view = routing_fakes.directory_view()
        writer = DirectoryWriter(view, lambda: self.producer, self.clock)  # type: ignore[arg-type, return-value]
        self.container = bootstrap.build(settings, clock=self.clock, directory=view, directory_writer=writer,
                                         identify=identify, verifier=self.verifier)
        app = FastAPI()
        problems.install(app)
        app.include_router(directory_router(self.container.directory_admin, settings))
        app.include_router(directory_self_service_router(self.container.directory_self_service, identify))

        @app.on_event("startup")
        async def start() -> None:
            await writer.start()

        self.app = app

    def endpoint(self) -> Any:
        [record] = [e for e in self.producer.sent[-1].endpoints if e.id == "main"]
        return record


@pytest.fixture
def platform() -> Platform:
    return Platform()


@pytest.fixture
def client(platform: Platform) -> Iterator[TestClient]:
    with TestClient(platform.app) as test_client:
        # The operator gave so-y-te its endpoint (development: the operator API is open).
        assert test_client.put("/v1/directory/agencies/so-y-te/endpoints/main", json=MAIN).status_code == 200
        yield test_client


AS_SO_Y_TE = {"Authorization": "Bearer so-y-te-key"}
NEW_URL = "https://hooks.so-y-te.example.vn/citycomm"


def test_an_agency_sets_its_own_url_once_the_url_answered_the_signed_ping(
        client: TestClient, platform: Platform, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, "citycomm.audit.directory")
    answer = client.put("/v1/directory/self/endpoints/main", json={"url": NEW_URL}, headers=AS_SO_Y_TE)
    assert answer.status_code == 200, answer.text
    assert answer.json()["verified_by"] == "msg_verify_1"
    # The proof went to the new URL, signed with the endpoint's current secret, asked for so-y-te.
    assert platform.verifier.asked == [("so-y-te", "main", NEW_URL, ["env:SO_Y_TE_OLD"], "agency:so-y-te")]
    # The change is the directory's: published on directory.agencies for every service.
    assert platform.endpoint().url == NEW_URL
    assert client.get("/v1/directory/self/endpoints", headers=AS_SO_Y_TE).json() == [
        {"endpoint_id": "main", "url": NEW_URL, "events": ["*"], "enabled": True, "secrets": 1}]
    [record] = [r for r in caplog.records if r.name == "citycomm.audit.directory"]
    assert (record.audit_actor, record.audit_action, record.audit_before, record.audit_after) == (  # type: ignore[attr-defined]
        "agency:so-y-te", "set_url", MAIN["url"], NEW_URL)


def test_a_url_that_does_not_answer_2xx_changes_nothing(client: TestClient, platform: Platform) -> None:
    published = len(platform.producer.sent)
    platform.verifier.status_code = 401
    answer = client.put("/v1/directory/self/endpoints/main", json={"url": NEW_URL}, headers=AS_SO_Y_TE)
    assert answer.status_code == 422
    assert "HTTP 401" in answer.json()["detail"]
    assert len(platform.producer.sent) == published


def test_only_a_holder_of_its_own_endpoints(client: TestClient, platform: Platform) -> None:
    body = {"url": NEW_URL}
    assert client.put("/v1/directory/self/endpoints/main", json=body).status_code == 401
    assert client.put("/v1/directory/self/endpoints/main", json=body,
                      headers={"Authorization": "Bearer reporter-key"}).status_code == 403
    # Another agency's key reaches only its own agency, which has no endpoint `main`.
    other = {"Authorization": "Bearer xay-dung-key"}
    assert client.put("/v1/directory/self/endpoints/main", json=body, headers=other).status_code == 404
    assert client.post("/v1/directory/self/endpoints/main/rotate", headers=other).status_code == 404
    assert platform.verifier.asked == []
    assert platform.endpoint().url == MAIN["url"]


@pytest.mark.parametrize(("url", "why"), [
    ("http://so-y-te.example.vn/hooks", "https"),
    ("https://10.0.0.7/hooks", "not a public address"),
    ("https://metadata.internal/latest", "local name"),
    ("ftp://so-y-te.example.vn/hooks", "http"),
])
def test_production_refuses_what_operators_may_not_set_either(url: str, why: str) -> None:
    platform = Platform("production")
    with TestClient(platform.app) as client:
        # The operator API is closed without its key here: the endpoint is seeded directly.
        client.portal.call(platform.container.directory_admin.put_endpoint, "so-y-te",  # type: ignore[union-attr]
                           WebhookEndpoint.model_validate(MAIN))
        answer = client.put("/v1/directory/self/endpoints/main", json={"url": url}, headers=AS_SO_Y_TE)
    assert answer.status_code == 422, answer.text
    assert why in answer.json()["detail"]
    assert platform.verifier.asked == []


def test_rotation_signs_with_both_secrets_during_the_overlap_then_with_the_new_only(
        client: TestClient, platform: Platform, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SO_Y_TE_OLD", OLD_SECRET)
    answer = client.post("/v1/directory/self/endpoints/main/rotate", json={"overlap_hours": 24},
                         headers=AS_SO_Y_TE)
    assert answer.status_code == 200, answer.text
    assert answer.headers["cache-control"] == "no-store"
    new_secret = answer.json()["secret"]
    assert new_secret.startswith("whsec_")
    assert answer.json()["old_secrets_verify_until"] == "2026-11-27T03:00:00Z"
    refs = list(platform.endpoint().secret_refs)
    assert refs[1:] == ["env:SO_Y_TE_OLD"] and refs[0].startswith("sealed:")
    assert new_secret not in str(platform.producer.raw[-1])  # only sealed in the directory
    # Notifications opens the sealed secret with the same key and signs with both.
    store = SecretStore(None, SEALING_KEY)
    assert store.resolve(refs[0]) == new_secret
    _verify(refs, store, verifies_with=[new_secret, OLD_SECRET])
    # The overlap over: routing's rotation check drops the old secret; only the new one signs.
    platform.clock.advance(timedelta(hours=24, seconds=1))
    assert client.portal.call(platform.container.directory_admin.expire_rotations) == 1  # type: ignore[union-attr]
    after = list(platform.endpoint().secret_refs)
    assert after == refs[:1]
    _verify(after, store, verifies_with=[new_secret], fails_with=[OLD_SECRET])


def _verify(refs: list[str], store: SecretStore, *, verifies_with: list[str],
            fails_with: Sequence[str] = ()) -> None:
    moment, payload = datetime.now(UTC), '{"type":"ping","timestamp":"x","data":{}}'
    headers = signed_headers("msg_1", moment, payload, [store.resolve(r) for r in refs])
    assert len(headers["webhook-signature"].split(" ")) == len(refs)
    for secret in verifies_with:
        assert Webhook(secret).verify(payload, headers) is not None
    for secret in fails_with:
        with pytest.raises(WebhookVerificationError):
            Webhook(secret).verify(payload, headers)


def test_rotation_without_a_sealing_key_is_a_clear_503() -> None:
    platform = Platform(sealing_key="")
    with TestClient(platform.app) as client:
        assert client.put("/v1/directory/agencies/so-y-te/endpoints/main", json=MAIN).status_code == 200
        answer = client.post("/v1/directory/self/endpoints/main/rotate", headers=AS_SO_Y_TE)
    assert answer.status_code == 503
    assert "CITYCOMM_WEBHOOK_SECRETS_KEY" in answer.json()["detail"]
