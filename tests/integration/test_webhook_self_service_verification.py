"""An agency's own URL change end to end over HTTP, short of the broker: routing's self-service
asks notifications' verify route (its operator token), which signs a `ping` with the endpoint's
secrets — after a self-service rotation, the sealed new one and the old one — and sends it with
the real webhook client to the guide's Python receiver (docs/receivers/receiver.py) that knows only
the new secret. The URL takes effect only on its 204; a URL nobody answers, or notifications
refusing routing's token, changes nothing."""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from citycomm_common import problems
from citycomm_common.clock import SystemClock
from citycomm_common.intake_keys import Caller
from citycomm_common.sealed_secrets import new_key
from citycomm_dev.broker import free_port
from citycomm_notifications.adapters.egress import EgressPolicy
from citycomm_notifications.adapters.secrets import SecretStore
from citycomm_notifications.adapters.webhooks import WebhookClient
from citycomm_notifications.entrypoints.endpoint_checks import endpoint_checks_router
from citycomm_notifications.service_layer.endpoint_checks import EndpointChecks
from citycomm_routing import bootstrap
from citycomm_routing.adapters.directory_writer import DirectoryWriter
from citycomm_routing.adapters.endpoint_verifier import NotificationsVerifier
from citycomm_routing.entrypoints.directory_api import directory_router
from citycomm_routing.entrypoints.directory_self_service_api import directory_self_service_router
from tests.support import routing_fakes
from tests.support.routing_fakes import FakeProducer

RECEIVER = Path(__file__).resolve().parents[2] / "docs" / "receivers" / "receiver.py"
KEY = new_key()
TOKEN = "notifications-operator-token-0123456789"
OLD_SECRET = "whsec_" + "b2xkLXNlY3JldC1vZi1zby15LXRlLTAxMjM0NTY3ODk="
MAIN = {"id": "main", "url": "https://so-y-te.example.vn/hooks", "secret_refs": ["env:SO_Y_TE_OLD"]}
AS_SO_Y_TE = {"Authorization": "Bearer so-y-te-key"}


async def identify(authorization: str) -> Caller | None:
    """Intake's answer to GET /v1/me, for the one key these tests use."""
    return Caller("agency", "so-y-te") if authorization == AS_SO_Y_TE["Authorization"] else None


def notifications(token: str = TOKEN) -> FastAPI:
    """Notifications' verify route with its real edges: egress policy, secrets, webhook client."""
    app = FastAPI()
    problems.install(app)
    checks = EndpointChecks(EgressPolicy(allow_private=True), WebhookClient(2.0, 5.0), SecretStore(None, KEY))
    app.include_router(endpoint_checks_router(checks, token))
    return app


def routing(producer: FakeProducer, token: str = TOKEN) -> TestClient:
    settings = routing_fakes.settings(webhook_secrets_key=KEY)
    view = routing_fakes.directory_view()
    writer = DirectoryWriter(view, lambda: producer, SystemClock())  # type: ignore[arg-type, return-value]
    verifier = NotificationsVerifier("http://notifications", token,
                                     transport=httpx.ASGITransport(notifications()))
    container = bootstrap.build(settings, directory=view, directory_writer=writer, identify=identify,
                                verifier=verifier)
    app = FastAPI()
    problems.install(app)
    app.include_router(directory_router(container.directory_admin, settings))
    app.include_router(directory_self_service_router(container.directory_self_service, identify))

    @app.on_event("startup")
    async def start() -> None:
        await writer.start()

    return TestClient(app)


def start_receiver(secret: str, monkeypatch: pytest.MonkeyPatch) -> tuple[ModuleType, str, object]:
    monkeypatch.setenv("CITYCOMM_WEBHOOK_SECRET", secret)
    spec = importlib.util.spec_from_file_location("guide_receiver_self_service", RECEIVER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    port = free_port()
    server = module.serve(port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return module, f"http://127.0.0.1:{port}/citycomm", server


@pytest.fixture
def producer(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeProducer]:
    monkeypatch.setenv("SO_Y_TE_OLD", OLD_SECRET)
    yield FakeProducer()


def current_url(producer: FakeProducer) -> str:
    [endpoint] = [e for e in producer.sent[-1].endpoints if e.id == "main"]
    return str(endpoint.url)


def test_rotate_then_move_the_url_to_a_receiver_that_knows_only_the_new_secret(
        producer: FakeProducer, monkeypatch: pytest.MonkeyPatch) -> None:
    with routing(producer) as client:
        assert client.put("/v1/directory/agencies/so-y-te/endpoints/main", json=MAIN).status_code == 200
        rotated = client.post("/v1/directory/self/endpoints/main/rotate", headers=AS_SO_Y_TE)
        assert rotated.status_code == 200, rotated.text
        module, url, server = start_receiver(rotated.json()["secret"], monkeypatch)
        try:
            moved = client.put("/v1/directory/self/endpoints/main", json={"url": url}, headers=AS_SO_Y_TE)
            assert moved.status_code == 200, moved.text
            assert moved.json()["status_code"] == 204
            assert current_url(producer) == url
            ping = module.WORK.get_nowait()
            assert (ping["type"], ping["data"]["agency_id"], ping["data"]["requested_by"]) == (
                "ping", "so-y-te", "agency:so-y-te")
            # Nobody answers there: 422 with the reason, the endpoint stays where it was.
            nowhere = f"http://127.0.0.1:{free_port()}/hooks"
            refused = client.put("/v1/directory/self/endpoints/main", json={"url": nowhere},
                                 headers=AS_SO_Y_TE)
            assert refused.status_code == 422
            assert "ConnectError" in refused.json()["detail"]
            assert current_url(producer) == url
        finally:
            server.shutdown()  # type: ignore[attr-defined]


def test_notifications_refusing_routings_token_is_a_503_not_a_change(producer: FakeProducer) -> None:
    with routing(producer, token="not-the-operator-token-of-notifications") as client:
        assert client.put("/v1/directory/agencies/so-y-te/endpoints/main", json=MAIN).status_code == 200
        answer = client.put("/v1/directory/self/endpoints/main", json={"url": "http://127.0.0.1:9/x"},
                            headers=AS_SO_Y_TE)
        assert answer.status_code == 503
        assert answer.headers["retry-after"] == "5"
        assert current_url(producer) == MAIN["url"]
