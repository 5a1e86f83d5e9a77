"""Pinned webhook connections against real local receivers: the connection goes to the address the
egress check returned, the `Host` header and the TLS name stay the endpoint's own.

The names live under `.test` (RFC 2606: never in real DNS), so a delivery can only arrive if it
was sent to the address the (fake) resolver gave the check.
"""

from __future__ import annotations

import base64
import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI, Request, Response
from standardwebhooks import Webhook

from citycomm_dev.broker import free_port
from citycomm_dev.polling import wait_for
from citycomm_notifications.adapters.egress import EgressPolicy
from citycomm_notifications.adapters.webhooks import WebhookClient
from citycomm_notifications.domain.delivery_states import state_name
from tests.unit.test_webhook_egress import FakeDNS, deliver, sending_to

SECRET = "whsec_" + base64.b64encode(b"pinning-test-secret-of-agency!").decode()


class Inbox:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []

    def app(self) -> FastAPI:
        api = FastAPI()

        @api.post("/{path}")
        async def receive(path: str, request: Request) -> Response:
            body = await request.body()
            self.requests.append({"path": path, "headers": dict(request.headers), "body": body})
            return Response(status_code=204)

        return api


@contextmanager
def serving(app: FastAPI, host: str, port: int, keyfile: Path | None = None,
            certfile: Path | None = None) -> Iterator[None]:
    """`app` on host:port in a thread (https with `keyfile` and `certfile`)."""
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning",
                                           ssl_keyfile=keyfile, ssl_certfile=certfile))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for(lambda: server.started, 10, f"the test server on {host}:{port} to start")
    try:
        yield
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="module")
def inbox() -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), free_port()
    with serving(inbox.app(), "127.0.0.1", port):
        yield inbox, port


async def test_the_host_header_arrives_intact_at_the_pinned_address(
        inbox: tuple[Inbox, int], monkeypatch: pytest.MonkeyPatch) -> None:
    receiver, port = inbox
    monkeypatch.setenv("TEST_WEBHOOK_SECRET", SECRET)
    dns = FakeDNS(["127.0.0.1"])
    client = WebhookClient(connect_timeout=1, read_timeout=2)
    notifications = sending_to(f"http://hooks.example.test:{port}/pinned",
                               EgressPolicy(("*",), allow_private=True, resolve=dns), client)
    try:
        done = await deliver(notifications, "event-pinned")
    finally:
        await client.close()
    assert state_name(done) == "delivered", done.history
    assert dns.asked == [("hooks.example.test", port)]
    [request] = [r for r in receiver.requests if r["path"] == "pinned"]
    assert request["headers"]["host"] == f"hooks.example.test:{port}"
    Webhook(SECRET).verify(request["body"], request["headers"])


async def test_a_dual_stack_name_falls_back_to_ipv4_when_ipv6_refuses(
        inbox: tuple[Inbox, int], monkeypatch: pytest.MonkeyPatch) -> None:
    receiver, port = inbox  # listens on 127.0.0.1 only: [::1] refuses (or is not configured)
    monkeypatch.setenv("TEST_WEBHOOK_SECRET", SECRET)
    client = WebhookClient(connect_timeout=1, read_timeout=2)
    notifications = sending_to(f"http://dual.example.test:{port}/dual",
                               EgressPolicy(("*",), True, resolve=FakeDNS(["::1", "127.0.0.1"])), client)
    try:
        done = await deliver(notifications, "event-dual")
    finally:
        await client.close()
    assert state_name(done) == "delivered", done.history
    [request] = [r for r in receiver.requests if r["path"] == "dual"]
    assert request["headers"]["host"] == f"dual.example.test:{port}"


@pytest.fixture(scope="module")
def tls_inbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Inbox, int, Path]]:
    """An https receiver whose certificate names only hooks.example.test (no IP address)."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2",
                    "-subj", "/CN=hooks.example.test", "-addext", "subjectAltName=DNS:hooks.example.test"],
                   check=True, capture_output=True)
    inbox, port = Inbox(), free_port()
    with serving(inbox.app(), "127.0.0.1", port, keyfile=key, certfile=cert):
        yield inbox, port, cert


async def test_tls_uses_the_name_for_sni_and_verification_while_connecting_to_the_address(
        tls_inbox: tuple[Inbox, int, Path]) -> None:
    receiver, port, cert = tls_inbox
    client = WebhookClient(connect_timeout=1, read_timeout=2, verify=ssl.create_default_context(cafile=cert))
    try:
        ok = await client.post(f"https://hooks.example.test:{port}/tls", {}, "{}", ["127.0.0.1"])
        # the same address under another name: the certificate does not name it, so no request
        wrong = await client.post(f"https://other.example.test:{port}/tls", {}, "{}", ["127.0.0.1"])
    finally:
        await client.close()
    assert ok.succeeded, ok.error
    assert wrong.status_code == 0 and "CERTIFICATE_VERIFY_FAILED" in wrong.error
    [request] = receiver.requests
    assert request["headers"]["host"] == f"hooks.example.test:{port}"
